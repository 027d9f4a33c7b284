/*  agent_json.c - schema-driven JSON <-> msgpack bodies. See agent_json.h. */
#include "agent_json.h"
#include "agent_output.h"
#include "proto_identity.h"
#include "proto_sign.h"
#include "proto_msgpack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_HEX_MAX   (PROTO_MAX_ENVELOPE_BYTES * 2 + 1)

void
agent_json_field_label (char *out, size_t outlen, const char *field, bool cli)
{
    if (!cli) {
        snprintf (out, outlen, "%s", field);
        return;
    }
    int n = snprintf (out, outlen, "--%s", field);
    for (int i = 2; i < n && (size_t) i < outlen; i++)
        if (out [i] == '_')
            out [i] = '-';
}

int
agent_json_hex (const json_t *value, uint8_t *out, size_t n)
{
    if (!json_is_string (value) || json_string_length (value) != n * 2)
        return -1;
    const char *s = json_string_value (value);
    for (size_t i = 0; i < n * 2; i++)
        if (!((s [i] >= '0' && s [i] <= '9') || (s [i] >= 'a' && s [i] <= 'f')
           || (s [i] >= 'A' && s [i] <= 'F')))
            return -1;
    char lower [S_HEX_MAX];
    if (n * 2 >= sizeof lower)
        return -1;
    for (size_t i = 0; i < n * 2; i++)
        lower [i] = (char) (s [i] >= 'A' && s [i] <= 'F' ? s [i] - 'A' + 'a' : s [i]);
    lower [n * 2] = 0;
    return proto_unhex (out, n, lower);
}

json_t *
agent_json_hex_new (const uint8_t *bytes, size_t n)
{
    char *text = (char *) malloc (n * 2 + 1);
    if (!text)
        return NULL;
    proto_hex (text, bytes, n);
    json_t *value = json_string (text);
    free (text);
    return value;
}

json_t *
agent_json_time_new (uint64_t ms)
{
    char text [AGENT_TIME_CHARS];
    agent_time_iso (text, ms);
    return json_string (text);
}

int
agent_json_bool (const json_t *v, bool *out)
{
    if (json_is_boolean (v)) {
        *out = json_is_true (v);
        return 0;
    }
    if (!json_is_string (v))
        return -1;
    static const char *yes [] = { "yes", "ja", "true", "1", "on", NULL };
    static const char *no [] = { "no", "nee", "false", "0", "off", NULL };
    const char *s = json_string_value (v);
    for (int i = 0; yes [i]; i++)
        if (strcasecmp (s, yes [i]) == 0) {
            *out = true;
            return 0;
        }
    for (int i = 0; no [i]; i++)
        if (strcasecmp (s, no [i]) == 0) {
            *out = false;
            return 0;
        }
    return -1;
}

static int
s_uint (const json_t *v, uint64_t *out)
{
    if (json_is_integer (v)) {
        if (json_integer_value (v) < 0)
            return -1;
        *out = (uint64_t) json_integer_value (v);
        return 0;
    }
    if (!json_is_string (v) || json_string_length (v) == 0 || json_string_length (v) > 19)
        return -1;
    uint64_t n = 0;
    for (const char *p = json_string_value (v); *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (uint64_t) (*p - '0');
    }
    *out = n;
    return 0;
}

/*  One string value within 1..max bytes, valid UTF-8.                       */
static int
s_string (const json_t *v, uint32_t max, bool newlines, const char *label,
          char *err, size_t errlen)
{
    if (!json_is_string (v)) {
        snprintf (err, errlen, _("%s must be text"), label);
        return -1;
    }
    size_t len = json_string_length (v);
    const char *s = json_string_value (v);
    if (len == 0 || strspn (s, " \t\n") == len) {
        snprintf (err, errlen, _("%s may not be empty"), label);
        return -1;
    }
    if (len > max) {
        snprintf (err, errlen, _("%s is %zu bytes long; at most %u are allowed"), label, len, max);
        return -1;
    }
    if (strlen (s) != len || !proto_utf8_valid ((const uint8_t *) s, len, newlines)) {
        if (newlines)
            snprintf (err, errlen, _("%s holds control characters or invalid UTF-8"), label);
        else
            snprintf (err, errlen, _("%s holds line breaks, control characters or invalid UTF-8 "
                                     "(write it on one line)"), label);
        return -1;
    }
    return 0;
}

