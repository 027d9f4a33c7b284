/*  agent_cmdtab.c - the partner commands and their help. See header.       */
#include "agent_render.h"
#include "proto_lang.h"
#include "proto_words.h"
#include "agent_cmdtab.h"
#include "agent_limits.h"
#include "agent_output.h"

#include <stdio.h>
#include <string.h>

#define HH  "bsn postcode number addition ref label"

static const agent_cmd_t s_cmds [] = {
    { "signal", "signal", N_("raise a signal (signaal) about a household"),
      N_("regie signal --bsn 111222333 --leefgebied huisvesting --severity ernstig \\\n"
      "      --ground financiele_problemen --kind ontruimingsdreiging --informed yes \\\n"
      "      --text \"Ontruimingsvonnis ontvangen, huurachterstand 4 maanden\""),
      NULL, NULL, "", NULL, "" },
    { "refer", "referral", N_("refer a household to a regie team (aanmelding)"),
      N_("regie refer --postcode 3511AB --number 12 --team acm-west --introducer wijkagent-west \\\n"
      "      --reason \"Meervoudige problematiek, geen regie\""),
      NULL, NULL, "", NULL, "" },
    { "accept", "claim", N_("intake accepts a household: claim regie (the hub runs the regiecheck)"),
      N_("regie accept --label \"Fam. Jansen\" --casemanager cm-anna --referral 0190c2..."),
      NULL, NULL, "", NULL, "" },
    { "decline", "decline", N_("intake declines a referral with a contra-indication"),
      N_("regie decline --label \"Fam. Jansen\" --referral 0190c2... --reason acute_crisis \\\n"
      "      --alternative \"Crisisdienst GGZ\""),
      NULL, NULL, "", NULL, "" },
    { "regiecheck", "regiecheck", N_("ask whether regie over a household is held, and by whom"),
      N_("regie regiecheck --bsn 111222333"), NULL, NULL, "", NULL, "" },
    { "consent", "consent", N_("record the basis for sharing with one partner (toestemming)"),
      N_("regie consent --label \"Fam. Jansen\" --partner ggz-utrecht --basis toestemming \\\n"
      "      --from 2025-03-01 --until 2026-03-01"),
      NULL, NULL, "", NULL, "" },
    { "consent-withdraw", "consent_withdraw", N_("withdraw the basis for one partner, at once"),
      N_("regie consent-withdraw --label \"Fam. Jansen\" --partner ggz-utrecht"),
      NULL, NULL, "", NULL, "" },
    { "priority", "priority", N_("put a household on (or off) the priority list"),
      N_("regie priority --bsn 111222333 --on yes --note \"Zorgmijder, wacht op opening\""),
      NULL, NULL, "", NULL, "" },
    { "deputy", "deputy", N_("name a deputy (vervanger) who receives your households' signals for a period"),
      N_("regie deputy --deputy cm-bram --from 2026-12-10 --until 2026-12-24\n"
      "  regie deputy --casemanager cm-anna --deputy cm-bram --from 2026-12-10 --until 2026-12-24"),
      NULL, NULL, "", NULL, "" },
    { "deputy-end", "deputy_end", N_("end a deputy's period early: the casemanager is back"),
      N_("regie deputy-end\n  regie deputy-end --casemanager cm-anna"),
      NULL, NULL, "", NULL, "" },
    { "confirm-match", "match_confirm", N_("confirm that contact was made on a match"),
      N_("regie confirm-match --match 0190c2... --outcome contact_gelegd"),
      NULL, NULL, "", NULL, "" },
    { "phase", "phase", N_("move a household to another phase of regie"),
      N_("regie phase --label \"Fam. Jansen\" --phase plan"), NULL, NULL, "", NULL, "" },
    { "transfer", "transfer", N_("hand regie to another team (warme overdracht)"),
      N_("regie transfer --label \"Fam. Jansen\" --team icm-oost --casemanager cm-bert \\\n"
      "      --note \"Overdracht besproken op 3 maart\""),
      NULL, NULL, "", NULL, "" },
    { "release", "release", N_("close regie; the follow-up window starts"),
      N_("regie release --label \"Fam. Jansen\" --note \"Netwerk heeft het overgenomen\""),
      NULL, NULL, "", NULL, "" },
    { "link-member", "link", N_("link a member (by BSN) or an address to a household"),
      N_("regie link-member --label \"Fam. Jansen\" --member-bsn 123456782"),
      NULL, NULL, "member_bsn member_postcode member_number member_addition", NULL, "" },
    { "unlink-member", "unlink", N_("take a member or an address off a household (linked by mistake)"),
      N_("regie unlink-member --label \"Fam. Jansen\" --member-bsn 123456782 --note \"Verkeerde BSN\""),
      NULL, NULL, "member_bsn member_postcode member_number member_addition", NULL, "" },
    { "move", "move", N_("the household moved: its new address"),
      N_("regie move --label \"Fam. Jansen\" --new-postcode 3512CD --new-number 7 --new-addition A"),
      NULL, NULL, "new_postcode new_number new_addition", NULL, "" },
    { "round", "round", N_("schedule a coordination round (zorgcoördinatie)"),
      N_("regie round --label \"Fam. Jansen\" --at 2025-04-10T14:00 \\\n"
      "      --invited politie-west,school-noord,kredietbank --place \"Wijkcentrum\""),
      NULL, NULL, "", NULL, "" },
    { "progress", "progress", N_("report progress on an agreement before a round"),
      N_("regie progress --round 0190c2... --agreement 0190d4... --status on_track"),
      NULL, NULL, "", NULL, "" },
    { "round-held", "round_held", N_("the round was held: who was present"),
      N_("regie round-held --round 0190c2... --present politie-west,kredietbank \\\n"
      "      --held 2025-04-10T14:00"),
      NULL, NULL, "", NULL, "" },
    { "agreement", "agreement", N_("record an agreement (afspraak): who does what by when"),
      N_("regie agreement --label \"Fam. Jansen\" --owner kredietbank --leefgebied financien \\\n"
      "      --action \"Schuldhulptraject starten\" --due 2025-05-01"),
      NULL, NULL, "", NULL, "" },
    { "accept-agreement", "agreement_accept", N_("accept an agreement you own, with your signature"),
      N_("regie accept-agreement --agreement 0190d4..."), NULL, NULL, "", NULL, "" },
    { "agreement-done", "agreement_status", N_("mark an agreement you own done"),
      N_("regie agreement-done --agreement 0190d4... --note \"Traject gestart\""),
      "status", "done", "", NULL, "" },
    { "agreement-stagnated", "agreement_status", N_("report that help on an agreement stalls (stagnatie)"),
      N_("regie agreement-stagnated --agreement 0190d4... --note \"Gezin komt niet op afspraken\""),
      "status", "stagnated", "", NULL, "" },
    { "agreement-withdraw", "agreement_status", N_("withdraw an agreement (regisseur)"),
      N_("regie agreement-withdraw --agreement 0190d4... --note \"Niet meer nodig\""),
      "status", "withdrawn", "", NULL, "" },
    { "resolve-escalation", "escalation_resolve", N_("close an escalation (doorzettingsmacht)"),
      N_("regie resolve-escalation --escalation 0190e6... --note \"Afspraak met directie GGZ\""),
      NULL, NULL, "", NULL, "" },
    { "show", "household", N_("show a household as far as this partner may see it"),
      N_("regie show --label \"Fam. Jansen\""), NULL, NULL, "", NULL, "" },
    { "team", "team_report", N_("the regie team's view: its figures and open escalations"),
      N_("regie team --from 2026-01-01"), NULL, NULL, "", NULL, "" },
    { "inbox", NULL, N_("messages delivered to this partner: unread first; marks them read"),
      N_("regie inbox            (unread only)\n  regie inbox --all      (read ones too)\n"
         "  regie inbox --id 83    (message 83 whole)"),
      NULL, NULL, "all limit id", NULL, "all" },
    { "minutes", NULL, N_("a round's minutes (verslag); without --round: the minutes received"),
      N_("regie minutes --round 0190c2... --markdown > verslag.md"),
      NULL, NULL, "round", NULL, "" },
    { "label", NULL, N_("your own name for a household, kept only here (never sent)"),
      N_("regie label \"Fam. Jansen\" --bsn 111222333     (set)\n"
      "  regie label                                     (list)\n"
      "  regie label \"Fam. Jansen\" --remove             (remove)"),
      NULL, NULL, HH " remove", "name", "remove" },
    { "outbox", NULL, N_("messages this partner sent, newest first: waiting, receipted or refused"),
      N_("regie outbox                      (the last 50)\n"
      "  regie outbox resend --after 1234  (only after the operator announced a restored hub)"),
      NULL, NULL, "after limit", "what", "" },
    { "receipt", NULL, N_("the hub's receipt of a message sent, checked: proof that the hub took it"),
      N_("regie receipt 1234        (the hub's number, as regie outbox shows it)\n"
      "  regie receipt 0190c2a4e1f07b3c9d5e6f708192a3b4   (or the message's id)"),
      NULL, NULL, "", "id", "" },
    { "status", NULL, N_("the daemon, the hub connection, outbox and inbox"),
      N_("regie status"), NULL, NULL, "", NULL, "" },
    { "audit", NULL, N_("audit check: the last signed audit head received from the hub"),
      N_("regie audit check\n"
      "  regie audit accept     (only after the operator announced a restored hub)"),
      NULL, NULL, "", "what", "" },
};

