/*  hub_sqlite_households.c - households, refs, regie, consent in sqlite
    (see hub_store_households.h).                                           */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include <string.h>

#define REF     PROTO_REF_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/*  hub_sql_int's 0 / -1 and found, as a read's 1 / 0 / -1.                  */
static int
s_read (int rc, bool found)
{
    return rc != 0 ? -1 : found ? 1 : 0;
}

/* ---- households and their refs ------------------------------------------- */

static int
s_household_get (hub_store_t *store, int64_t hh, hub_household_row_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT hh, team, casemanager, phase, former_team, former_casemanager, since, closed_at,"
        " follow_up_until, priority FROM households WHERE hh = ?1", "i", hh);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        out->hh = sqlite3_column_int64 (st, 0);
        hub_sql_text (st, 1, out->team, sizeof out->team);
        hub_sql_text (st, 2, out->casemanager, sizeof out->casemanager);
        hub_sql_text (st, 3, out->phase, sizeof out->phase);
        hub_sql_text (st, 4, out->former_team, sizeof out->former_team);
        hub_sql_text (st, 5, out->former_casemanager, sizeof out->former_casemanager);
        out->since = (uint64_t) sqlite3_column_int64 (st, 6);
        out->closed_at = (uint64_t) sqlite3_column_int64 (st, 7);
        out->follow_up_until = (uint64_t) sqlite3_column_int64 (st, 8);
        out->priority = sqlite3_column_int (st, 9) != 0;
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_household_of_ref (hub_store_t *store, const uint8_t ref [REF], int64_t *hh)
{
    bool found = false;
    int rc = hub_sql_int (store, hh, &found, "SELECT hh FROM household_refs WHERE ref = ?1",
                          "b", ref, (size_t) REF);
    return s_read (rc, found);
}

static int
s_household_create (hub_store_t *store, uint64_t now, int64_t *hh)
{
    if (hub_sql_exec (store, "INSERT INTO households (created) VALUES (?1)", "u", now) != 0)
        return -1;
    *hh = sqlite3_last_insert_rowid (hub_sqlite_db (store));
    return 0;
}

static int
s_household_ref_add (hub_store_t *store, int64_t hh, const uint8_t ref [REF],
                             const char *kind, uint64_t now)
{
    return hub_sql_exec (store,
        "INSERT OR IGNORE INTO household_refs (ref, hh, kind, added) VALUES (?1, ?2, ?3, ?4)",
        "bisu", ref, (size_t) REF, hh, kind, now);
}

static int
s_household_ref_remove (hub_store_t *store, const uint8_t ref [REF])
{
    return hub_sql_exec (store, "DELETE FROM household_refs WHERE ref = ?1", "b", ref, (size_t) REF);
}

static int
s_household_ref_count (hub_store_t *store, int64_t hh, int64_t *count)
{
    return hub_sql_int (store, count, NULL, "SELECT count (*) FROM household_refs WHERE hh = ?1",
                        "i", hh);
}

static int
s_household_subject (hub_store_t *store, int64_t hh, uint8_t person [REF],
                             uint8_t address [REF], bool *has_person, bool *has_address)
{
    *has_person = *has_address = false;
    sqlite3_stmt *st = hub_sql (store,
        "SELECT ref, kind FROM household_refs WHERE hh = ?1 ORDER BY added", "i", hh);
    if (!st)
        return -1;
    int rc;
    bool any = false;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        char kind [16];
        any = true;
        hub_sql_text (st, 1, kind, sizeof kind);
        if (strcmp (kind, "person") == 0 && !*has_person)
            *has_person = hub_sql_blob (st, 0, person, REF);
        else
        if (strcmp (kind, "address") == 0 && !*has_address)
            *has_address = hub_sql_blob (st, 0, address, REF);
    }
    hub_sql_done (st);
    return rc != SQLITE_DONE ? -1 : any ? 1 : 0;
}

static int
s_object_household (hub_store_t *store, hub_object_t kind, const uint8_t id [PROTO_ID_BYTES],
                            int64_t *hh)
{
    static const char *const sql [] = {
        [HUB_OBJECT_ROUND]      = "SELECT hh FROM rounds WHERE round = ?1",
        [HUB_OBJECT_AGREEMENT]  = "SELECT hh FROM agreements WHERE agreement = ?1",
        [HUB_OBJECT_MATCH]      = "SELECT hh FROM matches WHERE match = ?1",
        [HUB_OBJECT_ESCALATION] = "SELECT coalesce (hh, 0) FROM escalations WHERE escalation = ?1",
    };
    bool found = false;
    *hh = 0;
    if (hub_sql_int (store, hh, &found, sql [kind], "b", id, (size_t) PROTO_ID_BYTES) != 0)
        return -1;
    return found ? 1 : 0;
}