static int
s_partner (const json_t *v, const char *label, char *err, size_t errlen)
{
    if (!json_is_string (v) || json_string_length (v) == 0
    ||  json_string_length (v) > PROTO_MAX_PARTNER_ID_BYTES
    ||  !proto_partner_id_valid (json_string_value (v), json_string_length (v))) {
        snprintf (err, errlen, _("%s must be a partner id: 1 to %d of a-z, 0-9 and '-', "
                                 "not starting with '-'"), label, PROTO_MAX_PARTNER_ID_BYTES);
        return -1;
    }
    return 0;
}

/*  Partner list from an array or "a,b,c".                                   */
static json_t *
s_partners (const json_t *v, uint32_t max, const char *label, char *err, size_t errlen)
{
    json_t *list = json_array ();
    if (!list)
        return NULL;
    if (json_is_string (v)) {
        const char *s = json_string_value (v);
        if (json_string_length (v) > (size_t) max * (PROTO_MAX_PARTNER_ID_BYTES + 2)) {
            snprintf (err, errlen, _("%s names more than %u partners"), label, max);
            json_decref (list);
            return NULL;
        }
        while (*s) {
            while (*s == ',' || *s == ' ')
                s++;
            size_t n = strcspn (s, ", ");
            if (n == 0)
                break;
            json_array_append_new (list, json_stringn (s, n));
            s += n;
        }
    }
    else
    if (json_is_array (v) && json_array_size (v) <= max) {
        size_t i;
        json_t *e;
        json_array_foreach (v, i, e)
            json_array_append (list, e);
    }
    else {
        snprintf (err, errlen, _("%s must be a list of at most %u partner ids"), label, max);
        json_decref (list);
        return NULL;
    }
    size_t count = json_array_size (list);
    if (count == 0 || count > max) {
        snprintf (err, errlen, _("%s must name 1 to %u partners"), label, max);
        json_decref (list);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        json_t *e = json_array_get (list, i);
        if (s_partner (e, label, err, errlen)) {
            json_decref (list);
            return NULL;
        }
        for (size_t j = 0; j < i; j++)
            if (json_equal (e, json_array_get (list, j))) {
                snprintf (err, errlen, _("%s names %s twice"), label, json_string_value (e));
                json_decref (list);
                return NULL;
            }
    }
    return list;
}

