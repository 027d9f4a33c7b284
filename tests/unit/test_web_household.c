/*  test_web_household.c - the caseload built from sent and received
    messages (web_caseload), and the checks and escaping of Mijn
    huishoudens and Huishouden (web_household), without a server.          */
#include "testing.h"
#include "web_caseload.h"
#include "web_household.h"
#include "proto_envelope.h"
#include "proto_msgpack.h"
#include <sodium.h>
#include <stdlib.h>

static const uint8_t s_me [PROTO_PUBKEY_BYTES] = { 1 };
static const uint8_t s_hub [PROTO_PUBKEY_BYTES] = { 2 };
static const uint8_t s_woonbron [PROTO_PUBKEY_BYTES] = { 3 };
static uint8_t s_p [PROTO_REF_BYTES], s_q [PROTO_REF_BYTES];
static uint8_t s_next_id = 1;

/*  An envelope of type about person (or none) into w; its id into id.     */
static void
s_begin (proto_writer_t *w, const char *type, const uint8_t *person, uint32_t fields, uint8_t *id)
{
    proto_header_t h;
    memset (&h, 0, sizeof h);
    uint8_t my_id [PROTO_ID_BYTES] = { 0 };
    my_id [15] = s_next_id++;
    if (id)
        memcpy (id, my_id, PROTO_ID_BYTES);
    h.type = type;
    memcpy (h.id, my_id, PROTO_ID_BYTES);
    memcpy (h.from, s_me, PROTO_PUBKEY_BYTES);
    h.ts = 1700000000000ULL;
    h.person = person;
    proto_envelope_begin (w, &h, fields);
}

static void
s_add (web_caseload_t *cl, bool incoming, uint64_t at, uint64_t seq, const uint8_t *author,
       proto_writer_t *w)
{
    CHECK_INT (web_caseload_add (cl, incoming, at, seq, author, proto_writer_data (w),
                                 proto_writer_size (w)), 0);
}

static void
s_signal (web_caseload_t *cl, const uint8_t *person, uint64_t at, const char *severity,
          const char *text)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_begin (&w, "signal", person, 6, NULL);
    proto_pack_kv_cstr (&w, "leefgebied", "huisvesting");
    proto_pack_kv_cstr (&w, "severity", severity);
    proto_pack_kv_cstr (&w, "ground", "financiele_problemen");
    proto_pack_kv_bool (&w, "informed", true);
    proto_pack_kv_cstr (&w, "text", text);
    proto_pack_kv_cstr (&w, "contact", "Woonbron, 010-4400000");
    s_add (cl, true, at, at / 1000, s_woonbron, &w);
    proto_writer_destroy (&w);
}

static void
s_claim (web_caseload_t *cl, const uint8_t *person, uint64_t at, const char *casemanager)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_begin (&w, "claim", person, 1, NULL);
    proto_pack_kv_cstr (&w, "casemanager", casemanager);
    s_add (cl, false, at, 0, NULL, &w);
    proto_writer_destroy (&w);
}

/*  A notice of kind from author, about person, naming object.              */
static void
s_notice (web_caseload_t *cl, const uint8_t *author, const uint8_t *person, uint64_t at,
          const char *kind, const uint8_t *object, const char *partner)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_begin (&w, "notice", person, 1 + (object ? 1 : 0) + (partner ? 1 : 0) + 1, NULL);
    proto_pack_kv_cstr (&w, "kind", kind);
    if (object)
        proto_pack_kv_bin (&w, "object", object, PROTO_ID_BYTES);
    if (partner) {
        proto_pack_key (&w, "partners");
        proto_pack_array (&w, 1);
        proto_pack_map (&w, 2);
        proto_pack_kv_cstr (&w, "partner", partner);
        proto_pack_kv_cstr (&w, "name", "Test Partner");
    }
    proto_pack_kv_cstr (&w, "phase", "contact");
    s_add (cl, true, at, at / 1000, author, &w);
    proto_writer_destroy (&w);
}

