/*  agent_store.c - outbox, inbox, labels and audit head in sqlite.
    See agent_store.h. Statements are prepared once, on first use.           */
#include "agent_store.h"
#include "agent_limits.h"
#include "proto_lang.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

typedef enum {
    Q_OUT_ADD, Q_OUT_PENDING, Q_OUT_LIST, Q_OUT_REQUEUE, Q_OUT_GET, Q_OUT_RECEIPT_GET, Q_OUT_BY_SEQ, Q_OUT_SENT, Q_OUT_RESIGN, Q_OUT_RECEIPT,
    Q_OUT_REFUSE, Q_OUT_COUNT,
    Q_IN_ADD, Q_IN_EXISTS, Q_Q_ADD, Q_UPTO_GET, Q_UPTO_SET, Q_IN_UNREAD_LIST, Q_IN_READ_LIST,
    Q_IN_TYPE, Q_IN_ONE, Q_IN_MARK, Q_IN_UNREAD, Q_IN_COUNT, Q_REF_ADDR, Q_REF_PERSON,
    Q_LABEL_SET, Q_LABEL_GET, Q_LABEL_FIND, Q_LABEL_REMOVE, Q_LABEL_LIST, Q_LABEL_COUNT,
    Q_HEAD_GET, Q_HEAD_SET,
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
    Q_COUNT
} query_t;