static json_t *
s_value (const proto_field_t *f, const json_t *v, const proto_taxonomy_t *tax, const char *label,
         char *err, size_t errlen)
{
    switch (f->kind) {
        case PF_TEXT:
        case PF_LINE:
            if (s_string (v, f->max, f->kind == PF_TEXT, label, err, errlen))
                return NULL;
            return json_incref ((json_t *) v);
        case PF_TERM: {
            char allowed [2048];
            proto_taxonomy_format (allowed, sizeof allowed, tax, f->list);
            if (!json_is_string (v) || json_string_length (v) == 0
            ||  json_string_length (v) > PROTO_MAX_TAXON_BYTES
            ||  (tax && proto_taxonomy_index (tax, f->list, json_string_value (v),
                                              json_string_length (v)) < 0)) {
                if (json_is_string (v) && json_string_length (v) <= PROTO_MAX_TAXON_BYTES)
                    /* TRANSLATORS: an option, the term typed, the terms allowed */
                    snprintf (err, errlen, _("%s \"%s\" is not a known term; allowed: %s"), label,
                              json_string_value (v), allowed);
                else
                    snprintf (err, errlen, _("%s must be one of: %s"), label, allowed);
                return NULL;
            }
            return json_incref ((json_t *) v);
        }
        case PF_PARTNER:
            if (s_partner (v, label, err, errlen))
                return NULL;
            return json_incref ((json_t *) v);
        case PF_PARTNERS:
            return s_partners (v, f->max, label, err, errlen);
        case PF_ID:
        case PF_REF:
        case PF_DIGEST: {
            size_t n = f->kind == PF_ID ? PROTO_ID_BYTES : PROTO_REF_BYTES;
            uint8_t bytes [PROTO_REF_BYTES];
            if (agent_json_hex (v, bytes, n)) {
                if (f->kind == PF_ID)
                    snprintf (err, errlen, _("%s must be a message id: %zu hexadecimal characters "
                                             "as shown by `regie inbox`"), label, n * 2);
                else
                if (f->kind == PF_REF)
                    snprintf (err, errlen, _("%s must be a pseudonym: %zu hexadecimal characters"),
                              label, n * 2);
                else
                    snprintf (err, errlen, _("%s must be a digest: %zu hexadecimal characters"),
                              label, n * 2);
                return NULL;
            }
            return agent_json_hex_new (bytes, n);
        }
        case PF_TIME: {
            uint64_t ms = 0;
            if (json_is_integer (v)) {
                if (json_integer_value (v) < 0)
                    ms = 0;
                else
                    ms = (uint64_t) json_integer_value (v);
            }
            else
            if (json_is_string (v)) {
                char why [200];
                if (agent_time_parse (json_string_value (v), &ms, why, sizeof why)) {
                    snprintf (err, errlen, "%s: %s", label, why);
                    return NULL;
                }
            }
            if (ms < PROTO_TIME_MIN_MS || ms > PROTO_TIME_MAX_MS) {
                snprintf (err, errlen, _("%s must be a date from 2020 to 2099 (YYYY-MM-DD or "
                                         "DD-MM-YYYY, with a time YYYY-MM-DD HH:MM; local time)"),
                          label);
                return NULL;
            }
            return json_integer ((json_int_t) ms);
        }
        case PF_UINT: {
            uint64_t n;
            if (s_uint (v, &n) || n > f->max) {
                snprintf (err, errlen, _("%s must be a whole number from 0 to %llu"), label,
                          (unsigned long long) f->max);
                return NULL;
            }
            return json_integer ((json_int_t) n);
        }
        case PF_BOOL: {
            bool b;
            if (agent_json_bool (v, &b)) {
                snprintf (err, errlen, _("%s must be yes or no (true or false)"), label);
                return NULL;
            }
            return json_boolean (b);
        }
        case PF_BIN: {
            if (!json_is_string (v) || json_string_length (v) % 2
            ||  json_string_length (v) / 2 > f->max) {
                snprintf (err, errlen, _("%s must be hex of at most %llu bytes"), label,
                          (unsigned long long) f->max);
                return NULL;
            }
            size_t n = json_string_length (v) / 2;
            uint8_t *bytes = (uint8_t *) malloc (n + 1);
            if (!bytes || agent_json_hex (v, bytes, n)) {
                free (bytes);
                snprintf (err, errlen, _("%s must be hexadecimal"), label);
                return NULL;
            }
            json_t *out = agent_json_hex_new (bytes, n);
            free (bytes);
            return out;
        }
        case PF_RECORDS:
            snprintf (err, errlen, _("%s is written by the hub only"), label);
            return NULL;
    }
    snprintf (err, errlen, _("%s: unknown field kind"), label);
    return NULL;
}

/*  Why a body breaks a rule that spans its fields (proto_types.c's
    s_cross_validate found it at field with rc), naming the options as
    typed when cli, or else the field at fault.                              */
static void
s_rule_text (const proto_type_t *type, proto_result_t rc, const char *field, bool cli,
             char *err, size_t errlen)
{
    char a [64], b [64];
    agent_json_field_label (a, sizeof a, field ? field : "body", cli);
    if (!strcmp (type->name, "signal") && field && !strcmp (field, "not_informed_reason")) {
        agent_json_field_label (b, sizeof b, "informed", cli);
        /* TRANSLATORS: "--informed no needs --not-informed-reason: ..."; the
           second %s is the word for no (or false in JSON)                  */
        snprintf (err, errlen, _("%s %s needs %s: say why the household was not told"), b,
                  cli ? _("no") : "false", a);
    }
    else
    if (!strcmp (type->name, "agreement_status") && field && !strcmp (field, "note"))
        snprintf (err, errlen, _("%s is needed when help stalls: say why it does not get going"),
                  a);
    else
    if (!strcmp (type->name, "consent") && field && !strcmp (field, "until")) {
        agent_json_field_label (b, sizeof b, "from", cli);
        snprintf (err, errlen, _("%s must be later than %s"), a, b);
    }
    else
    if (rc == PROTO_MISSING_FIELD)
        snprintf (err, errlen, _("%s is missing"), a);
    else
        snprintf (err, errlen, _("%s is not valid here (%s)"), a, proto_result_name (rc));
}

