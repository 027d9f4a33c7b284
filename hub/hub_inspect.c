/*  hub_inspect.c - `regiehub inspect`'s arguments, its answer (the rows
    are hub_inspect_household.c's and hub_inspect_message.c's), the audit
    entry of each inspection and the control line that asks the running
    hub for it (see hub_inspect.h).                                         */
#include "hub_inspect_impl.h"
#include "hub_store_households.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF     PROTO_REF_BYTES
#define ID      PROTO_ID_BYTES

/* ---- arguments --------------------------------------------------------- */

int
hub_inspect_parse_ref (const char *text, uint8_t ref [REF])
{
    static const char *prefixes [] = { "person:", "address:" };
    for (size_t i = 0; text && i < sizeof prefixes / sizeof prefixes [0]; i++)
        if (strncmp (text, prefixes [i], strlen (prefixes [i])) == 0) {
            text += strlen (prefixes [i]);
            break;
        }
    return proto_unhex (ref, REF, text);
}

int
hub_inspect_parse_household (const char *text, int64_t *hh)
{
    if (!text || !*text || strspn (text, "0123456789") != strlen (text))
        return -1;
    errno = 0;
    char *end;
    long long n = strtoll (text, &end, 10);
    if (errno || *end || n < 1)
        return -1;
    *hh = (int64_t) n;
    return 0;
}

int
hub_inspect_parse_id (const char *text, uint8_t id [ID])
{
    return proto_unhex (id, ID, text);
}

/* ---- the answer ---------------------------------------------------------- */

json_t *
hub_inspect_read (hub_store_t *store, const hub_inspect_query_t *q)
{
    json_t *o = json_object ();
    bool found = false;
    int rc = 0;
    if (q->kind == HUB_INSPECT_MESSAGE)
        rc = hub_inspect_message_into (store, q->id, o, &found);
    else
    if (q->kind == HUB_INSPECT_HOUSEHOLD)
        rc = hub_inspect_household_into (store, q->hh, NULL, o, &found);
    else {
        int64_t hh = 0;
        inspect_set (o, "ref", inspect_hex (q->ref, REF));
        rc = hub_store_household_of_ref (store, q->ref, &hh);
        rc = rc == 1 ? hub_inspect_household_into (store, hh, q->ref, o, &found) : rc;
    }
    inspect_set (o, "found", json_boolean (found));
    if (rc < 0) {
        json_decref (o);
        return NULL;
    }
    return o;
}

/* ---- the audit entry, the control line --------------------------------- */

int
hub_inspect_audit (hub_store_t *store, hub_audit_t *audit, uint64_t now,
                   const hub_inspect_query_t *q, const char *origin)
{
    char result [64] = "not found";
    const uint8_t *subject = NULL, *object = NULL;
    uint8_t person [REF], address [REF];
    bool has_person = false, has_address = false;
    int64_t hh = 0;
    hub_stored_t stored;
    int rc;
    switch (q->kind) {
        case HUB_INSPECT_REF:
            subject = q->ref;
            rc = hub_store_household_of_ref (store, q->ref, &hh);
            break;
        case HUB_INSPECT_HOUSEHOLD:
            /* its first ref, so that the household's access report shows it */
            hh = q->hh;
            rc = hub_store_household_subject (store, hh, person, address, &has_person, &has_address);
            subject = has_person ? person : has_address ? address : NULL;
            rc = rc < 0 ? rc : 1;
            break;
        default:
            object = q->id;
            rc = hub_store_find (store, q->id, &stored);
            snprintf (result, sizeof result, "%s", rc == 1 ? "stored" : "not stored");
            break;
    }
    if (rc < 0)
        return -1;
    if (q->kind != HUB_INSPECT_MESSAGE && rc == 1)
        snprintf (result, sizeof result, "household %lld", (long long) hh);
    return hub_audit_append (audit, now, HUB_INSPECT_ACTOR, HUB_INSPECT_ACTION, object, subject,
                             result, origin, NULL);
}

void
hub_inspect_control_line (char out [HUB_INSPECT_LINE_BYTES], const hub_inspect_query_t *q)
{
    char hex [2 * REF + 1];
    if (q->kind == HUB_INSPECT_HOUSEHOLD)
        snprintf (out, HUB_INSPECT_LINE_BYTES, "%s household %lld", HUB_INSPECT_CONTROL,
                  (long long) q->hh);
    else {
        bool ref = q->kind == HUB_INSPECT_REF;
        proto_hex (hex, ref ? q->ref : q->id, ref ? REF : ID);
        snprintf (out, HUB_INSPECT_LINE_BYTES, "%s %s %s", HUB_INSPECT_CONTROL,
                  ref ? "ref" : "id", hex);
    }
}

int
hub_inspect_control_parse (const char *line, hub_inspect_query_t *q)
{
    size_t n = strlen (HUB_INSPECT_CONTROL);
    if (strncmp (line, HUB_INSPECT_CONTROL, n) != 0 || line [n] != ' ')
        return 0;
    memset (q, 0, sizeof *q);
    const char *kind = line + n + 1, *key = strchr (kind, ' ');
    if (!key)
        return -1;
    size_t klen = (size_t) (key - kind);
    key++;
    if (klen == 3 && strncmp (kind, "ref", 3) == 0 && strncmp (key, "person:", 7) != 0
    &&  strncmp (key, "address:", 8) != 0) {
        q->kind = HUB_INSPECT_REF;
        return hub_inspect_parse_ref (key, q->ref) == 0 ? 1 : -1;
    }
    if (klen == 9 && strncmp (kind, "household", 9) == 0) {
        q->kind = HUB_INSPECT_HOUSEHOLD;
        return hub_inspect_parse_household (key, &q->hh) == 0 ? 1 : -1;
    }
    if (klen == 2 && strncmp (kind, "id", 2) == 0) {
        q->kind = HUB_INSPECT_MESSAGE;
        return hub_inspect_parse_id (key, q->id) == 0 ? 1 : -1;
    }
    return -1;
}
