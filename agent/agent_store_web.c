/*  agent_store_web.c - the web view's connection to agent.db.
    See agent_store_web.h.                                                   */
#include "agent_store_web.h"
#include "agent_limits.h"
#include "proto_lang.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    W_USER_ADD, W_USER_GET, W_USER_LIST, W_USER_REMOVE, W_READ_FORGET, W_USER_PASSWD,
    W_USER_LOGINS, W_USER_COUNT, W_INBOX, W_INBOX_GET, W_READ_MARK, W_UNREAD,
    W_SENT, W_RECEIVED, W_LABEL_OF, W_LABEL_NAMED, W_LABEL_DROP, W_LABEL_PUT, W_LABEL_COUNT,
    W_COUNT
} wquery_t;

#define S_INBOX_COLS "i.seq, i.id, i.type, i.author, i.ts, i.received, i.person, i.address, " \
                     "i.envelope, i.signature, " \
                     "EXISTS (SELECT 1 FROM web_read r WHERE r.user = ?1 AND r.seq = i.seq)"

static const char *s_sql [W_COUNT] = {
    [W_USER_ADD] = "INSERT INTO users (name, role, hash, created) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (name) DO NOTHING",
    [W_USER_GET] = "SELECT name, role, hash, created, failed, locked_until FROM users WHERE name = ?1",
    [W_USER_LIST] = "SELECT name, role, hash, created, failed, locked_until FROM users ORDER BY name",
    [W_USER_REMOVE] = "DELETE FROM users WHERE name = ?1",
    [W_READ_FORGET] = "DELETE FROM web_read WHERE user = ?1",
    [W_USER_PASSWD] = "UPDATE users SET hash = ?2, failed = 0, locked_until = 0 WHERE name = ?1",
    [W_USER_LOGINS] = "UPDATE users SET failed = ?2, locked_until = ?3 WHERE name = ?1",
    [W_USER_COUNT] = "SELECT count(*) FROM users",
    [W_INBOX] = "SELECT " S_INBOX_COLS " FROM inbox i ORDER BY i.seq DESC LIMIT ?2",
    [W_INBOX_GET] = "SELECT " S_INBOX_COLS " FROM inbox i WHERE i.seq = ?2",
    [W_READ_MARK] = "INSERT INTO web_read (user, seq, at) VALUES (?1, ?2, ?3) "
                    "ON CONFLICT (user, seq) DO NOTHING",
    [W_UNREAD] = "SELECT count(*) FROM inbox i WHERE NOT EXISTS "
                 "(SELECT 1 FROM web_read r WHERE r.user = ?1 AND r.seq = i.seq)",
    [W_SENT] = "SELECT rowid, type, ts, done_at, envelope FROM outbox WHERE state = 1 AND type IN "
               "('claim', 'phase', 'transfer', 'release', 'link', 'unlink', 'move', 'round', "
               "'round_held', 'agreement', 'agreement_status') ORDER BY rowid",
    [W_RECEIVED] = "SELECT " S_INBOX_COLS " FROM inbox i WHERE i.type IN ('signal', 'notice', "
                   "'agreement_accept', 'agreement_status') ORDER BY i.seq",
    [W_LABEL_OF] = "SELECT name, coalesce (names, '') FROM labels WHERE (?1 IS NOT NULL AND person = ?1) "
                   "OR (?2 IS NOT NULL AND address = ?2) ORDER BY (person = ?1) DESC, name LIMIT 1",
    [W_LABEL_NAMED] = "SELECT 1 FROM labels WHERE name = ?1",
    [W_LABEL_DROP] = "DELETE FROM labels WHERE name = ?1",
    [W_LABEL_PUT] = "INSERT INTO labels (name, person, address, created, names) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)",
    [W_LABEL_COUNT] = "SELECT count(*) FROM labels",
};

struct agent_web_store_t {
    sqlite3 *db;
    sqlite3_stmt *stmt [W_COUNT];
};

