/*  test_hub_store_signals.c - the signals repository on a real store file:
    signals and the archive, matches and their parties (with the timers'
    due queries), referrals, escalations. Rows it does not write itself
    (the archive, messages) are made with plain SQL or hub_store_put.       */
#include "testing.h"
#include "hub_store_signals.h"
#include "store_fixture.h"

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/*  The fixture by short names: the checks read as the SQL they run.        */
#define s_open      store_fixture_open
#define s_close     store_fixture_close
#define s_int       store_fixture_int
#define s_exec      store_fixture_exec

static void
s_id (uint8_t id [ID], uint8_t fill)
{
    memset (id, fill, ID);
}

/*  A signal of partner about hh at ts, message seq.                         */
static int
s_signal (hub_store_t *store, uint64_t seq, int64_t hh, const char *partner, uint64_t ts,
          const char *contact)
{
    hub_signal_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = seq;
    row.hh = hh;
    row.ts = ts;
    snprintf (row.partner, sizeof row.partner, "%s", partner);
    snprintf (row.leefgebied, sizeof row.leefgebied, "veiligheid");
    snprintf (row.severity, sizeof row.severity, "zorg");
    snprintf (row.contact, sizeof row.contact, "%s", contact);
    return hub_store_signal_add (store, &row);
}

/* ---- signals ---------------------------------------------------------------- */

