/*  test_agent_render_result.c - every reason code and note code of
    hub/hub_codes.h renders in both languages from the arguments the hub
    sends with it; an unknown code renders a readable fallback; and
    PROTOCOL.md's tables of reason and note codes list exactly the hub's,
    in its order, each with its result code and its arguments.              */
#include "testing.h"
#include "agent_render_result.h"
#include "hub_codes.h"
#include "proto_lang.h"

/*  Sample values for every argument a code carries (no "?" in any).         */
static json_t *
s_args (const hub_code_t *c)
{
    json_t *o = json_object ();
    for (size_t i = 0; i < c->nargs; i++) {
        proto_arg_key_t key = c->args [i];
        json_t *v = NULL;
        switch (proto_arg_kind (key)) {
            case PROTO_ARGK_TIME:    v = json_string ("2026-12-07T13:00:00Z"); break;
            case PROTO_ARGK_COUNT:   v = json_integer (3); break;
            case PROTO_ARGK_PARTNER: v = json_string ("cm-anna"); break;
            case PROTO_ARGK_NAME:    v = json_string ("Anna de Vries"); break;
            case PROTO_ARGK_CONTACT: v = json_string ("030 123 4567"); break;
            case PROTO_ARGK_FIELD:   v = json_string ("reden"); break;
            case PROTO_ARGK_LINE:    v = json_string ("signal,refer"); break;
            case PROTO_ARGK_TERM:
                v = json_string (key == PROTO_ARG_STATUS ? "accepted"
                               : key == PROTO_ARG_REF ? "address"
                               : key == PROTO_ARG_OUTCOME ? "contact_gelegd"
                               : key == PROTO_ARG_TYPE ? "signal" : "intensief");
                break;
        }
        json_object_set_new (o, proto_arg_name (key), v);
    }
    return o;
}

/*  Renders code (a reason when reason, else a note) in lang.               */
static bool
s_render (proto_lang_t lang, const hub_code_t *c, bool reason, char *out, size_t outlen)
{
    proto_lang_setup (lang, NULL);
    json_t *args = s_args (c);
    bool known;
    if (reason) {
        json_t *err = json_pack ("{sisssssO}", "code", (int) c->result, "name",
                                 proto_result_name (c->result), "reason_code", c->term, "args",
                                 args);
        known = agent_render_error (err, NULL, out, outlen);
        json_decref (err);
    }
    else
        known = agent_render_note (c->term, args, out, outlen);
    json_decref (args);
    return known;
}

/*  English words that must not survive in a Dutch rendering.               */
static const char *s_english [] = {
    " the ", "The ", " you ", "You ", " is not ", " and ", "household", " agreement", "Sent ",
    "Stored", " with ", " by ", NULL
};

static void
every_code_renders_in_both_languages (void)
{
    char m [3 * AGENT_RESULT_BYTES] = "";
    for (int list = 0; list < 2 && !m [0]; list++)
        for (size_t i = 0; !m [0]; i++) {
            const hub_code_t *c = list ? hub_note_code (i) : hub_reason_code (i);
            if (!c)
                break;
            //  the agent's table follows the hub's, row by row
            const char *mine = list ? agent_render_note_name (i) : agent_render_reason_name (i);
            char nl [AGENT_RESULT_BYTES], en [AGENT_RESULT_BYTES];
            bool known_nl = s_render (PROTO_LANG_NL, c, !list, nl, sizeof nl);
            bool known_en = s_render (PROTO_LANG_EN, c, !list, en, sizeof en);
            if (!mine || strcmp (mine, c->term) != 0)
                snprintf (m, sizeof m, "%s: the agent's list has %s here", c->term,
                          mine ? mine : "nothing");
            else
            if (!known_nl || !known_en)
                snprintf (m, sizeof m, "%s: no rendering", c->term);
            else
            if (strchr (nl, '{') || strchr (en, '{') || strchr (nl, '?') || strchr (en, '?'))
                snprintf (m, sizeof m, "%s: an argument is missing: \"%s\" / \"%s\"", c->term,
                          nl, en);
            else
            if (strcmp (nl, en) == 0)
                snprintf (m, sizeof m, "%s: the Dutch is the English: \"%s\"", c->term, en);
            for (size_t w = 0; s_english [w] && !m [0]; w++)
                if (strstr (nl, s_english [w]))
                    snprintf (m, sizeof m, "%s: English (%s) in the Dutch: \"%s\"", c->term,
                              s_english [w], nl);
        }
    CHECK (!agent_render_reason_name (HUB_REASON_COUNT));
    CHECK (!agent_render_note_name (HUB_NOTE_COUNT));
    proto_lang_setup (PROTO_LANG_NL, NULL);
    if (m [0])
        test_fail (__FILE__, __LINE__, m);
}