static sqlite3_stmt *
s_stmt (agent_web_store_t *self, wquery_t q)
{
    sqlite3_reset (self->stmt [q]);
    sqlite3_clear_bindings (self->stmt [q]);
    return self->stmt [q];
}

static void
s_text (sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text (st, i, text, -1, SQLITE_TRANSIENT);
}

/*  A statement that changes rows: the rows changed, or -1.                  */
static int
s_change (agent_web_store_t *self, sqlite3_stmt *st)
{
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    return rc == SQLITE_DONE ? sqlite3_changes (self->db) : -1;
}

agent_web_store_t *
agent_web_store_new (const char *path, char *err, size_t errlen)
{
    agent_web_store_t *self = (agent_web_store_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        snprintf (err, errlen, _("cannot open %s: %s"), path,
                  self->db ? sqlite3_errmsg (self->db) : _("out of memory"));
        agent_web_store_destroy (&self);
        return NULL;
    }
    sqlite3_busy_timeout (self->db, AGENT_STORE_BUSY_MS);
    int version = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) == SQLITE_OK
    &&  sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
    &&  sqlite3_step (st) == SQLITE_ROW)
        version = sqlite3_column_int (st, 0);
    sqlite3_finalize (st);
    if (version != AGENT_STORE_SCHEMA) {
        snprintf (err, errlen, _("%s has schema version %d, not %d"), path, version,
                  AGENT_STORE_SCHEMA);
        agent_web_store_destroy (&self);
        return NULL;
    }
    for (int q = 0; q < W_COUNT; q++)
        if (sqlite3_prepare_v3 (self->db, s_sql [q], -1, SQLITE_PREPARE_PERSISTENT,
                                &self->stmt [q], NULL) != SQLITE_OK) {
            snprintf (err, errlen, _("cannot prepare a statement on %s: %s"), path,
                      sqlite3_errmsg (self->db));
            agent_web_store_destroy (&self);
            return NULL;
        }
    return self;
}

void
agent_web_store_destroy (agent_web_store_t **self_p)
{
    if (self_p && *self_p) {
        agent_web_store_t *self = *self_p;
        for (int q = 0; q < W_COUNT; q++)
            sqlite3_finalize (self->stmt [q]);
        if (self->db)
            sqlite3_close (self->db);
        free (self);
        *self_p = NULL;
    }
}

const char *
agent_web_store_error (agent_web_store_t *self)
{
    return sqlite3_errmsg (self->db);
}

/* ---- people ------------------------------------------------------------ */

int
agent_web_user_add (agent_web_store_t *self, const char *name, const char *role, const char *hash,
                    uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, W_USER_ADD);
    s_text (st, 1, name);
    s_text (st, 2, role);
    s_text (st, 3, hash);
    sqlite3_bind_int64 (st, 4, (sqlite3_int64) now);
    return s_change (self, st);
}

static int
s_users (sqlite3_stmt *st, agent_user_fn *fn, void *arg)
{
    int count = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        agent_user_t u;
        u.name = (const char *) sqlite3_column_text (st, 0);
        u.role = (const char *) sqlite3_column_text (st, 1);
        u.hash = (const char *) sqlite3_column_text (st, 2);
        u.created = (uint64_t) sqlite3_column_int64 (st, 3);
        u.failed = sqlite3_column_int (st, 4);
        u.locked_until = (uint64_t) sqlite3_column_int64 (st, 5);
        if (!u.name || !u.role || !u.hash)
            continue;
        count++;
        if (fn && fn (arg, &u))
            break;
    }
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}

int
agent_web_user_get (agent_web_store_t *self, const char *name, agent_user_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, W_USER_GET);
    s_text (st, 1, name);
    int n = s_users (st, fn, arg);
    return n < 0 ? -1 : n > 0 ? 1 : 0;
}

int
agent_web_user_list (agent_web_store_t *self, agent_user_fn *fn, void *arg)
{
    return s_users (s_stmt (self, W_USER_LIST), fn, arg);
}

