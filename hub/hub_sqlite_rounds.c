/*  hub_sqlite_rounds.c - rounds, round partners, progress (hub_store_rounds.h). */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include <string.h>

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

static int
s_done (int rc)
{
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*  Reads the columns round, hh, number, at, held, next, regisseur.          */
static void
s_round_row (sqlite3_stmt *st, hub_round_t *r)
{
    memset (r, 0, sizeof *r);
    hub_sql_blob (st, 0, r->round, ID);
    r->hh = sqlite3_column_int64 (st, 1);
    r->number = sqlite3_column_int64 (st, 2);
    r->at = (uint64_t) sqlite3_column_int64 (st, 3);
    r->held = (uint64_t) sqlite3_column_int64 (st, 4);
    r->next = (uint64_t) sqlite3_column_int64 (st, 5);
    hub_sql_text (st, 6, r->regisseur, sizeof r->regisseur);
}

/*  Runs a statement whose first column is a partner id, into out.          */
static int
s_partners (sqlite3_stmt *st, char out [][PID], size_t max, size_t *count)
{
    *count = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW && *count < max)
        hub_sql_text (st, 0, out [(*count)++], PID);
    hub_sql_done (st);
    return s_done (rc);
}

/*  1 when the query has a row, 0 when not.                                  */
static int
s_exists (int rc, bool found)
{
    return rc != 0 ? -1 : found ? 1 : 0;
}

/* ---- rounds -------------------------------------------------------------- */

static int
s_round_get (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], hub_round_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT round, hh, number, at, coalesce (held, 0), coalesce (next, 0), regisseur FROM rounds"
        " WHERE round = ?1", "b", round, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW)
        s_round_row (st, out);
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_rounds_count (hub_store_t *store, int64_t hh, int64_t *count)
{
    return hub_sql_int (store, count, NULL, "SELECT count (*) FROM rounds WHERE hh = ?1", "i", hh);
}

static int
s_round_add (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], int64_t hh,
                     int64_t number, uint64_t at, const char *regisseur, const char *place,
                     uint64_t created)
{
    return hub_sql_exec (store,
        "INSERT INTO rounds (round, hh, number, at, regisseur, place, created)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "biiussu", round, (size_t) ID, hh, number, at, regisseur,
        place && place [0] ? place : NULL, created);
}

static int
s_round_held (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], uint64_t held,
                      uint64_t next)
{
    return hub_sql_exec (store, "UPDATE rounds SET held = ?2, next = ?3 WHERE round = ?1",
                         "buu", round, (size_t) ID, held, next);
}

static int
s_round_reminded (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], uint64_t now)
{
    return hub_sql_exec (store, "UPDATE rounds SET reminded = ?2 WHERE round = ?1",
                         "bu", round, (size_t) ID, now);
}

static int
s_rounds_report_due (hub_store_t *store, uint64_t now, uint64_t within, hub_round_t *out,
                             size_t max, size_t *count)
{
    *count = 0;
    sqlite3_stmt *st = hub_sql (store,
        "SELECT round, hh, number, at, 0, 0, regisseur FROM rounds WHERE held IS NULL"
        " AND reminded IS NULL AND at <= ?1 + ?2 LIMIT ?3", "uui", now, within, (int64_t) max);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW && *count < max)
        s_round_row (st, &out [(*count)++]);
    hub_sql_done (st);
    return s_done (rc);
}

/* ---- round partners ------------------------------------------------------ */

static int
s_round_invite (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], const char *partner)
{
    return hub_sql_exec (store,
        "INSERT INTO round_partners (round, partner, invited) VALUES (?1, ?2, 1)",
        "bs", round, (size_t) ID, partner);
}

static int
s_round_present (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], const char *partner)
{
    return hub_sql_exec (store,
        "INSERT INTO round_partners (round, partner, invited, present) VALUES (?1, ?2, 0, 1)"
        " ON CONFLICT (round, partner) DO UPDATE SET present = 1",
        "bs", round, (size_t) ID, partner);
}

