/*  hub_sqlite.c - the sqlite backend: the schema and its migrations, the
    connection, and the store's own functions (hub_store.h); the
    repositories' functions are in hub_sqlite_*.c.                          */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include "hub_walbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    Q_FIND, Q_PUT, Q_ENQUEUE, Q_ACK, Q_PENDING, Q_DEPTH, Q_BATCH_PUT, Q_BATCH_LAST,
    Q_AUDIT_PUT, Q_AUDIT_LAST, Q_AUDIT_SCAN, Q_STATS,
    Q_BEGIN, Q_BEGIN_READ, Q_COMMIT, Q_ROLLBACK, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
    Q_COUNT
};

static const char *s_sql [Q_COUNT] = {
    [Q_FIND]        = "SELECT seq, digest, author FROM messages WHERE id = ?1",
    [Q_PUT]         = "INSERT INTO messages (id, author, type, ts, received, digest, envelope,"
                      " signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_ENQUEUE]     = "INSERT OR IGNORE INTO deliveries (recipient, seq) VALUES (?1, ?2)",
    [Q_ACK]         = "DELETE FROM deliveries WHERE recipient = ?1 AND seq <= ?2",
    [Q_PENDING]     = "SELECT d.seq, m.envelope, m.signature FROM deliveries d"
                      " JOIN messages m ON m.seq = d.seq"
                      " WHERE d.recipient = ?1 AND d.seq > ?2 ORDER BY d.seq LIMIT ?3",
    [Q_DEPTH]       = "SELECT count(*) FROM deliveries WHERE recipient = ?1",
    [Q_BATCH_PUT]   = "INSERT INTO batches (batch, ts, leaves, root, audit_seq, audit_head, head,"
                      " signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_BATCH_LAST]  = "SELECT coalesce (max (batch), 0) FROM batches",
    [Q_AUDIT_PUT]   = "INSERT INTO audit (seq, ts, actor, action, object, subject, result, origin,"
                      " digest, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [Q_AUDIT_LAST]  = "SELECT seq, ts, actor, action, object, subject, result, origin, digest, hash"
                      " FROM audit ORDER BY seq DESC LIMIT 1",
    [Q_AUDIT_SCAN]  = "SELECT seq, ts, actor, action, object, subject, result, origin, digest, hash"
                      " FROM audit WHERE seq >= ?1 ORDER BY seq",
    [Q_STATS]       = "SELECT count(*), coalesce (sum (length (envelope)), 0) FROM messages",
    [Q_BEGIN]       = "BEGIN IMMEDIATE",
    [Q_BEGIN_READ]  = "BEGIN DEFERRED",
    [Q_COMMIT]      = "COMMIT",
    [Q_ROLLBACK]    = "ROLLBACK",
    [Q_SAVEPOINT]   = "SAVEPOINT msg",
    [Q_RELEASE]     = "RELEASE msg",
    [Q_ROLLBACK_TO] = "ROLLBACK TO msg",
};

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *q [Q_COUNT];
} hub_sqlite_t;

/*  The sqlite state of the store handle a backend function receives.       */
#define SELF    hub_sqlite_t *self = (hub_sqlite_t *) hub_store_impl (store)

/*  Runs sql on the connection (several statements allowed).                 */
static int
s_exec (hub_sqlite_t *self, const char *sql, char *err, size_t errlen)
{
    return hub_sqlite_exec (self->db, sql, err, errlen);
}

/*  Brings the schema up to this program's version.                          */
static int
s_migrate (hub_sqlite_t *self, char *err, size_t errlen)
{
    return hub_sqlite_migrate (self->db, err, errlen);
}

static void s_close (void *impl);

/*  Opens path through vfs (NULL: the default) with pragmas, migrates it and
    prepares the store's own statements.                                     */
