/*  test_types.c - the type table, the taxonomies, and PROTOCOL.md kept in
    step with the table.                                                     */
#include "testing.h"
#include "proto_types.h"
#include "proto_identity.h"
#include "proto_args.h"
#include "proto_link.h"
#include "proto_merkle.h"
#include "proto_pseudonym.h"
#include <stdlib.h>
#include <stdio.h>

static void
defaults_load (void)
{
    proto_taxonomy_t tax;
    proto_taxonomy_defaults (&tax);
    bool all_filled = true;
    for (int l = PT_NONE + 1; l < PT_COUNT; l++)
        if (tax.count [l] == 0)
            all_filled = false;
    size_t severity = tax.count [PT_SEVERITY];
    const char *s0 = severity == 3 ? tax.terms [PT_SEVERITY][0] : "";
    const char *s2 = severity == 3 ? tax.terms [PT_SEVERITY][2] : "";
    bool first = strcmp (s0, "zorg") == 0 && strcmp (s2, "acuut") == 0;
    int idx = proto_taxonomy_index (&tax, PT_PHASE, "uitvoering", 10);
    int none = proto_taxonomy_index (&tax, PT_PHASE, "uitvoer", 7);
    int prefix = proto_taxonomy_index (&tax, PT_PHASE, "uitvoeringen", 12);
    int bad_list = proto_taxonomy_index (&tax, PT_NONE, "zorg", 4);
    int bad_list2 = proto_taxonomy_index (&tax, PT_COUNT, "zorg", 4);
    size_t leef = tax.count [PT_LEEFGEBIED];
    size_t notices = tax.count [PT_NOTICE_KIND];
    proto_taxonomy_clear (&tax);
    size_t after = tax.count [PT_LEEFGEBIED];
    proto_taxonomy_clear (&tax);        /* harmless twice */
    CHECK (all_filled);
    CHECK (first);
    CHECK_INT (idx, 4);
    CHECK_INT (none, -1);
    CHECK_INT (prefix, -1);
    CHECK_INT (bad_list, -1);
    CHECK_INT (bad_list2, -1);
    CHECK_INT (leef, 9);
    CHECK_INT (notices, 38);
    CHECK_INT (after, 0);
}