static const char *s_sql [Q_COUNT] = {
    [Q_OUT_ADD] = "INSERT INTO outbox (id, type, created, ts, envelope, signature) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_OUT_PENDING] = "SELECT " "rowid, id, type, created, ts, envelope, signature, state, sent_count, "
                      "last_sent, done_at, hub_seq, duplicate, note, recipient, err_code, err_name, "
                      "err_reason, err_field, note_code, note_args, err_reason_code, err_args FROM outbox WHERE state = 0 ORDER BY rowid LIMIT ?1",
    [Q_OUT_LIST] = "SELECT rowid, id, type, created, ts, envelope, signature, state, sent_count, "
                   "last_sent, done_at, hub_seq, duplicate, note, recipient, err_code, err_name, "
                   "err_reason, err_field, note_code, note_args, err_reason_code, err_args FROM outbox WHERE ?1 = 0 OR (state = 1 AND hub_seq > ?1 "
                   "AND hub_seq < ?3) ORDER BY rowid DESC LIMIT ?2",
    [Q_OUT_REQUEUE] = "UPDATE outbox SET state = 0, sent_count = 0, last_sent = 0, done_at = NULL "
                      "WHERE id = ?1 AND state = 1",
    [Q_OUT_BY_SEQ] = "SELECT id FROM outbox WHERE hub_seq = ?1 AND state = 1 ORDER BY rowid DESC LIMIT 1",
    [Q_OUT_RECEIPT_GET] = "SELECT hub_seq, done_at, r_item, r_index, r_proof, r_head, r_head_sig "
                          "FROM outbox WHERE id = ?1 AND state = 1",
    [Q_OUT_GET] = "SELECT rowid, id, type, created, ts, envelope, signature, state, sent_count, "
                  "last_sent, done_at, hub_seq, duplicate, note, recipient, err_code, err_name, "
                  "err_reason, err_field, note_code, note_args, err_reason_code, err_args FROM outbox WHERE id = ?1",
    [Q_OUT_SENT] = "UPDATE outbox SET sent_count = sent_count + 1, last_sent = ?2 "
                   "WHERE id = ?1 AND state = 0",
    [Q_OUT_RESIGN] = "UPDATE outbox SET ts = ?2, envelope = ?3, signature = ?4 "
                     "WHERE id = ?1 AND state = 0",
    [Q_OUT_RECEIPT] = "UPDATE outbox SET state = 1, done_at = ?2, r_item = ?3, r_index = ?4, "
                      "r_proof = ?5, r_head = ?6, r_head_sig = ?7, hub_seq = ?8, duplicate = ?9, "
                      "note_code = ?10, recipient = ?11, note_args = ?12 WHERE id = ?1 AND state = 0",
    [Q_OUT_REFUSE] = "UPDATE outbox SET state = 2, done_at = ?2, err_code = ?3, err_name = ?4, "
                     "err_reason_code = ?5, err_field = ?6, err_args = ?7 WHERE id = ?1 AND state = 0",
    [Q_OUT_COUNT] = "SELECT count(*) FROM outbox WHERE state = ?1",
    [Q_IN_ADD] = "INSERT OR IGNORE INTO inbox (seq, id, type, author, ts, person, address, "
                 "envelope, signature, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [Q_IN_EXISTS] = "SELECT 1 FROM inbox WHERE id = ?1 OR seq = ?2",
    [Q_Q_ADD] = "INSERT OR IGNORE INTO quarantine (seq, received, reason, envelope, signature) "
                "VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_UPTO_GET] = "SELECT value FROM meta WHERE key = 'delivered_upto'",
    [Q_UPTO_SET] = "INSERT INTO meta (key, value) VALUES ('delivered_upto', ?1) "
                   "ON CONFLICT (key) DO UPDATE SET value = max (value, excluded.value)",
    [Q_IN_UNREAD_LIST] = "SELECT seq, id, type, author, ts, received, person, address, envelope, "
                         "signature, read FROM inbox WHERE read = 0 ORDER BY seq LIMIT ?1",
    [Q_IN_READ_LIST] = "SELECT seq, id, type, author, ts, received, person, address, envelope, "
                       "signature, read FROM inbox WHERE read = 1 ORDER BY seq DESC LIMIT ?1",
    [Q_IN_TYPE] = "SELECT seq, id, type, author, ts, received, person, address, envelope, "
                  "signature, read FROM inbox WHERE type = ?1 ORDER BY seq",
    [Q_IN_ONE] = "SELECT seq, id, type, author, ts, received, person, address, envelope, "
                 "signature, read FROM inbox WHERE id = ?1 OR seq = ?2 LIMIT 1",
    [Q_IN_MARK] = "UPDATE inbox SET read = 1 WHERE seq = ?1",
    [Q_IN_UNREAD] = "SELECT count(*) FROM inbox WHERE read = 0",
    [Q_IN_COUNT] = "SELECT count(*) FROM inbox",
    [Q_REF_ADDR] = "SELECT 1 FROM inbox WHERE address = ?1 UNION ALL "
                   "SELECT 1 FROM labels WHERE address = ?1 LIMIT 1",
    [Q_REF_PERSON] = "SELECT 1 FROM inbox WHERE person = ?1 UNION ALL "
                     "SELECT 1 FROM labels WHERE person = ?1 LIMIT 1",
    [Q_LABEL_SET] = "INSERT INTO labels (name, person, address, created) VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT (name) DO UPDATE SET person = excluded.person, "
                    "address = excluded.address, created = excluded.created",
    [Q_LABEL_GET] = "SELECT person, address FROM labels WHERE name = ?1",
    [Q_LABEL_FIND] = "SELECT name FROM labels WHERE (?1 IS NOT NULL AND person = ?1) "
                     "OR (?2 IS NOT NULL AND address = ?2) ORDER BY (person = ?1) DESC, name LIMIT 1",
    [Q_LABEL_REMOVE] = "DELETE FROM labels WHERE name = ?1",
    [Q_LABEL_LIST] = "SELECT name, person, address, created FROM labels ORDER BY name",
    [Q_LABEL_COUNT] = "SELECT count(*) FROM labels",
    [Q_HEAD_GET] = "SELECT batch, ts, audit_seq, audit_head, hub, head, head_sig, received "
                   "FROM head WHERE one = 1",
    [Q_HEAD_SET] = "INSERT INTO head (one, batch, ts, audit_seq, audit_head, hub, head, head_sig, "
                   "received) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                   "ON CONFLICT (one) DO UPDATE SET batch = excluded.batch, ts = excluded.ts, "
                   "audit_seq = excluded.audit_seq, audit_head = excluded.audit_head, "
                   "hub = excluded.hub, head = excluded.head, head_sig = excluded.head_sig, "
                   "received = excluded.received",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
};

/*  Version 1. Migrations append a step; never edit a shipped one.           */
static const char s_schema_v1 [] =
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

/*  Version 2: the hub sends codes and arguments, no prose. A receipt keeps
    its note code and arguments, a refusal its reason code and arguments
    (JSON text, agent_json_args_text); note and err_reason stay for the
    sentences a version 1 database holds, shown as they were stored.        */
static const char s_schema_v2 [] =
    "ALTER TABLE outbox ADD COLUMN note_code TEXT;"
    "ALTER TABLE outbox ADD COLUMN note_args TEXT;"
    "ALTER TABLE outbox ADD COLUMN err_reason_code TEXT;"
    "ALTER TABLE outbox ADD COLUMN err_args TEXT;"
    "PRAGMA user_version = 2;";

