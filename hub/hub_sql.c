/*  hub_sql.c - see hub_sql.h.                                              */
#include "hub_sql.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HUB_SQL_CACHE   256

typedef struct {
    sqlite3 *db;
    const char *sql;
    sqlite3_stmt *st;
} cached_t;

static cached_t s_cache [HUB_SQL_CACHE];

static sqlite3_stmt *
s_prepare (hub_store_t *store, const char *sql)
{
    sqlite3 *db = hub_sqlite_db (store);
    size_t slot = ((uintptr_t) sql >> 3) % HUB_SQL_CACHE;
    for (size_t i = 0; i < HUB_SQL_CACHE; i++) {
        cached_t *c = &s_cache [(slot + i) % HUB_SQL_CACHE];
        if (c->sql == sql && c->db == db)
            return c->st;
        if (!c->sql) {
            if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                    &c->st, NULL) != SQLITE_OK) {
                fprintf (stderr, "hub_sql: %s in: %s\n", sqlite3_errmsg (db), sql);
                c->st = NULL;
                return NULL;
            }
            c->sql = sql;
            c->db = db;
            return c->st;
        }
    }
    return NULL;        /* cache full: a programming error, caught by tests  */
}

/*  copy: sqlite keeps its own copy of text and blobs (the statement is
    returned to a caller); otherwise it reads them in place, which is safe
    when the statement runs before the caller's arguments go away.           */
static sqlite3_stmt *
s_bind (hub_store_t *store, bool copy, const char *sql, const char *fmt, va_list ap)
{
    sqlite3_destructor_type keep = copy ? SQLITE_TRANSIENT : SQLITE_STATIC;
    sqlite3_stmt *st = s_prepare (store, sql);
    if (!st)
        return NULL;
    int col = 1;
    for (const char *f = fmt; f && *f; f++, col++) {
        switch (*f) {
            case 'i': sqlite3_bind_int64 (st, col, va_arg (ap, int64_t)); break;
            case 'u': sqlite3_bind_int64 (st, col, (sqlite3_int64) va_arg (ap, uint64_t)); break;
            case 's': {
                const char *s = va_arg (ap, const char *);
                if (s)
                    sqlite3_bind_text (st, col, s, -1, keep);
                else
                    sqlite3_bind_null (st, col);
                break;
            }
            case 'b': {
                const uint8_t *b = va_arg (ap, const uint8_t *);
                size_t n = va_arg (ap, size_t);
                if (b)
                    sqlite3_bind_blob (st, col, b, (int) n, keep);
                else
                    sqlite3_bind_null (st, col);
                break;
            }
            case 'n': sqlite3_bind_null (st, col); break;
            default:
                fprintf (stderr, "hub_sql: bad format letter '%c'\n", *f);
                sqlite3_reset (st);
                return NULL;
        }
    }
    return st;
}

sqlite3_stmt *
hub_sql (hub_store_t *store, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    sqlite3_stmt *st = s_bind (store, true, sql, fmt, ap);
    va_end (ap);
    return st;
}

void
hub_sql_done (sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset (st);
        sqlite3_clear_bindings (st);
    }
}

int
hub_sql_exec (hub_store_t *store, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    sqlite3_stmt *st = s_bind (store, false, sql, fmt, ap);
    va_end (ap);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    hub_sql_done (st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int
hub_sql_int (hub_store_t *store, int64_t *out, bool *found, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    sqlite3_stmt *st = s_bind (store, false, sql, fmt, ap);
    va_end (ap);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (found)
        *found = rc == SQLITE_ROW;
    *out = rc == SQLITE_ROW ? sqlite3_column_int64 (st, 0) : 0;
    hub_sql_done (st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

void
hub_sql_text (sqlite3_stmt *st, int col, char *out, size_t outlen)
{
    const unsigned char *t = sqlite3_column_text (st, col);
    snprintf (out, outlen, "%s", t ? (const char *) t : "");
}

bool
hub_sql_blob (sqlite3_stmt *st, int col, uint8_t *out, size_t len)
{
    if (sqlite3_column_type (st, col) != SQLITE_BLOB || (size_t) sqlite3_column_bytes (st, col) != len)
        return false;
    memcpy (out, sqlite3_column_blob (st, col), len);
    return true;
}

void
hub_sql_forget (sqlite3 *db)
{
    for (size_t i = 0; i < HUB_SQL_CACHE; i++)
        if (s_cache [i].db == db) {
            sqlite3_finalize (s_cache [i].st);
            memset (&s_cache [i], 0, sizeof s_cache [i]);
        }
}
