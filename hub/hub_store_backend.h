/*  hub_store_backend.h - what a store backend provides, for backends only.

    The store's functions (hub_store.h and its repositories) are the same
    whatever keeps the data: each one checks for an injected fault and then
    calls the backend's function of the same name through these tables. A
    backend is one hub_store_backend_t with a table per repository; the
    OpenSMTPD queue backends have the same shape. Two are built in:

      hub_store_sqlite  the embedded default: one sqlite file in WAL mode,
                        with its WAL buffer, checkpoints, backup and restore
                        (hub_sqlite*.c, hub_walbuf, hub_checkpoint,
                        hub_restore)
      hub_store_mem     for unit tests: the sqlite backend's schema and
                        statements on a private in-memory database - no
                        file, no fsync, gone when closed

    A server database (PostgreSQL) is a third table set behind the same
    functions; nothing outside the store changes for it.

    A backend function receives the store handle and finds its own state
    with hub_store_impl. Its contract is the public function's, word for
    word; a backend must not call the public functions (the fault counter
    counts the caller's calls, not the backend's).

    Fault injection (hub_store_inject_fault in hub_store.h) lives here, in
    the dispatch, so that it proves every caller's error path against
    either backend.
*/
#ifndef HUB_STORE_BACKEND_H_INCLUDED
#define HUB_STORE_BACKEND_H_INCLUDED

#include "hub_store.h"
#include "hub_store_households.h"
#include "hub_store_signals.h"
#include "hub_store_rounds.h"
#include "hub_store_agreements.h"
#include "hub_store_report.h"
#include "hub_store_access.h"
#include "hub_store_retention.h"
#include "hub_store_inspect.h"

/*  The connection: transactions, messages, deliveries, batches, audit (hub_store.h).  */
typedef struct {
    int (*begin) (hub_store_t *store);
    int (*begin_read) (hub_store_t *store);
    int (*commit) (hub_store_t *store);
    void (*rollback) (hub_store_t *store);
    int (*savepoint) (hub_store_t *store);
    int (*release) (hub_store_t *store);
    void (*rollback_to) (hub_store_t *store);
    int (*find) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], hub_stored_t *out);
    int (*put) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], const char *author,
        const char *type, uint64_t ts, uint64_t received, const uint8_t digest [PROTO_DIGEST_BYTES],
        const uint8_t *envelope, size_t envelope_len, const uint8_t sig [PROTO_SIGNATURE_BYTES],
        uint64_t *seq);
    int (*last_seq) (hub_store_t *store, uint64_t *seq);
    int (*backup) (hub_store_t *store, const char *path, char *err, size_t errlen);
    int (*message_stats) (hub_store_t *store, uint64_t *count, uint64_t *bytes);
    int (*enqueue) (hub_store_t *store, const char *recipient, uint64_t seq);
    int (*ack) (hub_store_t *store, const char *recipient, uint64_t upto, uint64_t *removed);
    int (*pending) (hub_store_t *store, const char *recipient, uint64_t after, size_t limit,
        hub_delivery_fn *fn, void *arg);
    int (*queue_depth) (hub_store_t *store, const char *recipient, uint64_t *depth);
    int (*put_batch) (hub_store_t *store, const proto_batch_head_t *head, const uint8_t *head_bytes,
        size_t head_len, const uint8_t sig [PROTO_SIGNATURE_BYTES]);
    int (*last_batch) (hub_store_t *store, uint64_t *batch);
    int (*batch_by_audit) (hub_store_t *store, uint64_t lo, uint64_t hi, uint8_t *head,
        size_t *head_len, uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *audit_seq);
    int (*audit_put) (hub_store_t *store, const hub_audit_row_t *row);
    int (*audit_last) (hub_store_t *store, hub_audit_row_t *row);
    int (*audit_scan) (hub_store_t *store, uint64_t from, hub_audit_fn *fn, void *arg);
    int (*integrity) (hub_store_t *store, char *err, size_t errlen);
} hub_store_core_ops_t;

