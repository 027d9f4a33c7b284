/*  hub_store_report.c - the report repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_report_signals_per_leefgebied (hub_store_t *store, uint64_t from, uint64_t until,
                                         const char *team, hub_report_count_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, report, report_signals_per_leefgebied, from, until, team, fn, arg);
}

int
hub_store_report_signals_per_partner (hub_store_t *store, uint64_t from, uint64_t until,
                                      const char *team, hub_report_count_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, report, report_signals_per_partner, from, until, team, fn, arg);
}

int
hub_store_report_households_per_phase (hub_store_t *store, const char *team,
                                       hub_report_count_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, report, report_households_per_phase, team, fn, arg);
}

int
hub_store_report_caseload_per_casemanager (hub_store_t *store, const char *team,
                                           hub_report_count_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, report, report_caseload_per_casemanager, team, fn, arg);
}

int
hub_store_report_referrals (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                            hub_referral_figures_t *out)
{
    HUB_STORE_CALL (store, report, report_referrals, from, until, team, out);
}

int
hub_store_report_agreements (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                             hub_agreement_figures_t *out)
{
    HUB_STORE_CALL (store, report, report_agreements, from, until, team, out);
}

int
hub_store_report_rounds (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                         hub_round_figures_t *out)
{
    HUB_STORE_CALL (store, report, report_rounds, from, until, team, out);
}

int
hub_store_report_escalations (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                              hub_escalation_figures_t *out)
{
    HUB_STORE_CALL (store, report, report_escalations, from, until, team, out);
}

int
hub_store_report_matches (hub_store_t *store, uint64_t from, uint64_t until, const char *team,
                          hub_match_figures_t *out)
{
    HUB_STORE_CALL (store, report, report_matches, from, until, team, out);
}

int
hub_store_report_open_escalations (hub_store_t *store, const char *team, size_t max,
                                   hub_open_escalation_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, report, report_open_escalations, team, max, fn, arg);
}