static void
taxonomy_set_refusals (void)
{
    proto_taxonomy_t tax;
    char err [128];
    proto_taxonomy_defaults (&tax);
    char long_term [PROTO_MAX_TAXON_BYTES + 2];
    memset (long_term, 'a', sizeof long_term - 1);
    long_term [sizeof long_term - 1] = 0;
    char many [PROTO_MAX_TERMS * 8];
    size_t used = 0;
    for (int i = 0; i <= PROTO_MAX_TERMS; i++)
        used += (size_t) snprintf (many + used, sizeof many - used, "t%d,", i);
    static const struct {
        proto_list_t list;
        const char *csv;
        const char *says;       /* part of the error sentence */
    } bad [] = {
        { PT_LEEFGEBIED, "Werk", "a-z, 0-9" },
        { PT_LEEFGEBIED, "werk,wonen-zorg", "a-z, 0-9" },
        { PT_LEEFGEBIED, "werk,w\xc3\xa9rk", "a-z, 0-9" },
        { PT_LEEFGEBIED, "werk,geld,werk", "twice" },
        { PT_LEEFGEBIED, "", "empty" },
        { PT_LEEFGEBIED, " , ,", "empty" },
        { PT_SEVERITY, "zorg,ernstig", "fixed" },
        { PT_MATCH_OUTCOME, "x", "fixed" },
        { PT_AGREEMENT_STATUS, "x", "fixed" },
        { PT_PROGRESS_STATUS, "x", "fixed" },
        { PT_NOTICE_KIND, "x", "fixed" },
        { PT_NONE, "x", "unknown" },
        { PT_COUNT, "x", "unknown" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        err [0] = 0;
        int rc = proto_taxonomy_set (&tax, bad [i].list, bad [i].csv, err, sizeof err);
        if (rc != -1 || !strstr (err, bad [i].says)) {
            proto_taxonomy_clear (&tax);
            CHECK_STR (bad [i].csv, err);
        }
    }
    int too_long = proto_taxonomy_set (&tax, PT_GROUND, long_term, err, sizeof err);
    bool says_long = strstr (err, "longer") != NULL;
    long_term [PROTO_MAX_TAXON_BYTES] = 0;
    int at_limit = proto_taxonomy_set (&tax, PT_BASIS, long_term, err, sizeof err);
    int too_many = proto_taxonomy_set (&tax, PT_PHASE, many, err, sizeof err);
    bool says_many = strstr (err, "too many") != NULL;
    many [used - strlen ("t64,")] = 0;
    int max_terms = proto_taxonomy_set (&tax, PT_DECLINE_REASON, many, err, sizeof err);
    //  a refused list leaves the old one in place
    size_t phase = tax.count [PT_PHASE];
    size_t leef = tax.count [PT_LEEFGEBIED];
    //  spaces and commas both separate
    int spaced = proto_taxonomy_set (&tax, PT_SIGNAL_KIND, " a, b ,c,,d ", err, sizeof err);
    size_t kinds = tax.count [PT_SIGNAL_KIND];
    int d = proto_taxonomy_index (&tax, PT_SIGNAL_KIND, "d", 1);
    size_t reasons = tax.count [PT_DECLINE_REASON];
    proto_taxonomy_clear (&tax);
    CHECK_INT (too_long, -1);
    CHECK (says_long);
    CHECK_INT (at_limit, 0);
    CHECK_INT (too_many, -1);
    CHECK (says_many);
    CHECK_INT (max_terms, 0);
    CHECK_INT (reasons, PROTO_MAX_TERMS);
    CHECK_INT (phase, 8);
    CHECK_INT (leef, 9);
    CHECK_INT (spaced, 0);
    CHECK_INT (kinds, 4);
    CHECK_INT (d, 3);
}

static void
taxonomy_format (void)
{
    proto_taxonomy_t tax;
    char out [256], small [8], err [64];
    proto_taxonomy_defaults (&tax);
    proto_taxonomy_format (out, sizeof out, &tax, PT_SEVERITY);
    proto_taxonomy_format (small, sizeof small, &tax, PT_SEVERITY);
    char none [8] = "xxxxxxx";
    proto_taxonomy_format (none, sizeof none, &tax, PT_NONE);
    char zero [2] = "z";
    proto_taxonomy_format (zero, 0, &tax, PT_SEVERITY);
    proto_taxonomy_set (&tax, PT_BASIS, "enige", err, sizeof err);
    char one [32];
    proto_taxonomy_format (one, sizeof one, &tax, PT_BASIS);
    proto_taxonomy_clear (&tax);
    CHECK_STR (out, "zorg, ernstig, acuut");
    CHECK_STR (small, "zorg, e");     /* cut, but terminated */
    CHECK_STR (none, "");
    CHECK_STR (zero, "z");
    CHECK_STR (one, "enige");
}

static void
list_names (void)
{
    for (int l = PT_NONE + 1; l < PT_COUNT; l++) {
        const char *name = proto_list_name ((proto_list_t) l);
        CHECK (name [0]);
        CHECK_INT (proto_list_by_name (name), l);
    }
    CHECK_STR (proto_list_name (PT_NONE), "");
    CHECK_STR (proto_list_name (PT_COUNT), "");
    CHECK_STR (proto_list_name (PT_LEEFGEBIED), "leefgebied");
    CHECK_INT (proto_list_by_name ("nonsense"), PT_NONE);
    CHECK_INT (proto_list_by_name (""), PT_NONE);
}

static void
type_find_all (void)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    CHECK_INT (count, 33);
    CHECK_INT (count, PROTO_TYPE_COUNT);
    for (size_t i = 0; i < count; i++) {
        const char *name = types [i].name;
        //  every code has its row: no gap in the table
        CHECK (name != NULL);
        CHECK (proto_type_find (name, strlen (name)) == &types [i]);
        CHECK_INT (proto_type_code (&types [i]), i);
        CHECK (strlen (name) <= PROTO_MAX_TYPE_BYTES);
        //  a prefix or a longer name is another (unknown) type
        CHECK (proto_type_find (name, strlen (name) - 1) != &types [i]);
        char longer [64];
        snprintf (longer, sizeof longer, "%sx", name);
        CHECK (proto_type_find (longer, strlen (longer)) == NULL);
        for (size_t j = 0; j < i; j++)
            CHECK (strcmp (name, types [j].name) != 0);
    }
    CHECK (proto_type_find ("", 0) == NULL);
    CHECK (proto_type_find ("Signal", 6) == NULL);
    CHECK_INT (proto_type_code (proto_type_find ("signal", 6)), PROTO_TYPE_SIGNAL);
    CHECK_INT (proto_type_code (proto_type_find ("report", 6)), PROTO_TYPE_REPORT);
    CHECK_INT (proto_type_code (proto_type_find ("audit_since", 11)), PROTO_TYPE_AUDIT_SINCE);
    const proto_type_t *signal = proto_type_find ("signal", 6);
    CHECK (signal);
    CHECK (proto_type_field (signal, "text") && proto_type_field (signal, "text")->kind == PF_TEXT);
    CHECK (proto_type_field (signal, "nope") == NULL);
}

