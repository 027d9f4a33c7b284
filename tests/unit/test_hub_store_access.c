/*  test_hub_store_access.c - the audit entries about one household
    (hub_store_access.h): which entries belong to it, in log order, and
    what each entry carries.

    Messages and audit entries are written through the store; households,
    their refs, rounds, agreements and escalations with plain SQL, as no
    repository writes them yet.                                              */
#include "testing.h"
#include "store_fixture.h"
#include "hub_sql.h"
#include "hub_store.h"
#include "hub_store_access.h"

#define s_open      store_fixture_open
#define s_close     store_fixture_discard
#define s_exec      store_fixture_exec

/*  A stored message with id {n, n, ...} of type.                            */
static int
s_message (hub_store_t *store, uint8_t n, const char *type, uint64_t *seq)
{
    uint8_t id [PROTO_ID_BYTES], digest [PROTO_DIGEST_BYTES], sig [PROTO_SIGNATURE_BYTES] = { 0 };
    memset (id, n, sizeof id);
    memset (digest, n, sizeof digest);
    uint64_t ignored;
    return hub_store_put (store, id, "politie", type, n, n, digest, (const uint8_t *) "env", 3,
                          sig, seq ? seq : &ignored);
}

/*  An audit entry; subject {s, ...} unless s is 0, object {o, ...} unless
    o is 0.                                                                   */
static int
s_audit (hub_store_t *store, uint64_t seq, uint64_t ts, const char *actor, const char *action,
         uint8_t s, uint8_t o, const char *result)
{
    hub_audit_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = seq;
    row.ts = ts;
    snprintf (row.actor, sizeof row.actor, "%s", actor);
    snprintf (row.action, sizeof row.action, "%s", action);
    snprintf (row.result, sizeof row.result, "%s", result);
    row.has_subject = s != 0;
    memset (row.subject, s, sizeof row.subject);
    row.has_object = o != 0;
    memset (row.object, o, sizeof row.object);
    memset (row.hash, (int) seq, sizeof row.hash);
    return hub_store_audit_put (store, &row);
}

/*  Household 1 has person ref {0x11, ...} and address {0x12, ...};
    household 2 has person ref {0x21, ...}.                                   */
static int
s_households (hub_store_t *store)
{
    return s_exec (store,
        "INSERT INTO households (hh, created) VALUES (1, 1), (2, 1);"
        "INSERT INTO household_refs (ref, hh, kind, added) VALUES"
        " (x'1111111111111111111111111111111111111111111111111111111111111111', 1, 'person', 1),"
        " (x'1212121212121212121212121212121212121212121212121212121212121212', 1, 'address', 1),"
        " (x'2121212121212121212121212121212121212121212121212121212121212121', 2, 'person', 1);");
}

typedef struct {
    size_t count;
    hub_access_entry_t rows [16];
    size_t stop_after;
} entries_t;

static int
s_collect (void *arg, const hub_access_entry_t *entry)
{
    entries_t *e = (entries_t *) arg;
    if (e->count < 16)
        e->rows [e->count] = *entry;
    e->count++;
    return e->stop_after && e->count >= e->stop_after ? -1 : 0;
}

static int
s_entries (hub_store_t *store, uint8_t ref_byte, entries_t *out)
{
    uint8_t ref [PROTO_REF_BYTES];
    memset (ref, ref_byte, sizeof ref);
    memset (out, 0, sizeof *out);
    return hub_store_access_entries (store, ref, s_collect, out);
}

/*  Asking by any of the household's refs finds the entries about each of
    them and the other entries about the same message (its deliveries), in
    log order, with their fields and the message's type; another
    household's entries are not found.                                       */