/*  Version 3: the people of the web view (agent_store_web.h); it only adds
    tables.                                                                  */
static const char s_schema_v3_people [] =
    "CREATE TABLE users ("
    "  name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL,"
    "  created INTEGER NOT NULL, failed INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE web_read (user TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,"
    "  PRIMARY KEY (user, seq)) WITHOUT ROWID;"
    "PRAGMA user_version = 3;";

/*  Version 4: a label keeps the names its casemanager knows the household
    by (the Huishouden page of the web view, agent_store_web.h): only here,
    never sent.                                                              */
static const char s_schema_v4_names [] =
    "ALTER TABLE labels ADD COLUMN names TEXT;"
    "PRAGMA user_version = 4;";

struct agent_store_t {
    sqlite3 *db;
    sqlite3_stmt *stmt [Q_COUNT];
};

static sqlite3_stmt *
s_stmt (agent_store_t *self, query_t q)
{
    if (!self->stmt [q]
    &&  sqlite3_prepare_v3 (self->db, s_sql [q], -1, SQLITE_PREPARE_PERSISTENT,
                            &self->stmt [q], NULL) != SQLITE_OK) {
        self->stmt [q] = NULL;
        return NULL;
    }
    sqlite3_reset (self->stmt [q]);
    sqlite3_clear_bindings (self->stmt [q]);
    return self->stmt [q];
}

/*  Runs a statement that returns no rows.                                   */
static int
s_done (sqlite3_stmt *st)
{
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t
s_count (agent_store_t *self, query_t q, int64_t arg, bool has_arg)
{
    sqlite3_stmt *st = s_stmt (self, q);
    if (!st)
        return -1;
    if (has_arg)
        sqlite3_bind_int64 (st, 1, arg);
    int64_t n = -1;
    if (sqlite3_step (st) == SQLITE_ROW)
        n = sqlite3_column_int64 (st, 0);
    sqlite3_reset (st);
    return n;
}

static void
s_bind_blob (sqlite3_stmt *st, int i, const void *data, size_t len)
{
    if (data)
        sqlite3_bind_blob (st, i, data, (int) len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (st, i);
}

static void
s_bind_text (sqlite3_stmt *st, int i, const char *text)
{
    if (text && *text)
        sqlite3_bind_text (st, i, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (st, i);
}

/*  Copies a blob column of exactly len bytes; false otherwise.              */
static bool
s_column_blob (sqlite3_stmt *st, int col, uint8_t *out, size_t len)
{
    if (sqlite3_column_type (st, col) != SQLITE_BLOB || (size_t) sqlite3_column_bytes (st, col) != len)
        return false;
    memcpy (out, sqlite3_column_blob (st, col), len);
    return true;
}

static const char *
s_column_text (sqlite3_stmt *st, int col)
{
    const char *t = (const char *) sqlite3_column_text (st, col);
    return t ? t : "";
}

agent_store_t *
agent_store_new (const char *path, char *err, size_t errlen)
{
    agent_store_t *self = (agent_store_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    /* create the file 0600 ourselves: sqlite would follow the umask */
    int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd >= 0)
        close (fd);
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf (err, errlen, _("cannot open %s: %s"), path,
                  self->db ? sqlite3_errmsg (self->db) : _("out of memory"));
        agent_store_destroy (&self);
        return NULL;
    }
    sqlite3_busy_timeout (self->db, AGENT_STORE_BUSY_MS);
    char *msg = NULL;
    int version = -1;
    if (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                      "PRAGMA foreign_keys = ON;", NULL, NULL, &msg) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
        &&  sqlite3_step (st) == SQLITE_ROW)
            version = sqlite3_column_int (st, 0);
        sqlite3_finalize (st);
    }
    if (version >= 0 && version < AGENT_STORE_SCHEMA) {
        if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) == SQLITE_OK) {
            /* another process may have created or migrated it meanwhile */
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
            &&  sqlite3_step (st) == SQLITE_ROW)
                version = sqlite3_column_int (st, 0);
            sqlite3_finalize (st);
            if (version == 0 && sqlite3_exec (self->db, s_schema_v1, NULL, NULL, &msg) == SQLITE_OK)
                version = 1;
            if (version == 1 && sqlite3_exec (self->db, s_schema_v2, NULL, NULL, &msg) == SQLITE_OK)
                version = 2;
            if (version == 2 && sqlite3_exec (self->db, s_schema_v3_people, NULL, NULL, &msg) == SQLITE_OK)
                version = 3;
            if (version == 3 && sqlite3_exec (self->db, s_schema_v4_names, NULL, NULL, &msg) == SQLITE_OK)
                version = 4;
            if (version == AGENT_STORE_SCHEMA)
                sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
            else
                sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        }
    }
    if (version != AGENT_STORE_SCHEMA) {
        if (version > AGENT_STORE_SCHEMA)
            snprintf (err, errlen, _("%s has schema version %d, newer than this regie (%d): "
                                     "use a newer regie"), path, version, AGENT_STORE_SCHEMA);
        else
            snprintf (err, errlen, _("cannot prepare %s: %s"), path,
                      msg ? msg : sqlite3_errmsg (self->db));
        sqlite3_free (msg);
        agent_store_destroy (&self);
        return NULL;
    }
    sqlite3_free (msg);
    for (int q = 0; q < Q_COUNT; q++)
        if (!s_stmt (self, (query_t) q)) {
            snprintf (err, errlen, _("cannot prepare a statement on %s: %s"), path,
                      sqlite3_errmsg (self->db));
            agent_store_destroy (&self);
            return NULL;
        }
    return self;
}