static int
s_household_related (hub_store_t *store, int64_t hh, const char *partner)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM signals WHERE hh = ?1 AND partner = ?2"
        " UNION ALL SELECT 1 FROM referrals WHERE hh = ?1 AND (referrer = ?2 OR introducer = ?2)"
        " UNION ALL SELECT 1 FROM agreements WHERE hh = ?1 AND owner = ?2"
        " UNION ALL SELECT 1 FROM history WHERE hh = ?1 AND partner = ?2 LIMIT 1",
        "is", hh, partner);
    return s_read (rc, found);
}

static int
s_household_referred (hub_store_t *store, int64_t hh, uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE households SET referred_at = coalesce (referred_at, ?2) WHERE hh = ?1",
        "iu", hh, now);
}

static int
s_household_set_priority (hub_store_t *store, int64_t hh, bool on)
{
    return hub_sql_exec (store, "UPDATE households SET priority = ?2 WHERE hh = ?1",
                         "ii", hh, (int64_t) on);
}

static int
s_household_created_at_first_signal (hub_store_t *store, int64_t hh)
{
    return hub_sql_exec (store, "UPDATE households SET created ="
                         " (SELECT min (ts) FROM signals WHERE hh = ?1) WHERE hh = ?1", "i", hh);
}

/* ---- regie and phases ----------------------------------------------------- */

static int
s_household_claim (hub_store_t *store, int64_t hh, const char *team,
                           const char *casemanager, const char *phase, uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE households SET team = ?2, casemanager = ?3, phase = ?4,"
        " since = CASE WHEN team IS NULL THEN ?5 ELSE since END,"
        " phase_since = CASE WHEN team IS NULL THEN ?5 ELSE phase_since END,"
        " closed_at = NULL, follow_up_until = NULL WHERE hh = ?1",
        "isssu", hh, team, casemanager, phase, now);
}

static int
s_household_set_phase (hub_store_t *store, int64_t hh, const char *phase, uint64_t now)
{
    return hub_sql_exec (store, "UPDATE households SET phase = ?2, phase_since = ?3 WHERE hh = ?1",
                         "isu", hh, phase, now);
}

static int
s_household_transfer (hub_store_t *store, int64_t hh, const char *team,
                              const char *casemanager, uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE households SET team = ?2, casemanager = ?3, since = ?4 WHERE hh = ?1",
        "issu", hh, team, casemanager, now);
}

static int
s_household_close (hub_store_t *store, int64_t hh, const char *phase, uint64_t now,
                           uint64_t follow_up_until)
{
    return hub_sql_exec (store,
        "UPDATE households SET former_team = team, former_casemanager = casemanager,"
        " team = NULL, casemanager = NULL, phase = ?2, phase_since = ?3, closed_at = ?3,"
        " follow_up_until = ?4 WHERE hh = ?1", "isuu", hh, phase, now, follow_up_until);
}

static int
s_households_end_follow_up (hub_store_t *store, uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE households SET former_team = NULL, former_casemanager = NULL"
        " WHERE former_team IS NOT NULL AND follow_up_until <= ?1", "u", now);
}

