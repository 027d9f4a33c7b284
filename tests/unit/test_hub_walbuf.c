/*  test_hub_walbuf.c - the WAL's frames gathered into few writes
    (hub_walbuf): fewer system calls than frames, every commit visible to
    another connection at once (also without a sync), nothing lost on
    reopening.                                                              */
#include "testing.h"
#include "hub_sql.h"
#include "hub_walbuf.h"
#include "hub_store.h"
#include "proto_sign.h"

static int
s_count (sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step (st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64 (st, 0) : -1;
    sqlite3_finalize (st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/*  Writes n messages of size bytes in one transaction.                     */
static int
s_put (hub_store_t *store, int n, size_t size)
{
    static uint8_t envelope [8000];
    uint8_t sig [PROTO_SIGNATURE_BYTES] = { 0 }, digest [PROTO_DIGEST_BYTES] = { 0 };
    memset (envelope, 0x33, sizeof envelope);
    if (hub_store_begin (store) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        uint8_t id [PROTO_ID_BYTES];
        proto_id_new (id, proto_now_ms ());
        uint64_t seq;
        if (hub_store_put (store, id, "politie", "signal", 1, 1, digest, envelope, size, sig,
                           &seq) != 0)
            return -1;
    }
    return hub_store_commit (store);
}

static void
test_frames_are_gathered (void)
{
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    CHECK_INT (hub_walbuf_register (), 0);
    CHECK_INT (hub_walbuf_register (), 0);          /* once is enough      */
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    hub_walbuf_stats_t before, after;
    hub_walbuf_stats (&before);
    int rc = s_put (store, 500, 1000);
    hub_walbuf_stats (&after);
    hub_store_destroy (&store);
    CHECK_INT (rc, 0);
    unsigned long long writes = after.writes - before.writes;
    unsigned long long flushes = after.flushes - before.flushes;
    /* 500 rows of 1000 bytes: over a hundred pages, two writes per frame;
       a call writes up to 16 frames                                         */
    CHECK (writes >= 200);
    CHECK (flushes >= 1);
    CHECK (flushes * 10 < writes);
}

static void
test_every_commit_is_seen_at_once_and_kept (void)
{
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    /* another connection, through the default VFS with a file of its own  */
    sqlite3 *reader = NULL;
    CHECK_INT (sqlite3_open_v2 (path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    bool ok = true;
    long long seen = 0;
    for (int round = 1; round <= 30 && ok; round++) {
        /* without a sync, the shared-memory lock is what writes the frames */
        sqlite3_exec (hub_sqlite_db (store), round % 2 ? "PRAGMA synchronous = OFF"
                                                      : "PRAGMA synchronous = FULL",
                      NULL, NULL, NULL);
        ok = s_put (store, 7, 3000 + (size_t) round * 100) == 0
          && s_count (reader, "SELECT count (*) FROM messages", &seen) == 0
          && seen == round * 7;
    }
    long long bytes = 0;
    if (ok)
        ok = s_count (reader, "SELECT sum (length (envelope)) FROM messages", &bytes) == 0;
    sqlite3_close (reader);
    hub_store_destroy (&store);
    CHECK (ok);
    CHECK_INT (seen, 210);
    /* reopened: every row as written, and the file intact                  */
    store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    long long again = 0;
    s_count (hub_sqlite_db (store), "SELECT count (*) FROM messages", &again);
    int intact = hub_store_integrity (store, err, sizeof err);
    hub_store_destroy (&store);
    CHECK_INT (again, 210);
    CHECK_INT (intact, 0);
    long long want = 0;
    for (int round = 1; round <= 30; round++)
        want += 7LL * (3000 + round * 100);
    CHECK_INT (bytes, want);
}

void
suite_hub_walbuf (void)
{
    TEST_RUN ("hub_walbuf", test_frames_are_gathered);
    TEST_RUN ("hub_walbuf", test_every_commit_is_seen_at_once_and_kept);
}
