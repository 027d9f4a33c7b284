/*  hub_audit.h - the append-only, hash-chained audit log.

    Every state change, every delivery and every look-up of household data
    is one entry, written in the same transaction as what it records. An
    entry holds who (actor), what (action, object id, subject pseudonym,
    content digest), the result, the origin and the time - never content -
    and its hash:

        hash = BLAKE2b-256 (prev_hash || msgpack [seq, ts, actor, action,
                            object|nil, subject|nil, result, origin, digest|nil])

    with prev_hash of entry 1 = 32 zero bytes, computed in two steps
    (digest = BLAKE2b-256 (msgpack [...]); hash = BLAKE2b-256 (prev || digest),
    see proto_audit_chain) so that an agent can check from the digests alone
    that the chain still extends a head it saw before. Changing, deleting or
    inserting any row breaks the chain at that row (hub_audit_verify names
    it). The head (last seq and hash) goes into every signed batch head, so
    agents holding an older head can tell truncation or rewriting too.

    What one entry records:
    - a partner's message: one entry, action its type, written after the
      workflow ran; the result says where it was queued - "stored; to
      acm-intake", "stored; to a, b", or "stored" when it went to no one
      ("repeated" for a question asked again). A recipient the result
      cannot name (past HUB_MSG_MAX_TO) gets an entry of its own, action
      "queued", result "to RECIPIENT".
    - a refused message: only "refused: CODE"; what the workflow did and
      wrote for it is rolled back with it.
    - the hub's own messages (notices): one entry each, actor "hub", action
      its type, result "to RECIPIENT".
    - look-ups (regiecheck_answer, minutes, team_report), match notices,
      acknowledged deliveries ("delivered up to N (count)"), retention and
      the operator's inspections (`regiehub inspect`, hub_inspect.h):
      entries of their own.
    Stores written before a message's entry named its recipients hold
    "stored" and then one "queued" / "to RECIPIENT" entry per delivery; the
    access report reads both forms.
*/
#ifndef HUB_AUDIT_H_INCLUDED
#define HUB_AUDIT_H_INCLUDED

#include <stdbool.h>
#include "hub_store.h"

typedef struct hub_audit_t hub_audit_t;

hub_audit_t *hub_audit_new (hub_store_t *store);
void hub_audit_destroy (hub_audit_t **self_p);

/*  One entry; strings are truncated to their column limits. object,
    subject and digest may be NULL. Must be called inside a transaction.     */
int hub_audit_append (hub_audit_t *self, uint64_t ts, const char *actor, const char *action,
                      const uint8_t *object, const uint8_t *subject, const char *result,
                      const char *origin, const uint8_t *digest);

/*  The current head.                                                        */
void hub_audit_head (const hub_audit_t *self, uint64_t *seq, uint8_t hash [PROTO_DIGEST_BYTES]);

/*  Remember / restore the head around a savepoint or transaction, so that
    the in-memory head follows the store when work is rolled back.            */
typedef struct {
    uint64_t seq;
    uint8_t hash [PROTO_DIGEST_BYTES];
} hub_audit_mark_t;
void hub_audit_mark (const hub_audit_t *self, hub_audit_mark_t *mark);
void hub_audit_reset (hub_audit_t *self, const hub_audit_mark_t *mark);

/*  The hash of an entry given the previous hash (used by verify and tests). */
void hub_audit_hash (uint8_t out [PROTO_DIGEST_BYTES], const uint8_t prev [PROTO_DIGEST_BYTES],
                     const hub_audit_row_t *row);

/*  An entry's digest (the second half of its chain hash).                   */
void hub_audit_entry_digest (uint8_t out [PROTO_DIGEST_BYTES], const hub_audit_row_t *row);

/*  Verifies the whole chain in the store. Returns 0 when intact, with the
    entry count in *entries; -1 with the first broken entry named in err.     */
int hub_audit_verify (hub_store_t *store, uint64_t *entries, char *err, size_t errlen);

#endif