/*  Households, their refs, regie, phases, consent (hub_store_households.h).  */
typedef struct {
    int (*household_get) (hub_store_t *store, int64_t hh, hub_household_row_t *out);
    int (*household_of_ref) (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES], int64_t *hh);
    int (*household_create) (hub_store_t *store, uint64_t now, int64_t *hh);
    int (*household_ref_add) (hub_store_t *store, int64_t hh, const uint8_t ref [PROTO_REF_BYTES],
        const char *kind, uint64_t now);
    int (*household_ref_remove) (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES]);
    int (*household_ref_count) (hub_store_t *store, int64_t hh, int64_t *count);
    int (*household_subject) (hub_store_t *store, int64_t hh, uint8_t person [PROTO_REF_BYTES],
        uint8_t address [PROTO_REF_BYTES], bool *has_person, bool *has_address);
    int (*object_household) (hub_store_t *store, hub_object_t kind,
        const uint8_t id [PROTO_ID_BYTES], int64_t *hh);
    int (*household_related) (hub_store_t *store, int64_t hh, const char *partner);
    int (*household_referred) (hub_store_t *store, int64_t hh, uint64_t now);
    int (*household_set_priority) (hub_store_t *store, int64_t hh, bool on);
    int (*household_created_at_first_signal) (hub_store_t *store, int64_t hh);
    int (*household_claim) (hub_store_t *store, int64_t hh, const char *team,
        const char *casemanager, const char *phase, uint64_t now);
    int (*household_set_phase) (hub_store_t *store, int64_t hh, const char *phase, uint64_t now);
    int (*household_transfer) (hub_store_t *store, int64_t hh, const char *team,
        const char *casemanager, uint64_t now);
    int (*household_close) (hub_store_t *store, int64_t hh, const char *phase, uint64_t now,
        uint64_t follow_up_until);
    int (*households_end_follow_up) (hub_store_t *store, uint64_t now);
    int (*phase_log) (hub_store_t *store, int64_t hh, uint64_t ts, const char *phase,
        const char *team, const char *author, const char *reason);
    int (*household_join) (hub_store_t *store, int64_t into, int64_t other);
    int (*household_ref_retire) (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
        uint64_t until);
    int (*household_move) (hub_store_t *store, int64_t hh, const uint8_t address [PROTO_REF_BYTES],
        uint64_t now);
    int (*consent_covers) (hub_store_t *store, int64_t hh, const char *partner, uint64_t now);
    int (*consent_standing) (hub_store_t *store, int64_t hh, const char *partner, uint64_t now);
    int (*consent_partners) (hub_store_t *store, int64_t hh, uint64_t now,
        char (*partners) [PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max, size_t *count);
    int (*consent_record) (hub_store_t *store, int64_t hh, const char *partner, const char *basis,
        uint64_t from, uint64_t until, uint64_t now);
    int (*consent_withdraw) (hub_store_t *store, int64_t hh, const char *partner, uint64_t now);
    int (*deputy_set) (hub_store_t *store, const char *casemanager, const char *team,
        const char *deputy, uint64_t from, uint64_t until, const char *by, uint64_t now);
    int (*deputy_get) (hub_store_t *store, const char *casemanager, uint64_t now, bool running,
        char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1], uint64_t *from, uint64_t *until);
    int (*deputy_end) (hub_store_t *store, const char *casemanager, uint64_t now);
} hub_store_households_ops_t;

