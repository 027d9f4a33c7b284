/*  hub_store.c - sqlite behind the store interface (see hub_store.h).      */
#include "hub_store.h"
#include "hub_sql.h"
#include "hub_walbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  Migrations: migration N brings the schema from version N-1 to N. Append
    only; never edit a released one.                                          */
static const char *s_migrations [] = {
    /* 1: messages, delivery queues, batches, audit                          */
    "CREATE TABLE messages ("
    "  seq INTEGER PRIMARY KEY,"
    "  id BLOB NOT NULL UNIQUE,"
    "  author TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  received INTEGER NOT NULL,"
    "  digest BLOB NOT NULL,"
    "  envelope BLOB,"                  /* NULL once retention removed it   */
    "  signature BLOB);"
    "CREATE TABLE deliveries ("
    "  recipient TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  PRIMARY KEY (recipient, seq)) WITHOUT ROWID;"
    "CREATE TABLE batches ("
    "  batch INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  leaves INTEGER NOT NULL,"
    "  root BLOB NOT NULL,"
    "  audit_seq INTEGER NOT NULL,"
    "  audit_head BLOB NOT NULL,"
    "  head BLOB NOT NULL,"
    "  signature BLOB NOT NULL);"
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object BLOB,"
    "  subject BLOB,"
    "  result TEXT NOT NULL,"
    "  origin TEXT NOT NULL,"
    "  digest BLOB,"
    "  hash BLOB NOT NULL);"
    "CREATE INDEX audit_subject ON audit (subject) WHERE subject IS NOT NULL;",

    /* 2: households, regie, signals, matches, referrals, consent           */
    "CREATE TABLE households ("
    "  hh INTEGER PRIMARY KEY,"
    "  created INTEGER NOT NULL,"
    "  team TEXT,"                      /* regie held by (NULL: nobody)     */
    "  casemanager TEXT,"
    "  phase TEXT,"
    "  since INTEGER,"                  /* regie held since                 */
    "  phase_since INTEGER,"
    "  former_team TEXT,"               /* after closing, for follow-up     */
    "  former_casemanager TEXT,"
    "  closed_at INTEGER,"
    "  follow_up_until INTEGER,"
    "  priority INTEGER NOT NULL DEFAULT 0,"
    "  referred_at INTEGER);"           /* first referral, for reports      */
    "CREATE INDEX households_team ON households (team) WHERE team IS NOT NULL;"
    "CREATE INDEX households_follow_up ON households (follow_up_until) WHERE former_team IS NOT NULL;"
    "CREATE TABLE household_refs ("
    "  ref BLOB PRIMARY KEY,"
    "  hh INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"             /* person | address                 */
    "  added INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX household_refs_hh ON household_refs (hh);"
    "CREATE TABLE phases ("
    "  hh INTEGER NOT NULL, ts INTEGER NOT NULL, phase TEXT NOT NULL,"
    "  team TEXT, author TEXT NOT NULL, reason TEXT);"
    "CREATE INDEX phases_hh ON phases (hh, ts);"
    "CREATE TABLE signals ("
    "  seq INTEGER PRIMARY KEY,"        /* the message                      */
    "  hh INTEGER NOT NULL,"
    "  partner TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  leefgebied TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  kind TEXT,"
    "  recipient TEXT,"
    "  contact TEXT,"
    "  led_to_regie INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX signals_hh ON signals (hh, ts);"
    "CREATE INDEX signals_ts ON signals (ts);"
    "CREATE TABLE history ("             /* expired signals, no content      */
    "  hh INTEGER NOT NULL, partner TEXT NOT NULL,"
    "  first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, signals INTEGER NOT NULL,"
    "  archived INTEGER NOT NULL, told INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (hh, partner)) WITHOUT ROWID;"
    "CREATE TABLE matches ("
    "  match BLOB PRIMARY KEY,"         /* id of the match event            */
    "  hh INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  deadline INTEGER NOT NULL,"
    "  escalate_at INTEGER NOT NULL,"
    "  team TEXT) WITHOUT ROWID;"
    "CREATE TABLE match_parties ("
    "  match BLOB NOT NULL, partner TEXT NOT NULL,"
    "  confirmed INTEGER, outcome TEXT, reminded INTEGER, escalated INTEGER,"
    "  PRIMARY KEY (match, partner)) WITHOUT ROWID;"
    "CREATE INDEX match_parties_open ON match_parties (partner) WHERE confirmed IS NULL;"
    "CREATE TABLE referrals ("
    "  seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, hh INTEGER NOT NULL,"
    "  team TEXT NOT NULL, referrer TEXT NOT NULL, introducer TEXT NOT NULL,"
    "  ts INTEGER NOT NULL, status TEXT NOT NULL, decided INTEGER);"
    "CREATE INDEX referrals_hh ON referrals (hh);"
    "CREATE TABLE consent ("
    "  hh INTEGER NOT NULL, partner TEXT NOT NULL, basis TEXT NOT NULL,"
    "  valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
    "  recorded INTEGER NOT NULL, withdrawn INTEGER,"
    "  PRIMARY KEY (hh, partner)) WITHOUT ROWID;"
    "CREATE TABLE escalations ("
    "  escalation BLOB PRIMARY KEY, hh INTEGER, team TEXT, partner TEXT NOT NULL,"
    "  reason TEXT NOT NULL, object BLOB, history TEXT NOT NULL, created INTEGER NOT NULL,"
    "  resolved INTEGER, resolved_by TEXT, note TEXT) WITHOUT ROWID;"
    "CREATE TABLE agreements ("
    "  agreement BLOB PRIMARY KEY, hh INTEGER NOT NULL, owner TEXT NOT NULL,"
    "  regisseur TEXT NOT NULL, leefgebied TEXT NOT NULL, due INTEGER NOT NULL,"
    "  round BLOB, status TEXT NOT NULL, created INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  accepted_seq INTEGER, changed INTEGER NOT NULL, reminded INTEGER, overdue INTEGER,"
    "  stagnations INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE INDEX agreements_hh ON agreements (hh);"
    "CREATE INDEX agreements_owner ON agreements (owner, hh);",

    /* 3: coordination rounds, progress reports, the agreements' history     */
    "CREATE TABLE rounds ("
    "  round BLOB PRIMARY KEY, hh INTEGER NOT NULL, number INTEGER NOT NULL,"
    "  at INTEGER NOT NULL, regisseur TEXT NOT NULL, place TEXT, created INTEGER NOT NULL,"
    "  held INTEGER, next INTEGER, reminded INTEGER) WITHOUT ROWID;"
    "CREATE INDEX rounds_hh ON rounds (hh, number);"
    "CREATE INDEX rounds_open ON rounds (at) WHERE held IS NULL;"
    "CREATE TABLE round_partners ("
    "  round BLOB NOT NULL, partner TEXT NOT NULL, invited INTEGER NOT NULL,"
    "  present INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (round, partner)) WITHOUT ROWID;"
    "CREATE TABLE progress ("
    "  seq INTEGER PRIMARY KEY, round BLOB NOT NULL, partner TEXT NOT NULL, agreement BLOB,"
    "  status TEXT NOT NULL, note TEXT, ts INTEGER NOT NULL);"
    "CREATE INDEX progress_round ON progress (round);"
    "ALTER TABLE agreements ADD COLUMN action TEXT;"
    "ALTER TABLE agreements ADD COLUMN chased INTEGER;"
    "ALTER TABLE agreements ADD COLUMN escalated INTEGER;"
    "ALTER TABLE agreements ADD COLUMN done INTEGER;"
    "CREATE INDEX agreements_open ON agreements (due) WHERE status IN ('proposed', 'accepted', 'overdue');"
    "CREATE TABLE agreement_log ("
    "  agreement BLOB NOT NULL, ts INTEGER NOT NULL, status TEXT NOT NULL,"
    "  author TEXT NOT NULL, seq INTEGER, note TEXT);"
    "CREATE INDEX agreement_log_agreement ON agreement_log (agreement, ts);"
    "CREATE INDEX escalations_open ON escalations (team) WHERE resolved IS NULL;",

    /* 4: find a signed head by its audit position (audit extension checks)  */
    "CREATE INDEX batches_audit ON batches (audit_seq);",

    /* 5: no index on the audit entries' subjects. Its one reader, the
       access report, reads the whole audit log in any case (entries about
       the household's messages are found by object); the index put a
       random 32-byte key into a b-tree for nearly every entry: a page
       written (and checkpointed) per message, about a third of what the
       hub wrote to disk, and 45 bytes stored per message.                   */
    "DROP INDEX IF EXISTS audit_subject;",

    /* 6: a declined referral remembers the decline's message, so that
       retention can remove both envelopes when the referral has expired     */
    "ALTER TABLE referrals ADD COLUMN decided_seq INTEGER;",

    /* 7: an address a household moved away from, with the time it lived
       there (since .. until). It no longer finds the household (a new
       family may live there), but what was said about it in that time
       stays the household's: the access report shows it and retention
       empties it with the household's other messages.                       */
    "CREATE TABLE household_former_refs ("
    "  ref BLOB NOT NULL, hh INTEGER NOT NULL, kind TEXT NOT NULL,"
    "  since INTEGER NOT NULL, until INTEGER NOT NULL,"
    "  PRIMARY KEY (ref, hh, since)) WITHOUT ROWID;"
    "CREATE INDEX household_former_refs_hh ON household_former_refs (hh);",
};
#define MIGRATIONS (sizeof s_migrations / sizeof s_migrations [0])
_Static_assert (MIGRATIONS == HUB_STORE_SCHEMA_VERSION, "one migration per schema version");

