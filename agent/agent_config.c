/*  agent_config.c - agent.conf, the working directory's paths, the clock.
    See agent_config.h.                                                      */
#include "agent_config.h"
#include "proto_sign.h"
#include "proto_identity.h"
#include "proto_file.h"
#include "proto_msgpack.h"

#include <czmq.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

typedef struct {
    const char *name;
    size_t offset;          /* of the int in agent_config_t                  */
    int def, min, max;
} timing_t;

#define T(name, field, def, min, max) { name, offsetof (agent_config_t, field), def, min, max }
static const timing_t s_timings [] = {
    T ("heartbeat_ivl", heartbeat_ivl, AGENT_HEARTBEAT_IVL_MS, AGENT_TIMING_MIN_MS, AGENT_TIMING_MAX_MS),
    T ("heartbeat_timeout", heartbeat_timeout, AGENT_HEARTBEAT_TIMEOUT_MS, AGENT_TIMING_MIN_MS,
       AGENT_TIMING_MAX_MS),
    T ("heartbeat_ttl", heartbeat_ttl, AGENT_HEARTBEAT_TTL_MS, AGENT_TIMING_MIN_MS, AGENT_TIMING_MAX_MS),
    T ("reconnect_ivl", reconnect_ivl, AGENT_RECONNECT_IVL_MS, AGENT_TIMING_MIN_MS, AGENT_TIMING_MAX_MS),
    T ("reconnect_ivl_max", reconnect_ivl_max, AGENT_RECONNECT_IVL_MAX_MS, AGENT_TIMING_MIN_MS,
       AGENT_TIMING_MAX_MS),
    T ("resend_after", resend_after, AGENT_RESEND_AFTER_MS, AGENT_TIMING_MIN_MS, AGENT_TIMING_MAX_MS),
    T ("ts_window", ts_window, AGENT_TS_WINDOW_MS, AGENT_TIMING_MIN_MS * 100, AGENT_TIMING_MAX_MS),
    T ("wait", wait, AGENT_WAIT_MS, 0, AGENT_WAIT_MAX_MS),
    T ("audit_check", audit_check, AGENT_AUDIT_CHECK_MS, 0, AGENT_AUDIT_CHECK_MAX_MS),
};
#undef T
#define TIMING_COUNT (sizeof s_timings / sizeof s_timings [0])

static const char *s_paths [] = { "hub", "hub_cert", "identity", "network_key", "clock_file" };
#define PATH_COUNT (sizeof s_paths / sizeof s_paths [0])

const char *
agent_config_default_dir (void)
{
    const char *dir = getenv ("REGIE_DIR");
    return dir && *dir ? dir : ".";
}

int
agent_endpoint_check (const char *endpoint, char *err, size_t errlen)
{
    size_t len = strnlen (endpoint, AGENT_MAX_ENDPOINT_BYTES + 1);
    if (len > AGENT_MAX_ENDPOINT_BYTES) {
        snprintf (err, errlen, _("the hub endpoint is longer than %d characters"),
                  AGENT_MAX_ENDPOINT_BYTES);
        return -1;
    }
    const char *colon = strrchr (endpoint, ':');
    if (strncmp (endpoint, "tcp://", 6) != 0 || len < 9 || !colon || colon < endpoint + 7) {
        snprintf (err, errlen, _("the hub endpoint must look like tcp://HOST:PORT"));
        return -1;
    }
    for (const char *p = endpoint + 6; p < colon; p++)
        if (!(isalnum ((unsigned char) *p) || *p == '.' || *p == '-' || *p == '_'
           || *p == '[' || *p == ']' || *p == ':')) {
            snprintf (err, errlen, _("the hub endpoint's host may hold only letters, digits, "
                                     "'.', '-', '_' (or an [IPv6] address)"));
            return -1;
        }
    char *end = NULL;
    errno = 0;
    long port = strtol (colon + 1, &end, 10);
    if (errno || !end || *end || colon [1] == 0 || port < 1 || port > 65535) {
        snprintf (err, errlen, _("the hub endpoint's port must be a number from 1 to 65535"));
        return -1;
    }
    return 0;
}

