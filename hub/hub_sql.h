/*  hub_sql.h - a small helper for the sqlite backend's repositories.

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
#include "hub_store_backend.h"

/*  The sqlite handle of a store opened with the sqlite backend, for the
    backend's own modules only (its repositories, the WAL buffer,
    checkpoints, restore): nothing outside the store holds SQL or includes
    sqlite3.h.                                                               */
sqlite3 *hub_sqlite_db (hub_store_t *store);

/*  Runs sql (several statements allowed) on db; 0, or -1 with err.         */
int hub_sqlite_exec (sqlite3 *db, const char *sql, char *err, size_t errlen);
/*  Brings db's schema up to HUB_STORE_SCHEMA_VERSION, one migration per
    transaction; refuses a schema newer than this program. 0, or -1 with err. */
int hub_sqlite_migrate (sqlite3 *db, char *err, size_t errlen);

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

/*  Frees every cached statement of this connection (at close).              */
void hub_sql_forget (sqlite3 *db);

/*  The sqlite backend's tables, one per repository file (the mem backend
    shares them).                                                            */
extern const hub_store_core_ops_t hub_sqlite_core;
extern const hub_store_households_ops_t hub_sqlite_households;
extern const hub_store_signals_ops_t hub_sqlite_signals;
extern const hub_store_rounds_ops_t hub_sqlite_rounds;
extern const hub_store_agreements_ops_t hub_sqlite_agreements;
extern const hub_store_report_ops_t hub_sqlite_report;
extern const hub_store_access_ops_t hub_sqlite_access;
extern const hub_store_retention_ops_t hub_sqlite_retention;
extern const hub_store_inspect_ops_t hub_sqlite_inspect;

#endif