static void
arguments_are_written_the_reader_s_way (void)
{
    proto_lang_setup (PROTO_LANG_NL, NULL);
    char out [AGENT_RESULT_BYTES];
    json_t *err = json_pack ("{sisssss{sssIssssss}}", "code", 31, "name", "conflict", "reason_code",
                             "regie_held_elsewhere", "args", "team", "acm", "since",
                             (json_int_t) 0, "casemanager", "cm-anna", "name", "Anna de Vries",
                             "contact", "030 123 4567");
    json_object_set_new (json_object_get (err, "args"), "since",
                         json_string ("2026-12-07T13:00:00Z"));
    CHECK (agent_render_error (err, NULL, out, sizeof out));
    json_decref (err);
    CHECK (strstr (out, "Team acm heeft de regie sinds 7 december 2026"));
    CHECK (strstr (out, "Anna de Vries (030 123 4567)"));
    //  a referral accepted is "geaccepteerd", an agreement "aanvaard"
    err = json_pack ("{sisssss{ss}}", "code", 32, "name", "invalid_state", "reason_code",
                     "referral_done_already", "args", "status", "accepted");
    CHECK (agent_render_error (err, NULL, out, sizeof out));
    CHECK (strstr (out, "geaccepteerd"));
    json_object_set_new (err, "reason_code", json_string ("agreement_finished"));
    CHECK (agent_render_error (err, NULL, out, sizeof out));
    CHECK (strstr (out, "aanvaard"));
    json_decref (err);
    //  a decoder's refusal names the option as the user typed it
    err = json_pack ("{sissssss}", "code", 8, "name", "missing_field", "field",
                     "not_informed_reason", "x", "");
    CHECK (agent_render_error (err, "--not-informed-reason", out, sizeof out));
    CHECK_STR (out, "--not-informed-reason: een verplicht veld ontbreekt");
    CHECK (agent_render_error (err, NULL, out, sizeof out));
    CHECK_STR (out, "not_informed_reason: een verplicht veld ontbreekt");
    json_decref (err);
}

static void
an_unknown_code_renders_a_fallback (void)
{
    char out [AGENT_RESULT_BYTES];
    json_t *err = json_pack ("{sisssss{}}", "code", 30, "name", "not_found", "reason_code",
                             "moon_in_wrong_phase", "args");
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK (!agent_render_error (err, NULL, out, sizeof out));
    CHECK (strstr (out, "moon_in_wrong_phase"));
    CHECK (strstr (out, "dat is bij u niet bekend"));
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK (!agent_render_error (err, NULL, out, sizeof out));
    CHECK (strstr (out, "moon_in_wrong_phase"));
    CHECK (strstr (out, "no such thing is known to you"));
    json_decref (err);
    CHECK (!agent_render_note ("moon_noted", NULL, out, sizeof out));
    CHECK (strstr (out, "moon_noted"));
    //  a kept refusal of agent.db version 1: its sentence as stored
    err = json_pack ("{sissss}", "code", 30, "name", "not_found", "reason", "old words");
    CHECK (agent_render_error (err, NULL, out, sizeof out));
    CHECK_STR (out, "old words");
    json_decref (err);
    proto_lang_setup (PROTO_LANG_NL, NULL);
}

/*  The first column of PROTOCOL.md's table after the heading: each row's
    cells into cells [row][col] (backticks and numbers as written).         */
#define DOC_ROWS    128
#define DOC_CELL    200
typedef char doc_row_t [4][DOC_CELL];

