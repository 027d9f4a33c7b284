/*  agent_render.c - the hub's notices in the reader's words (agent_render.h). */
#include "agent_render.h"
#include "agent_template.h"
#include "agent_output.h"
#include "proto_lang.h"
#include <stdio.h>
#include <string.h>

/*  One way to say a kind: used when needs is NULL or present in the body,
    and (for an escalation) when reason matches. plural, when set, is the
    form for {count} other than one.                                         */
typedef struct {
    const char *kind;
    const char *needs;
    const char *reason;
    const char *one;
    const char *plural;
} template_t;

static const template_t s_templates [] = {
    { "routed", "partners", NULL,
      N_("This {ref} belongs to a household under regie of team {team}: signals about it now "
         "reach its regisseur, {partner} ({contact})."), NULL },
    { "routed", NULL, NULL,
      N_("This {ref} belongs to a household under regie of team {team}: signals about it now "
         "reach its regisseur."), NULL },
    { "unlinked", "other_team", NULL,
      NP_("{by} took this {ref} off a household under regie of team {other_team}: {count} signal "
         "about it alone is without regie again, and new ones reach you.",
          "{by} took this {ref} off a household under regie of team {other_team}: {count} signals "
         "about it alone are without regie again, and new ones reach you.") },
    { "unlinked", NULL, NULL,
      NP_("{by} took this {ref} off the household it was part of: {count} signal about it alone "
         "is without regie again, and new ones reach you.",
          "{by} took this {ref} off the household it was part of: {count} signals about it alone "
         "are without regie again, and new ones reach you.") },
    { "joined", NULL, NULL,
      NP_("The {ref} you linked was a household of its own; {count} partner signalled about it: "
         "{partners}. What was signalled is this household's now (its content stays with whom "
         "it was sent to).",
          "The {ref} you linked was a household of its own; {count} partners signalled about it: "
         "{partners}. What was signalled is this household's now (its content stays with whom "
         "it was sent to).") },
    { "history", NULL, NULL,
      NP_("Earlier involvement: {count} partner signalled about this household before: "
         "{partners} (archived without content).",
          "Earlier involvement: {count} partners signalled about this household before: "
         "{partners} (archived without content).") },
    { "moved", NULL, NULL,
      N_("The household moved; regie and its history follow it."), NULL },
    { "address_unlinked", NULL, NULL,
      N_("A signal names a member of this household at an address that is not linked to it. "
         "If the household moved, record the move (regie move)."), NULL },
    { "member_elsewhere", "other_team", NULL,
      N_("A signal names a member of this household at an address known as another household, "
         "under regie of team {other_team}. If they live together, link the address (regie "
         "link-member): the hub joins the two."), NULL },
    { "member_elsewhere", NULL, NULL,
      N_("A signal names a member of this household at an address known as another household "
         "without regie. If they live together, link the address (regie link-member): the hub "
         "joins the two."), NULL },
    { "person_unlinked", NULL, NULL,
      N_("A signal names a person at this household's address who is not linked to it. If they "
         "belong to it, link them (regie link-member)."), NULL },
    { "person_elsewhere", "other_team", NULL,
      N_("A signal names this household's address together with a person known as another "
         "household, under regie of team {other_team}. If they belong together, link the person "
         "(regie link-member): the hub joins the two."), NULL },
    { "person_elsewhere", NULL, NULL,
      N_("A signal names this household's address together with a person known as another "
         "household without regie. If they belong together, link the person (regie "
         "link-member): the hub joins the two."), NULL },
    { "acute", NULL, NULL,
      N_("ACUTE signal from {by} ({leefgebied}): read it now. Acute danger goes to Veilig Thuis "
         "(0800-2000) or 112 as well."), NULL },
    { "match", NULL, NULL,
      N_("Match: {count} partners are concerned about the same household: {partners}. Contact "
         "each other and confirm by {due} that contact was made, or that regie already exists "
         "(regie confirm-match)."), NULL },
    { "match_seen", NULL, NULL,
      N_("Match: {count} partners are concerned about a household that reaches you: {partners}. "
         "See that they make contact; confirm by {due}, or that regie already exists."), NULL },
    { "match_reminder", NULL, NULL,
      N_("You have not confirmed contact on a match. Confirm now (regie confirm-match); on {due} "
         "it is escalated."), NULL },
    { "priority", NULL, NULL,
      N_("Opening: a household on the priority list has a new signal ({signal_kind}). Act now "
         "while the door is open."), NULL },
    { "regie_assigned", NULL, NULL,
      N_("You hold regie over this household for team {team} (phase {phase}). One household, "
         "one plan, one regisseur."), NULL },
    { "referral_accepted", NULL, NULL,
      N_("Your referral was accepted by team {team}."), NULL },
    { "continuity", NULL, NULL,
      N_("As introducing partner you are available again when the intensive phase ends, around "
         "{due}. Accept the agreement (regie accept-agreement)."), NULL },
    { "regie_transferred", "text", NULL,
      N_("Regie moves from team {other_team} to team {team}, casemanager {partner}. Hand-over "
         "note: {text}"), NULL },
    { "regie_transferred", NULL, NULL,
      N_("Regie moves from team {other_team} to team {team}, casemanager {partner}."), NULL },
    { "regie_released", NULL, NULL,
      N_("Regie by team {team} has ended. Until {until} new signals still reach the team "
         "(follow-up)."), NULL },
    { "consent", NULL, NULL,
      N_("You may now share with the regisseur about this household (basis: {basis}, {from} to "
         "{until})."), NULL },
    { "consent_ended", NULL, NULL,
      N_("The basis for sharing about this household has ended: you receive no more rounds, "
         "agreements or minutes about it."), NULL },
    { "invitation", "place", NULL,
      N_("Invitation: coordination round {number} on {at}, {place}, chaired by {by}. Before it, "
         "report on your agreements (regie progress)."), NULL },
    { "invitation", NULL, NULL,
      N_("Invitation: coordination round {number} on {at}, chaired by {by}. Before it, report "
         "on your agreements (regie progress)."), NULL },
    { "next_round", NULL, NULL,
      N_("Round {number} was held. Next coordination round proposed for {due} (three months "
         "on): schedule it (regie round)."), NULL },
    { "last_round", NULL, NULL,
      N_("Round {number} was the last one: close coordination (regie phase or release)."), NULL },
    { "care_taken_over", NULL, NULL,
      N_("The network has taken over the care: close coordination (regie phase or release)."),
      NULL },
    { "report_missing", NULL, NULL,
      N_("Round {number} on {at}: please report on your agreements before it (regie progress)."),
      NULL },
    { "reports_missing", NULL, NULL,
      N_("Round {number} on {at}: not reported yet: {partners}."), NULL },
    { "agreement_reminder", NULL, NULL,
      N_("Reminder: your agreement is due on {due}. Mark it done (regie agreement-done) or "
         "report stagnation."), NULL },
    { "agreement_overdue", NULL, NULL,
      N_("OVERDUE: the agreement of {partner} was due on {due} and is not done."), NULL },
    { "agreement_unaccepted", NULL, NULL,
      N_("An agreement waits for your acceptance: accept it (regie accept-agreement), or talk to "
         "the regisseur."), NULL },
    { "stagnation", "text", NULL,
      N_("STAGNATION: {by} reports that help does not get going (\"{text}\"). Step in (a short "
         "intervention) or adjust the agreement."), NULL },
    { "stagnation", NULL, NULL,
      N_("STAGNATION: {by} reports that help does not get going. Step in (a short "
         "intervention) or adjust the agreement."), NULL },
    { "escalation", NULL, "stagnation_twice",
      N_("Escalation: {partner} reported stagnation on the same agreement {count} times. "
         "Resolve it (regie resolve-escalation) once it moves."), NULL },
    { "escalation", NULL, "agreement_overdue",
      N_("Escalation: the agreement of {partner}, due on {due}, is still not done after the "
         "overdue notice. Resolve it (regie resolve-escalation) once it moves."), NULL },
    { "escalation", NULL, "match_unconfirmed",
      N_("Escalation: {partner} did not confirm contact on a match (deadline {due}), not even "
         "after a reminder. Resolve it (regie resolve-escalation) once it moves."), NULL },
    { "escalation", "partners", "invitation_ignored",
      N_("Escalation: {partner} was invited to round {number} but neither reported nor came. "
         "Resolve it (regie resolve-escalation) once it moves."), NULL },
    { "escalation", NULL, "invitation_ignored",
      NP_("Escalation: {count} partner invited to round {number} neither reported nor came. "
         "Resolve it (regie resolve-escalation) once it moves.",
          "Escalation: {count} partners invited to round {number} neither reported nor came. "
         "Resolve it (regie resolve-escalation) once it moves.") },
    { "escalation", NULL, NULL,
      N_("Escalation: resolve it (regie resolve-escalation) once it moves."), NULL },
    { "acute_unseen", NULL, NULL,
      NP_("A signal from {by} of {at} has not reached {partner} after {count} minute: its agent "
          "has not received it. Contact {partner} directly; acute danger goes to Veilig Thuis "
          "(0800-2000) or 112.",
          "A signal from {by} of {at} has not reached {partner} after {count} minutes: its agent "
          "has not received it. Contact {partner} directly; acute danger goes to Veilig Thuis "
          "(0800-2000) or 112.") },
    { "signal_unseen", NULL, NULL,
      NP_("Your signal of {at} has not reached {partner} after {count} minute. Team {team}'s "
          "intake and escalation role have been told. Acute danger: call Veilig Thuis "
          "(0800-2000) or 112.",
          "Your signal of {at} has not reached {partner} after {count} minutes. Team {team}'s "
          "intake and escalation role have been told. Acute danger: call Veilig Thuis "
          "(0800-2000) or 112.") },
    { "signal_seen", NULL, NULL,
      N_("Your signal of {at} has now reached {partner}."), NULL },
    { "escalation_resolved", "text", NULL,
      N_("{by} resolved an escalation about this household: {text}"), NULL },
    { "escalation_resolved", NULL, NULL,
      N_("{by} resolved an escalation about this household."), NULL },
    { "deputy_named", NULL, NULL,
      N_("Deputy: from {from} until {until} signals and notices about the households of {partner} "
         "(team {team}) reach the deputy as well. Casemanager and deputy: {partners}. Named by "
         "{by}."), NULL },
    { "deputy_ended", NULL, NULL,
      N_("Deputy's period ended early by {by}: signals and notices about the households of "
         "{partner} reach only her again. Casemanager and deputy: {partners}."), NULL },
};
#define TEMPLATES (sizeof s_templates / sizeof s_templates [0])

