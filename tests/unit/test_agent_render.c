/*  test_agent_render.c - every notice kind the protocol lists renders in
    both languages from its arguments, as PROTOCOL.md names them; an
    unknown kind renders a readable fallback.

    The kinds and their arguments are read from proto/PROTOCOL.md's table
    ("The kinds"), so a kind added there without a rendering, or an argument
    a rendering needs that the table does not name, fails here.            */
#include "testing.h"
#include "agent_render.h"
#include "proto_lang.h"
#include "proto_types.h"
#include <stdlib.h>

#define ROWS_MAX    64

typedef struct {
    char kind [48];
    char args [512];            /* the row's arguments column                */
} row_t;

/*  The rows of PROTOCOL.md's table of notice kinds.                         */
static size_t
s_rows (row_t *rows, size_t max)
{
    FILE *f = fopen ("proto/PROTOCOL.md", "r");
    if (!f)
        return 0;
    char line [4096];
    bool in_table = false;
    size_t n = 0;
    while (fgets (line, sizeof line, f) && n < max) {
        if (strncmp (line, "| kind | to | arguments | rendered (English) |", 44) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table)
            continue;
        if (line [0] != '|')
            break;
        if (strncmp (line, "| ---", 5) == 0)
            continue;
        /* | `kind` | to | arguments | rendered |                            */
        char *cells [5] = { NULL };
        char *p = line;
        for (int c = 0; c < 5 && (p = strchr (p, '|')); c++)
            cells [c] = ++p;
        if (!cells [3])
            continue;
        char *tick = strchr (cells [0], '`');
        char *end = tick ? strchr (tick + 1, '`') : NULL;
        if (!end)
            continue;
        snprintf (rows [n].kind, sizeof rows [n].kind, "%.*s", (int) (end - tick - 1), tick + 1);
        snprintf (rows [n].args, sizeof rows [n].args, "%.*s", (int) (cells [3] - cells [2] - 1),
                  cells [2]);
        n++;
    }
    fclose (f);
    return n;
}

static bool
s_names (const char *args, const char *field)
{
    char quoted [48];
    snprintf (quoted, sizeof quoted, "`%s`", field);
    return strstr (args, quoted) != NULL;
}

/*  A body with a sample value for every argument the row names.            */
static json_t *
s_body (const row_t *row, const char *reason)
{
    json_t *b = json_pack ("{ss}", "kind", row->kind);
    const char *args = row->args;
    /* "as `match`" and "as `report_missing`": the other row's arguments too */
    bool all = strstr (args, "as `") != NULL;
    struct { const char *field; json_t *value; } v [] = {
        { "object", json_string ("0707070707070707070707070707070707") },
        { "partners", json_pack ("[{ssssss},{ssss}]", "partner", "school", "name", "Het Baken",
                                 "contact", "030-1112223", "partner", "politie",
                                 "name", "Politie Utrecht") },
        { "due", json_string ("2026-12-07T14:00:00+01:00") },
        { "at", json_string ("2026-12-07T14:00:00+01:00") },
        { "from", json_string ("2026-12-07T14:00:00+01:00") },
        { "until", json_string ("2027-06-07T14:00:00+02:00") },
        { "urgent", json_true () },
        { "team", json_string ("acm") },
        { "other_team", json_string ("wijkteam") },
        { "by", json_string ("politie") },
        { "by_name", json_string ("Politie Utrecht") },
        { "count", json_integer (3) },
        { "number", json_integer (2) },
        { "place", json_string ("Wijkcentrum De Brug") },
        { "phase", json_string ("plan_van_aanpak") },
        { "basis", json_string ("wettelijke_taak") },
        { "leefgebied", json_string ("sociale_omgeving") },
        { "signal_kind", json_string ("ontruimingsdreiging") },
        { "ref", json_string ("address") },
        { "reason", json_string (reason ? reason : "") },
        { "text", json_string ("Gezin is verhuisd naar familie.") },
    };
    for (size_t i = 0; i < sizeof v / sizeof v [0]; i++) {
        if (all || s_names (args, v [i].field))
            json_object_set (b, v [i].field, v [i].value);
        json_decref (v [i].value);
    }
    return b;
}

