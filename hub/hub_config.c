/*  hub_config.c - loading and checking hub.conf (see hub_config.h).        */
#include "hub_config.h"
#include "proto_file.h"
#include "proto_identity.h"
#include <czmq.h>
#include <sys/stat.h>
#include <libgen.h>
#include <errno.h>
#include <unistd.h>

static int
s_path (char *out, const char *dir, const char *value, const char *key, char *err, size_t errlen)
{
    int n;
    if (value [0] == '/')
        n = snprintf (out, PATH_MAX, "%s", value);
    else
        n = snprintf (out, PATH_MAX, "%s/%s", dir, value);
    if (n < 0 || n >= PATH_MAX) {
        snprintf (err, errlen, _("%s: the path is too long"), key);
        return -1;
    }
    return 0;
}

/*  An unsigned number within [min, max]; absent = default.                  */
static int
s_uint (uint32_t *out, zconfig_t *root, const char *key, uint32_t def, uint32_t min,
        uint32_t max, char *err, size_t errlen)
{
    const char *v = zconfig_get (root, key, NULL);
    if (!v) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long n = strtoull (v, &end, 10);
    if (errno || end == v || *end || v [0] == '-' || n < min || n > max) {
        snprintf (err, errlen, _("%s: \"%.40s\" is not a number from %u to %u"), key, v, min, max);
        return -1;
    }
    *out = (uint32_t) n;
    return 0;
}

static int
s_str (char *out, size_t outlen, zconfig_t *root, const char *key, const char *def,
       char *err, size_t errlen)
{
    const char *v = zconfig_get (root, key, def);
    if (strlen (v) >= outlen) {
        snprintf (err, errlen, _("%s: the value is longer than %zu characters"), key, outlen - 1);
        return -1;
    }
    snprintf (out, outlen, "%s", v);
    return 0;
}

static int
s_bool (bool *out, zconfig_t *root, const char *key, bool def, char *err, size_t errlen)
{
    const char *v = zconfig_get (root, key, NULL);
    if (!v)
        *out = def;
    else
    if (streq (v, "1") || streq (v, "true") || streq (v, "yes") || streq (v, "ja"))
        *out = true;
    else
    if (streq (v, "0") || streq (v, "false") || streq (v, "no") || streq (v, "nee"))
        *out = false;
    else {
        snprintf (err, errlen, _("%s: \"%.20s\" is not yes or no"), key, v);
        return -1;
    }
    return 0;
}

/*  A partner id at key of node; where is the key as the file spells it
    ("teams/acm/intake").                                                    */
static int
s_partner (char *out, zconfig_t *node, const char *key, const char *where, bool required,
           char *err, size_t errlen)
{
    const char *v = zconfig_get (node, key, "");
    if (!*v && !required) {
        out [0] = 0;
        return 0;
    }
    if (!proto_partner_id_valid (v, strlen (v))) {
        snprintf (err, errlen, _("%s: \"%.40s\" is not a partner id (a-z, 0-9 and -, at most %d)"),
                  where, v, PROTO_MAX_PARTNER_ID_BYTES);
        return -1;
    }
    snprintf (out, PROTO_MAX_PARTNER_ID_BYTES + 1, "%s", v);
    return 0;
}

/*  The settings hub.conf may hold; a key that is none of them is refused,
    not ignored (a typo would otherwise leave a default in force unseen).
    taxonomy/ and teams/ are checked where they are read.                    */
static const char *s_known [] = {
    "hub/endpoint", "hub/identity", "hub/certs", "hub/store", "hub/control", "hub/clock_file",
    "hub/language", "hub/syslog", "hub/verbose", "hub/time_window", "hub/batch_max", "hub/rate",
    "hub/burst", "hub/delivery_window", "hub/heartbeat", "hub/verifiers",
    "regie/match_window", "regie/match_deadline", "regie/follow_up", "regie/signal_expiry",
    "regie/history", "regie/continuity", "regie/coordination_phase", "regie/opening_kinds",
    "regie/default_team", "rounds/interval", "rounds/max_rounds", "rounds/reminder",
    "unseen/acuut", "unseen/ernstig", "unseen/zorg",
};

static bool
s_known_key (const char *section, const char *key)
{
    char path [128];
    snprintf (path, sizeof path, "%s/%s", section, key);
    for (size_t i = 0; i < sizeof s_known / sizeof s_known [0]; i++)
        if (streq (s_known [i], path))
            return true;
    return false;
}