/*  Signals, matches, referrals, escalations, the archive (hub_store_signals.h).  */
typedef struct {
    int (*signal_add) (hub_store_t *store, const hub_signal_row_t *row);
    int (*signal_count) (hub_store_t *store, int64_t hh, int64_t *count);
    int (*signal_partners_since) (hub_store_t *store, int64_t hh, uint64_t since,
        hub_signal_party_t *out, size_t max, size_t *count);
    int (*signal_partners_involved) (hub_store_t *store, int64_t hh, hub_signal_party_t *out,
        size_t max, size_t *count);
    int (*signal_recipients) (hub_store_t *store, int64_t hh, const char *except, const char *also,
        char (*out) [PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max, size_t *count);
    int (*signal_envelopes) (hub_store_t *store, int64_t hh, hub_signal_envelope_fn *fn, void *arg);
    int (*signal_move) (hub_store_t *store, uint64_t seq, int64_t hh);
    int (*signals_part_of_case) (hub_store_t *store, int64_t hh);
    int (*signals_unseen) (hub_store_t *store, const char *severity, uint64_t before,
        hub_signal_unseen_t *out, size_t max, size_t *count);
    int (*signals_seen_late) (hub_store_t *store, hub_signal_unseen_t *out, size_t max,
        size_t *count);
    int (*signal_unseen_told) (hub_store_t *store, uint64_t seq, uint64_t now);
    int (*signal_seen_told) (hub_store_t *store, uint64_t seq, uint64_t now);
    int (*archive_untold) (hub_store_t *store, int64_t hh, hub_signal_party_t *out, size_t max,
        size_t *count);
    int (*archive_told) (hub_store_t *store, int64_t hh);
    int (*match_add) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES], int64_t hh,
        uint64_t created, uint64_t deadline, uint64_t escalate_at, const char *team);
    int (*match_party_add) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        const char *partner);
    int (*match_get) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        hub_match_row_t *out);
    int (*match_party) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        const char *partner, hub_match_party_t *out);
    int (*match_since_names) (hub_store_t *store, int64_t hh, const char *partner, uint64_t since);
    int (*match_since_names_all) (hub_store_t *store, int64_t hh, uint64_t since);
    int (*match_confirm_all) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        uint64_t now, const char *outcome);
    int (*match_confirm_party) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        const char *partner, uint64_t now, const char *outcome);
    int (*match_parties_to_remind) (hub_store_t *store, uint64_t now, hub_match_due_t *out,
        size_t max, size_t *count);
    int (*match_parties_to_escalate) (hub_store_t *store, uint64_t now, hub_match_due_t *out,
        size_t max, size_t *count);
    int (*match_party_reminded) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        const char *partner, uint64_t now);
    int (*match_party_escalated) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        const char *partner, uint64_t now);
    int (*referral_add) (hub_store_t *store, uint64_t seq, const uint8_t id [PROTO_ID_BYTES],
        int64_t hh, const char *team, const char *referrer, const char *introducer, uint64_t ts);
    int (*referral_get) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
        hub_referral_row_t *out);
    int (*referral_decline) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], uint64_t now,
        uint64_t seq);
    int (*referral_accept) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], uint64_t now);
    int (*continuity_agreement_add) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        int64_t hh, const char *introducer, const char *regisseur, uint64_t due, uint64_t now,
        uint64_t seq, const char *author);
    int (*escalation_add) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], int64_t hh,
        const char *team, const char *partner, const char *reason, const uint8_t *object,
        const char *history, uint64_t created);
    int (*escalation_raised_to) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
        const char *partner, const char *team, bool *open);
    int (*escalation_resolve) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], uint64_t now,
        const char *by, const char *note);
    int (*escalation_household) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], int64_t *hh);
} hub_store_signals_ops_t;

/*  Coordination rounds and their progress (hub_store_rounds.h).  */
typedef struct {
    int (*round_get) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], hub_round_t *out);
    int (*rounds_count) (hub_store_t *store, int64_t hh, int64_t *count);
    int (*round_add) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], int64_t hh,
        int64_t number, uint64_t at, const char *regisseur, const char *place, uint64_t created);
    int (*round_held) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], uint64_t held,
        uint64_t next);
    int (*round_reminded) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], uint64_t now);
    int (*rounds_report_due) (hub_store_t *store, uint64_t now, uint64_t within, hub_round_t *out,
        size_t max, size_t *count);
    int (*round_invite) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        const char *partner);
    int (*round_present) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        const char *partner);
    int (*round_partners) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        hub_round_which_t which, char out [][PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max,
        size_t *count);
    int (*round_invited) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        const char *partner);
    int (*round_participant) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        const char *partner);
    int (*round_unreported) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        char out [][PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max, size_t *count);
    int (*round_ignored) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        char out [][PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max, size_t *count);
    int (*progress_add) (hub_store_t *store, uint64_t seq, const uint8_t round [PROTO_ID_BYTES],
        const char *partner, const uint8_t *agreement, const char *status, const char *note,
        uint64_t ts);
    int (*progress_count) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], size_t max,
        size_t *count);
    int (*progress_list) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], size_t max,
        hub_progress_fn *fn, void *arg);
} hub_store_rounds_ops_t;

