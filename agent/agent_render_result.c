/*  agent_render_result.c - refusals and receipt notes in the reader's words
    (agent_render_result.h).                                                */
#include "agent_render_result.h"
#include "agent_template.h"
#include "agent_cmdtab.h"
#include "proto_lang.h"
#include "proto_words.h"
#include "proto_result.h"
#include <stdio.h>
#include <string.h>

/*  plural, when set, is the form for a {count} other than one (ngettext).   */
typedef struct {
    const char *code;
    const char *text;
    const char *plural;
} code_text_t;

/*  One row a reason code of hub/hub_codes.h, in its order.                  */
static const code_text_t s_reasons [] = {
    { "not_a_partner", N_("\"{partner}\" is not a partner in this network."), NULL },
    { "introducer_not_a_partner",
      N_("The introducing partner \"{partner}\" is not in this network."), NULL },
    { "no_basis_recorded",
      N_("No consent or legal basis is recorded for {partner}: record it first (regie consent)."), NULL },
    { "basis_ended",
      N_("There is no longer consent or a legal basis for you about this household."), NULL },
    { "no_current_basis", N_("{partner} has no current basis for this household."), NULL },
    { "household_unknown", N_("This household is not known."), NULL },
    { "round_not_in_household", N_("There is no round with that id for this household."), NULL },
    { "agreement_in_status", N_("The agreement is {status}."), NULL },
    { "agreement_accepted_already", N_("The agreement was accepted already."), NULL },
    { "agreement_not_accepted", N_("Accept the agreement first (regie accept-agreement)."), NULL },
    { "agreement_not_waiting", N_("The agreement is {status}, not waiting for acceptance."), NULL },
    { "agreement_finished", N_("The agreement is already {status}."), NULL },
    { "agreement_not_known", N_("No agreement with that id is known to you."), NULL },
    { "agreement_not_yours", N_("No agreement with that id is yours."), NULL },
    { "accept_owner_only", N_("Only the owner of an agreement can accept it."), NULL },
    { "withdraw_regisseur_only", N_("Only the regisseur can withdraw an agreement."), NULL },
    { "mark_owner_only", N_("Only the owner can mark an agreement {status}."), NULL },
    { "no_status_rule", N_("The hub has no rule for an agreement marked {status}."), NULL },
    { "match_not_yours", N_("No match with that id concerns you."), NULL },
    { "match_confirmed_already", N_("You confirmed this match already."), NULL },
    { "escalation_not_yours", N_("No escalation with that id was raised to you or your team."), NULL },
    { "escalation_resolved_already", N_("That escalation is already resolved."), NULL },
    { "regie_held_elsewhere",
      N_("Regie is held by team {team} since {since}; contact {casemanager} ({contact}) to agree "
         "who leads."), NULL },
    { "ref_held_elsewhere",
      N_("That {ref} belongs to a household under regie of team {team} since {since}; contact "
         "{casemanager} ({contact}) to agree who leads. Once that regie is released, link again "
         "to join the two households."), NULL },
    { "address_held_elsewhere",
      N_("That address belongs to a household under regie of team {team} since {since}; contact "
         "{casemanager} ({contact}) to agree who leads."), NULL },
    { "not_regisseur", N_("You do not hold regie over this household."), NULL },
    { "other_intake", N_("This household is in the care of another team's intake."), NULL },
    { "ref_in_own_household",
      N_("That {ref} belongs to another household you direct: release regie over one of the two "
         "(regie release) and link again to join them."), NULL },
    { "ref_not_linked", N_("That {ref} is not linked to this household."), NULL },
    { "ref_last",
      N_("That {ref} is the household's last reference: link the right member or address first."), NULL },
    { "phase_back_needs_reason",
      N_("Moving back from phase {from_phase} to {phase} needs a reason (--reason)."), NULL },
    { "phase_already", N_("The household is already in phase {phase}."), NULL },
    { "no_such_team", N_("There is no regie team \"{team}\"."), NULL },
    { "not_a_casemanager", N_("\"{casemanager}\" is not a casemanager of team {team}."), NULL },
    { "holds_regie_already", N_("{casemanager} already holds regie for team {team}."), NULL },
    { "referral_done_already", N_("That referral was already {status}."), NULL },
    { "referral_not_yours", N_("No referral with that id was made to your team."), NULL },
    { "referral_not_here",
      N_("No referral with that id was made to your team about this household."), NULL },
    { "no_team_in_certificate", N_("Your certificate names no regie team of this network."), NULL },
    { "report_too_big", N_("The report is too large; ask for a shorter period."), NULL },
    { "not_invited", N_("You are not invited to a round with that id."), NULL },
    { "no_own_agreement_here", N_("You own no agreement with that id in this household."), NULL },
    { "held_in_future",
      N_("{held} is still to come: a round is recorded as held once it took place."), NULL },
    { "held_too_long_ago",
      N_("{held} is more than {days} days ago: give the date the round took place."), NULL },
    { "not_chair", N_("You chair no round with that id."), NULL },
    { "round_held_already", N_("That round was already recorded as held."), NULL },
    { "round_not_yours", N_("No round with that id is yours to see."), NULL },
    { "two_frames", N_("A message is two frames: the envelope and its signature."), NULL },
    { "signature_frame", N_("The second frame must be a 64-byte Ed25519 signature."), NULL },
    { "not_admitted", N_("This key is not (or no longer) admitted to the network."), NULL },
    { "type_not_allowed", N_("A partner with roles {roles} may not send {type}."), NULL },
    { "ack_from_one", N_("An acknowledgement counts from 1."), NULL },
    { "message_id_used", N_("This message id was used already."), NULL },
    { "clock_skew",
      N_("The time of this machine differs from the hub's by more than {seconds} seconds: check "
         "the clock."), NULL },
    { "store_unavailable", N_("The hub cannot store messages now; the message is sent again later."), NULL },
    { "no_audit_head",
      N_("No signed audit head at or after entry {number}: the hub's log is shorter than the head "
         "you hold, or ask from a later entry."), NULL },
    { "store_full",
      N_("The hub's disk is full: it cannot store messages now; the message is sent again later."),
      NULL },
    { "deputy_not_in_team",
      N_("{partner} is not a casemanager of team {team}: a deputy is a casemanager of the same "
         "team."), NULL },
    { "deputy_self", N_("A casemanager cannot be her own deputy: name a colleague."), NULL },
    { "deputy_own_only",
      N_("A casemanager names a deputy for herself only; her team leader (escalation role) may "
         "name one for her."), NULL },
    { "deputy_until_before_from",
      N_("The period ends before it starts: give an until after from."), NULL },
    { "deputy_too_long", N_("A deputy is named for at most {days} days: give a shorter period."),
      NULL },
    { "deputy_period_over",
      N_("That period is over already ({until}); to end a deputy's period early use regie "
         "deputy-end."), NULL },
    { "no_deputy", N_("{casemanager} has no deputy named now or later."), NULL },
};