static void
table_is_consistent (void)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++) {
        const proto_type_t *t = &types [i];
        CHECK (t->doc && t->doc [0]);
        //  hub-authored types: no partner role may send them
        if (t->flags & PROTO_T_HUB)
            CHECK_INT (t->roles, 0);
        else {
            CHECK (t->roles != 0);
            CHECK ((t->roles & ~(unsigned) PROTO_ROLE_ALL) == 0);
            CHECK ((t->roles & PROTO_ROLE_HUB) == 0);
        }
        for (const proto_field_t *f = t->fields; f->name; f++) {
            CHECK (f->doc && f->doc [0]);
            CHECK ((f->kind == PF_TERM) == (f->list != PT_NONE));
            CHECK ((f->kind == PF_RECORDS) == (f->sub != NULL));
            if (f->kind == PF_TEXT || f->kind == PF_LINE || f->kind == PF_PARTNERS
            ||  f->kind == PF_RECORDS || f->kind == PF_UINT)
                CHECK (f->max > 0);
            CHECK (proto_type_field (t, f->name) == f);     /* no name twice */
        }
    }
    //  the roles the table gives the central types
    const proto_type_t *signal = proto_type_find ("signal", 6);
    CHECK_INT (signal->roles, PROTO_ROLE_SIGNAL);
    CHECK (signal->flags & PROTO_T_SUBJECT);
    const proto_type_t *ack = proto_type_find ("ack", 3);
    CHECK (ack->flags & PROTO_T_LINK);
    CHECK (!(ack->flags & PROTO_T_SUBJECT));
}

static void
field_names_fit_key_limit (void)
{
    //  Every body key is refused beyond PROTO_MAX_KEY_BYTES (proto_types.c,
    //  s_fields_validate), so a field called longer could never be sent.
    //  Regression: "not_informed_reason" (19) and "network_took_over" (17)
    //  when the limit was 16.
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    char m [256] = "";
    for (size_t i = 0; i < count; i++)
        for (const proto_field_t *f = types [i].fields; f->name; f++) {
            if (strlen (f->name) > PROTO_MAX_KEY_BYTES)
                snprintf (m + strlen (m), sizeof m - strlen (m), "%s.%s (%zu) ",
                          types [i].name, f->name, strlen (f->name));
            for (const proto_field_t *s = f->sub; s && s->name; s++)
                if (strlen (s->name) > PROTO_MAX_KEY_BYTES)
                    snprintf (m + strlen (m), sizeof m - strlen (m), "%s.%s.%s ",
                              types [i].name, f->name, s->name);
        }
    CHECK_STR (m, "");
}

