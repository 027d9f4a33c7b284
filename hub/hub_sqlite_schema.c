/*  hub_sqlite_schema.c - the sqlite backend's schema, as the migrations that
    build it, and the code that applies them (hub_sql.h).                   */
#include "hub_sql.h"
#include <stdio.h>

/*  Migrations: migration N brings the schema from version N-1 to N. Append
    only; never edit a released one.                                          */
static const char *s_migrations [] = {
    /* 1: messages, delivery queues, batches, audit                          */
    "CREATE TABLE messages ("
    "  seq INTEGER PRIMARY KEY,"
    "  id BLOB NOT NULL UNIQUE,"
    "  author TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  received INTEGER NOT NULL,"
    "  digest BLOB NOT NULL,"
    "  envelope BLOB,"                  /* NULL once retention removed it   */
    "  signature BLOB);"
    "CREATE TABLE deliveries ("
    "  recipient TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  PRIMARY KEY (recipient, seq)) WITHOUT ROWID;"
    "CREATE TABLE batches ("
    "  batch INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  leaves INTEGER NOT NULL,"
    "  root BLOB NOT NULL,"
    "  audit_seq INTEGER NOT NULL,"
    "  audit_head BLOB NOT NULL,"
    "  head BLOB NOT NULL,"
    "  signature BLOB NOT NULL);"
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object BLOB,"
    "  subject BLOB,"
    "  result TEXT NOT NULL,"
    "  origin TEXT NOT NULL,"
    "  digest BLOB,"
    "  hash BLOB NOT NULL);"
    "CREATE INDEX audit_subject ON audit (subject) WHERE subject IS NOT NULL;",

    /* 2: households, regie, signals, matches, referrals, consent           */
    "CREATE TABLE households ("
    "  hh INTEGER PRIMARY KEY,"
    "  created INTEGER NOT NULL,"
    "  team TEXT,"                      /* regie held by (NULL: nobody)     */
    "  casemanager TEXT,"
    "  phase TEXT,"
    "  since INTEGER,"                  /* regie held since                 */
    "  phase_since INTEGER,"
    "  former_team TEXT,"               /* after closing, for follow-up     */
    "  former_casemanager TEXT,"
    "  closed_at INTEGER,"
    "  follow_up_until INTEGER,"
    "  priority INTEGER NOT NULL DEFAULT 0,"
    "  referred_at INTEGER);"           /* first referral, for reports      */
    "CREATE INDEX households_team ON households (team) WHERE team IS NOT NULL;"
    "CREATE INDEX households_follow_up ON households (follow_up_until) WHERE former_team IS NOT NULL;"
    "CREATE TABLE household_refs ("
    "  ref BLOB PRIMARY KEY,"
    "  hh INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"             /* person | address                 */
    "  added INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX household_refs_hh ON household_refs (hh);"
    "CREATE TABLE phases ("
    "  hh INTEGER NOT NULL, ts INTEGER NOT NULL, phase TEXT NOT NULL,"
    "  team TEXT, author TEXT NOT NULL, reason TEXT);"
    "CREATE INDEX phases_hh ON phases (hh, ts);"
    "CREATE TABLE signals ("
    "  seq INTEGER PRIMARY KEY,"        /* the message                      */
    "  hh INTEGER NOT NULL,"
    "  partner TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  leefgebied TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  kind TEXT,"
    "  recipient TEXT,"
    "  contact TEXT,"
    "  led_to_regie INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX signals_hh ON signals (hh, ts);"
    "CREATE INDEX signals_ts ON signals (ts);"
    "CREATE TABLE history ("             /* expired signals, no content      */
    "  hh INTEGER NOT NULL, partner TEXT NOT NULL,"
    "  first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, signals INTEGER NOT NULL,"
    "  archived INTEGER NOT NULL, told INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (hh, partner)) WITHOUT ROWID;"
    "CREATE TABLE matches ("
    "  match BLOB PRIMARY KEY,"         /* id of the match event            */
    "  hh INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  deadline INTEGER NOT NULL,"
    "  escalate_at INTEGER NOT NULL,"
    "  team TEXT) WITHOUT ROWID;"
    "CREATE TABLE match_parties ("
    "  match BLOB NOT NULL, partner TEXT NOT NULL,"
    "  confirmed INTEGER, outcome TEXT, reminded INTEGER, escalated INTEGER,"
    "  PRIMARY KEY (match, partner)) WITHOUT ROWID;"
    "CREATE INDEX match_parties_open ON match_parties (partner) WHERE confirmed IS NULL;"
    "CREATE TABLE referrals ("
    "  seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, hh INTEGER NOT NULL,"
    "  team TEXT NOT NULL, referrer TEXT NOT NULL, introducer TEXT NOT NULL,"
    "  ts INTEGER NOT NULL, status TEXT NOT NULL, decided INTEGER);"
    "CREATE INDEX referrals_hh ON referrals (hh);"
    "CREATE TABLE consent ("
    "  hh INTEGER NOT NULL, partner TEXT NOT NULL, basis TEXT NOT NULL,"
    "  valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
    "  recorded INTEGER NOT NULL, withdrawn INTEGER,"
    "  PRIMARY KEY (hh, partner)) WITHOUT ROWID;"
    "CREATE TABLE escalations ("
    "  escalation BLOB PRIMARY KEY, hh INTEGER, team TEXT, partner TEXT NOT NULL,"
    "  reason TEXT NOT NULL, object BLOB, history TEXT NOT NULL, created INTEGER NOT NULL,"
    "  resolved INTEGER, resolved_by TEXT, note TEXT) WITHOUT ROWID;"
    "CREATE TABLE agreements ("
    "  agreement BLOB PRIMARY KEY, hh INTEGER NOT NULL, owner TEXT NOT NULL,"
    "  regisseur TEXT NOT NULL, leefgebied TEXT NOT NULL, due INTEGER NOT NULL,"
    "  round BLOB, status TEXT NOT NULL, created INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  accepted_seq INTEGER, changed INTEGER NOT NULL, reminded INTEGER, overdue INTEGER,"
    "  stagnations INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE INDEX agreements_hh ON agreements (hh);"
    "CREATE INDEX agreements_owner ON agreements (owner, hh);",

    /* 3: coordination rounds, progress reports, the agreements' history     */
    "CREATE TABLE rounds ("
    "  round BLOB PRIMARY KEY, hh INTEGER NOT NULL, number INTEGER NOT NULL,"
    "  at INTEGER NOT NULL, regisseur TEXT NOT NULL, place TEXT, created INTEGER NOT NULL,"
    "  held INTEGER, next INTEGER, reminded INTEGER) WITHOUT ROWID;"
    "CREATE INDEX rounds_hh ON rounds (hh, number);"
    "CREATE INDEX rounds_open ON rounds (at) WHERE held IS NULL;"
    "CREATE TABLE round_partners ("
    "  round BLOB NOT NULL, partner TEXT NOT NULL, invited INTEGER NOT NULL,"
    "  present INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (round, partner)) WITHOUT ROWID;"
    "CREATE TABLE progress ("
    "  seq INTEGER PRIMARY KEY, round BLOB NOT NULL, partner TEXT NOT NULL, agreement BLOB,"
    "  status TEXT NOT NULL, note TEXT, ts INTEGER NOT NULL);"
    "CREATE INDEX progress_round ON progress (round);"
    "ALTER TABLE agreements ADD COLUMN action TEXT;"
    "ALTER TABLE agreements ADD COLUMN chased INTEGER;"
    "ALTER TABLE agreements ADD COLUMN escalated INTEGER;"
    "ALTER TABLE agreements ADD COLUMN done INTEGER;"
    "CREATE INDEX agreements_open ON agreements (due) WHERE status IN ('proposed', 'accepted', 'overdue');"
    "CREATE TABLE agreement_log ("
    "  agreement BLOB NOT NULL, ts INTEGER NOT NULL, status TEXT NOT NULL,"
    "  author TEXT NOT NULL, seq INTEGER, note TEXT);"
    "CREATE INDEX agreement_log_agreement ON agreement_log (agreement, ts);"
    "CREATE INDEX escalations_open ON escalations (team) WHERE resolved IS NULL;",

    /* 4: find a signed head by its audit position (audit extension checks)  */
    "CREATE INDEX batches_audit ON batches (audit_seq);",

    /* 5: no index on the audit entries' subjects. Its one reader, the
       access report, reads the whole audit log in any case (entries about
       the household's messages are found by object); the index put a
       random 32-byte key into a b-tree for nearly every entry: a page
       written (and checkpointed) per message, about a third of what the
       hub wrote to disk, and 45 bytes stored per message.                   */
    "DROP INDEX IF EXISTS audit_subject;",

    /* 6: a declined referral remembers the decline's message, so that
       retention can remove both envelopes when the referral has expired     */
    "ALTER TABLE referrals ADD COLUMN decided_seq INTEGER;",

    /* 7: an address a household moved away from, with the time it lived
       there (since .. until). It no longer finds the household (a new
       family may live there), but what was said about it in that time
       stays the household's: the access report shows it and retention
       empties it with the household's other messages.                       */
    "CREATE TABLE household_former_refs ("
    "  ref BLOB NOT NULL, hh INTEGER NOT NULL, kind TEXT NOT NULL,"
    "  since INTEGER NOT NULL, until INTEGER NOT NULL,"
    "  PRIMARY KEY (ref, hh, since)) WITHOUT ROWID;"
    "CREATE INDEX household_former_refs_hh ON household_former_refs (hh);",

    /* 8: an agreement the hub makes itself has a kind (PT_AGREEMENT_KIND)
       and no action of its own: the reader renders it in her language.
       The introducer's continuity agreements of before held the hub's
       English sentence as their action.                                     */
    "ALTER TABLE agreements ADD COLUMN kind TEXT NOT NULL DEFAULT '';"
    "UPDATE agreements SET kind = 'continuity', action = ''"
    " WHERE action LIKE 'Be available again when the intensive phase ends%';",

    /* 9: a signal not received in time (hub_signals.h, the unseen timer):
       when the team was told, and when its sender learned it arrived. The
       index holds only the few told and not yet received.                  */
    "ALTER TABLE signals ADD COLUMN unseen_told INTEGER;"
    "ALTER TABLE signals ADD COLUMN seen_told INTEGER;"
    "CREATE INDEX signals_seen_late ON signals (seq)"
    " WHERE unseen_told IS NOT NULL AND seen_told IS NULL;",

    /* 10: a casemanager's deputy (vervanger) for a period (hub_deputy.h):
       one per casemanager, a new one replaces it. Looked up by the
       casemanager on every delivery, so keyed by her.                      */
    "CREATE TABLE deputies ("
    "  casemanager TEXT PRIMARY KEY, deputy TEXT NOT NULL, team TEXT NOT NULL,"
    "  valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
    "  named_by TEXT NOT NULL, named_at INTEGER NOT NULL) WITHOUT ROWID;",
};
#define MIGRATIONS (sizeof s_migrations / sizeof s_migrations [0])
_Static_assert (MIGRATIONS == HUB_STORE_SCHEMA_VERSION, "one migration per schema version");

