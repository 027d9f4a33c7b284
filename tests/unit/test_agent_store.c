/*  test_agent_store.c - outbox, inbox, labels and the audit head.          */
#include "testing.h"
#include "agent_store.h"
#include <stdlib.h>

static agent_store_t *
s_open (void)
{
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/agent.db", test_tmpdir ());
    return agent_store_new (path, err, sizeof err);
}

typedef struct { int count; uint8_t first [PROTO_ID_BYTES]; int state; } seen_t;

static int
s_seen (void *arg, const agent_outbox_row_t *row)
{
    seen_t *s = (seen_t *) arg;
    if (s->count++ == 0)
        memcpy (s->first, row->id, PROTO_ID_BYTES);
    s->state = row->state;
    return 0;
}

static void
test_outbox (void)
{
    agent_store_t *s = s_open ();
    CHECK (s);
    uint8_t id1 [PROTO_ID_BYTES] = { 1 }, id2 [PROTO_ID_BYTES] = { 2 }, sig [64] = { 9 };
    CHECK_INT (agent_store_outbox_add (s, id2, "signal", 1, 1, (const uint8_t *) "ab", 2, sig), 0);
    CHECK_INT (agent_store_outbox_add (s, id1, "signal", 2, 2, (const uint8_t *) "cd", 2, sig), 0);
    CHECK_INT (agent_store_outbox_add (s, id1, "signal", 2, 2, (const uint8_t *) "cd", 2, sig), -1);
    seen_t seen = { 0 };
    CHECK_INT (agent_store_outbox_pending (s, 10, s_seen, &seen), 2);
    CHECK_MEM (seen.first, id2, PROTO_ID_BYTES);            /* insertion order */
    agent_receipt_t r;
    memset (&r, 0, sizeof r);
    r.item = (const uint8_t *) "item";
    r.item_len = 4;
    r.head = (const uint8_t *) "head";
    r.head_len = 4;
    r.head_sig = sig;
    r.hub_seq = 7;
    r.note = "routed";
    CHECK_INT (agent_store_outbox_receipt (s, id2, &r, 10), 1);
    CHECK_INT (agent_store_outbox_receipt (s, id2, &r, 11), 0);    /* once */
    CHECK_INT (agent_store_outbox_refuse (s, id2, 30, "not_found", "x", NULL, 12), 0);
    CHECK_INT (agent_store_outbox_refuse (s, id1, 23, "forbidden", "no", "type", 12), 1);
    CHECK_INT (agent_store_outbox_count (s, AGENT_OUT_PENDING), 0);
    CHECK_INT (agent_store_outbox_count (s, AGENT_OUT_RECEIPTED), 1);
    CHECK_INT (agent_store_outbox_count (s, AGENT_OUT_REFUSED), 1);
    memset (&seen, 0, sizeof seen);
    CHECK_INT (agent_store_outbox_get (s, id1, s_seen, &seen), 1);
    CHECK_INT (seen.state, AGENT_OUT_REFUSED);
    agent_store_destroy (&s);
    /* durable: a new handle sees the same */
    s = s_open ();
    CHECK (s);
    CHECK_INT (agent_store_outbox_count (s, AGENT_OUT_RECEIPTED), 1);
    agent_store_destroy (&s);
    CHECK (s == NULL);
}

static void
test_inbox (void)
{
    agent_store_t *s = s_open ();
    CHECK (s);
    agent_inbox_row_t row;
    memset (&row, 0, sizeof row);
    uint8_t sig [64] = { 0 };
    row.seq = 5;
    row.id [0] = 5;
    row.type = "signal";
    row.envelope = (const uint8_t *) "env";
    row.envelope_len = 3;
    row.signature = sig;
    row.has_person = true;
    row.person [0] = 0xAA;
    CHECK_INT (agent_store_inbox_add (s, &row), 1);
    CHECK_INT (agent_store_inbox_add (s, &row), 0);         /* same id and seq */
    row.seq = 6;
    CHECK_INT (agent_store_inbox_add (s, &row), 0);         /* same id, new seq */
    row.id [0] = 6;
    row.seq = 5;
    CHECK_INT (agent_store_inbox_add (s, &row), 0);         /* same seq, new id */
    row.seq = 9;
    CHECK_INT (agent_store_inbox_add (s, &row), 1);
    CHECK_INT (agent_store_delivered_upto (s), 9);
    CHECK_INT (agent_store_quarantine_add (s, 12, "bad_signature", NULL, 0, NULL, 0, 1), 0);
    CHECK_INT (agent_store_delivered_upto (s), 12);
    CHECK_INT (agent_store_inbox_unread (s), 2);
    CHECK_INT (agent_store_inbox_mark_read (s, 5), 0);
    CHECK_INT (agent_store_inbox_unread (s), 1);
    CHECK_INT (agent_store_ref_kind (s, row.person), 2);
    agent_store_destroy (&s);
}

static void
test_labels_and_head (void)
{
    agent_store_t *s = s_open ();
    CHECK (s);
    uint8_t p [PROTO_REF_BYTES] = { 1 }, a [PROTO_REF_BYTES] = { 2 }, op [PROTO_REF_BYTES], oa [PROTO_REF_BYTES];
    bool hp, ha;
    CHECK_INT (agent_store_label_set (s, "Fam. Jansen", p, NULL, 1), 0);
    CHECK_INT (agent_store_label_get (s, "Fam. Jansen", op, &hp, oa, &ha), 1);
    CHECK (hp && !ha);
    CHECK_MEM (op, p, PROTO_REF_BYTES);
    CHECK_INT (agent_store_label_set (s, "Fam. Jansen", p, a, 2), 0);    /* replace */
    CHECK_INT (agent_store_label_count (s), 1);
    char name [100];
    CHECK_INT (agent_store_label_find (s, NULL, a, name, sizeof name), 1);
    CHECK_STR (name, "Fam. Jansen");
    CHECK_INT (agent_store_ref_kind (s, a), 1);
    CHECK_INT (agent_store_label_remove (s, "Fam. Jansen"), 1);
    CHECK_INT (agent_store_label_remove (s, "Fam. Jansen"), 0);
    CHECK_INT (agent_store_label_get (s, "Fam. Jansen", op, &hp, oa, &ha), 0);

    agent_head_t h, got;
    memset (&h, 0, sizeof h);
    CHECK_INT (agent_store_head_get (s, &got), 0);
    h.audit_seq = 10;
    h.batch = 3;
    h.head_len = 4;
    memcpy (h.head, "head", 4);
    CHECK_INT (agent_store_head_offer (s, &h), 1);
    h.audit_seq = 9;
    CHECK_INT (agent_store_head_offer (s, &h), 0);          /* older: kept the newer */
    h.audit_seq = 11;
    CHECK_INT (agent_store_head_offer (s, &h), 1);
    CHECK_INT (agent_store_head_get (s, &got), 1);
    CHECK_INT (got.audit_seq, 11);
    CHECK_INT (got.head_len, 4);
    agent_store_destroy (&s);
}

void
suite_agent_store (void)
{
    TEST_RUN ("agent_store", test_outbox);
    TEST_RUN ("agent_store", test_inbox);
    TEST_RUN ("agent_store", test_labels_and_head);
}