/*  0 when every section and key of root is one hub.conf knows; else -1 and
    err names the first that is not.                                         */
static int
s_check_keys (zconfig_t *root, char *err, size_t errlen)
{
    for (zconfig_t *sec = zconfig_child (root); sec; sec = zconfig_next (sec)) {
        const char *name = zconfig_name (sec);
        bool values = streq (name, "hub") || streq (name, "regie") || streq (name, "rounds")
                   || streq (name, "unseen");
        if (!values && !streq (name, "taxonomy") && !streq (name, "teams")) {
            snprintf (err, errlen, _("%.40s: there is no such section (hub, regie, rounds, unseen, "
                                     "teams, taxonomy)"), name);
            return -1;
        }
        for (zconfig_t *k = zconfig_child (sec); k; k = zconfig_next (k)) {
            if (values && !s_known_key (name, zconfig_name (k))) {
                snprintf (err, errlen, _("%s/%.40s: there is no such setting (see "
                                         "conf/hub.conf.example)"), name, zconfig_name (k));
                return -1;
            }
            if (streq (name, "teams"))
                for (zconfig_t *t = zconfig_child (k); t; t = zconfig_next (t))
                    if (!streq (zconfig_name (t), "intake") && !streq (zconfig_name (t), "escalation")) {
                        snprintf (err, errlen, _("teams/%.40s/%.40s: a team has only intake and "
                                                 "escalation"), zconfig_name (k), zconfig_name (t));
                        return -1;
                    }
        }
    }
    return 0;
}