const char *
agent_render_kind (size_t n)
{
    /* each kind once, in the table's order                                  */
    size_t seen = 0;
    for (size_t i = 0; i < TEMPLATES; i++) {
        if (i > 0 && strcmp (s_templates [i].kind, s_templates [i - 1].kind) == 0)
            continue;
        if (seen++ == n)
            return s_templates [i].kind;
    }
    return NULL;
}

static const char *
s_str (const json_t *body, const char *key)
{
    return agent_template_str (body, key);
}

static bool
s_present (const json_t *body, const char *key)
{
    const json_t *v = json_object_get (body, key);
    if (json_is_array (v))
        return json_array_size (v) > 0;
    return v && !json_is_null (v) && !(json_is_string (v) && !json_string_length (v));
}

typedef agent_buf_t buf_t;
#define s_put agent_buf_put
#define s_puts agent_buf_puts
#define s_term agent_buf_term

static void
s_time (buf_t *b, const json_t *body, const char *key, bool with_time)
{
    agent_buf_time (b, s_str (body, key), with_time);
}

/*  The nth partners record's field, or NULL.                                */
static const char *
s_record (const json_t *body, size_t n, const char *field)
{
    const json_t *list = json_object_get (body, "partners");
    const json_t *r = json_is_array (list) ? json_array_get (list, n) : NULL;
    const json_t *v = r ? json_object_get (r, field) : NULL;
    return json_is_string (v) ? json_string_value (v) : NULL;
}

