/*  agent_limits.h - every size, count and time the agent accepts or uses.

    The agent reads from four kinds of outside: the command line, JSON lines
    on its control socket, its configuration file and frames from the hub.
    Each is checked against the names below before it is used. Protocol
    limits (field sizes, frame sizes) live in proto_limits.h; these are the
    agent's own. A bare number in an agent .c file is a bug.
*/
#ifndef AGENT_LIMITS_H_INCLUDED
#define AGENT_LIMITS_H_INCLUDED

#include "proto_limits.h"

/*  Files and paths                                                         */
#define AGENT_MAX_PATH              1024    /* a path we build or accept      */
#define AGENT_MAX_EVIDENCE_SAME_NAME 100    /* evidence files of one name and
                                               second (BASE-2.json ...)      */
#define AGENT_MAX_CONFIG_BYTES      65536   /* agent.conf                     */
#define AGENT_MAX_ENDPOINT_BYTES    256     /* tcp://host:port                */
#define AGENT_MAX_CLOCK_FILE_BYTES  64      /* the test clock's offset file   */
#define AGENT_MAX_CSV_BYTES         4096    /* a taxonomy list in agent.conf  */
#define AGENT_MAX_PARTNER_NAMES     256     /* names in agent.conf's partners */

/*  The hub's refusals and notes                                           */
#define AGENT_ARGS_JSON_BYTES       2048    /* their arguments as JSON text:
                                               PROTO_ARGS_POOL_BYTES escaped,
                                               keys and ISO times            */

/*  The command line                                                        */
#define AGENT_MAX_ARG_BYTES         4096    /* one command-line argument      */
#define AGENT_MAX_ARGS              128     /* arguments to one command       */
#define AGENT_MAX_LABEL_BYTES       80      /* a local household label        */
#define AGENT_MAX_LABELS            10000   /* labels kept in agent.db        */
#define AGENT_MIN_ID_PREFIX         32      /* message ids are given in full  */

/*  The control socket (JSON lines)                                         */
#define AGENT_MAX_REQUEST_BYTES     16384   /* one request line               */
#define AGENT_MAX_RESPONSE_BYTES    4194304 /* one answer line (inbox dumps)  */
#define AGENT_MAX_CLIENTS           32      /* connections at once            */
#define AGENT_MAX_PENDING           256     /* requests waiting on the hub    */
#define AGENT_MAX_JSON_DEPTH        4       /* nesting in one request         */
#define AGENT_MAX_JSON_KEYS         48      /* keys in one request object     */

/*  Listing                                                                 */
#define AGENT_INBOX_DEFAULT_LIMIT   50      /* rows shown by `regie inbox`    */
#define AGENT_INBOX_MAX_LIMIT       10000
#define AGENT_SUMMARY_CHARS         60      /* summary column in tables       */

/*  Timing (milliseconds), defaults; agent.conf may change them within
    the MIN/MAX bounds                                                      */
#define AGENT_HEARTBEAT_IVL_MS      5000
#define AGENT_HEARTBEAT_TIMEOUT_MS  15000
#define AGENT_HEARTBEAT_TTL_MS      30000
#define AGENT_RECONNECT_IVL_MS      500
#define AGENT_RECONNECT_IVL_MAX_MS  30000
#define AGENT_RESEND_AFTER_MS       5000    /* no receipt: send again         */
#define AGENT_TS_WINDOW_MS          300000  /* the hub's timestamp window     */
#define AGENT_WAIT_MS               10000   /* a command waits this long      */
#define AGENT_TICK_MS               500     /* the daemon's timer             */
#define AGENT_LINGER_MS             0       /* the outbox keeps everything    */
#define AGENT_TIMING_MIN_MS         10
#define AGENT_TIMING_MAX_MS         3600000
#define AGENT_WAIT_MAX_MS           600000

/*  Batches                                                                 */
#define AGENT_BURST_MAX             256     /* frames read before committing  */
#define AGENT_RESEND_BATCH          1024    /* outbox rows sent per pass      */
#define AGENT_STORE_BUSY_MS         5000    /* sqlite busy timeout            */

/*  The web view (agent_web.h)                                              */
#define AGENT_MAX_WEB_LISTEN_BYTES  64      /* web/listen "HOST:PORT"         */
#define AGENT_WEB_IDLE_S            900     /* a session lives 15 min idle    */
#define AGENT_WEB_IDLE_MIN_S        60
#define AGENT_WEB_IDLE_MAX_S        86400
#define AGENT_WEB_MAX_BODY_BYTES    16384   /* a form's body                  */
#define AGENT_WEB_MAX_CONNECTIONS   64      /* browsers at once               */
#define AGENT_WEB_CONN_TIMEOUT_S    30      /* an idle HTTP connection        */
#define AGENT_WEB_MAX_SESSIONS      256     /* sessions held at once          */
#define AGENT_WEB_FAILS_TO_LOCK     5       /* failed logins before a lock    */
#define AGENT_WEB_LOCK_S            900     /* how long the lock holds        */
#define AGENT_WEB_LOGIN_RATE        30      /* login attempts per window ...  */
#define AGENT_WEB_LOGIN_WINDOW_S    60      /* ... per client address         */
#define AGENT_WEB_RATE_SLOTS        64      /* client addresses tracked       */
#define AGENT_WEB_POSTVAK_LIMIT     500     /* messages the Postvak shows     */
#define AGENT_WEB_MAX_TLS_BYTES     65536   /* a certificate or key file      */
#define AGENT_MAX_USER_BYTES        64      /* a user name                    */
#define AGENT_MIN_PASSWORD_BYTES    10      /* a password's length ...        */
#define AGENT_MAX_PASSWORD_BYTES    256     /* ... bounds                     */
#define AGENT_MAX_USERS             10000   /* people of one agent            */
#define AGENT_MAX_NAMES_BYTES       500     /* names kept with a label        */
#define AGENT_WEB_SEARCH_BYTES      80      /* Mijn huishoudens' search       */
#define AGENT_WEB_CASE_MAX_REFS     32      /* refs of one household kept     */
#define AGENT_WEB_CASE_MAX          2000    /* households in one caseload     */
#define AGENT_WEB_CASE_MAX_FACTS    200000  /* messages it reads at most      */
#define AGENT_WEB_CASE_KEY_HEX      12      /* hex of a household's page key  */

/*  regie audit check: pages of digests it walks at most in one check.      */
#define AGENT_AUDIT_MAX_PAGES   1000
#define AGENT_AUDIT_CHECK_MS    3600000 /* the daemon checks the hub's audit chain hourly */
#define AGENT_AUDIT_CHECK_MAX_MS 86400000

#endif