int
hub_sqlite_exec (sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf (err, errlen, "store: %s", msg ? msg : sqlite3_errmsg (db));
        sqlite3_free (msg);
        return -1;
    }
    return 0;
}

static int
s_user_version (sqlite3 *db, int *version)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *version = sqlite3_column_int (st, 0);
    sqlite3_finalize (st);
    return rc;
}

int
hub_sqlite_migrate (sqlite3 *db, char *err, size_t errlen)
{
    int version;
    if (s_user_version (db, &version) != 0) {
        snprintf (err, errlen, "store: cannot read the schema version: %s", sqlite3_errmsg (db));
        return -1;
    }
    if (version > (int) MIGRATIONS) {
        snprintf (err, errlen, "store: schema version %d is newer than this program (%d)",
                  version, (int) MIGRATIONS);
        return -1;
    }
    for (int v = version; v < (int) MIGRATIONS; v++) {
        char sql [64];
        snprintf (sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (hub_sqlite_exec (db, "BEGIN IMMEDIATE", err, errlen) != 0)
            return -1;
        if (hub_sqlite_exec (db, s_migrations [v], err, errlen) != 0
        ||  hub_sqlite_exec (db, sql, err, errlen) != 0) {
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        if (hub_sqlite_exec (db, "COMMIT", err, errlen) != 0)
            return -1;
    }
    return 0;
}

