/*  hub_store_report.h - the figures the reports count, read from the store.

    The operator's aggregates (regiehub report) and a team's own report
    (team_report) count rows and add up durations; they never read a
    person's data or a message's content, and nothing here returns any.
    This repository is the one place that knows which rows make a figure,
    so that the two reports and any later backend count the same way.

    Every figure is scoped by team: NULL counts every household; a team
    counts the households it holds or holds in follow-up (former_team),
    except the figures marked "held now", which count only what the team
    holds. Periods are [from, until) in ms; figures marked "now" ignore the
    period. Functions return 0 / -1 (store error); the strings handed to a
    callback are valid only during the call.
*/
#ifndef HUB_STORE_REPORT_H_INCLUDED
#define HUB_STORE_REPORT_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

/*  One key of a breakdown and how many rows it has; key is NULL for rows
    that have none. fn returns 0 to go on, -1 to stop (the listing then
    returns -1).                                                              */
typedef int (hub_report_count_fn) (void *arg, const char *key, int64_t count);

/*  Signals received in the period, per leefgebied, in key order.            */
HUB_STORE_MUST_CHECK int
hub_store_report_signals_per_leefgebied (hub_store_t *store, uint64_t from, uint64_t until,
                                         const char *team, hub_report_count_fn *fn, void *arg);

/*  Signals received in the period, per sending partner, in key order.       */
HUB_STORE_MUST_CHECK int
hub_store_report_signals_per_partner (hub_store_t *store, uint64_t from, uint64_t until,
                                      const char *team, hub_report_count_fn *fn, void *arg);

/*  Households per phase, now (households without a phase not counted).      */
HUB_STORE_MUST_CHECK int
hub_store_report_households_per_phase (hub_store_t *store, const char *team,
                                       hub_report_count_fn *fn, void *arg);

/*  Households per casemanager, held now.                                    */
HUB_STORE_MUST_CHECK int
hub_store_report_caseload_per_casemanager (hub_store_t *store, const char *team,
                                           hub_report_count_fn *fn, void *arg);

/*  Referrals decided in the period; team is the team referred to.           */
typedef struct {
    int64_t accepted;
    int64_t declined;
    int64_t accepted_ms;                /* sum over the accepted of referral to acceptance */
} hub_referral_figures_t;

HUB_STORE_MUST_CHECK int
hub_store_report_referrals (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                            hub_referral_figures_t *out);

typedef struct {
    int64_t due;                        /* due in the period, not withdrawn  */
    int64_t done_on_time;               /* of those, done by their due date  */
    int64_t stagnations;                /* reported stagnated in the period  */
    int64_t overdue_now;                /* overdue now, held now             */
} hub_agreement_figures_t;

HUB_STORE_MUST_CHECK int
hub_store_report_agreements (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                             hub_agreement_figures_t *out);

typedef struct {
    int64_t due;                        /* planned in the period             */
    int64_t held;                       /* held in the period                */
} hub_round_figures_t;

HUB_STORE_MUST_CHECK int
hub_store_report_rounds (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                         hub_round_figures_t *out);

/*  Escalations; team is the escalation's own team.                          */
typedef struct {
    int64_t raised;                     /* raised in the period              */
    int64_t open;                       /* not resolved, now                 */
} hub_escalation_figures_t;

HUB_STORE_MUST_CHECK int
hub_store_report_escalations (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                              hub_escalation_figures_t *out);

/*  Matches made in the period and their parties; team is the match's.      */
typedef struct {
    int64_t made;
    int64_t parties_unconfirmed;        /* no contact confirmed (yet)        */
    int64_t parties_escalated;
} hub_match_figures_t;

HUB_STORE_MUST_CHECK int
hub_store_report_matches (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                          hub_match_figures_t *out);

/*  An escalation of the team that waits for a decision.                     */
typedef struct {
    bool has_id;                        /* false for a row without a valid id */
    uint8_t escalation [PROTO_ID_BYTES];
    char reason [PROTO_MAX_TAXON_BYTES * 2];
    char to [PROTO_MAX_PARTNER_ID_BYTES + 1];   /* the team's escalation role */
    uint64_t created;
} hub_open_escalation_t;

typedef int (hub_open_escalation_fn) (void *arg, const hub_open_escalation_t *row);

/*  Calls fn for up to max unresolved escalations of team, oldest first. fn
    returns 0 to go on, -1 to stop (the listing then returns -1).            */
HUB_STORE_MUST_CHECK int
hub_store_report_open_escalations (hub_store_t *store, const char *team, size_t max,
                                   hub_open_escalation_fn *fn, void *arg);

#endif