static void
test_entries_about_the_households_refs_in_log_order (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    CHECK_INT (s_message (store, 0xA1, "signal", NULL), 0);
    CHECK_INT (s_audit (store, 1, 100, "politie", "signal", 0x11, 0xA1, "stored; to acm"), 0);
    CHECK_INT (s_audit (store, 2, 110, "school", "regiecheck", 0x12, 0, "none"), 0);
    CHECK_INT (s_audit (store, 3, 120, "wijk", "signal", 0x21, 0, "stored"), 0);
    CHECK_INT (s_audit (store, 4, 130, "politie", "queued", 0, 0xA1, "to wijk"), 0);
    entries_t e;
    CHECK_INT (s_entries (store, 0x12, &e), 0);
    CHECK_INT (e.count, 3);
    CHECK_INT (e.rows [0].ts, 100);
    CHECK_STR (e.rows [0].actor, "politie");
    CHECK_STR (e.rows [0].action, "signal");
    CHECK (strcmp (e.rows [0].result, "stored; to acm") == 0);
    CHECK (e.rows [0].has_object);
    CHECK_INT (e.rows [0].object [0], 0xA1);
    CHECK_STR (e.rows [0].type, "signal");
    CHECK_STR (e.rows [1].action, "regiecheck");
    CHECK (!e.rows [1].has_object);
    CHECK_STR (e.rows [1].type, "");
    CHECK_INT (e.rows [2].ts, 130);
    CHECK (strcmp (e.rows [2].result, "to wijk") == 0);
    CHECK_STR (e.rows [2].type, "signal");
    CHECK_INT (s_entries (store, 0x21, &e), 0);
    CHECK_INT (e.count, 1);
    CHECK_INT (e.rows [0].ts, 120);
    s_close (&store);
}

/*  A ref of no household finds what was said about that ref alone.         */
static void
test_an_unknown_ref_finds_only_its_own_entries (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    CHECK_INT (s_audit (store, 1, 100, "politie", "signal", 0x11, 0, "stored"), 0);
    CHECK_INT (s_audit (store, 2, 110, "school", "regiecheck", 0x33, 0, "none"), 0);
    entries_t e;
    CHECK_INT (s_entries (store, 0x33, &e), 0);
    CHECK_INT (e.count, 1);
    CHECK_STR (e.rows [0].actor, "school");
    CHECK_INT (s_entries (store, 0x44, &e), 0);
    CHECK_INT (e.count, 0);
    s_close (&store);
}

/*  Address {0x55, ...} was household 1's in [200, 300) and is household 2's
    now: what was said about it in that window (up to, not at, the move)
    belongs to household 1, and not to household 2.                          */
static void
test_a_former_address_counts_for_the_time_it_was_theirs (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    const char *rows =
        "INSERT INTO household_former_refs (ref, hh, kind, since, until) VALUES"
        " (x'5555555555555555555555555555555555555555555555555555555555555555', 1, 'address', 200, 300);"
        "INSERT INTO household_refs (ref, hh, kind, added) VALUES"
        " (x'5555555555555555555555555555555555555555555555555555555555555555', 2, 'address', 300);";
    CHECK_INT (s_exec (store, rows), 0);
    CHECK_INT (s_audit (store, 2, 250, "school", "signal", 0x55, 0, "while theirs"), 0);
    CHECK_INT (s_audit (store, 3, 300, "school", "move", 0x55, 0, "at the move"), 0);
    CHECK_INT (s_audit (store, 4, 350, "school", "signal", 0x55, 0, "after"), 0);
    entries_t e;
    CHECK_INT (s_entries (store, 0x11, &e), 0);
    CHECK_INT (e.count, 1);
    CHECK (strcmp (e.rows [0].result, "while theirs") == 0);
    CHECK_INT (s_entries (store, 0x21, &e), 0);
    CHECK_INT (e.count, 2);
    CHECK (strcmp (e.rows [0].result, "at the move") == 0);
    CHECK (strcmp (e.rows [1].result, "after") == 0);
    s_close (&store);
}

/*  Entries that name no subject are found through what they refer to: a
    progress report and an acceptance by their message, a round held and an
    escalation resolved by who did it and when.                              */
