/*  test_hub_verify.c - the signature workers (hub_verify) and the WAL
    checkpoint thread (hub_checkpoint): results in place, none skipped or
    mixed up, whatever the thread count; the WAL stays bounded.            */
#include "testing.h"
#include "hub_verify.h"
#include "hub_checkpoint.h"
#include "proto_sign.h"
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#define ITEMS 203                       /* not a multiple of the chunk size  */

typedef struct {
    uint8_t pk [crypto_sign_PUBLICKEYBYTES], sk [crypto_sign_SECRETKEYBYTES];
    uint8_t msg [ITEMS][40];
    uint8_t sig [ITEMS][crypto_sign_BYTES];
    hub_verify_item_t items [ITEMS];
} batch_t;

/*  Every 7th signature is broken, every 11th message altered after signing. */
static void
s_batch (batch_t *b)
{
    crypto_sign_keypair (b->pk, b->sk);
    for (int i = 0; i < ITEMS; i++) {
        randombytes_buf (b->msg [i], sizeof b->msg [i]);
        crypto_sign_detached (b->sig [i], NULL, b->msg [i], sizeof b->msg [i], b->sk);
        if (i % 7 == 3)
            b->sig [i][5] ^= 1;
        if (i % 11 == 4)
            b->msg [i][0] ^= 0x80;
        b->items [i] = (hub_verify_item_t) { b->sig [i], b->msg [i], sizeof b->msg [i], b->pk, 99 };
    }
}

static bool
s_results_right (const batch_t *b)
{
    for (int i = 0; i < ITEMS; i++) {
        int want = (i % 7 == 3 || i % 11 == 4) ? -1 : 0;
        if (b->items [i].result != want)
            return false;
    }
    return true;
}

static void
test_every_thread_count_gives_the_same_results (void)
{
    static batch_t b;
    for (unsigned threads = 0; threads <= 3; threads++) {
        s_batch (&b);
        hub_verify_t *v = hub_verify_new (threads);
        CHECK (v);
        hub_verify_run (v, b.items, ITEMS);
        bool right = s_results_right (&b);
        hub_verify_destroy (&v);
        CHECK (v == NULL);
        CHECK (right);
    }
}

static void
test_start_then_finish_in_turn (void)
{
    static batch_t a, b;
    hub_verify_t *v = hub_verify_new (1);
    CHECK (v);
    for (int round = 0; round < 20; round++) {
        batch_t *x = round % 2 ? &a : &b;
        s_batch (x);
        hub_verify_start (v, x->items, ITEMS, round % 4 != 3);
        /* the caller works on something else meanwhile                     */
        uint8_t sink [32];
        for (int k = 0; k < 50; k++)
            proto_digest (sink, x->msg [k % ITEMS], 40);
        hub_verify_finish (v);
        if (!s_results_right (x)) {
            hub_verify_destroy (&v);
            CHECK (!"results of a round are wrong");
        }
    }
    /* an empty batch, and finish without a start, return at once          */
    hub_verify_start (v, NULL, 0, true);
    hub_verify_finish (v);
    hub_verify_finish (v);
    hub_verify_destroy (&v);
}

static uint64_t
s_file_size (const char *path)
{
    struct stat st;
    return stat (path, &st) == 0 ? (uint64_t) st.st_size : 0;
}

static void
test_checkpoints_run_off_the_writer (void)
{
    char path [512], wal [520], err [256];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    snprintf (wal, sizeof wal, "%s-wal", path);
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    hub_checkpoint_t *ck = hub_checkpoint_new (store, path, 1000, 4000, err, sizeof err);
    CHECK (ck);
    /* about 4 pages per transaction: a few thousand pages in all            */
    uint8_t envelope [3000];
    memset (envelope, 0x5a, sizeof envelope);
    uint8_t sig [PROTO_SIGNATURE_BYTES] = { 0 }, digest [PROTO_DIGEST_BYTES] = { 0 };
    bool ok = true;
    for (int t = 0; t < 3000 && ok; t++) {
        uint8_t id [PROTO_ID_BYTES];
        proto_id_new (id, proto_now_ms ());
        uint64_t seq;
        ok = hub_store_begin (store) == 0
          && hub_store_put (store, id, "politie", "signal", 1, 1, digest, envelope,
                            sizeof envelope, sig, &seq) == 0
          && hub_store_commit (store) == 0;
    }
    /* the thread had time to finish its last pass                          */
    hub_checkpoint_stats_t cs = { 0 };
    for (int wait = 0; wait < 200; wait++) {
        hub_checkpoint_stats (ck, &cs);
        if (cs.runs >= 1)
            break;
        usleep (10000);
    }
    uint64_t wal_bytes = s_file_size (wal);
    uint64_t count = 0, bytes = 0;
    hub_store_message_stats (store, &count, &bytes);
    hub_checkpoint_destroy (&ck);
    CHECK (ck == NULL);
    hub_store_destroy (&store);
    CHECK (ok);
    CHECK_INT (count, 3000);
    CHECK (cs.runs >= 1);
    /* from 1000 pages on, once per 250 pages of growth (a dozen per
       catch-up), not after every commit (that was ~2000 runs)               */
    CHECK (cs.runs <= 60);
    CHECK_INT (cs.failures, 0);
    /* about 12000 frames were written; the WAL starts over after each
       catch-up, so the file never held more than the bound                  */
    CHECK (cs.forced >= 1);
    CHECK (cs.wal_pages < 4000);
    CHECK (wal_bytes <= (uint64_t) (4000 + 100) * 4120);
}

static void
test_checkpoint_needs_a_readable_store (void)
{
    char path [512], err [256] = "";
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    CHECK (store);
    char missing [600];
    snprintf (missing, sizeof missing, "%s/no/such/dir/hub.db", test_tmpdir ());
    hub_checkpoint_t *ck = hub_checkpoint_new (store, missing, 0, 0, err, sizeof err);
    hub_store_destroy (&store);
    CHECK (ck == NULL);
    CHECK (strstr (err, "checkpoint") != NULL);
}

void
suite_hub_verify (void)
{
    TEST_RUN ("hub_verify", test_every_thread_count_gives_the_same_results);
    TEST_RUN ("hub_verify", test_start_then_finish_in_turn);
    TEST_RUN ("hub_verify", test_checkpoints_run_off_the_writer);
    TEST_RUN ("hub_verify", test_checkpoint_needs_a_readable_store);
}
