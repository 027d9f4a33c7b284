/*  hub_clock.c - see hub_clock.h.                                          */
#include "hub_clock.h"
#include "proto_sign.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

struct hub_clock_t {
    char file [PATH_MAX];
    int64_t offset;
};

hub_clock_t *
hub_clock_new (const char *file)
{
    hub_clock_t *self = (hub_clock_t *) calloc (1, sizeof *self);
    if (self && file)
        snprintf (self->file, sizeof self->file, "%s", file);
    if (self)
        hub_clock_refresh (self);
    return self;
}

void
hub_clock_destroy (hub_clock_t **self_p)
{
    free (*self_p);
    *self_p = NULL;
}

void
hub_clock_refresh (hub_clock_t *self)
{
    if (!self->file [0])
        return;
    FILE *f = fopen (self->file, "r");
    if (!f)
        return;
    char line [32] = "";
    if (fgets (line, sizeof line, f)) {
        char *end;
        long long v = strtoll (line, &end, 10);
        while (*end == '\n' || *end == ' ')
            end++;
        if (end != line && *end == 0 && v >= 0 && (unsigned long long) v <= HUB_CLOCK_MAX_OFFSET_MS)
            self->offset = v;
    }
    fclose (f);
}

uint64_t
hub_clock_now (const hub_clock_t *self)
{
    return proto_now_ms () + (uint64_t) self->offset;
}
