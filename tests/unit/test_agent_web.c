/*  test_agent_web.c - the web view's parts that need no server: agent.conf's
    web section, the migration to schema 3, the people and read state in
    agent_store_web, passwords, sessions and the login limit, escaping.    */
#include "testing.h"
#include "agent_config.h"
#include "agent_store.h"
#include "agent_store_web.h"
#include "agent_users.h"
#include "web_html.h"
#include "web_session.h"
#include <sqlite3.h>
#include <stdlib.h>

static agent_config_t *
s_conf (const char *web, char *err, size_t errlen)
{
    char text [1024];
    snprintf (text, sizeof text, "agent\n    hub = \"tcp://127.0.0.1:7400\"\nweb\n%s", web);
    return agent_config_parse ("/d", text, err, errlen);
}

static void
test_web_config (void)
{
    char err [512];
    agent_config_t *c = s_conf ("", err, sizeof err);
    CHECK (c);
    CHECK_STR (c->web_listen, "");          /* off unless set                 */
    CHECK_INT (c->web_idle, AGENT_WEB_IDLE_S);
    agent_config_destroy (&c);
    c = s_conf ("    listen = \"127.0.0.1:8470\"\n    idle = 120\n", err, sizeof err);
    CHECK (c);
    CHECK_STR (c->web_host, "127.0.0.1");
    CHECK_INT (c->web_port, 8470);
    CHECK (c->web_loopback);
    CHECK_INT (c->web_idle, 120);
    agent_config_destroy (&c);
    c = s_conf ("    listen = \"[::1]:8471\"\n", err, sizeof err);
    CHECK (c && c->web_loopback && strcmp (c->web_host, "::1") == 0);
    agent_config_destroy (&c);
    c = s_conf ("    listen = \"10.0.0.5:443\"\n    cert = \"web.crt\"\n    key = \"/k/web.key\"\n",
                err, sizeof err);
    CHECK (c && !c->web_loopback);
    CHECK (strcmp (c->web_cert, "/d/web.crt") == 0);
    CHECK (strcmp (c->web_key, "/k/web.key") == 0);
    agent_config_destroy (&c);
    const char *bad [] = { "    listen = \"localhost:80\"\n", "    listen = \"127.0.0.1\"\n",
                           "    listen = \"127.0.0.1:0\"\n", "    listen = \"127.0.0.1:65536\"\n",
                           "    idle = 5\n", "    idle = soon\n", "    cert = \"a.crt\"\n",
                           "    port = 8470\n" };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        err [0] = 0;
        c = s_conf (bad [i], err, sizeof err);
        CHECK (c == NULL);
        CHECK (strstr (err, "web/") != NULL);
    }
}

/*  A store made at schema 2 (before people) is migrated on open, keeping
    its rows; a migrated one opens again unchanged.                           */
