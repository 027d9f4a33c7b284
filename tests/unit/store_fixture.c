/*  store_fixture.c - see store_fixture.h.                                  */
#include "store_fixture.h"
#include "hub_sql.h"
#include "testing.h"
#include <sqlite3.h>

hub_store_t *
store_fixture_open (void)
{
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    hub_store_t *store = hub_store_open (path, err, sizeof err);
    if (store && hub_store_begin (store) != 0)
        hub_store_destroy (&store);
    return store;
}

int
store_fixture_close (hub_store_t **store)
{
    int rc = hub_store_commit (*store);
    hub_store_destroy (store);
    return rc;
}

void
store_fixture_discard (hub_store_t **store)
{
    hub_store_rollback (*store);
    hub_store_destroy (store);
}

long long
store_fixture_int (hub_store_t *store, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2 (hub_sqlite_db (store), sql, -1, &st, NULL) == SQLITE_OK
    &&  sqlite3_step (st) == SQLITE_ROW)
        v = sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
    return v;
}

int
store_fixture_exec (hub_store_t *store, const char *sql)
{
    return sqlite3_exec (hub_sqlite_db (store), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}
