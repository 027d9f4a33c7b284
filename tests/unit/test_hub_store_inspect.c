/*  test_hub_store_inspect.c - what `regiehub inspect` reads
    (hub_store_inspect.h) and the answer it makes of it (hub_inspect.h):
    every table that names a household is read, each row as stored, a
    message with its envelope, signature, queue and audit entries, and the
    audit entry and control line of an inspection.

    Messages and audit entries are written through the store; the
    workflows' rows with plain SQL, so that each column's value is known.  */
#include "testing.h"
#include "store_fixture.h"
#include "hub_store_inspect.h"
#include "hub_inspect.h"
#include "proto_sign.h"
#include <jansson.h>

#define s_open      store_fixture_open
#define s_close     store_fixture_discard
#define s_exec      store_fixture_exec
#define s_int       store_fixture_int

#define ID          PROTO_ID_BYTES

/*  A stored message with id {n, ...}; its digest is the envelope's.        */
static int
s_message (hub_store_t *store, uint8_t n, const char *type, const char *envelope, uint64_t *seq)
{
    uint8_t id [ID], digest [PROTO_DIGEST_BYTES], sig [PROTO_SIGNATURE_BYTES] = { 0 };
    memset (id, n, sizeof id);
    proto_digest (digest, (const uint8_t *) envelope, strlen (envelope));
    uint64_t ignored;
    return hub_store_put (store, id, "politie", type, 100 + n, 200 + n, digest,
                          (const uint8_t *) envelope, strlen (envelope), sig, seq ? seq : &ignored);
}

/*  Household 7 with a row in every table that names a household, and
    household 8 with a person ref of its own; seqs 1 (signal), 2 (referral,
    emptied), 3 (its decline) are messages.                                  */
static int
s_household (hub_store_t *store)
{
    uint64_t seq;
    if (s_message (store, 1, "signal", "sig-env", &seq) != 0 || seq != 1
    ||  s_message (store, 2, "referral", "ref-env", &seq) != 0
    ||  s_message (store, 3, "decline", "dec-env", &seq) != 0)
        return -1;
    return s_exec (store,
        "UPDATE messages SET envelope = NULL, signature = NULL WHERE seq = 2;"
        "INSERT INTO households (hh, created, team, casemanager, phase, since, phase_since,"
        " priority, referred_at) VALUES (7, 10, 'acm', 'cm-anna', 'contact', 20, 30, 1, 15),"
        " (8, 11, NULL, NULL, NULL, NULL, NULL, 0, NULL);"
        "INSERT INTO household_refs (ref, hh, kind, added) VALUES"
        " (x'7171717171717171717171717171717171717171717171717171717171717171', 7, 'person', 12),"
        " (x'7272727272727272727272727272727272727272727272727272727272727272', 7, 'address', 13),"
        " (x'8181818181818181818181818181818181818181818181818181818181818181', 8, 'person', 11);"
        "INSERT INTO household_former_refs (ref, hh, kind, since, until) VALUES"
        " (x'7373737373737373737373737373737373737373737373737373737373737373', 7, 'address', 5, 13);"
        "INSERT INTO phases (hh, ts, phase, team, author, reason) VALUES"
        " (7, 20, 'intake', 'acm', 'acm-intake', NULL), (7, 30, 'contact', 'acm', 'cm-anna', 'terug');"
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity, kind, recipient, contact,"
        " led_to_regie) VALUES (1, 7, 'politie', 14, 'huisvesting', 'ernstig', NULL, 'cm-anna', '030', 1);"
        "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived, told)"
        " VALUES (7, 'ggz', 1, 2, 3, 4, 1);"
        "INSERT INTO matches (match, hh, created, deadline, escalate_at, team)"
        " VALUES (x'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', 7, 16, 17, 18, 'acm');"
        "INSERT INTO match_parties (match, partner, confirmed, outcome, reminded, escalated) VALUES"
        " (x'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', 'school', 19, 'contact_gelegd', NULL, NULL),"
        " (x'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', 'politie', NULL, NULL, 21, 22);"
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status, decided,"
        " decided_seq) VALUES (2, x'02020202020202020202020202020202', 7, 'acm', 'school', 'politie',"
        " 15, 'declined', 16, 3);"
        "INSERT INTO consent (hh, partner, basis, valid_from, valid_until, recorded, withdrawn)"
        " VALUES (7, 'kredietbank', 'toestemming', 1, 100, 2, 50);"
        "INSERT INTO escalations (escalation, hh, team, partner, reason, object, history, created,"
        " resolved, resolved_by, note) VALUES (x'e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1', 7, 'acm',"
        " 'acm-leiding', 'agreement overdue', x'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1', 'due on x',"
        " 40, 41, 'acm-leiding', 'gebeld');"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, round, status,"
        " created, seq, accepted_seq, changed, action, stagnations)"
        " VALUES (x'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1', 7, 'kredietbank', 'cm-anna', 'financien', 60,"
        " x'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', 'accepted', 31, 4, 5, 32, 'Intake', 1),"
        " (x'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 7, 'woonbron', 'cm-anna', 'huisvesting', 70, NULL,"
        " 'done', 33, 6, NULL, 34, NULL, 0);"
        "INSERT INTO agreement_log (agreement, ts, status, author, seq, note) VALUES"
        " (x'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1', 31, 'proposed', 'cm-anna', 4, NULL),"
        " (x'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1', 32, 'accepted', 'kredietbank', 5, 'ok');"
        "INSERT INTO rounds (round, hh, number, at, regisseur, place, created, held, next)"
        " VALUES (x'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', 7, 1, 35, 'cm-anna', 'Wijkcentrum', 30, 36, 90);"
        "INSERT INTO round_partners (round, partner, invited, present) VALUES"
        " (x'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', 'kredietbank', 1, 1),"
        " (x'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', 'woonbron', 1, 0);"
        "INSERT INTO progress (seq, round, partner, agreement, status, note, ts) VALUES"
        " (9, x'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1', 'kredietbank', x'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1',"
        " 'on_track', NULL, 35);");
}

