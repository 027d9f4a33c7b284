/*  proto_types.c - the message type table and body validation. The table
    is the protocol's single definition of every body: keep PROTOCOL.md in
    step with it (tests/unit/test_types.c checks that every type is there). */
#include "proto_types.h"
#include "proto_identity.h"
#include "proto_msgpack.h"
#include "proto_lang.h"
#include <string.h>
#include <stdlib.h>
#include <stdio.h>

#define END { NULL, 0, false, 0, PT_NONE, NULL, NULL }
#define ROLES_ANY (PROTO_ROLE_SIGNAL | PROTO_ROLE_REFER | PROTO_ROLE_INTAKE \
                 | PROTO_ROLE_REGIE | PROTO_ROLE_ESCALATION | PROTO_ROLE_OPERATOR)
#define ROLES_TEAM (PROTO_ROLE_INTAKE | PROTO_ROLE_REGIE | PROTO_ROLE_ESCALATION)

/* ---- partner messages ------------------------------------------------- */

static const proto_field_t f_signal [] = {
    { "leefgebied", PF_TERM, true, 0, PT_LEEFGEBIED, NULL, N_("life domain of the concern") },
    { "severity", PF_TERM, true, 0, PT_SEVERITY, NULL, N_("zorg, ernstig or acuut") },
    { "ground", PF_TERM, true, 0, PT_GROUND, NULL, N_("risk category that justifies sharing") },
    { "informed", PF_BOOL, true, 0, PT_NONE, NULL, N_("whether the household was told") },
    { "not_informed_reason", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL,
      N_("why not (required when informed is false)") },
    { "kind", PF_TERM, false, 0, PT_SIGNAL_KIND, NULL, N_("what happened, e.g. ontruimingsdreiging") },
    { "text", PF_TEXT, true, PROTO_MAX_TEXT_BYTES, PT_NONE, NULL, N_("short factual description") },
    { "contact", PF_LINE, true, PROTO_MAX_CONTACT_BYTES, PT_NONE, NULL, N_("the signaller's contact") },
    END
};

static const proto_field_t f_referral [] = {
    { "team", PF_PARTNER, true, 0, PT_NONE, NULL, N_("the regie team referred to") },
    { "introducer", PF_PARTNER, true, 0, PT_NONE, NULL,
      N_("introducing partner: closest to the household, available again later") },
    { "leefgebied", PF_TERM, false, 0, PT_LEEFGEBIED, NULL, N_("main life domain") },
    { "reason", PF_TEXT, true, PROTO_MAX_TEXT_BYTES, PT_NONE, NULL, N_("why regie is needed") },
    { "contact", PF_LINE, true, PROTO_MAX_CONTACT_BYTES, PT_NONE, NULL, N_("the referrer's contact") },
    END
};