#define CMD_COUNT (sizeof s_cmds / sizeof s_cmds [0])

const agent_cmd_t *
agent_cmd_find (const char *name)
{
    for (size_t i = 0; name && i < CMD_COUNT; i++)
        if (strcmp (s_cmds [i].name, name) == 0)
            return &s_cmds [i];
    return NULL;
}

const agent_cmd_t *
agent_cmd_all (size_t *count)
{
    *count = CMD_COUNT;
    return s_cmds;
}

/*  Whether word occurs in a space-separated list.                           */
static bool
s_in_list (const char *list, const char *word)
{
    size_t n = strlen (word);
    for (const char *p = list; p && *p; ) {
        size_t m = strcspn (p, " ");
        if (m == n && strncmp (p, word, n) == 0)
            return true;
        p += m;
        while (*p == ' ')
            p++;
    }
    return false;
}

bool
agent_cmd_household_key (const char *key)
{
    return s_in_list (HH, key);
}

static const proto_type_t *
s_type (const agent_cmd_t *c)
{
    return c->type ? proto_type_find (c->type, strlen (c->type)) : NULL;
}

bool
agent_cmd_key_allowed (const agent_cmd_t *c, const char *key)
{
    if (strcmp (key, "cmd") == 0 || strcmp (key, "tag") == 0 || strcmp (key, "wait") == 0)
        return true;
    if (s_in_list (c->extras, key) || (c->positional && strcmp (c->positional, key) == 0))
        return true;
    const proto_type_t *t = s_type (c);
    if (!t)
        return false;
    if ((t->flags & PROTO_T_SUBJECT) && agent_cmd_household_key (key))
        return true;
    if (c->fixed_key && strcmp (c->fixed_key, key) == 0)
        return false;
    const proto_field_t *f = proto_type_field (t, key);
    return f && f->kind != PF_RECORDS;
}