static hub_sqlite_t *
s_open_at (const char *path, const char *vfs, const char *pragmas, char *err, size_t errlen)
{
    hub_sqlite_t *self = (hub_sqlite_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    /* no global memory statistics: they take a lock on every allocation.
       Only possible before sqlite's first use; later calls change nothing. */
    static bool configured = false;
    if (!configured) {
        sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
        configured = true;
    }
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX, vfs) != SQLITE_OK) {
        snprintf (err, errlen, "cannot open store %s: %s", path,
                  self->db ? sqlite3_errmsg (self->db) : "out of memory");
        s_close (self);
        return NULL;
    }
    sqlite3_busy_timeout (self->db, HUB_STORE_BUSY_MS);
    sqlite3_extended_result_codes (self->db, 1);
    if (s_exec (self, pragmas, err, errlen) != 0 || s_migrate (self, err, errlen) != 0) {
        s_close (self);
        return NULL;
    }
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v3 (self->db, s_sql [i], -1, SQLITE_PREPARE_PERSISTENT,
                                &self->q [i], NULL) != SQLITE_OK) {
            snprintf (err, errlen, "store: %s", sqlite3_errmsg (self->db));
            s_close (self);
            return NULL;
        }
    return self;
}

static void *
s_open (const char *path, char *err, size_t errlen)
{
    if (!path || !*path) {
        snprintf (err, errlen, "store: the sqlite backend needs a path");
        return NULL;
    }
    char pragmas [256];
    snprintf (pragmas, sizeof pragmas,
              "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
              "PRAGMA cache_size = -%d; PRAGMA mmap_size = %d; PRAGMA temp_store = MEMORY;",
              HUB_STORE_CACHE_KIB, HUB_STORE_MMAP_BYTES);
    /* the WAL's frames are written in few system calls (hub_walbuf.h)     */
    const char *vfs = hub_walbuf_register () == 0 ? HUB_WALBUF_VFS : NULL;
    return s_open_at (path, vfs, pragmas, err, errlen);
}

/*  The mem backend: a private in-memory database of its own, gone when the
    store is closed; where is ignored.                                       */
static void *
s_open_mem (const char *where, char *err, size_t errlen)
{
    return s_open_at (":memory:", NULL,
                      "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;"
                      " PRAGMA temp_store = MEMORY;", err, errlen);
}

static void
s_close (void *impl)
{
    hub_sqlite_t *self = (hub_sqlite_t *) impl;
    if (self) {
        hub_sql_forget (self->db);
        for (int i = 0; i < Q_COUNT; i++)
            sqlite3_finalize (self->q [i]);
        sqlite3_close (self->db);
        free (self);
    }
}

static const char *
s_error (hub_store_t *store)
{
    SELF;
    return sqlite3_errmsg (self->db);
}

static bool
s_full (hub_store_t *store)
{
    SELF;
    return (sqlite3_extended_errcode (self->db) & 0xff) == SQLITE_FULL;
}

sqlite3 *
hub_sqlite_db (hub_store_t *store)
{
    if (store->backend != &hub_store_sqlite && store->backend != &hub_store_mem)
        return NULL;                    /* every statement then fails        */
    SELF;
    return self->db;
}

/*  Runs a statement that returns no rows; resets it.                        */
static int
s_step_done (sqlite3_stmt *st)
{
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int s_begin (hub_store_t *store)       { SELF; return s_step_done (self->q [Q_BEGIN]); }
static int s_begin_read (hub_store_t *store)  { SELF; return s_step_done (self->q [Q_BEGIN_READ]); }
static int s_commit (hub_store_t *store)      { SELF; return s_step_done (self->q [Q_COMMIT]); }
static int s_savepoint (hub_store_t *store)   { SELF; return s_step_done (self->q [Q_SAVEPOINT]); }
static int s_release (hub_store_t *store)     { SELF; return s_step_done (self->q [Q_RELEASE]); }

static void
s_rollback (hub_store_t *store)
{
    SELF;
    if (!sqlite3_get_autocommit (self->db))
        s_step_done (self->q [Q_ROLLBACK]);
}

static void
s_rollback_to (hub_store_t *store)
{
    SELF;
    s_step_done (self->q [Q_ROLLBACK_TO]);
    s_step_done (self->q [Q_RELEASE]);
}

static void
s_copy_text (char *out, size_t outlen, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text (st, col);
    snprintf (out, outlen, "%s", t ? (const char *) t : "");
}

static bool
s_copy_blob (uint8_t *out, size_t len, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type (st, col) != SQLITE_BLOB || (size_t) sqlite3_column_bytes (st, col) != len)
        return false;
    memcpy (out, sqlite3_column_blob (st, col), len);
    return true;
}

