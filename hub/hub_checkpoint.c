/*  hub_checkpoint.c - see hub_checkpoint.h.                               */
#include "hub_checkpoint.h"
#include "hub_sql.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct hub_checkpoint_t {
    hub_store_t *store;
    sqlite3 *db;                        /* the thread's own connection        */
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool wanted, stopping;
    int pages, force;                   /* thresholds in WAL pages            */
    int step;                           /* growth between two checkpoints     */
    int next_at;                        /* WAL size that wants the next one   */
    hub_checkpoint_stats_t stats;
};

/*  Counts a checkpoint done; busy (a reader in the way) is no failure.
    Called with the lock held.                                               */
static void
s_count (hub_checkpoint_t *self, uint64_t *counter, int rc)
{
    (*counter)++;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        self->stats.failures++;
}

static void *
s_thread (void *arg)
{
    hub_checkpoint_t *self = (hub_checkpoint_t *) arg;
    pthread_mutex_lock (&self->lock);
    while (true) {
        while (!self->wanted && !self->stopping)
            pthread_cond_wait (&self->wake, &self->lock);
        if (self->stopping)
            break;
        self->wanted = false;
        pthread_mutex_unlock (&self->lock);
        int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                            NULL, NULL);
        pthread_mutex_lock (&self->lock);
        s_count (self, &self->stats.runs, rc);
    }
    pthread_mutex_unlock (&self->lock);
    return NULL;
}

/*  Runs on the writer's thread after every commit, with the WAL's size.    */
static int
s_on_commit (void *arg, sqlite3 *db, const char *name, int pages)
{
    hub_checkpoint_t *self = (hub_checkpoint_t *) arg;
    bool force = pages >= self->force;
    pthread_mutex_lock (&self->lock);
    if ((uint64_t) pages < self->stats.wal_pages)
        self->next_at = self->pages;    /* the WAL started over               */
    self->stats.wal_pages = (uint64_t) pages;
    if (!force && pages >= self->next_at && !self->wanted) {
        self->wanted = true;
        self->next_at = pages + self->step;
        pthread_cond_signal (&self->wake);
    }
    pthread_mutex_unlock (&self->lock);
    if (force) {
        int rc = sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock (&self->lock);
        s_count (self, &self->stats.forced, rc);
        pthread_mutex_unlock (&self->lock);
    }
    return SQLITE_OK;
}

hub_checkpoint_t *
hub_checkpoint_new (hub_store_t *store, const char *path, int pages, int force,
                    char *err, size_t errlen)
{
    hub_checkpoint_t *self = (hub_checkpoint_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    self->store = store;
    self->pages = pages > 0 ? pages : HUB_CHECKPOINT_PAGES;
    self->force = force > self->pages ? force : self->pages * 4;
    self->step = self->pages / 4 > 0 ? self->pages / 4 : 1;
    self->next_at = self->pages;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->wake, NULL);
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                         NULL) != SQLITE_OK
    ||  sqlite3_exec (self->db, "PRAGMA synchronous = FULL; PRAGMA cache_size = -1024;",
                      NULL, NULL, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "cannot open a checkpoint connection on %s: %s", path,
                  self->db ? sqlite3_errmsg (self->db) : "out of memory");
        hub_checkpoint_destroy (&self);
        return NULL;
    }
    if (pthread_create (&self->thread, NULL, s_thread, self) != 0) {
        snprintf (err, errlen, "cannot start the checkpoint thread");
        hub_checkpoint_destroy (&self);
        return NULL;
    }
    self->started = true;
    /* replaces sqlite's own checkpoint-on-commit                             */
    sqlite3_wal_hook (hub_sqlite_db (store), s_on_commit, self);
    return self;
}

void
hub_checkpoint_destroy (hub_checkpoint_t **self_p)
{
    hub_checkpoint_t *self = *self_p;
    if (!self)
        return;
    if (self->started) {
        sqlite3_wal_autocheckpoint (hub_sqlite_db (self->store), 1000);
        pthread_mutex_lock (&self->lock);
        self->stopping = true;
        pthread_cond_signal (&self->wake);
        pthread_mutex_unlock (&self->lock);
        pthread_join (self->thread, NULL);
    }
    sqlite3_close (self->db);
    pthread_mutex_destroy (&self->lock);
    pthread_cond_destroy (&self->wake);
    free (self);
    *self_p = NULL;
}

void
hub_checkpoint_stats (hub_checkpoint_t *self, hub_checkpoint_stats_t *stats)
{
    pthread_mutex_lock (&self->lock);
    *stats = self->stats;
    pthread_mutex_unlock (&self->lock);
}