bool
agent_cmd_key_is_bool (const agent_cmd_t *c, const char *key)
{
    if (s_in_list (c->bools, key))
        return true;
    const proto_type_t *t = s_type (c);
    const proto_field_t *f = t ? proto_type_field (t, key) : NULL;
    return f && f->kind == PF_BOOL;
}

const char *
agent_cmd_type_word (const char *type)
{
    return proto_words_type (type);
}

const char *
agent_cmd_code_word (const char *code)
{
    return proto_words_code (code);
}

void
agent_cmd_term_text (char *out, size_t outlen, const char *term)
{
    proto_words_term (out, outlen, term);
}

static const char *
s_get (json_t *body, const char *key)
{
    json_t *v = json_object_get (body, key);
    return json_is_string (v) ? json_string_value (v) : "";
}

/*  An ISO time of a body as the reader writes a date (short: tables).      */
static void
s_date (char out [AGENT_TIME_CHARS], const char *iso, bool with_time)
{
    uint64_t ms;
    char why [160];
    if (agent_time_parse (iso, &ms, why, sizeof why) != 0) {
        snprintf (out, AGENT_TIME_CHARS, "%.16s", iso);
        return;
    }
    if (with_time)
        agent_time_short (out, ms);
    else
        agent_date_short (out, ms);
}

