/*  hub_limits.h - every bound and period of the hub's workflows, named once.

    The transport and pipeline bounds live with their modules (hub_router.h,
    hub_config.h for what hub.conf may set); the protocol's own limits in
    proto_limits.h. What is here are the numbers the workflows decide by:
    how long a deadline runs, how many rows a timer takes per tick, how many
    items an answer lists. Each is a default of the method, not a law; where
    a municipality must be able to set one, it moves to hub.conf.
*/
#ifndef HUB_LIMITS_H_INCLUDED
#define HUB_LIMITS_H_INCLUDED

#include "proto_limits.h"

#define HUB_DAY_MS                  (24ULL * 3600 * 1000)

/* ---- timers (the table of hub_timers.c) ---------------------------------- */
#define HUB_TIMER_INTERVAL_MS       1000    /* how often each timer looks      */
#define HUB_RETENTION_INTERVAL_MS   60000   /* how often retention looks       */
#define HUB_UNSEEN_INTERVAL_MS      10000   /* ... and for signals not received */
#define HUB_TICK_BATCH              64      /* due match parties per tick      */
#define HUB_TICK_AGREEMENTS         64      /* due agreements per timer, per tick */

/* ---- signals, matches, escalations (hub_regie) --------------------------- */
#define HUB_MATCH_ESCALATE_DAYS     5       /* working days after the deadline */
#define HUB_MAX_MATCH_PARTIES       PROTO_MAX_LIST_PARTNERS
#define HUB_JOIN_MAX_TOLD           8       /* former recipients a join tells
                                               where a ref's signals go now   */

/* ---- rounds and agreements (hub_rounds, hub_agreements) ------------------ */
#define HUB_CHASE_DAYS              3       /* unaccepted agreement chased after */
#define HUB_REPORT_DAYS             2       /* progress reports asked before a round */
#define HUB_TICK_ROUNDS             64      /* rounds asked for reports per tick */
#define HUB_STAGNATIONS_ESCALATE    2       /* stagnation reports on one agreement
                                               that escalate it               */
#define HUB_HELD_MAX_AGE_DAYS       365     /* a round recorded as held longer ago
                                               than this is a typing error    */

/* ---- reports (hub_report) ------------------------------------------------ */
#define HUB_REPORT_MAX_OPEN         200     /* open escalations listed in a team report */
#define HUB_DEPUTY_MAX_DAYS         92      /* a deputy stands in for one period of at most */

#endif