static int
s_find (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], hub_stored_t *out)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_FIND];
    sqlite3_bind_blob (st, 1, id, PROTO_ID_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step (st);
    int result = -1;
    if (rc == SQLITE_ROW) {
        out->seq = (uint64_t) sqlite3_column_int64 (st, 0);
        s_copy_blob (out->digest, PROTO_DIGEST_BYTES, st, 1);
        s_copy_text (out->author, sizeof out->author, st, 2);
        result = 1;
    }
    else
    if (rc == SQLITE_DONE)
        result = 0;
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    return result;
}

static int
s_put (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], const char *author,
       const char *type, uint64_t ts, uint64_t received,
       const uint8_t digest [PROTO_DIGEST_BYTES], const uint8_t *envelope,
       size_t envelope_len, const uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *seq)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_PUT];
    sqlite3_bind_blob (st, 1, id, PROTO_ID_BYTES, SQLITE_STATIC);
    sqlite3_bind_text (st, 2, author, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 3, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 4, (sqlite3_int64) ts);
    sqlite3_bind_int64 (st, 5, (sqlite3_int64) received);
    sqlite3_bind_blob (st, 6, digest, PROTO_DIGEST_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob (st, 7, envelope, (int) envelope_len, SQLITE_STATIC);
    sqlite3_bind_blob (st, 8, sig, PROTO_SIGNATURE_BYTES, SQLITE_STATIC);
    if (s_step_done (st) != 0)
        return -1;
    *seq = (uint64_t) sqlite3_last_insert_rowid (self->db);
    return 0;
}

static int
s_last_seq (hub_store_t *store, uint64_t *seq)
{
    SELF;
    sqlite3_stmt *st;
    *seq = 0;
    if (sqlite3_prepare_v2 (self->db, "SELECT coalesce (max (seq), 0) FROM messages", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *seq = (uint64_t) sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
    return rc;
}

static int
s_backup (hub_store_t *store, const char *path, char *err, size_t errlen)
{
    SELF;
    sqlite3 *dest;
    if (sqlite3_open_v2 (path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "cannot create %s: %s", path, dest ? sqlite3_errmsg (dest) : "out of memory");
        sqlite3_close (dest);
        return -1;
    }
    /* EXTRA: the backup's rollback journal is unlinked to commit, and only
       a sync of the directory makes that last; after a power cut a journal
       that came back would roll the whole backup away (FULL does not sync
       the directory: tests/powerloss/restore.sh)                            */
    if (sqlite3_exec (dest, "PRAGMA synchronous = EXTRA", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "cannot set up %s: %s", path, sqlite3_errmsg (dest));
        sqlite3_close (dest);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init (dest, "main", self->db, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        /* in steps, so a running hub's writer is never held up for long    */
        while ((rc = sqlite3_backup_step (b, HUB_STORE_BACKUP_PAGES)) == SQLITE_OK
           ||  rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep (HUB_STORE_BACKUP_PAUSE_MS);
        sqlite3_backup_finish (b);
    }
    if (rc != SQLITE_DONE) {
        snprintf (err, errlen, "backup to %s failed: %s", path, sqlite3_errmsg (dest));
        sqlite3_close (dest);
        return -1;
    }
    return sqlite3_close (dest) == SQLITE_OK ? 0 : -1;
}

static int
s_message_stats (hub_store_t *store, uint64_t *count, uint64_t *bytes)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_STATS];
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *count = (uint64_t) sqlite3_column_int64 (st, 0);
    *bytes = (uint64_t) sqlite3_column_int64 (st, 1);
    sqlite3_reset (st);
    return rc;
}

static int
s_enqueue (hub_store_t *store, const char *recipient, uint64_t seq)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_ENQUEUE];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) seq);
    return s_step_done (st);
}

static int
s_ack (hub_store_t *store, const char *recipient, uint64_t upto, uint64_t *removed)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_ACK];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) upto);
    if (s_step_done (st) != 0)
        return -1;
    *removed = (uint64_t) sqlite3_changes (self->db);
    return 0;
}

static int
s_pending (hub_store_t *store, const char *recipient, uint64_t after, size_t limit,
           hub_delivery_fn *fn, void *arg)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_PENDING];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) after);
    sqlite3_bind_int64 (st, 3, (sqlite3_int64) limit);
    int visited = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        uint64_t seq = (uint64_t) sqlite3_column_int64 (st, 0);
        const uint8_t *env = (const uint8_t *) sqlite3_column_blob (st, 1);
        int len = sqlite3_column_bytes (st, 1);
        const uint8_t *sig = (const uint8_t *) sqlite3_column_blob (st, 2);
        visited++;
        /* retention removed the content: nothing left to deliver          */
        if (!env || !sig || sqlite3_column_bytes (st, 2) != PROTO_SIGNATURE_BYTES)
            continue;
        if (fn (arg, seq, env, (size_t) len, sig) != 0)
            break;
    }
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    return ok ? visited : -1;
}