static int
s_round_partners (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                          hub_round_which_t which, char out [][PID], size_t max, size_t *count)
{
    const char *sql =
        which == HUB_ROUND_INVITED
        ? "SELECT partner FROM round_partners WHERE round = ?1 AND invited = 1 ORDER BY partner"
        : which == HUB_ROUND_PRESENT
        ? "SELECT partner FROM round_partners WHERE round = ?1 AND present = 1 ORDER BY partner"
        : "SELECT partner FROM round_partners WHERE round = ?1 ORDER BY partner";
    return s_partners (hub_sql (store, sql, "b", round, (size_t) ID), out, max, count);
}

static int
s_round_invited (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], const char *partner)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM round_partners WHERE round = ?1 AND partner = ?2 AND invited = 1",
        "bs", round, (size_t) ID, partner);
    return s_exists (rc, found);
}

static int
s_round_participant (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                             const char *partner)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM round_partners WHERE round = ?1 AND partner = ?2",
        "bs", round, (size_t) ID, partner);
    return s_exists (rc, found);
}

static int
s_round_unreported (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                            char out [][PID], size_t max, size_t *count)
{
    return s_partners (hub_sql (store,
        "SELECT partner FROM round_partners rp WHERE round = ?1 AND invited = 1"
        " AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.round = rp.round AND p.partner = rp.partner)",
        "b", round, (size_t) ID), out, max, count);
}

static int
s_round_ignored (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                         char out [][PID], size_t max, size_t *count)
{
    return s_partners (hub_sql (store,
        "SELECT partner FROM round_partners rp WHERE round = ?1 AND invited = 1 AND present = 0"
        " AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.round = rp.round AND p.partner = rp.partner)",
        "b", round, (size_t) ID), out, max, count);
}

/* ---- progress reports ---------------------------------------------------- */

static int
s_progress_add (hub_store_t *store, uint64_t seq, const uint8_t round [PROTO_ID_BYTES],
                        const char *partner, const uint8_t *agreement, const char *status,
                        const char *note, uint64_t ts)
{
    return hub_sql_exec (store,
        "INSERT INTO progress (seq, round, partner, agreement, status, note, ts)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "ubsbssu", seq, round, (size_t) ID, partner, agreement, (size_t) ID, status,
        note && note [0] ? note : NULL, ts);
}

static int
s_progress_count (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], size_t max,
                          size_t *count)
{
    int64_t n = 0;
    int rc = hub_sql_int (store, &n, NULL, "SELECT min (count (*), ?2) FROM progress WHERE round = ?1",
                          "bi", round, (size_t) ID, (int64_t) max);
    *count = rc == 0 ? (size_t) n : 0;
    return rc;
}

static int
s_progress_list (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], size_t max,
                         hub_progress_fn *fn, void *arg)
{
    sqlite3_stmt *st = hub_sql (store,
        "SELECT partner, agreement, status, note FROM progress WHERE round = ?1 ORDER BY seq LIMIT ?2",
        "bi", round, (size_t) ID, (int64_t) max);
    if (!st)
        return -1;
    int rc;
    hub_progress_t row;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        memset (&row, 0, sizeof row);
        hub_sql_text (st, 0, row.partner, sizeof row.partner);
        row.has_agreement = hub_sql_blob (st, 1, row.agreement, ID);
        hub_sql_text (st, 2, row.status, sizeof row.status);
        hub_sql_text (st, 3, row.note, sizeof row.note);
        if (fn (arg, &row) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    hub_sql_done (st);
    return s_done (rc);
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_rounds_ops_t hub_sqlite_rounds = {
    .round_get = s_round_get,
    .rounds_count = s_rounds_count,
    .round_add = s_round_add,
    .round_held = s_round_held,
    .round_reminded = s_round_reminded,
    .rounds_report_due = s_rounds_report_due,
    .round_invite = s_round_invite,
    .round_present = s_round_present,
    .round_partners = s_round_partners,
    .round_invited = s_round_invited,
    .round_participant = s_round_participant,
    .round_unreported = s_round_unreported,
    .round_ignored = s_round_ignored,
    .progress_add = s_progress_add,
    .progress_count = s_progress_count,
    .progress_list = s_progress_list,
};