const char *
agent_cmd_summary (json_t *message)
{
    static char line [AGENT_RENDER_BYTES + 64];
    const char *type = s_get (message, "type");
    json_t *body = json_object_get (message, "body");
    line [0] = 0;
    if (strcmp (type, "signal") == 0) {
        char domain [PROTO_MAX_TAXON_BYTES + 1];
        agent_cmd_term_text (domain, sizeof domain, s_get (body, "leefgebied"));
        /* TRANSLATORS: severity, leefgebied: the signal's text            */
        snprintf (line, sizeof line, _("%s, %s: %s"), agent_cmd_code_word (s_get (body, "severity")),
                  domain, s_get (body, "text"));
    }
    else
    if (strcmp (type, "referral") == 0)
        /* TRANSLATORS: the team referred to: the reason                   */
        snprintf (line, sizeof line, _("to %s: %s"), s_get (body, "team"), s_get (body, "reason"));
    else
    if (strcmp (type, "notice") == 0) {
        /* the hub sends a kind and its arguments: the words are ours       */
        char words [AGENT_RENDER_BYTES];
        agent_render_notice (body, words, sizeof words);
        snprintf (line, sizeof line, "%s%s", json_is_true (json_object_get (body, "urgent"))
                  ? _("URGENT: ") : "", words);
    }
    else
    if (strcmp (type, "minutes") == 0) {
        char when [AGENT_TIME_CHARS];
        s_date (when, s_get (body, "at"), true);
        snprintf (line, sizeof line, _("round %lld on %s (regie minutes --round %s)"),
                  (long long) json_integer_value (json_object_get (body, "number")), when,
                  s_get (body, "round"));
    }
    else
    if (strcmp (type, "agreement") == 0) {
        char due [AGENT_TIME_CHARS];
        s_date (due, s_get (body, "due"), false);
        /* TRANSLATORS: owner: action (due date)                           */
        snprintf (line, sizeof line, _("%s: %s (due %s)"), s_get (body, "owner"),
                  s_get (body, "action"), due);
    }
    else
    if (strcmp (type, "regiecheck_answer") == 0)
        snprintf (line, sizeof line, "%s", json_is_true (json_object_get (body, "held"))
                  ? _("regie held") : _("no regie"));
    else {
        const char *keys [] = { "text", "note", "reason", "status", "phase", "action", NULL };
        for (int i = 0; keys [i] && !line [0]; i++)
            if (*s_get (body, keys [i]))
                snprintf (line, sizeof line, "%s", strcmp (keys [i], "status") == 0
                          ? agent_cmd_code_word (s_get (body, keys [i])) : s_get (body, keys [i]));
    }
    return line;
}

/*  How an option's value is written in --help.                             */
static const char *
s_arg_name (proto_kind_t kind)
{
    switch (kind) {
        /* TRANSLATORS: the placeholders of --help: what to type after an option */
        case PF_TEXT: case PF_LINE: return _("TEXT");
        case PF_TERM: return _("TERM");
        case PF_PARTNER: return _("PARTNER");
        case PF_PARTNERS: return _("P1,P2");
        case PF_ID: return _("ID");
        case PF_REF: return _("HEX");
        case PF_TIME: return _("DATE");
        case PF_UINT: return _("N");
        case PF_BOOL: return _("[yes|no]");
        default: return _("VALUE");
    }
}

