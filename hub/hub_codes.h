/*  hub_codes.h - why the hub refused a message, and what it did with one.

    The hub decides, the reader renders. A refusal travels as a result code
    (proto_result.h), a reason code from the list below and its typed
    arguments (proto_args.h); a receipt item's note as a note code and its
    arguments. The hub writes no prose for people: the agent renders each
    code in its reader's language (agent/agent_render_result.h), and
    proto/PROTOCOL.md lists every code with its arguments and its English.

    Each code is a stable snake_case term: the list grows by appending, and
    a code is never renamed or given another meaning. Each reason code
    decides its result code, so a workflow names only the reason. The
    arguments listed with a code are the ones the hub sends with it (a
    partner comes with its display name and contact from its certificate,
    hub_args_partner); unit tests render every code from exactly these.
*/
#ifndef HUB_CODES_H_INCLUDED
#define HUB_CODES_H_INCLUDED

#include "proto_args.h"
#include "proto_result.h"

#define A_(k) PROTO_ARG_##k

/*  X (id, term, result, args...)                                            */
#define HUB_REASONS(X) \
    X (NOT_A_PARTNER, "not_a_partner", PROTO_NOT_FOUND, A_(PARTNER)) \
    X (INTRODUCER_NOT_A_PARTNER, "introducer_not_a_partner", PROTO_NOT_FOUND, A_(PARTNER)) \
    X (NO_BASIS_RECORDED, "no_basis_recorded", PROTO_NO_BASIS, A_(PARTNER), A_(NAME)) \
    X (BASIS_ENDED, "basis_ended", PROTO_NO_BASIS) \
    X (NO_CURRENT_BASIS, "no_current_basis", PROTO_NOT_FOUND, A_(PARTNER), A_(NAME)) \
    X (HOUSEHOLD_UNKNOWN, "household_unknown", PROTO_NOT_FOUND) \
    X (ROUND_NOT_IN_HOUSEHOLD, "round_not_in_household", PROTO_NOT_FOUND) \
    X (AGREEMENT_IN_STATUS, "agreement_in_status", PROTO_INVALID_STATE, A_(STATUS)) \
    X (AGREEMENT_ACCEPTED_ALREADY, "agreement_accepted_already", PROTO_INVALID_STATE) \
    X (AGREEMENT_NOT_ACCEPTED, "agreement_not_accepted", PROTO_INVALID_STATE) \
    X (AGREEMENT_NOT_WAITING, "agreement_not_waiting", PROTO_INVALID_STATE, A_(STATUS)) \
    X (AGREEMENT_FINISHED, "agreement_finished", PROTO_INVALID_STATE, A_(STATUS)) \
    X (AGREEMENT_NOT_KNOWN, "agreement_not_known", PROTO_NOT_FOUND) \
    X (AGREEMENT_NOT_YOURS, "agreement_not_yours", PROTO_NOT_FOUND) \
    X (ACCEPT_OWNER_ONLY, "accept_owner_only", PROTO_FORBIDDEN) \
    X (WITHDRAW_REGISSEUR_ONLY, "withdraw_regisseur_only", PROTO_FORBIDDEN) \
    X (MARK_OWNER_ONLY, "mark_owner_only", PROTO_FORBIDDEN, A_(STATUS)) \
    X (NO_STATUS_RULE, "no_status_rule", PROTO_BAD_VALUE, A_(STATUS)) \
    X (MATCH_NOT_YOURS, "match_not_yours", PROTO_NOT_FOUND) \
    X (MATCH_CONFIRMED_ALREADY, "match_confirmed_already", PROTO_INVALID_STATE) \
    X (ESCALATION_NOT_YOURS, "escalation_not_yours", PROTO_NOT_FOUND) \
    X (ESCALATION_RESOLVED_ALREADY, "escalation_resolved_already", PROTO_INVALID_STATE) \
    X (REGIE_HELD_ELSEWHERE, "regie_held_elsewhere", PROTO_CONFLICT, \
       A_(TEAM), A_(SINCE), A_(CASEMANAGER), A_(NAME), A_(CONTACT)) \
    X (REF_HELD_ELSEWHERE, "ref_held_elsewhere", PROTO_CONFLICT, \
       A_(REF), A_(TEAM), A_(SINCE), A_(CASEMANAGER), A_(NAME), A_(CONTACT)) \
    X (ADDRESS_HELD_ELSEWHERE, "address_held_elsewhere", PROTO_CONFLICT, \
       A_(TEAM), A_(SINCE), A_(CASEMANAGER), A_(NAME), A_(CONTACT)) \
    X (NOT_REGISSEUR, "not_regisseur", PROTO_NOT_FOUND) \
    X (OTHER_INTAKE, "other_intake", PROTO_NOT_FOUND) \
    X (REF_IN_OWN_HOUSEHOLD, "ref_in_own_household", PROTO_CONFLICT, A_(REF)) \
    X (REF_NOT_LINKED, "ref_not_linked", PROTO_NOT_FOUND, A_(REF)) \
    X (REF_LAST, "ref_last", PROTO_INVALID_STATE, A_(REF)) \
    X (PHASE_BACK_NEEDS_REASON, "phase_back_needs_reason", PROTO_MISSING_FIELD, \
       A_(FROM_PHASE), A_(PHASE)) \
    X (PHASE_ALREADY, "phase_already", PROTO_INVALID_STATE, A_(PHASE)) \
    X (NO_SUCH_TEAM, "no_such_team", PROTO_NOT_FOUND, A_(TEAM)) \
    X (NOT_A_CASEMANAGER, "not_a_casemanager", PROTO_NOT_FOUND, A_(CASEMANAGER), A_(TEAM)) \
    X (HOLDS_REGIE_ALREADY, "holds_regie_already", PROTO_INVALID_STATE, A_(CASEMANAGER), A_(TEAM)) \
    X (REFERRAL_DONE_ALREADY, "referral_done_already", PROTO_INVALID_STATE, A_(STATUS)) \
    X (REFERRAL_NOT_YOURS, "referral_not_yours", PROTO_NOT_FOUND) \
    X (REFERRAL_NOT_HERE, "referral_not_here", PROTO_NOT_FOUND) \
    X (NO_TEAM_IN_CERTIFICATE, "no_team_in_certificate", PROTO_FORBIDDEN) \
    X (REPORT_TOO_BIG, "report_too_big", PROTO_TOO_BIG) \
    X (NOT_INVITED, "not_invited", PROTO_NOT_FOUND) \
    X (NO_OWN_AGREEMENT_HERE, "no_own_agreement_here", PROTO_NOT_FOUND) \
    X (HELD_IN_FUTURE, "held_in_future", PROTO_BAD_VALUE, A_(AT)) \
    X (HELD_TOO_LONG_AGO, "held_too_long_ago", PROTO_BAD_VALUE, A_(AT), A_(DAYS)) \
    X (NOT_CHAIR, "not_chair", PROTO_NOT_FOUND) \
    X (ROUND_HELD_ALREADY, "round_held_already", PROTO_INVALID_STATE) \
    X (ROUND_NOT_YOURS, "round_not_yours", PROTO_NOT_FOUND) \
    X (TWO_FRAMES, "two_frames", PROTO_BAD_FRAMES) \
    X (SIGNATURE_FRAME, "signature_frame", PROTO_BAD_FRAMES) \
    X (NOT_ADMITTED, "not_admitted", PROTO_UNKNOWN_PARTNER) \
    X (TYPE_NOT_ALLOWED, "type_not_allowed", PROTO_FORBIDDEN, A_(ROLES), A_(TYPE)) \
    X (ACK_FROM_ONE, "ack_from_one", PROTO_BAD_VALUE) \
    X (MESSAGE_ID_USED, "message_id_used", PROTO_REPLAY) \
    X (CLOCK_SKEW, "clock_skew", PROTO_STALE, A_(SECONDS)) \
    X (STORE_UNAVAILABLE, "store_unavailable", PROTO_UNAVAILABLE) \
    X (NO_AUDIT_HEAD, "no_audit_head", PROTO_NOT_FOUND, A_(NUMBER)) \
    X (STORE_FULL, "store_full", PROTO_UNAVAILABLE) \
    X (DEPUTY_NOT_IN_TEAM, "deputy_not_in_team", PROTO_NOT_FOUND, A_(PARTNER), A_(NAME), A_(TEAM)) \
    X (DEPUTY_SELF, "deputy_self", PROTO_BAD_VALUE) \
    X (DEPUTY_OWN_ONLY, "deputy_own_only", PROTO_FORBIDDEN) \
    X (DEPUTY_UNTIL_BEFORE_FROM, "deputy_until_before_from", PROTO_BAD_VALUE) \
    X (DEPUTY_TOO_LONG, "deputy_too_long", PROTO_BAD_VALUE, A_(DAYS)) \
    X (DEPUTY_PERIOD_OVER, "deputy_period_over", PROTO_BAD_VALUE, A_(UNTIL)) \
    X (NO_DEPUTY, "no_deputy", PROTO_NOT_FOUND, A_(CASEMANAGER), A_(NAME))

