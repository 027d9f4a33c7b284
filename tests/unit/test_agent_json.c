/*  test_agent_json.c - JSON <-> body conversion, sealing, the command table. */
#include "testing.h"
#include "agent_json.h"
#include "agent_message.h"
#include "agent_cmdtab.h"
#include "proto_sign.h"
#include "proto_lang.h"
#include <stdlib.h>

static proto_taxonomy_t s_tax;

static json_t *
s_body (const char *type, const char *json, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *args = json_loads (json, 0, &jerr);
    if (!args)
        return NULL;
    json_t *body = agent_json_body (proto_type_find (type, strlen (type)), args, &s_tax, true,
                                    err, errlen);
    json_decref (args);
    return body;
}

static void
test_body_ok (void)
{
    char err [512];
    proto_taxonomy_defaults (&s_tax);
    json_t *b = s_body ("signal", "{\"leefgebied\":\"huisvesting\",\"severity\":\"ernstig\","
                        "\"ground\":\"geweld\",\"informed\":\"ja\",\"text\":\"Regel 1\\nRegel 2\","
                        "\"contact\":\"030\",\"bsn\":\"ignored here\"}", err, sizeof err);
    CHECK (b);
    CHECK (json_is_true (json_object_get (b, "informed")));
    CHECK (!json_object_get (b, "bsn"));
    json_decref (b);
    b = s_body ("round", "{\"at\":\"2025-04-10T14:00\",\"invited\":\"politie-west, ggz\"}",
                err, sizeof err);
    CHECK (b);
    CHECK (json_is_integer (json_object_get (b, "at")));
    CHECK_INT (json_array_size (json_object_get (b, "invited")), 2);
    json_decref (b);
    b = s_body ("agreement_accept", "{\"agreement\":\"0190ABCDEF0123456789abcdef012345\"}",
                err, sizeof err);
    CHECK (b);
    CHECK_STR (json_string_value (json_object_get (b, "agreement")), "0190abcdef0123456789abcdef012345");
    json_decref (b);
    proto_taxonomy_clear (&s_tax);
}

static void
test_body_refused (void)
{
    char err [512];
    proto_lang_setup (PROTO_LANG_EN, NULL);
    proto_taxonomy_defaults (&s_tax);
    const struct { const char *type, *json, *want; } cases [] = {
        { "signal", "{\"leefgebied\":\"wonen\",\"severity\":\"zorg\",\"ground\":\"geweld\","
          "\"informed\":true,\"text\":\"t\",\"contact\":\"c\"}", "allowed: gezin" },
        { "signal", "{\"leefgebied\":\"gezin\",\"severity\":\"zorg\",\"ground\":\"geweld\","
          "\"text\":\"t\",\"contact\":\"c\"}", "--informed is missing" },
        { "signal", "{\"leefgebied\":\"gezin\",\"severity\":\"zorg\",\"ground\":\"geweld\","
          "\"informed\":\"misschien\",\"text\":\"t\",\"contact\":\"c\"}", "yes or no" },
        { "signal", "{\"leefgebied\":\"gezin\",\"severity\":\"zorg\",\"ground\":\"geweld\","
          "\"informed\":true,\"text\":\"\",\"contact\":\"c\"}", "empty" },
        { "signal", "{\"leefgebied\":\"gezin\",\"severity\":\"zorg\",\"ground\":\"geweld\","
          "\"informed\":true,\"text\":\"t\",\"contact\":\"a\\nb\"}", "line breaks" },
        { "round", "{\"at\":\"2025-04-31\",\"invited\":\"a\"}", "real date" },
        { "round", "{\"at\":123,\"invited\":\"a\"}", "2020 to 2099" },
        { "round", "{\"at\":\"2025-04-10\",\"invited\":\"a,a\"}", "twice" },
        { "round", "{\"at\":\"2025-04-10\",\"invited\":\"Bad_Id\"}", "partner id" },
        { "agreement_accept", "{\"agreement\":\"xyz\"}", "32 hexadecimal" },
        { "progress", "{\"round\":\"0190abcdef0123456789abcdef012345\",\"status\":\"klaar\"}",
          "on_track" },
        { NULL, NULL, NULL }
    };
    for (int i = 0; cases [i].type; i++) {
        err [0] = 0;
        json_t *b = s_body (cases [i].type, cases [i].json, err, sizeof err);
        if (b || !strstr (err, cases [i].want)) {
            char m [700];
            snprintf (m, sizeof m, "case %d: got \"%s\"", i, err);
            json_decref (b);
            proto_taxonomy_clear (&s_tax);
            test_fail (__FILE__, __LINE__, m);
            return;
        }
    }
    /* a 2000-byte text is refused before packing */
    char big [2100];
    memset (big, 'x', 2000);
    big [2000] = 0;
    json_t *args = json_pack ("{sssssssssbssss}", "leefgebied", "gezin", "severity", "zorg",
                              "ground", "geweld", "kind", "anders", "informed", 1, "text", big,
                              "contact", "c");
    json_t *b = agent_json_body (proto_type_find ("signal", 6), args, &s_tax, false, err, sizeof err);
    json_decref (args);
    CHECK (!b);
    CHECK (strstr (err, "at most 1000"));
    proto_taxonomy_clear (&s_tax);
}