static void
test_migration (void)
{
    char path [512], err [512];
    snprintf (path, sizeof path, "%s/v1.db", test_tmpdir ());
    agent_store_t *store = agent_store_new (path, err, sizeof err);
    CHECK (store);
    CHECK_INT (agent_store_label_set (store, "Fam. Jansen", (const uint8_t *) "0123456789abcdef0123456789abcdef",
                                      NULL, 1), 0);
    agent_store_destroy (&store);
    /* back to what a schema 2 file is (before the web view's people) */
    sqlite3 *db;
    CHECK_INT (sqlite3_open (path, &db), SQLITE_OK);
    CHECK_INT (sqlite3_exec (db, "DROP TABLE users; DROP TABLE web_read; "
                             "ALTER TABLE labels DROP COLUMN names; PRAGMA user_version = 2;",
                             NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close (db);
    CHECK (agent_web_store_new (path, err, sizeof err) == NULL);    /* not migrated yet */
    store = agent_store_new (path, err, sizeof err);
    CHECK (store);
    CHECK_INT (agent_store_label_count (store), 1);
    agent_web_store_t *web = agent_web_store_new (path, err, sizeof err);
    CHECK (web);
    CHECK_INT (agent_web_user_count (web), 0);
    agent_web_store_destroy (&web);
    agent_store_destroy (&store);
    store = agent_store_new (path, err, sizeof err);
    CHECK (store);
    agent_store_destroy (&store);
}

typedef struct {
    char role [16];
    int failed, count;
    uint64_t locked_until;
} seen_t;

static int
s_seen (void *arg, const agent_user_t *u)
{
    seen_t *s = (seen_t *) arg;
    snprintf (s->role, sizeof s->role, "%s", u->role);
    s->failed = u->failed;
    s->locked_until = u->locked_until;
    s->count++;
    return 0;
}

static int
s_read_rows (void *arg, const agent_inbox_row_t *row)
{
    int *unread = (int *) arg;
    *unread += !row->read;
    return 0;
}

static void
test_people_and_read_state (void)
{
    char path [512], err [512];
    snprintf (path, sizeof path, "%s/agent.db", test_tmpdir ());
    agent_store_t *store = agent_store_new (path, err, sizeof err);
    CHECK (store);
    agent_web_store_t *web = agent_web_store_new (path, err, sizeof err);
    CHECK (web);
    char hash [AGENT_USER_HASH_BYTES];
    CHECK_INT (agent_user_hash (hash, "een-goed-wachtwoord"), 0);
    CHECK (strncmp (hash, "$argon2id$", 10) == 0);
    CHECK (agent_user_verify (hash, "een-goed-wachtwoord"));
    CHECK (!agent_user_verify (hash, "een-goed-wachtwoorD"));
    CHECK_INT (agent_web_user_add (web, "anna", "casemanager", hash, 1), 1);
    CHECK_INT (agent_web_user_add (web, "anna", "intake", hash, 2), 0);
    CHECK_INT (agent_web_user_add (web, "bram", "intake", hash, 3), 1);
    seen_t s = { "", 0, 0, 0 };
    CHECK_INT (agent_web_user_get (web, "anna", s_seen, &s), 1);
    CHECK_STR (s.role, "casemanager");
    CHECK_INT (agent_web_user_get (web, "niemand", s_seen, &s), 0);
    CHECK_INT (agent_web_user_logins (web, "anna", 4, 99), 0);
    CHECK_INT (agent_web_user_get (web, "anna", s_seen, &s), 1);
    CHECK_INT (s.failed, 4);
    CHECK_INT (s.locked_until, 99);
    CHECK_INT (agent_web_user_passwd (web, "anna", hash), 1);       /* lifts the lock */
    CHECK_INT (agent_web_user_get (web, "anna", s_seen, &s), 1);
    CHECK_INT (s.failed + (int) s.locked_until, 0);
    CHECK_INT (agent_web_user_passwd (web, "niemand", hash), 0);

    /* two deliveries; read state is per person */
    for (uint64_t seq = 1; seq <= 2; seq++) {
        agent_inbox_row_t row;
        memset (&row, 0, sizeof row);
        row.seq = seq;
        row.id [0] = (uint8_t) seq;
        row.type = "signal";
        row.envelope = (const uint8_t *) "x";
        row.envelope_len = 1;
        static const uint8_t sig [PROTO_SIGNATURE_BYTES];
        row.signature = sig;
        CHECK_INT (agent_store_inbox_add (store, &row), 1);
    }
    CHECK_INT (agent_web_unread (web, "anna"), 2);
    CHECK_INT (agent_web_read_mark (web, "anna", 2, 10), 0);
    CHECK_INT (agent_web_read_mark (web, "anna", 2, 11), 0);        /* again: harmless */
    CHECK_INT (agent_web_unread (web, "anna"), 1);
    CHECK_INT (agent_web_unread (web, "bram"), 2);
    int unread = 0;
    CHECK_INT (agent_web_inbox (web, "anna", 10, s_read_rows, &unread), 2);
    CHECK_INT (unread, 1);
    CHECK_INT (agent_store_inbox_unread (store), 2);                /* the partner's flag stays */
    CHECK_INT (agent_web_user_remove (web, "anna"), 1);
    CHECK_INT (agent_web_user_remove (web, "anna"), 0);
    CHECK_INT (agent_web_unread (web, "anna"), 2);                  /* forgotten with her */
    seen_t all = { "", 0, 0, 0 };
    CHECK_INT (agent_web_user_list (web, s_seen, &all), 1);
    agent_web_store_destroy (&web);
    agent_store_destroy (&store);
}

static void
test_names_and_roles (void)
{
    CHECK (agent_user_name_valid ("anna"));
    CHECK (agent_user_name_valid ("a.de-vries_2"));
    CHECK (!agent_user_name_valid (""));
    CHECK (!agent_user_name_valid ("Anna"));
    CHECK (!agent_user_name_valid ("-anna"));
    CHECK (!agent_user_name_valid ("an na"));
    CHECK (!agent_user_name_valid ("anna<"));
    char longname [AGENT_MAX_USER_BYTES + 2];
    memset (longname, 'a', sizeof longname - 1);
    longname [sizeof longname - 1] = 0;
    CHECK (!agent_user_name_valid (longname));
    const char *roles [] = { "melder", "intake", "casemanager", "teamleider", "beheer" };
    for (size_t i = 0; i < 5; i++)
        CHECK (agent_user_role_valid (roles [i]));
    CHECK (!agent_user_role_valid ("admin"));
    CHECK (!agent_user_role_valid (""));
}

static void
test_sessions (void)
{
    web_sessions_t *ss = web_sessions_new (60);
    CHECK (ss);
    web_session_t *s = web_session_create (ss, "anna", "intake", 1000);
    CHECK (s && strlen (s->token) == WEB_TOKEN_CHARS && strlen (s->csrf) == WEB_TOKEN_CHARS);
    CHECK (strcmp (s->token, s->csrf) != 0);
    char token [WEB_TOKEN_CHARS + 1];
    snprintf (token, sizeof token, "%s", s->token);
    CHECK (web_session_find (ss, token, 2000) == s);
    CHECK (web_session_csrf_ok (s, s->csrf));
    CHECK (!web_session_csrf_ok (s, token));
    CHECK (!web_session_csrf_ok (s, ""));
    CHECK (!web_session_csrf_ok (s, NULL));
    CHECK (web_session_find (ss, "short", 2000) == NULL);
    /* idle: 60 s after its last use, not before */
    CHECK (web_session_find (ss, token, 2000 + 60000) == s);
    CHECK (web_session_find (ss, token, 2000 + 60000 + 60001) == NULL);
    CHECK (web_session_find (ss, token, 2000 + 60000 + 60002) == NULL);  /* ended for good */
    s = web_session_create (ss, "bram", "melder", 5000);
    snprintf (token, sizeof token, "%s", s->token);
    web_session_end (ss, s);
    CHECK (web_session_find (ss, token, 5001) == NULL);
    /* the login limit per address, per window */
    for (int i = 0; i < AGENT_WEB_LOGIN_RATE; i++)
        CHECK (web_login_allowed (ss, "127.0.0.1", 10));
    CHECK (!web_login_allowed (ss, "127.0.0.1", 11));
    CHECK (web_login_allowed (ss, "127.0.0.2", 11));
    CHECK (web_login_allowed (ss, "127.0.0.1", 10 + AGENT_WEB_LOGIN_WINDOW_S * 1000));
    web_sessions_destroy (&ss);
    CHECK (ss == NULL);
}

static void
test_escaping (void)
{
    web_buf_t b;
    web_buf_init (&b);
    web_html_text (&b, "<script>alert('x') & \"y\"</script>");
    CHECK_STR (b.data, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    web_buf_free (&b);
    web_buf_init (&b);
    web_html_begin (&b, "<t>", "anna<", "rol\"", "tok", "postvak", false);
    web_html_end (&b);
    CHECK (!b.failed);
    CHECK (strstr (b.data, "<title>&lt;t&gt; - regie</title>") != NULL);
    CHECK (strstr (b.data, "anna&lt;") != NULL);
    CHECK (strstr (b.data, "anna<") == NULL);
    CHECK (strstr (b.data, "<script>") == NULL);        /* no inline script */
    web_buf_free (&b);
}

void
suite_agent_web (void)
{
    TEST_RUN ("agent_web", test_web_config);
    TEST_RUN ("agent_web", test_migration);
    TEST_RUN ("agent_web", test_people_and_read_state);
    TEST_RUN ("agent_web", test_names_and_roles);
    TEST_RUN ("agent_web", test_sessions);
    TEST_RUN ("agent_web", test_escaping);
}