/*  Renders body in lang; the words, or fails the test.                      */
static bool
s_render (proto_lang_t lang, const json_t *body, char *out, size_t outlen)
{
    proto_lang_setup (lang, NULL);
    return agent_render_notice (body, out, outlen);
}

static void
every_listed_kind_renders_in_both_languages (void)
{
    row_t rows [ROWS_MAX];
    size_t n = s_rows (rows, ROWS_MAX);
    proto_taxonomy_t tax;
    proto_taxonomy_defaults (&tax);
    CHECK_INT (n, tax.count [PT_NOTICE_KIND]);
    char m [2 * AGENT_RENDER_BYTES + 256] = "";
    for (size_t i = 0; i < n && !m [0]; i++) {
        //  the table and the protocol's list agree
        if (proto_taxonomy_index (&tax, PT_NOTICE_KIND, rows [i].kind, strlen (rows [i].kind)) < 0)
            snprintf (m, sizeof m, "%s is in the table but not in the list", rows [i].kind);
        bool escalation = strcmp (rows [i].kind, "escalation") == 0;
        size_t reasons = escalation ? tax.count [PT_ESCALATION_REASON] : 1;
        for (size_t r = 0; r < reasons && !m [0]; r++) {
            json_t *body = s_body (&rows [i], escalation ? tax.terms [PT_ESCALATION_REASON][r] : NULL);
            char nl [AGENT_RENDER_BYTES], en [AGENT_RENDER_BYTES];
            bool known_nl = s_render (PROTO_LANG_NL, body, nl, sizeof nl);
            bool known_en = s_render (PROTO_LANG_EN, body, en, sizeof en);
            json_decref (body);
            if (!known_nl || !known_en)
                snprintf (m, sizeof m, "%s: no rendering", rows [i].kind);
            else
            if (strchr (nl, '{') || strchr (en, '{') || strchr (nl, '?') || strchr (en, '?'))
                snprintf (m, sizeof m, "%s: an argument is missing: \"%s\" / \"%s\"", rows [i].kind,
                          nl, en);
            else
            if (strcmp (nl, en) == 0)
                snprintf (m, sizeof m, "%s: the Dutch is the English: \"%s\"", rows [i].kind, en);
        }
    }
    proto_taxonomy_clear (&tax);
    proto_lang_setup (PROTO_LANG_NL, NULL);
    if (m [0])
        test_fail (__FILE__, __LINE__, m);
}

/*  Every kind the program renders is one the protocol lists.               */
static void
every_rendered_kind_is_listed (void)
{
    proto_taxonomy_t tax;
    proto_taxonomy_defaults (&tax);
    size_t n = 0;
    for (const char *k; (k = agent_render_kind (n)); n++)
        CHECK (proto_taxonomy_index (&tax, PT_NOTICE_KIND, k, strlen (k)) >= 0);
    CHECK_INT (n, tax.count [PT_NOTICE_KIND]);
    proto_taxonomy_clear (&tax);
}

/*  The arguments appear as the reader writes them: names, dates in the
    reader's form, terms with spaces, the person's own words.               */
