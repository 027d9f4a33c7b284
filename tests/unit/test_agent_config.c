/*  test_agent_config.c - agent.conf parsing, limits and the test clock.   */
#include "testing.h"
#include "agent_config.h"
#include "proto_sign.h"
#include <stdlib.h>

static void
test_defaults (void)
{
    char err [256];
    agent_config_t *c = agent_config_parse ("/tmp/x", "agent\n    hub = \"tcp://127.0.0.1:7400\"\n",
                                            err, sizeof err);
    CHECK (c);
    CHECK (strcmp (c->hub_endpoint, "tcp://127.0.0.1:7400") == 0);
    CHECK (strcmp (c->hub_cert, "/tmp/x/hub.cert") == 0);
    CHECK (strcmp (c->identity, "/tmp/x/identity.secret") == 0);
    CHECK (strcmp (c->sock_path, "/tmp/x/agent.sock") == 0);
    CHECK_INT (c->resend_after, AGENT_RESEND_AFTER_MS);
    CHECK_INT (c->tax.count [PT_LEEFGEBIED], 9);
    agent_config_destroy (&c);
    CHECK (c == NULL);
    agent_config_destroy (&c);
}

static void
test_settings (void)
{
    char err [256];
    agent_config_t *c = agent_config_parse ("/d",
        "agent\n    hub = \"tcp://hub.example.nl:7700\"\n    resend_after = 2000\n"
        "    clock_file = \"/abs/clock\"\n    identity = \"keys/me.secret\"\n"
        "taxonomy\n    leefgebied = \"wonen,geld\"\n", err, sizeof err);
    CHECK (c);
    CHECK_INT (c->resend_after, 2000);
    CHECK (strcmp (c->clock_file, "/abs/clock") == 0);
    CHECK (strcmp (c->identity, "/d/keys/me.secret") == 0);
    CHECK_INT (c->tax.count [PT_LEEFGEBIED], 2);
    agent_config_destroy (&c);
}

/*  The language and the partner directory.                                 */
static void
test_language_and_partners (void)
{
    char err [256];
    agent_config_t *c = agent_config_parse ("/d",
        "agent\n    hub = \"tcp://x:1\"\n    language = \"en\"\n"
        "partners\n    kredietbank = \"Kredietbank Utrecht\"\n    ggz = \"GGZ Centraal\"\n",
        err, sizeof err);
    CHECK (c);
    CHECK_STR (c->language, "en");
    CHECK_INT (c->partner_count, 2);
    CHECK_STR (c->partners [0].id, "kredietbank");
    CHECK_STR (c->partners [0].name, "Kredietbank Utrecht");
    CHECK_STR (c->partners [1].name, "GGZ Centraal");
    agent_config_destroy (&c);
    /* what regie init writes parses, with an empty directory of names       */
    char path [512];
    snprintf (path, sizeof path, "%s/agent.conf", test_tmpdir ());
    CHECK_INT (agent_config_write (path, "tcp://127.0.0.1:7400", err, sizeof err), 0);
    c = agent_config_load (test_tmpdir (), err, sizeof err);
    CHECK (c);
    CHECK_STR (c->language, "nl");
    CHECK_INT (c->partner_count, 0);
    agent_config_destroy (&c);
}

static void
test_refusals (void)
{
    char err [256];
    const char *bad [] = {
        "agent\n    hub = \"http://x:1\"\n",
        "agent\n    hub = \"tcp://x:99999\"\n",
        "agent\n    hub = \"tcp://x:1\"\n    resend_after = 5\n",
        "agent\n    hub = \"tcp://x:1\"\n    resend_after = abc\n",
        "agent\n    hub = \"tcp://x:1\"\n    typo = 1\n",
        "agent\n    hub = \"tcp://x:1\"\nother\n    a = 1\n",
        "agent\n    hub = \"tcp://x:1\"\ntaxonomy\n    leefgebied = \"A,b\"\n",
        "agent\n    hub = \"tcp://x:1\"\ntaxonomy\n    severity = \"a,b\"\n",
        "agent\n    hub = \"tcp://x:1\"\n    heartbeat_ivl = 9000\n    heartbeat_timeout = 100\n",
        "agent\n",
        "agent\n    hub = \"tcp://x:1\"\n    language = \"de\"\n",
        "agent\n    hub = \"tcp://x:1\"\npartners\n    Bad_Id = \"Naam\"\n",
        "agent\n    hub = \"tcp://x:1\"\npartners\n    ggz = \"\"\n",
        NULL
    };
    for (int i = 0; bad [i]; i++) {
        err [0] = 0;
        agent_config_t *c = agent_config_parse ("/d", bad [i], err, sizeof err);
        if (c) {
            agent_config_destroy (&c);
            test_fail (__FILE__, __LINE__, bad [i]);
            return;
        }
        CHECK (err [0]);
    }
}

static void
test_write_and_load (void)
{
    char err [256], path [512];
    snprintf (path, sizeof path, "%s/agent.conf", test_tmpdir ());
    CHECK_INT (agent_config_write (path, "tcp://127.0.0.1:1234", err, sizeof err), 0);
    CHECK_INT (agent_config_write (path, "tcp://127.0.0.1:1234", err, sizeof err), -1);
    agent_config_t *c = agent_config_load (test_tmpdir (), err, sizeof err);
    CHECK (c);
    CHECK (strcmp (c->hub_endpoint, "tcp://127.0.0.1:1234") == 0);
    agent_config_destroy (&c);
    c = agent_config_load ("/nonexistent-dir", err, sizeof err);
    CHECK (!c);
}

static void
test_clock (void)
{
    char err [256], path [512], text [600];
    snprintf (path, sizeof path, "%s/clock", test_tmpdir ());
    snprintf (text, sizeof text, "agent\n    hub = \"tcp://x:1\"\n    clock_file = \"%s\"\n", path);
    agent_config_t *c = agent_config_parse ("/d", text, err, sizeof err);
    CHECK (c);
    uint64_t wall = proto_now_ms ();
    uint64_t now = agent_config_now_ms (c);
    CHECK (now >= wall && now < wall + 1000);            /* missing file = 0 */
    FILE *f = fopen (path, "w");
    CHECK (f);
    fprintf (f, "86400000\n");
    fclose (f);
    now = agent_config_now_ms (c);
    CHECK (now >= wall + 86400000ULL && now < wall + 86401000ULL);
    int64_t off;
    f = fopen (path, "w");
    fprintf (f, "12x");
    fclose (f);
    CHECK_INT (agent_clock_offset (path, &off), -1);
    agent_config_destroy (&c);
}

void
suite_agent_config (void)
{
    TEST_RUN ("agent_config", test_defaults);
    TEST_RUN ("agent_config", test_settings);
    TEST_RUN ("agent_config", test_refusals);
    TEST_RUN ("agent_config", test_language_and_partners);
    TEST_RUN ("agent_config", test_write_and_load);
    TEST_RUN ("agent_config", test_clock);
}