/*  The rules of the protocol that span fields, checked on the packed body
    as the hub will check it: 0, or -1 with err.                             */
static int
s_rules_check (const proto_type_t *type, json_t *body, const proto_taxonomy_t *tax, bool cli,
               char *err, size_t errlen)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_map (&w, (uint32_t) json_object_size (body));
    agent_json_body_pack (type, body, &w);
    msgpack_unpacked up;
    const char *field = NULL;
    proto_result_t rc = proto_msgpack_unpack (&up, proto_writer_data (&w), proto_writer_size (&w),
                                              PROTO_MAX_ARRAY_ITEMS);
    if (rc != PROTO_OK) {
        /* too big to be a message at all: agent_message_new says so        */
        proto_writer_destroy (&w);
        return 0;
    }
    rc = proto_body_validate (type, &up.data, tax, &field);
    msgpack_unpacked_destroy (&up);
    proto_writer_destroy (&w);
    if (rc == PROTO_OK)
        return 0;
    s_rule_text (type, rc, field, cli, err, errlen);
    return -1;
}

json_t *
agent_json_body (const proto_type_t *type, json_t *args, const proto_taxonomy_t *tax,
                 bool cli, char *err, size_t errlen)
{
    json_t *body = json_object ();
    if (!body) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    for (const proto_field_t *f = type->fields; f->name; f++) {
        char label [64];
        agent_json_field_label (label, sizeof label, f->name, cli);
        json_t *v = json_object_get (args, f->name);
        if (!v || json_is_null (v)) {
            if (f->required) {
                /* TRANSLATORS: an option and what it is for (from --help) */
                snprintf (err, errlen, _("%s is missing: %s"), label, _(f->doc));
                json_decref (body);
                return NULL;
            }
            continue;
        }
        json_t *value = s_value (f, v, tax, label, err, errlen);
        if (!value) {
            json_decref (body);
            return NULL;
        }
        json_object_set_new (body, f->name, value);
    }
    if (s_rules_check (type, body, tax, cli, err, errlen) != 0) {
        json_decref (body);
        return NULL;
    }
    return body;
}

void
agent_json_body_pack (const proto_type_t *type, json_t *body, proto_writer_t *w)
{
    for (const proto_field_t *f = type->fields; f->name; f++) {
        json_t *v = json_object_get (body, f->name);
        if (!v)
            continue;
        proto_pack_key (w, f->name);
        switch (f->kind) {
            case PF_TEXT: case PF_LINE: case PF_TERM: case PF_PARTNER:
                proto_pack_strn (w, json_string_value (v), json_string_length (v));
                break;
            case PF_PARTNERS: {
                proto_pack_array (w, (uint32_t) json_array_size (v));
                size_t i;
                json_t *e;
                json_array_foreach (v, i, e)
                    proto_pack_strn (w, json_string_value (e), json_string_length (e));
                break;
            }
            case PF_ID: case PF_REF: case PF_DIGEST: case PF_BIN: {
                size_t n = json_string_length (v) / 2;
                uint8_t bytes [PROTO_MAX_ENVELOPE_BYTES];
                if (n > sizeof bytes || agent_json_hex (v, bytes, n))
                    n = 0;      /* cannot happen: canonical body */
                proto_pack_bin (w, bytes, n);
                break;
            }
            case PF_TIME: case PF_UINT:
                proto_pack_u64 (w, (uint64_t) json_integer_value (v));
                break;
            case PF_BOOL:
                proto_pack_bool (w, json_is_true (v));
                break;
            case PF_RECORDS:
                proto_pack_array (w, 0);
                break;
        }
    }
}

static json_t *s_fields_json (const proto_field_t *fields, const msgpack_object *map);

