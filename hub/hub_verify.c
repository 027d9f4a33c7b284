/*  hub_verify.c - see hub_verify.h.                                        */
#include "hub_verify.h"
#include "proto_sign.h"
#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>

#define HUB_VERIFY_MIN_SHARE    8       /* below this, one thread is faster  */

typedef struct {
    hub_verify_t *pool;
    pthread_t thread;
    unsigned index;
} worker_t;

struct hub_verify_t {
    unsigned threads;
    worker_t *workers;
    pthread_mutex_t lock;
    pthread_cond_t start, done;
    uint64_t generation;            /* bumped for every batch                 */
    unsigned pending;               /* workers still busy with this batch     */
    hub_verify_item_t *items;
    size_t count;
    unsigned shares;                /* how many parts this batch is cut into  */
    bool stopping;
};

static void
s_share (hub_verify_item_t *items, size_t count, unsigned shares, unsigned index)
{
    size_t from = count * index / shares, to = count * (index + 1) / shares;
    for (size_t i = from; i < to; i++)
        items [i].result = proto_verify (items [i].sig, items [i].msg, items [i].len, items [i].key);
}

static void *
s_worker (void *arg)
{
    worker_t *w = (worker_t *) arg;
    hub_verify_t *pool = w->pool;
    uint64_t seen = 0;
    pthread_mutex_lock (&pool->lock);
    while (true) {
        while (!pool->stopping && pool->generation == seen)
            pthread_cond_wait (&pool->start, &pool->lock);
        if (pool->stopping)
            break;
        seen = pool->generation;
        hub_verify_item_t *items = pool->items;
        size_t count = pool->count;
        unsigned shares = pool->shares;
        pthread_mutex_unlock (&pool->lock);
        if (w->index + 1 < shares)
            s_share (items, count, shares, w->index + 1);
        pthread_mutex_lock (&pool->lock);
        if (--pool->pending == 0)
            pthread_cond_signal (&pool->done);
    }
    pthread_mutex_unlock (&pool->lock);
    return NULL;
}

hub_verify_t *
hub_verify_new (unsigned threads)
{
    hub_verify_t *self = (hub_verify_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->start, NULL);
    pthread_cond_init (&self->done, NULL);
    self->workers = threads ? (worker_t *) calloc (threads, sizeof (worker_t)) : NULL;
    for (unsigned i = 0; i < threads && self->workers; i++) {
        self->workers [i].pool = self;
        self->workers [i].index = i;
        if (pthread_create (&self->workers [i].thread, NULL, s_worker, &self->workers [i]) != 0)
            break;
        self->threads++;
    }
    return self;
}

void
hub_verify_destroy (hub_verify_t **self_p)
{
    hub_verify_t *self = *self_p;
    if (!self)
        return;
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_broadcast (&self->start);
    pthread_mutex_unlock (&self->lock);
    for (unsigned i = 0; i < self->threads; i++)
        pthread_join (self->workers [i].thread, NULL);
    pthread_mutex_destroy (&self->lock);
    pthread_cond_destroy (&self->start);
    pthread_cond_destroy (&self->done);
    free (self->workers);
    free (self);
    *self_p = NULL;
}

void
hub_verify_run (hub_verify_t *self, hub_verify_item_t *items, size_t count)
{
    unsigned shares = 1 + self->threads;
    if (count < (size_t) shares * HUB_VERIFY_MIN_SHARE)
        shares = 1;
    if (shares == 1) {
        s_share (items, count, 1, 0);
        return;
    }
    pthread_mutex_lock (&self->lock);
    self->items = items;
    self->count = count;
    self->shares = shares;
    self->pending = self->threads;
    self->generation++;
    pthread_cond_broadcast (&self->start);
    pthread_mutex_unlock (&self->lock);
    s_share (items, count, shares, 0);
    pthread_mutex_lock (&self->lock);
    while (self->pending)
        pthread_cond_wait (&self->done, &self->lock);
    pthread_mutex_unlock (&self->lock);
}