int
agent_web_user_remove (agent_web_store_t *self, const char *name)
{
    if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *st = s_stmt (self, W_READ_FORGET);
    s_text (st, 1, name);
    int rc = s_change (self, st);
    if (rc >= 0) {
        st = s_stmt (self, W_USER_REMOVE);
        s_text (st, 1, name);
        rc = s_change (self, st);
    }
    if (rc < 0 || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return rc > 0 ? 1 : 0;
}

int
agent_web_user_passwd (agent_web_store_t *self, const char *name, const char *hash)
{
    sqlite3_stmt *st = s_stmt (self, W_USER_PASSWD);
    s_text (st, 1, name);
    s_text (st, 2, hash);
    int rc = s_change (self, st);
    return rc < 0 ? -1 : rc > 0 ? 1 : 0;
}

int
agent_web_user_logins (agent_web_store_t *self, const char *name, int failed, uint64_t locked_until)
{
    sqlite3_stmt *st = s_stmt (self, W_USER_LOGINS);
    s_text (st, 1, name);
    sqlite3_bind_int (st, 2, failed);
    sqlite3_bind_int64 (st, 3, (sqlite3_int64) locked_until);
    return s_change (self, st) < 0 ? -1 : 0;
}

static int64_t
s_count (sqlite3_stmt *st)
{
    int64_t n = -1;
    if (sqlite3_step (st) == SQLITE_ROW)
        n = sqlite3_column_int64 (st, 0);
    sqlite3_reset (st);
    return n;
}

int64_t
agent_web_user_count (agent_web_store_t *self)
{
    return s_count (s_stmt (self, W_USER_COUNT));
}

/* ---- the Postvak --------------------------------------------------------- */

static bool
s_blob (sqlite3_stmt *st, int col, uint8_t *out, size_t len)
{
    if (sqlite3_column_type (st, col) != SQLITE_BLOB || (size_t) sqlite3_column_bytes (st, col) != len)
        return false;
    memcpy (out, sqlite3_column_blob (st, col), len);
    return true;
}

static int
s_inbox_rows (sqlite3_stmt *st, agent_inbox_fn *fn, void *arg)
{
    int count = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        agent_inbox_row_t row;
        memset (&row, 0, sizeof row);
        row.seq = (uint64_t) sqlite3_column_int64 (st, 0);
        if (!s_blob (st, 1, row.id, PROTO_ID_BYTES) || !s_blob (st, 3, row.author, PROTO_PUBKEY_BYTES)
        ||  sqlite3_column_bytes (st, 9) != PROTO_SIGNATURE_BYTES)
            continue;
        const char *type = (const char *) sqlite3_column_text (st, 2);
        row.type = type ? type : "";
        row.ts = (uint64_t) sqlite3_column_int64 (st, 4);
        row.received = (uint64_t) sqlite3_column_int64 (st, 5);
        row.has_person = s_blob (st, 6, row.person, PROTO_REF_BYTES);
        row.has_address = s_blob (st, 7, row.address, PROTO_REF_BYTES);
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

int
agent_web_inbox (agent_web_store_t *self, const char *user, size_t limit, agent_inbox_fn *fn,
                 void *arg)
{
    sqlite3_stmt *st = s_stmt (self, W_INBOX);
    s_text (st, 1, user);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) limit);
    return s_inbox_rows (st, fn, arg);
}

int
agent_web_inbox_get (agent_web_store_t *self, const char *user, uint64_t seq, agent_inbox_fn *fn,
                     void *arg)
{
    sqlite3_stmt *st = s_stmt (self, W_INBOX_GET);
    s_text (st, 1, user);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) seq);
    int n = s_inbox_rows (st, fn, arg);
    return n < 0 ? -1 : n > 0 ? 1 : 0;
}

int
agent_web_read_mark (agent_web_store_t *self, const char *user, uint64_t seq, uint64_t now)
{
    sqlite3_stmt *st = s_stmt (self, W_READ_MARK);
    s_text (st, 1, user);
    sqlite3_bind_int64 (st, 2, (sqlite3_int64) seq);
    sqlite3_bind_int64 (st, 3, (sqlite3_int64) now);
    return s_change (self, st) < 0 ? -1 : 0;
}

