/*  hub_outcome.c - what a workflow decided, as data (hub_outcome.h).      */
#include "hub_outcome.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#define OUTCOME_FIRST   8               /* first size of each array          */

/*  Makes room for one more item of size in *array (count used, *cap).      */
static int
s_grow (void **array, size_t count, size_t *cap, size_t size)
{
    if (count < *cap)
        return 0;
    size_t want = *cap ? *cap * 2 : OUTCOME_FIRST;
    void *more = realloc (*array, want * size);
    if (!more)
        return -1;
    *array = more;
    *cap = want;
    return 0;
}

int
hub_outcome_add_msg (hub_outcome_t *self, const char *recipient, const char *type,
                     const char *kind, const uint8_t id [PROTO_ID_BYTES],
                     const uint8_t *subject, const uint8_t *bytes, size_t len)
{
    if (s_grow ((void **) &self->msgs, self->msg_count, &self->msg_cap, sizeof *self->msgs) != 0)
        return -1;
    uint8_t *copy = (uint8_t *) malloc (len ? len : 1);
    if (!copy)
        return -1;
    memcpy (copy, bytes, len);
    hub_out_msg_t *m = &self->msgs [self->msg_count++];
    memset (m, 0, sizeof *m);
    snprintf (m->recipient, sizeof m->recipient, "%s", recipient);
    m->type = type;
    snprintf (m->kind, sizeof m->kind, "%s", kind ? kind : "");
    memcpy (m->id, id, PROTO_ID_BYTES);
    if (subject) {
        m->has_subject = true;
        memcpy (m->subject, subject, PROTO_REF_BYTES);
    }
    m->bytes = copy;
    m->len = len;
    return 0;
}

int
hub_outcome_add_to (hub_outcome_t *self, const char *recipient)
{
    for (size_t i = 0; i < self->to_count; i++)
        if (strcmp (self->to [i], recipient) == 0)
            return 0;
    if (s_grow ((void **) &self->to, self->to_count, &self->to_cap, sizeof *self->to) != 0)
        return -1;
    snprintf (self->to [self->to_count++], sizeof self->to [0], "%s", recipient);
    return 0;
}

void
hub_outcome_clear (hub_outcome_t *self)
{
    for (size_t i = 0; i < self->msg_count; i++)
        free (self->msgs [i].bytes);
    self->msg_count = 0;
    self->to_count = 0;
    self->answered = false;
}

void
hub_outcome_release (hub_outcome_t *self)
{
    hub_outcome_clear (self);
    free (self->msgs);
    free (self->to);
    memset (self, 0, sizeof *self);
}