/*  One row a note code of hub/hub_codes.h, in its order.                    */
static const code_text_t s_notes [] = {
    { "stored", N_("Stored."), NULL },
    { "stored_before", N_("The hub had stored it before."), NULL },
    { "answered", N_("Answered."), NULL },
    { "signal_routed_regisseur", N_("Sent to the regisseur of team {team}."), NULL },
    { "signal_routed_follow_up", N_("Sent to the former regisseur (follow-up) of team {team}."), NULL },
    { "signal_to_intake", N_("Sent to the intake of team {team}."), NULL },
    { "signal_unrouted", N_("Stored; no regie team is configured to receive it."), NULL },
    { "acute_routed_regisseur",
      N_("Sent to the regisseur of team {team}. ACUTE danger: call Veilig Thuis (0800-2000) or 112 "
         "now; the hub does not replace them."), NULL },
    { "acute_routed_follow_up",
      N_("Sent to the former regisseur (follow-up) of team {team}. ACUTE danger: call Veilig Thuis "
         "(0800-2000) or 112 now; the hub does not replace them."), NULL },
    { "acute_to_intake",
      N_("Sent to the intake of team {team}. ACUTE danger: call Veilig Thuis (0800-2000) or 112 "
         "now; the hub does not replace them."), NULL },
    { "acute_unrouted",
      N_("Stored; no regie team is configured to receive it. ACUTE danger: call Veilig Thuis "
         "(0800-2000) or 112 now; the hub does not replace them."), NULL },
    { "referred", N_("Referred to the intake of team {team}."), NULL },
    { "declined", N_("Declined; the feedback goes to the referrer, {partner}."), NULL },
    { "regie_claimed", N_("Regie claimed for team {team}; casemanager {casemanager}."), NULL },
    { "regie_stays", N_("Regie stays with team {team}; casemanager {casemanager}."), NULL },
    { "regie_transferred", N_("Regie transferred to team {team}; casemanager {casemanager}."), NULL },
    { "regie_closed", N_("Regie closed; follow-up until {until}."), NULL },
    { "phase_moved", N_("Phase {from_phase} -> {phase}."), NULL },
    { "linked", N_("Linked to the household."), NULL },
    { "linked_joined",
      NP_("Linked; it was known to the hub as a household of its own, with {count} signal: "
          "joined to this household.",
          "Linked; it was known to the hub as a household of its own, with {count} signals: "
          "joined to this household.") },
    { "linked_joined_both",
      NP_("Linked; both were known to the hub as households of their own, with {count} signal: "
          "joined to this household.",
          "Linked; both were known to the hub as households of their own, with {count} signals: "
          "joined to this household.") },
    { "unlinked",
      NP_("Unlinked: a household of its own now, without regie; {count} signal about it alone "
          "went with it.",
          "Unlinked: a household of its own now, without regie; {count} signals about it alone "
          "went with it.") },
    { "moved", N_("Moved: signals about the new address reach this household."), NULL },
    { "moved_earlier",
      NP_("Moved: signals about the new address reach this household. The hub knew that address "
          "as another household, who lived there before ({count} signal): what was said about "
          "them stays theirs.",
          "Moved: signals about the new address reach this household. The hub knew that address "
          "as another household, who lived there before ({count} signals): what was said about "
          "them stays theirs.") },
    { "basis_recorded", N_("Basis {basis} recorded for {partner}."), NULL },
    { "basis_withdrawn", N_("Basis withdrawn for {partner}, at once."), NULL },
    { "priority_on",
      N_("On the priority list: an opening signal alerts intake at once."), NULL },
    { "priority_off", N_("Off the priority list."), NULL },
    { "match_confirmed", N_("Match confirmed: {outcome}."), NULL },
    { "match_confirmed_all", N_("Match confirmed for all partners: {outcome}."), NULL },
    { "escalation_resolved", N_("Escalation resolved."), NULL },
    { "agreement_proposed",
      N_("Agreement for {partner}, due {due}: waiting for the owner's acceptance."), NULL },
    { "agreement_accepted", N_("Accepted with your signature; kept as proof."), NULL },
    { "agreement_marked", N_("Agreement {status}."), NULL },
    { "agreement_marked_late", N_("Agreement {status} (after its due date)."), NULL },
    { "round_planned", NP_("Round {number} on {at}; {count} partner invited.",
                           "Round {number} on {at}; {count} partners invited.") },
    { "progress_reported", N_("Progress reported to the regisseur."), NULL },
    { "round_held", N_("Round {number} held; minutes sent."), NULL },
    { "round_held_last", N_("Round {number} held; minutes sent; time to close coordination."), NULL },
    { "deputy_named",
      N_("{partner} stands in from {since} until {until}: signals and notices about the "
         "casemanager's households reach the deputy too."), NULL },
    { "deputy_ended", N_("The period of deputy {partner} has ended."), NULL },
};

