/*  proto_link.c - link messages from the hub (see proto_link.h).           */
#include "proto_link.h"
#include "proto_sign.h"
#include "proto_identity.h"
#include <string.h>
#include <stdio.h>

void
proto_batch_head_encode (proto_writer_t *w, const proto_batch_head_t *head)
{
    proto_writer_reset (w);
    proto_pack_map (w, 7);
    proto_pack_kv_bin (w, "hub", head->hub, PROTO_PUBKEY_BYTES);
    proto_pack_kv_u64 (w, "batch", head->batch);
    proto_pack_kv_u64 (w, "n", head->leaves);
    proto_pack_kv_bin (w, "root", head->root, PROTO_DIGEST_BYTES);
    proto_pack_kv_u64 (w, "ts", head->ts);
    proto_pack_kv_u64 (w, "audit_seq", head->audit_seq);
    proto_pack_kv_bin (w, "audit_head", head->audit_head, PROTO_DIGEST_BYTES);
}

void
proto_receipt_item_encode (proto_writer_t *w, const proto_receipt_item_t *item)
{
    /* the fixed part takes at most 21 + 41 + 13 + 11 + 46 + 36 bytes, the
       note_args key 10: what is left is the arguments' room               */
    bool args = item->note [0] && item->note_args.count > 0
             && proto_args_packed_size (&item->note_args) <= PROTO_MAX_NOTE_ARGS_BYTES;
    uint32_t n = 3 + (item->duplicate ? 1 : 0) + (item->note [0] ? 1 : 0) + (item->to [0] ? 1 : 0)
               + (args ? 1 : 0);
    proto_writer_reset (w);
    proto_pack_map (w, n);
    proto_pack_kv_bin (w, "id", item->id, PROTO_ID_BYTES);
    proto_pack_kv_bin (w, "digest", item->digest, PROTO_DIGEST_BYTES);
    proto_pack_kv_u64 (w, "seq", item->seq);
    if (item->duplicate)
        proto_pack_kv_bool (w, "duplicate", true);
    if (item->note [0])
        proto_pack_kv_cstr (w, "note", item->note);
    if (item->to [0])
        proto_pack_kv_cstr (w, "to", item->to);
    if (args) {
        proto_pack_key (w, "note_args");
        proto_args_pack (w, &item->note_args);
    }
}

/*  A digests answer is a map of 5 keys and values (11 objects) and its
    digests: the largest must pass the object and byte limits.               */
_Static_assert (11 + PROTO_LINK_MAX_DIGESTS <= PROTO_MAX_OBJECTS,
                "a full digests answer within PROTO_MAX_OBJECTS");
_Static_assert (PROTO_LINK_MAX_DIGESTS <= PROTO_LINK_MAX_ARRAY_ITEMS
                && PROTO_LINK_MAX_ITEMS <= PROTO_LINK_MAX_ARRAY_ITEMS, "link arrays");
_Static_assert (512 + PROTO_MAX_HEAD_BYTES + PROTO_LINK_MAX_DIGESTS * (PROTO_DIGEST_BYTES + 2)
                <= PROTO_MAX_LINK_BYTES, "a full digests answer within PROTO_MAX_LINK_BYTES");

/*  Unpacks a checked frame. The caller destroys *up on success.             */
static proto_result_t
s_unpack (msgpack_unpacked *up, const uint8_t *bytes, size_t size, size_t limit)
{
    if (size > limit)
        return PROTO_TOO_BIG;
    proto_result_t rc = proto_msgpack_unpack (up, bytes, size, PROTO_LINK_MAX_ARRAY_ITEMS);
    if (rc != PROTO_OK)
        return rc;
    if (up->data.type != MSGPACK_OBJECT_MAP) {
        msgpack_unpacked_destroy (up);
        return PROTO_WRONG_TYPE;
    }
    return PROTO_OK;
}