static void
test_a_signal_is_stored_with_its_routing (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    hub_signal_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = 7;
    row.hh = 3;
    row.ts = 1000;
    snprintf (row.partner, sizeof row.partner, "politie");
    snprintf (row.leefgebied, sizeof row.leefgebied, "veiligheid");
    snprintf (row.severity, sizeof row.severity, "acuut");
    snprintf (row.kind, sizeof row.kind, "huisuitzetting");
    snprintf (row.recipient, sizeof row.recipient, "cm-anna");
    snprintf (row.contact, sizeof row.contact, "06-1234");
    row.led_to_regie = true;
    CHECK_INT (hub_store_signal_add (store, &row), 0);
    const char *stored = "SELECT count (*) FROM signals WHERE seq = 7 AND hh = 3"
        " AND partner = 'politie' AND ts = 1000 AND leefgebied = 'veiligheid'"
        " AND severity = 'acuut' AND kind = 'huisuitzetting' AND recipient = 'cm-anna'"
        " AND contact = '06-1234' AND led_to_regie = 1";
    CHECK_INT (s_int (store, stored), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_signal_without_kind_or_recipient_stores_null (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_signal (store, 1, 3, "politie", 10, ""), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals WHERE kind IS NULL"
                             " AND recipient IS NULL AND contact = '' AND led_to_regie = 0"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_signals_are_counted_per_household (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_signal (store, 1, 3, "politie", 10, ""), 0);
    CHECK_INT (s_signal (store, 2, 3, "school", 11, ""), 0);
    CHECK_INT (s_signal (store, 3, 4, "school", 12, ""), 0);
    int64_t count = -1;
    CHECK_INT (hub_store_signal_count (store, 3, &count), 0);
    CHECK_INT (count, 2);
    CHECK_INT (hub_store_signal_count (store, 5, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_partners_since_come_in_order_of_first_signal_with_latest_contact (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_signal (store, 1, 3, "ggz", 5, "old"), 0);         /* before since */
    CHECK_INT (s_signal (store, 2, 3, "school", 30, "s1"), 0);
    CHECK_INT (s_signal (store, 3, 3, "politie", 20, "p1"), 0);
    CHECK_INT (s_signal (store, 4, 3, "school", 40, "s2"), 0);
    CHECK_INT (s_signal (store, 5, 4, "woonbron", 25, ""), 0);      /* another household */
    hub_signal_party_t p [8];
    size_t count = 0;
    CHECK_INT (hub_store_signal_partners_since (store, 3, 10, p, 8, &count), 0);
    CHECK_INT (count, 2);
    CHECK_STR (p [0].partner, "politie");
    CHECK_INT (p [0].since, 20);
    CHECK_STR (p [0].contact, "p1");
    CHECK_STR (p [1].partner, "school");
    CHECK_INT (p [1].since, 30);
    CHECK_STR (p [1].contact, "s2");
    CHECK_INT (hub_store_signal_partners_since (store, 3, 0, p, 2, &count), 0);
    CHECK_INT (count, 2);
    CHECK_STR (p [0].partner, "ggz");
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_involved_partners_include_the_archive (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_signal (store, 1, 3, "school", 30, "s1"), 0);
    CHECK_INT (s_exec (store, "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived)"
                              " VALUES (3, 'ggz', 5, 6, 1, 7), (3, 'school', 10, 11, 1, 12),"
                              " (4, 'politie', 1, 1, 1, 1)"), 0);
    hub_signal_party_t p [8];
    size_t count = 0;
    CHECK_INT (hub_store_signal_partners_involved (store, 3, p, 8, &count), 0);
    CHECK_INT (count, 2);
    CHECK_STR (p [0].partner, "ggz");
    CHECK_INT (p [0].since, 5);
    CHECK_STR (p [0].contact, "");
    CHECK_STR (p [1].partner, "school");
    CHECK_INT (p [1].since, 10);
    CHECK_STR (p [1].contact, "s1");
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_recipients_leave_out_the_exception_and_add_the_other (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    hub_signal_row_t row;
    memset (&row, 0, sizeof row);
    const char *to [] = { "intake-acm", "cm-anna", "intake-acm", "" };
    for (size_t i = 0; i < 4; i++) {
        row.seq = i + 1;
        row.hh = 3;
        row.ts = 10 + i;
        snprintf (row.partner, sizeof row.partner, "school");
        snprintf (row.recipient, sizeof row.recipient, "%s", to [i]);
        CHECK_INT (hub_store_signal_add (store, &row), 0);
    }
    char out [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_signal_recipients (store, 3, "cm-anna", "cm-bert", out, 4, &count), 0);
    CHECK_INT (count, 2);
    bool intake = strcmp (out [0], "intake-acm") == 0 || strcmp (out [1], "intake-acm") == 0;
    bool former = strcmp (out [0], "cm-bert") == 0 || strcmp (out [1], "cm-bert") == 0;
    CHECK (intake && former);
    CHECK_INT (hub_store_signal_recipients (store, 3, "cm-anna", "cm-anna", out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (out [0], "intake-acm");
    CHECK_INT (hub_store_signal_recipients (store, 3, "x", "", out, 1, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (s_close (&store), 0);
}

typedef struct {
    uint64_t seqs [8];
    size_t lens [8];
    size_t count;
    size_t stop_after;
} seen_t;

static int
s_seen (void *arg, uint64_t seq, const uint8_t *envelope, size_t len)
{
    seen_t *seen = (seen_t *) arg;
    if (seen->count == seen->stop_after || !envelope)
        return -1;
    seen->seqs [seen->count] = seq;
    seen->lens [seen->count++] = len;
    return 0;
}

static void
test_the_envelopes_are_those_of_signals_retention_left (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t envelope [40], sig [PROTO_SIGNATURE_BYTES] = { 0 }, digest [PROTO_DIGEST_BYTES] = { 0 };
    uint64_t seqs [3];
    for (int i = 0; i < 3; i++) {
        uint8_t id [ID];
        s_id (id, (uint8_t) (i + 1));
        memset (envelope, i, sizeof envelope);
        CHECK_INT (hub_store_put (store, id, "school", "signal", 1, 1, digest, envelope,
                                  sizeof envelope - (size_t) i, sig, &seqs [i]), 0);
        CHECK_INT (s_signal (store, seqs [i], i == 2 ? 4 : 3, "school", 10, ""), 0);
    }
    char sql [128];
    snprintf (sql, sizeof sql, "UPDATE messages SET envelope = NULL WHERE seq = %llu",
              (unsigned long long) seqs [0]);
    CHECK_INT (s_exec (store, sql), 0);
    seen_t seen = { .stop_after = 8 };
    CHECK_INT (hub_store_signal_envelopes (store, 3, s_seen, &seen), 0);
    CHECK_INT (seen.count, 1);
    CHECK_INT (seen.seqs [0], seqs [1]);
    CHECK_INT (seen.lens [0], sizeof envelope - 1);
    seen_t stop = { .stop_after = 0 };
    CHECK_INT (hub_store_signal_envelopes (store, 3, s_seen, &stop), -1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_moved_signal_is_outside_any_case (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_signal (store, 1, 3, "politie", 10, ""), 0);
    CHECK_INT (s_signal (store, 2, 3, "school", 11, ""), 0);
    CHECK_INT (hub_store_signals_part_of_case (store, 3), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals WHERE led_to_regie = 1"), 2);
    CHECK_INT (hub_store_signal_move (store, 2, 9), 0);
    CHECK_INT (s_int (store, "SELECT hh * 10 + led_to_regie FROM signals WHERE seq = 2"), 90);
    CHECK_INT (s_int (store, "SELECT hh * 10 + led_to_regie FROM signals WHERE seq = 1"), 31);
    CHECK_INT (s_close (&store), 0);
}

/* ---- the archive ------------------------------------------------------------ */

static void
test_the_archive_is_told_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_exec (store, "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived)"
                              " VALUES (3, 'ggz', 5, 6, 1, 7), (4, 'school', 1, 1, 1, 1)"), 0);
    hub_signal_party_t p [4];
    size_t count = 0;
    CHECK_INT (hub_store_archive_untold (store, 3, p, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (p [0].partner, "ggz");
    CHECK_INT (p [0].since, 5);
    CHECK_STR (p [0].contact, "");
    CHECK_INT (hub_store_archive_told (store, 3), 0);
    CHECK_INT (hub_store_archive_untold (store, 3, p, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (hub_store_archive_untold (store, 4, p, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (s_close (&store), 0);
}

/* ---- matches ---------------------------------------------------------------- */

static void
test_a_match_is_read_back_with_its_parties (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID], other [ID];
    s_id (match, 0x10);
    s_id (other, 0x20);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, "acm"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "school"), 0);
    hub_match_row_t m;
    CHECK_INT (hub_store_match_get (store, match, &m), 1);
    CHECK_INT (m.hh, 3);
    CHECK_STR (m.team, "acm");
    CHECK_INT (hub_store_match_get (store, other, &m), 0);
    hub_match_party_t party;
    CHECK_INT (hub_store_match_party (store, match, "politie", &party), 1);
    CHECK (!party.confirmed && !party.reminded && !party.escalated);
    CHECK_INT (hub_store_match_party (store, match, "ggz", &party), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM match_parties"), 2);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_match_without_team_reads_an_empty_team (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID];
    s_id (match, 0x10);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, NULL), 0);
    hub_match_row_t m;
    CHECK_INT (hub_store_match_get (store, match, &m), 1);
    CHECK_STR (m.team, "");
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_match_since_names_its_parties_only (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID];
    s_id (match, 0x10);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, "acm"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_since_names (store, 3, "politie", 100), 1);
    CHECK_INT (hub_store_match_since_names (store, 3, "politie", 101), 0);
    CHECK_INT (hub_store_match_since_names (store, 3, "school", 0), 0);
    CHECK_INT (hub_store_match_since_names (store, 4, "politie", 0), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_match_names_all_until_a_new_partner_signals (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID];
    s_id (match, 0x10);
    CHECK_INT (s_signal (store, 1, 3, "politie", 90, ""), 0);
    CHECK_INT (s_signal (store, 2, 3, "school", 95, ""), 0);
    CHECK_INT (hub_store_match_since_names_all (store, 3, 50), 0);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, "acm"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "school"), 0);
    CHECK_INT (hub_store_match_since_names_all (store, 3, 50), 1);
    CHECK_INT (s_signal (store, 3, 3, "ggz", 120, ""), 0);
    CHECK_INT (hub_store_match_since_names_all (store, 3, 50), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_confirming_for_all_leaves_earlier_confirmations (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID];
    s_id (match, 0x10);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, "acm"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "school"), 0);
    CHECK_INT (hub_store_match_confirm_party (store, match, "politie", 150, "contact"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM match_parties WHERE confirmed IS NULL"), 1);
    CHECK_INT (hub_store_match_confirm_all (store, match, 160, "regie_exists"), 0);
    CHECK_INT (s_int (store, "SELECT confirmed FROM match_parties WHERE partner = 'politie'"
                             " AND outcome = 'contact'"), 150);
    CHECK_INT (s_int (store, "SELECT confirmed FROM match_parties WHERE partner = 'school'"
                             " AND outcome = 'regie_exists'"), 160);
    CHECK_INT (s_close (&store), 0);
}

static void
test_parties_are_reminded_after_the_deadline_then_escalated (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID];
    s_id (match, 0x10);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, "acm"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "school"), 0);
    CHECK_INT (hub_store_match_confirm_party (store, match, "school", 150, "contact"), 0);
    hub_match_due_t due [4];
    size_t count = 9;
    CHECK_INT (hub_store_match_parties_to_remind (store, 199, due, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (hub_store_match_parties_to_remind (store, 200, due, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_MEM (due [0].match, match, ID);
    CHECK_INT (due [0].hh, 3);
    CHECK_STR (due [0].partner, "politie");
    CHECK_STR (due [0].team, "acm");
    CHECK_INT (due [0].deadline, 200);
    CHECK_INT (hub_store_match_parties_to_escalate (store, 400, due, 4, &count), 0);
    CHECK_INT (count, 0);           /* not reminded yet                       */
    CHECK_INT (hub_store_match_party_reminded (store, match, "politie", 201), 0);
    CHECK_INT (hub_store_match_parties_to_remind (store, 500, due, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (hub_store_match_parties_to_escalate (store, 299, due, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (hub_store_match_parties_to_escalate (store, 300, due, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (due [0].partner, "politie");
    CHECK_INT (hub_store_match_party_escalated (store, match, "politie", 301), 0);
    CHECK_INT (hub_store_match_parties_to_escalate (store, 500, due, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_int (store, "SELECT reminded * 1000 + escalated FROM match_parties"
                             " WHERE partner = 'politie'"), 201301);
    hub_match_party_t party;
    CHECK_INT (hub_store_match_party (store, match, "politie", &party), 1);
    CHECK (!party.confirmed && party.reminded && party.escalated);
    CHECK_INT (hub_store_match_confirm_party (store, match, "politie", 600, "contact_gelegd"), 0);
    CHECK_INT (hub_store_match_party (store, match, "politie", &party), 1);
    CHECK (party.confirmed);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_due_parties_are_listed_up_to_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t match [ID];
    s_id (match, 0x10);
    CHECK_INT (hub_store_match_add (store, match, 3, 100, 200, 300, "acm"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "politie"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "school"), 0);
    CHECK_INT (hub_store_match_party_add (store, match, "ggz"), 0);
    hub_match_due_t due [2];
    size_t count = 0;
    CHECK_INT (hub_store_match_parties_to_remind (store, 200, due, 2, &count), 0);
    CHECK_INT (count, 2);
    CHECK_INT (s_close (&store), 0);
}

/* ---- referrals -------------------------------------------------------------- */

static void
test_a_referral_is_open_until_declined (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID], other [ID];
    s_id (id, 0x30);
    s_id (other, 0x31);
    CHECK_INT (hub_store_referral_add (store, 5, id, 3, "acm", "school", "ggd", 100), 0);
    hub_referral_row_t r;
    CHECK_INT (hub_store_referral_get (store, id, &r), 1);
    CHECK_INT (r.hh, 3);
    CHECK_STR (r.team, "acm");
    CHECK_STR (r.referrer, "school");
    CHECK_STR (r.introducer, "ggd");
    CHECK_STR (r.status, "open");
    CHECK_INT (hub_store_referral_get (store, other, &r), 0);
    CHECK_INT (hub_store_referral_decline (store, id, 200, 9), 0);
    CHECK_INT (hub_store_referral_get (store, id, &r), 1);
    CHECK_STR (r.status, "declined");
    CHECK_INT (s_int (store, "SELECT decided * 10 + decided_seq FROM referrals"), 2009);
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_accepted_referral_is_decided (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 0x30);
    CHECK_INT (hub_store_referral_add (store, 5, id, 3, "acm", "school", "ggd", 100), 0);
    CHECK_INT (hub_store_referral_accept (store, id, 250), 0);
    hub_referral_row_t r;
    CHECK_INT (hub_store_referral_get (store, id, &r), 1);
    CHECK_STR (r.status, "accepted");
    CHECK_INT (s_int (store, "SELECT decided FROM referrals WHERE decided_seq IS NULL"), 250);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_continuity_agreement_is_proposed_and_logged (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t agreement [ID];
    s_id (agreement, 0x40);
    CHECK_INT (hub_store_continuity_agreement_add (store, agreement, 3, "ggd", "cm-anna", 900,
                                                   100, 12, "hub"), 0);
    const char *proposed = "SELECT count (*) FROM agreements WHERE hh = 3 AND owner = 'ggd'"
        " AND regisseur = 'cm-anna' AND leefgebied = 'gezin' AND due = 900"
        " AND status = 'proposed' AND created = 100 AND changed = 100"
        " AND seq = 12 AND kind = 'continuity' AND action = ''";
    CHECK_INT (s_int (store, proposed), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM agreement_log WHERE ts = 100"
                             " AND status = 'proposed' AND author = 'hub' AND seq = 12"), 1);
    CHECK_INT (s_close (&store), 0);
}

/* ---- escalations ------------------------------------------------------------ */

static void
test_an_escalation_is_raised_to_its_partner_and_team (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID], object [ID];
    s_id (id, 0x50);
    s_id (object, 0x51);
    CHECK_INT (hub_store_escalation_add (store, id, 3, "acm", "esc-acm", "match not followed up",
                                         object, "partner x did not confirm", 100), 0);
    bool open = false;
    CHECK_INT (hub_store_escalation_raised_to (store, id, "esc-acm", "", &open), 1);
    CHECK (open);
    CHECK_INT (hub_store_escalation_raised_to (store, id, "someone", "acm", &open), 1);
    CHECK_INT (hub_store_escalation_raised_to (store, id, "someone", "west", &open), 0);
    CHECK_INT (hub_store_escalation_raised_to (store, id, "someone", "", &open), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM escalations WHERE hh = 3"
                             " AND length (object) = 16 AND created = 100"
                             " AND history = 'partner x did not confirm'"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_escalation_without_object_stores_null (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 0x50);
    CHECK_INT (hub_store_escalation_add (store, id, 0, "acm", "esc-acm", "r", NULL, "h", 100), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM escalations WHERE object IS NULL AND hh = 0"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_resolved_escalation_is_no_longer_open (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 0x50);
    CHECK_INT (hub_store_escalation_add (store, id, 3, "acm", "esc-acm", "r", NULL, "h", 100), 0);
    CHECK_INT (hub_store_escalation_resolve (store, id, 200, "esc-acm", "talked"), 0);
    bool open = true;
    CHECK_INT (hub_store_escalation_raised_to (store, id, "esc-acm", "acm", &open), 1);
    CHECK (!open);
    CHECK_INT (s_int (store, "SELECT resolved FROM escalations WHERE resolved_by = 'esc-acm'"
                             " AND note = 'talked'"), 200);
    CHECK_INT (s_close (&store), 0);
}

void
suite_hub_store_signals (void)
{
    const char *s = "hub_store_signals";
    TEST_RUN (s, test_a_signal_is_stored_with_its_routing);
    TEST_RUN (s, test_a_signal_without_kind_or_recipient_stores_null);
    TEST_RUN (s, test_signals_are_counted_per_household);
    TEST_RUN (s, test_the_partners_since_come_in_order_of_first_signal_with_latest_contact);
    TEST_RUN (s, test_the_involved_partners_include_the_archive);
    TEST_RUN (s, test_the_recipients_leave_out_the_exception_and_add_the_other);
    TEST_RUN (s, test_the_envelopes_are_those_of_signals_retention_left);
    TEST_RUN (s, test_a_moved_signal_is_outside_any_case);
    TEST_RUN (s, test_the_archive_is_told_once);
    TEST_RUN (s, test_a_match_is_read_back_with_its_parties);
    TEST_RUN (s, test_a_match_without_team_reads_an_empty_team);
    TEST_RUN (s, test_a_match_since_names_its_parties_only);
    TEST_RUN (s, test_a_match_names_all_until_a_new_partner_signals);
    TEST_RUN (s, test_confirming_for_all_leaves_earlier_confirmations);
    TEST_RUN (s, test_parties_are_reminded_after_the_deadline_then_escalated);
    TEST_RUN (s, test_the_due_parties_are_listed_up_to_max);
    TEST_RUN (s, test_a_referral_is_open_until_declined);
    TEST_RUN (s, test_an_accepted_referral_is_decided);
    TEST_RUN (s, test_the_continuity_agreement_is_proposed_and_logged);
    TEST_RUN (s, test_an_escalation_is_raised_to_its_partner_and_team);
    TEST_RUN (s, test_an_escalation_without_object_stores_null);
    TEST_RUN (s, test_a_resolved_escalation_is_no_longer_open);
}