static web_caseload_t *
s_new (void)
{
    memset (s_p, 0xab, sizeof s_p);
    memset (s_q, 0xcd, sizeof s_q);
    return web_caseload_new ("acm", s_me, s_hub, "intake");
}

/*  A claim naming this partner makes a household of the refs it names; a
    signal sent before the claim is its too; a claim handing a household to
    another casemanager, and signals about households not held, are not
    shown.                                                                    */
static void
test_caseload_claims_and_signals (void)
{
    web_caseload_t *cl = s_new ();
    CHECK (cl);
    s_signal (cl, s_p, 1000, "ernstig", "Eerste zorg");
    s_claim (cl, s_p, 2000, "acm");
    s_signal (cl, s_p, 3000, "acuut", "Tweede <script>");
    s_claim (cl, s_q, 2500, "cm-bram");
    s_signal (cl, s_q, 3500, "zorg", "Niet van ons");
    CHECK_INT (web_caseload_finish (cl, 5000), 0);
    CHECK_INT (web_caseload_count (cl), 1);
    web_case_t *c = web_caseload_at (cl, 0);
    CHECK_STR (c->key, "pabababababab");
    CHECK (web_case_key_valid (c->key));
    CHECK (web_caseload_find (cl, "pabababababab") == c);
    CHECK (web_caseload_find (cl, "pcdcdcdcdcdcd") == NULL);
    CHECK_STR (c->phase, "intake");
    CHECK_INT (c->since, 2000);
    CHECK_INT (c->nevents, 3);                      /* two signals, the claim */
    CHECK_INT (c->events [0].at, 3000);             /* newest first           */
    CHECK_INT (c->events [0].kind, WC_SIGNAL);
    CHECK_STR (c->events [0].text, "Tweede <script>");
    CHECK_STR (c->events [0].severity, "acuut");
    CHECK_STR (c->events [0].who, "Woonbron, 010-4400000");
    CHECK_INT (c->events [0].seq, 3);
    CHECK_INT (c->events [1].kind, WC_REGIE);
    CHECK_INT (c->events [2].at, 1000);
    CHECK (c->newest_signal == &c->events [0]);
    web_caseload_destroy (&cl);
    web_caseload_destroy (&cl);                     /* harmless again         */
}

/*  The hub's regie_assigned counts only from the hub: a partner cannot give
    itself a household by writing a notice. A transfer to another takes
    the household out of the caseload.                                       */
static void
test_caseload_assigned_and_transferred (void)
{
    web_caseload_t *cl = s_new ();
    s_notice (cl, s_woonbron, s_q, 900, "regie_assigned", NULL, NULL);
    s_notice (cl, s_hub, s_p, 1000, "regie_assigned", NULL, NULL);
    CHECK_INT (web_caseload_finish (cl, 2000), 0);
    CHECK_INT (web_caseload_count (cl), 1);
    CHECK_STR (web_caseload_at (cl, 0)->phase, "contact");
    CHECK (web_caseload_at (cl, 0)->key [0] == 'p');
    web_caseload_destroy (&cl);

    cl = s_new ();
    s_notice (cl, s_hub, s_p, 1000, "regie_assigned", NULL, NULL);
    s_notice (cl, s_hub, s_p, 1500, "regie_transferred", NULL, "cm-other");
    CHECK_INT (web_caseload_finish (cl, 2000), 0);
    CHECK_INT (web_caseload_count (cl), 0);
    web_caseload_destroy (&cl);
}

/*  Rounds and agreements: the next round is the first planned one not held;
    an agreement the hub called overdue counts until it is done; names come
    from the caller and the hub's notices.                                   */