/*  The whole of proto/PROTOCOL.md, or NULL.                                 */
static char *
s_read_protocol (void)
{
    FILE *f = fopen ("proto/PROTOCOL.md", "rb");
    if (!f)
        return NULL;
    fseek (f, 0, SEEK_END);
    long size = ftell (f);
    fseek (f, 0, SEEK_SET);
    char *text = size > 0 ? malloc ((size_t) size + 1) : NULL;
    if (text && fread (text, 1, (size_t) size, f) != (size_t) size) {
        free (text);
        text = NULL;
    }
    if (text)
        text [size] = 0;
    fclose (f);
    return text;
}

/*  Whether `name` (with backquotes) occurs in text[0..len).                 */
static bool
s_mentions (const char *text, size_t len, const char *name)
{
    char quoted [64];
    snprintf (quoted, sizeof quoted, "`%s`", name);
    size_t n = strlen (quoted);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp (text + i, quoted, n) == 0)
            return true;
    return false;
}

static void
protocol_md_lists_every_type (void)
{
    char *text = s_read_protocol ();
    CHECK (text);
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    const char *previous = text;
    char m [256] = "";
    for (size_t i = 0; i < count && !m [0]; i++) {
        char heading [64];
        snprintf (heading, sizeof heading, "\n### %s\n", types [i].name);
        const char *start = strstr (text, heading);
        if (!start) {
            snprintf (m, sizeof m, "no heading \"### %s\"", types [i].name);
            break;
        }
        if (start < previous) {
            snprintf (m, sizeof m, "\"### %s\" is out of table order", types [i].name);
            break;
        }
        previous = start;
        //  the section runs to the next heading of any level
        const char *body = start + strlen (heading);
        const char *end = strstr (body, "\n#");
        size_t len = end ? (size_t) (end - body) : strlen (body);
        for (const proto_field_t *f = types [i].fields; f->name && !m [0]; f++) {
            if (!s_mentions (body, len, f->name))
                snprintf (m, sizeof m, "section %s does not mention `%s`",
                          types [i].name, f->name);
            for (const proto_field_t *s = f->sub; s && s->name && !m [0]; s++)
                if (!s_mentions (body, len, s->name))
                    snprintf (m, sizeof m, "section %s does not mention `%s` (in %s)",
                              types [i].name, s->name, f->name);
        }
    }
    free (text);
    if (m [0])
        test_fail (__FILE__, __LINE__, m);
}

static void
protocol_md_lists_every_default_term (void)
{
    char *text = s_read_protocol ();
    CHECK (text);
    proto_taxonomy_t tax;
    proto_taxonomy_defaults (&tax);
    char m [128] = "";
    for (int l = PT_NONE + 1; l < PT_COUNT && !m [0]; l++)
        for (size_t i = 0; i < tax.count [l] && !m [0]; i++)
            if (!s_mentions (text, strlen (text), tax.terms [l][i]))
                snprintf (m, sizeof m, "list %s: term `%s` not in PROTOCOL.md",
                          proto_list_name ((proto_list_t) l), tax.terms [l][i]);
    proto_taxonomy_clear (&tax);
    free (text);
    if (m [0])
        test_fail (__FILE__, __LINE__, m);
}

/*  PROTOCOL.md's "Limits" table gives every constant its value in the code,
    and names every constant below (a limit added to one and not the other
    fails here).                                                              */