hub_config_t *
hub_config_load (const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat (path, &st) != 0) {
        snprintf (err, errlen, _("cannot read %s: %s"), path, strerror (errno));
        return NULL;
    }
    if (!S_ISREG (st.st_mode) || st.st_size > HUB_MAX_CONFIG_BYTES) {
        snprintf (err, errlen, _("%s is not a regular file of at most %d bytes"), path,
                  HUB_MAX_CONFIG_BYTES);
        return NULL;
    }
    /* read it ourselves: zconfig_load leaks its file on a syntax error     */
    char *text = (char *) calloc (1, (size_t) st.st_size + 1);
    FILE *f = text ? fopen (path, "r") : NULL;
    size_t got = f ? fread (text, 1, (size_t) st.st_size, f) : 0;
    if (f)
        fclose (f);
    zconfig_t *root = text && got == (size_t) st.st_size && !memchr (text, 0, got)
                    ? zconfig_str_load (text) : NULL;
    free (text);
    if (!root) {
        snprintf (err, errlen, _("%s is not a valid configuration file (ZPL syntax)"), path);
        return NULL;
    }
    hub_config_t *self = (hub_config_t *) calloc (1, sizeof *self);
    if (!self) {
        zconfig_destroy (&root);
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    proto_taxonomy_defaults (&self->taxonomy);
    char copy [PATH_MAX];
    snprintf (self->path, sizeof self->path, "%s", path);
    snprintf (copy, sizeof copy, "%s", path);
    snprintf (self->dir, sizeof self->dir, "%s", dirname (copy));

    char value [PATH_MAX];
    int rc = s_check_keys (root, err, errlen);
    if (!rc) rc = s_str (self->endpoint, sizeof self->endpoint, root, "hub/endpoint",
                 HUB_DEFAULT_ENDPOINT, err, errlen);
    if (!rc && strncmp (self->endpoint, "tcp://", 6) != 0) {
        snprintf (err, errlen, _("%s: \"%s\" must be tcp://ADDRESS:PORT"), "hub/endpoint", self->endpoint);
        rc = -1;
    }
    if (!rc) rc = s_str (value, sizeof value, root, "hub/identity", "hub.secret", err, errlen);
    if (!rc) rc = s_path (self->identity, self->dir, value, "hub/identity", err, errlen);
    if (!rc) rc = s_str (value, sizeof value, root, "hub/certs", "certs", err, errlen);
    if (!rc) rc = s_path (self->certs, self->dir, value, "hub/certs", err, errlen);
    if (!rc) rc = s_str (value, sizeof value, root, "hub/store", "hub.db", err, errlen);
    if (!rc) rc = s_path (self->store, self->dir, value, "hub/store", err, errlen);
    if (!rc) rc = s_str (value, sizeof value, root, "hub/control", "hub.ctl", err, errlen);
    if (!rc) rc = s_path (self->control, self->dir, value, "hub/control", err, errlen);
    if (!rc) rc = s_str (value, sizeof value, root, "hub/clock_file", "", err, errlen);
    if (!rc && value [0]) rc = s_path (self->clock_file, self->dir, value, "hub/clock_file", err, errlen);
    if (!rc) rc = s_str (value, sizeof value, root, "hub/language", "nl", err, errlen);
    if (!rc) {
        proto_lang_t lang;
        if (!proto_lang_parse (value, &lang) || strlen (value) > 5) {
            snprintf (err, errlen, _("%s: \"%.20s\" must be nl or en"), "hub/language", value);
            rc = -1;
        }
        else
            snprintf (self->language, sizeof self->language, "%s", proto_lang_name (lang));
    }
    if (!rc) rc = s_bool (&self->syslog, root, "hub/syslog", false, err, errlen);
    if (!rc) rc = s_bool (&self->verbose, root, "hub/verbose", false, err, errlen);
    if (!rc) rc = s_uint (&self->time_window_s, root, "hub/time_window", HUB_DEFAULT_WINDOW_S,
                          1, HUB_MAX_WINDOW_S, err, errlen);
    if (!rc) rc = s_uint (&self->batch_max, root, "hub/batch_max", HUB_DEFAULT_BATCH, 1,
                          HUB_MAX_BATCH, err, errlen);
    if (!rc) rc = s_uint (&self->rate, root, "hub/rate", HUB_DEFAULT_RATE, 1, HUB_MAX_RATE,
                          err, errlen);
    if (!rc) rc = s_uint (&self->burst, root, "hub/burst", HUB_DEFAULT_BURST, 1, HUB_MAX_RATE,
                          err, errlen);
    if (!rc) rc = s_uint (&self->delivery_window, root, "hub/delivery_window",
                          HUB_DEFAULT_WINDOW_DELIVER, 1, HUB_MAX_WINDOW_DELIVER, err, errlen);
    if (!rc) rc = s_uint (&self->heartbeat_ms, root, "hub/heartbeat", HUB_DEFAULT_HEARTBEAT_MS,
                          100, 600000, err, errlen);
    /* by default one verifier thread per core beside the writer's, and at
       least one, which checks the next batch while the writer waits for
       the disk                                                              */
    long cores = sysconf (_SC_NPROCESSORS_ONLN);
    uint32_t verifiers = cores > 2 ? (uint32_t) (cores - 1) : 1;
    if (verifiers > HUB_MAX_VERIFIERS)
        verifiers = HUB_MAX_VERIFIERS;
    if (!rc) rc = s_uint (&self->verifiers, root, "hub/verifiers", verifiers, 0, HUB_MAX_VERIFIERS,
                          err, errlen);
    /* workflows */
    if (!rc) rc = s_uint (&self->match_window_days, root, "regie/match_window", 365, 1, 3650, err, errlen);
    if (!rc) rc = s_uint (&self->match_deadline_days, root, "regie/match_deadline", 10, 1, 365, err, errlen);
    if (!rc) rc = s_uint (&self->follow_up_days, root, "regie/follow_up", 730, 0, 3650, err, errlen);
    if (!rc) rc = s_uint (&self->signal_expiry_days, root, "regie/signal_expiry", 730, 1, 3650, err, errlen);
    if (!rc) rc = s_uint (&self->history_days, root, "regie/history", 1826, 1, 7300, err, errlen);
    if (!rc) rc = s_uint (&self->continuity_days, root, "regie/continuity", 182, 1, 3650, err, errlen);
    if (!rc) rc = s_uint (&self->round_interval_days, root, "rounds/interval", 91, 1, 365, err, errlen);
    if (!rc) rc = s_uint (&self->max_rounds, root, "rounds/max_rounds", 6, 1, 100, err, errlen);
    if (!rc) rc = s_uint (&self->reminder_days, root, "rounds/reminder", 7, 0, 365, err, errlen);
    if (!rc) rc = s_uint (&self->unseen_minutes [0], root, "unseen/acuut", 15, 0, 10080, err, errlen);
    if (!rc) rc = s_uint (&self->unseen_minutes [1], root, "unseen/ernstig", 0, 0, 10080, err, errlen);
    if (!rc) rc = s_uint (&self->unseen_minutes [2], root, "unseen/zorg", 0, 0, 10080, err, errlen);
    if (!rc) rc = s_str (self->coordination_phase, sizeof self->coordination_phase, root,
                         "regie/coordination_phase", "coordinatie", err, errlen);
    if (!rc) rc = s_str (self->opening_kinds, sizeof self->opening_kinds, root,
                         "regie/opening_kinds", "ontruimingsdreiging,justitie_contact", err, errlen);

    /* taxonomies: any list in taxonomy/ replaces the default             */
    zconfig_t *tax = rc ? NULL : zconfig_locate (root, "taxonomy");
    for (zconfig_t *item = tax ? zconfig_child (tax) : NULL; item && !rc;
         item = zconfig_next (item)) {
        proto_list_t list = proto_list_by_name (zconfig_name (item));
        if (list == PT_NONE) {
            snprintf (err, errlen, _("taxonomy/%.40s: there is no such list"), zconfig_name (item));
            rc = -1;
        }
        else
            rc = proto_taxonomy_set (&self->taxonomy, list, zconfig_value (item), err, errlen);
    }
    if (!rc && proto_taxonomy_index (&self->taxonomy, PT_PHASE, self->coordination_phase,
                                     strlen (self->coordination_phase)) < 0) {
        snprintf (err, errlen, _("%s: \"%s\" is not in taxonomy/phase"), "regie/coordination_phase",
                  self->coordination_phase);
        rc = -1;
    }

    /* teams                                                             */
    zconfig_t *teams = rc ? NULL : zconfig_locate (root, "teams");
    for (zconfig_t *t = teams ? zconfig_child (teams) : NULL; t && !rc; t = zconfig_next (t)) {
        if (self->team_count == HUB_MAX_TEAMS) {
            snprintf (err, errlen, _("teams: more than %d teams"), HUB_MAX_TEAMS);
            rc = -1;
            break;
        }
        hub_team_t *team = &self->teams [self->team_count];
        const char *id = zconfig_name (t);
        if (!proto_partner_id_valid (id, strlen (id))) {
            snprintf (err, errlen, _("teams/%.40s: not a valid team id (a-z, 0-9 and -, at most %d)"),
                      id, PROTO_MAX_PARTNER_ID_BYTES);
            rc = -1;
            break;
        }
        snprintf (team->team, sizeof team->team, "%s", id);
        char where [PROTO_MAX_PARTNER_ID_BYTES + 32];
        snprintf (where, sizeof where, "teams/%s/intake", id);
        rc = s_partner (team->intake, t, "intake", where, true, err, errlen);
        snprintf (where, sizeof where, "teams/%s/escalation", id);
        if (!rc)
            rc = s_partner (team->escalation, t, "escalation", where, false, err, errlen);
        if (!rc)
            self->team_count++;
    }
    if (!rc) rc = s_partner (self->default_team, root, "regie/default_team", "regie/default_team",
                             false, err, errlen);
    if (!rc && self->default_team [0] && !hub_config_team (self, self->default_team)) {
        snprintf (err, errlen, _("%s: team \"%s\" is not under teams"), "regie/default_team",
                  self->default_team);
        rc = -1;
    }
    zconfig_destroy (&root);
    if (rc) {
        /* the key's problem, in the file the user named                     */
        char why [512];
        snprintf (why, sizeof why, "%s", err);
        snprintf (err, errlen, "%s: %s", path, why);
        hub_config_destroy (&self);
        return NULL;
    }
    return self;
}