static void
test_seal_roundtrip (void)
{
    char err [512];
    CHECK_INT (proto_init (), 0);
    proto_taxonomy_defaults (&s_tax);
    proto_identity_t *id = proto_identity_new ("politie-west", "Politie", "politie", "", "",
                                               PROTO_ROLE_SIGNAL, err, sizeof err);
    CHECK (id);
    json_t *body = s_body ("signal", "{\"leefgebied\":\"gezin\",\"severity\":\"zorg\","
                           "\"ground\":\"geweld\",\"informed\":false,\"not_informed_reason\":\"gevaar\","
                           "\"text\":\"t\",\"contact\":\"c\"}", err, sizeof err);
    CHECK (body);
    uint8_t person [PROTO_REF_BYTES] = { 7 };
    uint64_t now = proto_now_ms ();
    agent_message_t *m = agent_message_new (id, &s_tax, proto_type_find ("signal", 6), now, person,
                                            NULL, NULL, body, err, sizeof err);
    json_decref (body);
    CHECK (m);
    CHECK_INT (proto_verify (m->sig, m->bytes, m->size, proto_identity_cert (id)->sign_key), 0);
    proto_envelope_t env;
    CHECK_INT (proto_envelope_decode (&env, m->bytes, m->size, &s_tax, NULL), PROTO_OK);
    json_t *j = agent_json_from_envelope (&env);
    proto_envelope_release (&env);
    CHECK (j);
    CHECK_STR (json_string_value (json_object_get (json_object_get (j, "body"), "not_informed_reason")),
               "gevaar");
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK (strstr (agent_cmd_summary (j), "concern, gezin"));
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK (strstr (agent_cmd_summary (j), "zorg, gezin"));
    proto_lang_setup (PROTO_LANG_EN, NULL);
    json_decref (j);
    /* reseal: same id, new ts, still verifies */
    agent_message_t *r = agent_message_reseal (id, m->bytes, m->size, now + 600000, err, sizeof err);
    CHECK (r);
    CHECK_MEM (r->id, m->id, PROTO_ID_BYTES);
    CHECK_INT (r->ts, now + 600000);
    CHECK_INT (proto_verify (r->sig, r->bytes, r->size, proto_identity_cert (id)->sign_key), 0);
    agent_message_destroy (&r);
    agent_message_destroy (&m);
    agent_message_t *ack = agent_message_ack (id, now, 42);
    CHECK (ack);
    agent_message_destroy (&ack);
    proto_identity_destroy (&id);
    proto_taxonomy_clear (&s_tax);
}

static void
test_cmdtab (void)
{
    size_t count;
    const agent_cmd_t *all = agent_cmd_all (&count);
    CHECK (count >= 29);
    for (size_t i = 0; i < count; i++)
        if (all [i].type)
            CHECK (proto_type_find (all [i].type, strlen (all [i].type)));
    const agent_cmd_t *c = agent_cmd_find ("agreement-done");
    CHECK (c);
    CHECK (!agent_cmd_key_allowed (c, "status"));               /* fixed */
    CHECK (agent_cmd_key_allowed (c, "agreement"));
    CHECK (!agent_cmd_key_allowed (c, "bsn"));                  /* no subject */
    c = agent_cmd_find ("signal");
    CHECK (agent_cmd_key_allowed (c, "bsn"));
    CHECK (agent_cmd_key_is_bool (c, "informed"));
    CHECK (!agent_cmd_key_allowed (c, "nonsense"));
    CHECK (!agent_cmd_find ("nonsense"));
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK_STR (agent_cmd_type_word ("minutes"), "verslag");
    CHECK_STR (agent_cmd_type_word ("notice"), "bericht");
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK_STR (agent_cmd_type_word ("minutes"), "minutes");
}