static int
s_phase_log (hub_store_t *store, int64_t hh, uint64_t ts, const char *phase,
                     const char *team, const char *author, const char *reason)
{
    return hub_sql_exec (store,
        "INSERT INTO phases (hh, ts, phase, team, author, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "iussss", hh, ts, phase, team, author, reason);
}

/* ---- one household known twice, a move ------------------------------------ */

/*  Household ?2's rows become household ?1's, and ?2 goes: every table that
    names a household (hub_store.c's migrations). Its signals are part of a
    case now when ?1 is under regie, as at a claim; its archived involvement
    counts with the household's own.                                          */
static const char *const s_join_sql [] = {
    "UPDATE household_refs SET hh = ?1 WHERE hh = ?2",
    "UPDATE OR IGNORE household_former_refs SET hh = ?1 WHERE hh = ?2",
    "DELETE FROM household_former_refs WHERE hh = ?2",
    "UPDATE phases SET hh = ?1 WHERE hh = ?2",
    "UPDATE signals SET hh = ?1, led_to_regie = CASE WHEN (SELECT team FROM households"
    " WHERE hh = ?1) IS NULL THEN led_to_regie ELSE 1 END WHERE hh = ?2",
    "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived, told)"
    " SELECT ?1, partner, first_ts, last_ts, signals, archived, 1 FROM history WHERE hh = ?2 AND 1"
    " ON CONFLICT (hh, partner) DO UPDATE SET first_ts = min (first_ts, excluded.first_ts),"
    " last_ts = max (last_ts, excluded.last_ts), signals = signals + excluded.signals,"
    " archived = max (archived, excluded.archived)",
    "DELETE FROM history WHERE hh = ?2",
    "UPDATE matches SET hh = ?1 WHERE hh = ?2",
    "UPDATE referrals SET hh = ?1 WHERE hh = ?2",
    "UPDATE OR IGNORE consent SET hh = ?1 WHERE hh = ?2",
    "DELETE FROM consent WHERE hh = ?2",
    "UPDATE escalations SET hh = ?1 WHERE hh = ?2",
    "UPDATE agreements SET hh = ?1 WHERE hh = ?2",
    "UPDATE rounds SET hh = ?1 WHERE hh = ?2",
    "UPDATE households SET"
    " created = min (created, (SELECT created FROM households WHERE hh = ?2)),"
    " priority = max (priority, (SELECT priority FROM households WHERE hh = ?2)),"
    " referred_at = coalesce (min (referred_at, (SELECT referred_at FROM households WHERE hh = ?2)),"
    "  referred_at, (SELECT referred_at FROM households WHERE hh = ?2)) WHERE hh = ?1",
    /* a follow-up window of ?2 goes on in ?1 while nobody holds regie there
       (the former regisseur keeps receiving its signals until it ends)      */
    "UPDATE households SET former_team = o.former_team, former_casemanager = o.former_casemanager,"
    " closed_at = o.closed_at, follow_up_until = o.follow_up_until,"
    " phase = coalesce (households.phase, o.phase)"
    " FROM (SELECT * FROM households WHERE hh = ?2) AS o WHERE households.hh = ?1"
    " AND households.team IS NULL AND o.former_team IS NOT NULL"
    " AND o.follow_up_until > coalesce (households.follow_up_until, 0)",
    "DELETE FROM households WHERE hh = ?2",
};

static int
s_household_join (hub_store_t *store, int64_t into, int64_t other)
{
    for (size_t i = 0; i < sizeof s_join_sql / sizeof s_join_sql [0]; i++)
        if (hub_sql_exec (store, s_join_sql [i], "ii", into, other) != 0)
            return -1;
    return 0;
}

static int
s_household_ref_retire (hub_store_t *store, const uint8_t ref [REF], uint64_t until)
{
    if (hub_sql_exec (store, "INSERT OR REPLACE INTO household_former_refs"
                      " (ref, hh, kind, since, until) SELECT ref, hh, kind, added, ?2"
                      " FROM household_refs WHERE ref = ?1",
                      "bu", ref, (size_t) REF, until) != 0)
        return -1;
    return s_household_ref_remove (store, ref);
}

static int
s_household_move (hub_store_t *store, int64_t hh, const uint8_t address [REF],
                          uint64_t now)
{
    if (hub_sql_exec (store, "INSERT OR REPLACE INTO household_former_refs"
                      " (ref, hh, kind, since, until) SELECT ref, hh, kind, added, ?2"
                      " FROM household_refs WHERE hh = ?1 AND kind = 'address' AND ref != ?3",
                      "iub", hh, now, address, (size_t) REF) != 0
    ||  hub_sql_exec (store, "DELETE FROM household_refs WHERE hh = ?1 AND kind = 'address'",
                      "i", hh) != 0)
        return -1;
    return s_household_ref_add (store, hh, address, "address", now);
}

/* ---- consent and legal basis ---------------------------------------------- */

static int
s_consent_covers (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM consent WHERE hh = ?1 AND partner = ?2 AND withdrawn IS NULL"
        " AND valid_from <= ?3 AND valid_until > ?3",
        "isu", hh, partner, now);
    return s_read (rc, found);
}

static int
s_consent_standing (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM consent WHERE hh = ?1 AND partner = ?2 AND withdrawn IS NULL"
        " AND valid_until > ?3", "isu", hh, partner, now);
    return s_read (rc, found);
}