typedef struct {
    int count;
    char first [128];                   /* a text of the first row           */
    int stop_after;
} rows_t;

static int
s_count (rows_t *r, const char *text)
{
    if (r->count++ == 0)
        snprintf (r->first, sizeof r->first, "%.100s", text);
    return r->stop_after && r->count >= r->stop_after ? -1 : 0;
}

static int s_refs (void *a, const hub_inspect_ref_t *x)     { return s_count (a, x->kind); }
static int s_phases (void *a, const hub_inspect_phase_t *x) { return s_count (a, x->phase); }
static int s_signals (void *a, const hub_inspect_signal_t *x) { return s_count (a, x->partner); }
static int s_history (void *a, const hub_inspect_history_t *x) { return s_count (a, x->partner); }
static int s_matches (void *a, const hub_inspect_match_t *x) { return s_count (a, x->team); }
static int s_referrals (void *a, const hub_inspect_referral_t *x) { return s_count (a, x->status); }
static int s_consent (void *a, const hub_inspect_consent_t *x) { return s_count (a, x->basis); }
static int s_escalations (void *a, const hub_inspect_escalation_t *x) { return s_count (a, x->reason); }
static int s_agreements (void *a, const hub_inspect_agreement_t *x) { return s_count (a, x->owner); }
static int s_rounds (void *a, const hub_inspect_round_t *x) { return s_count (a, x->regisseur); }

/*  Every table with a column hh is one inspect reads: a new one fails this
    test until inspect shows it (and the join and retention take it along). */
