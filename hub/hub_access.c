/*  hub_access.c - the access report for one household (see hub_access.h):
    the audit entries hub_store_access finds, as rows a person can read.    */
#include "hub_access.h"
#include "hub_store_access.h"
#include "proto_sign.h"

/*  One row of the access report; from, when not NULL, is who sent what
    partner received.                                                        */
static void
s_access_row (json_t *rows, int64_t ts, const char *from, const char *partner,
              const char *action, const char *result, const char *object)
{
    json_t *o = json_object ();
    if (from)
        json_object_set_new (o, "from", json_string (from));
    json_object_set_new (o, "ts", json_integer (ts));
    json_object_set_new (o, "partner", json_string (partner));
    json_object_set_new (o, "action", json_string (action));
    json_object_set_new (o, "result", json_string (result));
    json_object_set_new (o, "object", json_string (object));
    json_array_append_new (rows, o);
}

/*  The recipients a message's own entry names ("stored; to a, b"), or NULL. */
static const char *
s_access_to (const char *result)
{
    static const char *forms [] = { "stored; to ", "repeated; to " };
    for (size_t i = 0; i < sizeof forms / sizeof forms [0]; i++)
        if (strncmp (result, forms [i], strlen (forms [i])) == 0)
            return result + strlen (forms [i]);
    return NULL;
}

/*  Turns one audit entry into the report's rows: the entry itself, and a
    row for each receiver of a message it passed on.                          */
static int
s_access_entry (void *arg, const hub_access_entry_t *e)
{
    json_t *rows = (json_t *) arg;
    char hex [2 * PROTO_ID_BYTES + 1] = "", received [64];
    if (e->has_object)
        proto_hex (hex, e->object, PROTO_ID_BYTES);
    int64_t ts = (int64_t) e->ts;
    /* a message passed on is something each receiver received: name
       them, so the household sees every receiver, not only the sender      */
    snprintf (received, sizeof received, "received %.50s", e->type [0] ? e->type : e->action);
    if ((streq (e->action, "queued") || streq (e->actor, HUB_ACTOR)) && strncmp (e->result, "to ", 3) == 0) {
        /* one entry per receiver: the hub's own messages, and every
           delivery in stores written before a message's entry named them   */
        s_access_row (rows, ts, e->actor, e->result + 3, received, e->result, hex);
        return 0;
    }
    s_access_row (rows, ts, NULL, e->actor, e->action, e->result, hex);
    const char *list = s_access_to (e->result);
    while (list && *list) {
        size_t n = strcspn (list, ",");
        char to [PROTO_MAX_PARTNER_ID_BYTES + 4];
        snprintf (to, sizeof to, "to %.*s", (int) (n < PROTO_MAX_PARTNER_ID_BYTES
                                                  ? n : PROTO_MAX_PARTNER_ID_BYTES), list);
        if (n)
            s_access_row (rows, ts, e->actor, to + 3, received, to, hex);
        list += n;
        list += strspn (list, ", ");
    }
    return 0;
}

json_t *
hub_access_report (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES])
{
    json_t *rows = json_array ();
    if (hub_store_access_entries (store, ref, s_access_entry, rows) != 0) {
        json_decref (rows);
        return NULL;
    }
    return rows;
}
