/*  test_hub_store.c - the store's schema: a store of an earlier version is
    migrated on open, keeping its rows.                                      */
#include "testing.h"
#include "hub_store.h"
#include "hub_sql.h"
#include "hub_store_households.h"
#include "hub_lock.h"
#include "proto_lang.h"
#include <unistd.h>
#include <stdlib.h>
#include <time.h>
#include "proto_sign.h"

static long long
s_int (sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step (st) == SQLITE_ROW)
        v = sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
    return v;
}

/*  A version-4 store (with the audit subject index that version 5 drops,
    without the referrals' decided_seq that version 6 adds and the former
    addresses' table of version 7, nor the deputies of version 10) opens as
    the current version: no index, the new columns and tables, every row
    kept.                                                                     */
static void
test_version_4_is_migrated (void)
{
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    sqlite3 *db = hub_sqlite_db (store);
    CHECK_INT (s_int (db, "PRAGMA user_version"), HUB_STORE_SCHEMA_VERSION);
    uint8_t envelope [300], sig [PROTO_SIGNATURE_BYTES] = { 0 }, digest [PROTO_DIGEST_BYTES] = { 0 };
    memset (envelope, 0x21, sizeof envelope);
    uint8_t id [PROTO_ID_BYTES];
    uint64_t seq = 0;
    proto_id_new (id, proto_now_ms ());
    CHECK_INT (hub_store_begin (store), 0);
    CHECK_INT (hub_store_put (store, id, "politie", "signal", 1, 1, digest, envelope,
                              sizeof envelope, sig, &seq), 0);
    CHECK_INT (hub_store_commit (store), 0);
    /* back to version 4 as it was written                                   */
    const char *version_4 =
        "INSERT INTO audit (seq, ts, actor, action, subject, result, origin, hash)"
        " VALUES (1, 1, 'politie', 'signal', x'01', 'stored', '', x'02');"
        "CREATE INDEX audit_subject ON audit (subject) WHERE subject IS NOT NULL;"
        "ALTER TABLE referrals DROP COLUMN decided_seq;"
        "DROP TABLE household_former_refs;"
        "ALTER TABLE agreements DROP COLUMN kind;"
        "DROP INDEX signals_seen_late;"
        "ALTER TABLE signals DROP COLUMN unseen_told;"
        "ALTER TABLE signals DROP COLUMN seen_told;"
        "DROP TABLE deputies;"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status,"
        " created, seq, changed, action) VALUES"
        " (x'04040404040404040404040404040404', 1, 'politie', 'cm', 'gezin', 5, 'proposed', 1, 1,"
        " 1, 'Be available again when the intensive phase ends (continuity of the introducing"
        " partner).'),"
        " (x'05050505050505050505050505050505', 1, 'school', 'cm', 'gezin', 5, 'proposed', 1, 1,"
        " 1, 'Verzuimgesprek');"
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status, decided)"
        " VALUES (1, x'03', 1, 'acm', 'school', 'politie', 1, 'declined', 2);"
        "PRAGMA user_version = 4;";
    CHECK_INT (sqlite3_exec (db, version_4, NULL, NULL, NULL), SQLITE_OK);
    hub_store_destroy (&store);
    store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    db = hub_sqlite_db (store);
    CHECK_INT (s_int (db, "PRAGMA user_version"), 10);
    /* 8: the hub's English sentence became a kind; a regisseur's words stay */
    CHECK_INT (s_int (db, "SELECT count (*) FROM agreements WHERE owner = 'politie'"
                          " AND kind = 'continuity' AND action = ''"), 1);
    CHECK_INT (s_int (db, "SELECT count (*) FROM agreements WHERE owner = 'school'"
                          " AND kind = '' AND action = 'Verzuimgesprek'"), 1);
    CHECK_INT (s_int (db, "SELECT count (*) FROM household_former_refs"), 0);
    CHECK_INT (s_int (db, "SELECT count (*) FROM signals WHERE unseen_told IS NOT NULL"), 0);
    /* 10: the deputies' table, empty, and usable                            */
    CHECK_INT (s_int (db, "SELECT count (*) FROM deputies"), 0);
    CHECK_INT (hub_store_begin (store), 0);
    CHECK_INT (hub_store_deputy_set (store, "cm-anna", "acm", "cm-bram", 10, 20, "cm-anna", 5), 0);
    CHECK_INT (hub_store_commit (store), 0);
    CHECK_INT (s_int (db, "SELECT count (*) FROM deputies WHERE deputy = 'cm-bram'"), 1);
    CHECK_INT (s_int (db, "SELECT count (*) FROM sqlite_schema WHERE name = 'audit_subject'"), 0);
    CHECK_INT (s_int (db, "SELECT count (*) FROM referrals WHERE status = 'declined'"
                          " AND decided_seq IS NULL"), 1);
    CHECK_INT (s_int (db, "SELECT count (*) FROM messages"), 1);
    CHECK_INT (s_int (db, "SELECT count (*) FROM audit WHERE subject = x'01'"), 1);
    CHECK_INT (hub_store_integrity (store, err, sizeof err), 0);
    hub_store_destroy (&store);
}

/*  A store of a later version than this program knows is refused.          */
static void
test_a_newer_store_is_refused (void)
{
    char path [512], err [256] = "";
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    CHECK_INT (sqlite3_exec (hub_sqlite_db (store), "PRAGMA user_version = 99", NULL, NULL, NULL),
               SQLITE_OK);
    hub_store_destroy (&store);
    store = hub_store_open (path, err, sizeof err);
    CHECK (store == NULL);
    CHECK (strstr (err, "99") != NULL);
}

/*  One holder of a store's lock at a time; the refusal names the holder's
    pid, in the language set up; once released it can be taken again.       */
static void
test_the_lock_has_one_holder (void)
{
    bool had_tz = getenv ("TZ") != NULL;    /* proto_lang_setup sets it     */
    proto_lang_setup (PROTO_LANG_EN, NULL);
    char path [512], err [256] = "", pid [32];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    hub_lock_t *first = hub_lock_take (path, err, sizeof err);
    CHECK (first);
    hub_lock_t *second = hub_lock_take (path, err, sizeof err);
    CHECK (second == NULL);
    snprintf (pid, sizeof pid, "(pid %ld,", (long) getpid ());
    CHECK (strstr (err, "a hub is running on this store") != NULL);
    CHECK (strstr (err, pid) != NULL);
    hub_lock_release (&first);
    CHECK (first == NULL);
    second = hub_lock_take (path, err, sizeof err);
    CHECK (second);
    hub_lock_release (&second);
    snprintf (path, sizeof path, "%s/no/such/dir/hub.db", test_tmpdir ());
    CHECK (hub_lock_take (path, err, sizeof err) == NULL);
    CHECK (strstr (err, "cannot open the lock file") != NULL);
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK (hub_lock_take (path, err, sizeof err) == NULL);
    CHECK (strstr (err, "kan het slotbestand") != NULL);
    proto_lang_setup (PROTO_LANG_EN, NULL);
    if (!had_tz) {
        unsetenv ("TZ");
        tzset ();
    }
}

void
suite_hub_store (void)
{
    TEST_RUN ("hub_store", test_version_4_is_migrated);
    TEST_RUN ("hub_store", test_a_newer_store_is_refused);
    TEST_RUN ("hub_store", test_the_lock_has_one_holder);
}