static const proto_field_t f_claim [] = {
    { "casemanager", PF_PARTNER, true, 0, PT_NONE, NULL, N_("the casemanager who will hold regie") },
    { "referral", PF_ID, false, 0, PT_NONE, NULL, N_("the referral accepted, if any") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_decline [] = {
    { "referral", PF_ID, true, 0, PT_NONE, NULL, N_("the referral declined") },
    { "reason", PF_TERM, true, 0, PT_DECLINE_REASON, NULL, N_("contra-indication") },
    { "alternative", PF_LINE, true, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("suggested alternative") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_none [] = { END };

static const proto_field_t f_phase [] = {
    { "phase", PF_TERM, true, 0, PT_PHASE, NULL, N_("the new phase") },
    { "reason", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL,
      N_("why (required when moving back)") },
    END
};

static const proto_field_t f_transfer [] = {
    { "team", PF_PARTNER, true, 0, PT_NONE, NULL, N_("the team taking over") },
    { "casemanager", PF_PARTNER, true, 0, PT_NONE, NULL, N_("its casemanager") },
    { "note", PF_LINE, true, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("hand-over note") },
    END
};

static const proto_field_t f_note_required [] = {
    { "note", PF_LINE, true, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_link [] = {
    { "person", PF_REF, false, 0, PT_NONE, NULL, N_("a member's person_ref") },
    { "address", PF_REF, false, 0, PT_NONE, NULL, N_("an address_ref of the household") },
    END
};

static const proto_field_t f_unlink [] = {
    { "person", PF_REF, false, 0, PT_NONE, NULL, N_("the person_ref to take off the household") },
    { "address", PF_REF, false, 0, PT_NONE, NULL, N_("or the address_ref to take off") },
    { "note", PF_LINE, true, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("why (linked by mistake, ...)") },
    END
};

static const proto_field_t f_move [] = {
    { "address", PF_REF, true, 0, PT_NONE, NULL, N_("the new address_ref") },
    END
};

static const proto_field_t f_consent [] = {
    { "partner", PF_PARTNER, true, 0, PT_NONE, NULL, N_("partner covered") },
    { "basis", PF_TERM, true, 0, PT_BASIS, NULL, N_("consent, legal task, court order, covenant") },
    { "from", PF_TIME, true, 0, PT_NONE, NULL, N_("valid from") },
    { "until", PF_TIME, true, 0, PT_NONE, NULL, N_("valid until") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_consent_withdraw [] = {
    { "partner", PF_PARTNER, true, 0, PT_NONE, NULL, N_("partner no longer covered") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_priority [] = {
    { "on", PF_BOOL, true, 0, PT_NONE, NULL, N_("on or off the priority list") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_deputy [] = {
    { "casemanager", PF_PARTNER, false, 0, PT_NONE, NULL,
      N_("the casemanager who is away (default: the sender; a team leader names one of her team)") },
    { "deputy", PF_PARTNER, true, 0, PT_NONE, NULL,
      N_("the deputy: a casemanager of the same team") },
    { "from", PF_TIME, true, 0, PT_NONE, NULL, N_("the period's start") },
    { "until", PF_TIME, true, 0, PT_NONE, NULL, N_("the period's end (at most 92 days on)") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_deputy_end [] = {
    { "casemanager", PF_PARTNER, false, 0, PT_NONE, NULL,
      N_("the casemanager who is back (default: the sender)") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_match_confirm [] = {
    { "match", PF_ID, true, 0, PT_NONE, NULL, N_("the match notice's match id") },
    { "outcome", PF_TERM, true, 0, PT_MATCH_OUTCOME, NULL, N_("contact_gelegd or regie_bestaat") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("note") },
    END
};

static const proto_field_t f_round [] = {
    { "at", PF_TIME, true, 0, PT_NONE, NULL, N_("date and time of the round") },
    { "invited", PF_PARTNERS, true, PROTO_MAX_LIST_PARTNERS, PT_NONE, NULL, N_("partners invited") },
    { "place", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("where") },
    END
};

static const proto_field_t f_progress [] = {
    { "round", PF_ID, true, 0, PT_NONE, NULL, N_("the round reported to") },
    { "agreement", PF_ID, false, 0, PT_NONE, NULL, N_("the agreement reported on") },
    { "status", PF_TERM, true, 0, PT_PROGRESS_STATUS, NULL, N_("on_track, done, stagnated, not_started") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("short note") },
    END
};

static const proto_field_t f_round_held [] = {
    { "round", PF_ID, true, 0, PT_NONE, NULL, N_("the round") },
    { "present", PF_PARTNERS, true, PROTO_MAX_LIST_PARTNERS, PT_NONE, NULL, N_("partners present") },
    { "held", PF_TIME, false, 0, PT_NONE, NULL,
      N_("when the round took place (default: its scheduled time)") },
    { "network_took_over", PF_BOOL, false, 0, PT_NONE, NULL,
      N_("the network has taken over the care: propose closing coordination") },
    END
};

static const proto_field_t f_agreement [] = {
    { "owner", PF_PARTNER, true, 0, PT_NONE, NULL, N_("partner who owns it") },
    { "action", PF_TEXT, true, PROTO_MAX_ACTION_BYTES, PT_NONE, NULL, N_("what will be done") },
    { "leefgebied", PF_TERM, true, 0, PT_LEEFGEBIED, NULL, N_("life domain") },
    { "due", PF_TIME, true, 0, PT_NONE, NULL, N_("by when") },
    { "round", PF_ID, false, 0, PT_NONE, NULL, N_("the round it came from") },
    END
};

static const proto_field_t f_agreement_accept [] = {
    { "agreement", PF_ID, true, 0, PT_NONE, NULL, N_("the agreement accepted") },
    END
};

static const proto_field_t f_agreement_status [] = {
    { "agreement", PF_ID, true, 0, PT_NONE, NULL, N_("the agreement") },
    { "status", PF_TERM, true, 0, PT_AGREEMENT_STATUS, NULL, N_("done, stagnated or withdrawn") },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL,
      N_("note (required for stagnated)") },
    END
};

static const proto_field_t f_escalation_resolve [] = {
    { "escalation", PF_ID, true, 0, PT_NONE, NULL, N_("the escalation") },
    { "note", PF_LINE, true, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, N_("how it was resolved") },
    END
};

static const proto_field_t f_ack [] = {
    { "upto", PF_UINT, true, PROTO_MAX_SEQ, PT_NONE, NULL,
      "every delivery with seq <= upto is stored by the recipient" },
    END
};

static const proto_field_t f_audit_since [] = {
    { "from", PF_UINT, true, PROTO_MAX_SEQ, PT_NONE, NULL, "first audit sequence wanted" },
    END
};

static const proto_field_t f_team_report [] = {
    { "from", PF_TIME, false, 0, PT_NONE, NULL, N_("period start (default: the beginning)") },
    { "until", PF_TIME, false, 0, PT_NONE, NULL, N_("period end (default: now)") },
    END
};

static const proto_field_t f_report [] = {
    { "team", PF_PARTNER, true, 0, PT_NONE, NULL, "the team" },
    { "from", PF_TIME, false, 0, PT_NONE, NULL, "period start" },
    { "until", PF_TIME, false, 0, PT_NONE, NULL, "period end" },
    { "figures", PF_TEXT, true, PROTO_MAX_REPORT_BYTES, PT_NONE, NULL,
      "aggregates and open escalations, as a JSON object (no personal data)" },
    END
};

static const proto_field_t f_round_ref [] = {
    { "round", PF_ID, true, 0, PT_NONE, NULL, "the round" },
    END
};

/* ---- hub notices ------------------------------------------------------ */

static const proto_field_t r_partner [] = {
    { "partner", PF_PARTNER, true, 0, PT_NONE, NULL, "partner id" },
    { "name", PF_LINE, true, PROTO_MAX_NAME_BYTES, PT_NONE, NULL, "display name" },
    { "contact", PF_LINE, false, PROTO_MAX_CONTACT_BYTES, PT_NONE, NULL, "whom to contact" },
    { "since", PF_TIME, false, 0, PT_NONE, NULL, "involved since" },
    END
};

static const proto_field_t f_regiecheck_answer [] = {
    { "held", PF_BOOL, true, 0, PT_NONE, NULL, "whether a team holds regie" },
    { "team", PF_PARTNER, false, 0, PT_NONE, NULL, "the team holding regie" },
    { "casemanager", PF_PARTNER, false, 0, PT_NONE, NULL, "its casemanager" },
    { "phase", PF_LINE, false, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "current phase" },
    { "since", PF_TIME, false, 0, PT_NONE, NULL, "regie held since" },
    { "contact", PF_LINE, false, PROTO_MAX_CONTACT_BYTES, PT_NONE, NULL, "whom to call" },
    { "follow_up_until", PF_TIME, false, 0, PT_NONE, NULL, "closed, in follow-up until" },
    { "deputy", PF_PARTNER, false, 0, PT_NONE, NULL, "the casemanager's deputy, while one stands in" },
    { "deputy_until", PF_TIME, false, 0, PT_NONE, NULL, "the deputy stands in until" },
    END
};

static const proto_field_t f_notice [] = {
    { "kind", PF_TERM, true, 0, PT_NOTICE_KIND, NULL, "what this notice is about" },
    { "object", PF_ID, false, 0, PT_NONE, NULL, "the match, agreement, round, ... concerned" },
    { "partners", PF_RECORDS, false, PROTO_MAX_LIST_PARTNERS, PT_NONE, r_partner,
      "partners concerned and whom to contact" },
    { "due", PF_TIME, false, 0, PT_NONE, NULL, "deadline or date concerned" },
    { "at", PF_TIME, false, 0, PT_NONE, NULL, "when it takes place or took place" },
    { "from", PF_TIME, false, 0, PT_NONE, NULL, "a period's start" },
    { "until", PF_TIME, false, 0, PT_NONE, NULL, "a period's end" },
    { "urgent", PF_BOOL, false, 0, PT_NONE, NULL, "stands out: act now" },
    { "team", PF_PARTNER, false, 0, PT_NONE, NULL, "team concerned" },
    { "other_team", PF_PARTNER, false, 0, PT_NONE, NULL, "the other team (a transfer's old team, another household's team)" },
    { "by", PF_PARTNER, false, 0, PT_NONE, NULL, "who acted" },
    { "by_name", PF_LINE, false, PROTO_MAX_NAME_BYTES, PT_NONE, NULL, "its display name" },
    { "count", PF_UINT, false, PROTO_MAX_NOTICE_COUNT, PT_NONE, NULL, "how many (partners, signals)" },
    { "number", PF_UINT, false, PROTO_MAX_NOTICE_COUNT, PT_NONE, NULL, "a round's number" },
    { "place", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, "where a round takes place" },
    { "phase", PF_LINE, false, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "a phase (the hub's term)" },
    { "basis", PF_LINE, false, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "a basis for sharing (the hub's term)" },
    { "leefgebied", PF_LINE, false, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "a life domain (the hub's term)" },
    { "signal_kind", PF_LINE, false, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "a signal's kind (the hub's term)" },
    { "ref", PF_TERM, false, 0, PT_REF_KIND, NULL, "which of the subject's refs it is about" },
    { "reason", PF_TERM, false, 0, PT_ESCALATION_REASON, NULL, "why it was escalated" },
    { "text", PF_TEXT, false, PROTO_MAX_TEXT_BYTES, PT_NONE, NULL, "what a person wrote (a note), never the hub's words" },
    END
};

static const proto_field_t r_agreement [] = {
    { "agreement", PF_ID, true, 0, PT_NONE, NULL, "agreement id" },
    { "owner", PF_PARTNER, true, 0, PT_NONE, NULL, "owner" },
    { "action", PF_TEXT, false, PROTO_MAX_ACTION_BYTES, PT_NONE, NULL, "action, as its regisseur wrote it (absent with kind)" },
    { "kind", PF_TERM, false, 0, PT_AGREEMENT_KIND, NULL, "an agreement the hub made itself: the reader renders its action" },
    { "leefgebied", PF_LINE, true, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "life domain" },
    { "due", PF_TIME, true, 0, PT_NONE, NULL, "due date" },
    { "status", PF_LINE, true, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "status now" },
    { "new", PF_BOOL, true, 0, PT_NONE, NULL, "agreed in this round" },
    END
};

static const proto_field_t r_report [] = {
    { "partner", PF_PARTNER, true, 0, PT_NONE, NULL, "who reported" },
    { "agreement", PF_ID, false, 0, PT_NONE, NULL, "agreement reported on" },
    { "status", PF_LINE, true, PROTO_MAX_TAXON_BYTES, PT_NONE, NULL, "reported status" },
    { "note", PF_LINE, false, PROTO_MAX_NOTE_BYTES, PT_NONE, NULL, "note" },
    END
};

static const proto_field_t f_minutes [] = {
    { "round", PF_ID, true, 0, PT_NONE, NULL, "the round" },
    { "number", PF_UINT, true, 1000, PT_NONE, NULL, "round number for this household" },
    { "at", PF_TIME, true, 0, PT_NONE, NULL, "when it was held" },
    { "regisseur", PF_PARTNER, true, 0, PT_NONE, NULL, "the chair" },
    { "invited", PF_PARTNERS, true, PROTO_MAX_LIST_PARTNERS, PT_NONE, NULL, "invited" },
    { "present", PF_PARTNERS, true, PROTO_MAX_LIST_PARTNERS, PT_NONE, NULL, "present" },
    { "reports", PF_RECORDS, true, PROTO_MAX_LIST_ITEMS, PT_NONE, r_report, "reports received" },
    { "agreements", PF_RECORDS, true, PROTO_MAX_LIST_ITEMS, PT_NONE, r_agreement,
      "agreements with their status" },
    { "next", PF_TIME, false, 0, PT_NONE, NULL, "proposed date of the next round" },
    { "partners", PF_RECORDS, false, PROTO_MAX_LIST_PARTNERS, PT_NONE, r_partner,
      "the partners the minutes name, with their names (the hub's certificates)" },
    END
};

static const proto_type_t s_types [] = {
    [PROTO_TYPE_SIGNAL] = { "signal", PROTO_T_SUBJECT, PROTO_ROLE_SIGNAL, f_signal,
      N_("a partner's concern about a household") },
    [PROTO_TYPE_REFERRAL] = { "referral", PROTO_T_SUBJECT, PROTO_ROLE_REFER, f_referral,
      N_("refer a household to a regie team") },
    [PROTO_TYPE_CLAIM] = { "claim", PROTO_T_SUBJECT, PROTO_ROLE_INTAKE, f_claim,
      N_("intake accepts: claim regie (the hub runs the regiecheck in the same transaction)") },
    [PROTO_TYPE_DECLINE] = { "decline", PROTO_T_SUBJECT, PROTO_ROLE_INTAKE, f_decline,
      N_("intake declines a referral with a contra-indication") },
    [PROTO_TYPE_REGIECHECK] = { "regiecheck", PROTO_T_SUBJECT | PROTO_T_QUERY, ROLES_ANY, f_none,
      N_("is regie over this household held, and by whom?") },
    [PROTO_TYPE_PHASE] = { "phase", PROTO_T_SUBJECT, PROTO_ROLE_REGIE, f_phase,
      N_("the regisseur moves the household to another phase") },
    [PROTO_TYPE_TRANSFER] = { "transfer", PROTO_T_SUBJECT, PROTO_ROLE_REGIE | PROTO_ROLE_INTAKE, f_transfer,
      N_("hand regie to another team (warme overdracht)") },
    [PROTO_TYPE_RELEASE] = { "release", PROTO_T_SUBJECT, PROTO_ROLE_REGIE | PROTO_ROLE_INTAKE, f_note_required,
      N_("close regie; the follow-up window starts") },
    [PROTO_TYPE_LINK] = { "link", PROTO_T_SUBJECT, PROTO_ROLE_REGIE | PROTO_ROLE_INTAKE, f_link,
      N_("link a member or address to the household") },
    [PROTO_TYPE_MOVE] = { "move", PROTO_T_SUBJECT, PROTO_ROLE_REGIE, f_move,
      N_("the household moved to a new address") },
    [PROTO_TYPE_UNLINK] = { "unlink", PROTO_T_SUBJECT, PROTO_ROLE_REGIE | PROTO_ROLE_INTAKE, f_unlink,
      N_("take a member or address off the household (linked by mistake)") },
    [PROTO_TYPE_CONSENT] = { "consent", PROTO_T_SUBJECT, PROTO_ROLE_REGIE, f_consent,
      N_("record the basis for sharing with one partner") },
    [PROTO_TYPE_CONSENT_WITHDRAW] = { "consent_withdraw", PROTO_T_SUBJECT, PROTO_ROLE_REGIE, f_consent_withdraw,
      N_("withdraw the basis for one partner, at once") },
    [PROTO_TYPE_PRIORITY] = { "priority", PROTO_T_SUBJECT, PROTO_ROLE_INTAKE, f_priority,
      N_("put a household on or off the priority list") },
    [PROTO_TYPE_MATCH_CONFIRM] = { "match_confirm", 0, ROLES_ANY, f_match_confirm,
      N_("confirm that contact was made on a match, or that regie exists") },
    [PROTO_TYPE_ROUND] = { "round", PROTO_T_SUBJECT, PROTO_ROLE_REGIE, f_round,
      N_("schedule a coordination round") },
    [PROTO_TYPE_PROGRESS] = { "progress", 0, ROLES_ANY, f_progress,
      N_("a partner's progress report before a round") },
    [PROTO_TYPE_ROUND_HELD] = { "round_held", 0, PROTO_ROLE_REGIE, f_round_held,
      N_("the round was held: attendance; the hub produces the minutes") },
    [PROTO_TYPE_AGREEMENT] = { "agreement", PROTO_T_SUBJECT, PROTO_ROLE_REGIE, f_agreement,
      N_("record an agreement: who, what, by when") },
    [PROTO_TYPE_AGREEMENT_ACCEPT] = { "agreement_accept", 0, ROLES_ANY, f_agreement_accept,
      N_("the owner accepts an agreement with its own signature") },
    [PROTO_TYPE_AGREEMENT_STATUS] = { "agreement_status", 0, ROLES_ANY, f_agreement_status,
      N_("mark an agreement done or stagnated (owner) or withdrawn (regisseur)") },
    [PROTO_TYPE_ESCALATION_RESOLVE] = { "escalation_resolve", 0, PROTO_ROLE_ESCALATION, f_escalation_resolve,
      N_("close an escalation with a note") },
    [PROTO_TYPE_HOUSEHOLD] = { "household", PROTO_T_SUBJECT | PROTO_T_QUERY, ROLES_ANY, f_none,
      N_("the household as far as the asking partner may see it") },
    [PROTO_TYPE_MINUTES_REQUEST] = { "minutes_request", PROTO_T_QUERY, ROLES_ANY, f_round_ref,
      "ask for a round's minutes again" },
    [PROTO_TYPE_TEAM_REPORT] = { "team_report", PROTO_T_QUERY, ROLES_TEAM, f_team_report,
      N_("the regie team's view: its figures and open escalations") },
    [PROTO_TYPE_DEPUTY] = { "deputy", 0, PROTO_ROLE_REGIE | PROTO_ROLE_ESCALATION, f_deputy,
      N_("name a deputy (vervanger) for an absent casemanager, for a period") },
    [PROTO_TYPE_DEPUTY_END] = { "deputy_end", 0, PROTO_ROLE_REGIE | PROTO_ROLE_ESCALATION, f_deputy_end,
      N_("end a deputy's period early: the casemanager is back") },
    [PROTO_TYPE_ACK] = { "ack", PROTO_T_LINK, ROLES_ANY, f_ack,
      "delivery acknowledgement: stored up to seq" },
    [PROTO_TYPE_AUDIT_SINCE] = { "audit_since", PROTO_T_LINK | PROTO_T_QUERY, ROLES_ANY, f_audit_since,
      "ask for the audit entry digests from a sequence on" },
    /* hub-authored */
    [PROTO_TYPE_REGIECHECK_ANSWER] = { "regiecheck_answer", PROTO_T_HUB, 0, f_regiecheck_answer,
      "the answer to a regiecheck (re = the question)" },
    [PROTO_TYPE_NOTICE] = { "notice", PROTO_T_HUB, 0, f_notice,
      "the hub tells a partner something: match, reminder, escalation, ..." },
    [PROTO_TYPE_MINUTES] = { "minutes", PROTO_T_HUB, 0, f_minutes,
      "the minutes of a coordination round" },
    [PROTO_TYPE_REPORT] = { "report", PROTO_T_HUB, 0, f_report,
      "the answer to team_report" },
};

#define TYPE_COUNT (sizeof s_types / sizeof s_types [0])
_Static_assert (TYPE_COUNT == PROTO_TYPE_COUNT, "every type code has its row");

proto_type_code_t
proto_type_code (const proto_type_t *type)
{
    return (proto_type_code_t) (type - s_types);
}

const proto_type_t *
proto_type_find (const char *name, size_t len)
{
    for (size_t i = 0; i < TYPE_COUNT; i++)
        if (strlen (s_types [i].name) == len && memcmp (s_types [i].name, name, len) == 0)
            return &s_types [i];
    return NULL;
}

const proto_type_t *
proto_types_all (size_t *count)
{
    *count = TYPE_COUNT;
    return s_types;
}

const proto_field_t *
proto_type_field (const proto_type_t *type, const char *name)
{
    for (const proto_field_t *f = type->fields; f->name; f++)
        if (strcmp (f->name, name) == 0)
            return f;
    return NULL;
}

/* ---- taxonomies ------------------------------------------------------- */

typedef struct {
    const char *name;
    bool configurable;
    const char *defaults;
} list_info_t;

static const list_info_t s_lists [PT_COUNT] = {
    [PT_NONE]             = { "", false, "" },
    [PT_LEEFGEBIED]       = { "leefgebied", true,
        "gezin,huisvesting,opleiding,werk,financien,gezondheid,sociale_omgeving,"
        "vrijetijdsbesteding,politie_justitie" },
    [PT_SEVERITY]         = { "severity", false, "zorg,ernstig,acuut" },
    [PT_GROUND]           = { "ground", true,
        "geweld,verwaarlozing,psychische_problemen,verslaving,schoolverzuim,"
        "financiele_problemen,geen_vaste_woonplaats,criminele_activiteiten" },
    [PT_SIGNAL_KIND]      = { "signal_kind", true,
        "huurachterstand,ontruimingsdreiging,energieschuld,schoolverzuim,"
        "huiselijke_onrust,justitie_contact,overlast,zorgmijding,anders" },
    [PT_PHASE]            = { "phase", true,
        "aangemeld,intake,contact,plan,uitvoering,afsluiting,coordinatie,gesloten" },
    [PT_DECLINE_REASON]   = { "decline_reason", true,
        "dakloos,enkelvoudige_oorzaak,ernstige_psychiatrie,gemotiveerd_voor_regulier,"
        "gedwongen_kader_nodig,acute_crisis,onveilig_voor_kinderen" },
    [PT_BASIS]            = { "basis", true,
        "toestemming,wettelijke_taak,rechterlijke_uitspraak,convenant" },
    [PT_MATCH_OUTCOME]    = { "match_outcome", false, "contact_gelegd,regie_bestaat" },
    [PT_AGREEMENT_STATUS] = { "agreement_status", false, "done,stagnated,withdrawn" },
    [PT_PROGRESS_STATUS]  = { "progress_status", false, "on_track,done,stagnated,not_started" },
    [PT_NOTICE_KIND]      = { "notice_kind", false,
        "routed,unlinked,joined,history,moved,address_unlinked,member_elsewhere,person_unlinked,"
        "person_elsewhere,acute,match,match_seen,match_reminder,priority,regie_assigned,"
        "referral_accepted,continuity,regie_transferred,regie_released,consent,consent_ended,"
        "invitation,next_round,last_round,care_taken_over,report_missing,reports_missing,"
        "agreement_reminder,agreement_overdue,agreement_unaccepted,stagnation,escalation,"
        "acute_unseen,signal_unseen,signal_seen,escalation_resolved,deputy_named,deputy_ended" },
    [PT_REF_KIND]         = { "ref_kind", false, "person,address" },
    [PT_ESCALATION_REASON] = { "escalation_reason", false,
        "stagnation_twice,agreement_overdue,match_unconfirmed,invitation_ignored" },
    [PT_AGREEMENT_KIND]   = { "agreement_kind", false, "continuity" },
};

const char *
proto_list_name (proto_list_t list)
{
    return list > PT_NONE && list < PT_COUNT ? s_lists [list].name : "";
}

proto_list_t
proto_list_by_name (const char *name)
{
    for (int i = PT_NONE + 1; i < PT_COUNT; i++)
        if (strcmp (s_lists [i].name, name) == 0)
            return (proto_list_t) i;
    return PT_NONE;
}

void
proto_taxonomy_clear (proto_taxonomy_t *tax)
{
    for (int l = 0; l < PT_COUNT; l++) {
        for (size_t i = 0; i < tax->count [l]; i++)
            free (tax->terms [l][i]);
        tax->count [l] = 0;
    }
}

static int
s_taxonomy_fill (proto_taxonomy_t *tax, proto_list_t list, const char *csv,
                 char *err, size_t errlen)
{
    char *fresh [PROTO_MAX_TERMS];
    size_t count = 0;
    const char *p = csv;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        size_t n = 0;
        while (p [n] && p [n] != ',' && p [n] != ' ')
            n++;
        const char *bad = NULL;
        if (n > PROTO_MAX_TAXON_BYTES)
            bad = "is longer than allowed";
        for (size_t i = 0; i < n && !bad; i++)
            if (!((p [i] >= 'a' && p [i] <= 'z') || (p [i] >= '0' && p [i] <= '9') || p [i] == '_'))
                bad = "may only hold a-z, 0-9 and _";
        for (size_t i = 0; i < count && !bad; i++)
            if (strlen (fresh [i]) == n && memcmp (fresh [i], p, n) == 0)
                bad = "is listed twice";
        if (!bad && count == PROTO_MAX_TERMS)
            bad = "is one term too many";
        if (bad) {
            snprintf (err, errlen, "%s: term \"%.*s\" %s", s_lists [list].name,
                      (int) (n > 60 ? 60 : n), p, bad);
            for (size_t i = 0; i < count; i++)
                free (fresh [i]);
            return -1;
        }
        fresh [count] = strndup (p, n);
        if (!fresh [count]) {
            for (size_t i = 0; i < count; i++)
                free (fresh [i]);
            snprintf (err, errlen, "out of memory");
            return -1;
        }
        count++;
        p += n;
    }
    if (count == 0) {
        snprintf (err, errlen, "%s: the list is empty", s_lists [list].name);
        return -1;
    }
    for (size_t i = 0; i < tax->count [list]; i++)
        free (tax->terms [list][i]);
    memcpy (tax->terms [list], fresh, count * sizeof fresh [0]);
    tax->count [list] = count;
    return 0;
}

void
proto_taxonomy_defaults (proto_taxonomy_t *tax)
{
    char err [128];
    memset (tax, 0, sizeof *tax);
    for (int l = PT_NONE + 1; l < PT_COUNT; l++) {
        int rc = s_taxonomy_fill (tax, (proto_list_t) l, s_lists [l].defaults, err, sizeof err);
        (void) rc;      /* the defaults are ours and valid (tested) */
    }
}

int
proto_taxonomy_set (proto_taxonomy_t *tax, proto_list_t list, const char *csv,
                    char *err, size_t errlen)
{
    if (list <= PT_NONE || list >= PT_COUNT) {
        snprintf (err, errlen, "unknown list");
        return -1;
    }
    if (!s_lists [list].configurable) {
        snprintf (err, errlen, "the list %s is fixed by the protocol", s_lists [list].name);
        return -1;
    }
    return s_taxonomy_fill (tax, list, csv, err, errlen);
}

int
proto_taxonomy_index (const proto_taxonomy_t *tax, proto_list_t list, const char *term, size_t len)
{
    if (list <= PT_NONE || list >= PT_COUNT)
        return -1;
    for (size_t i = 0; i < tax->count [list]; i++)
        if (strlen (tax->terms [list][i]) == len && memcmp (tax->terms [list][i], term, len) == 0)
            return (int) i;
    return -1;
}

void
proto_taxonomy_format (char *out, size_t outlen, const proto_taxonomy_t *tax, proto_list_t list)
{
    size_t used = 0;
    if (outlen == 0)
        return;
    out [0] = 0;
    if (list <= PT_NONE || list >= PT_COUNT)
        return;
    for (size_t i = 0; i < tax->count [list] && used < outlen; i++) {
        int n = snprintf (out + used, outlen - used, "%s%s", i ? ", " : "", tax->terms [list][i]);
        if (n < 0)
            break;
        used += (size_t) n;
    }
}

/* ---- validation ------------------------------------------------------- */

static proto_result_t s_fields_validate (const proto_field_t *fields, const msgpack_object *map,
                                         const proto_taxonomy_t *tax, const char **field);

static proto_result_t
s_str_check (const msgpack_object *v, uint32_t min, uint32_t max, bool newlines)
{
    if (v->type != MSGPACK_OBJECT_STR)
        return PROTO_WRONG_TYPE;
    if (v->via.str.size > max)
        return PROTO_FIELD_TOO_LONG;
    if (v->via.str.size < min)
        return PROTO_BAD_VALUE;
    if (!proto_utf8_valid ((const uint8_t *) v->via.str.ptr, v->via.str.size, newlines))
        return PROTO_BAD_VALUE;
    return PROTO_OK;
}

static proto_result_t
s_value_validate (const proto_field_t *f, const msgpack_object *v, const proto_taxonomy_t *tax,
                  const char **field)
{
    proto_result_t rc;
    switch (f->kind) {
        case PF_TEXT:
            return s_str_check (v, 1, f->max, true);
        case PF_LINE:
            return s_str_check (v, 1, f->max, false);
        case PF_TERM:
            if ((rc = s_str_check (v, 1, PROTO_MAX_TAXON_BYTES, false)) != PROTO_OK)
                return rc;
            if (tax && proto_taxonomy_index (tax, f->list, v->via.str.ptr, v->via.str.size) < 0)
                return PROTO_NOT_IN_LIST;
            return PROTO_OK;
        case PF_PARTNER:
            if (v->type != MSGPACK_OBJECT_STR)
                return PROTO_WRONG_TYPE;
            if (v->via.str.size > PROTO_MAX_PARTNER_ID_BYTES)
                return PROTO_FIELD_TOO_LONG;
            return proto_partner_id_valid (v->via.str.ptr, v->via.str.size)
                 ? PROTO_OK : PROTO_BAD_VALUE;
        case PF_PARTNERS:
            if (v->type != MSGPACK_OBJECT_ARRAY)
                return PROTO_WRONG_TYPE;
            if (v->via.array.size > f->max)
                return PROTO_TOO_MANY;
            if (v->via.array.size == 0)
                return PROTO_BAD_VALUE;
            for (uint32_t i = 0; i < v->via.array.size; i++) {
                const msgpack_object *e = &v->via.array.ptr [i];
                if (e->type != MSGPACK_OBJECT_STR)
                    return PROTO_WRONG_TYPE;
                if (e->via.str.size > PROTO_MAX_PARTNER_ID_BYTES)
                    return PROTO_FIELD_TOO_LONG;
                if (!proto_partner_id_valid (e->via.str.ptr, e->via.str.size))
                    return PROTO_BAD_VALUE;
                for (uint32_t j = 0; j < i; j++)
                    if (proto_obj_str_eq (&v->via.array.ptr [j], e))
                        return PROTO_BAD_VALUE;
            }
            return PROTO_OK;
        case PF_ID:
        case PF_REF:
        case PF_DIGEST: {
            uint32_t want = f->kind == PF_ID ? PROTO_ID_BYTES : PROTO_REF_BYTES;
            if (v->type != MSGPACK_OBJECT_BIN)
                return PROTO_WRONG_TYPE;
            return v->via.bin.size == want ? PROTO_OK : PROTO_BAD_VALUE;
        }
        case PF_TIME:
            if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
                return PROTO_WRONG_TYPE;
            return v->via.u64 >= PROTO_TIME_MIN_MS && v->via.u64 <= PROTO_TIME_MAX_MS
                 ? PROTO_OK : PROTO_BAD_VALUE;
        case PF_UINT:
            if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
                return PROTO_WRONG_TYPE;
            return v->via.u64 <= f->max ? PROTO_OK : PROTO_BAD_VALUE;
        case PF_BOOL:
            return v->type == MSGPACK_OBJECT_BOOLEAN ? PROTO_OK : PROTO_WRONG_TYPE;
        case PF_BIN:
            if (v->type != MSGPACK_OBJECT_BIN)
                return PROTO_WRONG_TYPE;
            return v->via.bin.size <= f->max ? PROTO_OK : PROTO_FIELD_TOO_LONG;
        case PF_RECORDS:
            if (v->type != MSGPACK_OBJECT_ARRAY)
                return PROTO_WRONG_TYPE;
            if (v->via.array.size > f->max)
                return PROTO_TOO_MANY;
            for (uint32_t i = 0; i < v->via.array.size; i++) {
                const msgpack_object *e = &v->via.array.ptr [i];
                if (e->type != MSGPACK_OBJECT_MAP)
                    return PROTO_WRONG_TYPE;
                if ((rc = s_fields_validate (f->sub, e, tax, field)) != PROTO_OK)
                    return rc;
            }
            return PROTO_OK;
    }
    return PROTO_INTERNAL;
}

static proto_result_t
s_fields_validate (const proto_field_t *fields, const msgpack_object *map,
                   const proto_taxonomy_t *tax, const char **field)
{
    if (map->type != MSGPACK_OBJECT_MAP)
        return PROTO_WRONG_TYPE;
    const msgpack_object_kv *kv = map->via.map.ptr;
    uint32_t n = map->via.map.size;
    /* keys: strings, bounded, unique (maps are small: pairwise is cheap)   */
    for (uint32_t i = 0; i < n; i++) {
        if (kv [i].key.type != MSGPACK_OBJECT_STR)
            return PROTO_WRONG_TYPE;
        if (kv [i].key.via.str.size > PROTO_MAX_KEY_BYTES)
            return PROTO_FIELD_TOO_LONG;
        for (uint32_t j = 0; j < i; j++)
            if (proto_obj_str_eq (&kv [j].key, &kv [i].key))
                return PROTO_DUPLICATE_KEY;
    }
    for (const proto_field_t *f = fields; f->name; f++) {
        const msgpack_object *v = proto_obj_map_get (map, f->name);
        if (field)
            *field = f->name;
        if (!v) {
            if (f->required)
                return PROTO_MISSING_FIELD;
            continue;
        }
        proto_result_t rc = s_value_validate (f, v, tax, field);
        if (rc != PROTO_OK)
            return rc;
    }
    if (field)
        *field = NULL;
    return PROTO_OK;
}

/*  Rules that span fields, stated in PROTOCOL.md.                           */
static proto_result_t
s_cross_validate (const proto_type_t *type, const msgpack_object *body, const char **field)
{
    if (strcmp (type->name, "signal") == 0) {
        const msgpack_object *informed = proto_obj_map_get (body, "informed");
        if (informed && !informed->via.boolean
        &&  !proto_obj_map_get (body, "not_informed_reason")) {
            if (field)
                *field = "not_informed_reason";
            return PROTO_MISSING_FIELD;
        }
    }
    else
    if (strcmp (type->name, "link") == 0 || strcmp (type->name, "unlink") == 0) {
        if (!proto_obj_map_get (body, "person") && !proto_obj_map_get (body, "address")) {
            if (field)
                *field = "person";
            return PROTO_MISSING_FIELD;
        }
    }
    else
    if (strcmp (type->name, "agreement_status") == 0) {
        const msgpack_object *status = proto_obj_map_get (body, "status");
        if (status && status->via.str.size == 9
        &&  memcmp (status->via.str.ptr, "stagnated", 9) == 0
        &&  !proto_obj_map_get (body, "note")) {
            if (field)
                *field = "note";
            return PROTO_MISSING_FIELD;
        }
    }
    else
    if (strcmp (type->name, "consent") == 0) {
        const msgpack_object *from = proto_obj_map_get (body, "from");
        const msgpack_object *until = proto_obj_map_get (body, "until");
        if (from && until && until->via.u64 <= from->via.u64) {
            if (field)
                *field = "until";
            return PROTO_BAD_VALUE;
        }
    }
    return PROTO_OK;
}

proto_result_t
proto_body_validate (const proto_type_t *type, const msgpack_object *body,
                     const proto_taxonomy_t *tax, const char **field)
{
    if (field)
        *field = "body";
    proto_result_t rc = s_fields_validate (type->fields, body, tax, field);
    if (rc != PROTO_OK)
        return rc;
    return s_cross_validate (type, body, field);
}