static bool
s_get_bin (const msgpack_object *map, const char *name, uint8_t *out, size_t len)
{
    const msgpack_object *v = proto_obj_map_get (map, name);
    if (!v || v->type != MSGPACK_OBJECT_BIN || v->via.bin.size != len)
        return false;
    memcpy (out, v->via.bin.ptr, len);
    return true;
}

static bool
s_get_u64 (const msgpack_object *map, const char *name, uint64_t *out)
{
    const msgpack_object *v = proto_obj_map_get (map, name);
    if (!v || v->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        return false;
    *out = v->via.u64;
    return true;
}

/*  Every key a string, no key twice.                                        */
/*  A code is a term: 1..40 bytes of [a-z0-9_].                              */
static bool
s_term_ok (const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

static bool
s_keys_ok (const msgpack_object *map)
{
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr [i].key;
        if (k->type != MSGPACK_OBJECT_STR || k->via.str.size > PROTO_MAX_KEY_BYTES)
            return false;
        for (uint32_t j = 0; j < i; j++) {
            const msgpack_object *o = &map->via.map.ptr [j].key;
            if (o->type == MSGPACK_OBJECT_STR && proto_obj_str_eq (o, k))
                return false;
        }
    }
    return true;
}

proto_result_t
proto_batch_head_decode (proto_batch_head_t *head, const uint8_t *bytes, size_t size)
{
    msgpack_unpacked up;
    proto_result_t rc = s_unpack (&up, bytes, size, PROTO_MAX_HEAD_BYTES);
    if (rc != PROTO_OK)
        return rc;
    const msgpack_object *m = &up.data;
    uint64_t leaves = 0;
    memset (head, 0, sizeof *head);
    if (!s_keys_ok (m))
        rc = PROTO_DUPLICATE_KEY;
    else
    if (!s_get_bin (m, "hub", head->hub, PROTO_PUBKEY_BYTES)
    ||  !s_get_u64 (m, "batch", &head->batch)
    ||  !s_get_u64 (m, "n", &leaves)
    ||  !s_get_bin (m, "root", head->root, PROTO_DIGEST_BYTES)
    ||  !s_get_u64 (m, "ts", &head->ts)
    ||  !s_get_u64 (m, "audit_seq", &head->audit_seq)
    ||  !s_get_bin (m, "audit_head", head->audit_head, PROTO_DIGEST_BYTES))
        rc = PROTO_MISSING_FIELD;
    else
    if (leaves > PROTO_MERKLE_MAX_LEAVES)
        rc = PROTO_BAD_VALUE;
    else
    if (leaves == 0) {
        /* an audit head: no items, its root 32 zero bytes                   */
        static const uint8_t zero [PROTO_DIGEST_BYTES] = { 0 };
        if (memcmp (head->root, zero, PROTO_DIGEST_BYTES) != 0)
            rc = PROTO_BAD_VALUE;
    }
    head->leaves = (uint32_t) leaves;
    msgpack_unpacked_destroy (&up);
    return rc;
}

proto_result_t
proto_receipt_item_decode (proto_receipt_item_t *item, const uint8_t *bytes, size_t size)
{
    msgpack_unpacked up;
    proto_result_t rc = s_unpack (&up, bytes, size, PROTO_MAX_ITEM_BYTES);
    if (rc != PROTO_OK)
        return rc;
    const msgpack_object *m = &up.data;
    memset (item, 0, sizeof *item);
    const msgpack_object *dup = proto_obj_map_get (m, "duplicate");
    const msgpack_object *note = proto_obj_map_get (m, "note");
    const msgpack_object *to = proto_obj_map_get (m, "to");
    const msgpack_object *note_args = proto_obj_map_get (m, "note_args");
    if (!s_keys_ok (m))
        rc = PROTO_DUPLICATE_KEY;
    else
    if (!s_get_bin (m, "id", item->id, PROTO_ID_BYTES)
    ||  !s_get_bin (m, "digest", item->digest, PROTO_DIGEST_BYTES)
    ||  !s_get_u64 (m, "seq", &item->seq))
        rc = PROTO_MISSING_FIELD;
    else
    if (dup && dup->type != MSGPACK_OBJECT_BOOLEAN)
        rc = PROTO_WRONG_TYPE;
    else
    if (note && (proto_obj_text_copy (item->note, sizeof item->note, note) != 0
             || !s_term_ok (item->note)))
        rc = PROTO_BAD_VALUE;
    else
    if (note_args && (!note || proto_args_decode (&item->note_args, note_args, NULL, NULL) != PROTO_OK))
        rc = PROTO_BAD_VALUE;
    else
    if (to && (proto_obj_text_copy (item->to, sizeof item->to, to) != 0
           || !proto_partner_id_valid (item->to, strlen (item->to))))
        rc = PROTO_BAD_VALUE;
    if (rc == PROTO_OK)
        item->duplicate = dup && dup->via.boolean;
    msgpack_unpacked_destroy (&up);
    return rc;
}

void
proto_receipt_begin (proto_writer_t *w, const uint8_t *head, size_t head_len,
                     const uint8_t sig [PROTO_SIGNATURE_BYTES], uint32_t items)
{
    proto_writer_reset (w);
    proto_pack_map (w, 4);
    proto_pack_kv_cstr (w, "k", "receipt");
    proto_pack_kv_bin (w, "head", head, head_len);
    proto_pack_kv_bin (w, "hsig", sig, PROTO_SIGNATURE_BYTES);
    proto_pack_key (w, "items");
    proto_pack_array (w, items);
}

void
proto_receipt_add (proto_writer_t *w, const uint8_t *item, size_t item_len, uint32_t index,
                   const proto_hash_t *path, size_t depth)
{
    proto_pack_map (w, 3);
    proto_pack_kv_bin (w, "item", item, item_len);
    proto_pack_kv_u64 (w, "index", index);
    proto_pack_key (w, "proof");
    proto_pack_array (w, (uint32_t) depth);
    for (size_t i = 0; i < depth; i++)
        proto_pack_bin (w, path [i], PROTO_DIGEST_BYTES);
}

void
proto_audit_chain (uint8_t out [PROTO_DIGEST_BYTES], const uint8_t prev [PROTO_DIGEST_BYTES],
                   const uint8_t digest [PROTO_DIGEST_BYTES])
{
    uint8_t both [2 * PROTO_DIGEST_BYTES];
    memcpy (both, prev, PROTO_DIGEST_BYTES);
    memcpy (both + PROTO_DIGEST_BYTES, digest, PROTO_DIGEST_BYTES);
    proto_digest (out, both, sizeof both);
}

void
proto_digests_begin (proto_writer_t *w, uint64_t from, const uint8_t *head, size_t head_len,
                     const uint8_t sig [PROTO_SIGNATURE_BYTES], uint32_t count)
{
    proto_writer_reset (w);
    proto_pack_map (w, 5);
    proto_pack_kv_cstr (w, "k", "digests");
    proto_pack_kv_u64 (w, "from", from);
    proto_pack_kv_bin (w, "head", head, head_len);
    proto_pack_kv_bin (w, "hsig", sig, PROTO_SIGNATURE_BYTES);
    proto_pack_key (w, "digests");
    proto_pack_array (w, count);
}

/*  The head of a receipt or digests answer: the hub's signature over its
    bytes, then its fields, and that it names the same hub key.              */
static proto_result_t
s_head_verify (const proto_link_t *link, const uint8_t hub_key [PROTO_PUBKEY_BYTES],
               proto_batch_head_t *head)
{
    if (proto_verify (link->head_sig, link->head, link->head_len, hub_key) != 0)
        return PROTO_BAD_SIGNATURE;
    proto_result_t rc = proto_batch_head_decode (head, link->head, link->head_len);
    if (rc != PROTO_OK)
        return rc;
    return memcmp (head->hub, hub_key, PROTO_PUBKEY_BYTES) == 0 ? PROTO_OK : PROTO_BAD_SIGNATURE;
}

proto_result_t
proto_digests_verify (const proto_link_t *link, const uint8_t hub_key [PROTO_PUBKEY_BYTES],
                      uint64_t known_seq, const uint8_t known_hash [PROTO_DIGEST_BYTES],
                      proto_batch_head_t *head)
{
    if (!link->live || link->kind != PROTO_LINK_DIGESTS)
        return PROTO_BAD_VALUE;
    proto_result_t rc = s_head_verify (link, hub_key, head);
    if (rc != PROTO_OK)
        return rc;
    const msgpack_object *list = proto_obj_map_get (&link->unpacked.data, "digests");
    uint64_t count = list->via.array.size;
    if (link->from != known_seq + 1 || head->audit_seq != known_seq + count)
        return PROTO_CONFLICT;
    uint8_t hash [PROTO_DIGEST_BYTES];
    memcpy (hash, known_hash, PROTO_DIGEST_BYTES);
    for (uint64_t i = 0; i < count; i++)
        proto_audit_chain (hash, hash, (const uint8_t *) list->via.array.ptr [i].via.bin.ptr);
    return memcmp (hash, head->audit_head, PROTO_DIGEST_BYTES) == 0 ? PROTO_OK : PROTO_CONFLICT;
}

void
proto_link_deliver_encode (proto_writer_t *w, uint64_t seq)
{
    proto_writer_reset (w);
    proto_pack_map (w, 2);
    proto_pack_kv_cstr (w, "k", "deliver");
    proto_pack_kv_u64 (w, "seq", seq);
}

void
proto_link_answer_encode (proto_writer_t *w)
{
    proto_writer_reset (w);
    proto_pack_map (w, 1);
    proto_pack_kv_cstr (w, "k", "answer");
}

void
proto_link_error_encode (proto_writer_t *w, const uint8_t *id, proto_result_t code,
                         const char *field, const char *reason_code, const proto_args_t *args)
{
    bool has_code = reason_code && *reason_code;
    bool has_args = has_code && args && args->count > 0;
    proto_writer_reset (w);
    proto_pack_map (w, 3 + (id ? 1 : 0) + (field ? 1 : 0) + (has_code ? 1 : 0) + (has_args ? 1 : 0));
    proto_pack_kv_cstr (w, "k", "error");
    proto_pack_kv_u64 (w, "code", code);
    proto_pack_kv_cstr (w, "name", proto_result_name (code));
    if (has_code)
        proto_pack_kv_cstr (w, "reason_code", reason_code);
    if (has_args) {
        proto_pack_key (w, "args");
        proto_args_pack (w, args);
    }
    if (id)
        proto_pack_kv_bin (w, "re", id, PROTO_ID_BYTES);
    if (field)
        proto_pack_kv_cstr (w, "field", field);
}

static const struct {
    const char *name;
    proto_link_kind_t kind;
} s_kinds [] = {
    { "receipt", PROTO_LINK_RECEIPT }, { "deliver", PROTO_LINK_DELIVER },
    { "answer", PROTO_LINK_ANSWER },   { "error", PROTO_LINK_ERROR },
    { "digests", PROTO_LINK_DIGESTS },
};

proto_result_t
proto_link_decode (proto_link_t *link, const uint8_t *bytes, size_t size)
{
    memset (link, 0, sizeof *link);
    proto_result_t rc = s_unpack (&link->unpacked, bytes, size, PROTO_MAX_LINK_BYTES);
    if (rc != PROTO_OK)
        return rc;
    const msgpack_object *m = &link->unpacked.data;
    const msgpack_object *k = proto_obj_map_get (m, "k");
    rc = PROTO_OK;
    if (!s_keys_ok (m))
        rc = PROTO_DUPLICATE_KEY;
    else
    if (!k || k->type != MSGPACK_OBJECT_STR)
        rc = PROTO_MISSING_FIELD;
    else {
        for (size_t i = 0; i < sizeof s_kinds / sizeof s_kinds [0]; i++)
            if (proto_obj_key_is (k, s_kinds [i].name))
                link->kind = s_kinds [i].kind;
        if (!link->kind)
            rc = PROTO_UNKNOWN_TYPE;
    }
    if (rc == PROTO_OK && link->kind == PROTO_LINK_DELIVER) {
        if (!s_get_u64 (m, "seq", &link->seq) || link->seq == 0)
            rc = PROTO_MISSING_FIELD;
    }
    else
    if (rc == PROTO_OK && link->kind == PROTO_LINK_ERROR) {
        uint64_t code = 0;
        const msgpack_object *reason = proto_obj_map_get (m, "reason_code");
        const msgpack_object *args = proto_obj_map_get (m, "args");
        const msgpack_object *field = proto_obj_map_get (m, "field");
        if (!s_get_u64 (m, "code", &code) || code > 255)
            rc = PROTO_MISSING_FIELD;
        else
        if (reason && (proto_obj_text_copy (link->reason_code, sizeof link->reason_code, reason) != 0
                   || !s_term_ok (link->reason_code)))
            rc = PROTO_BAD_VALUE;
        else
        if (args && (!reason || proto_args_decode (&link->args, args, NULL, NULL) != PROTO_OK))
            rc = PROTO_BAD_VALUE;
        else
        if (field && proto_obj_text_copy (link->field, sizeof link->field, field) != 0)
            rc = PROTO_BAD_VALUE;
        link->code = (proto_result_t) code;
        link->has_id = s_get_bin (m, "re", link->id, PROTO_ID_BYTES);
    }
    else
    if (rc == PROTO_OK && link->kind == PROTO_LINK_RECEIPT) {
        const msgpack_object *head = proto_obj_map_get (m, "head");
        const msgpack_object *sig = proto_obj_map_get (m, "hsig");
        const msgpack_object *items = proto_obj_map_get (m, "items");
        if (!head || head->type != MSGPACK_OBJECT_BIN || head->via.bin.size > PROTO_MAX_HEAD_BYTES
        ||  !sig || sig->type != MSGPACK_OBJECT_BIN || sig->via.bin.size != PROTO_SIGNATURE_BYTES
        ||  !items || items->type != MSGPACK_OBJECT_ARRAY
        ||  items->via.array.size > PROTO_LINK_MAX_ITEMS)
            rc = PROTO_BAD_VALUE;
        else {
            link->head = (const uint8_t *) head->via.bin.ptr;
            link->head_len = head->via.bin.size;
            link->head_sig = (const uint8_t *) sig->via.bin.ptr;
            link->items = items->via.array.size;
        }
    }
    else
    if (rc == PROTO_OK && link->kind == PROTO_LINK_DIGESTS) {
        const msgpack_object *head = proto_obj_map_get (m, "head");
        const msgpack_object *sig = proto_obj_map_get (m, "hsig");
        const msgpack_object *list = proto_obj_map_get (m, "digests");
        if (!s_get_u64 (m, "from", &link->from) || link->from == 0
        ||  !head || head->type != MSGPACK_OBJECT_BIN || head->via.bin.size > PROTO_MAX_HEAD_BYTES
        ||  !sig || sig->type != MSGPACK_OBJECT_BIN || sig->via.bin.size != PROTO_SIGNATURE_BYTES
        ||  !list || list->type != MSGPACK_OBJECT_ARRAY
        ||  list->via.array.size > PROTO_LINK_MAX_DIGESTS)
            rc = PROTO_BAD_VALUE;
        for (uint32_t i = 0; rc == PROTO_OK && i < list->via.array.size; i++)
            if (list->via.array.ptr [i].type != MSGPACK_OBJECT_BIN
            ||  list->via.array.ptr [i].via.bin.size != PROTO_DIGEST_BYTES)
                rc = PROTO_BAD_VALUE;
        if (rc == PROTO_OK) {
            link->head = (const uint8_t *) head->via.bin.ptr;
            link->head_len = head->via.bin.size;
            link->head_sig = (const uint8_t *) sig->via.bin.ptr;
            link->items = list->via.array.size;
        }
    }
    if (rc != PROTO_OK) {
        msgpack_unpacked_destroy (&link->unpacked);
        memset (link, 0, sizeof *link);
        return rc;
    }
    link->live = true;
    return PROTO_OK;
}

void
proto_link_release (proto_link_t *link)
{
    if (link && link->live) {
        msgpack_unpacked_destroy (&link->unpacked);
        link->live = false;
    }
}

/*  An item under a verified head: its Merkle path leads to the head's root. */
static proto_result_t
s_item_verify (const proto_batch_head_t *head, const uint8_t *bytes, size_t size, uint64_t index,
               const proto_hash_t *path, size_t depth, proto_receipt_item_t *item)
{
    proto_hash_t leaf;
    proto_merkle_leaf (leaf, bytes, size);
    if (index >= head->leaves
    ||  proto_merkle_verify (head->root, leaf, (size_t) index, head->leaves, path, depth) != 0)
        return PROTO_BAD_SIGNATURE;
    return proto_receipt_item_decode (item, bytes, size);
}

proto_result_t
proto_receipt_verify (const proto_link_t *link, uint32_t i,
                      const uint8_t hub_key [PROTO_PUBKEY_BYTES],
                      proto_batch_head_t *head, proto_receipt_item_t *item)
{
    if (!link->live || link->kind != PROTO_LINK_RECEIPT || i >= link->items)
        return PROTO_BAD_VALUE;
    proto_result_t rc = s_head_verify (link, hub_key, head);
    if (rc != PROTO_OK)
        return rc;

    const msgpack_object *items = proto_obj_map_get (&link->unpacked.data, "items");
    const msgpack_object *e = &items->via.array.ptr [i];
    if (e->type != MSGPACK_OBJECT_MAP)
        return PROTO_WRONG_TYPE;
    const msgpack_object *bytes = proto_obj_map_get (e, "item");
    const msgpack_object *proof = proto_obj_map_get (e, "proof");
    uint64_t index = 0;
    if (!bytes || bytes->type != MSGPACK_OBJECT_BIN || !s_get_u64 (e, "index", &index)
    ||  !proof || proof->type != MSGPACK_OBJECT_ARRAY
    ||  proof->via.array.size > PROTO_MERKLE_MAX_DEPTH)
        return PROTO_BAD_VALUE;
    proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
    for (uint32_t k = 0; k < proof->via.array.size; k++) {
        const msgpack_object *p = &proof->via.array.ptr [k];
        if (p->type != MSGPACK_OBJECT_BIN || p->via.bin.size != PROTO_DIGEST_BYTES)
            return PROTO_BAD_VALUE;
        memcpy (path [k], p->via.bin.ptr, PROTO_DIGEST_BYTES);
    }
    return s_item_verify (head, (const uint8_t *) bytes->via.bin.ptr, bytes->via.bin.size, index,
                          path, proof->via.array.size, item);
}

proto_result_t
proto_receipt_verify_parts (const uint8_t hub_key [PROTO_PUBKEY_BYTES],
                            const uint8_t *head_bytes, size_t head_len,
                            const uint8_t head_sig [PROTO_SIGNATURE_BYTES],
                            const uint8_t *item_bytes, size_t item_len,
                            uint64_t index, const proto_hash_t *path, size_t depth,
                            proto_batch_head_t *head, proto_receipt_item_t *item)
{
    if (!head_bytes || !head_sig || !item_bytes || depth > PROTO_MERKLE_MAX_DEPTH
    ||  item_len > PROTO_MAX_ITEM_BYTES)
        return PROTO_BAD_VALUE;
    if (proto_verify (head_sig, head_bytes, head_len, hub_key) != 0)
        return PROTO_BAD_SIGNATURE;
    proto_result_t rc = proto_batch_head_decode (head, head_bytes, head_len);
    if (rc != PROTO_OK)
        return rc;
    if (memcmp (head->hub, hub_key, PROTO_PUBKEY_BYTES) != 0)
        return PROTO_BAD_SIGNATURE;
    return s_item_verify (head, item_bytes, item_len, index, path, depth, item);
}
