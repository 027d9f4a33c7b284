/*  agent_commands.c - the partner commands: table, preparation, responses.
    See agent_commands.h. The command line (argv -> request, output) is in
    agent_cli.c.                                                            */
#include "agent_commands.h"
#include "agent_cmdtab.h"
#include "agent_json.h"
#include "agent_output.h"
#include "proto_file.h"
#include "proto_pseudonym.h"
#include "proto_sign.h"
#include "proto_msgpack.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

struct agent_ctx_t {
    agent_config_t *config;
    agent_store_t *store;
    proto_identity_t *identity;
    uint8_t *network_key;       /* sodium_malloc, loaded when first needed  */
};

agent_ctx_t *
agent_ctx_new (const char *dir, char *err, size_t errlen)
{
    agent_ctx_t *self = (agent_ctx_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    char why [512];
    self->config = agent_config_load (dir, err, errlen);
    if (self->config) {
        self->identity = proto_identity_load (self->config->identity, why, sizeof why);
        if (!self->identity)
            /* TRANSLATORS: the partner's own keys (identity.secret): why not */
            snprintf (err, errlen, _("identity: %s"), why);
    }
    if (self->identity)
        self->store = agent_store_new (self->config->db_path, err, errlen);
    if (!self->store) {
        agent_ctx_destroy (&self);
        return NULL;
    }
    return self;
}

void
agent_ctx_destroy (agent_ctx_t **self_p)
{
    if (self_p && *self_p) {
        agent_ctx_t *self = *self_p;
        agent_store_destroy (&self->store);
        proto_identity_destroy (&self->identity);
        agent_config_destroy (&self->config);
        if (self->network_key)
            sodium_free (self->network_key);
        free (self);
        *self_p = NULL;
    }
}

agent_config_t *agent_ctx_config (agent_ctx_t *self) { return self->config; }
agent_store_t *agent_ctx_store (agent_ctx_t *self) { return self->store; }
proto_identity_t *agent_ctx_identity (agent_ctx_t *self) { return self->identity; }

void
agent_lang_use (proto_lang_t lang)
{
    if (lang != proto_lang_current ())
        proto_lang_setup (lang, NULL);
}

int
agent_request_lang (json_t *request, proto_lang_t *lang)
{
    *lang = PROTO_LANG_EN;
    json_t *v = json_object_get (request, "lang");
    if (!v)
        return 0;
    int rc = json_is_string (v) && proto_lang_parse (json_string_value (v), lang) ? 0 : -1;
    if (rc)
        *lang = PROTO_LANG_EN;
    json_object_del (request, "lang");
    return rc;
}

static const uint8_t *
s_network_key (agent_ctx_t *self, char *err, size_t errlen)
{
    if (!self->network_key) {
        uint8_t *key = (uint8_t *) sodium_malloc (PROTO_NETWORK_KEY_BYTES);
        if (!key) {
            snprintf (err, errlen, _("out of memory"));
            return NULL;
        }
        char why [512];
        if (proto_network_key_load (key, self->config->network_key, why, sizeof why)) {
            snprintf (err, errlen, _("network key: %s"), why);
            sodium_free (key);
            return NULL;
        }
        self->network_key = key;
    }
    return self->network_key;
}

/*  A refusal as JSON, language-neutral: the result code and its name, the
    hub's reason code and arguments (args: JSON text) when it sent them, the
    field at fault; legacy, a version 1 row's sentence, as "reason".         */
static json_t *
s_error_json (int code, const char *name, const char *reason_code, const char *args,
              const char *field, const char *legacy)
{
    json_t *e = json_pack ("{siss}", "code", code, "name", name ? name : "");
    if (reason_code && *reason_code) {
        json_object_set_new (e, "reason_code", json_string (reason_code));
        json_t *a = args && *args ? json_loads (args, 0, NULL) : NULL;
        json_object_set_new (e, "args", json_is_object (a) ? a : json_object ());
        if (a && !json_is_object (a))
            json_decref (a);
    }
    if (field && *field)
        json_object_set_new (e, "field", json_string (field));
    if (legacy && *legacy)
        json_object_set_new (e, "reason", json_string (legacy));
    return e;
}

/* ---- responses ------------------------------------------------------------ */

json_t *
agent_response_error (const char *cmd, int exit_code, const char *error, const char *message)
{
    return json_pack ("{sbsissssss}", "ok", 0, "exit", exit_code, "cmd", cmd ? cmd : "",
                      "error", error, "message", message);
}

static json_t *
s_ok (const char *cmd)
{
    return json_pack ("{sbsiss}", "ok", 1, "exit", AGENT_EXIT_OK, "cmd", cmd);
}

static void
s_bad (agent_prepared_t *out, const char *cmd, const char *message)
{
    out->response = agent_response_error (cmd, AGENT_EXIT_BAD_INPUT, "bad_input", message);
}

static void
s_internal (agent_prepared_t *out, const char *cmd, const char *message)
{
    out->response = agent_response_error (cmd, AGENT_EXIT_INTERNAL, "internal", message);
}

void
agent_prepared_clear (agent_prepared_t *self)
{
    json_decref (self->response);
    json_decref (self->request);
    json_decref (self->info);
    agent_message_destroy (&self->msg);
    memset (self, 0, sizeof *self);
}

/* ---- request checks ------------------------------------------------------- */

static int
s_value_check (json_t *v, int depth)
{
    if (depth > AGENT_MAX_JSON_DEPTH)
        return -1;
    if (json_is_array (v)) {
        if (json_array_size (v) > PROTO_MAX_LIST_ITEMS)
            return -1;
        size_t i;
        json_t *e;
        json_array_foreach (v, i, e)
            if (s_value_check (e, depth + 1))
                return -1;
    }
    else
    if (json_is_object (v)) {
        if (json_object_size (v) > AGENT_MAX_JSON_KEYS)
            return -1;
        const char *k;
        json_t *e;
        json_object_foreach (v, k, e)
            if (s_value_check (e, depth + 1))
                return -1;
    }
    return 0;
}

int
agent_request_check (json_t *request, char *err, size_t errlen)
{
    if (!json_is_object (request)) {
        snprintf (err, errlen, _("a request is one JSON object per line"));
        return -1;
    }
    if (json_object_size (request) > AGENT_MAX_JSON_KEYS || s_value_check (request, 1)) {
        snprintf (err, errlen, _("the request has too many keys, items or levels (at most %d keys, "
                                 "%d items, %d levels)"), AGENT_MAX_JSON_KEYS, PROTO_MAX_LIST_ITEMS,
                  AGENT_MAX_JSON_DEPTH);
        return -1;
    }
    json_t *cmd = json_object_get (request, "cmd");
    if (!json_is_string (cmd)) {
        snprintf (err, errlen, _("the request has no \"cmd\" (e.g. {\"cmd\":\"status\"})"));
        return -1;
    }
    return 0;
}

/*  Every key must be one this command knows.                               */
static int
s_keys_check (const agent_cmd_t *c, json_t *request, bool cli, char *err, size_t errlen)
{
    const char *key;
    json_t *v;
    json_object_foreach (request, key, v) {
        if (!agent_cmd_key_allowed (c, key)) {
            char label [64];
            agent_json_field_label (label, sizeof label, key, cli);
            snprintf (err, errlen, _("%s is not an option of regie %s (see regie %s --help)"),
                      label, c->name, c->name);
            return -1;
        }
    }
    return 0;
}

/* ---- households ----------------------------------------------------------- */

static const char *
s_str (json_t *request, const char *key)
{
    json_t *v = json_object_get (request, key);
    return json_is_string (v) ? json_string_value (v) : NULL;
}

/*  A household named by bsn, postcode/number/addition, ref or label. When
    prefix is given (member_, new_), only those keys count (bsn, postcode). */
typedef struct {
    bool has_person, has_address;
    uint8_t person [PROTO_REF_BYTES];
    uint8_t address [PROTO_REF_BYTES];
    bool named;
} household_t;

static int
s_household (agent_ctx_t *ctx, json_t *request, const char *prefix, household_t *h, bool cli,
             char *err, size_t errlen)
{
    memset (h, 0, sizeof h [0]);
    char k_bsn [32], k_pc [32], k_nr [32], k_add [32];
    snprintf (k_bsn, sizeof k_bsn, "%sbsn", prefix);
    snprintf (k_pc, sizeof k_pc, "%spostcode", prefix);
    snprintf (k_nr, sizeof k_nr, "%snumber", prefix);
    snprintf (k_add, sizeof k_add, "%saddition", prefix);
    const char *bsn = s_str (request, k_bsn);
    const char *postcode = s_str (request, k_pc);
    const char *number = s_str (request, k_nr);
    const char *addition = s_str (request, k_add);
    const char *ref = *prefix ? NULL : s_str (request, "ref");
    const char *label = *prefix ? NULL : s_str (request, "label");
    const char *keys [] = { k_bsn, k_pc, k_nr, k_add, "ref", "label" };
    for (size_t i = 0; i < 6; i++) {
        json_t *v = json_object_get (request, keys [i]);
        if (v && !json_is_string (v) && !(json_is_integer (v) && i < 3)) {
            char label_text [64];
            agent_json_field_label (label_text, sizeof label_text, keys [i], cli);
            snprintf (err, errlen, _("%s must be text"), label_text);
            return -1;
        }
    }
    char num_text [24];
    json_t *nv = json_object_get (request, k_nr);
    if (json_is_integer (nv)) {
        snprintf (num_text, sizeof num_text, "%lld", (long long) json_integer_value (nv));
        number = num_text;
    }
    char why [256];
    if (bsn) {
        const uint8_t *key = s_network_key (ctx, err, errlen);
        if (!key)
            return -2;
        if (strlen (bsn) > PROTO_BSN_DIGITS + 2
        ||  proto_person_ref (h->person, key, bsn, why, sizeof why)) {
            char label_text [64];
            agent_json_field_label (label_text, sizeof label_text, k_bsn, cli);
            snprintf (err, errlen, "%s: %s", label_text, strlen (bsn) > PROTO_BSN_DIGITS + 2
                      ? _("a BSN has 9 digits") : why);
            return -1;
        }
        h->has_person = h->named = true;
    }
    if (postcode || number || addition) {
        if (!postcode || !number) {
            char a [64], b [64];
            agent_json_field_label (a, sizeof a, k_pc, cli);
            agent_json_field_label (b, sizeof b, k_nr, cli);
            snprintf (err, errlen, _("an address needs both %s and %s"), a, b);
            return -1;
        }
        const uint8_t *key = s_network_key (ctx, err, errlen);
        if (!key)
            return -2;
        if (strlen (postcode) > 16 || strlen (number) > 16 || (addition && strlen (addition) > 16)
        ||  proto_address_ref (h->address, key, postcode, number, addition, why, sizeof why)) {
            char a [64];
            agent_json_field_label (a, sizeof a, k_pc, cli);
            snprintf (err, errlen, "%s: %s", a, strlen (postcode) > 16 || strlen (number) > 16
                      ? _("the postcode or house number is too long") : why);
            return -1;
        }
        h->has_address = h->named = true;
    }
    if (ref) {
        const char *hex = ref;
        int kind = 0;       /* 1 address, 2 person */
        if (strncmp (ref, "person:", 7) == 0) {
            hex = ref + 7;
            kind = 2;
        }
        else
        if (strncmp (ref, "address:", 8) == 0) {
            hex = ref + 8;
            kind = 1;
        }
        uint8_t bytes [PROTO_REF_BYTES];
        json_t *hv = json_string (hex);
        int bad = agent_json_hex (hv, bytes, PROTO_REF_BYTES);
        json_decref (hv);
        if (bad) {
            snprintf (err, errlen, _("%s must be 64 hexadecimal characters as shown by `regie inbox "
                                     "--json` (optionally person:HEX or address:HEX)"),
                      cli ? "--ref" : "ref");
            return -1;
        }
        if (kind == 0)
            kind = agent_store_ref_kind (ctx->store, bytes) == 1 ? 1 : 2;
        if (kind == 1) {
            memcpy (h->address, bytes, PROTO_REF_BYTES);
            h->has_address = true;
        }
        else {
            memcpy (h->person, bytes, PROTO_REF_BYTES);
            h->has_person = true;
        }
        h->named = true;
    }
    if (label) {
        uint8_t p [PROTO_REF_BYTES], a [PROTO_REF_BYTES];
        bool hp = false, ha = false;
        int found = strlen (label) <= AGENT_MAX_LABEL_BYTES
                  ? agent_store_label_get (ctx->store, label, p, &hp, a, &ha) : 0;
        if (found < 0) {
            snprintf (err, errlen, _("cannot read labels: %s"), agent_store_error (ctx->store));
            return -2;
        }
        if (found == 0) {
            snprintf (err, errlen, _("no household is labelled \"%.80s\" here (see `regie label`)"),
                      label);
            return -1;
        }
        if (hp && !h->has_person) {
            memcpy (h->person, p, PROTO_REF_BYTES);
            h->has_person = true;
        }
        if (ha && !h->has_address) {
            memcpy (h->address, a, PROTO_REF_BYTES);
            h->has_address = true;
        }
        h->named = true;
    }
    return 0;
}

static json_t *
s_household_json (agent_ctx_t *ctx, const uint8_t *person, const uint8_t *address)
{
    json_t *out = json_object ();
    if (person)
        json_object_set_new (out, "person", agent_json_hex_new (person, PROTO_REF_BYTES));
    if (address)
        json_object_set_new (out, "address", agent_json_hex_new (address, PROTO_REF_BYTES));
    char label [AGENT_MAX_LABEL_BYTES + 1];
    if (agent_store_label_find (ctx->store, person, address, label, sizeof label) == 1)
        json_object_set_new (out, "label", json_string (label));
    return out;
}

/* ---- inbox ---------------------------------------------------------------- */

typedef struct {
    agent_ctx_t *ctx;
    json_t *list;
    const char *type;           /* minutes look-up: the type wanted         */
    const uint8_t *round;       /* minutes look-up: the round id             */
    json_t *found;
    bool mark;
} inbox_walk_t;

/*  One inbox row as JSON (decoding the stored bytes again: they are ours
    and were checked on arrival, but we never trust a file blindly).        */
static json_t *
s_inbox_json (agent_ctx_t *ctx, const agent_inbox_row_t *row)
{
    proto_envelope_t env;
    if (proto_envelope_decode (&env, row->envelope, row->envelope_len, NULL, NULL) != PROTO_OK)
        return NULL;
    json_t *message = agent_json_from_envelope (&env);
    proto_envelope_release (&env);
    if (!message)
        return NULL;
    const uint8_t *hub = NULL;
    proto_cert_t hub_cert;
    char why [256];
    if (proto_cert_load (&hub_cert, ctx->config->hub_cert, why, sizeof why) == 0)
        hub = hub_cert.sign_key;
    const char *from = "partner";
    if (hub && memcmp (row->author, hub, PROTO_PUBKEY_BYTES) == 0)
        from = "hub";
    else
    if (memcmp (row->author, proto_identity_cert (ctx->identity)->sign_key, PROTO_PUBKEY_BYTES) == 0)
        from = "self";
    json_t *out = json_pack ("{sIsosssossso}",
                             "seq", (json_int_t) row->seq,
                             "id", agent_json_hex_new (row->id, PROTO_ID_BYTES),
                             "type", row->type,
                             "received", agent_json_time_new (row->received),
                             "from", from,
                             "read", json_boolean (row->read));
    if (!out) {
        json_decref (message);
        return NULL;
    }
    if (row->has_person || row->has_address)
        json_object_set_new (out, "household",
                             s_household_json (ctx, row->has_person ? row->person : NULL,
                                               row->has_address ? row->address : NULL));
    json_object_set_new (out, "summary", json_string (agent_cmd_summary (message)));
    json_object_set_new (out, "message", message);
    return out;
}

static int
s_inbox_row (void *arg, const agent_inbox_row_t *row)
{
    inbox_walk_t *w = (inbox_walk_t *) arg;
    if (w->round) {
        /* minutes of one round */
        proto_envelope_t env;
        if (proto_envelope_decode (&env, row->envelope, row->envelope_len, NULL, NULL) != PROTO_OK)
            return 0;
        uint8_t round [PROTO_ID_BYTES];
        bool match = proto_env_bin (&env, "round", round, PROTO_ID_BYTES)
                  && memcmp (round, w->round, PROTO_ID_BYTES) == 0;
        proto_envelope_release (&env);
        if (!match)
            return 0;
        json_decref (w->found);     /* the newest wins */
        w->found = s_inbox_json (w->ctx, row);
        return 0;
    }
    json_t *entry = s_inbox_json (w->ctx, row);
    if (entry)
        json_array_append_new (w->list, entry);
    if (w->mark && !row->read)
        agent_store_inbox_mark_read (w->ctx->store, row->seq);
    return 0;
}

/*  A number option of a local command (--limit, --after): 0 and *value set
    (def when absent), or -1 after s_bad.                                     */
static int
s_number (json_t *request, const char *cmd, const char *key, bool cli, json_int_t lo,
          json_int_t hi, json_int_t def, json_int_t *value, agent_prepared_t *out)
{
    json_t *v = json_object_get (request, key);
    *value = def;
    if (!v)
        return 0;
    char *end = NULL;
    if (json_is_integer (v))
        *value = json_integer_value (v);
    else
    if (json_is_string (v))
        *value = strtoll (json_string_value (v), &end, 10);
    if ((!json_is_integer (v) && (!end || *end || end == json_string_value (v)))
    ||  *value < lo || *value > hi) {
        char msg [200], label [64];
        agent_json_field_label (label, sizeof label, key, cli);
        snprintf (msg, sizeof msg, _("%s must be a number from %lld to %lld"), label,
                  (long long) lo, (long long) hi);
        s_bad (out, cmd, msg);
        return -1;
    }
    return 0;
}

/*  Ends a local command's read transaction: commits when rc is 0, else (or
    when the commit fails) rolls back and answers with the store's error.
    Returns 0 when committed.                                                 */
static int
s_tx_end (agent_ctx_t *ctx, int rc, const char *cmd, agent_prepared_t *out)
{
    if (rc == 0)
        rc = agent_store_commit (ctx->store);
    if (rc) {
        agent_store_rollback (ctx->store);
        s_internal (out, cmd, agent_store_error (ctx->store));
    }
    return rc;
}

/*  `regie inbox --id N|ID`: one message whole, by its number in the inbox
    (as the list shows it) or its id; marks it read.                        */
static void
s_inbox_one (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out, bool cli)
{
    uint8_t id [PROTO_ID_BYTES];
    json_t *v = json_object_get (request, "id");
    const char *arg = json_is_string (v) ? json_string_value (v) : NULL;
    uint64_t seq = 0;
    bool by_id = false;
    if (json_is_integer (v) && json_integer_value (v) > 0)
        seq = (uint64_t) json_integer_value (v);
    else
    if (arg && strlen (arg) == 2 * PROTO_ID_BYTES)
        by_id = agent_json_hex (v, id, PROTO_ID_BYTES) == 0;
    else
    if (arg && *arg >= '1' && *arg <= '9' && strlen (arg) <= 19) {
        char *end = NULL;
        seq = strtoull (arg, &end, 10);
        if (!end || *end || seq > PROTO_MAX_SEQ)
            seq = 0;
    }
    if (!by_id && !seq) {
        char msg [200], label [64];
        agent_json_field_label (label, sizeof label, "id", cli);
        snprintf (msg, sizeof msg, _("%s must be a message's number in the inbox or its id (32 "
                                     "hex characters), as regie inbox shows them"), label);
        s_bad (out, "inbox", msg);
        return;
    }
    inbox_walk_t w = { ctx, json_array (), NULL, NULL, NULL, true };
    int rc = agent_store_begin (ctx->store), found = 0;
    if (rc == 0) {
        found = agent_store_inbox_get (ctx->store, by_id ? id : NULL, seq, s_inbox_row, &w);
        rc = found < 0 ? -1 : 0;
    }
    if (s_tx_end (ctx, rc, "inbox", out)) {
        json_decref (w.list);
        return;
    }
    if (!found || json_array_size (w.list) != 1) {
        json_decref (w.list);
        s_bad (out, "inbox", _("no message in this agent's inbox has that number or id"));
        return;
    }
    out->response = s_ok ("inbox");
    json_object_set_new (out->response, "one", json_true ());
    json_object_set_new (out->response, "messages", w.list);
}

static void
s_cmd_inbox (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out, bool cli)
{
    bool all = false;
    json_t *v = json_object_get (request, "all");
    if (v && agent_json_bool (v, &all) != 0) {
        char msg [160], label [64];
        agent_json_field_label (label, sizeof label, "all", cli);
        snprintf (msg, sizeof msg, _("%s must be yes or no (true or false)"), label);
        s_bad (out, "inbox", msg);
        return;
    }
    json_int_t limit;
    if (s_number (request, "inbox", "limit", cli, 1, AGENT_INBOX_MAX_LIMIT,
                  AGENT_INBOX_DEFAULT_LIMIT, &limit, out))
        return;
    if (json_object_get (request, "id")) {
        s_inbox_one (ctx, request, out, cli);
        return;
    }
    int64_t unread = agent_store_inbox_unread (ctx->store);
    inbox_walk_t w = { ctx, json_array (), NULL, NULL, NULL, true };
    int rc = agent_store_begin (ctx->store);
    if (rc == 0)
        rc = agent_store_inbox_list (ctx->store, all, (size_t) limit, s_inbox_row, &w) < 0 ? -1 : 0;
    if (s_tx_end (ctx, rc, "inbox", out)) {
        json_decref (w.list);
        return;
    }
    out->response = s_ok ("inbox");
    json_object_set_new (out->response, "unread", json_integer (unread));
    json_object_set_new (out->response, "total", json_integer (agent_store_inbox_count (ctx->store)));
    json_object_set_new (out->response, "all", json_boolean (all));
    json_object_set_new (out->response, "messages", w.list);
}

/* ---- minutes -------------------------------------------------------------- */

/*  What the agent knows of the network's partners and of a round, from the
    notices it received: the names in their partners records, and the
    household of the round's invitation (a notice whose object is the
    round).                                                                  */
typedef struct {
    json_t *names;                      /* id -> name                        */
    const uint8_t *round;               /* NULL: names only                  */
    bool found;
    bool has_person, has_address;
    uint8_t person [PROTO_REF_BYTES], address [PROTO_REF_BYTES];
} notice_walk_t;

static int
s_notice_row (void *arg, const agent_inbox_row_t *row)
{
    notice_walk_t *w = (notice_walk_t *) arg;
    proto_envelope_t env;
    if (proto_envelope_decode (&env, row->envelope, row->envelope_len, NULL, NULL) != PROTO_OK)
        return 0;
    const msgpack_object *partners = proto_env_field (&env, "partners");
    for (uint32_t i = 0; partners && partners->type == MSGPACK_OBJECT_ARRAY
                         && i < partners->via.array.size; i++) {
        const msgpack_object *p = &partners->via.array.ptr [i];
        char id [PROTO_MAX_PARTNER_ID_BYTES + 1], name [PROTO_MAX_NAME_BYTES + 1];
        if (proto_obj_str_copy (id, sizeof id, proto_obj_map_get (p, "partner")) == 0
        &&  proto_obj_str_copy (name, sizeof name, proto_obj_map_get (p, "name")) == 0
        &&  strcmp (id, name) != 0)
            json_object_set_new (w->names, id, json_string (name));
    }
    uint8_t object [PROTO_ID_BYTES];
    if (w->round && !w->found && (row->has_person || row->has_address)
    &&  proto_env_bin (&env, "object", object, PROTO_ID_BYTES)
    &&  memcmp (object, w->round, PROTO_ID_BYTES) == 0) {
        w->found = true;
        w->has_person = row->has_person;
        w->has_address = row->has_address;
        memcpy (w->person, row->person, PROTO_REF_BYTES);
        memcpy (w->address, row->address, PROTO_REF_BYTES);
    }
    proto_envelope_release (&env);
    return 0;
}

/*  The round this agent sent itself (its regisseur): its subject.         */
static int
s_round_row (void *arg, const agent_outbox_row_t *row)
{
    notice_walk_t *w = (notice_walk_t *) arg;
    proto_envelope_t env;
    if (proto_envelope_decode (&env, row->envelope, row->envelope_len, NULL, NULL) != PROTO_OK)
        return 1;
    if (env.has_person || env.has_address) {
        w->found = true;
        w->has_person = env.has_person;
        w->has_address = env.has_address;
        memcpy (w->person, env.person, PROTO_REF_BYTES);
        memcpy (w->address, env.address, PROTO_REF_BYTES);
    }
    proto_envelope_release (&env);
    return 1;
}

/*  The names of the partners as this agent knows them: from the notices
    received (the hub's certificates), its own certificate, and agent.conf's
    partners section, which has the last word. A new object.                */
static json_t *
s_partner_names (agent_ctx_t *ctx, const uint8_t *round, json_t **household)
{
    notice_walk_t w;
    memset (&w, 0, sizeof w);
    w.names = json_object ();
    w.round = round;
    if (round && agent_store_outbox_get (ctx->store, round, s_round_row, &w) < 0)
        w.found = false;
    agent_store_inbox_of_type (ctx->store, "notice", s_notice_row, &w);
    const proto_cert_t *me = proto_identity_cert (ctx->identity);
    json_object_set_new (w.names, me->id, json_string (me->name));
    for (size_t i = 0; i < ctx->config->partner_count; i++)
        json_object_set_new (w.names, ctx->config->partners [i].id,
                             json_string (ctx->config->partners [i].name));
    if (household)
        *household = w.found ? s_household_json (ctx, w.has_person ? w.person : NULL,
                                                 w.has_address ? w.address : NULL)
                             : NULL;
    return w.names;
}

static void
s_cmd_minutes (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out, bool cli)
{
    json_t *rv = json_object_get (request, "round");
    inbox_walk_t w = { ctx, json_array (), "minutes", NULL, NULL, false };
    uint8_t round [PROTO_ID_BYTES];
    if (rv) {
        if (agent_json_hex (rv, round, PROTO_ID_BYTES)) {
            json_decref (w.list);
            char msg [160];
            snprintf (msg, sizeof msg, _("%s must be a round id: 32 hexadecimal characters"),
                      cli ? "--round" : "round");
            s_bad (out, "minutes", msg);
            return;
        }
        w.round = round;
    }
    if (agent_store_inbox_of_type (ctx->store, "minutes", s_inbox_row, &w) < 0) {
        json_decref (w.list);
        s_internal (out, "minutes", agent_store_error (ctx->store));
        return;
    }
    if (!rv) {
        out->response = s_ok ("minutes");
        json_object_set_new (out->response, "list", w.list);
        return;
    }
    json_decref (w.list);
    if (w.found) {
        out->response = s_ok ("minutes");
        json_object_set_new (out->response, "source", json_string ("inbox"));
        json_object_set_new (out->response, "minutes", w.found);
        json_object_set_new (out->response, "names", s_partner_names (ctx, NULL, NULL));
        return;
    }
    /* not delivered here (yet): ask the hub */
    json_t *body = json_pack ("{so}", "round", agent_json_hex_new (round, PROTO_ID_BYTES));
    char err [512];
    out->msg = agent_message_new (ctx->identity, &ctx->config->tax,
                                  proto_type_find ("minutes_request", 15),
                                  agent_config_now_ms (ctx->config), NULL, NULL, NULL, body,
                                  err, sizeof err);
    json_decref (body);
    if (!out->msg)
        s_internal (out, "minutes", err);
    out->query = true;
}

/* ---- labels --------------------------------------------------------------- */

typedef struct {
    json_t *list;
} label_walk_t;

static int
s_label_row (void *arg, const char *name, const uint8_t *person, const uint8_t *address,
             uint64_t created)
{
    label_walk_t *w = (label_walk_t *) arg;
    json_t *e = json_pack ("{ssso}", "name", name, "created", agent_json_time_new (created));
    if (person)
        json_object_set_new (e, "person", agent_json_hex_new (person, PROTO_REF_BYTES));
    if (address)
        json_object_set_new (e, "address", agent_json_hex_new (address, PROTO_REF_BYTES));
    json_array_append_new (w->list, e);
    return 0;
}

static bool
s_label_valid (const char *name)
{
    size_t len = strlen (name);
    return len > 0 && len <= AGENT_MAX_LABEL_BYTES
        && proto_utf8_valid ((const uint8_t *) name, len, false);
}

static void
s_cmd_label (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out, bool cli)
{
    const char *name = s_str (request, "name");
    json_t *remove = json_object_get (request, "remove");
    char err [512];
    household_t h;
    int rc = s_household (ctx, request, "", &h, cli, err, sizeof err);
    if (rc == -1) {
        s_bad (out, "label", err);
        return;
    }
    if (rc < 0) {
        s_internal (out, "label", err);
        return;
    }
    if (json_object_get (request, "name") && !name) {
        s_bad (out, "label", _("the label must be text"));
        return;
    }
    if (name && !s_label_valid (name)) {
        snprintf (err, sizeof err, _("a label is 1 to %d characters on one line"), AGENT_MAX_LABEL_BYTES);
        s_bad (out, "label", err);
        return;
    }
    bool removing = false;
    if (remove && agent_json_bool (remove, &removing) != 0) {
        snprintf (err, sizeof err, _("%s must be yes or no (true or false)"),
                  cli ? "--remove" : "remove");
        s_bad (out, "label", err);
        return;
    }
    if (removing) {
        if (!name) {
            s_bad (out, "label", _("name the label to remove"));
            return;
        }
        int gone = agent_store_label_remove (ctx->store, name);
        if (gone < 0) {
            s_internal (out, "label", agent_store_error (ctx->store));
            return;
        }
        if (gone == 0) {
            snprintf (err, sizeof err, _("there is no label \"%s\""), name);
            s_bad (out, "label", err);
            return;
        }
        out->response = s_ok ("label");
        json_object_set_new (out->response, "removed", json_string (name));
        return;
    }
    if (name && h.named) {
        if (json_object_get (request, "label")) {
            s_bad (out, "label", _("name the household by bsn, address or ref, not by another label"));
            return;
        }
        if (agent_store_label_count (ctx->store) >= AGENT_MAX_LABELS) {
            snprintf (err, sizeof err, _("there are already %d labels; remove some first"), AGENT_MAX_LABELS);
            s_bad (out, "label", err);
            return;
        }
        if (agent_store_label_set (ctx->store, name, h.has_person ? h.person : NULL,
                                   h.has_address ? h.address : NULL,
                                   agent_config_now_ms (ctx->config))) {
            s_internal (out, "label", agent_store_error (ctx->store));
            return;
        }
        out->response = s_ok ("label");
        json_object_set_new (out->response, "set", json_string (name));
        json_object_set_new (out->response, "household",
                             s_household_json (ctx, h.has_person ? h.person : NULL,
                                               h.has_address ? h.address : NULL));
        return;
    }
    if (name && !h.named) {
        s_bad (out, "label", _("name the household to label with --bsn, --postcode/--number or --ref"));
        return;
    }
    if (h.named) {
        s_bad (out, "label", _("give the label (a name such as \"Fam. Jansen\") for this household"));
        return;
    }
    label_walk_t w = { json_array () };
    if (agent_store_label_list (ctx->store, s_label_row, &w) < 0) {
        json_decref (w.list);
        s_internal (out, "label", agent_store_error (ctx->store));
        return;
    }
    out->response = s_ok ("label");
    json_object_set_new (out->response, "labels", w.list);
}

/* ---- status and audit ----------------------------------------------------- */

static void
s_cmd_status (agent_ctx_t *ctx, const agent_daemon_facts_t *facts, agent_prepared_t *out)
{
    const proto_cert_t *cert = proto_identity_cert (ctx->identity);
    char roles [PROTO_MAX_ROLES_BYTES + 1];
    proto_roles_format (roles, sizeof roles, cert->roles);
    json_t *r = s_ok ("status");
    json_object_set_new (r, "partner", json_pack ("{ssssssss}", "id", cert->id, "name", cert->name,
                                                  "kind", cert->kind, "roles", roles));
    json_t *daemon = json_object ();
    json_object_set_new (daemon, "running", json_boolean (facts && facts->running));
    if (facts && facts->running) {
        json_object_set_new (daemon, "pid", json_integer (facts->pid));
        json_object_set_new (daemon, "started", agent_json_time_new (facts->started));
        json_object_set_new (daemon, "clients", json_integer ((json_int_t) facts->clients));
        json_object_set_new (daemon, "waiting", json_integer ((json_int_t) facts->waiting));
    }
    json_object_set_new (r, "daemon", daemon);
    json_t *hub = json_pack ("{ss}", "endpoint", ctx->config->hub_endpoint);
    if (facts && facts->link) {
        const agent_link_stats_t *s = agent_link_stats (facts->link);
        json_object_set_new (hub, "connected", json_boolean (agent_link_connected (facts->link)));
        uint64_t heard = agent_link_last_heard (facts->link);
        if (heard)
            json_object_set_new (hub, "last_heard", agent_json_time_new (heard));
        json_object_set_new (hub, "connects", json_integer ((json_int_t) s->connects));
        json_object_set_new (hub, "sent", json_integer ((json_int_t) (s->sent + s->resent)));
        json_object_set_new (hub, "receipts", json_integer ((json_int_t) s->receipts));
        json_object_set_new (hub, "bad_frames", json_integer ((json_int_t) s->bad_frames));
        json_object_set_new (hub, "rejected_deliveries", json_integer ((json_int_t) s->rejected));
    }
    else
        json_object_set_new (hub, "connected", json_null ());
    json_object_set_new (r, "hub", hub);
    json_object_set_new (r, "outbox", json_pack ("{sIsIsI}",
        "waiting", (json_int_t) agent_store_outbox_count (ctx->store, AGENT_OUT_PENDING),
        "receipted", (json_int_t) agent_store_outbox_count (ctx->store, AGENT_OUT_RECEIPTED),
        "refused", (json_int_t) agent_store_outbox_count (ctx->store, AGENT_OUT_REFUSED)));
    json_object_set_new (r, "inbox", json_pack ("{sIsIsI}",
        "unread", (json_int_t) agent_store_inbox_unread (ctx->store),
        "total", (json_int_t) agent_store_inbox_count (ctx->store),
        "delivered_upto", (json_int_t) agent_store_delivered_upto (ctx->store)));
    agent_head_t head;
    if (agent_store_head_get (ctx->store, &head) == 1)
        json_object_set_new (r, "audit_seq", json_integer ((json_int_t) head.audit_seq));
    out->response = r;
}

/*  Asks the hub, on a connection of its own, for the audit digests after
    the head we hold and checks that its chain still extends that head.
    Returns the check's JSON, with "exit" set.                                */
static json_t *
s_audit_extension (agent_ctx_t *ctx, const agent_head_t *head, agent_head_t *newer)
{
    agent_config_t *config = ctx->config;
    char err [512];
    proto_cert_t hub;
    if (proto_cert_load (&hub, config->hub_cert, err, sizeof err) != 0)
        return json_pack ("{sssiss}", "extension_check", "error", "exit", AGENT_EXIT_INTERNAL,
                          "reason", err);
    json_t *body = json_pack ("{sI}", "from", (json_int_t) (head->audit_seq + 1));
    const proto_type_t *type = proto_type_find ("audit_since", strlen ("audit_since"));
    agent_message_t *m = agent_message_new (ctx->identity, &config->tax, type,
                                            agent_config_now_ms (config), NULL, NULL, NULL, body,
                                            err, sizeof err);
    json_decref (body);
    if (!m)
        return json_pack ("{sssiss}", "extension_check", "error", "exit", AGENT_EXIT_INTERNAL,
                          "reason", err);
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    zsock_set_linger (sock, 0);
    zsock_set_rcvtimeo (sock, config->wait);
    zcert_apply (proto_identity_zcert (ctx->identity), sock);
    char server [41];
    zmq_z85_encode (server, hub.curve_key, PROTO_PUBKEY_BYTES);
    zsock_set_curve_serverkey (sock, server);
    zsock_connect (sock, "%s", config->hub_endpoint);
    zmsg_t *msg = zmsg_new ();
    zmsg_addmem (msg, m->bytes, m->size);
    zmsg_addmem (msg, m->sig, PROTO_SIGNATURE_BYTES);
    zmsg_send (&msg, sock);
    agent_message_destroy (&m);
    json_t *r = NULL;
    zmsg_t *reply = zmsg_recv (sock);
    zframe_t *first = reply ? zmsg_first (reply) : NULL;
    proto_link_t link;
    proto_result_t rc = first ? proto_link_decode (&link, zframe_data (first), zframe_size (first))
                              : PROTO_UNAVAILABLE;
    if (!reply)
        r = json_pack ("{sssiss}", "extension_check", "unreachable", "exit", AGENT_EXIT_UNREACHABLE,
                       "reason", _("the hub did not answer"));
    else
    if (rc != PROTO_OK)
        r = json_pack ("{sssiss}", "extension_check", "error", "exit", AGENT_EXIT_INTERNAL,
                       "reason", _("the hub's answer could not be read"));
    else
    if (link.kind == PROTO_LINK_ERROR) {
        char *args = agent_json_args_text (&link.args);
        r = json_pack ("{sssisO}", "extension_check", "failed", "exit", AGENT_EXIT_REFUSED,
                       "error", s_error_json ((int) link.code, proto_result_name (link.code),
                                              link.reason_code, args, link.field, NULL));
        json_decref (json_object_get (r, "error"));
        free (args);
    }
    else
    if (link.kind != PROTO_LINK_DIGESTS)
        r = json_pack ("{sssiss}", "extension_check", "error", "exit", AGENT_EXIT_INTERNAL,
                       "reason", _("the hub answered with something else than audit digests"));
    else {
        proto_batch_head_t h;
        rc = proto_digests_verify (&link, hub.sign_key, head->audit_seq, head->audit_head, &h);
        if (rc == PROTO_OK) {
            agent_head_from (newer, &h, &link, agent_config_now_ms (config));
            r = json_pack ("{sssisIsI}", "extension_check", "extends", "exit", AGENT_EXIT_OK,
                           "checked_entries", (json_int_t) link.items,
                           "now_at", (json_int_t) h.audit_seq);
        }
        else
            r = json_pack ("{sssiss}", "extension_check", "BROKEN", "exit", AGENT_EXIT_REFUSED,
                           "reason", rc == PROTO_BAD_SIGNATURE
                           ? _("the hub's answer is not signed with the hub's key")
                           : _("the hub's audit chain does not extend the head this agent saw: "
                               "history was rewritten or truncated"));
        proto_link_release (&link);
    }
    if (rc == PROTO_OK && link.kind != PROTO_LINK_DIGESTS)
        proto_link_release (&link);
    zmsg_destroy (&reply);
    zsock_destroy (&sock);
    return r;
}

/*  Walks from the head `from` to the hub's newest head, a page at a time;
    *reached is the last head the walk checked and *checked the entries.
    With keep, every head reached is offered to the store as the anchor.
    Returns the last page's check (with "exit"), NULL on a store error.     */
static json_t *
s_audit_walk (agent_ctx_t *ctx, const agent_head_t *from, bool keep, agent_head_t *reached,
              json_int_t *checked)
{
    agent_head_t head = *from;
    json_t *check = NULL;
    *checked = 0;
    for (int page = 0; page < AGENT_AUDIT_MAX_PAGES; page++) {
        agent_head_t newer;
        json_decref (check);
        check = s_audit_extension (ctx, &head, &newer);
        if (json_integer_value (json_object_get (check, "exit")) != AGENT_EXIT_OK)
            break;
        *checked += json_integer_value (json_object_get (check, "checked_entries"));
        if (keep && agent_store_head_offer (ctx->store, &newer) < 0) {
            json_decref (check);
            return NULL;
        }
        bool last = newer.audit_seq == head.audit_seq;
        head = newer;
        if (last)
            break;
    }
    *reached = head;
    return check;
}

json_t *
agent_audit_check (agent_ctx_t *ctx, const agent_head_t *anchor)
{
    agent_head_t reached;
    json_int_t checked;
    json_t *check = s_audit_walk (ctx, anchor, true, &reached, &checked);
    if (!check)
        return NULL;
    bool ok = json_integer_value (json_object_get (check, "exit")) == AGENT_EXIT_OK;
    json_object_set_new (check, "ok", json_boolean (ok));
    if (ok)
        json_object_set_new (check, "checked_entries", json_integer (checked));
    else {
        char message [PROTO_MAX_REASON_BYTES + 64];
        /* TRANSLATORS: the check's outcome code (BROKEN, failed, ...): why */
        snprintf (message, sizeof message, _("audit chain check %s: %s"),
                  agent_cmd_code_word (json_string_value (json_object_get (check, "extension_check"))),
                  json_string_value (json_object_get (check, "reason")));
        json_object_set_new (check, "message", json_string (message));
    }
    return check;
}

/*  A head as JSON (regie audit, and the evidence file of audit accept).     */
static json_t *
s_head_json (const agent_head_t *head)
{
    return json_pack ("{sIsIsososososo}",
        "audit_seq", (json_int_t) head->audit_seq,
        "batch", (json_int_t) head->batch,
        "audit_head", agent_json_hex_new (head->audit_head, PROTO_DIGEST_BYTES),
        "hub_time", agent_json_time_new (head->ts),
        "received", agent_json_time_new (head->received),
        "hub_key", agent_json_hex_new (head->hub, PROTO_PUBKEY_BYTES),
        "signature", agent_json_hex_new (head->head_sig, PROTO_SIGNATURE_BYTES));
}

/*  DIR/WHAT-STAMP (UTC, to the second) in path: the base name of an
    evidence file.                                                           */
static void
s_evidence_base (agent_ctx_t *ctx, const char *what, uint64_t now, char *path, size_t size)
{
    time_t secs = (time_t) (now / 1000);
    struct tm tm;
    gmtime_r (&secs, &tm);
    char stamp [32];
    strftime (stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf (path, size, "%s/%s-%s", ctx->config->dir, what, stamp);
}

/*  Writes evidence as BASE.json in a new file, or BASE-2.json, BASE-3.json
    ... when one of that name is there already (a second one within the
    same second), never over an earlier one; durably (proto_file.h), so the
    evidence is on disk, whole, before what it describes changes in
    agent.db. base (of size) receives the name written. 0, or -1.           */
static int
s_evidence_write (char *base, size_t size, json_t *evidence)
{
    char *text = json_dumps (evidence, JSON_INDENT (2) | JSON_SORT_KEYS);
    size_t len = text ? strlen (text) : 0;
    char *whole = text ? realloc (text, len + 2) : NULL;
    if (!whole) {
        free (text);
        return -1;
    }
    memcpy (whole + len, "\n", 2);
    char name [AGENT_MAX_PATH + 80];
    int rc = -1;
    for (int n = 1; n < AGENT_MAX_EVIDENCE_SAME_NAME && rc != 0; n++) {
        char suffix [8] = "";
        if (n > 1)
            snprintf (suffix, sizeof suffix, "-%d", n);
        if ((size_t) snprintf (name, sizeof name, "%s%s.json", base, suffix) >= size)
            break;
        rc = proto_file_write (name, whole, len + 1, 0600, PROTO_FILE_NEW);
        if (rc != 0 && errno != EEXIST)
            break;
    }
    free (whole);
    if (rc == 0)
        memcpy (base, name, strlen (name) + 1);     /* shorter than size: above */
    return rc;
}

/*  `regie audit accept`, once the municipality's operator has said the hub
    was restored from a backup: its audit chain then ends where the backup
    ended and no longer extends the anchor this agent holds (the check says
    BROKEN). The hub's chain is checked from its first entry (seq 0, the
    zero hash) up to its newest signed head, and that head becomes the
    anchor; the anchor it replaces is written to
    DIR/audit-anchor-replaced-STAMP.json as evidence. Nothing changes while
    the chain still extends the anchor, nor when the hub's chain does not
    hold from its first entry either.                                        */
static void
s_audit_accept (agent_ctx_t *ctx, const agent_head_t *anchor, json_t *r, agent_prepared_t *out)
{
    json_t *check = agent_audit_check (ctx, anchor);
    if (!check) {
        json_decref (r);
        s_internal (out, "audit", agent_store_error (ctx->store));
        return;
    }
    const char *state = json_string_value (json_object_get (check, "extension_check"));
    if (!state || strcmp (state, "BROKEN") != 0) {
        json_object_update (r, check);
        json_decref (check);
        json_object_set_new (r, "accepted", json_false ());
        if (json_integer_value (json_object_get (r, "exit")) == AGENT_EXIT_OK)
            json_object_set_new (r, "note", json_string (_("The hub's audit chain still extends "
                                                           "this agent's anchor: nothing to "
                                                           "accept.")));
        out->response = r;
        return;
    }
    json_decref (check);
    agent_head_t genesis, reached;
    memset (&genesis, 0, sizeof genesis);
    json_int_t checked;
    check = s_audit_walk (ctx, &genesis, false, &reached, &checked);
    if (json_integer_value (json_object_get (check, "exit")) != AGENT_EXIT_OK
    ||  reached.audit_seq == 0) {
        json_object_update (r, check);
        json_decref (check);
        json_object_set_new (r, "accepted", json_false ());
        json_object_set_new (r, "exit", json_integer (AGENT_EXIT_REFUSED));
        json_object_set_new (r, "message", json_string (
            _("not accepted: the hub's audit chain does not hold from its first entry either; "
              "keep agent.db as evidence and tell the municipality's operator")));
        out->response = r;
        return;
    }
    json_decref (check);
    uint64_t now = agent_config_now_ms (ctx->config);
    char path [AGENT_MAX_PATH + 64];
    s_evidence_base (ctx, "audit-anchor-replaced", now, path, sizeof path);
    json_t *evidence = json_pack ("{sososs}", "replaced_anchor", s_head_json (anchor),
                                  "replaced_at", agent_json_time_new (now),
                                  "reason", "regie audit accept: the hub's chain no longer "
                                            "extended this anchor (a restored hub)");
    int written = s_evidence_write (path, sizeof path, evidence);
    json_decref (evidence);
    if (written != 0) {
        json_decref (r);
        s_internal (out, "audit", _("cannot write the evidence file next to agent.db"));
        return;
    }
    if (agent_store_head_replace (ctx->store, &reached) != 0) {
        json_decref (r);
        s_internal (out, "audit", agent_store_error (ctx->store));
        return;
    }
    json_object_set_new (r, "accepted", json_true ());
    json_object_set_new (r, "head", s_head_json (&reached));
    json_object_set_new (r, "extension_check", json_string ("accepted"));
    json_object_set_new (r, "checked_entries", json_integer (checked));
    json_object_set_new (r, "now_at", json_integer ((json_int_t) reached.audit_seq));
    json_object_set_new (r, "evidence", json_string (path));
    out->response = r;
}

static void
s_cmd_audit (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out)
{
    const char *what = s_str (request, "what");
    bool accept = what && strcmp (what, "accept") == 0;
    if (what && strcmp (what, "check") != 0 && !accept) {
        s_bad (out, "audit", _("the audit command knows two actions: check (regie audit check) "
                               "and accept (regie audit accept, after a restored hub)"));
        return;
    }
    agent_head_t head;
    int found = agent_store_head_get (ctx->store, &head);
    if (found < 0) {
        s_internal (out, "audit", agent_store_error (ctx->store));
        return;
    }
    json_t *r = s_ok ("audit");
    if (found == 1) {
        json_object_set_new (r, "head", s_head_json (&head));
        json_object_set_new (r, "verified", json_string ("signature"));
    }
    else
        json_object_set_new (r, "head", json_null ());
    if (accept && found == 1) {
        s_audit_accept (ctx, &head, r, out);
        return;
    }
    if (found == 1) {
        json_t *check = agent_audit_check (ctx, &head);
        if (!check) {
            json_decref (r);
            s_internal (out, "audit", agent_store_error (ctx->store));
            return;
        }
        json_object_update (r, check);
        json_decref (check);
    }
    else {
        json_object_set_new (r, "extension_check", json_string ("no_head_yet"));
        json_object_set_new (r, "note", json_string (_("No signed head received from the hub yet: "
                                                       "send a message first.")));
    }
    out->response = r;
}

/* ---- the outbox ------------------------------------------------------------ */

/*  What a receipt says, into o: the hub's number, whether it was a
    duplicate, and its note (code and arguments) and recipient when it has
    them; legacy, a version 1 row's note sentence, as "note_text".           */
static void
s_receipt_json (json_t *o, uint64_t hub_seq, bool duplicate, const char *note,
                const char *note_args, const char *legacy, const char *to)
{
    json_object_set_new (o, "hub_seq", json_integer ((json_int_t) hub_seq));
    json_object_set_new (o, "duplicate", json_boolean (duplicate));
    if (note && *note) {
        json_object_set_new (o, "note", json_string (note));
        json_t *args = note_args && *note_args ? json_loads (note_args, 0, NULL) : NULL;
        json_object_set_new (o, "note_args", json_is_object (args) ? args : json_object ());
        if (args && !json_is_object (args))
            json_decref (args);
    }
    if (legacy && *legacy)
        json_object_set_new (o, "note_text", json_string (legacy));
    if (to && *to)
        json_object_set_new (o, "to", json_string (to));
}

typedef struct {
    json_t *list;
    bool resend;
    int64_t questions;
    uint8_t (*ids) [PROTO_ID_BYTES];    /* resend: the rows to queue again    */
    size_t count, cap;
    bool failed;
} outbox_walk_t;

static int
s_outbox_row (void *arg, const agent_outbox_row_t *row)
{
    outbox_walk_t *w = (outbox_walk_t *) arg;
    if (w->resend) {
        const proto_type_t *type = proto_type_find (row->type, strlen (row->type));
        if (!type || (type->flags & (PROTO_T_QUERY | PROTO_T_LINK)))
            w->questions++;
        else {
            /* queued again once the walk is over: not under its statement  */
            if (w->count == w->cap) {
                size_t cap = w->cap ? 2 * w->cap : 64;
                void *ids = realloc (w->ids, cap * sizeof *w->ids);
                if (!ids) {
                    w->failed = true;
                    return 1;
                }
                w->ids = ids;
                w->cap = cap;
            }
            memcpy (w->ids [w->count++], row->id, PROTO_ID_BYTES);
        }
        return 0;
    }
    static const char *states [] = { "waiting", "receipted", "refused" };
    json_t *o = json_pack ("{sossssso}", "id", agent_json_hex_new (row->id, PROTO_ID_BYTES),
                           "type", row->type,
                           "state", row->state >= 0 && row->state <= 2 ? states [row->state] : "?",
                           "queued", agent_json_time_new (row->created));
    json_object_set_new (o, "sent_count", json_integer (row->sent_count));
    if (row->done_at)
        json_object_set_new (o, "done", agent_json_time_new (row->done_at));
    if (row->state == AGENT_OUT_RECEIPTED)
        s_receipt_json (o, row->hub_seq, row->duplicate, row->note_code, row->note_args, row->note,
                        row->to);
    if (row->state == AGENT_OUT_REFUSED)
        json_object_set_new (o, "refused", s_error_json (row->err_code, row->err_name,
                                                         row->err_reason_code, row->err_args,
                                                         row->err_field, row->err_reason));
    json_array_append_new (w->list, o);
    return 0;
}

static int
s_receipt_evidence (void *arg, const agent_receipt_t *r, uint64_t done_at)
{
    json_t *o = (json_t *) arg;
    json_t *proof = json_array ();
    for (size_t k = 0; r->proof && k + PROTO_DIGEST_BYTES <= r->proof_len; k += PROTO_DIGEST_BYTES)
        json_array_append_new (proof, agent_json_hex_new (r->proof + k, PROTO_DIGEST_BYTES));
    json_object_set_new (o, "hub_seq", json_integer ((json_int_t) r->hub_seq));
    json_object_set_new (o, "receipted", agent_json_time_new (done_at));
    json_object_set_new (o, "item", agent_json_hex_new (r->item, r->item ? r->item_len : 0));
    json_object_set_new (o, "index", json_integer (r->index));
    json_object_set_new (o, "proof", proof);
    json_object_set_new (o, "head", agent_json_hex_new (r->head, r->head ? r->head_len : 0));
    json_object_set_new (o, "head_sig", agent_json_hex_new (r->head_sig,
                                                            r->head_sig ? PROTO_SIGNATURE_BYTES : 0));
    return 0;
}

/*  Before `regie outbox resend` queues the rows in w again: the receipts
    the lost hub store gave them, each with its Merkle proof and signed
    batch head, in DIR/receipts-before-resend-STAMP.json (never over an
    earlier file; synced). Their new receipts replace them in the outbox,
    and these still prove that the hub had taken each message. path gets
    the file's name. 0, or -1.                                               */
static int
s_resend_evidence (agent_ctx_t *ctx, const outbox_walk_t *w, uint64_t after, char *path,
                   size_t size)
{
    uint64_t now = agent_config_now_ms (ctx->config);
    json_t *list = json_array ();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < w->count; i++) {
        json_t *o = json_pack ("{so}", "id", agent_json_hex_new (w->ids [i], PROTO_ID_BYTES));
        rc = agent_store_outbox_receipt_get (ctx->store, w->ids [i], s_receipt_evidence, o) == 1
           ? 0 : -1;
        json_array_append_new (list, o);
    }
    json_t *evidence = json_pack ("{sosIsoss}", "resent_at", agent_json_time_new (now),
                                  "after", (json_int_t) after, "receipts", list,
                                  "reason", "regie outbox resend: the hub was restored from a "
                                            "backup that ends at message `after`; these are the "
                                            "receipts its lost store gave");
    s_evidence_base (ctx, "receipts-before-resend", now, path, size);
    if (rc == 0 && s_evidence_write (path, size, evidence) != 0)
        rc = -1;
    json_decref (evidence);
    if (rc != 0)
        path [0] = '\0';
    return rc;
}

/* ---- receipt ---------------------------------------------------------- */

typedef struct {
    bool found;
    int state;
    char type [PROTO_MAX_TYPE_BYTES + 1];
    uint8_t digest [PROTO_DIGEST_BYTES];
} receipt_row_t;

static int
s_receipt_row (void *arg, const agent_outbox_row_t *row)
{
    receipt_row_t *r = (receipt_row_t *) arg;
    r->found = true;
    r->state = row->state;
    snprintf (r->type, sizeof r->type, "%s", row->type);
    proto_digest (r->digest, row->envelope, row->envelope_len);
    return 1;
}

typedef struct {
    const uint8_t *hub_key;
    const uint8_t *id, *digest;
    json_t *r;                          /* the answer being filled           */
} receipt_check_t;

/*  Checks the kept receipt as anyone holding it and the hub's certificate
    could: the hub's signature on the batch head, the item's Merkle path to
    the head's root, and that the item names this message and the digest of
    the envelope sent.                                                        */
static int
s_receipt_check (void *arg, const agent_receipt_t *kept, uint64_t done_at)
{
    receipt_check_t *c = (receipt_check_t *) arg;
    /* the kept proof is the path's hashes end to end, as proto_hash_t[]     */
    const proto_hash_t *path = (const proto_hash_t *) kept->proof;
    size_t depth = kept->proof_len / PROTO_DIGEST_BYTES;
    proto_batch_head_t head;
    proto_receipt_item_t item;
    memset (&head, 0, sizeof head);
    memset (&item, 0, sizeof item);
    proto_result_t rc = kept->proof_len % PROTO_DIGEST_BYTES ? PROTO_BAD_VALUE
                      : proto_receipt_verify_parts (c->hub_key, kept->head, kept->head_len,
                                                    kept->head_sig, kept->item, kept->item_len,
                                                    kept->index, path, depth, &head, &item);
    const char *failure = NULL;
    if (rc == PROTO_BAD_SIGNATURE)
        failure = _("the hub's signature or the Merkle path does not hold: this receipt was not "
                    "given by the hub of agent.conf's hub certificate, or it was changed since");
    else
    if (rc != PROTO_OK)
        failure = _("the kept receipt cannot be read");
    else
    if (memcmp (item.id, c->id, PROTO_ID_BYTES) != 0)
        failure = _("the receipt names another message");
    else
    if (!item.duplicate && memcmp (item.digest, c->digest, PROTO_DIGEST_BYTES) != 0)
        failure = _("the receipt names another envelope than the one sent");
    json_t *r = c->r;
    json_object_set_new (r, "check", json_string (failure ? "INVALID" : "valid"));
    if (failure) {
        json_object_set_new (r, "reason", json_string (failure));
        json_object_set_new (r, "exit", json_integer (AGENT_EXIT_REFUSED));
        return 0;
    }
    json_object_set_new (r, "receipted", agent_json_time_new (done_at));
    char *note_args = agent_json_args_text (&item.note_args);
    s_receipt_json (r, item.seq, item.duplicate, item.note, note_args, NULL, item.to);
    free (note_args);
    json_object_set_new (r, "batch", json_integer ((json_int_t) head.batch));
    json_object_set_new (r, "batch_messages", json_integer (head.leaves));
    json_object_set_new (r, "committed", agent_json_time_new (head.ts));
    json_object_set_new (r, "hub_key", agent_json_hex_new (head.hub, PROTO_PUBKEY_BYTES));
    return 0;
}

/*  `regie receipt ID`: the hub's receipt of a message this partner sent,
    checked here against the hub's certificate - proof that the hub took
    the message durably, which the partner can show to anyone.              */
static void
s_cmd_receipt (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out)
{
    uint8_t id [PROTO_ID_BYTES];
    const char *arg = s_str (request, "id");
    json_t *v = json_object_get (request, "id");
    /* the hub's number (as regie outbox shows it) or the message's id      */
    char *end = NULL;
    unsigned long long seq = arg && strlen (arg) < 2 * PROTO_ID_BYTES && *arg >= '0' && *arg <= '9'
                           ? strtoull (arg, &end, 10) : 0;
    if (json_is_integer (v) && json_integer_value (v) > 0)
        seq = (unsigned long long) json_integer_value (v);
    else
    if (seq && (!end || *end))
        seq = 0;
    if (seq) {
        int found = seq <= PROTO_MAX_SEQ ? agent_store_outbox_id_by_seq (ctx->store, seq, id) : 0;
        if (found < 0) {
            s_internal (out, "receipt", agent_store_error (ctx->store));
            return;
        }
        if (found == 0) {
            s_bad (out, "receipt", _("no message of this agent has that hub number (regie outbox)"));
            return;
        }
    }
    else
    if (!v || agent_json_hex (v, id, PROTO_ID_BYTES) != 0) {
        s_bad (out, "receipt", _("give the hub's number or the message's id (32 hex characters), "
                                 "as regie outbox shows them"));
        return;
    }
    proto_cert_t hub_cert;
    char why [256];
    if (proto_cert_load (&hub_cert, ctx->config->hub_cert, why, sizeof why) != 0) {
        s_internal (out, "receipt", why);
        return;
    }
    receipt_row_t row;
    memset (&row, 0, sizeof row);
    if (agent_store_outbox_get (ctx->store, id, s_receipt_row, &row) < 0) {
        s_internal (out, "receipt", agent_store_error (ctx->store));
        return;
    }
    if (!row.found || row.state != AGENT_OUT_RECEIPTED) {
        s_bad (out, "receipt", !row.found ? _("no receipt: that message is not in this agent's outbox")
                               : row.state == AGENT_OUT_PENDING
                               ? _("no receipt: that message is still waiting to be sent")
                               : row.state == AGENT_OUT_REFUSED
                               ? _("no receipt: that message was refused by the hub")
                               : _("no receipt: that message has none"));
        return;
    }
    json_t *r = s_ok ("receipt");
    json_object_set_new (r, "id", agent_json_hex_new (id, PROTO_ID_BYTES));
    json_object_set_new (r, "type", json_string (row.type));
    receipt_check_t c = { hub_cert.sign_key, id, row.digest, r };
    int found = agent_store_outbox_receipt_get (ctx->store, id, s_receipt_check, &c);
    if (found != 1) {
        json_decref (r);
        s_internal (out, "receipt", found < 0 ? agent_store_error (ctx->store)
                                              : _("the receipt went while it was read"));
        return;
    }
    out->response = r;
}

/*  `regie outbox`: what this partner sent, newest first, each with its
    state - waiting, receipted (with the hub's number, to whom, the hub's
    note), refused (with the reason). --after N keeps those the hub
    receipted with a number after N and below N + PROTO_RESTORE_SEQ_GAP,
    where a restored hub's own numbers begin.
    `regie outbox resend --after N`, once the operator said the hub was
    restored from a backup that ends at message N: every message the hub
    receipted after N is sent again - questions excepted, they are asked
    anew when needed - with its own id (and a fresh timestamp when its own
    is too old), in the order it was first sent; one the restored hub does
    hold after all is receipted as "stored before".                           */
static void
s_cmd_outbox (agent_ctx_t *ctx, json_t *request, agent_prepared_t *out, bool cli)
{
    const char *what = s_str (request, "what");
    bool resend = what && strcmp (what, "resend") == 0;
    if (what && !resend) {
        s_bad (out, "outbox", _("the outbox command knows one action: resend "
                                "(regie outbox resend --after N, after a restored hub)"));
        return;
    }
    json_int_t after, limit;
    if (s_number (request, "outbox", "after", cli, resend ? 1 : 0, (json_int_t) PROTO_MAX_SEQ, 0,
                  &after, out)
    ||  s_number (request, "outbox", "limit", cli, 1, AGENT_INBOX_MAX_LIMIT, AGENT_INBOX_DEFAULT_LIMIT,
                  &limit, out))
        return;
    if (resend && !json_object_get (request, "after")) {
        s_bad (out, "outbox", cli ? _("resend needs --after N: the last message the restored hub's "
                                      "backup holds (the operator has the number)")
                                  : _("resend needs after: the last message the restored hub's "
                                      "backup holds"));
        return;
    }
    outbox_walk_t w = { json_array (), resend, 0, NULL, 0, 0, false };
    int64_t resent = 0;
    int rc = agent_store_begin (ctx->store);
    if (rc == 0)
        rc = agent_store_outbox_list (ctx->store, (uint64_t) after,
                                      resend ? (size_t) INT64_MAX : (size_t) limit,
                                      s_outbox_row, &w) < 0 || w.failed ? -1 : 0;
    /* the receipts the lost store gave are kept before the rows are queued
       again (their new receipts replace them in the outbox)                */
    char evidence [AGENT_MAX_PATH + 80] = "";
    if (rc == 0 && w.count && s_resend_evidence (ctx, &w, (uint64_t) after, evidence,
                                                 sizeof evidence) != 0) {
        agent_store_rollback (ctx->store);
        free (w.ids);
        json_decref (w.list);
        s_internal (out, "outbox", _("cannot keep the lost store's receipts as evidence next to "
                                     "agent.db (receipts-before-resend-*.json); nothing was "
                                     "queued"));
        return;
    }
    /* oldest first, so that they go out in the order they were first sent;
       the daemon sends pending rows in that order in any case              */
    for (size_t i = w.count; rc == 0 && i > 0; i--) {
        int changed = agent_store_outbox_requeue (ctx->store, w.ids [i - 1]);
        if (changed < 0)
            rc = -1;
        else
            resent += changed;
    }
    free (w.ids);
    if (s_tx_end (ctx, rc, "outbox", out)) {
        if (evidence [0])
            unlink (evidence);          /* nothing was queued again         */
        json_decref (w.list);
        return;
    }
    json_t *r = s_ok ("outbox");
    if (resend) {
        json_decref (w.list);
        json_object_set_new (r, "resend_after", json_integer (after));
        json_object_set_new (r, "resent", json_integer (resent));
        json_object_set_new (r, "questions_skipped", json_integer (w.questions));
        if (evidence [0])
            json_object_set_new (r, "evidence", json_string (evidence));
    }
    else {
        if (after)
            json_object_set_new (r, "after", json_integer (after));
        json_object_set_new (r, "messages", w.list);
    }
    out->response = r;
}

/* ---- sending commands ----------------------------------------------------- */

static void
s_cmd_send (agent_ctx_t *ctx, const agent_cmd_t *c, json_t *request, agent_prepared_t *out,
            bool cli)
{
    const proto_type_t *type = proto_type_find (c->type, strlen (c->type));
    char err [1024];
    if (!type) {
        s_internal (out, c->name, _("the command's message type is unknown"));
        return;
    }
    if (!(proto_identity_cert (ctx->identity)->roles & type->roles)) {
        char roles [PROTO_MAX_ROLES_BYTES + 1];
        proto_roles_format (roles, sizeof roles, type->roles);
        snprintf (err, sizeof err, _("this partner's roles do not allow regie %s (it needs one of: "
                                     "%s); nothing was sent"), c->name, roles);
        s_bad (out, c->name, err);
        return;
    }
    household_t h;
    int rc = s_household (ctx, request, "", &h, cli, err, sizeof err);
    if (rc == 0 && (type->flags & PROTO_T_SUBJECT) && !h.named) {
        snprintf (err, sizeof err, "%s", cli
                  ? _("name the household: --bsn BSN, --postcode PC --number N [--addition A], "
                      "--ref HEX or --label NAME")
                  : _("name the household: bsn, postcode+number[+addition], ref or label"));
        rc = -1;
    }
    if (rc == 0 && !(type->flags & PROTO_T_SUBJECT) && h.named) {
        snprintf (err, sizeof err, _("regie %s is not about a household; leave out the household "
                                     "options"), c->name);
        rc = -1;
    }
    json_t *args = rc == 0 ? json_deep_copy (request) : NULL;
    if (rc == 0 && c->fixed_key)
        json_object_set_new (args, c->fixed_key, json_string (c->fixed_value));
    /* the signaller's contact defaults to the one in our certificate */
    if (rc == 0 && proto_type_field (type, "contact") && !json_object_get (args, "contact")
    &&  proto_identity_cert (ctx->identity)->contact [0])
        json_object_set_new (args, "contact", json_string (proto_identity_cert (ctx->identity)->contact));
    /* signal: informed=no needs its reason; --not-informed-reason implies no */
    if (rc == 0 && strcmp (type->name, "signal") == 0 && !json_object_get (args, "informed")
    &&  json_object_get (args, "not_informed_reason"))
        json_object_set_new (args, "informed", json_false ());
    if (rc == 0 && (strcmp (type->name, "link") == 0 || strcmp (type->name, "unlink") == 0
                    || strcmp (type->name, "move") == 0)) {
        household_t m;
        bool link = strcmp (type->name, "move") != 0;
        rc = s_household (ctx, request, link ? "member_" : "new_", &m, cli, err, sizeof err);
        if (rc == 0 && m.has_person)
            json_object_set_new (args, "person", agent_json_hex_new (m.person, PROTO_REF_BYTES));
        if (rc == 0 && m.has_address)
            json_object_set_new (args, "address", agent_json_hex_new (m.address, PROTO_REF_BYTES));
        if (rc == 0 && !m.named && !json_object_get (args, link ? "person" : "address")
        &&  !(link && json_object_get (args, "address"))) {
            snprintf (err, sizeof err, "%s", link
                      ? _("name the member: --member-bsn BSN (or --member-postcode/--member-number)")
                      : _("name the new address: --new-postcode PC --new-number N "
                          "[--new-addition A]"));
            rc = -1;
        }
    }
    if (rc == -1) {
        json_decref (args);
        s_bad (out, c->name, err);
        return;
    }
    if (rc < 0) {
        json_decref (args);
        s_internal (out, c->name, err);
        return;
    }
    json_t *body = agent_json_body (type, args, &ctx->config->tax, cli, err, sizeof err);
    json_decref (args);
    if (!body) {
        s_bad (out, c->name, err);
        return;
    }
    out->msg = agent_message_new (ctx->identity, &ctx->config->tax, type,
                                  agent_config_now_ms (ctx->config),
                                  h.has_person ? h.person : NULL, h.has_address ? h.address : NULL,
                                  NULL, body, err, sizeof err);
    json_decref (body);
    if (!out->msg) {
        s_bad (out, c->name, err);
        return;
    }
    out->query = (type->flags & PROTO_T_QUERY) != 0;
    if (h.named)
        out->info = json_pack ("{so}", "household",
                               s_household_json (ctx, h.has_person ? h.person : NULL,
                                                 h.has_address ? h.address : NULL));
}

void
agent_request_prepare (agent_ctx_t *ctx, json_t *request, bool cli,
                       const agent_daemon_facts_t *facts, agent_prepared_t *out)
{
    memset (out, 0, sizeof *out);
    out->request = json_incref (request);
    char err [512];
    if (agent_request_check (request, err, sizeof err)) {
        s_bad (out, "", err);
        return;
    }
    const char *name = json_string_value (json_object_get (request, "cmd"));
    const agent_cmd_t *c = agent_cmd_find (name);
    if (!c) {
        snprintf (err, sizeof err, _("unknown command \"%.40s\" (see regie --help)"), name);
        s_bad (out, name, err);
        return;
    }
    if (s_keys_check (c, request, cli, err, sizeof err)) {
        s_bad (out, c->name, err);
        return;
    }
    out->wait_ms = ctx->config->wait;
    json_t *wait = json_object_get (request, "wait");
    if (wait) {
        if (!json_is_integer (wait) || json_integer_value (wait) < 0
        ||  json_integer_value (wait) * 1000 > AGENT_WAIT_MAX_MS) {
            snprintf (err, sizeof err, _("%s needs a number of seconds from 0 to %d"),
                      cli ? "--wait" : "wait", AGENT_WAIT_MAX_MS / 1000);
            s_bad (out, c->name, err);
            return;
        }
        out->wait_ms = (int) json_integer_value (wait) * 1000;
    }
    if (!c->type) {
        if (strcmp (c->name, "inbox") == 0)
            s_cmd_inbox (ctx, request, out, cli);
        else
        if (strcmp (c->name, "minutes") == 0)
            s_cmd_minutes (ctx, request, out, cli);
        else
        if (strcmp (c->name, "label") == 0)
            s_cmd_label (ctx, request, out, cli);
        else
        if (strcmp (c->name, "status") == 0)
            s_cmd_status (ctx, facts, out);
        else
        if (strcmp (c->name, "audit") == 0)
            s_cmd_audit (ctx, request, out);
        else
        if (strcmp (c->name, "outbox") == 0)
            s_cmd_outbox (ctx, request, out, cli);
        else
        if (strcmp (c->name, "receipt") == 0)
            s_cmd_receipt (ctx, request, out);
        else
            s_internal (out, c->name, _("command without handler"));
        return;
    }
    s_cmd_send (ctx, c, request, out, cli);
}

json_t *
agent_response_outcome (agent_ctx_t *ctx, const agent_prepared_t *p, const agent_event_t *event,
                        const char *status)
{
    const char *cmd = json_string_value (json_object_get (p->request, "cmd"));
    json_t *r = NULL;
    char text [512];
    int wait_s = p->wait_ms / 1000;
    if (event && event->kind == AGENT_EV_RECEIPT) {
        r = s_ok (cmd);
        json_object_set_new (r, "status", json_string ("receipted"));
        s_receipt_json (r, event->hub_seq, event->duplicate, event->note, event->note_args, NULL,
                        event->to);
    }
    else
    if (event && event->kind == AGENT_EV_REFUSED) {
        r = json_pack ("{sbsissss}", "ok", 0, "exit", AGENT_EXIT_REFUSED, "cmd", cmd,
                       "status", "refused");
        json_object_set_new (r, "error", s_error_json (event->code, event->name, event->reason_code,
                                                       event->args, event->field, NULL));
    }
    else
    if (event && event->kind == AGENT_EV_ANSWER) {
        r = s_ok (cmd);
        json_object_set_new (r, "status", json_string ("answered"));
        if (strcmp (cmd, "minutes") == 0) {
            json_object_set_new (r, "source", json_string ("hub"));
            json_t *minutes = json_pack ("{sO}", "message", event->answer);
            /* the answer names no household: the round's, as this agent
               knows it (the round it sent, or the invitation it received) */
            uint8_t round [PROTO_ID_BYTES];
            json_t *household = NULL;
            json_t *names = agent_json_hex (json_object_get (json_object_get (event->answer, "body"),
                                                             "round"), round, PROTO_ID_BYTES) == 0
                          ? s_partner_names (ctx, round, &household)
                          : s_partner_names (ctx, NULL, NULL);
            if (household)
                json_object_set_new (minutes, "household", household);
            json_object_set_new (r, "minutes", minutes);
            json_object_set_new (r, "names", names);
        }
        else
            json_object_set (r, "answer", event->answer);
    }
    else
    if (status && strcmp (status, "accepted") == 0) {
        r = s_ok (cmd);
        json_object_set_new (r, "status", json_string ("queued"));
        json_object_set_new (r, "message", json_string (_("kept in the outbox; the agent sends it "
                                                          "and keeps the hub's receipt")));
    }
    else {
        int code = AGENT_EXIT_UNREACHABLE;
        if (status && strcmp (status, "queued") == 0)
            snprintf (text, sizeof text, _("the hub did not confirm within %d s; the message is kept "
                                           "in the outbox and will be sent when the hub is "
                                           "reachable"), wait_s);
        else
        if (status && strcmp (status, "waiting") == 0)
            snprintf (text, sizeof text, _("sent, but no receipt within %d s; the message stays in "
                                           "the outbox and is sent again until the hub confirms it"),
                      wait_s);
        else
        if (status && strcmp (status, "no_answer") == 0)
            snprintf (text, sizeof text, _("the hub did not answer within %d s; ask again later"),
                      wait_s);
        else
        if (status && strcmp (status, "unconfirmed") == 0)
            snprintf (text, sizeof text, _("sent directly, but no receipt within %d s: the hub may "
                                           "or may not have it. Nothing is kept for resending"),
                      wait_s);
        else
            snprintf (text, sizeof text, "%s", p->query
                      ? _("the hub is unreachable; nothing was sent")
                      : _("the hub is unreachable; nothing was sent (direct mode keeps no outbox: "
                          "send it again later, or use the daemon)"));
        r = agent_response_error (cmd, code, status ? status : "not_sent", text);
        json_object_set_new (r, "status", json_string (status ? status : "not_sent"));
    }
    if (p->msg) {
        json_object_set_new (r, "id", agent_json_hex_new (p->msg->id, PROTO_ID_BYTES));
        json_object_set_new (r, "type", json_string (p->msg->type->name));
    }
    if (p->info)
        json_object_update (r, p->info);
    json_t *tag = json_object_get (p->request, "tag");
    if (tag)
        json_object_set (r, "tag", tag);
    return r;
}