static int
s_queue_depth (hub_store_t *store, const char *recipient, uint64_t *depth)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_DEPTH];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *depth = (uint64_t) sqlite3_column_int64 (st, 0);
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    return rc;
}

static int
s_put_batch (hub_store_t *store, const proto_batch_head_t *head,
             const uint8_t *head_bytes, size_t head_len,
             const uint8_t sig [PROTO_SIGNATURE_BYTES])
{
    SELF;
    sqlite3_stmt *st = self->q [Q_BATCH_PUT];
    sqlite3_bind_int64 (st, 1, (sqlite3_int64) head->batch);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) head->ts);
    sqlite3_bind_int64 (st, 3, head->leaves);
    sqlite3_bind_blob (st, 4, head->root, PROTO_DIGEST_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 5, (sqlite3_int64) head->audit_seq);
    sqlite3_bind_blob (st, 6, head->audit_head, PROTO_DIGEST_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob (st, 7, head_bytes, (int) head_len, SQLITE_STATIC);
    sqlite3_bind_blob (st, 8, sig, PROTO_SIGNATURE_BYTES, SQLITE_STATIC);
    return s_step_done (st);
}

static int
s_batch_by_audit (hub_store_t *store, uint64_t lo, uint64_t hi, uint8_t *head,
                  size_t *head_len, uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *audit_seq)
{
    SELF;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (self->db, "SELECT head, signature, audit_seq FROM batches"
                            " WHERE audit_seq BETWEEN ?1 AND ?2 ORDER BY audit_seq DESC, batch DESC LIMIT 1",
                            -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64 (st, 1, (sqlite3_int64) lo);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) hi);
    int rc = sqlite3_step (st), result = 0;
    if (rc == SQLITE_ROW) {
        size_t n = (size_t) sqlite3_column_bytes (st, 0);
        if (n <= PROTO_MAX_HEAD_BYTES && s_copy_blob (sig, PROTO_SIGNATURE_BYTES, st, 1)) {
            memcpy (head, sqlite3_column_blob (st, 0), n);
            *head_len = n;
            *audit_seq = (uint64_t) sqlite3_column_int64 (st, 2);
            result = 1;
        }
        else
            result = -1;
    }
    else
    if (rc != SQLITE_DONE)
        result = -1;
    sqlite3_finalize (st);
    return result;
}

static int
s_last_batch (hub_store_t *store, uint64_t *batch)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_BATCH_LAST];
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *batch = (uint64_t) sqlite3_column_int64 (st, 0);
    sqlite3_reset (st);
    return rc;
}

static void
s_bind_opt (sqlite3_stmt *st, int col, bool has, const uint8_t *data, size_t len)
{
    if (has)
        sqlite3_bind_blob (st, col, data, (int) len, SQLITE_STATIC);
    else
        sqlite3_bind_null (st, col);
}

static int
s_audit_put (hub_store_t *store, const hub_audit_row_t *row)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_AUDIT_PUT];
    sqlite3_bind_int64 (st, 1, (sqlite3_int64) row->seq);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) row->ts);
    sqlite3_bind_text (st, 3, row->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 4, row->action, -1, SQLITE_STATIC);
    s_bind_opt (st, 5, row->has_object, row->object, PROTO_ID_BYTES);
    s_bind_opt (st, 6, row->has_subject, row->subject, PROTO_REF_BYTES);
    sqlite3_bind_text (st, 7, row->result, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 8, row->origin, -1, SQLITE_STATIC);
    s_bind_opt (st, 9, row->has_digest, row->digest, PROTO_DIGEST_BYTES);
    sqlite3_bind_blob (st, 10, row->hash, PROTO_DIGEST_BYTES, SQLITE_STATIC);
    return s_step_done (st);
}

