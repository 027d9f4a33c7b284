/*  hub_sqlite_agreements.c - agreements and their history
    (hub_store_agreements.h).                                                */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include <string.h>

#define ID      PROTO_ID_BYTES

static int
s_done (int rc)
{
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* ---- one agreement ------------------------------------------------------- */

static int
s_agreement_get (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                         hub_agreement_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT hh, owner, regisseur, status, due, stagnations, accepted_seq IS NOT NULL"
        " FROM agreements WHERE agreement = ?1",
        "b", agreement, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        out->hh = sqlite3_column_int64 (st, 0);
        hub_sql_text (st, 1, out->owner, sizeof out->owner);
        hub_sql_text (st, 2, out->regisseur, sizeof out->regisseur);
        hub_sql_text (st, 3, out->status, sizeof out->status);
        out->due = (uint64_t) sqlite3_column_int64 (st, 4);
        out->stagnations = sqlite3_column_int64 (st, 5);
        out->accepted = sqlite3_column_int (st, 6) != 0;
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_agreement_owned (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                           const char *owner, int64_t hh)
{
    int64_t one = 0;
    bool found = false;
    if (hub_sql_int (store, &one, &found,
            "SELECT 1 FROM agreements WHERE agreement = ?1 AND owner = ?2 AND hh = ?3",
            "bsi", agreement, (size_t) ID, owner, hh) != 0)
        return -1;
    return found ? 1 : 0;
}

static int
s_agreement_propose (hub_store_t *store, const hub_agreement_proposal_t *p)
{
    return hub_sql_exec (store,
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, round, status,"
        " created, seq, changed, action) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'proposed', ?8, ?9, ?8, ?10)",
        "bisssubuus", p->agreement, (size_t) ID, p->hh, p->owner, p->regisseur, p->leefgebied,
        p->due, p->round, (size_t) ID, p->created, p->seq, p->action);
}

static int
s_agreement_accept (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                            const char *status, uint64_t accepted_seq, uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE agreements SET status = ?2, accepted_seq = ?3, changed = ?4 WHERE agreement = ?1",
        "bsuu", agreement, (size_t) ID, status, accepted_seq, now);
}

static int
s_agreement_set_status (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                                const char *status, bool stagnated, uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE agreements SET status = ?2, changed = ?3, done = CASE WHEN ?2 = 'done' THEN ?3 END,"
        " stagnations = stagnations + ?4 WHERE agreement = ?1",
        "bsui", agreement, (size_t) ID, status, now, (int64_t) stagnated);
}

static int
s_agreement_log (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES], uint64_t ts,
                         const char *status, const char *author, uint64_t seq, const char *note)
{
    return hub_sql_exec (store,
        "INSERT INTO agreement_log (agreement, ts, status, author, seq, note)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "bussus", agreement, (size_t) ID, ts, status, author, seq, note && note [0] ? note : NULL);
}

/* ---- the timers ---------------------------------------------------------- */

/*  Runs a due query whose columns are agreement, hh, owner, regisseur, due,
    overdue, into out.                                                       */
static int
s_due (sqlite3_stmt *st, hub_agreement_due_t *out, size_t max, size_t *count)
{
    *count = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW && *count < max) {
        hub_agreement_due_t *d = &out [(*count)++];
        memset (d, 0, sizeof *d);
        hub_sql_blob (st, 0, d->agreement, ID);
        d->hh = sqlite3_column_int64 (st, 1);
        hub_sql_text (st, 2, d->owner, sizeof d->owner);
        hub_sql_text (st, 3, d->regisseur, sizeof d->regisseur);
        d->due = (uint64_t) sqlite3_column_int64 (st, 4);
        d->overdue = (uint64_t) sqlite3_column_int64 (st, 5);
    }
    hub_sql_done (st);
    return s_done (rc);
}

static int
s_agreements_to_remind (hub_store_t *store, uint64_t now, uint64_t within,
                                hub_agreement_due_t *out, size_t max, size_t *count)
{
    return s_due (hub_sql (store,
        "SELECT agreement, hh, owner, regisseur, due, 0 FROM agreements"
        " WHERE status = 'accepted' AND reminded IS NULL AND due <= ?1 + ?2 AND due > ?1",
        "uu", now, within), out, max, count);
}

static int
s_agreements_past_due (hub_store_t *store, uint64_t now, hub_agreement_due_t *out, size_t max,
                               size_t *count)
{
    return s_due (hub_sql (store,
        "SELECT agreement, hh, owner, regisseur, due, 0 FROM agreements"
        " WHERE status IN ('proposed', 'accepted') AND overdue IS NULL AND due <= ?1",
        "u", now), out, max, count);
}