static size_t
s_doc_table (const char *heading, doc_row_t *rows, size_t max)
{
    FILE *f = fopen ("proto/PROTOCOL.md", "r");
    if (!f)
        return 0;
    char line [4096];
    bool in_section = false, in_table = false;
    size_t n = 0;
    while (fgets (line, sizeof line, f) && n < max) {
        if (strncmp (line, "### ", 4) == 0) {
            if (in_section)
                break;
            in_section = strncmp (line + 4, heading, strlen (heading)) == 0;
            continue;
        }
        if (!in_section)
            continue;
        if (line [0] != '|') {
            if (in_table)
                break;
            continue;
        }
        in_table = true;
        if (strncmp (line, "| ---", 5) == 0 || strstr (line, "| rendered (English) |"))
            continue;
        memset (rows [n], 0, sizeof rows [n]);
        char *p = line + 1;
        for (int col = 0; col < 4 && *p; col++) {
            char *bar = strchr (p, '|');
            if (!bar)
                break;
            *bar = 0;
            while (*p == ' ')
                p++;
            size_t len = strlen (p);
            while (len && p [len - 1] == ' ')
                p [--len] = 0;
            snprintf (rows [n][col], DOC_CELL, "%s", p);
            p = bar + 1;
        }
        n++;
    }
    fclose (f);
    return n;
}

/*  A code's arguments as PROTOCOL.md writes them: "`a`, `b`" or "-".       */
static void
s_doc_args (const hub_code_t *c, char *out, size_t outlen)
{
    size_t used = 0;
    out [0] = 0;
    for (size_t i = 0; i < c->nargs && used < outlen; i++)
        used += (size_t) snprintf (out + used, outlen - used, "%s`%s`", i ? ", " : "",
                                   proto_arg_name (c->args [i]));
    if (!c->nargs)
        snprintf (out, outlen, "-");
}

static void
protocol_md_lists_every_code_with_its_arguments (void)
{
    static doc_row_t rows [DOC_ROWS];
    char m [600] = "", want [DOC_CELL];
    for (int list = 0; list < 2 && !m [0]; list++) {
        size_t n = s_doc_table (list ? "Note codes" : "Reason codes", rows, DOC_ROWS);
        size_t i = 0;
        for (const hub_code_t *c; !m [0] && (c = list ? hub_note_code (i) : hub_reason_code (i));
             i++) {
            char term [DOC_CELL];
            snprintf (term, sizeof term, "`%s`", c->term);
            if (i >= n) {
                snprintf (m, sizeof m, "PROTOCOL.md lacks %s", c->term);
                break;
            }
            if (strcmp (rows [i][0], term) != 0) {
                snprintf (m, sizeof m, "PROTOCOL.md row %zu is %.100s, the hub's is %s", i + 1,
                          rows [i][0], term);
                break;
            }
            const char *args = rows [i][list ? 1 : 2];
            if (!list) {
                snprintf (want, sizeof want, "%d `%s`", (int) c->result,
                          proto_result_name (c->result));
                if (strcmp (rows [i][1], want) != 0)
                    snprintf (m, sizeof m, "%s: PROTOCOL.md says result %.100s, the hub %s",
                              c->term, rows [i][1], want);
            }
            s_doc_args (c, want, sizeof want);
            if (!m [0] && strcmp (args, want) != 0)
                snprintf (m, sizeof m, "%s: PROTOCOL.md says arguments %.100s, the hub sends %s",
                          c->term, args, want);
            if (!m [0] && !rows [i][list ? 2 : 3][0])
                snprintf (m, sizeof m, "%s: PROTOCOL.md has no rendering", c->term);
        }
        if (!m [0] && i != n)
            snprintf (m, sizeof m, "PROTOCOL.md's %s table has %zu rows, the hub %zu codes",
                      list ? "note" : "reason", n, i);
    }
    if (m [0])
        test_fail (__FILE__, __LINE__, m);
}

void
suite_agent_render_result (void)
{
    TEST_RUN ("agent_render_result", protocol_md_lists_every_code_with_its_arguments);
    TEST_RUN ("agent_render_result", every_code_renders_in_both_languages);
    TEST_RUN ("agent_render_result", arguments_are_written_the_reader_s_way);
    TEST_RUN ("agent_render_result", an_unknown_code_renders_a_fallback);
}
