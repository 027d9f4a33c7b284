/*  test_agent_store.c - outbox, inbox, labels and the audit head.          */
#include "testing.h"
#include "agent_store.h"
#include <stdlib.h>
#include <sqlite3.h>

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
    CHECK_INT (agent_store_outbox_refuse (s, id2, 30, "not_found", "x", NULL, NULL, 12), 0);
    CHECK_INT (agent_store_outbox_refuse (s, id1, 23, "forbidden", "type_not_allowed", "{\"type\":\"signal\"}", "type", 12), 1);
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

/*  The schema of agent.db version 1, as it shipped (a copy: the test must
    not follow later edits of the code).                                      */
static const char s_v1 [] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "CREATE TABLE outbox ("
    "  id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
    "  type TEXT NOT NULL,"
    "  created INTEGER NOT NULL, ts INTEGER NOT NULL,"
    "  envelope BLOB NOT NULL, signature BLOB NOT NULL,"
    "  state INTEGER NOT NULL DEFAULT 0,"
    "  sent_count INTEGER NOT NULL DEFAULT 0, last_sent INTEGER NOT NULL DEFAULT 0,"
    "  done_at INTEGER,"
    "  r_item BLOB, r_index INTEGER, r_proof BLOB, r_head BLOB, r_head_sig BLOB,"
    "  hub_seq INTEGER, duplicate INTEGER, note TEXT, recipient TEXT,"
    "  err_code INTEGER, err_name TEXT, err_reason TEXT, err_field TEXT);"
    "CREATE INDEX outbox_state ON outbox (state);"
    "CREATE TABLE inbox ("
    "  seq INTEGER PRIMARY KEY,"
    "  id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
    "  type TEXT NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
    "  person BLOB, address BLOB,"
    "  envelope BLOB NOT NULL, signature BLOB NOT NULL,"
    "  received INTEGER NOT NULL, read INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX inbox_read ON inbox (read, seq);"
    "CREATE INDEX inbox_type ON inbox (type, seq);"
    "CREATE INDEX inbox_person ON inbox (person);"
    "CREATE INDEX inbox_address ON inbox (address);"
    "CREATE TABLE quarantine (seq INTEGER PRIMARY KEY, received INTEGER NOT NULL,"
    "  reason TEXT NOT NULL, envelope BLOB, signature BLOB);"
    "CREATE TABLE labels (name TEXT PRIMARY KEY, person BLOB, address BLOB,"
    "  created INTEGER NOT NULL);"
    "CREATE INDEX labels_person ON labels (person);"
    "CREATE INDEX labels_address ON labels (address);"
    "CREATE TABLE head (one INTEGER PRIMARY KEY CHECK (one = 1), batch INTEGER NOT NULL,"
    "  ts INTEGER NOT NULL, audit_seq INTEGER NOT NULL, audit_head BLOB NOT NULL,"
    "  hub BLOB NOT NULL, head BLOB NOT NULL, head_sig BLOB NOT NULL, received INTEGER NOT NULL);"
    "PRAGMA user_version = 1;";

typedef struct {
    int count;
    char note [64], note_code [64], reason [64], reason_code [64], args [128];
} kept_t;

static int
s_kept (void *arg, const agent_outbox_row_t *row)
{
    kept_t *k = (kept_t *) arg;
    k->count++;
#define KEEP(dst, src) snprintf (k->dst, sizeof k->dst, "%s", (src) ? (src) : "(null)")
    if (row->state == AGENT_OUT_RECEIPTED) {
        KEEP (note, row->note);
        KEEP (note_code, row->note_code);
    }
    if (row->state == AGENT_OUT_REFUSED) {
        KEEP (reason, row->err_reason);
        KEEP (reason_code, row->err_reason_code);
        KEEP (args, row->err_args);
    }
#undef KEEP
    return 0;
}

static void
test_migration_from_version_1 (void)
{
    //  an agent.db of version 1, with a receipted and a refused row whose
    //  note and reason are the hub's English sentences of then
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/agent-v1.db", test_tmpdir ());
    sqlite3 *db = NULL;
    CHECK (sqlite3_open (path, &db) == SQLITE_OK);
    CHECK (sqlite3_exec (db, s_v1, NULL, NULL, NULL) == SQLITE_OK);
    CHECK (sqlite3_exec (db, "INSERT INTO outbox (id, type, created, ts, envelope, signature, state,"
                         " hub_seq, note) VALUES (x'01010101010101010101010101010101', 'signal',"
                         " 1, 1, x'00', zeroblob (64), 1, 7, 'sent to the intake of team acm.');"
                         "INSERT INTO outbox (id, type, created, ts, envelope, signature, state,"
                         " err_code, err_name, err_reason) VALUES"
                         " (x'02020202020202020202020202020202', 'claim', 2, 2, x'00', zeroblob (64), 2,"
                         " 31, 'conflict', 'regie is held by team acm');",
                         NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close (db);
    agent_store_t *s = agent_store_new (path, err, sizeof err);
    CHECK (s);
    //  the old rows keep their sentences; their codes are empty
    kept_t k;
    memset (&k, 0, sizeof k);
    CHECK_INT (agent_store_outbox_list (s, 0, 10, s_kept, &k), 2);
    CHECK_STR (k.note, "sent to the intake of team acm.");
    CHECK_STR (k.note_code, "");
    CHECK_STR (k.reason, "regie is held by team acm");
    CHECK_STR (k.reason_code, "");
    //  a new refusal keeps its code and arguments
    uint8_t id3 [PROTO_ID_BYTES], sig [PROTO_SIGNATURE_BYTES];
    memset (id3, 3, sizeof id3);
    memset (sig, 0, sizeof sig);
    CHECK_INT (agent_store_outbox_add (s, id3, "claim", 3, 3, (const uint8_t *) "e", 1, sig), 0);
    CHECK_INT (agent_store_outbox_refuse (s, id3, 31, "conflict", "regie_held_elsewhere",
                                          "{\"team\":\"acm\"}", NULL, 4), 1);
    memset (&k, 0, sizeof k);
    CHECK_INT (agent_store_outbox_get (s, id3, s_kept, &k), 1);
    CHECK_STR (k.reason_code, "regie_held_elsewhere");
    CHECK_STR (k.args, "{\"team\":\"acm\"}");
    CHECK_STR (k.reason, "");
    agent_store_destroy (&s);
    //  the file says the newest version now, and opens again as it is
    CHECK (sqlite3_open (path, &db) == SQLITE_OK);
    sqlite3_stmt *st = NULL;
    CHECK (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK);
    CHECK (sqlite3_step (st) == SQLITE_ROW);
    int version = sqlite3_column_int (st, 0);
    sqlite3_finalize (st);
    sqlite3_close (db);
    CHECK_INT (version, AGENT_STORE_SCHEMA);
    CHECK_INT (AGENT_STORE_SCHEMA, 4);
    s = agent_store_new (path, err, sizeof err);
    CHECK (s);
    agent_store_destroy (&s);
}

void
suite_agent_store (void)
{
    TEST_RUN ("agent_store", test_outbox);
    TEST_RUN ("agent_store", test_inbox);
    TEST_RUN ("agent_store", test_labels_and_head);
    TEST_RUN ("agent_store", test_migration_from_version_1);
}