void
agent_store_destroy (agent_store_t **self_p)
{
    if (self_p && *self_p) {
        agent_store_t *self = *self_p;
        for (int q = 0; q < Q_COUNT; q++)
            sqlite3_finalize (self->stmt [q]);
        if (self->db)
            sqlite3_close (self->db);
        free (self);
        *self_p = NULL;
    }
}

const char *
agent_store_error (agent_store_t *self)
{
    return sqlite3_errmsg (self->db);
}

int
agent_store_begin (agent_store_t *self)
{
    sqlite3_stmt *st = s_stmt (self, Q_BEGIN);
    return st ? s_done (st) : -1;
}

int
agent_store_commit (agent_store_t *self)
{
    sqlite3_stmt *st = s_stmt (self, Q_COMMIT);
    return st ? s_done (st) : -1;
}

void
agent_store_rollback (agent_store_t *self)
{
    if (!sqlite3_get_autocommit (self->db)) {
        sqlite3_stmt *st = s_stmt (self, Q_ROLLBACK);
        if (st)
            s_done (st);
    }
}

/* ---- outbox ------------------------------------------------------------ */

int
agent_store_outbox_add (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], const char *type,
                        uint64_t created, uint64_t ts, const uint8_t *envelope, size_t len,
                        const uint8_t sig [PROTO_SIGNATURE_BYTES])
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_ADD);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    sqlite3_bind_text (st, 2, type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (st, 3, (int64_t) created);
    sqlite3_bind_int64 (st, 4, (int64_t) ts);
    s_bind_blob (st, 5, envelope, len);
    s_bind_blob (st, 6, sig, PROTO_SIGNATURE_BYTES);
    return s_done (st);
}

static int
s_outbox_rows (sqlite3_stmt *st, agent_outbox_fn *fn, void *arg)
{
    int count = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        agent_outbox_row_t row;
        memset (&row, 0, sizeof row);
        row.rowid = sqlite3_column_int64 (st, 0);
        if (!s_column_blob (st, 1, row.id, PROTO_ID_BYTES)
        ||  sqlite3_column_bytes (st, 6) != PROTO_SIGNATURE_BYTES)
            continue;           /* cannot happen: CHECKed and written by us */
        row.type = s_column_text (st, 2);
        row.created = (uint64_t) sqlite3_column_int64 (st, 3);
        row.ts = (uint64_t) sqlite3_column_int64 (st, 4);
        row.envelope = (const uint8_t *) sqlite3_column_blob (st, 5);
        row.envelope_len = (size_t) sqlite3_column_bytes (st, 5);
        row.signature = (const uint8_t *) sqlite3_column_blob (st, 6);
        row.state = sqlite3_column_int (st, 7);
        row.sent_count = sqlite3_column_int (st, 8);
        row.last_sent = (uint64_t) sqlite3_column_int64 (st, 9);
        row.done_at = (uint64_t) sqlite3_column_int64 (st, 10);
        row.hub_seq = (uint64_t) sqlite3_column_int64 (st, 11);
        row.duplicate = sqlite3_column_int (st, 12) != 0;
        row.note = s_column_text (st, 13);
        row.to = s_column_text (st, 14);
        row.err_code = sqlite3_column_int (st, 15);
        row.err_name = s_column_text (st, 16);
        row.err_reason = s_column_text (st, 17);
        row.err_field = s_column_text (st, 18);
        row.note_code = s_column_text (st, 19);
        row.note_args = s_column_text (st, 20);
        row.err_reason_code = s_column_text (st, 21);
        row.err_args = s_column_text (st, 22);
        count++;
        if (fn (arg, &row))
            break;
    }
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}