static void
s_opt (FILE *out, const char *key, const char *arg, const char *help)
{
    char name [64];
    int n = snprintf (name, sizeof name, "--%s", key);
    for (int i = 2; i < n && (size_t) i < sizeof name; i++)
        if (name [i] == '_')
            name [i] = '-';
    char left [96];
    snprintf (left, sizeof left, "%s %s", name, arg ? arg : "");
    /* a column of 32 characters, not bytes: the placeholders may be Dutch  */
    size_t width = agent_utf8_width (left);
    fprintf (out, "  %s%*s %s\n", left, width < 32 ? (int) (32 - width) : 0, "", help);
}

/*  An option's line of help: what it is for, whether it is required, the
    list its terms come from.                                                */
static void
s_field_help (char *out, size_t outlen, const proto_field_t *f)
{
    char with [256];
    const char *doc = _(f->doc);
    if (f->required)
        snprintf (with, sizeof with, _("%s (required)"), doc);
    else
        snprintf (with, sizeof with, "%s", doc);
    const char *list = f->kind == PF_TERM ? proto_list_name (f->list) : NULL;
    if (list)
        /* TRANSLATORS: an option's help, and the name of the list of agent.conf
           its terms come from                                             */
        snprintf (out, outlen, _("%s [list: %s]"), with, list);
    else
        snprintf (out, outlen, "%s", with);
}