static void
protocol_md_limits_are_the_code_s (void)
{
#define L(name) { #name, (unsigned long long) (name) }
    static const struct { const char *name; unsigned long long value; } limits [] = {
        L (PROTO_VERSION), L (PROTO_MAX_ENVELOPE_BYTES), L (PROTO_MAX_LINK_BYTES),
        L (PROTO_MAX_FRAMES), L (PROTO_SIGNATURE_BYTES), L (PROTO_PUBKEY_BYTES),
        L (PROTO_ID_BYTES), L (PROTO_REF_BYTES), L (PROTO_DIGEST_BYTES), L (PROTO_MAX_DEPTH),
        L (PROTO_MAX_MAP_KEYS), L (PROTO_MAX_ARRAY_ITEMS), L (PROTO_LINK_MAX_ARRAY_ITEMS),
        L (PROTO_MAX_OBJECTS), L (PROTO_MAX_KEY_BYTES), L (PROTO_MAX_TYPE_BYTES),
        L (PROTO_MAX_PARTNER_ID_BYTES), L (PROTO_MAX_NAME_BYTES), L (PROTO_MAX_TAXON_BYTES),
        L (PROTO_MAX_TEXT_BYTES), L (PROTO_MAX_NOTE_BYTES), L (PROTO_MAX_CONTACT_BYTES),
        L (PROTO_MAX_ACTION_BYTES), L (PROTO_MAX_LIST_PARTNERS), L (PROTO_MAX_LIST_ITEMS),
        L (PROTO_MAX_REASON_BYTES), L (PROTO_ARGS_MAX), L (PROTO_ARGS_POOL_BYTES),
        L (PROTO_MAX_NOTE_ARGS_BYTES), L (PROTO_MAX_SEQ), L (PROTO_RESTORE_SEQ_GAP),
        L (PROTO_TIME_MIN_MS), L (PROTO_TIME_MAX_MS), L (PROTO_MAX_TERMS),
        L (PROTO_LINK_MAX_ITEMS), L (PROTO_LINK_MAX_DIGESTS), L (PROTO_MAX_ITEM_BYTES),
        L (PROTO_MAX_HEAD_BYTES), L (PROTO_MERKLE_MAX_LEAVES), L (PROTO_MERKLE_MAX_DEPTH),
        L (PROTO_NETWORK_KEY_BYTES), L (PROTO_ADDRESS_MAX),
    };
#undef L
    const size_t count = sizeof limits / sizeof limits [0];
    char *doc = s_read_protocol ();
    CHECK (doc);
    char *section = strstr (doc, "\n## Limits\n");
    char m [300] = "";
    size_t rows = 0;
    if (!section)
        snprintf (m, sizeof m, "PROTOCOL.md has no Limits section");
    for (char *line = section; line && !m [0]; line = strchr (line + 1, '\n')) {
        if (strncmp (line, "\n## ", 4) == 0 && line != section)
            break;
        char name [64];
        unsigned long long value;
        if (sscanf (line, "\n| `%63[A-Z0-9_]` | %llu |", name, &value) != 2)
            continue;
        rows++;
        size_t i = 0;
        while (i < count && strcmp (limits [i].name, name) != 0)
            i++;
        if (i == count)
            snprintf (m, sizeof m, "PROTOCOL.md names %s, which this test does not know", name);
        else
        if (limits [i].value != value)
            snprintf (m, sizeof m, "PROTOCOL.md says %s is %llu, the code %llu", name, value,
                      limits [i].value);
    }
    if (!m [0] && rows != count)
        snprintf (m, sizeof m, "PROTOCOL.md's Limits has %zu constants, the code %zu", rows, count);
    free (doc);
    CHECK_STR (m, "");
}

void
suite_types (void)
{
    TEST_RUN ("types", protocol_md_limits_are_the_code_s);
    TEST_RUN ("types", defaults_load);
    TEST_RUN ("types", taxonomy_set_refusals);
    TEST_RUN ("types", taxonomy_format);
    TEST_RUN ("types", list_names);
    TEST_RUN ("types", type_find_all);
    TEST_RUN ("types", table_is_consistent);
    TEST_RUN ("types", field_names_fit_key_limit);
    TEST_RUN ("types", protocol_md_lists_every_type);
    TEST_RUN ("types", protocol_md_lists_every_default_term);
}