int
agent_store_outbox_pending (agent_store_t *self, size_t limit, agent_outbox_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_PENDING);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) limit);
    return s_outbox_rows (st, fn, arg);
}

int
agent_store_outbox_list (agent_store_t *self, uint64_t after_seq, size_t limit,
                         agent_outbox_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_LIST);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) after_seq);
    sqlite3_bind_int64 (st, 2, (int64_t) limit);
    sqlite3_bind_int64 (st, 3, (int64_t) (after_seq + PROTO_RESTORE_SEQ_GAP));
    return s_outbox_rows (st, fn, arg);
}

int
agent_store_outbox_requeue (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES])
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_REQUEUE);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    return rc == SQLITE_DONE ? sqlite3_changes (self->db) : -1;
}

int
agent_store_outbox_id_by_seq (agent_store_t *self, uint64_t hub_seq, uint8_t id [PROTO_ID_BYTES])
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_BY_SEQ);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) hub_seq);
    int rc = sqlite3_step (st);
    int found = rc == SQLITE_ROW && s_column_blob (st, 0, id, PROTO_ID_BYTES) ? 1 : 0;
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

int
agent_store_outbox_receipt_get (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES],
                                agent_receipt_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_RECEIPT_GET);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    int rc = sqlite3_step (st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset (st);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    agent_receipt_t r;
    memset (&r, 0, sizeof r);
    r.hub_seq = (uint64_t) sqlite3_column_int64 (st, 0);
    r.item = (const uint8_t *) sqlite3_column_blob (st, 2);
    r.item_len = (size_t) sqlite3_column_bytes (st, 2);
    r.index = (uint32_t) sqlite3_column_int64 (st, 3);
    r.proof = (const uint8_t *) sqlite3_column_blob (st, 4);
    r.proof_len = (size_t) sqlite3_column_bytes (st, 4);
    r.head = (const uint8_t *) sqlite3_column_blob (st, 5);
    r.head_len = (size_t) sqlite3_column_bytes (st, 5);
    r.head_sig = (const uint8_t *) sqlite3_column_blob (st, 6);
    if (sqlite3_column_bytes (st, 6) != PROTO_SIGNATURE_BYTES)
        r.head_sig = NULL;
    int failed = fn (arg, &r, (uint64_t) sqlite3_column_int64 (st, 1));
    sqlite3_reset (st);
    return failed ? -1 : 1;
}

int
agent_store_outbox_get (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES],
                        agent_outbox_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_GET);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    return s_outbox_rows (st, fn, arg);
}

int
agent_store_outbox_sent (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_SENT);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    sqlite3_bind_int64 (st, 2, (int64_t) now);
    return s_done (st);
}

int
agent_store_outbox_resign (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], uint64_t ts,
                           const uint8_t *envelope, size_t len,
                           const uint8_t sig [PROTO_SIGNATURE_BYTES])
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_RESIGN);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    sqlite3_bind_int64 (st, 2, (int64_t) ts);
    s_bind_blob (st, 3, envelope, len);
    s_bind_blob (st, 4, sig, PROTO_SIGNATURE_BYTES);
    return s_done (st);
}

int
agent_store_outbox_receipt (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES],
                            const agent_receipt_t *r, uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_RECEIPT);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    sqlite3_bind_int64 (st, 2, (int64_t) now);
    s_bind_blob (st, 3, r->item, r->item_len);
    sqlite3_bind_int64 (st, 4, r->index);
    s_bind_blob (st, 5, r->proof ? r->proof : (const uint8_t *) "", r->proof_len);
    s_bind_blob (st, 6, r->head, r->head_len);
    s_bind_blob (st, 7, r->head_sig, PROTO_SIGNATURE_BYTES);
    sqlite3_bind_int64 (st, 8, (int64_t) r->hub_seq);
    sqlite3_bind_int (st, 9, r->duplicate ? 1 : 0);
    s_bind_text (st, 10, r->note);
    s_bind_text (st, 11, r->to);
    s_bind_text (st, 12, r->note_args);
    if (s_done (st))
        return -1;
    return sqlite3_changes (self->db) > 0 ? 1 : 0;
}

