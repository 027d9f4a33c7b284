/*  hub_inspect.h - what the hub holds about one household or one message,
    for the municipality's functional administrator (`regiehub inspect`).

    Answering a data subject's access request (AVG art. 15), or checking
    that retention did its work, she asks for a household by one of its
    pseudonyms (--ref), by the number the hub gave it (--household: also
    what is left of a household that has no ref any more), or for one
    message by its id (--id). The answer is one JSON object with stable
    English keys (docs/hub.md lists them): ids and refs in hex, times in ms
    since the epoch (UTC), null where there is none. Texts the hub keeps in
    its own rows are given; what a message's envelope says is not - only
    whether it is still held or was emptied by retention, and the
    pseudonyms and ids it names.

    Reading a household is access under NEN 7513: every inspection is one
    audit entry, written before anything is shown (actor "operator",
    action "inspect"; the subject is the household's ref, so the
    household's access report shows it; the object is the message asked
    about). hub_store_inspect holds the reads; this module turns them into
    the answer and keeps the audit entry's form and the control line by
    which a command asks the running hub, the audit log's one writer, to
    write it.
*/
#ifndef HUB_INSPECT_H_INCLUDED
#define HUB_INSPECT_H_INCLUDED

#include <jansson.h>
#include "hub_store.h"
#include "hub_audit.h"

#define HUB_INSPECT_ACTOR       "operator"
#define HUB_INSPECT_ACTION      "inspect"
#define HUB_INSPECT_CONTROL     "inspect"   /* the control line's first word */
#define HUB_INSPECT_LINE_BYTES  96          /* the longest control line, +1  */

typedef enum {
    HUB_INSPECT_REF,                    /* the household a ref finds now     */
    HUB_INSPECT_HOUSEHOLD,              /* household number hh               */
    HUB_INSPECT_MESSAGE                 /* one message by its id             */
} hub_inspect_kind_t;

/*  What is asked for.                                                       */
typedef struct {
    hub_inspect_kind_t kind;
    uint8_t ref [PROTO_REF_BYTES];      /* REF                               */
    int64_t hh;                         /* HOUSEHOLD                         */
    uint8_t id [PROTO_ID_BYTES];        /* MESSAGE                           */
} hub_inspect_query_t;

/*  A person or address ref as the agents show it: 64 hex characters, with
    or without "person:" or "address:" before them. 0, or -1.                */
int hub_inspect_parse_ref (const char *text, uint8_t ref [PROTO_REF_BYTES]);
/*  A household number: decimal digits only, 1 up to 2^63 - 1. 0, or -1.     */
int hub_inspect_parse_household (const char *text, int64_t *hh);
/*  A message id: 32 hex characters. 0, or -1.                               */
int hub_inspect_parse_id (const char *text, uint8_t id [PROTO_ID_BYTES]);

/*  The answer: a JSON object (the caller's), or NULL on a store error.
    "found" says whether the store holds anything about what was asked.
    Reads only; run it inside a transaction for one consistent view.         */
json_t *hub_inspect_read (hub_store_t *store, const hub_inspect_query_t *q);

/*  Writes the audit entry for one inspection at now; origin says how it
    was asked ("command", "control"). Looks up only what the entry names
    (the household and its first ref). Inside the caller's transaction;
    0, or -1 on a store error.                                                */
int hub_inspect_audit (hub_store_t *store, hub_audit_t *audit, uint64_t now,
                       const hub_inspect_query_t *q, const char *origin);

/*  The control line that asks the running hub to write that entry
    ("inspect ref HEX", "inspect household N", "inspect id HEX"), into out
    (HUB_INSPECT_LINE_BYTES); and its reading: 1 and *q for a well-formed
    line, 0 for a line that is not an inspect line, -1 for a malformed one.  */
void hub_inspect_control_line (char out [HUB_INSPECT_LINE_BYTES], const hub_inspect_query_t *q);
int hub_inspect_control_parse (const char *line, hub_inspect_query_t *q);

#endif