static int
s_agreements_unaccepted (hub_store_t *store, uint64_t now, uint64_t after,
                                 hub_agreement_due_t *out, size_t max, size_t *count)
{
    return s_due (hub_sql (store,
        "SELECT agreement, hh, owner, regisseur, due, 0 FROM agreements"
        " WHERE status = 'proposed' AND chased IS NULL AND created + ?2 <= ?1",
        "uu", now, after), out, max, count);
}

static int
s_agreements_still_overdue (hub_store_t *store, uint64_t now, uint64_t after,
                                    hub_agreement_due_t *out, size_t max, size_t *count)
{
    return s_due (hub_sql (store,
        "SELECT agreement, hh, owner, regisseur, due, overdue FROM agreements"
        " WHERE status = 'overdue' AND escalated IS NULL AND overdue + ?2 <= ?1",
        "uu", now, after), out, max, count);
}

static int
s_agreement_reminded (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES], uint64_t now)
{
    return hub_sql_exec (store, "UPDATE agreements SET reminded = ?2 WHERE agreement = ?1",
                         "bu", agreement, (size_t) ID, now);
}

static int
s_agreement_overdue (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES], uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE agreements SET status = 'overdue', overdue = ?2, changed = ?2 WHERE agreement = ?1",
        "bu", agreement, (size_t) ID, now);
}

static int
s_agreement_chased (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES], uint64_t now)
{
    return hub_sql_exec (store, "UPDATE agreements SET chased = ?2 WHERE agreement = ?1",
                         "bu", agreement, (size_t) ID, now);
}

static int
s_agreement_escalated (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                               uint64_t now)
{
    return hub_sql_exec (store, "UPDATE agreements SET escalated = ?2 WHERE agreement = ?1",
                         "bu", agreement, (size_t) ID, now);
}

/* ---- the minutes --------------------------------------------------------- */

static int
s_agreements_listed_count (hub_store_t *store, int64_t hh, size_t max, size_t *count)
{
    int64_t n = 0;
    int rc = hub_sql_int (store, &n, NULL,
        "SELECT min (count (*), ?2) FROM agreements WHERE hh = ?1 AND action IS NOT NULL",
        "ii", hh, (int64_t) max);
    *count = rc == 0 ? (size_t) n : 0;
    return rc;
}

static int
s_agreements_listed (hub_store_t *store, int64_t hh, const uint8_t round [PROTO_ID_BYTES],
                             size_t max, hub_agreement_listed_fn *fn, void *arg)
{
    sqlite3_stmt *st = hub_sql (store,
        "SELECT agreement, owner, action, leefgebied, due, status, round = ?2, kind FROM agreements"
        " WHERE hh = ?1 AND action IS NOT NULL ORDER BY created LIMIT ?3",
        "ibi", hh, round, (size_t) ID, (int64_t) max);
    if (!st)
        return -1;
    int rc;
    hub_agreement_listed_t row;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        memset (&row, 0, sizeof row);
        hub_sql_blob (st, 0, row.agreement, ID);
        hub_sql_text (st, 1, row.owner, sizeof row.owner);
        hub_sql_text (st, 2, row.action, sizeof row.action);
        hub_sql_text (st, 3, row.leefgebied, sizeof row.leefgebied);
        row.due = (uint64_t) sqlite3_column_int64 (st, 4);
        hub_sql_text (st, 5, row.status, sizeof row.status);
        row.in_round = sqlite3_column_int (st, 6) != 0;
        hub_sql_text (st, 7, row.kind, sizeof row.kind);
        if (fn (arg, &row) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    hub_sql_done (st);
    return s_done (rc);
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_agreements_ops_t hub_sqlite_agreements = {
    .agreement_get = s_agreement_get,
    .agreement_owned = s_agreement_owned,
    .agreement_propose = s_agreement_propose,
    .agreement_accept = s_agreement_accept,
    .agreement_set_status = s_agreement_set_status,
    .agreement_log = s_agreement_log,
    .agreements_to_remind = s_agreements_to_remind,
    .agreements_past_due = s_agreements_past_due,
    .agreements_unaccepted = s_agreements_unaccepted,
    .agreements_still_overdue = s_agreements_still_overdue,
    .agreement_reminded = s_agreement_reminded,
    .agreement_overdue = s_agreement_overdue,
    .agreement_chased = s_agreement_chased,
    .agreement_escalated = s_agreement_escalated,
    .agreements_listed_count = s_agreements_listed_count,
    .agreements_listed = s_agreements_listed,
};