int
agent_store_outbox_refuse (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], int code,
                           const char *name, const char *reason_code, const char *args,
                           const char *field, uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, Q_OUT_REFUSE);
    if (!st)
        return -1;
    s_bind_blob (st, 1, id, PROTO_ID_BYTES);
    sqlite3_bind_int64 (st, 2, (int64_t) now);
    sqlite3_bind_int (st, 3, code);
    s_bind_text (st, 4, name);
    s_bind_text (st, 5, reason_code);
    s_bind_text (st, 6, field);
    s_bind_text (st, 7, args);
    if (s_done (st))
        return -1;
    return sqlite3_changes (self->db) > 0 ? 1 : 0;
}

int64_t
agent_store_outbox_count (agent_store_t *self, agent_out_state_t state)
{
    return s_count (self, Q_OUT_COUNT, state, true);
}

/* ---- inbox ------------------------------------------------------------- */

int
agent_store_inbox_add (agent_store_t *self, const agent_inbox_row_t *row)
{
    sqlite3_stmt *st = s_stmt (self, Q_IN_EXISTS);
    if (!st)
        return -1;
    s_bind_blob (st, 1, row->id, PROTO_ID_BYTES);
    sqlite3_bind_int64 (st, 2, (int64_t) row->seq);
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return -1;
    st = s_stmt (self, Q_IN_ADD);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) row->seq);
    s_bind_blob (st, 2, row->id, PROTO_ID_BYTES);
    sqlite3_bind_text (st, 3, row->type, -1, SQLITE_TRANSIENT);
    s_bind_blob (st, 4, row->author, PROTO_PUBKEY_BYTES);
    sqlite3_bind_int64 (st, 5, (int64_t) row->ts);
    s_bind_blob (st, 6, row->has_person ? row->person : NULL, PROTO_REF_BYTES);
    s_bind_blob (st, 7, row->has_address ? row->address : NULL, PROTO_REF_BYTES);
    s_bind_blob (st, 8, row->envelope, row->envelope_len);
    s_bind_blob (st, 9, row->signature, PROTO_SIGNATURE_BYTES);
    sqlite3_bind_int64 (st, 10, (int64_t) row->received);
    if (s_done (st))
        return -1;
    if (sqlite3_changes (self->db) == 0)
        return 0;
    st = s_stmt (self, Q_UPTO_SET);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) row->seq);
    return s_done (st) ? -1 : 1;
}

int
agent_store_quarantine_add (agent_store_t *self, uint64_t seq, const char *reason,
                            const uint8_t *envelope, size_t len, const uint8_t *sig,
                            size_t sig_len, uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, Q_Q_ADD);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) seq);
    sqlite3_bind_int64 (st, 2, (int64_t) now);
    sqlite3_bind_text (st, 3, reason, -1, SQLITE_TRANSIENT);
    s_bind_blob (st, 4, envelope, len);
    s_bind_blob (st, 5, sig, sig_len);
    if (s_done (st))
        return -1;
    st = s_stmt (self, Q_UPTO_SET);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) seq);
    return s_done (st);
}

uint64_t
agent_store_delivered_upto (agent_store_t *self)
{
    int64_t n = s_count (self, Q_UPTO_GET, 0, false);
    return n > 0 ? (uint64_t) n : 0;
}

static int
s_inbox_rows (sqlite3_stmt *st, agent_inbox_fn *fn, void *arg)
{
    int count = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        agent_inbox_row_t row;
        memset (&row, 0, sizeof row);
        row.seq = (uint64_t) sqlite3_column_int64 (st, 0);
        if (!s_column_blob (st, 1, row.id, PROTO_ID_BYTES)
        ||  !s_column_blob (st, 3, row.author, PROTO_PUBKEY_BYTES)
        ||  sqlite3_column_bytes (st, 9) != PROTO_SIGNATURE_BYTES)
            continue;
        row.type = s_column_text (st, 2);
        row.ts = (uint64_t) sqlite3_column_int64 (st, 4);
        row.received = (uint64_t) sqlite3_column_int64 (st, 5);
        row.has_person = s_column_blob (st, 6, row.person, PROTO_REF_BYTES);
        row.has_address = s_column_blob (st, 7, row.address, PROTO_REF_BYTES);
        row.envelope = (const uint8_t *) sqlite3_column_blob (st, 8);
        row.envelope_len = (size_t) sqlite3_column_bytes (st, 8);
        row.signature = (const uint8_t *) sqlite3_column_blob (st, 9);
        row.read = sqlite3_column_int (st, 10) != 0;
        count++;
        if (fn (arg, &row))
            break;
    }
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}