/*  Agreements and their history (hub_store_agreements.h).  */
typedef struct {
    int (*agreement_get) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        hub_agreement_t *out);
    int (*agreement_owned) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        const char *owner, int64_t hh);
    int (*agreement_propose) (hub_store_t *store, const hub_agreement_proposal_t *proposal);
    int (*agreement_accept) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        const char *status, uint64_t accepted_seq, uint64_t now);
    int (*agreement_set_status) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        const char *status, bool stagnated, uint64_t now);
    int (*agreement_log) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES], uint64_t ts,
        const char *status, const char *author, uint64_t seq, const char *note);
    int (*agreements_to_remind) (hub_store_t *store, uint64_t now, uint64_t within,
        hub_agreement_due_t *out, size_t max, size_t *count);
    int (*agreements_past_due) (hub_store_t *store, uint64_t now, hub_agreement_due_t *out,
        size_t max, size_t *count);
    int (*agreements_unaccepted) (hub_store_t *store, uint64_t now, uint64_t after,
        hub_agreement_due_t *out, size_t max, size_t *count);
    int (*agreements_still_overdue) (hub_store_t *store, uint64_t now, uint64_t after,
        hub_agreement_due_t *out, size_t max, size_t *count);
    int (*agreement_reminded) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        uint64_t now);
    int (*agreement_overdue) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        uint64_t now);
    int (*agreement_chased) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        uint64_t now);
    int (*agreement_escalated) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        uint64_t now);
    int (*agreements_listed_count) (hub_store_t *store, int64_t hh, size_t max, size_t *count);
    int (*agreements_listed) (hub_store_t *store, int64_t hh, const uint8_t round [PROTO_ID_BYTES],
        size_t max, hub_agreement_listed_fn *fn, void *arg);
} hub_store_agreements_ops_t;

/*  The figures and the minutes (hub_store_report.h).  */
typedef struct {
    int (*report_signals_per_leefgebied) (hub_store_t *store, uint64_t from, uint64_t until,
        const char *team, hub_report_count_fn *fn, void *arg);
    int (*report_signals_per_partner) (hub_store_t *store, uint64_t from, uint64_t until,
        const char *team, hub_report_count_fn *fn, void *arg);
    int (*report_households_per_phase) (hub_store_t *store, const char *team,
        hub_report_count_fn *fn, void *arg);
    int (*report_caseload_per_casemanager) (hub_store_t *store, const char *team,
        hub_report_count_fn *fn, void *arg);
    int (*report_referrals) (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
        hub_referral_figures_t *out);
    int (*report_agreements) (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
        hub_agreement_figures_t *out);
    int (*report_rounds) (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
        hub_round_figures_t *out);
    int (*report_escalations) (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
        hub_escalation_figures_t *out);
    int (*report_matches) (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
        hub_match_figures_t *out);
    int (*report_open_escalations) (hub_store_t *store, const char *team, size_t max,
        hub_open_escalation_fn *fn, void *arg);
} hub_store_report_ops_t;

/*  Need-to-know reads (hub_store_access.h).  */
typedef struct {
    int (*access_entries) (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
        hub_access_entry_fn *fn, void *arg);
} hub_store_access_ops_t;

/*  What retention counts and removes (hub_store_retention.h).  */
typedef struct {
    int (*retention_gather) (hub_store_t *store, const hub_retention_cutoffs_t *at,
        hub_retention_counts_t *counts);
    int (*retention_remove) (hub_store_t *store, const hub_retention_cutoffs_t *at);
} hub_store_retention_ops_t;