#define REASONS (sizeof s_reasons / sizeof s_reasons [0])
#define NOTES (sizeof s_notes / sizeof s_notes [0])

const char *
agent_render_reason_name (size_t n)
{
    return n < REASONS ? s_reasons [n].code : NULL;
}

const char *
agent_render_note_name (size_t n)
{
    return n < NOTES ? s_notes [n].code : NULL;
}

typedef struct {
    const json_t *args;
    const char *option;         /* the field as typed, or NULL               */
    const char *code;           /* the code rendered                         */
} ctx_t;

static void
s_argument (agent_buf_t *b, void *arg, const char *name, size_t len)
{
    const ctx_t *c = (const ctx_t *) arg;
    char key [24];
    snprintf (key, sizeof key, "%.*s", (int) len, name);
#define IS(word) (strcmp (key, word) == 0)
    if (IS ("since") || IS ("due") || IS ("until")) {
        agent_buf_time (b, agent_template_str (c->args, key), false);
        return;
    }
    if (IS ("at") || IS ("held")) {
        agent_buf_time (b, agent_template_str (c->args, "at"), IS ("at"));
        return;
    }
    if (IS ("count") || IS ("number") || IS ("days") || IS ("seconds")) {
        const json_t *n = json_object_get (c->args, key);
        char text [24] = "?";
        if (json_is_integer (n))
            snprintf (text, sizeof text, "%lld", (long long) json_integer_value (n));
        agent_buf_puts (b, text);
        return;
    }
    const char *v = agent_template_str (c->args, key);
    if (IS ("partner") || IS ("casemanager")) {
        /* a partner with the name the hub knows it by                       */
        const char *name_v = agent_template_str (c->args, "name");
        agent_buf_puts (b, name_v ? name_v : v ? v : "?");
        return;
    }
    if (IS ("status") || IS ("outcome")) {
        agent_buf_puts (b, !v ? "?" : strncmp (c->code, "referral", 8) == 0 ? proto_words_referral (v)
                                                                          : agent_cmd_code_word (v));
        return;
    }
    if (IS ("ref")) {
        agent_buf_puts (b, !v ? "?" : strcmp (v, "address") == 0 ? _("address") : _("member"));
        return;
    }
    if (IS ("field") && c->option && *c->option) {
        agent_buf_puts (b, c->option);
        return;
    }
    if (IS ("phase") || IS ("from_phase") || IS ("basis") || IS ("type") || IS ("roles")) {
        if (v)
            agent_buf_term (b, v);
        else
            agent_buf_puts (b, "?");
        return;
    }
#undef IS
    agent_buf_puts (b, v ? v : "?");
}