static void
test_every_table_that_names_a_household_is_read (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_household (store), 0);
    const char *tables = "SELECT count (*) FROM sqlite_schema m, pragma_table_info (m.name) c"
                         " WHERE m.type = 'table' AND c.name = 'hh'";
    const char *others = "SELECT count (*) FROM sqlite_schema m, pragma_table_info (m.name) c"
        " WHERE m.type = 'table' AND c.name = 'hh' AND m.name NOT IN ('households',"
        " 'household_refs', 'household_former_refs', 'phases', 'signals', 'history',"
        " 'matches', 'referrals', 'consent', 'escalations', 'agreements', 'rounds')";
    CHECK_INT (s_int (store, tables), 12);
    CHECK_INT (s_int (store, others), 0);
    hub_inspect_household_t h;
    CHECK_INT (hub_store_inspect_household (store, 7, &h), 1);
    rows_t r [11];
    memset (r, 0, sizeof r);
    CHECK_INT (hub_store_inspect_refs (store, 7, s_refs, &r [0]), 0);
    CHECK_INT (hub_store_inspect_phases (store, 7, s_phases, &r [1]), 0);
    CHECK_INT (hub_store_inspect_signals (store, 7, s_signals, &r [2]), 0);
    CHECK_INT (hub_store_inspect_history (store, 7, s_history, &r [3]), 0);
    CHECK_INT (hub_store_inspect_matches (store, 7, s_matches, &r [4]), 0);
    CHECK_INT (hub_store_inspect_referrals (store, 7, s_referrals, &r [5]), 0);
    CHECK_INT (hub_store_inspect_consent (store, 7, s_consent, &r [6]), 0);
    CHECK_INT (hub_store_inspect_escalations (store, 7, s_escalations, &r [7]), 0);
    CHECK_INT (hub_store_inspect_agreements (store, 7, s_agreements, &r [8]), 0);
    CHECK_INT (hub_store_inspect_rounds (store, 7, s_rounds, &r [9]), 0);
    int counts [] = { 3, 2, 1, 1, 1, 1, 1, 1, 2, 1 };
    const char *firsts [] = { "person", "intake", "politie", "ggz", "acm", "declined",
                              "toestemming", "agreement overdue", "kredietbank", "cm-anna" };
    for (int i = 0; i < 10; i++) {
        CHECK_INT (r [i].count, counts [i]);
        CHECK_STR (r [i].first, firsts [i]);
    }
    /* household 8 has none of them but its ref                              */
    memset (r, 0, sizeof r);
    CHECK_INT (hub_store_inspect_signals (store, 8, s_signals, &r [0]), 0);
    CHECK_INT (hub_store_inspect_agreements (store, 8, s_agreements, &r [1]), 0);
    CHECK_INT (r [0].count + r [1].count, 0);
    s_close (&store);
}

typedef struct {
    hub_inspect_ref_t refs [4];
    int nrefs;
    hub_inspect_signal_t signal;
    hub_inspect_referral_t referral;
    hub_inspect_agreement_t agreements [2];
    int nagreements;
    hub_inspect_round_t round;
} seen_t;

static int
s_keep_ref (void *a, const hub_inspect_ref_t *x)
{
    seen_t *s = (seen_t *) a;
    if (s->nrefs < 4)
        s->refs [s->nrefs++] = *x;
    return 0;
}
static int s_keep_signal (void *a, const hub_inspect_signal_t *x) { ((seen_t *) a)->signal = *x; return 0; }
static int s_keep_referral (void *a, const hub_inspect_referral_t *x) { ((seen_t *) a)->referral = *x; return 0; }
static int s_keep_round (void *a, const hub_inspect_round_t *x) { ((seen_t *) a)->round = *x; return 0; }
static int
s_keep_agreement (void *a, const hub_inspect_agreement_t *x)
{
    seen_t *s = (seen_t *) a;
    if (s->nagreements < 2)
        s->agreements [s->nagreements++] = *x;
    return 0;
}

/*  Each row as stored: NULL columns as 0 or "", envelopes held or emptied,
    refs that find the household before its former ones.                     */
static void
test_rows_read_as_stored (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_household (store), 0);
    hub_inspect_household_t h;
    CHECK_INT (hub_store_inspect_household (store, 7, &h), 1);
    CHECK_STR (h.team, "acm");
    CHECK_STR (h.phase, "contact");
    CHECK_INT (h.since, 20);
    CHECK_INT (h.referred_at, 15);
    CHECK (h.priority);
    CHECK_INT (h.follow_up_until, 0);
    CHECK_STR (h.former_team, "");
    CHECK_INT (hub_store_inspect_household (store, 99, &h), 0);
    seen_t s;
    memset (&s, 0, sizeof s);
    CHECK_INT (hub_store_inspect_refs (store, 7, s_keep_ref, &s), 0);
    CHECK_INT (s.nrefs, 3);
    CHECK (!s.refs [0].former && !s.refs [1].former && s.refs [2].former);
    CHECK_STR (s.refs [2].kind, "address");
    CHECK_INT (s.refs [2].since, 5);
    CHECK_INT (s.refs [2].until, 13);
    CHECK_INT (s.refs [0].since, 12);
    CHECK_INT (hub_store_inspect_signals (store, 7, s_keep_signal, &s), 0);
    uint8_t id [ID];
    memset (id, 1, sizeof id);
    CHECK (s.signal.has_id);
    CHECK_MEM (s.signal.id, id, ID);
    CHECK (s.signal.envelope_held && s.signal.led_to_regie);
    CHECK_STR (s.signal.kind, "");
    CHECK_STR (s.signal.recipient, "cm-anna");
    CHECK_INT (hub_store_inspect_referrals (store, 7, s_keep_referral, &s), 0);
    CHECK (!s.referral.envelope_held);
    CHECK (s.referral.has_decline && s.referral.decline_held);
    CHECK_INT (s.referral.decided, 16);
    CHECK_INT (hub_store_inspect_agreements (store, 7, s_keep_agreement, &s), 0);
    CHECK_INT (s.nagreements, 2);
    CHECK (s.agreements [0].action_held && s.agreements [0].has_round);
    CHECK (strcmp (s.agreements [0].action, "Intake") == 0);
    CHECK_INT (s.agreements [0].accepted_seq, 5);
    CHECK (!s.agreements [1].action_held && !s.agreements [1].has_round);
    CHECK_INT (s.agreements [1].accepted_seq, 0);
    CHECK_INT (hub_store_inspect_rounds (store, 7, s_keep_round, &s), 0);
    CHECK (s.round.place_held);
    CHECK_INT (s.round.held, 36);
    s_close (&store);
}

