/*  hub_sqlite_report.c - the reports' figures (see hub_store_report.h).    */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include <string.h>

/*  A household counts for a team that holds it or holds it in follow-up;
    ?3 is the team, or NULL for all.                                         */
#define FOR_TEAM(alias) \
    " (?3 IS NULL OR EXISTS (SELECT 1 FROM households h WHERE h.hh = " alias ".hh" \
    " AND (h.team = ?3 OR h.former_team = ?3)))"

/*  Steps a (key, count) query to its end, handing each row to fn.          */
static int
s_counts (sqlite3_stmt *st, hub_report_count_fn *fn, void *arg)
{
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
        if (fn (arg, (const char *) sqlite3_column_text (st, 0), sqlite3_column_int64 (st, 1)) != 0)
            break;
    hub_sql_done (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/*  One count over the period and team.                                      */
static int
s_count (hub_store_t *store, int64_t *out, const char *sql, uint64_t from, uint64_t until,
         const char *team)
{
    return hub_sql_int (store, out, NULL, sql, "uus", from, until, team);
}

static int
s_report_signals_per_leefgebied (hub_store_t *store, uint64_t from, uint64_t until,
                                         const char *team, hub_report_count_fn *fn, void *arg)
{
    return s_counts (hub_sql (store,
        "SELECT leefgebied, count (*) FROM signals s WHERE ts >= ?1 AND ts < ?2 AND" FOR_TEAM ("s")
        " GROUP BY leefgebied ORDER BY leefgebied", "uus", from, until, team), fn, arg);
}

static int
s_report_signals_per_partner (hub_store_t *store, uint64_t from, uint64_t until,
                                      const char *team, hub_report_count_fn *fn, void *arg)
{
    return s_counts (hub_sql (store,
        "SELECT partner, count (*) FROM signals s WHERE ts >= ?1 AND ts < ?2 AND" FOR_TEAM ("s")
        " GROUP BY partner ORDER BY partner", "uus", from, until, team), fn, arg);
}

static int
s_report_households_per_phase (hub_store_t *store, const char *team,
                                       hub_report_count_fn *fn, void *arg)
{
    return s_counts (hub_sql (store,
        "SELECT phase, count (*) FROM households WHERE phase IS NOT NULL"
        " AND (?1 IS NULL OR team = ?1 OR former_team = ?1) GROUP BY phase ORDER BY phase",
        "s", team), fn, arg);
}

static int
s_report_caseload_per_casemanager (hub_store_t *store, const char *team,
                                           hub_report_count_fn *fn, void *arg)
{
    return s_counts (hub_sql (store,
        "SELECT casemanager, count (*) FROM households WHERE casemanager IS NOT NULL"
        " AND (?1 IS NULL OR team = ?1) GROUP BY casemanager ORDER BY casemanager",
        "s", team), fn, arg);
}

static int
s_report_referrals (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                            hub_referral_figures_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT count (*), coalesce (sum (decided - ts), 0) FROM referrals WHERE status = 'accepted'"
        " AND decided >= ?1 AND decided < ?2 AND (?3 IS NULL OR team = ?3)", "uus", from, until, team);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        out->accepted = sqlite3_column_int64 (st, 0);
        out->accepted_ms = sqlite3_column_int64 (st, 1);
    }
    hub_sql_done (st);
    if (rc != SQLITE_ROW)
        return -1;
    return s_count (store, &out->declined,
        "SELECT count (*) FROM referrals WHERE status = 'declined' AND decided >= ?1 AND decided < ?2"
        " AND (?3 IS NULL OR team = ?3)", from, until, team);
}

