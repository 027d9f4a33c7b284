/*  hub_config.h - the hub's configuration file (hub.conf, CZMQ ZPL format).

    Every value is checked against its limit when loaded; a bad file is
    refused as a whole with a sentence naming the file, the key as the file
    spells it and the problem (in the language set up, proto_lang.h), so a
    running hub keeps its old configuration when a reload fails. Paths in
    the file are relative to the file's directory.
*/
#ifndef HUB_CONFIG_H_INCLUDED
#define HUB_CONFIG_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <limits.h>
#include "proto_types.h"
#include "proto_lang.h"

/*  Defaults and bounds (hub.conf keys in brackets).                          */
#define HUB_DEFAULT_ENDPOINT        "tcp://127.0.0.1:7400"
#define HUB_DEFAULT_WINDOW_S        300     /* [hub/time_window] seconds      */
#define HUB_MAX_WINDOW_S            86400
#define HUB_DEFAULT_BATCH           1024    /* [hub/batch_max] per commit     */
#define HUB_MAX_BATCH               8192
#define HUB_DEFAULT_RATE            500     /* [hub/rate] msgs/s per partner  */
#define HUB_DEFAULT_BURST           5000    /* [hub/burst] bucket size        */
#define HUB_MAX_RATE                1000000
#define HUB_DEFAULT_WINDOW_DELIVER  1024    /* [hub/delivery_window] in flight */
#define HUB_MAX_WINDOW_DELIVER      65536
#define HUB_DEFAULT_HEARTBEAT_MS    5000    /* [hub/heartbeat] ms             */
#define HUB_MAX_CONFIG_BYTES        65536
#define HUB_MAX_ENDPOINT            256
#define HUB_MAX_TEAMS               64
#define HUB_MAX_VERIFIERS           8       /* [hub/verifiers] threads        */

/*  A regie team's intake, for routing signals without a regisseur.          */
typedef struct {
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];     /* the team id            */
    char intake [PROTO_MAX_PARTNER_ID_BYTES + 1];   /* its intake partner     */
    char escalation [PROTO_MAX_PARTNER_ID_BYTES + 1]; /* its escalation partner */
} hub_team_t;

typedef struct {
    char path [PATH_MAX];               /* the file itself                    */
    char dir [PATH_MAX];                /* its directory                      */
    char endpoint [HUB_MAX_ENDPOINT];
    char identity [PATH_MAX];           /* hub.secret                         */
    char certs [PATH_MAX];              /* directory of partner certificates  */
    char store [PATH_MAX];              /* hub.db                             */
    char control [PATH_MAX];            /* ipc control socket path            */
    char clock_file [PATH_MAX];         /* test clock offset file, or ""      */
    bool syslog;
    bool verbose;
    char language [8];                  /* what people read: nl, en          */
    uint32_t time_window_s;
    uint32_t batch_max;
    uint32_t rate;
    uint32_t burst;
    uint32_t delivery_window;
    uint32_t heartbeat_ms;
    uint32_t verifiers;                 /* verification threads (0 = inline)  */
    /* workflows */
    uint32_t match_window_days;         /* signals of 2+ partners within      */
    uint32_t match_deadline_days;       /* working days to confirm a match    */
    uint32_t follow_up_days;            /* after closing, signals still reach */
    uint32_t signal_expiry_days;        /* unused signals expire              */
    uint32_t history_days;              /* archive without content            */
    uint32_t continuity_days;           /* introducing partner available again */
    uint32_t round_interval_days;       /* between coordination rounds        */
    uint32_t max_rounds;
    uint32_t reminder_days;             /* before an agreement is due         */
    /* minutes a signal of each severity may wait for its recipient's agent
       before the team is told (0: never); HUB_SEVERITIES' order             */
    uint32_t unseen_minutes [3];
    char coordination_phase [PROTO_MAX_TAXON_BYTES + 1];
    char opening_kinds [256];           /* signal kinds that open a door      */
    hub_team_t teams [HUB_MAX_TEAMS];
    size_t team_count;
    char default_team [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_taxonomy_t taxonomy;
} hub_config_t;

/*  The severities unseen_minutes is kept for, in its order.                  */
#define HUB_SEVERITIES      { "acuut", "ernstig", "zorg" }

/*  Loads and checks path. Returns a new config or NULL with err.            */
hub_config_t *hub_config_load (const char *path, char *err, size_t errlen);
void hub_config_destroy (hub_config_t **self_p);

/*  Writes a commented default configuration for a hub to path, a new file,
    durably (proto_file.h). 0, or -1 with err.                               */
int hub_config_write_default (const char *path, const char *endpoint, char *err, size_t errlen);

/*  A configured team by id, or NULL; the default team (NULL if none).      */
const hub_team_t *hub_config_team (const hub_config_t *self, const char *team_id);
const hub_team_t *hub_config_default_team (const hub_config_t *self);

#endif