static int s_parties (void *a, const hub_inspect_party_t *x) { return s_count (a, x->partner); }
static int s_log (void *a, const hub_inspect_log_t *x) { return s_count (a, x->status); }
static int s_invitees (void *a, const hub_inspect_invitee_t *x) { return s_count (a, x->partner); }
static int s_progress (void *a, const hub_inspect_progress_t *x) { return s_count (a, x->status); }

/*  The lists inside a row: a match's parties, an agreement's log, a round's
    partners and progress reports; a stopped listing returns -1.             */
static void
test_lists_inside_a_row (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_household (store), 0);
    uint8_t match [ID], agreement [ID], round [ID];
    memset (match, 0xa1, ID);
    memset (agreement, 0xb1, ID);
    memset (round, 0xc1, ID);
    rows_t r [4];
    memset (r, 0, sizeof r);
    CHECK_INT (hub_store_inspect_match_parties (store, match, s_parties, &r [0]), 0);
    CHECK_INT (hub_store_inspect_agreement_log (store, agreement, s_log, &r [1]), 0);
    CHECK_INT (hub_store_inspect_round_partners (store, round, s_invitees, &r [2]), 0);
    CHECK_INT (hub_store_inspect_progress (store, round, s_progress, &r [3]), 0);
    CHECK_INT (r [0].count, 2);
    CHECK_STR (r [0].first, "politie");
    CHECK_INT (r [1].count, 2);
    CHECK_STR (r [1].first, "proposed");
    CHECK_INT (r [2].count, 2);
    CHECK_INT (r [3].count, 1);
    CHECK_STR (r [3].first, "on_track");
    rows_t stop = { 0, "", 1 };
    CHECK_INT (hub_store_inspect_match_parties (store, match, s_parties, &stop), -1);
    CHECK_INT (stop.count, 1);
    s_close (&store);
}

typedef struct {
    hub_inspect_message_t row;
    bool envelope_ok;
    int audit, recipients;
} message_seen_t;

static int
s_keep_message (void *a, const hub_inspect_message_t *m)
{
    message_seen_t *s = (message_seen_t *) a;
    s->row = *m;
    s->envelope_ok = m->envelope && m->envelope_len == 7 && memcmp (m->envelope, "sig-env", 7) == 0;
    s->row.envelope = NULL;             /* it lives only during the call     */
    return 0;
}

static int
s_keep_audit (void *a, const hub_audit_row_t *row, bool damaged)
{
    ((message_seen_t *) a)->audit += damaged ? 100 : 1;
    return 0;
}

static int
s_keep_recipient (void *a, const char *recipient)
{
    ((message_seen_t *) a)->recipients += strcmp (recipient, "acm-intake") == 0 ? 1 : 100;
    return 0;
}

/*  A message: its row while fn runs, whom it waits for, the audit entries
    that name it; an id never stored is not found.                           */
