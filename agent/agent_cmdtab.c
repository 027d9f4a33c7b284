/*  agent_cmdtab.c - the partner commands and their help. See header.       */
#include "agent_render.h"
#include "proto_lang.h"
#include "agent_cmdtab.h"
#include "agent_limits.h"
#include "agent_output.h"

#include <stdio.h>
#include <string.h>

#define HH  "bsn postcode number addition ref label"

static const agent_cmd_t s_cmds [] = {
    { "signal", "signal", "raise a signal (signaal) about a household",
      "regie signal --bsn 111222333 --leefgebied huisvesting --severity ernstig \\\n"
      "      --ground financiele_problemen --kind ontruimingsdreiging --informed yes \\\n"
      "      --text \"Ontruimingsvonnis ontvangen, huurachterstand 4 maanden\"",
      NULL, NULL, "", NULL, "" },
    { "refer", "referral", "refer a household to a regie team (aanmelding)",
      "regie refer --postcode 3511AB --number 12 --team acm-west --introducer wijkagent-west \\\n"
      "      --reason \"Meervoudige problematiek, geen regie\"",
      NULL, NULL, "", NULL, "" },
    { "accept", "claim", "intake accepts a household: claim regie (the hub runs the regiecheck)",
      "regie accept --label \"Fam. Jansen\" --casemanager cm-anna --referral 0190c2...",
      NULL, NULL, "", NULL, "" },
    { "decline", "decline", "intake declines a referral with a contra-indication",
      "regie decline --label \"Fam. Jansen\" --referral 0190c2... --reason acute_crisis \\\n"
      "      --alternative \"Crisisdienst GGZ\"",
      NULL, NULL, "", NULL, "" },
    { "regiecheck", "regiecheck", "ask whether regie over a household is held, and by whom",
      "regie regiecheck --bsn 111222333", NULL, NULL, "", NULL, "" },
    { "consent", "consent", "record the basis for sharing with one partner (toestemming)",
      "regie consent --label \"Fam. Jansen\" --partner ggz-utrecht --basis toestemming \\\n"
      "      --from 2025-03-01 --until 2026-03-01",
      NULL, NULL, "", NULL, "" },
    { "consent-withdraw", "consent_withdraw", "withdraw the basis for one partner, at once",
      "regie consent-withdraw --label \"Fam. Jansen\" --partner ggz-utrecht",
      NULL, NULL, "", NULL, "" },
    { "priority", "priority", "put a household on (or off) the priority list",
      "regie priority --bsn 111222333 --on yes --note \"Zorgmijder, wacht op opening\"",
      NULL, NULL, "", NULL, "" },
    { "confirm-match", "match_confirm", "confirm that contact was made on a match",
      "regie confirm-match --match 0190c2... --outcome contact_gelegd",
      NULL, NULL, "", NULL, "" },
    { "phase", "phase", "move a household to another phase of regie",
      "regie phase --label \"Fam. Jansen\" --phase plan", NULL, NULL, "", NULL, "" },
    { "transfer", "transfer", "hand regie to another team (warme overdracht)",
      "regie transfer --label \"Fam. Jansen\" --team icm-oost --casemanager cm-bert \\\n"
      "      --note \"Overdracht besproken op 3 maart\"",
      NULL, NULL, "", NULL, "" },
    { "release", "release", "close regie; the follow-up window starts",
      "regie release --label \"Fam. Jansen\" --note \"Netwerk heeft het overgenomen\"",
      NULL, NULL, "", NULL, "" },
    { "link-member", "link", "link a member (by BSN) or an address to a household",
      "regie link-member --label \"Fam. Jansen\" --member-bsn 123456782",
      NULL, NULL, "member_bsn member_postcode member_number member_addition", NULL, "" },
    { "unlink-member", "unlink", "take a member or an address off a household (linked by mistake)",
      "regie unlink-member --label \"Fam. Jansen\" --member-bsn 123456782 --note \"Verkeerde BSN\"",
      NULL, NULL, "member_bsn member_postcode member_number member_addition", NULL, "" },
    { "move", "move", "the household moved: its new address",
      "regie move --label \"Fam. Jansen\" --new-postcode 3512CD --new-number 7 --new-addition A",
      NULL, NULL, "new_postcode new_number new_addition", NULL, "" },
    { "round", "round", "schedule a coordination round (zorgcoordinatie)",
      "regie round --label \"Fam. Jansen\" --at 2025-04-10T14:00 \\\n"
      "      --invited politie-west,school-noord,kredietbank --place \"Wijkcentrum\"",
      NULL, NULL, "", NULL, "" },
    { "progress", "progress", "report progress on an agreement before a round",
      "regie progress --round 0190c2... --agreement 0190d4... --status on_track",
      NULL, NULL, "", NULL, "" },
    { "round-held", "round_held", "the round was held: who was present",
      "regie round-held --round 0190c2... --present politie-west,kredietbank",
      NULL, NULL, "", NULL, "" },
    { "agreement", "agreement", "record an agreement (afspraak): who does what by when",
      "regie agreement --label \"Fam. Jansen\" --owner kredietbank --leefgebied financien \\\n"
      "      --action \"Schuldhulptraject starten\" --due 2025-05-01",
      NULL, NULL, "", NULL, "" },
    { "accept-agreement", "agreement_accept", "accept an agreement you own, with your signature",
      "regie accept-agreement --agreement 0190d4...", NULL, NULL, "", NULL, "" },
    { "agreement-done", "agreement_status", "mark an agreement you own done",
      "regie agreement-done --agreement 0190d4... --note \"Traject gestart\"",
      "status", "done", "", NULL, "" },
    { "agreement-stagnated", "agreement_status", "report that help on an agreement stalls (stagnatie)",
      "regie agreement-stagnated --agreement 0190d4... --note \"Gezin komt niet op afspraken\"",
      "status", "stagnated", "", NULL, "" },
    { "agreement-withdraw", "agreement_status", "withdraw an agreement (regisseur)",
      "regie agreement-withdraw --agreement 0190d4... --note \"Niet meer nodig\"",
      "status", "withdrawn", "", NULL, "" },
    { "resolve-escalation", "escalation_resolve", "close an escalation (doorzettingsmacht)",
      "regie resolve-escalation --escalation 0190e6... --note \"Afspraak met directie GGZ\"",
      NULL, NULL, "", NULL, "" },
    { "show", "household", "show a household as far as this partner may see it",
      "regie show --label \"Fam. Jansen\"", NULL, NULL, "", NULL, "" },
    { "team", "team_report", "the regie team's view: its figures and open escalations",
      "regie team --from 2026-01-01", NULL, NULL, "", NULL, "" },
    { "inbox", NULL, "messages delivered to this partner: unread first; marks them read",
      "regie inbox            (unread only)\n  regie inbox --all      (read ones too)",
      NULL, NULL, "all limit", NULL, "all" },
    { "minutes", NULL, "a round's minutes (verslag); without --round: the minutes received",
      "regie minutes --round 0190c2... --markdown > verslag.md",
      NULL, NULL, "round", NULL, "" },
    { "label", NULL, "your own name for a household, kept only here (never sent)",
      "regie label \"Fam. Jansen\" --bsn 111222333     (set)\n"
      "  regie label                                     (list)\n"
      "  regie label \"Fam. Jansen\" --remove             (remove)",
      NULL, NULL, HH " remove", "name", "remove" },
    { "outbox", NULL, "messages this partner sent, newest first: waiting, receipted or refused",
      "regie outbox                      (the last 50)\n"
      "  regie outbox resend --after 1234  (only after the operator announced a restored hub)",
      NULL, NULL, "after limit", "what", "" },
    { "receipt", NULL, "the hub's receipt of a message sent, checked: proof that the hub took it",
      "regie receipt 1234        (the hub's number, as regie outbox shows it)\n"
      "  regie receipt 0190c2a4e1f07b3c9d5e6f708192a3b4   (or the message's id)",
      NULL, NULL, "", "id", "" },
    { "status", NULL, "the daemon, the hub connection, outbox and inbox",
      "regie status", NULL, NULL, "", NULL, "" },
    { "audit", NULL, "audit check: the last signed audit head received from the hub",
      "regie audit check\n"
      "  regie audit accept     (only after the operator announced a restored hub)",
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

static const struct {
    const char *type, *word;
} s_words [] = {
    { "signal", "signaal" }, { "referral", "aanmelding" }, { "claim", "regie geclaimd" },
    { "decline", "afwijzing" }, { "regiecheck", "regiecheck" }, { "phase", "fase" },
    { "transfer", "overdracht" }, { "release", "regie beeindigd" }, { "link", "koppeling" },
    { "unlink", "ontkoppeling" }, { "move", "verhuizing" }, { "consent", "toestemming" },
    { "consent_withdraw", "toestemming ingetrokken" }, { "priority", "prioriteit" },
    { "match_confirm", "match bevestigd" }, { "round", "ronde" }, { "progress", "voortgang" },
    { "round_held", "ronde gehouden" }, { "agreement", "afspraak" },
    { "agreement_accept", "afspraak aanvaard" }, { "agreement_status", "afspraakstatus" },
    { "escalation_resolve", "escalatie opgelost" }, { "household", "huishouden" },
    { "minutes_request", "verslagvraag" }, { "regiecheck_answer", "regiecheck-antwoord" },
    { "notice", "bericht" }, { "minutes", "verslag" },
};

const char *
agent_cmd_type_word (const char *type)
{
    for (size_t i = 0; type && i < sizeof s_words / sizeof s_words [0]; i++)
        if (strcmp (s_words [i].type, type) == 0)
            return s_words [i].word;
    return type ? type : "";
}

static const char *
s_get (json_t *body, const char *key)
{
    json_t *v = json_object_get (body, key);
    return json_is_string (v) ? json_string_value (v) : "";
}

const char *
agent_cmd_summary (json_t *message)
{
    static char line [AGENT_RENDER_BYTES + 64];
    const char *type = s_get (message, "type");
    json_t *body = json_object_get (message, "body");
    line [0] = 0;
    if (strcmp (type, "signal") == 0)
        snprintf (line, sizeof line, "%s, %s: %s", s_get (body, "severity"),
                  s_get (body, "leefgebied"), s_get (body, "text"));
    else
    if (strcmp (type, "referral") == 0)
        snprintf (line, sizeof line, "to %s: %s", s_get (body, "team"), s_get (body, "reason"));
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
        char when [AGENT_TIME_CHARS] = "";
        snprintf (when, sizeof when, "%.16s", s_get (body, "at"));
        if (strlen (when) > 10)
            when [10] = ' ';
        snprintf (line, sizeof line, "round %lld on %s (regie minutes --round %s)",
                  (long long) json_integer_value (json_object_get (body, "number")), when,
                  s_get (body, "round"));
    }
    else
    if (strcmp (type, "agreement") == 0)
        snprintf (line, sizeof line, "%s: %s (due %.10s)", s_get (body, "owner"),
                  s_get (body, "action"), s_get (body, "due"));
    else
    if (strcmp (type, "regiecheck_answer") == 0)
        snprintf (line, sizeof line, "%s", json_is_true (json_object_get (body, "held"))
                  ? "regie held" : "no regie");
    else {
        const char *keys [] = { "text", "note", "reason", "status", "phase", "action", NULL };
        for (int i = 0; keys [i] && !line [0]; i++)
            if (*s_get (body, keys [i]))
                snprintf (line, sizeof line, "%s", s_get (body, keys [i]));
    }
    return line;
}

static const char *
s_arg_name (proto_kind_t kind)
{
    switch (kind) {
        case PF_TEXT: case PF_LINE: return "TEXT";
        case PF_TERM: return "TERM";
        case PF_PARTNER: return "PARTNER";
        case PF_PARTNERS: return "P1,P2";
        case PF_ID: return "ID";
        case PF_REF: return "HEX";
        case PF_TIME: return "DATE";
        case PF_UINT: return "N";
        case PF_BOOL: return "[yes|no]";
        default: return "VALUE";
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
    fprintf (out, "  %-32s %s\n", left, help);
}

void
agent_cmd_help (const agent_cmd_t *c, FILE *out)
{
    fprintf (out, "regie %s - %s\n\n", c->name, c->summary);
    const proto_type_t *t = s_type (c);
    if (t) {
        fprintf (out, "Sends a \"%s\" message (%s).\n\nOptions:\n", t->name, t->doc);
        for (const proto_field_t *f = t->fields; f->name; f++) {
            if (c->fixed_key && strcmp (f->name, c->fixed_key) == 0)
                continue;
            char help [256];
            const char *list = f->kind == PF_TERM ? proto_list_name (f->list) : NULL;
            snprintf (help, sizeof help, "%s%s%s%s%s", f->doc, f->required ? " (required)" : "",
                      list ? " [list: " : "", list ? list : "", list ? "]" : "");
            s_opt (out, f->name, s_arg_name (f->kind), help);
        }
        if (strcmp (t->name, "link") == 0 || strcmp (t->name, "unlink") == 0) {
            const char *verb = strcmp (t->name, "unlink") == 0 ? "take off" : "link";
            char bsn [96], pc [96];
            snprintf (bsn, sizeof bsn, "the member to %s (turned into a person_ref here)", verb);
            snprintf (pc, sizeof pc, "or an address to %s, with --member-number [--member-addition]",
                      verb);
            s_opt (out, "member-bsn", "BSN", bsn);
            s_opt (out, "member-postcode", "PC", pc);
        }
        if (strcmp (t->name, "move") == 0)
            s_opt (out, "new-postcode", "PC", "the new address, with --new-number N "
                   "[--new-addition A]");
        if (t->flags & PROTO_T_SUBJECT) {
            fprintf (out, "\nThe household (one or more of; BSN and address never leave this "
                     "agent):\n");
            s_opt (out, "bsn", "BSN", "a member's BSN (9 digits, elfproef)");
            s_opt (out, "postcode", "PC", "the address: postcode, with --number N [--addition A]");
            s_opt (out, "ref", "HEX", "a reference as shown by regie inbox --json "
                   "(person:HEX / address:HEX)");
            s_opt (out, "label", "NAME", "your own label (regie label)");
        }
        fprintf (out, "\nSending:\n");
        s_opt (out, "direct", NULL, "connect to the hub directly (no daemon), wait, exit");
        s_opt (out, "wait", "SECONDS", "how long to wait for the hub (default from agent.conf)");
    }
    else {
        fprintf (out, "Answered by the agent from its own store.\n\nOptions:\n");
        if (strcmp (c->name, "inbox") == 0) {
            s_opt (out, "all", NULL, "also the messages already read (newest first, after the unread)");
            s_opt (out, "limit", "N", "at most N messages (default 50)");
        }
        else
        if (strcmp (c->name, "minutes") == 0) {
            s_opt (out, "round", "ID", "the round (as in the inbox); asks the hub when not here");
            s_opt (out, "markdown", NULL, "print the minutes as Markdown");
        }
        else
        if (strcmp (c->name, "label") == 0) {
            s_opt (out, "bsn / --postcode / --ref", "", "the household to label");
            s_opt (out, "remove", NULL, "remove the label");
        }
        else
        if (strcmp (c->name, "outbox") == 0) {
            s_opt (out, "after", "N", "only what the hub receipted with a number after N "
                   "(a restored hub's backup ends at N)");
            s_opt (out, "limit", "N", "at most N messages (default 50)");
        }
        else
        if (strcmp (c->name, "receipt") == 0)
            fprintf (out, "  NR or ID            the hub's number (regie outbox) or the message's "
                     "id (--json)\n"
                     "Checks the hub's signature on the batch head with the hub certificate of "
                     "agent.conf,\nthe message's Merkle path to the head, and that the receipt "
                     "names this message\nand its envelope. Exit 3 when it does not hold.\n");
    }
    fprintf (out, "\nEverywhere:\n");
    s_opt (out, "dir", "DIR", "the agent directory (-d; default $REGIE_DIR or .)");
    s_opt (out, "json", NULL, "print the result as one JSON object");
    s_opt (out, "help", NULL, "this text");
    fprintf (out, "\nExample:\n  %s\n", c->example);
    fprintf (out, "\nExit codes: 0 ok; 1 internal error; 2 bad input (nothing sent); "
             "3 refused by the hub;\n4 hub unreachable (daemon: kept in the outbox and sent "
             "later; --direct: not sent).\n");
}