/*  X (id, term, args...)                                                    */
#define HUB_NOTES(X) \
    X (STORED, "stored") \
    X (STORED_BEFORE, "stored_before") \
    X (ANSWERED, "answered") \
    X (SIGNAL_ROUTED_REGISSEUR, "signal_routed_regisseur", A_(TEAM)) \
    X (SIGNAL_ROUTED_FOLLOW_UP, "signal_routed_follow_up", A_(TEAM)) \
    X (SIGNAL_TO_INTAKE, "signal_to_intake", A_(TEAM)) \
    X (SIGNAL_UNROUTED, "signal_unrouted") \
    X (ACUTE_ROUTED_REGISSEUR, "acute_routed_regisseur", A_(TEAM)) \
    X (ACUTE_ROUTED_FOLLOW_UP, "acute_routed_follow_up", A_(TEAM)) \
    X (ACUTE_TO_INTAKE, "acute_to_intake", A_(TEAM)) \
    X (ACUTE_UNROUTED, "acute_unrouted") \
    X (REFERRED, "referred", A_(TEAM)) \
    X (DECLINED, "declined", A_(PARTNER), A_(NAME)) \
    X (REGIE_CLAIMED, "regie_claimed", A_(TEAM), A_(CASEMANAGER), A_(NAME)) \
    X (REGIE_STAYS, "regie_stays", A_(TEAM), A_(CASEMANAGER), A_(NAME)) \
    X (REGIE_TRANSFERRED, "regie_transferred", A_(TEAM), A_(CASEMANAGER), A_(NAME)) \
    X (REGIE_CLOSED, "regie_closed", A_(UNTIL)) \
    X (PHASE_MOVED, "phase_moved", A_(FROM_PHASE), A_(PHASE)) \
    X (LINKED, "linked") \
    X (LINKED_JOINED, "linked_joined", A_(COUNT)) \
    X (LINKED_JOINED_BOTH, "linked_joined_both", A_(COUNT)) \
    X (UNLINKED, "unlinked", A_(COUNT)) \
    X (MOVED, "moved") \
    X (MOVED_EARLIER, "moved_earlier", A_(COUNT)) \
    X (BASIS_RECORDED, "basis_recorded", A_(BASIS), A_(PARTNER), A_(NAME)) \
    X (BASIS_WITHDRAWN, "basis_withdrawn", A_(PARTNER), A_(NAME)) \
    X (PRIORITY_ON, "priority_on") \
    X (PRIORITY_OFF, "priority_off") \
    X (MATCH_CONFIRMED, "match_confirmed", A_(OUTCOME)) \
    X (MATCH_CONFIRMED_ALL, "match_confirmed_all", A_(OUTCOME)) \
    X (ESCALATION_RESOLVED, "escalation_resolved") \
    X (AGREEMENT_PROPOSED, "agreement_proposed", A_(PARTNER), A_(NAME), A_(DUE)) \
    X (AGREEMENT_ACCEPTED, "agreement_accepted") \
    X (AGREEMENT_MARKED, "agreement_marked", A_(STATUS)) \
    X (AGREEMENT_MARKED_LATE, "agreement_marked_late", A_(STATUS)) \
    X (ROUND_PLANNED, "round_planned", A_(NUMBER), A_(AT), A_(COUNT)) \
    X (PROGRESS_REPORTED, "progress_reported") \
    X (ROUND_HELD, "round_held", A_(NUMBER)) \
    X (ROUND_HELD_LAST, "round_held_last", A_(NUMBER)) \
    X (DEPUTY_NAMED, "deputy_named", A_(PARTNER), A_(NAME), A_(SINCE), A_(UNTIL)) \
    X (DEPUTY_ENDED, "deputy_ended", A_(PARTNER), A_(NAME))

#define HUB_CODE_ENUM_R(id, term, result, ...) HUB_R_##id,
#define HUB_CODE_ENUM_N(id, ...) HUB_N_##id,
typedef enum { HUB_REASONS (HUB_CODE_ENUM_R) HUB_REASON_COUNT } hub_reason_t;
typedef enum { HUB_NOTES (HUB_CODE_ENUM_N) HUB_NOTE_COUNT } hub_note_t;

/*  One code: its term, its result code (reasons; PROTO_OK for notes) and
    the arguments the hub sends with it.                                     */
typedef struct {
    const char *term;
    proto_result_t result;
    size_t nargs;
    proto_arg_key_t args [PROTO_ARGS_MAX];
} hub_code_t;

/*  The nth reason / note code, or NULL past the end (tests walk them).      */
const hub_code_t *hub_reason_code (size_t n);
const hub_code_t *hub_note_code (size_t n);

#endif