/*  dir/name, or name when it is absolute.                                   */
static int
s_resolve (char *out, size_t outlen, const char *dir, const char *name)
{
    int n = name [0] == '/' ? snprintf (out, outlen, "%s", name)
                            : snprintf (out, outlen, "%s/%s", dir, name);
    return n < 0 || (size_t) n >= outlen ? -1 : 0;
}

static int
s_parse_int (const char *text, int *value)
{
    char *end = NULL;
    errno = 0;
    long v = strtol (text, &end, 10);
    if (errno || !end || end == text || *end || v < INT_MIN || v > INT_MAX)
        return -1;
    *value = (int) v;
    return 0;
}

int
agent_web_listen_parse (agent_config_t *self, const char *value, char *err, size_t errlen)
{
    const char *colon = strrchr (value, ':');
    size_t len = strlen (value);
    if (len > AGENT_MAX_WEB_LISTEN_BYTES || !colon || colon == value) {
        snprintf (err, errlen, _("agent.conf: web/listen must look like 127.0.0.1:8470 "
                                 "(an address and a port)"));
        return -1;
    }
    char host [AGENT_MAX_WEB_LISTEN_BYTES + 1];
    size_t hlen = (size_t) (colon - value);
    memcpy (host, value, hlen);
    host [hlen] = 0;
    if (hlen > 2 && host [0] == '[' && host [hlen - 1] == ']') {
        memmove (host, host + 1, hlen - 2);
        host [hlen - 2] = 0;
    }
    unsigned char addr [16];
    bool v4 = inet_pton (AF_INET, host, addr) == 1;
    bool v6 = !v4 && inet_pton (AF_INET6, host, addr) == 1;
    int port;
    if ((!v4 && !v6) || s_parse_int (colon + 1, &port) || port < 1 || port > 65535) {
        snprintf (err, errlen, _("agent.conf: web/listen must look like 127.0.0.1:8470 "
                                 "(an IP address and a port from 1 to 65535)"));
        return -1;
    }
    snprintf (self->web_listen, sizeof self->web_listen, "%s", value);
    snprintf (self->web_host, sizeof self->web_host, "%s", host);
    self->web_port = port;
    self->web_loopback = v4 ? addr [0] == 127
                            : memcmp (addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
    return 0;
}

/*  One setting of the web section.                                          */
static int
s_web_item (agent_config_t *self, const char *dir, const char *name, const char *value,
            char *err, size_t errlen)
{
    if (strcmp (name, "listen") == 0)
        return *value ? agent_web_listen_parse (self, value, err, errlen) : 0;
    if (strcmp (name, "idle") == 0) {
        int v;
        if (s_parse_int (value, &v) || v < AGENT_WEB_IDLE_MIN_S || v > AGENT_WEB_IDLE_MAX_S) {
            snprintf (err, errlen, _("agent.conf: web/idle must be a whole number of seconds "
                                     "from %d to %d"), AGENT_WEB_IDLE_MIN_S, AGENT_WEB_IDLE_MAX_S);
            return -1;
        }
        self->web_idle = v;
        return 0;
    }
    if (strcmp (name, "cert") == 0 || strcmp (name, "key") == 0) {
        char *target = name [0] == 'c' ? self->web_cert : self->web_key;
        if (*value && s_resolve (target, AGENT_MAX_PATH, dir, value)) {
            snprintf (err, errlen, _("agent.conf: web/%s is too long"), name);
            return -1;
        }
        return 0;
    }
    snprintf (err, errlen, _("agent.conf: unknown setting web/%.40s (known: listen, idle, cert, "
                             "key)"), name);
    return -1;
}

agent_config_t *
agent_config_parse (const char *dir, const char *text, char *err, size_t errlen)
{
    if (strlen (text) > AGENT_MAX_CONFIG_BYTES) {
        snprintf (err, errlen, _("agent.conf is larger than %d bytes"), AGENT_MAX_CONFIG_BYTES);
        return NULL;
    }
    if (strnlen (dir, AGENT_MAX_PATH) >= AGENT_MAX_PATH - 32) {
        snprintf (err, errlen, _("the directory path is too long"));
        return NULL;
    }
    zconfig_t *root = zconfig_str_load (text);
    if (!root) {
        snprintf (err, errlen, _("agent.conf is not valid ZPL (see the line reported above)"));
        return NULL;
    }
    agent_config_t *self = (agent_config_t *) calloc (1, sizeof *self);
    if (!self) {
        zconfig_destroy (&root);
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    snprintf (self->dir, sizeof self->dir, "%s", dir);
    snprintf (self->conf_path, sizeof self->conf_path, "%s/agent.conf", dir);
    snprintf (self->db_path, sizeof self->db_path, "%s/agent.db", dir);
    snprintf (self->sock_path, sizeof self->sock_path, "%s/agent.sock", dir);
    for (size_t i = 0; i < TIMING_COUNT; i++)
        *(int *) ((char *) self + s_timings [i].offset) = s_timings [i].def;
    proto_taxonomy_defaults (&self->tax);
    self->web_idle = AGENT_WEB_IDLE_S;
    snprintf (self->language, sizeof self->language, "%s", proto_lang_name (PROTO_LANG_NL));
    const char *values [PATH_COUNT] = { "", "hub.cert", "identity.secret", "network.key", "" };
    int rc = 0;

    for (zconfig_t *section = zconfig_child (root); section && rc == 0;
         section = zconfig_next (section)) {
        const char *sname = zconfig_name (section);
        bool agent = strcmp (sname, "agent") == 0;
        bool taxonomy = strcmp (sname, "taxonomy") == 0;
        bool partners = strcmp (sname, "partners") == 0;
        bool web = strcmp (sname, "web") == 0;
        if (!agent && !taxonomy && !partners && !web) {
            snprintf (err, errlen, _("agent.conf: unknown section \"%.40s\" (known: agent, "
                                     "taxonomy, partners, web)"), sname);
            rc = -1;
            break;
        }
        for (zconfig_t *item = zconfig_child (section); item && rc == 0; item = zconfig_next (item)) {
            const char *name = zconfig_name (item);
            const char *value = zconfig_value (item);
            if (!value)
                value = "";
            if (zconfig_child (item)) {
                snprintf (err, errlen, _("agent.conf: %s/%.40s may not have children"), sname, name);
                rc = -1;
                break;
            }
            if (partners) {
                if (!proto_partner_id_valid (name, strlen (name))
                ||  strlen (name) > PROTO_MAX_PARTNER_ID_BYTES) {
                    snprintf (err, errlen, _("agent.conf: partners/%.40s is not a partner id"), name);
                    rc = -1;
                }
                else
                if (!*value || strlen (value) > PROTO_MAX_NAME_BYTES
                ||  !proto_utf8_valid ((const uint8_t *) value, strlen (value), false)) {
                    snprintf (err, errlen, _("agent.conf: partners/%s must be a name of 1 to %d "
                                             "bytes on one line"), name, PROTO_MAX_NAME_BYTES);
                    rc = -1;
                }
                else
                if (self->partner_count == AGENT_MAX_PARTNER_NAMES) {
                    snprintf (err, errlen, _("agent.conf: partners names more than %d partners"),
                              AGENT_MAX_PARTNER_NAMES);
                    rc = -1;
                }
                else {
                    agent_partner_name_t *p = &self->partners [self->partner_count++];
                    snprintf (p->id, sizeof p->id, "%s", name);
                    snprintf (p->name, sizeof p->name, "%s", value);
                }
                continue;
            }
            if (web) {
                rc = s_web_item (self, dir, name, value, err, errlen);
                continue;
            }
            if (taxonomy) {
                proto_list_t list = proto_list_by_name (name);
                if (list == PT_NONE) {
                    snprintf (err, errlen, _("agent.conf: taxonomy/%.40s is not a list name"), name);
                    rc = -1;
                }
                else
                if (strlen (value) > AGENT_MAX_CSV_BYTES) {
                    snprintf (err, errlen, _("agent.conf: taxonomy/%s is longer than %d bytes"),
                              name, AGENT_MAX_CSV_BYTES);
                    rc = -1;
                }
                else {
                    char why [256];
                    if (proto_taxonomy_set (&self->tax, list, value, why, sizeof why)) {
                        snprintf (err, errlen, _("agent.conf: taxonomy/%s"), why);
                        rc = -1;
                    }
                }
                continue;
            }
            bool known = false;
            if (strcmp (name, "language") == 0) {
                known = true;
                proto_lang_t lang;
                if (!proto_lang_parse (value, &lang) || strlen (value) > 5) {
                    snprintf (err, errlen, _("agent.conf: agent/language must be nl or en"));
                    rc = -1;
                }
                else
                    snprintf (self->language, sizeof self->language, "%s", proto_lang_name (lang));
            }
            for (size_t i = 0; i < PATH_COUNT && !known; i++)
                if (strcmp (name, s_paths [i]) == 0) {
                    known = true;
                    if (strlen (value) >= AGENT_MAX_PATH - strlen (dir) - 2) {
                        snprintf (err, errlen, _("agent.conf: agent/%s is too long"), name);
                        rc = -1;
                    }
                    values [i] = value;
                }
            for (size_t i = 0; i < TIMING_COUNT && !known; i++)
                if (strcmp (name, s_timings [i].name) == 0) {
                    known = true;
                    int v;
                    if (s_parse_int (value, &v) || v < s_timings [i].min || v > s_timings [i].max) {
                        snprintf (err, errlen, _("agent.conf: agent/%s must be a whole number of "
                                                 "milliseconds from %d to %d"), name,
                                  s_timings [i].min, s_timings [i].max);
                        rc = -1;
                    }
                    else
                        *(int *) ((char *) self + s_timings [i].offset) = v;
                }
            if (!known) {
                snprintf (err, errlen, _("agent.conf: unknown setting agent/%.40s"), name);
                rc = -1;
            }
        }
    }
    if (rc == 0) {
        if (!*values [0]) {
            snprintf (err, errlen, _("agent.conf: agent/hub (tcp://HOST:PORT) is not set"));
            rc = -1;
        }
        else
        if (agent_endpoint_check (values [0], err, errlen))
            rc = -1;
        else
            snprintf (self->hub_endpoint, sizeof self->hub_endpoint, "%s", values [0]);
    }
    if (rc == 0) {
        char *targets [] = { self->hub_cert, self->identity, self->network_key, self->clock_file };
        for (size_t i = 1; i < PATH_COUNT && rc == 0; i++) {
            if (!*values [i])
                continue;
            if (s_resolve (targets [i - 1], AGENT_MAX_PATH, dir, values [i])) {
                snprintf (err, errlen, _("agent.conf: agent/%s is too long"), s_paths [i]);
                rc = -1;
            }
        }
        if (rc == 0 && (!*self->hub_cert || !*self->identity || !*self->network_key)) {
            snprintf (err, errlen, _("agent.conf: hub_cert, identity and network_key may not be empty"));
            rc = -1;
        }
    }
    if (rc == 0 && (!*self->web_cert) != (!*self->web_key)) {
        snprintf (err, errlen, _("agent.conf: web/cert and web/key go together: set both or neither"));
        rc = -1;
    }
    if (rc == 0 && self->heartbeat_timeout < self->heartbeat_ivl) {
        snprintf (err, errlen, _("agent.conf: agent/heartbeat_timeout must be at least heartbeat_ivl"));
        rc = -1;
    }
    if (rc == 0 && self->reconnect_ivl_max < self->reconnect_ivl) {
        snprintf (err, errlen, _("agent.conf: agent/reconnect_ivl_max must be at least reconnect_ivl"));
        rc = -1;
    }
    zconfig_destroy (&root);
    if (rc) {
        agent_config_destroy (&self);
        return NULL;
    }
    return self;
}

agent_config_t *
agent_config_load (const char *dir, char *err, size_t errlen)
{
    char path [AGENT_MAX_PATH];
    if (snprintf (path, sizeof path, "%s/agent.conf", dir) >= (int) sizeof path) {
        snprintf (err, errlen, _("the directory path is too long"));
        return NULL;
    }
    FILE *file = fopen (path, "r");
    if (!file) {
        snprintf (err, errlen, _("cannot read %s: %s (is this an agent directory? "
                                 "create one with `regie init`)"), path, strerror (errno));
        return NULL;
    }
    char *text = (char *) malloc (AGENT_MAX_CONFIG_BYTES + 2);
    size_t n = text ? fread (text, 1, AGENT_MAX_CONFIG_BYTES + 1, file) : 0;
    fclose (file);
    if (!text) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    if (n > AGENT_MAX_CONFIG_BYTES) {
        free (text);
        snprintf (err, errlen, _("%s is larger than %d bytes"), path, AGENT_MAX_CONFIG_BYTES);
        return NULL;
    }
    text [n] = 0;
    if (memchr (text, 0, n)) {
        free (text);
        snprintf (err, errlen, _("%s holds a NUL byte"), path);
        return NULL;
    }
    agent_config_t *self = agent_config_parse (dir, text, err, errlen);
    free (text);
    return self;
}

void
agent_config_destroy (agent_config_t **self_p)
{
    if (self_p && *self_p) {
        proto_taxonomy_clear (&(*self_p)->tax);
        free (*self_p);
        *self_p = NULL;
    }
}

static const char s_template [] =
    "#   agent.conf - the regie agent of one partner (ZPL format).\n"
    "#   Paths are relative to this directory. Times are in milliseconds.\n"
    "#   After a change, restart `regie run`.\n"
    "\n"
    "agent\n"
    "    hub = \"%s\"                    #   the hub's endpoint\n"
    "    hub_cert = \"hub.cert\"         #   the hub's public certificate\n"
    "    identity = \"identity.secret\"  #   our keys (0600)\n"
    "    network_key = \"network.key\"   #   the network's pseudonym key (0600)\n"
    "    language = \"nl\"               #   what people read: nl or en (--lang, LANGUAGE override)\n"
    "#   heartbeat_ivl = %d           #   ZeroMQ heartbeat interval\n"
    "#   heartbeat_timeout = %d\n"
    "#   heartbeat_ttl = %d\n"
    "#   reconnect_ivl = %d            #   reconnect backoff: first wait ...\n"
    "#   reconnect_ivl_max = %d       #   ... doubling up to this\n"
    "#   resend_after = %d            #   no receipt after this long: send again\n"
    "#   ts_window = %d             #   the hub's timestamp window\n"
    "#   wait = %d                   #   how long a command waits for the hub\n"
    "#   audit_check = %d          #   how often the daemon checks the hub's audit chain (0: never)\n"
    "#   clock_file = \"clock\"          #   tests only: ms added to the wall clock\n"
    "\n"
    "#   The web view for the partner's staff (off while listen is not set).\n"
    "#   Add people first with `regie user add NAME --role ROLE`. An address\n"
    "#   other than 127.0.0.1 or [::1] needs cert and key (TLS).\n"
    "web\n"
    "#   listen = \"127.0.0.1:8470\"   #   address and port of the web view\n"
    "#   idle = 900                  #   seconds a login lasts without use\n"
    "#   cert = \"web.crt\"            #   TLS certificate (PEM)\n"
    "#   key = \"web.key\"             #   its key (PEM, 0600)\n"
    "\n"
    "#   Names of the network's partners as this partner's people know them,\n"
    "#   for the minutes and answers (ID = \"Name\"); a certificate or a notice\n"
    "#   of the hub names others.\n"
    "partners\n"
    "#   kredietbank = \"Kredietbank Utrecht\"\n"
    "\n"
    "#   The terms the network uses; must match the hub's configuration.\n"
    "#   Uncomment a line to replace a list (comma-separated, a-z 0-9 _).\n"
    "taxonomy\n";

int
agent_config_write (const char *path, const char *hub_endpoint, char *err, size_t errlen)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream (&text, &size);
    if (!mem) {
        snprintf (err, errlen, _("out of memory"));
        return -1;
    }
    fprintf (mem, s_template, hub_endpoint, AGENT_HEARTBEAT_IVL_MS, AGENT_HEARTBEAT_TIMEOUT_MS,
             AGENT_HEARTBEAT_TTL_MS, AGENT_RECONNECT_IVL_MS, AGENT_RECONNECT_IVL_MAX_MS,
             AGENT_RESEND_AFTER_MS, AGENT_TS_WINDOW_MS, AGENT_WAIT_MS, AGENT_AUDIT_CHECK_MS);
    proto_taxonomy_t tax;
    proto_taxonomy_defaults (&tax);
    for (int l = PT_NONE + 1; l < PT_COUNT; l++) {
        char why [8];
        char csv [AGENT_MAX_CSV_BYTES];
        size_t used = 0;
        csv [0] = 0;
        for (size_t i = 0; i < tax.count [l] && used < sizeof csv; i++)
            used += (size_t) snprintf (csv + used, sizeof csv - used, "%s%s", i ? "," : "",
                                       tax.terms [l][i]);
        /* only the lists a network may change are offered */
        if (proto_taxonomy_set (&tax, (proto_list_t) l, csv, why, sizeof why) == 0)
            fprintf (mem, "#   %s = \"%s\"\n", proto_list_name ((proto_list_t) l), csv);
    }
    proto_taxonomy_clear (&tax);
    fclose (mem);

    /* durable before `regie init` says the directory is ready              */
    int rc = proto_file_write (path, text, size, S_IRUSR | S_IWUSR, PROTO_FILE_NEW);
    if (rc)
        snprintf (err, errlen, _("cannot create %s: %s"), path, strerror (errno));
    free (text);
    return rc;
}

int
agent_clock_offset (const char *path, int64_t *offset)
{
    *offset = 0;
    FILE *file = fopen (path, "r");
    if (!file)
        return errno == ENOENT ? 0 : -1;
    char text [AGENT_MAX_CLOCK_FILE_BYTES + 1];
    size_t n = fread (text, 1, AGENT_MAX_CLOCK_FILE_BYTES, file);
    fclose (file);
    text [n] = 0;
    while (n > 0 && (text [n - 1] == '\n' || text [n - 1] == ' ' || text [n - 1] == '\r'))
        text [--n] = 0;
    if (n == 0)
        return 0;
    char *end = NULL;
    errno = 0;
    long long v = strtoll (text, &end, 10);
    if (errno || !end || *end)
        return -1;
    *offset = v;
    return 0;
}

uint64_t
agent_config_now_ms (const agent_config_t *self)
{
    uint64_t now = proto_now_ms ();
    if (self && self->clock_file [0]) {
        int64_t offset;
        if (agent_clock_offset (self->clock_file, &offset))
            zsys_warning ("clock file %s is not an integer; ignored", self->clock_file);
        else
        if (offset < 0 && (uint64_t) -offset > now)
            now = 0;
        else
            now = (uint64_t) ((int64_t) now + offset);
    }
    return now;
}