/*  Every record's name: "a", "a and b", "a, b and c".                      */
static void
s_names (buf_t *b, const json_t *body)
{
    const json_t *list = json_object_get (body, "partners");
    size_t n = json_is_array (list) ? json_array_size (list) : 0;
    if (!n) {
        s_puts (b, "?");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = s_record (body, i, "name");
        const char *id = s_record (body, i, "partner");
        if (i > 0)
            /* TRANSLATORS: between the last two names of a list ("a, b and c") */
            s_puts (b, i == n - 1 ? _(" and ") : ", ");
        s_puts (b, name ? name : id ? id : "?");
    }
}

static void
s_argument (buf_t *b, void *ctx, const char *name, size_t len)
{
    const json_t *body = (const json_t *) ctx;
#define IS(word) (len == strlen (word) && strncmp (name, word, len) == 0)
    const char *v = NULL;
    if (IS ("due") || IS ("from") || IS ("until")) {
        char key [8];
        snprintf (key, sizeof key, "%.*s", (int) len, name);
        s_time (b, body, key, false);
        return;
    }
    if (IS ("at")) {
        s_time (b, body, "at", true);
        return;
    }
    if (IS ("count") || IS ("number")) {
        const json_t *n = json_object_get (body, IS ("count") ? "count" : "number");
        char text [24] = "?";
        if (json_is_integer (n))
            snprintf (text, sizeof text, "%lld", (long long) json_integer_value (n));
        s_puts (b, text);
        return;
    }
    if (IS ("partners")) {
        s_names (b, body);
        return;
    }
    if (IS ("ref")) {
        const char *ref = s_str (body, "ref");
        s_puts (b, !ref ? "?" : strcmp (ref, "address") == 0 ? _("address") : _("member"));
        return;
    }
    if (IS ("by"))
        v = s_str (body, "by_name") ? s_str (body, "by_name") : s_str (body, "by");
    else
    if (IS ("partner"))
        v = s_record (body, 0, "name") ? s_record (body, 0, "name") : s_record (body, 0, "partner");
    else
    if (IS ("contact"))
        v = s_record (body, 0, "contact");
    else
    if (IS ("team") || IS ("other_team") || IS ("text") || IS ("place"))  {
        char key [16];
        snprintf (key, sizeof key, "%.*s", (int) len, name);
        v = s_str (body, key);
    }
    else
    if (IS ("phase") || IS ("basis") || IS ("leefgebied") || IS ("signal_kind")) {
        char key [16];
        snprintf (key, sizeof key, "%.*s", (int) len, name);
        const char *term = s_str (body, key);
        if (term)
            s_term (b, term);
        else
            s_puts (b, "?");
        return;
    }
#undef IS
    s_puts (b, v ? v : "?");
}

bool
agent_render_notice (const json_t *body, char *out, size_t outlen)
{
    buf_t b;
    agent_buf_init (&b, out, outlen);
    const char *kind = s_str (body, "kind");
    const char *reason = s_str (body, "reason");
    for (size_t i = 0; kind && i < TEMPLATES; i++) {
        const template_t *t = &s_templates [i];
        if (strcmp (t->kind, kind) != 0
        ||  (t->needs && !s_present (body, t->needs))
        ||  (t->reason && (!reason || strcmp (t->reason, reason) != 0)))
            continue;
        const char *template = _(t->one);
        if (t->plural) {
            const json_t *count = json_object_get (body, "count");
            unsigned long n = json_is_integer (count) ? (unsigned long) json_integer_value (count) : 0;
            template = ngettext (t->one, t->plural, n);
        }
        agent_template_fill (&b, template, s_argument, (void *) body);
        return true;
    }
    const char *text = s_str (body, "text");
    char line [AGENT_RENDER_BYTES];
    snprintf (line, sizeof line, _("A notice of a kind this program does not know (%s)."),
              kind ? kind : "?");
    s_puts (&b, line);
    if (text) {
        s_puts (&b, " ");
        s_puts (&b, text);
    }
    return false;
}
