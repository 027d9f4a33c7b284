/*  agent_config.h - the agent's working directory and its agent.conf.

    One partner, one directory (created 0700 by `regie init`):

      agent.conf       this configuration (ZPL, read with CZMQ zconfig)
      identity.secret  the partner's keys (0600), identity.cert its certificate
      hub.cert         the hub's public certificate
      network.key      the network's pseudonymisation key (0600)
      agent.db         outbox, inbox, labels, audit head (sqlite, WAL)
      agent.sock       the local control socket (JSON lines, 0600)

    Every value read from agent.conf is checked against agent_limits.h;
    unknown names are refused, so a typo never silently falls back to a
    default. The section `partners` is this partner's own directory of the
    network (ID = "Name"): the names its minutes and answers show for
    partners that no certificate or notice has named. The clock lives here too: with agent/clock_file set, "now" is
    the wall clock plus the milliseconds written in that file, re-read on
    every use, so tests can move through months in seconds.
*/
#ifndef AGENT_CONFIG_H_INCLUDED
#define AGENT_CONFIG_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "agent_limits.h"
#include "proto_types.h"
#include "proto_lang.h"

/*  A partner's name from agent.conf's partners section.                     */
typedef struct {
    char id [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char name [PROTO_MAX_NAME_BYTES + 1];
} agent_partner_name_t;

typedef struct {
    char dir [AGENT_MAX_PATH];
    char conf_path [AGENT_MAX_PATH];
    char hub_endpoint [AGENT_MAX_ENDPOINT_BYTES + 1];
    char hub_cert [AGENT_MAX_PATH];
    char identity [AGENT_MAX_PATH];         /* the .secret file              */
    char network_key [AGENT_MAX_PATH];
    char clock_file [AGENT_MAX_PATH];       /* "" = the wall clock           */
    char db_path [AGENT_MAX_PATH];
    char sock_path [AGENT_MAX_PATH];
    int heartbeat_ivl, heartbeat_timeout, heartbeat_ttl;
    int reconnect_ivl, reconnect_ivl_max;
    int resend_after, ts_window, wait;      /* ms                            */
    int audit_check;                        /* ms between chain checks; 0 off */
    /* the web view (agent_web.h): off while web/listen is "" */
    char web_listen [AGENT_MAX_WEB_LISTEN_BYTES + 1];   /* "127.0.0.1:8470" */
    char web_host [AGENT_MAX_WEB_LISTEN_BYTES + 1];     /* its address       */
    int web_port;
    bool web_loopback;                      /* the address is 127.x or ::1   */
    char web_cert [AGENT_MAX_PATH];         /* TLS certificate (PEM), or ""  */
    char web_key [AGENT_MAX_PATH];          /* its key (PEM, 0600), or ""    */
    int web_idle;                           /* seconds a session lives idle  */
    char language [8];                      /* what people read: nl (default), en */
    proto_taxonomy_t tax;
    agent_partner_name_t partners [AGENT_MAX_PARTNER_NAMES];
    size_t partner_count;
} agent_config_t;

/*  Reads DIR/agent.conf. Returns NULL with a sentence in err.               */
agent_config_t *agent_config_load (const char *dir, char *err, size_t errlen);

/*  Parses ZPL text as if it were DIR/agent.conf (for tests and load).       */
agent_config_t *agent_config_parse (const char *dir, const char *text, char *err, size_t errlen);

void agent_config_destroy (agent_config_t **self_p);

/*  Writes a fresh, commented agent.conf (0600, never overwrites).           */
int agent_config_write (const char *path, const char *hub_endpoint, char *err, size_t errlen);

/*  "now" in ms since 1970 UTC: the wall clock plus the test clock's offset
    when clock_file is set (a missing file counts as 0; a malformed one is
    logged and counts as 0).                                                 */
uint64_t agent_config_now_ms (const agent_config_t *self);

/*  Reads the offset in a clock file: 0, or -1 if malformed.                 */
int agent_clock_offset (const char *path, int64_t *offset);

/*  The default directory when -d is not given: $REGIE_DIR, else ".".       */
const char *agent_config_default_dir (void);

/*  Checks web/listen "HOST:PORT" (HOST an IPv4 address or [IPv6]) and fills
    web_host, web_port and web_loopback. 0 or -1 with err.                  */
int agent_web_listen_parse (agent_config_t *self, const char *value, char *err, size_t errlen);

/*  Checks a tcp endpoint "tcp://HOST:PORT". 0 or -1 with err.               */
int agent_endpoint_check (const char *endpoint, char *err, size_t errlen);

#endif