/*  Statuses and terms as people read them (docs/woordenlijst.md).          */
static void
test_words (void)
{
    char term [64];
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK_STR (agent_cmd_code_word ("accepted"), "aanvaard");
    CHECK_STR (agent_cmd_code_word ("overdue"), "te laat");
    CHECK_STR (agent_cmd_code_word ("on_track"), "lopend");
    CHECK_STR (agent_cmd_code_word ("not_started"), "niet begonnen");
    CHECK_STR (agent_cmd_code_word ("stagnated"), "gestagneerd");
    CHECK_STR (agent_cmd_code_word ("contact_gelegd"), "contact gelegd");
    CHECK_STR (agent_cmd_code_word ("nonsense"), "nonsense");
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK_STR (agent_cmd_code_word ("on_track"), "on track");
    CHECK_STR (agent_cmd_code_word ("zorg"), "concern");
    agent_cmd_term_text (term, sizeof term, "sociale_omgeving");
    CHECK_STR (term, "sociale omgeving");
}

/*  An error names what the user typed: the option on a command line, the
    JSON key in a request; in the reader's language.                        */
static void
test_errors_name_the_option (void)
{
    char err [512];
    proto_taxonomy_defaults (&s_tax);
    const char *no_reason = "{\"leefgebied\":\"gezin\",\"severity\":\"zorg\",\"ground\":\"geweld\","
                            "\"informed\":\"nee\",\"text\":\"t\",\"contact\":\"c\"}";
    proto_lang_setup (PROTO_LANG_NL, NULL);
    json_t *b = s_body ("signal", no_reason, err, sizeof err);
    CHECK (!b);
    CHECK (strstr (err, "--informed nee vraagt om --not-informed-reason"));
    CHECK (!strstr (err, "not_informed_reason"));
    proto_lang_setup (PROTO_LANG_EN, NULL);
    b = s_body ("signal", no_reason, err, sizeof err);
    CHECK (!b);
    CHECK (strstr (err, "--informed no needs --not-informed-reason"));
    /* a partner system's JSON request: its keys                             */
    json_t *args = json_loads (no_reason, 0, NULL);
    b = agent_json_body (proto_type_find ("signal", 6), args, &s_tax, false, err, sizeof err);
    json_decref (args);
    CHECK (!b);
    CHECK (strstr (err, "informed false needs not_informed_reason"));
    /* the other rules that span fields                                      */
    b = s_body ("consent", "{\"partner\":\"ggz\",\"basis\":\"toestemming\",\"from\":\"02-03-2026\","
                "\"until\":\"01-03-2026\"}", err, sizeof err);
    CHECK (!b);
    CHECK (strstr (err, "--until must be later than --from"));
    b = s_body ("agreement_status", "{\"agreement\":\"0190abcdef0123456789abcdef012345\","
                "\"status\":\"stagnated\"}", err, sizeof err);
    CHECK (!b);
    CHECK (strstr (err, "--note is needed"));
    /* ja and nee are yes and no                                             */
    b = s_body ("priority", "{\"on\":\"nee\"}", err, sizeof err);
    CHECK (b);
    CHECK (json_is_false (json_object_get (b, "on")));
    json_decref (b);
    b = s_body ("priority", "{\"on\":\"Ja\"}", err, sizeof err);
    CHECK (b);
    CHECK (json_is_true (json_object_get (b, "on")));
    json_decref (b);
    /* a refusal's field as the option typed for that command               */
    char option [64];
    agent_cmd_option_label (agent_cmd_find ("signal"), "not_informed_reason", option, sizeof option);
    CHECK_STR (option, "--not-informed-reason");
    agent_cmd_option_label (agent_cmd_find ("link-member"), "person", option, sizeof option);
    CHECK_STR (option, "--member-bsn");
    agent_cmd_option_label (agent_cmd_find ("move"), "address", option, sizeof option);
    CHECK_STR (option, "--new-postcode");
    agent_cmd_option_label (agent_cmd_find ("signal"), "person", option, sizeof option);
    CHECK_STR (option, "--bsn");
    agent_cmd_option_label (agent_cmd_find ("agreement-done"), "status", option, sizeof option);
    CHECK_STR (option, "");
    agent_cmd_option_label (agent_cmd_find ("signal"), "ts", option, sizeof option);
    CHECK_STR (option, "");
    proto_taxonomy_clear (&s_tax);
}

void
suite_agent_json (void)
{
    TEST_RUN ("agent_json", test_body_ok);
    TEST_RUN ("agent_json", test_body_refused);
    TEST_RUN ("agent_json", test_seal_roundtrip);
    TEST_RUN ("agent_json", test_cmdtab);
    TEST_RUN ("agent_json", test_words);
    TEST_RUN ("agent_json", test_errors_name_the_option);
}