/*  Reads one audit row; false when a column is not as written.              */
static bool
s_audit_read (sqlite3_stmt *st, hub_audit_row_t *row)
{
    bool ok = true;
    memset (row, 0, sizeof *row);
    row->seq = (uint64_t) sqlite3_column_int64 (st, 0);
    row->ts = (uint64_t) sqlite3_column_int64 (st, 1);
    s_copy_text (row->actor, sizeof row->actor, st, 2);
    s_copy_text (row->action, sizeof row->action, st, 3);
    if (sqlite3_column_type (st, 4) != SQLITE_NULL)
        ok &= row->has_object = s_copy_blob (row->object, PROTO_ID_BYTES, st, 4);
    if (sqlite3_column_type (st, 5) != SQLITE_NULL)
        ok &= row->has_subject = s_copy_blob (row->subject, PROTO_REF_BYTES, st, 5);
    s_copy_text (row->result, sizeof row->result, st, 6);
    s_copy_text (row->origin, sizeof row->origin, st, 7);
    if (sqlite3_column_type (st, 8) != SQLITE_NULL)
        ok &= row->has_digest = s_copy_blob (row->digest, PROTO_DIGEST_BYTES, st, 8);
    ok &= s_copy_blob (row->hash, PROTO_DIGEST_BYTES, st, 9);
    for (int c = 1; c <= 3; c++)
        if (sqlite3_column_type (st, c) != (c == 1 ? SQLITE_INTEGER : SQLITE_TEXT))
            ok = false;
    return ok;
}

static int
s_audit_last (hub_store_t *store, hub_audit_row_t *row)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_AUDIT_LAST];
    int rc = sqlite3_step (st);
    memset (row, 0, sizeof *row);
    if (rc == SQLITE_ROW)
        s_audit_read (st, row);
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
s_audit_scan (hub_store_t *store, uint64_t from, hub_audit_fn *fn, void *arg)
{
    SELF;
    sqlite3_stmt *st = self->q [Q_AUDIT_SCAN];
    sqlite3_bind_int64 (st, 1, (sqlite3_int64) from);
    int rc;
    hub_audit_row_t row;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        bool ok = s_audit_read (st, &row);
        if (fn (arg, &row, !ok) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int
s_integrity (hub_store_t *store, char *err, size_t errlen)
{
    SELF;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "%s", sqlite3_errmsg (self->db));
        return -1;
    }
    int rc = -1;
    if (sqlite3_step (st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text (st, 0);
        snprintf (err, errlen, "%s", t ? (const char *) t : "");
        rc = t && strcmp ((const char *) t, "ok") == 0 ? 0 : -1;
    }
    sqlite3_finalize (st);
    return rc;
}

/* ---- the backend ------------------------------------------------------- */

const hub_store_core_ops_t hub_sqlite_core = {
    .begin = s_begin,
    .begin_read = s_begin_read,
    .commit = s_commit,
    .rollback = s_rollback,
    .savepoint = s_savepoint,
    .release = s_release,
    .rollback_to = s_rollback_to,
    .find = s_find,
    .put = s_put,
    .last_seq = s_last_seq,
    .backup = s_backup,
    .message_stats = s_message_stats,
    .enqueue = s_enqueue,
    .ack = s_ack,
    .pending = s_pending,
    .queue_depth = s_queue_depth,
    .put_batch = s_put_batch,
    .last_batch = s_last_batch,
    .batch_by_audit = s_batch_by_audit,
    .audit_put = s_audit_put,
    .audit_last = s_audit_last,
    .audit_scan = s_audit_scan,
    .integrity = s_integrity,
};

/*  The repositories' tables, which both backends share: mem differs only in
    where its database lives.                                                */
#define S_REPOSITORIES \
    .core = &hub_sqlite_core, \
    .households = &hub_sqlite_households, \
    .signals = &hub_sqlite_signals, \
    .rounds = &hub_sqlite_rounds, \
    .agreements = &hub_sqlite_agreements, \
    .report = &hub_sqlite_report, \
    .access = &hub_sqlite_access, \
    .retention = &hub_sqlite_retention, \
    .inspect = &hub_sqlite_inspect,

const hub_store_backend_t hub_store_sqlite = {
    .name = "sqlite",
    .open = s_open,
    .close = s_close,
    .error = s_error,
    .full = s_full,
    S_REPOSITORIES
};

const hub_store_backend_t hub_store_mem = {
    .name = "mem",
    .open = s_open_mem,
    .close = s_close,
    .error = s_error,
    .full = s_full,
    S_REPOSITORIES
};