/*  The listing's two passes: the caller may mark the unread rows read while
    it sees them, so the second pass skips what the first one showed.        */
typedef struct {
    agent_inbox_fn *fn;
    void *arg;
    uint64_t *seen;
    size_t count, size;
    size_t shown;
    bool second;
} inbox_pass_t;

static int
s_inbox_pass (void *arg, const agent_inbox_row_t *row)
{
    inbox_pass_t *p = (inbox_pass_t *) arg;
    if (p->second) {
        for (size_t i = 0; i < p->count; i++)
            if (p->seen [i] == row->seq)
                return 0;
        if (p->shown >= p->size)
            return 1;           /* the page is full                          */
    }
    else
    if (p->count < p->size)
        p->seen [p->count++] = row->seq;
    p->shown++;
    return p->fn (p->arg, row);
}

int
agent_store_inbox_list (agent_store_t *self, bool all, size_t limit, agent_inbox_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_IN_UNREAD_LIST);
    if (!st)
        return -1;
    inbox_pass_t pass = { fn, arg, NULL, 0, limit, 0, false };
    pass.seen = (uint64_t *) calloc (limit ? limit : 1, sizeof (uint64_t));
    if (!pass.seen)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) limit);
    int n = s_inbox_rows (st, s_inbox_pass, &pass);
    if (n < 0 || !all || (size_t) n >= limit) {
        free (pass.seen);
        return n;
    }
    st = s_stmt (self, Q_IN_READ_LIST);
    if (!st) {
        free (pass.seen);
        return -1;
    }
    /* ask for enough rows to fill the page after skipping the ones shown   */
    sqlite3_bind_int64 (st, 1, (int64_t) limit);
    pass.second = true;
    int m = s_inbox_rows (st, s_inbox_pass, &pass);
    size_t shown = pass.shown;
    free (pass.seen);
    return m < 0 ? -1 : (int) shown;
}

int
agent_store_inbox_of_type (agent_store_t *self, const char *type, agent_inbox_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_IN_TYPE);
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, type, -1, SQLITE_TRANSIENT);
    return s_inbox_rows (st, fn, arg);
}

int
agent_store_inbox_get (agent_store_t *self, const uint8_t *id, uint64_t seq, agent_inbox_fn *fn,
                       void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_IN_ONE);
    if (!st)
        return -1;
    if (id)
        sqlite3_bind_blob (st, 1, id, PROTO_ID_BYTES, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (st, 1);
    sqlite3_bind_int64 (st, 2, id || seq > (uint64_t) INT64_MAX ? -1 : (int64_t) seq);
    return s_inbox_rows (st, fn, arg);
}

int
agent_store_inbox_mark_read (agent_store_t *self, uint64_t seq)
{
    sqlite3_stmt *st = s_stmt (self, Q_IN_MARK);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) seq);
    return s_done (st);
}

int64_t
agent_store_inbox_unread (agent_store_t *self)
{
    return s_count (self, Q_IN_UNREAD, 0, false);
}

int64_t
agent_store_inbox_count (agent_store_t *self)
{
    return s_count (self, Q_IN_COUNT, 0, false);
}

static int
s_exists (agent_store_t *self, query_t q, const uint8_t *ref)
{
    sqlite3_stmt *st = s_stmt (self, q);
    if (!st)
        return -1;
    s_bind_blob (st, 1, ref, PROTO_REF_BYTES);
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
agent_store_ref_kind (agent_store_t *self, const uint8_t ref [PROTO_REF_BYTES])
{
    if (s_exists (self, Q_REF_ADDR, ref) == 1)
        return 1;
    if (s_exists (self, Q_REF_PERSON, ref) == 1)
        return 2;
    return 0;
}

/* ---- labels ------------------------------------------------------------ */

int
agent_store_label_set (agent_store_t *self, const char *name, const uint8_t *person,
                       const uint8_t *address, uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, Q_LABEL_SET);
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
    s_bind_blob (st, 2, person, PROTO_REF_BYTES);
    s_bind_blob (st, 3, address, PROTO_REF_BYTES);
    sqlite3_bind_int64 (st, 4, (int64_t) now);
    return s_done (st);
}

int
agent_store_label_get (agent_store_t *self, const char *name, uint8_t person [PROTO_REF_BYTES],
                       bool *has_person, uint8_t address [PROTO_REF_BYTES], bool *has_address)
{
    sqlite3_stmt *st = s_stmt (self, Q_LABEL_GET);
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step (st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1) {
        *has_person = s_column_blob (st, 0, person, PROTO_REF_BYTES);
        *has_address = s_column_blob (st, 1, address, PROTO_REF_BYTES);
    }
    sqlite3_reset (st);
    return found;
}

