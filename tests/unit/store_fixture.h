/*  store_fixture.h - a real hub store for the repository tests: a fresh
    file in the test's temporary directory with a transaction open, as the
    hub works, and plain SQL to set up and read back rows of tables the
    repository under test does not own.                                     */
#ifndef STORE_FIXTURE_H_INCLUDED
#define STORE_FIXTURE_H_INCLUDED

#include "hub_store.h"

/*  The store with a transaction begun, or NULL.                             */
hub_store_t *store_fixture_open (void);
/*  Commits and closes; the commit's result.                                 */
int store_fixture_close (hub_store_t **store);
/*  Rolls back and closes, for tests that only read what they wrote.        */
void store_fixture_discard (hub_store_t **store);
/*  The first column of the first row of sql, or -1.                         */
long long store_fixture_int (hub_store_t *store, const char *sql);
/*  Runs sql (one or more statements); 0 or -1.                              */
int store_fixture_exec (hub_store_t *store, const char *sql);

#endif