enum {
    Q_FIND, Q_PUT, Q_ENQUEUE, Q_ACK, Q_PENDING, Q_DEPTH, Q_BATCH_PUT, Q_BATCH_LAST,
    Q_AUDIT_PUT, Q_AUDIT_LAST, Q_AUDIT_SCAN, Q_STATS,
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
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
    [Q_COMMIT]      = "COMMIT",
    [Q_ROLLBACK]    = "ROLLBACK",
    [Q_SAVEPOINT]   = "SAVEPOINT msg",
    [Q_RELEASE]     = "RELEASE msg",
    [Q_ROLLBACK_TO] = "ROLLBACK TO msg",
};

struct hub_store_t {
    sqlite3 *db;
    sqlite3_stmt *q [Q_COUNT];
};

static int
s_exec (hub_store_t *self, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf (err, errlen, "store: %s", msg ? msg : sqlite3_errmsg (self->db));
        sqlite3_free (msg);
        return -1;
    }
    return 0;
}

static int
s_user_version (hub_store_t *self, int *version)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *version = sqlite3_column_int (st, 0);
    sqlite3_finalize (st);
    return rc;
}

static int
s_migrate (hub_store_t *self, char *err, size_t errlen)
{
    int version;
    if (s_user_version (self, &version) != 0) {
        snprintf (err, errlen, "store: cannot read the schema version: %s", sqlite3_errmsg (self->db));
        return -1;
    }
    if (version > (int) MIGRATIONS) {
        snprintf (err, errlen, "store: schema version %d is newer than this program (%d)",
                  version, (int) MIGRATIONS);
        return -1;
    }
    for (int v = version; v < (int) MIGRATIONS; v++) {
        char sql [64];
        snprintf (sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (s_exec (self, "BEGIN IMMEDIATE", err, errlen) != 0)
            return -1;
        if (s_exec (self, s_migrations [v], err, errlen) != 0
        ||  s_exec (self, sql, err, errlen) != 0) {
            sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        if (s_exec (self, "COMMIT", err, errlen) != 0)
            return -1;
    }
    return 0;
}

hub_store_t *
hub_store_open (const char *path, char *err, size_t errlen)
{
    hub_store_t *self = (hub_store_t *) calloc (1, sizeof *self);
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
    /* the WAL's frames are written in few system calls (hub_walbuf.h)     */
    const char *vfs = hub_walbuf_register () == 0 ? HUB_WALBUF_VFS : NULL;
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX, vfs) != SQLITE_OK) {
        snprintf (err, errlen, "cannot open store %s: %s", path,
                  self->db ? sqlite3_errmsg (self->db) : "out of memory");
        hub_store_destroy (&self);
        return NULL;
    }
    sqlite3_busy_timeout (self->db, HUB_STORE_BUSY_MS);
    sqlite3_extended_result_codes (self->db, 1);
    char pragmas [256];
    snprintf (pragmas, sizeof pragmas,
              "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
              "PRAGMA cache_size = -%d; PRAGMA mmap_size = %d; PRAGMA temp_store = MEMORY;",
              HUB_STORE_CACHE_KIB, HUB_STORE_MMAP_BYTES);
    if (s_exec (self, pragmas, err, errlen) != 0 || s_migrate (self, err, errlen) != 0) {
        hub_store_destroy (&self);
        return NULL;
    }
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v3 (self->db, s_sql [i], -1, SQLITE_PREPARE_PERSISTENT,
                                &self->q [i], NULL) != SQLITE_OK) {
            snprintf (err, errlen, "store: %s", sqlite3_errmsg (self->db));
            hub_store_destroy (&self);
            return NULL;
        }
    return self;
}