static void
test_caseload_rounds_and_agreements (void)
{
    web_caseload_t *cl = s_new ();
    web_caseload_name (cl, "woonbron", "Woonbron Rotterdam");
    web_caseload_name (cl, "kredietbank", "Kredietbank Utrecht");
    s_claim (cl, s_p, 1000, "acm");
    proto_writer_t w;
    proto_writer_init (&w);
    uint8_t round [PROTO_ID_BYTES], agreement [PROTO_ID_BYTES], other [PROTO_ID_BYTES];
    s_begin (&w, "round", s_p, 2, round);
    proto_pack_kv_u64 (&w, "at", 1700000900000ULL);
    proto_pack_key (&w, "invited");
    proto_pack_array (&w, 1);
    proto_pack_cstr (&w, "woonbron");
    s_add (cl, false, 1100, 0, NULL, &w);
    s_begin (&w, "agreement", s_p, 4, agreement);
    proto_pack_kv_cstr (&w, "owner", "woonbron");
    proto_pack_kv_cstr (&w, "action", "Regeling <b>");
    proto_pack_kv_cstr (&w, "leefgebied", "huisvesting");
    proto_pack_kv_u64 (&w, "due", 1700000100000ULL);
    s_add (cl, false, 1200, 0, NULL, &w);
    s_begin (&w, "agreement", s_p, 4, other);
    proto_pack_kv_cstr (&w, "owner", "ggz");
    proto_pack_kv_cstr (&w, "action", "Behandeling");
    proto_pack_kv_cstr (&w, "leefgebied", "gezondheid");
    proto_pack_kv_u64 (&w, "due", 1700000100000ULL);
    s_add (cl, false, 1210, 0, NULL, &w);
    proto_writer_destroy (&w);
    s_notice (cl, s_hub, NULL, 1300, "agreement_overdue", agreement, "woonbron");
    /* a partner's forged overdue notice does not count */
    s_notice (cl, s_woonbron, NULL, 1301, "agreement_overdue", other, "ggz");
    CHECK_INT (web_caseload_finish (cl, 1700000000000ULL), 0);
    web_case_t *c = web_caseload_at (cl, 0);
    CHECK (c);
    CHECK_INT (c->nagreements, 2);
    CHECK_INT (c->overdue, 1);
    CHECK (c->agreements [0].overdue);
    CHECK (!c->agreements [1].overdue);
    CHECK_STR (c->agreements [0].action, "Regeling <b>");
    CHECK_STR (c->agreements [0].status, "proposed");
    CHECK_INT (c->next_round, 1700000900000ULL);
    CHECK (!c->next_proposed);
    /* the hub's name (from the certificate) over agent.conf's */
    CHECK_STR (web_caseload_partner_name (cl, "woonbron"), "Test Partner");
    CHECK_STR (web_caseload_partner_name (cl, "kredietbank"), "Kredietbank Utrecht");
    CHECK_STR (web_caseload_partner_name (cl, "nobody"), "nobody");
    web_caseload_destroy (&cl);

    /* the same, and then the owner reports it done and the round is held */
    cl = s_new ();
    s_next_id = 1;
    s_claim (cl, s_p, 1000, "acm");
    proto_writer_init (&w);
    s_begin (&w, "round", s_p, 2, round);
    proto_pack_kv_u64 (&w, "at", 1700000900000ULL);
    proto_pack_key (&w, "invited");
    proto_pack_array (&w, 1);
    proto_pack_cstr (&w, "woonbron");
    s_add (cl, false, 1100, 0, NULL, &w);
    s_begin (&w, "agreement", s_p, 4, agreement);
    proto_pack_kv_cstr (&w, "owner", "woonbron");
    proto_pack_kv_cstr (&w, "action", "Regeling");
    proto_pack_kv_cstr (&w, "leefgebied", "huisvesting");
    proto_pack_kv_u64 (&w, "due", 1700000100000ULL);
    s_add (cl, false, 1200, 0, NULL, &w);
    s_begin (&w, "agreement_status", NULL, 2, NULL);
    proto_pack_kv_bin (&w, "agreement", agreement, PROTO_ID_BYTES);
    proto_pack_kv_cstr (&w, "status", "done");
    s_add (cl, true, 1400, 9, s_woonbron, &w);
    s_begin (&w, "round_held", NULL, 2, NULL);
    proto_pack_kv_bin (&w, "round", round, PROTO_ID_BYTES);
    proto_pack_key (&w, "present");
    proto_pack_array (&w, 1);
    proto_pack_cstr (&w, "woonbron");
    s_add (cl, false, 1500, 0, NULL, &w);
    proto_writer_destroy (&w);
    s_notice (cl, s_hub, NULL, 1300, "agreement_overdue", agreement, "woonbron");
    CHECK_INT (web_caseload_finish (cl, 1700000000000ULL), 0);
    c = web_caseload_at (cl, 0);
    CHECK_STR (c->agreements [0].status, "done");
    CHECK_INT (c->overdue, 0);
    CHECK_INT (c->next_round, 0);
    CHECK (c->rounds [0].held);
    web_caseload_destroy (&cl);
}