static void
arguments_are_written_the_reader_s_way (void)
{
    char out [AGENT_RENDER_BYTES];
    json_t *match = json_pack ("{sssisss[{ssss},{ssss}]}", "kind", "match", "count", 2,
                               "due", "2026-12-17T09:00:00+01:00", "partners",
                               "partner", "school", "name", "Het Baken",
                               "partner", "politie", "name", "Politie Utrecht");
    CHECK (s_render (PROTO_LANG_NL, match, out, sizeof out));
    CHECK (strstr (out, "2 partners"));
    CHECK (strstr (out, "Het Baken en Politie Utrecht"));
    CHECK (strstr (out, "17 december 2026"));
    CHECK (s_render (PROTO_LANG_EN, match, out, sizeof out));
    CHECK (strstr (out, "Het Baken and Politie Utrecht"));
    CHECK (strstr (out, "17 December 2026"));
    json_decref (match);

    json_t *invite = json_pack ("{sssissssssss}", "kind", "invitation", "number", 3,
                                "at", "2026-12-07T14:00:00+01:00", "by", "cm-anna",
                                "by_name", "Anna de Wit", "place", "Wijkcentrum");
    CHECK (s_render (PROTO_LANG_NL, invite, out, sizeof out));
    CHECK (strstr (out, "ronde 3"));
    CHECK (strstr (out, "7 december 2026 14:00"));
    CHECK (strstr (out, "Anna de Wit"));
    CHECK (strstr (out, "Wijkcentrum"));
    json_decref (invite);

    json_t *stagnation = json_pack ("{ssssssss}", "kind", "stagnation", "by_name", "GGZ Centraal",
                                    "text", "Cliënt komt niet opdagen.", "by", "ggz");
    CHECK (s_render (PROTO_LANG_NL, stagnation, out, sizeof out));
    CHECK (strstr (out, "STAGNATIE: GGZ Centraal"));
    CHECK (strstr (out, "Cliënt komt niet opdagen."));
    json_decref (stagnation);

    json_t *priority = json_pack ("{ssss}", "kind", "priority", "signal_kind", "huiselijke_onrust");
    CHECK (s_render (PROTO_LANG_EN, priority, out, sizeof out));
    CHECK (strstr (out, "(huiselijke onrust)"));
    json_decref (priority);
    proto_lang_setup (PROTO_LANG_NL, NULL);
}

/*  A plural form follows the count.                                         */
static void
counts_choose_singular_or_plural (void)
{
    char one [AGENT_RENDER_BYTES], three [AGENT_RENDER_BYTES];
    json_t *b = json_pack ("{sssi}", "kind", "history", "count", 1);
    CHECK (s_render (PROTO_LANG_NL, b, one, sizeof one));
    json_object_set_new (b, "count", json_integer (3));
    CHECK (s_render (PROTO_LANG_NL, b, three, sizeof three));
    CHECK (strstr (one, "1 partner signaleerde"));
    CHECK (strstr (three, "3 partners signaleerden"));
    json_decref (b);
}

/*  A kind this program does not know: a sentence naming it, the text kept;
    a missing argument shows as "?", never as garbage or a crash.          */
static void
an_unknown_kind_renders_a_fallback (void)
{
    char out [AGENT_RENDER_BYTES];
    json_t *b = json_pack ("{ssss}", "kind", "moon_landing", "text", "Eerste stap.");
    CHECK (!s_render (PROTO_LANG_NL, b, out, sizeof out));
    CHECK (strstr (out, "moon_landing"));
    CHECK (strstr (out, "niet kent"));
    CHECK (strstr (out, "Eerste stap."));
    CHECK (!s_render (PROTO_LANG_EN, b, out, sizeof out));
    CHECK (strstr (out, "does not know"));
    json_decref (b);
    json_t *bare = json_pack ("{ss}", "kind", "agreement_overdue");
    CHECK (s_render (PROTO_LANG_NL, bare, out, sizeof out));
    CHECK (strstr (out, "?"));
    json_decref (bare);
    json_t *none = json_object ();
    CHECK (!s_render (PROTO_LANG_NL, none, out, sizeof out));
    json_decref (none);
    //  a small buffer is cut, and still terminated
    char small [16];
    json_t *long_one = json_pack ("{ss}", "kind", "consent_ended");
    CHECK (s_render (PROTO_LANG_EN, long_one, small, sizeof small));
    CHECK_INT (strlen (small), sizeof small - 1);
    json_decref (long_one);
    proto_lang_setup (PROTO_LANG_NL, NULL);
}

void
suite_agent_render (void)
{
    TEST_RUN ("agent_render", every_listed_kind_renders_in_both_languages);
    TEST_RUN ("agent_render", every_rendered_kind_is_listed);
    TEST_RUN ("agent_render", arguments_are_written_the_reader_s_way);
    TEST_RUN ("agent_render", counts_choose_singular_or_plural);
    TEST_RUN ("agent_render", an_unknown_kind_renders_a_fallback);
}
