/*  hub_sql.h - a small helper for the store's domain modules.

    Domain queries are short and many; this binds arguments by a format
    string and caches each prepared statement, so every query stays one
    readable line of SQL in the module that owns it. Format letters:
      i  int64_t            u  uint64_t          s  const char * (NULL = NULL)
      b  const uint8_t *, size_t (NULL = NULL)   n  NULL
    Statements are cached per SQL text pointer: pass string literals.
*/
#ifndef HUB_SQL_H_INCLUDED
#define HUB_SQL_H_INCLUDED

#include <stdarg.h>
#include <stdint.h>
#include <stdbool.h>
#include <sqlite3.h>
#include "hub_store.h"

/*  The sqlite handle, for the store's own modules only (the repositories,
    the WAL buffer, checkpoints, restore): nothing outside the store holds
    SQL or includes sqlite3.h.                                               */
sqlite3 *hub_store_db (hub_store_t *self);

/*  Prepares (or reuses) sql and binds the arguments; returns the statement
    ready to step, or NULL on error. Finish with hub_sql_done.               */
sqlite3_stmt *hub_sql (hub_store_t *store, const char *sql, const char *fmt, ...);
void hub_sql_done (sqlite3_stmt *st);

/*  Runs a statement that returns no rows. 0 or -1.                          */
int hub_sql_exec (hub_store_t *store, const char *sql, const char *fmt, ...);

/*  Runs a query for one integer (first column of the first row); *found set
    when there was a row. 0 or -1.                                           */
int hub_sql_int (hub_store_t *store, int64_t *out, bool *found, const char *sql, const char *fmt, ...);

/*  Copies a text column into out (empty for NULL).                          */
void hub_sql_text (sqlite3_stmt *st, int col, char *out, size_t outlen);
/*  Copies a blob column of exactly len bytes; false otherwise.              */
bool hub_sql_blob (sqlite3_stmt *st, int col, uint8_t *out, size_t len);

/*  Frees every cached statement of this store (at shutdown).                */
void hub_sql_forget (hub_store_t *store);

#endif