static void
test_entries_without_a_subject_are_found_through_their_rows (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    uint64_t progress = 0, accepted = 0, logged = 0;
    CHECK_INT (s_message (store, 0xB1, "progress", &progress), 0);
    CHECK_INT (s_message (store, 0xB2, "accept", &accepted), 0);
    CHECK_INT (s_message (store, 0xB3, "agreement_status", &logged), 0);
    CHECK_INT (s_message (store, 0xB4, "progress", NULL), 0);
    char sql [1024];
    snprintf (sql, sizeof sql,
        "INSERT INTO rounds (round, hh, number, at, regisseur, created, held) VALUES"
        " (x'01', 1, 1, 400, 'anna', 1, 410), (x'02', 2, 1, 400, 'anna', 1, 420);"
        "INSERT INTO progress (seq, round, partner, status, ts) VALUES (%llu, x'01', 'school', 'ok', 1);"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status, created,"
        " seq, changed, accepted_seq) VALUES (x'0A', 1, 'school', 'anna', 'wonen', 1, 'accepted', 1,"
        " 1, 1, %llu);"
        "INSERT INTO agreement_log (agreement, ts, status, author, seq) VALUES"
        " (x'0A', 1, 'done', 'school', %llu);"
        "INSERT INTO escalations (escalation, hh, team, partner, reason, history, created, resolved,"
        " resolved_by) VALUES (x'0E', 1, 'acm', 'acm-esc', 'r', 'h', 1, 500, 'acm-esc');",
        (unsigned long long) progress, (unsigned long long) accepted, (unsigned long long) logged);
    CHECK_INT (s_exec (store, sql), 0);
    CHECK_INT (s_audit (store, 1, 10, "school", "progress", 0, 0xB1, "stored"), 0);
    CHECK_INT (s_audit (store, 2, 20, "school", "accept", 0, 0xB2, "stored"), 0);
    CHECK_INT (s_audit (store, 3, 30, "school", "agreement_status", 0, 0xB3, "stored"), 0);
    CHECK_INT (s_audit (store, 4, 40, "wijk", "progress", 0, 0xB4, "someone else's"), 0);
    CHECK_INT (s_audit (store, 5, 410, "anna", "round_held", 0, 0, "held"), 0);
    CHECK_INT (s_audit (store, 6, 420, "anna", "round_held", 0, 0, "another round"), 0);
    CHECK_INT (s_audit (store, 7, 500, "acm-esc", "escalation_resolve", 0, 0, "resolved"), 0);
    CHECK_INT (s_audit (store, 8, 500, "wijk", "escalation_resolve", 0, 0, "not theirs"), 0);
    entries_t e;
    CHECK_INT (s_entries (store, 0x11, &e), 0);
    CHECK_INT (e.count, 5);
    CHECK_STR (e.rows [0].type, "progress");
    CHECK_STR (e.rows [1].type, "accept");
    CHECK_STR (e.rows [2].type, "agreement_status");
    CHECK (strcmp (e.rows [3].result, "held") == 0);
    CHECK (strcmp (e.rows [4].result, "resolved") == 0);
    s_close (&store);
}

/*  A callback that stops the listing makes it return -1.                    */
static void
test_a_stopped_listing_returns_an_error (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    CHECK_INT (s_audit (store, 1, 100, "politie", "signal", 0x11, 0, "stored"), 0);
    CHECK_INT (s_audit (store, 2, 110, "school", "regiecheck", 0x11, 0, "none"), 0);
    uint8_t ref [PROTO_REF_BYTES];
    memset (ref, 0x11, sizeof ref);
    entries_t e;
    memset (&e, 0, sizeof e);
    e.stop_after = 1;
    CHECK_INT (hub_store_access_entries (store, ref, s_collect, &e), -1);
    CHECK_INT (e.count, 1);
    s_close (&store);
}

void
suite_hub_store_access (void)
{
    TEST_RUN ("hub_store_access", test_entries_about_the_households_refs_in_log_order);
    TEST_RUN ("hub_store_access", test_an_unknown_ref_finds_only_its_own_entries);
    TEST_RUN ("hub_store_access", test_a_former_address_counts_for_the_time_it_was_theirs);
    TEST_RUN ("hub_store_access", test_entries_without_a_subject_are_found_through_their_rows);
    TEST_RUN ("hub_store_access", test_a_stopped_listing_returns_an_error);
}