static void
test_one_message (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_household (store), 0);
    CHECK_INT (hub_store_enqueue (store, "acm-intake", 1), 0);
    hub_audit_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = 1;
    snprintf (row.actor, sizeof row.actor, "politie");
    snprintf (row.action, sizeof row.action, "signal");
    row.has_object = true;
    memset (row.object, 1, ID);
    CHECK_INT (hub_store_audit_put (store, &row), 0);
    row.seq = 2;
    memset (row.object, 2, ID);
    CHECK_INT (hub_store_audit_put (store, &row), 0);
    uint8_t id [ID];
    memset (id, 1, ID);
    message_seen_t s;
    memset (&s, 0, sizeof s);
    CHECK_INT (hub_store_inspect_message (store, id, s_keep_message, &s), 1);
    CHECK (s.envelope_ok);
    CHECK_INT (s.row.seq, 1);
    CHECK_STR (s.row.type, "signal");
    CHECK_INT (s.row.received, 201);
    CHECK (s.row.signature_held);
    CHECK_INT (s.row.queued, 1);
    CHECK_INT (hub_store_inspect_queued_for (store, 1, s_keep_recipient, &s), 0);
    CHECK_INT (s.recipients, 1);
    CHECK_INT (hub_store_inspect_audit_of (store, id, s_keep_audit, &s), 0);
    CHECK_INT (s.audit, 1);
    memset (id, 2, ID);
    memset (&s, 0, sizeof s);
    CHECK_INT (hub_store_inspect_message (store, id, s_keep_message, &s), 1);
    CHECK (!s.envelope_ok && !s.row.signature_held && s.row.envelope_len == 0);
    memset (id, 0x99, ID);
    CHECK_INT (hub_store_inspect_message (store, id, s_keep_message, &s), 0);
    s_close (&store);
}

/*  The answer: keys for every list, the found flag, envelopes held and
    emptied among the messages; and a fault anywhere makes it NULL.          */
static void
test_the_answer (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_household (store), 0);
    hub_inspect_query_t q;
    memset (&q, 0, sizeof q);
    q.kind = HUB_INSPECT_REF;
    memset (q.ref, 0x71, PROTO_REF_BYTES);
    json_t *r = hub_inspect_read (store, &q);
    CHECK (r);
    CHECK (json_is_true (json_object_get (r, "found")));
    CHECK_INT (json_integer_value (json_object_get (r, "household_id")), 7);
    const char *lists [] = { "refs", "former_refs", "phases", "signals", "history", "matches",
                             "referrals", "consent", "escalations", "agreements", "rounds" };
    for (size_t i = 0; i < sizeof lists / sizeof lists [0]; i++)
        CHECK (json_array_size (json_object_get (r, lists [i])) > 0);
    json_t *ag = json_array_get (json_object_get (r, "agreements"), 0);
    CHECK_INT (json_array_size (json_object_get (ag, "log")), 2);
    CHECK_STR (json_string_value (json_object_get (json_object_get (r, "household"), "team")), "acm");
    CHECK (json_is_null (json_object_get (json_object_get (r, "household"), "follow_up_until")));
    json_decref (r);
    /* a ref that finds nothing; a household number only rows name          */
    memset (q.ref, 0x73, PROTO_REF_BYTES);      /* a former ref: finds none now */
    r = hub_inspect_read (store, &q);
    CHECK (r && json_is_false (json_object_get (r, "found")));
    json_decref (r);
    CHECK_INT (s_exec (store, "DELETE FROM households WHERE hh = 7"), 0);
    q.kind = HUB_INSPECT_HOUSEHOLD;
    q.hh = 7;
    r = hub_inspect_read (store, &q);
    CHECK (r && json_is_true (json_object_get (r, "found")));
    CHECK (json_is_null (json_object_get (r, "household")));
    json_decref (r);
    q.hh = 99;
    r = hub_inspect_read (store, &q);
    CHECK (r && json_is_false (json_object_get (r, "found")));
    json_decref (r);
    /* every store call the answer makes may fail                            */
    q.hh = 7;
    uint64_t before = hub_store_calls (store);
    r = hub_inspect_read (store, &q);
    uint64_t calls = hub_store_calls (store) - before;
    json_decref (r);
    CHECK (calls > 10);
    for (uint64_t n = 1; n <= calls; n++) {
        hub_store_inject_fault (store, n, false);
        r = hub_inspect_read (store, &q);
        hub_store_inject_fault (store, 0, false);
        CHECK (r == NULL);
    }
    s_close (&store);
}