static int
s_consent_partners (hub_store_t *store, int64_t hh, uint64_t now,
                            char (*partners) [PID], size_t max, size_t *count)
{
    *count = 0;
    int rc = SQLITE_DONE;
    sqlite3_stmt *st = hub_sql (store,
        "SELECT partner FROM consent WHERE hh = ?1 AND withdrawn IS NULL AND valid_from <= ?2"
        " AND valid_until > ?2", "iu", hh, now);
    if (!st)
        return -1;
    while (*count < max && (rc = sqlite3_step (st)) == SQLITE_ROW)
        hub_sql_text (st, 0, partners [(*count)++], PID);
    hub_sql_done (st);
    return *count == max || rc == SQLITE_DONE ? 0 : -1;
}

static int
s_consent_record (hub_store_t *store, int64_t hh, const char *partner, const char *basis,
                          uint64_t from, uint64_t until, uint64_t now)
{
    return hub_sql_exec (store,
        "INSERT OR REPLACE INTO consent (hh, partner, basis, valid_from, valid_until, recorded, withdrawn)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)",
        "issuuu", hh, partner, basis, from, until, now);
}

static int
s_consent_withdraw (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
{
    return hub_sql_exec (store, "UPDATE consent SET withdrawn = ?3 WHERE hh = ?1 AND partner = ?2",
                         "isu", hh, partner, now);
}

/* ---- a casemanager's deputy ---------------------------------------------- */

static int
s_deputy_set (hub_store_t *store, const char *casemanager, const char *team, const char *deputy,
              uint64_t from, uint64_t until, const char *by, uint64_t now)
{
    return hub_sql_exec (store,
        "INSERT OR REPLACE INTO deputies (casemanager, deputy, team, valid_from, valid_until,"
        " named_by, named_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        "sssuusu", casemanager, deputy, team, from, until, by, now);
}

static int
s_deputy_get (hub_store_t *store, const char *casemanager, uint64_t now, bool running,
              char deputy [PID], uint64_t *from, uint64_t *until)
{
    sqlite3_stmt *st = hub_sql (store,
        "SELECT deputy, valid_from, valid_until FROM deputies WHERE casemanager = ?1"
        " AND valid_until > ?2 AND (?3 = 0 OR valid_from <= ?2)",
        "sui", casemanager, now, (int64_t) running);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        hub_sql_text (st, 0, deputy, PID);
        *from = (uint64_t) sqlite3_column_int64 (st, 1);
        *until = (uint64_t) sqlite3_column_int64 (st, 2);
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_deputy_end (hub_store_t *store, const char *casemanager, uint64_t now)
{
    return hub_sql_exec (store, "DELETE FROM deputies WHERE casemanager = ?1 AND valid_from > ?2",
                         "su", casemanager, now) != 0
        || hub_sql_exec (store, "UPDATE deputies SET valid_until = ?2 WHERE casemanager = ?1"
                         " AND valid_until > ?2", "su", casemanager, now) != 0 ? -1 : 0;
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_households_ops_t hub_sqlite_households = {
    .household_get = s_household_get,
    .household_of_ref = s_household_of_ref,
    .household_create = s_household_create,
    .household_ref_add = s_household_ref_add,
    .household_ref_remove = s_household_ref_remove,
    .household_ref_count = s_household_ref_count,
    .household_subject = s_household_subject,
    .object_household = s_object_household,
    .household_related = s_household_related,
    .household_referred = s_household_referred,
    .household_set_priority = s_household_set_priority,
    .household_created_at_first_signal = s_household_created_at_first_signal,
    .household_claim = s_household_claim,
    .household_set_phase = s_household_set_phase,
    .household_transfer = s_household_transfer,
    .household_close = s_household_close,
    .households_end_follow_up = s_households_end_follow_up,
    .phase_log = s_phase_log,
    .household_join = s_household_join,
    .household_ref_retire = s_household_ref_retire,
    .household_move = s_household_move,
    .consent_covers = s_consent_covers,
    .consent_standing = s_consent_standing,
    .consent_partners = s_consent_partners,
    .consent_record = s_consent_record,
    .consent_withdraw = s_consent_withdraw,
    .deputy_set = s_deputy_set,
    .deputy_get = s_deputy_get,
    .deputy_end = s_deputy_end,
};