int
agent_store_label_find (agent_store_t *self, const uint8_t *person, const uint8_t *address,
                        char *out, size_t outlen)
{
    out [0] = 0;
    if (!person && !address)
        return 0;
    sqlite3_stmt *st = s_stmt (self, Q_LABEL_FIND);
    if (!st)
        return -1;
    s_bind_blob (st, 1, person, PROTO_REF_BYTES);
    s_bind_blob (st, 2, address, PROTO_REF_BYTES);
    int rc = sqlite3_step (st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1)
        snprintf (out, outlen, "%s", s_column_text (st, 0));
    sqlite3_reset (st);
    return found;
}

int
agent_store_label_remove (agent_store_t *self, const char *name)
{
    sqlite3_stmt *st = s_stmt (self, Q_LABEL_REMOVE);
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
    if (s_done (st))
        return -1;
    return sqlite3_changes (self->db) > 0 ? 1 : 0;
}

int
agent_store_label_list (agent_store_t *self, agent_label_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, Q_LABEL_LIST);
    if (!st)
        return -1;
    int count = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        uint8_t person [PROTO_REF_BYTES], address [PROTO_REF_BYTES];
        bool p = s_column_blob (st, 1, person, PROTO_REF_BYTES);
        bool a = s_column_blob (st, 2, address, PROTO_REF_BYTES);
        count++;
        if (fn (arg, s_column_text (st, 0), p ? person : NULL, a ? address : NULL,
                (uint64_t) sqlite3_column_int64 (st, 3)))
            break;
    }
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}

int64_t
agent_store_label_count (agent_store_t *self)
{
    return s_count (self, Q_LABEL_COUNT, 0, false);
}

/* ---- audit head -------------------------------------------------------- */

int
agent_store_head_get (agent_store_t *self, agent_head_t *head)
{
    sqlite3_stmt *st = s_stmt (self, Q_HEAD_GET);
    if (!st)
        return -1;
    memset (head, 0, sizeof *head);
    int rc = sqlite3_step (st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1) {
        head->batch = (uint64_t) sqlite3_column_int64 (st, 0);
        head->ts = (uint64_t) sqlite3_column_int64 (st, 1);
        head->audit_seq = (uint64_t) sqlite3_column_int64 (st, 2);
        s_column_blob (st, 3, head->audit_head, PROTO_DIGEST_BYTES);
        s_column_blob (st, 4, head->hub, PROTO_PUBKEY_BYTES);
        size_t n = (size_t) sqlite3_column_bytes (st, 5);
        if (n <= sizeof head->head) {
            memcpy (head->head, sqlite3_column_blob (st, 5), n);
            head->head_len = n;
        }
        s_column_blob (st, 6, head->head_sig, PROTO_SIGNATURE_BYTES);
        head->received = (uint64_t) sqlite3_column_int64 (st, 7);
    }
    sqlite3_reset (st);
    return found;
}

int
agent_store_head_offer (agent_store_t *self, const agent_head_t *head)
{
    agent_head_t kept;
    int found = agent_store_head_get (self, &kept);
    if (found < 0)
        return -1;
    if (found == 1 && (head->audit_seq < kept.audit_seq
                   || (head->audit_seq == kept.audit_seq && head->batch <= kept.batch)))
        return 0;
    return agent_store_head_replace (self, head) == 0 ? 1 : -1;
}

int
agent_store_head_replace (agent_store_t *self, const agent_head_t *head)
{
    sqlite3_stmt *st = s_stmt (self, Q_HEAD_SET);
    if (!st)
        return -1;
    sqlite3_bind_int64 (st, 1, (int64_t) head->batch);
    sqlite3_bind_int64 (st, 2, (int64_t) head->ts);
    sqlite3_bind_int64 (st, 3, (int64_t) head->audit_seq);
    s_bind_blob (st, 4, head->audit_head, PROTO_DIGEST_BYTES);
    s_bind_blob (st, 5, head->hub, PROTO_PUBKEY_BYTES);
    s_bind_blob (st, 6, head->head, head->head_len);
    s_bind_blob (st, 7, head->head_sig, PROTO_SIGNATURE_BYTES);
    sqlite3_bind_int64 (st, 8, (int64_t) head->received);
    return s_done (st) ? -1 : 0;
}