/*  The arguments, the control line there and back, and the audit entry.    */
static void
test_arguments_control_line_and_audit_entry (void)
{
    uint8_t ref [PROTO_REF_BYTES];
    int64_t hh;
    char hex [65];
    memset (hex, 'a', 64);
    hex [64] = 0;
    CHECK_INT (hub_inspect_parse_ref (hex, ref), 0);
    char prefixed [80];
    snprintf (prefixed, sizeof prefixed, "address:%s", hex);
    CHECK_INT (hub_inspect_parse_ref (prefixed, ref), 0);
    snprintf (prefixed, sizeof prefixed, "person:person:%s", hex);
    CHECK_INT (hub_inspect_parse_ref (prefixed, ref), -1);
    CHECK_INT (hub_inspect_parse_ref (hex + 1, ref), -1);
    CHECK_INT (hub_inspect_parse_household ("17", &hh), 0);
    CHECK_INT (hh, 17);
    CHECK_INT (hub_inspect_parse_household ("0", &hh), -1);
    CHECK_INT (hub_inspect_parse_household ("-3", &hh), -1);
    CHECK_INT (hub_inspect_parse_household ("12x", &hh), -1);
    CHECK_INT (hub_inspect_parse_household ("99999999999999999999", &hh), -1);
    hub_inspect_query_t q, back;
    memset (&q, 0, sizeof q);
    q.kind = HUB_INSPECT_MESSAGE;
    memset (q.id, 0xab, ID);
    char line [HUB_INSPECT_LINE_BYTES];
    hub_inspect_control_line (line, &q);
    CHECK_STR (line, "inspect id abababababababababababababababab");
    CHECK_INT (hub_inspect_control_parse (line, &back), 1);
    CHECK (back.kind == HUB_INSPECT_MESSAGE && memcmp (back.id, q.id, ID) == 0);
    q.kind = HUB_INSPECT_HOUSEHOLD;
    q.hh = 42;
    hub_inspect_control_line (line, &q);
    CHECK_INT (hub_inspect_control_parse (line, &back), 1);
    CHECK_INT (back.hh, 42);
    q.kind = HUB_INSPECT_REF;
    memset (q.ref, 0xcd, PROTO_REF_BYTES);
    hub_inspect_control_line (line, &q);
    CHECK_INT ((long long) strlen (line) < HUB_INSPECT_LINE_BYTES, 1);
    CHECK_INT (hub_inspect_control_parse (line, &back), 1);
    CHECK (memcmp (back.ref, q.ref, PROTO_REF_BYTES) == 0);
    CHECK_INT (hub_inspect_control_parse ("status", &back), 0);
    CHECK_INT (hub_inspect_control_parse ("inspect", &back), 0);
    CHECK_INT (hub_inspect_control_parse ("inspect ref abc", &back), -1);
    CHECK_INT (hub_inspect_control_parse ("inspect household 0", &back), -1);
    CHECK_INT (hub_inspect_control_parse ("inspect nothing 1", &back), -1);
    /* the entry: the ref asked about as its subject, the household found   */
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_household (store), 0);
    hub_audit_t *audit = hub_audit_new (store);
    CHECK (audit);
    memset (q.ref, 0x72, PROTO_REF_BYTES);
    CHECK_INT (hub_inspect_audit (store, audit, 500, &q, "command"), 0);
    memset (q.ref, 0x99, PROTO_REF_BYTES);
    CHECK_INT (hub_inspect_audit (store, audit, 501, &q, "command"), 0);
    q.kind = HUB_INSPECT_MESSAGE;
    memset (q.id, 1, ID);
    CHECK_INT (hub_inspect_audit (store, audit, 502, &q, "control"), 0);
    hub_audit_destroy (&audit);
    CHECK_INT (s_int (store, "SELECT count (*) FROM audit WHERE actor = 'operator'"
                      " AND action = 'inspect' AND origin IN ('command', 'control')"), 3);
    CHECK_INT (s_int (store, "SELECT count (*) FROM audit WHERE ts = 500 AND result = 'household 7'"
                      " AND subject = x'7272727272727272727272727272727272727272727272727272727272727272'"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM audit WHERE ts = 501 AND result = 'not found'"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM audit WHERE ts = 502 AND result = 'stored'"
                      " AND object = x'01010101010101010101010101010101' AND subject IS NULL"), 1);
    uint64_t entries = 0;
    char err [256];
    CHECK_INT (hub_audit_verify (store, &entries, err, sizeof err), 0);
    CHECK_INT (entries, 3);
    s_close (&store);
}

void
suite_hub_store_inspect (void)
{
    TEST_RUN ("hub_store_inspect", test_every_table_that_names_a_household_is_read);
    TEST_RUN ("hub_store_inspect", test_rows_read_as_stored);
    TEST_RUN ("hub_store_inspect", test_lists_inside_a_row);
    TEST_RUN ("hub_store_inspect", test_one_message);
    TEST_RUN ("hub_store_inspect", test_the_answer);
    TEST_RUN ("hub_store_inspect", test_arguments_control_line_and_audit_entry);
}