/*  Everything about one household or message (hub_store_inspect.h).  */
typedef struct {
    int (*inspect_household) (hub_store_t *store, int64_t hh, hub_inspect_household_t *out);
    int (*inspect_refs) (hub_store_t *store, int64_t hh, hub_inspect_ref_fn *fn, void *arg);
    int (*inspect_phases) (hub_store_t *store, int64_t hh, hub_inspect_phase_fn *fn, void *arg);
    int (*inspect_signals) (hub_store_t *store, int64_t hh, hub_inspect_signal_fn *fn, void *arg);
    int (*inspect_history) (hub_store_t *store, int64_t hh, hub_inspect_history_fn *fn, void *arg);
    int (*inspect_matches) (hub_store_t *store, int64_t hh, hub_inspect_match_fn *fn, void *arg);
    int (*inspect_match_parties) (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
        hub_inspect_party_fn *fn, void *arg);
    int (*inspect_referrals) (hub_store_t *store, int64_t hh, hub_inspect_referral_fn *fn,
        void *arg);
    int (*inspect_consent) (hub_store_t *store, int64_t hh, hub_inspect_consent_fn *fn, void *arg);
    int (*inspect_escalations) (hub_store_t *store, int64_t hh, hub_inspect_escalation_fn *fn,
        void *arg);
    int (*inspect_agreements) (hub_store_t *store, int64_t hh, hub_inspect_agreement_fn *fn,
        void *arg);
    int (*inspect_agreement_log) (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
        hub_inspect_log_fn *fn, void *arg);
    int (*inspect_rounds) (hub_store_t *store, int64_t hh, hub_inspect_round_fn *fn, void *arg);
    int (*inspect_round_partners) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        hub_inspect_invitee_fn *fn, void *arg);
    int (*inspect_progress) (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
        hub_inspect_progress_fn *fn, void *arg);
    int (*inspect_message) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
        hub_inspect_message_fn *fn, void *arg);
    int (*inspect_queued_for) (hub_store_t *store, uint64_t seq, hub_inspect_recipient_fn *fn,
        void *arg);
    int (*inspect_audit_of) (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
        hub_audit_fn *fn, void *arg);
} hub_store_inspect_ops_t;

struct hub_store_backend_t {
    const char *name;
    /*  Opens the backend's state at where (a path, or NULL for mem); NULL
        and err on failure.                                                   */
    void *(*open) (const char *where, char *err, size_t errlen);
    void (*close) (void *impl);
    /*  The backend's last error, for logs.                                   */
    const char *(*error) (hub_store_t *store);
    /*  Whether the last error was a full disk (or the store's size limit).   */
    bool (*full) (hub_store_t *store);
    const hub_store_core_ops_t *core;
    const hub_store_households_ops_t *households;
    const hub_store_signals_ops_t *signals;
    const hub_store_rounds_ops_t *rounds;
    const hub_store_agreements_ops_t *agreements;
    const hub_store_report_ops_t *report;
    const hub_store_access_ops_t *access;
    const hub_store_retention_ops_t *retention;
    const hub_store_inspect_ops_t *inspect;
};

/*  The handle every store function takes.                                   */
struct hub_store_t {
    const hub_store_backend_t *backend;
    void *impl;                         /* the backend's own state           */
    uint64_t calls;                     /* store calls made so far           */
    uint64_t fail_at;                   /* the call that fails; 0: none      */
    bool fail_on;                       /* every call from fail_at fails     */
    bool faulted;                       /* the last call was made to fail    */
};

/*  The backend's state.                                                     */
static inline void *
hub_store_impl (hub_store_t *store)
{
    return store->impl;
}

/*  Counts a call and says whether it is to fail (an injected fault).        */
static inline bool
hub_store_fault (hub_store_t *store)
{
    store->calls++;
    store->faulted = store->fail_at
        && (store->calls == store->fail_at || (store->fail_on && store->calls > store->fail_at));
    return store->faulted;
}

/*  The body of a dispatching function: fault, else the backend's.           */
#define HUB_STORE_CALL(store, repo, fn, ...) \
    return hub_store_fault (store) ? -1 : (store)->backend->repo->fn ((store), __VA_ARGS__)
#define HUB_STORE_CALL0(store, repo, fn) \
    return hub_store_fault (store) ? -1 : (store)->backend->repo->fn ((store))

#endif