int64_t
agent_web_unread (agent_web_store_t *self, const char *user)
{
    sqlite3_stmt *st = s_stmt (self, W_UNREAD);
    s_text (st, 1, user);
    return s_count (st);
}

/* ---- the caseload ---------------------------------------------------------- */

int
agent_web_sent (agent_web_store_t *self, agent_web_sent_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, W_SENT);
    int count = 0, rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        agent_web_sent_t row;
        row.rowid = sqlite3_column_int64 (st, 0);
        const char *type = (const char *) sqlite3_column_text (st, 1);
        row.type = type ? type : "";
        row.ts = (uint64_t) sqlite3_column_int64 (st, 2);
        row.done_at = (uint64_t) sqlite3_column_int64 (st, 3);
        row.envelope = (const uint8_t *) sqlite3_column_blob (st, 4);
        row.envelope_len = (size_t) sqlite3_column_bytes (st, 4);
        if (!row.envelope)
            continue;
        count++;
        if (fn (arg, &row))
            break;
    }
    sqlite3_reset (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}

int
agent_web_received (agent_web_store_t *self, const char *user, agent_inbox_fn *fn, void *arg)
{
    sqlite3_stmt *st = s_stmt (self, W_RECEIVED);
    s_text (st, 1, user);
    return s_inbox_rows (st, fn, arg);
}

static void
s_ref (sqlite3_stmt *st, int i, const uint8_t *ref)
{
    if (ref)
        sqlite3_bind_blob (st, i, ref, PROTO_REF_BYTES, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (st, i);
}

int
agent_web_label_get (agent_web_store_t *self, const uint8_t *person, const uint8_t *address,
                     char *label, size_t labellen, char *names, size_t nameslen)
{
    label [0] = 0;
    names [0] = 0;
    if (!person && !address)
        return 0;
    sqlite3_stmt *st = s_stmt (self, W_LABEL_OF);
    s_ref (st, 1, person);
    s_ref (st, 2, address);
    int rc = sqlite3_step (st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1) {
        const char *l = (const char *) sqlite3_column_text (st, 0);
        const char *n = (const char *) sqlite3_column_text (st, 1);
        snprintf (label, labellen, "%s", l ? l : "");
        snprintf (names, nameslen, "%s", n ? n : "");
    }
    sqlite3_reset (st);
    return found;
}

int
agent_web_label_save (agent_web_store_t *self, const char *old, const char *name, const char *names,
                      const uint8_t *person, const uint8_t *address, uint64_t now)
{
    if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    int rc = 1;
    bool renaming = !old || !*old || strcmp (old, name) != 0;
    if (renaming) {
        /* the new name must not be another household's label */
        sqlite3_stmt *st = s_stmt (self, W_LABEL_NAMED);
        s_text (st, 1, name);
        int step = sqlite3_step (st);
        sqlite3_reset (st);
        if (step == SQLITE_ROW)
            rc = 0;
        else
        if (step != SQLITE_DONE)
            rc = -1;
        if (rc == 1 && (!old || !*old)
        &&  s_count (s_stmt (self, W_LABEL_COUNT)) >= AGENT_MAX_LABELS)
            rc = 0;
    }
    if (rc == 1 && old && *old) {
        sqlite3_stmt *st = s_stmt (self, W_LABEL_DROP);
        s_text (st, 1, old);
        if (s_change (self, st) < 0)
            rc = -1;
    }
    if (rc == 1) {
        sqlite3_stmt *st = s_stmt (self, W_LABEL_PUT);
        s_text (st, 1, name);
        s_ref (st, 2, person);
        s_ref (st, 3, address);
        sqlite3_bind_int64 (st, 4, (sqlite3_int64) now);
        if (names && *names)
            s_text (st, 5, names);
        else
            sqlite3_bind_null (st, 5);
        if (s_change (self, st) != 1)
            rc = -1;
    }
    if (rc != 1 || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return rc == 1 ? -1 : rc;
    }
    return 1;
}
