/*  test_hub_store_backend.c - the store's backends and its fault injection:
    the mem backend keeps the contract without a file, the sqlite backend
    needs one, and an injected fault fails exactly the calls it names
    without reaching the backend.                                            */
#include "testing.h"
#include "hub_store.h"
#include "proto_sign.h"
#include <dirent.h>

/*  Stores one message with a fresh id; its seq, or 0 when the put failed.  */
static uint64_t
s_put (hub_store_t *store, uint8_t id [PROTO_ID_BYTES])
{
    uint8_t envelope [64], sig [PROTO_SIGNATURE_BYTES] = { 0 }, digest [PROTO_DIGEST_BYTES] = { 0 };
    memset (envelope, 0x5a, sizeof envelope);
    proto_id_new (id, proto_now_ms ());
    uint64_t seq = 0;
    if (hub_store_put (store, id, "politie", "signal", 1, 1, digest, envelope, sizeof envelope,
                       sig, &seq) != 0)
        return 0;
    return seq;
}

static size_t
s_files (const char *dir)
{
    size_t n = 0;
    DIR *d = opendir (dir);
    for (struct dirent *e; d && (e = readdir (d)); )
        if (e->d_name [0] != '.')
            n++;
    if (d)
        closedir (d);
    return n;
}

/*  Two mem stores are each their own, keep what was put and write no file. */
static void
mem_keeps_the_contract_without_a_file (void)
{
    char err [256] = "";
    size_t before = s_files (test_tmpdir ());
    hub_store_t *a = hub_store_open_with (&hub_store_mem, NULL, err, sizeof err);
    hub_store_t *b = hub_store_open_with (&hub_store_mem, NULL, err, sizeof err);
    CHECK (a && b);
    CHECK_STR (hub_store_backend_name (a), "mem");
    uint8_t id [PROTO_ID_BYTES];
    CHECK_INT (hub_store_begin (a), 0);
    uint64_t seq = s_put (a, id);
    CHECK_INT (hub_store_commit (a), 0);
    CHECK_INT (seq, 1);
    hub_stored_t found;
    CHECK_INT (hub_store_find (a, id, &found), 1);
    CHECK_INT (found.seq, 1);
    CHECK_STR (found.author, "politie");
    CHECK_INT (hub_store_find (b, id, &found), 0);
    uint64_t last = 9;
    CHECK_INT (hub_store_last_seq (b, &last), 0);
    CHECK_INT (last, 0);
    CHECK_INT (s_files (test_tmpdir ()), before);
    hub_store_destroy (&a);
    hub_store_destroy (&b);
    hub_store_destroy (&b);             /* a second destroy is harmless      */
    CHECK (!b);
}

/*  The sqlite backend refuses to open without a path, and says so.         */
static void
sqlite_needs_a_path (void)
{
    char err [256] = "";
    hub_store_t *store = hub_store_open_with (&hub_store_sqlite, NULL, err, sizeof err);
    CHECK (!store);
    CHECK (strstr (err, "needs a path"));
    store = hub_store_open ("", err, sizeof err);
    CHECK (!store);
}

/*  The nth call from now fails and no other; it never reaches the backend
    (the failed put stores nothing), and the error says it was injected.   */
static void
the_nth_call_fails_alone (void)
{
    char err [256];
    hub_store_t *store = hub_store_open_with (&hub_store_mem, NULL, err, sizeof err);
    CHECK (store);
    CHECK_INT (hub_store_begin (store), 0);
    uint64_t calls = hub_store_calls (store);
    CHECK_INT (calls, 1);
    hub_store_inject_fault (store, 2, false);
    uint8_t id1 [PROTO_ID_BYTES], id2 [PROTO_ID_BYTES], id3 [PROTO_ID_BYTES];
    CHECK_INT (s_put (store, id1), 1);
    CHECK_INT (s_put (store, id2), 0);
    CHECK_STR (hub_store_error (store), "injected fault");
    CHECK_INT (s_put (store, id3), 2);
    CHECK (strcmp (hub_store_error (store), "injected fault") != 0);
    hub_stored_t found;
    CHECK_INT (hub_store_find (store, id2, &found), 0);
    CHECK_INT (hub_store_find (store, id3, &found), 1);
    CHECK_INT (hub_store_calls (store), calls + 5);
    hub_store_rollback (store);
    hub_store_destroy (&store);
}

/*  Onwards: every call from the nth fails until the fault is ended; the
    calls that cannot fail (rollbacks) still run and are not counted.       */
static void
onwards_fails_every_call_until_ended (void)
{
    char err [256];
    hub_store_t *store = hub_store_open_with (&hub_store_mem, NULL, err, sizeof err);
    CHECK (store);
    CHECK_INT (hub_store_begin (store), 0);
    hub_store_inject_fault (store, 1, true);
    uint8_t id [PROTO_ID_BYTES];
    uint64_t last = 0;
    CHECK_INT (s_put (store, id), 0);
    CHECK_INT (hub_store_last_seq (store, &last), -1);
    CHECK_INT (hub_store_commit (store), -1);
    uint64_t calls = hub_store_calls (store);
    hub_store_rollback (store);
    CHECK_INT (hub_store_calls (store), calls);
    hub_store_inject_fault (store, 0, false);
    CHECK_INT (hub_store_begin (store), 0);
    CHECK_INT (s_put (store, id), 1);
    CHECK_INT (hub_store_commit (store), 0);
    hub_store_destroy (&store);
}

/*  The same injection fails the sqlite backend's calls: it lives in the
    dispatch, not in a backend.                                              */
static void
faults_reach_the_sqlite_backend_too (void)
{
    char err [256], path [512];
    snprintf (path, sizeof path, "%s/faults.db", test_tmpdir ());
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    CHECK_STR (hub_store_backend_name (store), "sqlite");
    hub_store_inject_fault (store, 1, false);
    CHECK_INT (hub_store_begin (store), -1);
    CHECK_INT (hub_store_begin (store), 0);
    uint8_t id [PROTO_ID_BYTES];
    CHECK_INT (s_put (store, id), 1);
    CHECK_INT (hub_store_commit (store), 0);
    hub_store_destroy (&store);
}

void
suite_hub_store_backend (void)
{
    TEST_RUN ("hub_store_backend", mem_keeps_the_contract_without_a_file);
    TEST_RUN ("hub_store_backend", sqlite_needs_a_path);
    TEST_RUN ("hub_store_backend", the_nth_call_fails_alone);
    TEST_RUN ("hub_store_backend", onwards_fails_every_call_until_ended);
    TEST_RUN ("hub_store_backend", faults_reach_the_sqlite_backend_too);
}
