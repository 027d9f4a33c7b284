/*  hub_sqlite_access.c - the audit entries about one household (see
    hub_store_access.h).                                                     */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include "hub_sql_former.h"
#include <string.h>

static int
s_access_entries (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
                          hub_access_entry_fn *fn, void *arg)
{
    int64_t hh = 0;
    bool found = false;
    if (hub_sql_int (store, &hh, &found, "SELECT hh FROM household_refs WHERE ref = ?1",
                     "b", ref, (size_t) PROTO_REF_BYTES) != 0)
        return -1;
    /* entries about any ref the household has or had (an address it moved
       away from: household_former_refs), or the ref asked about - but not
       what was said about a ref while it was another household's (the
       people who lived at an address before);
       messages that carry no subject (progress, acceptance, status, round
       held, escalation resolved) are found through what they refer to    */
    sqlite3_stmt *st = hub_sql (store,
        "WITH refs AS (SELECT ?1 AS ref UNION SELECT ref FROM household_refs WHERE hh = ?2),"
        " former AS (SELECT ref, since, until FROM household_former_refs WHERE hh = ?2),"
        " about AS (SELECT seq, object FROM audit a WHERE subject IN refs AND NOT EXISTS"
        "  (SELECT 1 FROM household_former_refs f WHERE f.ref = a.subject AND f.hh != ?2"
        "   AND" WHILE_THEIRS ")"
        "  UNION SELECT a.seq, a.object FROM audit a JOIN former f ON f.ref = a.subject"
        "  AND" WHILE_THEIRS "),"
        " own AS (SELECT object FROM about WHERE object IS NOT NULL"
        "  UNION SELECT m.id FROM messages m WHERE m.seq IN"
        "  (SELECT p.seq FROM progress p JOIN rounds r ON r.round = p.round WHERE r.hh = ?2"
        "   UNION SELECT l.seq FROM agreement_log l JOIN agreements g ON g.agreement = l.agreement"
        "   WHERE g.hh = ?2 AND l.seq IS NOT NULL"
        "   UNION SELECT accepted_seq FROM agreements WHERE hh = ?2 AND accepted_seq IS NOT NULL))"
        " SELECT a.ts, a.actor, a.action, a.result, a.object, m.type FROM audit a"
        " LEFT JOIN messages m ON m.id = a.object"
        " WHERE a.seq IN (SELECT seq FROM about) OR a.object IN own"
        " OR (a.action = 'round_held' AND EXISTS (SELECT 1 FROM rounds r WHERE r.hh = ?2"
        "     AND r.held = a.ts AND r.regisseur = a.actor))"
        " OR (a.action = 'escalation_resolve' AND EXISTS (SELECT 1 FROM escalations e WHERE e.hh = ?2"
        "     AND e.resolved = a.ts AND e.resolved_by = a.actor))"
        " ORDER BY a.seq",
        "bi", ref, (size_t) PROTO_REF_BYTES, found ? hh : (int64_t) -1);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        hub_access_entry_t e;
        memset (&e, 0, sizeof e);
        e.ts = (uint64_t) sqlite3_column_int64 (st, 0);
        hub_sql_text (st, 1, e.actor, sizeof e.actor);
        hub_sql_text (st, 2, e.action, sizeof e.action);
        hub_sql_text (st, 3, e.result, sizeof e.result);
        e.has_object = hub_sql_blob (st, 4, e.object, PROTO_ID_BYTES);
        hub_sql_text (st, 5, e.type, sizeof e.type);
        if (fn (arg, &e) != 0)
            break;
    }
    hub_sql_done (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_access_ops_t hub_sqlite_access = {
    .access_entries = s_access_entries,
};