void
hub_config_destroy (hub_config_t **self_p)
{
    if (*self_p) {
        proto_taxonomy_clear (&(*self_p)->taxonomy);
        free (*self_p);
        *self_p = NULL;
    }
}

const hub_team_t *
hub_config_team (const hub_config_t *self, const char *team_id)
{
    for (size_t i = 0; i < self->team_count; i++)
        if (streq (self->teams [i].team, team_id))
            return &self->teams [i];
    return NULL;
}

const hub_team_t *
hub_config_default_team (const hub_config_t *self)
{
    if (self->default_team [0])
        return hub_config_team (self, self->default_team);
    return self->team_count ? &self->teams [0] : NULL;
}

int
hub_config_write_default (const char *path, const char *endpoint, char *err, size_t errlen)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream (&text, &size);
    if (!f) {
        snprintf (err, errlen, _("cannot create %s: %s"), path, strerror (errno));
        return -1;
    }
    fprintf (f,
"#   regiehub configuration (ZPL: indent by 4 spaces, values in quotes).\n"
"#   Paths are relative to this file. Reload a running hub with SIGHUP or\n"
"#   `regiehub reload`; a file with an error is refused and the old one kept.\n"
"\n"
"hub\n"
"    endpoint = \"%s\"     #   where partners connect (CURVE)\n"
"    identity = \"hub.secret\"   #   the hub's keys; mode 0600\n"
"    certs = \"certs\"           #   admitted partners' certificates\n"
"    store = \"hub.db\"          #   the sqlite store (WAL, synchronous=FULL)\n"
"    control = \"hub.ctl\"       #   local control socket (status, reload)\n"
"    time_window = \"%d\"       #   seconds a message's timestamp may differ\n"
"    batch_max = \"%d\"        #   messages per group commit\n"
"    rate = \"%d\"              #   messages per second per partner\n"
"    burst = \"%d\"            #   short bursts above the rate\n"
"    delivery_window = \"%d\"  #   unacknowledged deliveries per partner\n"
"    heartbeat = \"%d\"        #   ms between heartbeats to partners\n"
"#   verifiers = \"1\"          #   signature threads beside the writer (default: cores - 1, at least 1)\n"
"    syslog = \"no\"             #   also log to syslog\n"
"    verbose = \"no\"\n"
"    language = \"nl\"          #   what people read: nl or en (--lang, LANGUAGE override)\n"
"#   clock_file = \"clock\"     #   tests only: ms added to the wall clock\n"
"\n"
"regie\n"
"#   default_team = \"acm\"     #   intake for households without a regisseur\n"
"    match_window = \"365\"      #   days: signals of 2+ partners make a match\n"
"    match_deadline = \"10\"     #   working days to confirm contact on a match\n"
"    follow_up = \"730\"         #   days after closing that signals still reach the team\n"
"    signal_expiry = \"730\"     #   days after which unused signals expire\n"
"    history = \"1826\"          #   days expired signals stay in the archive (no content)\n"
"    continuity = \"182\"        #   days until the introducing partner is needed again\n"
"    coordination_phase = \"coordinatie\"\n"
"    opening_kinds = \"ontruimingsdreiging,justitie_contact\"\n"
"\n"
"rounds\n"
"    interval = \"91\"           #   days between coordination rounds\n"
"    max_rounds = \"6\"\n"
"    reminder = \"7\"            #   days before an agreement is due\n"
"\n"
"#   A signal its recipient's agent has not received after these minutes:\n"
"#   the team's intake and escalation role are told, and its sender (0: never).\n"
"unseen\n"
"    acuut = \"15\"\n"
"    ernstig = \"0\"\n"
"    zorg = \"0\"\n"
"\n"
"#   Regie teams: each with its intake partner and escalation partner.\n"
"teams\n"
"#   acm\n"
"#       intake = \"acm-intake\"\n"
"#       escalation = \"acm-leiding\"\n"
"\n"
"#   Taxonomies: uncomment a list to replace its default.\n"
"taxonomy\n"
"#   leefgebied = \"gezin,huisvesting,opleiding,werk,financien,gezondheid,sociale_omgeving,vrijetijdsbesteding,politie_justitie\"\n"
"#   phase = \"aangemeld,intake,contact,plan,uitvoering,afsluiting,coordinatie,gesloten\"\n",
        endpoint, HUB_DEFAULT_WINDOW_S, HUB_DEFAULT_BATCH, HUB_DEFAULT_RATE, HUB_DEFAULT_BURST,
        HUB_DEFAULT_WINDOW_DELIVER, HUB_DEFAULT_HEARTBEAT_MS);
    /* durable before `regiehub init` says "Created" (proto_file.h)         */
    int rc = fclose (f) != 0
          || proto_file_write (path, text, size, 0600, PROTO_FILE_NEW) != 0 ? -1 : 0;
    if (rc)
        snprintf (err, errlen, _("cannot write %s: %s"), path, strerror (errno));
    free (text);
    return rc;
}