/*  Bytes that are no envelope are skipped; keys are checked strictly.       */
static void
test_caseload_bad_input (void)
{
    web_caseload_t *cl = s_new ();
    CHECK_INT (web_caseload_add (cl, true, 1, 1, s_hub, (const uint8_t *) "\x81\xa1x\x01", 4), 0);
    CHECK_INT (web_caseload_add (cl, true, 1, 1, s_hub, (const uint8_t *) "", 0), -1);
    CHECK_INT (web_caseload_finish (cl, 2), 0);
    CHECK_INT (web_caseload_count (cl), 0);
    web_caseload_destroy (&cl);
    /* a caseload takes AGENT_WEB_CASE_MAX_FACTS messages, and says so after */
    cl = s_new ();
    for (size_t i = 0; i < AGENT_WEB_CASE_MAX_FACTS; i++)
        CHECK_INT (web_caseload_add (cl, false, i, 0, NULL, (const uint8_t *) "\x80", 1), 0);
    CHECK_INT (web_caseload_add (cl, false, 0, 0, NULL, (const uint8_t *) "\x80", 1), -1);
    web_caseload_destroy (&cl);
    CHECK (web_case_key_valid ("p0123456789ab"));
    CHECK (web_case_key_valid ("a0123456789ab"));
    const char *bad [] = { "", "p", "x0123456789ab", "p0123456789aB", "p0123456789abc",
                           "p0123456789a", "p0123456789a/", "../../etc" };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++)
        CHECK (!web_case_key_valid (bad [i]));
}

static void
test_search_and_label_form (void)
{
    web_search_t s;
    char q [AGENT_WEB_SEARCH_BYTES + 2];
    memset (q, 'a', sizeof q);
    q [AGENT_WEB_SEARCH_BYTES] = 0;
    CHECK (web_search_read (&s, q, strlen (q)));
    q [AGENT_WEB_SEARCH_BYTES] = 'a';
    q [AGENT_WEB_SEARCH_BYTES + 1] = 0;
    CHECK (!web_search_read (&s, q, strlen (q)));
    CHECK (*s.error && !*s.q);
    CHECK (!web_search_read (&s, "a\0b", 3));           /* a NUL inside        */
    CHECK (!web_search_read (&s, "a\nb", 3));           /* two lines           */
    CHECK (!web_search_read (&s, "\xc3", 1));           /* no UTF-8            */
    CHECK (web_search_read (&s, NULL, 0) && !*s.q && !*s.error);
    web_case_t c;
    memset (&c, 0, sizeof c);
    snprintf (c.label, sizeof c.label, "Fam. de Vries");
    snprintf (c.names, sizeof c.names, "Jan, Petra");
    CHECK (web_search_read (&s, "VRIES", 5) && web_search_match (&s, &c));
    CHECK (web_search_read (&s, "petra", 5) && web_search_match (&s, &c));
    CHECK (web_search_read (&s, "jansen", 6) && !web_search_match (&s, &c));

    web_label_form_t f;
    CHECK (web_label_form_read (&f, "csrf=x&label=+Fam.+de+Vries+&names=Jan%2C+Petra"));
    CHECK_STR (f.label, "Fam. de Vries");
    CHECK_STR (f.names, "Jan, Petra");
    CHECK (!web_label_form_read (&f, "label=&names=x"));
    CHECK (*f.error_label && !*f.error_names);
    CHECK (!web_label_form_read (&f, "names=x"));            /* no label at all */
    CHECK (!web_label_form_read (&f, "label=a%0Ab"));
    CHECK (!web_label_form_read (&f, "label=a%00b"));
    char body [1200];
    memset (body, 0, sizeof body);
    memcpy (body, "label=", 6);
    memset (body + 6, 'x', AGENT_MAX_LABEL_BYTES + 1);
    CHECK (!web_label_form_read (&f, body));
    body [6 + AGENT_MAX_LABEL_BYTES] = 0;
    CHECK (web_label_form_read (&f, body));
    snprintf (body, sizeof body, "label=ok&names=");
    memset (body + strlen (body), 'n', AGENT_MAX_NAMES_BYTES + 1);
    CHECK (!web_label_form_read (&f, body));
    CHECK (*f.error_names && !*f.error_label);
    CHECK (web_household_role_ok ("casemanager") && web_household_role_ok ("teamleider"));
    CHECK (!web_household_role_ok ("melder") && !web_household_role_ok ("intake")
           && !web_household_role_ok ("beheer") && !web_household_role_ok (NULL));
}

