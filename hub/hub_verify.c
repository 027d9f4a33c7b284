/*  hub_verify.c - see hub_verify.h.                                        */
#include "hub_verify.h"
#include "proto_sign.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdbool.h>

#define HUB_VERIFY_CHUNK        4       /* items taken at a time             */

struct hub_verify_t {
    unsigned threads;
    pthread_t *workers;
    pthread_mutex_t lock;
    pthread_cond_t start, done;
    uint64_t generation;            /* bumped for every batch                 */
    unsigned busy;                  /* workers still in this batch            */
    hub_verify_item_t *items;
    size_t count;
    atomic_size_t next;             /* first item nobody took yet             */
    bool stopping;
};

/*  Takes chunks until none is left.                                          */
static void
s_drain (hub_verify_t *self, hub_verify_item_t *items, size_t count)
{
    while (true) {
        size_t from = atomic_fetch_add (&self->next, HUB_VERIFY_CHUNK);
        if (from >= count)
            return;
        size_t to = from + HUB_VERIFY_CHUNK < count ? from + HUB_VERIFY_CHUNK : count;
        for (size_t i = from; i < to; i++)
            items [i].result = proto_verify (items [i].sig, items [i].msg, items [i].len,
                                             items [i].key);
    }
}

static void *
s_worker (void *arg)
{
    hub_verify_t *self = (hub_verify_t *) arg;
    uint64_t seen = 0;
    pthread_mutex_lock (&self->lock);
    while (true) {
        while (!self->stopping && self->generation == seen)
            pthread_cond_wait (&self->start, &self->lock);
        if (self->stopping)
            break;
        seen = self->generation;
        hub_verify_item_t *items = self->items;
        size_t count = self->count;
        pthread_mutex_unlock (&self->lock);
        s_drain (self, items, count);
        pthread_mutex_lock (&self->lock);
        if (--self->busy == 0)
            pthread_cond_signal (&self->done);
    }
    pthread_mutex_unlock (&self->lock);
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
    atomic_init (&self->next, 0);
    self->workers = threads ? (pthread_t *) calloc (threads, sizeof (pthread_t)) : NULL;
    for (unsigned i = 0; i < threads && self->workers; i++) {
        if (pthread_create (&self->workers [i], NULL, s_worker, self) != 0)
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
        pthread_join (self->workers [i], NULL);
    pthread_mutex_destroy (&self->lock);
    pthread_cond_destroy (&self->start);
    pthread_cond_destroy (&self->done);
    free (self->workers);
    free (self);
    *self_p = NULL;
}

void
hub_verify_start (hub_verify_t *self, hub_verify_item_t *items, size_t count, bool wake)
{
    pthread_mutex_lock (&self->lock);
    self->items = items;
    self->count = count;
    atomic_store (&self->next, 0);
    if (self->threads && count && wake) {
        self->busy = self->threads;
        self->generation++;
        pthread_cond_broadcast (&self->start);
    }
    pthread_mutex_unlock (&self->lock);
}

void
hub_verify_finish (hub_verify_t *self)
{
    s_drain (self, self->items, self->count);
    pthread_mutex_lock (&self->lock);
    while (self->busy)
        pthread_cond_wait (&self->done, &self->lock);
    self->items = NULL;
    self->count = 0;
    pthread_mutex_unlock (&self->lock);
}

void
hub_verify_run (hub_verify_t *self, hub_verify_item_t *items, size_t count)
{
    hub_verify_start (self, items, count, true);
    hub_verify_finish (self);
}