/*  The template of code, translated (in its plural form for args' count
    when it has one), or NULL when code is not in the table.                 */
static const char *
s_find (const code_text_t *table, size_t count, const char *code, const json_t *args)
{
    for (size_t i = 0; code && i < count; i++)
        if (strcmp (table [i].code, code) == 0) {
            if (!table [i].plural)
                return _(table [i].text);
            const json_t *n = json_object_get (args, "count");
            unsigned long k = json_is_integer (n) ? (unsigned long) json_integer_value (n) : 0;
            return ngettext (table [i].text, table [i].plural, k);
        }
    return NULL;
}

bool
agent_render_error (const json_t *err, const char *option, char *out, size_t outlen)
{
    agent_buf_t b;
    agent_buf_init (&b, out, outlen);
    const char *code = agent_template_str (err, "reason_code");
    const json_t *args = json_object_get (err, "args");
    const json_t *num = json_object_get (err, "code");
    proto_result_t result = json_is_integer (num) ? (proto_result_t) json_integer_value (num)
                                                  : PROTO_INTERNAL;
    const char *field = agent_template_str (err, "field");
    const char *what = option && *option ? option : field;
    const char *result_text = _(proto_result_text (result));
    char line [AGENT_RESULT_BYTES];
    if (!code) {
        /* a kept refusal of agent.db v1 holds the hub's sentence as it was  */
        const char *legacy = agent_template_str (err, "reason");
        if (legacy && !what)
            agent_buf_puts (&b, legacy);
        else
        if (what) {
            /* TRANSLATORS: the option (or field) at fault: what is wrong   */
            snprintf (line, sizeof line, _("%s: %s"), what, result_text);
            agent_buf_puts (&b, line);
        }
        else
            agent_buf_puts (&b, result_text);
        return true;
    }
    const char *template = s_find (s_reasons, REASONS, code, args);
    if (!template) {
        /* TRANSLATORS: a refusal whose reason this program does not know:
           the reason's code, then the sentence for the result code        */
        snprintf (line, sizeof line, _("refused for a reason this program does not know (%s): %s"),
                  code, result_text);
        agent_buf_puts (&b, line);
        return false;
    }
    ctx_t c = { args, option, code };
    agent_template_fill (&b, template, s_argument, &c);
    return true;
}

bool
agent_render_note (const char *code, const json_t *args, char *out, size_t outlen)
{
    agent_buf_t b;
    agent_buf_init (&b, out, outlen);
    if (!code || !*code)
        return true;
    const char *template = s_find (s_notes, NOTES, code, args);
    if (!template) {
        char line [AGENT_RESULT_BYTES];
        /* TRANSLATORS: a receipt note this program does not know: its code */
        snprintf (line, sizeof line, _("the hub noted something this program does not know (%s)"),
                  code);
        agent_buf_puts (&b, line);
        return false;
    }
    ctx_t c = { args, NULL, code };
    agent_template_fill (&b, template, s_argument, &c);
    return true;
}