void
hub_store_destroy (hub_store_t **self_p)
{
    hub_store_t *self = *self_p;
    if (self) {
        hub_sql_forget (self);
        for (int i = 0; i < Q_COUNT; i++)
            sqlite3_finalize (self->q [i]);
        sqlite3_close (self->db);
        free (self);
        *self_p = NULL;
    }
}

const char *
hub_store_error (hub_store_t *self)
{
    return sqlite3_errmsg (self->db);
}

sqlite3 *
hub_store_db (hub_store_t *self)
{
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

int hub_store_begin (hub_store_t *self)       { return s_step_done (self->q [Q_BEGIN]); }
int hub_store_commit (hub_store_t *self)      { return s_step_done (self->q [Q_COMMIT]); }
int hub_store_savepoint (hub_store_t *self)   { return s_step_done (self->q [Q_SAVEPOINT]); }
int hub_store_release (hub_store_t *self)     { return s_step_done (self->q [Q_RELEASE]); }

void
hub_store_rollback (hub_store_t *self)
{
    if (!sqlite3_get_autocommit (self->db))
        s_step_done (self->q [Q_ROLLBACK]);
}

void
hub_store_rollback_to (hub_store_t *self)
{
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

int
hub_store_find (hub_store_t *self, const uint8_t id [PROTO_ID_BYTES], hub_stored_t *out)
{
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

int
hub_store_put (hub_store_t *self, const uint8_t id [PROTO_ID_BYTES], const char *author,
               const char *type, uint64_t ts, uint64_t received,
               const uint8_t digest [PROTO_DIGEST_BYTES], const uint8_t *envelope,
               size_t envelope_len, const uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *seq)
{
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

int
hub_store_last_seq (hub_store_t *self, uint64_t *seq)
{
    sqlite3_stmt *st;
    *seq = 0;
    if (sqlite3_prepare_v2 (self->db, "SELECT coalesce (max (seq), 0) FROM messages", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *seq = (uint64_t) sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
    return rc;
}

int
hub_store_backup (hub_store_t *self, const char *path, char *err, size_t errlen)
{
    sqlite3 *dest;
    if (sqlite3_open_v2 (path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "cannot create %s: %s", path, dest ? sqlite3_errmsg (dest) : "out of memory");
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

int
hub_store_message_stats (hub_store_t *self, uint64_t *count, uint64_t *bytes)
{
    sqlite3_stmt *st = self->q [Q_STATS];
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *count = (uint64_t) sqlite3_column_int64 (st, 0);
    *bytes = (uint64_t) sqlite3_column_int64 (st, 1);
    sqlite3_reset (st);
    return rc;
}

int
hub_store_enqueue (hub_store_t *self, const char *recipient, uint64_t seq)
{
    sqlite3_stmt *st = self->q [Q_ENQUEUE];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) seq);
    return s_step_done (st);
}

int
hub_store_ack (hub_store_t *self, const char *recipient, uint64_t upto, uint64_t *removed)
{
    sqlite3_stmt *st = self->q [Q_ACK];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) upto);
    if (s_step_done (st) != 0)
        return -1;
    *removed = (uint64_t) sqlite3_changes (self->db);
    return 0;
}

int
hub_store_pending (hub_store_t *self, const char *recipient, uint64_t after, size_t limit,
                   hub_delivery_fn *fn, void *arg)
{
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

int
hub_store_queue_depth (hub_store_t *self, const char *recipient, uint64_t *depth)
{
    sqlite3_stmt *st = self->q [Q_DEPTH];
    sqlite3_bind_text (st, 1, recipient, -1, SQLITE_STATIC);
    int rc = sqlite3_step (st) == SQLITE_ROW ? 0 : -1;
    *depth = (uint64_t) sqlite3_column_int64 (st, 0);
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    return rc;
}

int
hub_store_put_batch (hub_store_t *self, const proto_batch_head_t *head,
                     const uint8_t *head_bytes, size_t head_len,
                     const uint8_t sig [PROTO_SIGNATURE_BYTES])
{
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

int
hub_store_batch_by_audit (hub_store_t *self, uint64_t lo, uint64_t hi, uint8_t *head,
                          size_t *head_len, uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *audit_seq)
{
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

int
hub_store_last_batch (hub_store_t *self, uint64_t *batch)
{
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

int
hub_store_audit_put (hub_store_t *self, const hub_audit_row_t *row)
{
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

int
hub_store_audit_last (hub_store_t *self, hub_audit_row_t *row)
{
    sqlite3_stmt *st = self->q [Q_AUDIT_LAST];
    int rc = sqlite3_step (st);
    memset (row, 0, sizeof *row);
    if (rc == SQLITE_ROW)
        s_audit_read (st, row);
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
hub_store_audit_scan (hub_store_t *self, uint64_t from, hub_audit_fn *fn, void *arg)
{
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

int
hub_store_integrity (hub_store_t *self, char *err, size_t errlen)
{
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