void
agent_cmd_help (const agent_cmd_t *c, FILE *out)
{
    fprintf (out, "regie %s - %s\n\n", c->name, _(c->summary));
    const proto_type_t *t = s_type (c);
    if (t) {
        /* TRANSLATORS: the message type's name (a code) and what it is     */
        fprintf (out, _("Sends a \"%s\" message (%s).\n"), t->name, _(t->doc));
        fprintf (out, "\n%s\n", _("Options:"));
        for (const proto_field_t *f = t->fields; f->name; f++) {
            if (c->fixed_key && strcmp (f->name, c->fixed_key) == 0)
                continue;
            char help [512];
            s_field_help (help, sizeof help, f);
            s_opt (out, f->name, s_arg_name (f->kind), help);
        }
        if (strcmp (t->name, "link") == 0) {
            s_opt (out, "member-bsn", "BSN", _("the member to link (turned into a pseudonym here)"));
            s_opt (out, "member-postcode", "PC",
                   _("or an address to link, with --member-number [--member-addition]"));
        }
        if (strcmp (t->name, "unlink") == 0) {
            s_opt (out, "member-bsn", "BSN",
                   _("the member to take off (turned into a pseudonym here)"));
            s_opt (out, "member-postcode", "PC",
                   _("or an address to take off, with --member-number [--member-addition]"));
        }
        if (strcmp (t->name, "move") == 0)
            s_opt (out, "new-postcode", "PC",
                   _("the new address, with --new-number N [--new-addition A]"));
        if (t->flags & PROTO_T_SUBJECT) {
            fprintf (out, "\n%s\n", _("The household (one or more of; BSN and address never leave "
                                      "this agent):"));
            s_opt (out, "bsn", "BSN", _("a member's BSN (9 digits, elfproef)"));
            s_opt (out, "postcode", "PC", _("the address: postcode, with --number N [--addition A]"));
            s_opt (out, "ref", "HEX", _("a pseudonym as shown by regie inbox --json "
                                        "(person:HEX / address:HEX)"));
            s_opt (out, "label", _("NAME"), _("your own label (regie label)"));
        }
        fprintf (out, "\n%s\n", _("Sending:"));
        s_opt (out, "direct", NULL, _("connect to the hub directly (no daemon), wait, exit"));
        s_opt (out, "wait", _("SECONDS"), _("how long to wait for the hub (default from agent.conf)"));
    }
    else {
        fprintf (out, "%s\n\n%s\n", _("Answered by the agent from its own store."), _("Options:"));
        if (strcmp (c->name, "inbox") == 0) {
            s_opt (out, "all", NULL, _("also the messages already read (newest first, after the "
                                       "unread)"));
            s_opt (out, "limit", "N", _("at most N messages (default 50)"));
            s_opt (out, "id", "N|ID", _("one message whole: its number in the list (#) or its id"));
        }
        else
        if (strcmp (c->name, "minutes") == 0) {
            s_opt (out, "round", "ID", _("the round (as in the inbox); asks the hub when not here"));
            s_opt (out, "markdown", NULL, _("print the minutes as Markdown"));
        }
        else
        if (strcmp (c->name, "label") == 0) {
            s_opt (out, "bsn / --postcode / --ref", "", _("the household to label"));
            s_opt (out, "remove", NULL, _("remove the label"));
        }
        else
        if (strcmp (c->name, "outbox") == 0) {
            s_opt (out, "after", "N", _("only what the hub receipted with a number after N "
                                        "(a restored hub's backup ends at N)"));
            s_opt (out, "limit", "N", _("at most N messages (default 50)"));
        }
        else
        if (strcmp (c->name, "receipt") == 0)
            fprintf (out, "%s", _("  NR or ID            the hub's number (regie outbox) or the "
                                  "message's id (--json)\n"
                                  "Checks the hub's signature on the batch head with the hub "
                                  "certificate of agent.conf,\nthe message's Merkle path to the "
                                  "head, and that the receipt names this message\nand its "
                                  "envelope. Exit 3 when it does not hold.\n"));
    }
    fprintf (out, "\n%s\n", _("Everywhere:"));
    s_opt (out, "dir", _("DIR"), _("the agent directory (-d; default $REGIE_DIR or .)"));
    s_opt (out, "json", NULL, _("print the result as one JSON object (in English, with codes)"));
    s_opt (out, "lang", "nl|en", _("the language of what regie prints (default nl; or LANGUAGE, "
                                   "agent.conf's language)"));
    s_opt (out, "help", NULL, _("this text"));
    fprintf (out, "\n%s\n  %s\n", _("Example:"), _(c->example));
    fprintf (out, "\n%s", _("Exit codes: 0 ok; 1 internal error; 2 bad input (nothing sent); "
                            "3 refused by the hub;\n4 hub unreachable (daemon: kept in the outbox "
                            "and sent later; --direct: not sent).\n"));
}

void
agent_cmd_option_label (const agent_cmd_t *c, const char *field, char *out, size_t outlen)
{
    out [0] = 0;
    const proto_type_t *t = c ? s_type (c) : NULL;
    if (!t || !field || !*field)
        return;
    bool member = strcmp (t->name, "link") == 0 || strcmp (t->name, "unlink") == 0;
    const char *option = NULL;
    if (member && strcmp (field, "person") == 0)
        option = "--member-bsn";
    else
    if (member && strcmp (field, "address") == 0)
        option = "--member-postcode";
    else
    if (strcmp (t->name, "move") == 0 && strcmp (field, "address") == 0)
        option = "--new-postcode";
    else
    if ((t->flags & PROTO_T_SUBJECT) && strcmp (field, "person") == 0)
        option = "--bsn";
    else
    if ((t->flags & PROTO_T_SUBJECT) && strcmp (field, "address") == 0)
        option = "--postcode";
    if (option) {
        snprintf (out, outlen, "%s", option);
        return;
    }
    if (!agent_cmd_key_allowed (c, field) || agent_cmd_household_key (field)
    ||  strcmp (field, "cmd") == 0 || strcmp (field, "tag") == 0 || strcmp (field, "wait") == 0)
        return;
    int n = snprintf (out, outlen, "--%s", field);
    for (int i = 2; i < n && (size_t) i < outlen; i++)
        if (out [i] == '_')
            out [i] = '-';
}