static json_t *
s_value_json (const proto_field_t *f, const msgpack_object *v)
{
    switch (f->kind) {
        case PF_TEXT: case PF_LINE: case PF_TERM: case PF_PARTNER:
            return v->type == MSGPACK_OBJECT_STR ? json_stringn (v->via.str.ptr, v->via.str.size)
                                                 : NULL;
        case PF_PARTNERS: {
            if (v->type != MSGPACK_OBJECT_ARRAY)
                return NULL;
            json_t *list = json_array ();
            for (uint32_t i = 0; list && i < v->via.array.size; i++) {
                const msgpack_object *e = &v->via.array.ptr [i];
                if (e->type == MSGPACK_OBJECT_STR)
                    json_array_append_new (list, json_stringn (e->via.str.ptr, e->via.str.size));
            }
            return list;
        }
        case PF_ID: case PF_REF: case PF_DIGEST: case PF_BIN:
            return v->type == MSGPACK_OBJECT_BIN
                 ? agent_json_hex_new ((const uint8_t *) v->via.bin.ptr, v->via.bin.size) : NULL;
        case PF_TIME:
            return v->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? agent_json_time_new (v->via.u64) : NULL;
        case PF_UINT:
            return v->type == MSGPACK_OBJECT_POSITIVE_INTEGER
                 ? json_integer ((json_int_t) (v->via.u64 > INT64_MAX ? INT64_MAX : v->via.u64)) : NULL;
        case PF_BOOL:
            return v->type == MSGPACK_OBJECT_BOOLEAN ? json_boolean (v->via.boolean) : NULL;
        case PF_RECORDS: {
            if (v->type != MSGPACK_OBJECT_ARRAY)
                return NULL;
            json_t *list = json_array ();
            for (uint32_t i = 0; list && i < v->via.array.size; i++) {
                json_t *e = s_fields_json (f->sub, &v->via.array.ptr [i]);
                if (e)
                    json_array_append_new (list, e);
            }
            return list;
        }
    }
    return NULL;
}

static json_t *
s_fields_json (const proto_field_t *fields, const msgpack_object *map)
{
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return NULL;
    json_t *out = json_object ();
    for (const proto_field_t *f = fields; out && f->name; f++) {
        const msgpack_object *v = proto_obj_map_get (map, f->name);
        if (!v)
            continue;
        json_t *value = s_value_json (f, v);
        if (value)
            json_object_set_new (out, f->name, value);
    }
    return out;
}

json_t *
agent_json_from_body (const proto_type_t *type, const msgpack_object *body)
{
    return s_fields_json (type->fields, body);
}

json_t *
agent_json_from_envelope (const proto_envelope_t *env)
{
    json_t *out = json_object ();
    if (!out)
        return NULL;
    json_object_set_new (out, "type", json_string (env->type->name));
    json_object_set_new (out, "id", agent_json_hex_new (env->id, PROTO_ID_BYTES));
    json_object_set_new (out, "from", agent_json_hex_new (env->from, PROTO_PUBKEY_BYTES));
    json_object_set_new (out, "ts", agent_json_time_new (env->ts));
    if (env->has_person || env->has_address) {
        json_t *subject = json_object ();
        if (env->has_person)
            json_object_set_new (subject, "person", agent_json_hex_new (env->person, PROTO_REF_BYTES));
        if (env->has_address)
            json_object_set_new (subject, "address",
                                 agent_json_hex_new (env->address, PROTO_REF_BYTES));
        json_object_set_new (out, "subject", subject);
    }
    if (env->has_re)
        json_object_set_new (out, "re", agent_json_hex_new (env->re, PROTO_ID_BYTES));
    json_t *body = agent_json_from_body (env->type, env->body);
    json_object_set_new (out, "body", body ? body : json_object ());
    return out;
}

json_t *
agent_json_args_new (const proto_args_t *args)
{
    json_t *o = json_object ();
    for (int i = 0; o && i < args->count; i++) {
        proto_arg_key_t key = (proto_arg_key_t) args->key [i];
        proto_arg_kind_t kind = proto_arg_kind (key);
        json_t *v = kind == PROTO_ARGK_TIME ? agent_json_time_new (args->num [i])
                  : kind == PROTO_ARGK_COUNT ? json_integer ((json_int_t) args->num [i])
                  : json_string (args->pool + args->off [i]);
        json_object_set_new (o, proto_arg_name (key), v);
    }
    return o;
}

char *
agent_json_args_text (const proto_args_t *args)
{
    json_t *o = agent_json_args_new (args);
    char *text = o ? json_dumps (o, JSON_COMPACT) : NULL;
    json_decref (o);
    return text;
}