/*  What partners and the casemanager wrote is escaped on both pages.       */
static void
test_pages_escape (void)
{
    web_caseload_t *cl = s_new ();
    s_claim (cl, s_p, 2000, "acm");
    s_signal (cl, s_p, 3000, "acuut", "Buren <script>alert(1)</script>");
    CHECK_INT (web_caseload_finish (cl, 5000), 0);
    web_case_t *c = web_caseload_at (cl, 0);
    snprintf (c->label, sizeof c->label, "<b>Fam</b>");
    snprintf (c->names, sizeof c->names, "\"Jan\" & 'Piet'");
    web_session_t s;
    memset (&s, 0, sizeof s);
    snprintf (s.user, sizeof s.user, "anna");
    snprintf (s.role, sizeof s.role, "casemanager");
    snprintf (s.csrf, sizeof s.csrf, "tok");
    web_pages_ctx_t ctx;
    memset (&ctx, 0, sizeof ctx);
    web_reply_t r;
    web_reply_init (&r);
    web_page_household (&r, &ctx, &s, cl, c, NULL, false);
    CHECK (!r.body.failed);
    CHECK (strstr (r.body.data, "Buren &lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    CHECK (strstr (r.body.data, "<script>alert") == NULL);
    CHECK (strstr (r.body.data, "&lt;b&gt;Fam&lt;/b&gt;") != NULL);
    CHECK (strstr (r.body.data, "&quot;Jan&quot; &amp; &#39;Piet&#39;") != NULL);
    CHECK (strstr (r.body.data, "href=\"/bericht/3\"") != NULL);
    CHECK (strstr (r.body.data, "abababababababababababababababab") == NULL);   /* no full ref */
    web_reply_free (&r);
    web_reply_init (&r);
    web_search_t q;
    CHECK (web_search_read (&q, "<i>", 3));
    web_page_households (&r, &ctx, &s, cl, &q);
    CHECK (!r.body.failed);
    CHECK (strstr (r.body.data, "value=\"&lt;i&gt;\"") != NULL);
    CHECK (strstr (r.body.data, "<i>") == NULL);
    web_reply_free (&r);
    web_caseload_destroy (&cl);
}

void
suite_web_household (void)
{
    TEST_RUN ("web_household", test_caseload_claims_and_signals);
    TEST_RUN ("web_household", test_caseload_assigned_and_transferred);
    TEST_RUN ("web_household", test_caseload_rounds_and_agreements);
    TEST_RUN ("web_household", test_caseload_bad_input);
    TEST_RUN ("web_household", test_search_and_label_form);
    TEST_RUN ("web_household", test_pages_escape);
}