static int
s_report_agreements (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                             hub_agreement_figures_t *out)
{
    memset (out, 0, sizeof *out);
    return s_count (store, &out->due,
               "SELECT count (*) FROM agreements a WHERE due >= ?1 AND due < ?2"
               " AND status != 'withdrawn' AND" FOR_TEAM ("a"), from, until, team) != 0
        || s_count (store, &out->done_on_time,
               "SELECT count (*) FROM agreements a WHERE due >= ?1 AND due < ?2 AND status = 'done'"
               " AND done <= due AND" FOR_TEAM ("a"), from, until, team) != 0
        || s_count (store, &out->stagnations,
               "SELECT count (*) FROM agreement_log l JOIN agreements a ON a.agreement = l.agreement"
               " WHERE l.status = 'stagnated' AND l.ts >= ?1 AND l.ts < ?2 AND" FOR_TEAM ("a"),
               from, until, team) != 0
        || hub_sql_int (store, &out->overdue_now, NULL,
               "SELECT count (*) FROM agreements a WHERE status = 'overdue' AND (?1 IS NULL OR"
               " EXISTS (SELECT 1 FROM households h WHERE h.hh = a.hh AND h.team = ?1))",
               "s", team) != 0 ? -1 : 0;
}

static int
s_report_rounds (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                         hub_round_figures_t *out)
{
    memset (out, 0, sizeof *out);
    return s_count (store, &out->due,
               "SELECT count (*) FROM rounds r WHERE at >= ?1 AND at < ?2 AND" FOR_TEAM ("r"),
               from, until, team) != 0
        || s_count (store, &out->held,
               "SELECT count (*) FROM rounds r WHERE held >= ?1 AND held < ?2 AND" FOR_TEAM ("r"),
               from, until, team) != 0 ? -1 : 0;
}

static int
s_report_escalations (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                              hub_escalation_figures_t *out)
{
    memset (out, 0, sizeof *out);
    return s_count (store, &out->raised,
               "SELECT count (*) FROM escalations WHERE created >= ?1 AND created < ?2"
               " AND (?3 IS NULL OR team = ?3)", from, until, team) != 0
        || hub_sql_int (store, &out->open, NULL,
               "SELECT count (*) FROM escalations WHERE resolved IS NULL AND (?1 IS NULL OR team = ?1)",
               "s", team) != 0 ? -1 : 0;
}

static int
s_report_matches (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                          hub_match_figures_t *out)
{
    memset (out, 0, sizeof *out);
    return s_count (store, &out->made,
               "SELECT count (*) FROM matches WHERE created >= ?1 AND created < ?2"
               " AND (?3 IS NULL OR team = ?3)", from, until, team) != 0
        || s_count (store, &out->parties_unconfirmed,
               "SELECT count (*) FROM match_parties p JOIN matches m ON m.match = p.match"
               " WHERE p.confirmed IS NULL AND m.created >= ?1 AND m.created < ?2"
               " AND (?3 IS NULL OR m.team = ?3)", from, until, team) != 0
        || s_count (store, &out->parties_escalated,
               "SELECT count (*) FROM match_parties p JOIN matches m ON m.match = p.match"
               " WHERE p.escalated IS NOT NULL AND m.created >= ?1 AND m.created < ?2"
               " AND (?3 IS NULL OR m.team = ?3)", from, until, team) != 0 ? -1 : 0;
}

static int
s_report_open_escalations (hub_store_t *store, const char *team, size_t max,
                                   hub_open_escalation_fn *fn, void *arg)
{
    sqlite3_stmt *st = hub_sql (store,
        "SELECT escalation, reason, partner, created FROM escalations WHERE team = ?1"
        " AND resolved IS NULL ORDER BY created LIMIT ?2", "si", team, (int64_t) max);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        hub_open_escalation_t row;
        memset (&row, 0, sizeof row);
        row.has_id = hub_sql_blob (st, 0, row.escalation, PROTO_ID_BYTES);
        hub_sql_text (st, 1, row.reason, sizeof row.reason);
        hub_sql_text (st, 2, row.to, sizeof row.to);
        row.created = (uint64_t) sqlite3_column_int64 (st, 3);
        if (fn (arg, &row) != 0)
            break;
    }
    hub_sql_done (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_report_ops_t hub_sqlite_report = {
    .report_signals_per_leefgebied = s_report_signals_per_leefgebied,
    .report_signals_per_partner = s_report_signals_per_partner,
    .report_households_per_phase = s_report_households_per_phase,
    .report_caseload_per_casemanager = s_report_caseload_per_casemanager,
    .report_referrals = s_report_referrals,
    .report_agreements = s_report_agreements,
    .report_rounds = s_report_rounds,
    .report_escalations = s_report_escalations,
    .report_matches = s_report_matches,
    .report_open_escalations = s_report_open_escalations,
};
