/*  hub_verify.h - Ed25519 verification spread over the cores.

    Checking a signature costs more than everything else a message needs
    put together, so the router verifies a whole batch at once: the calling
    thread takes one share and each worker thread another, then all meet
    before the single writer goes on. Workers hold no secrets and touch no
    store; they only read the batch's bytes and write one result per item.
*/
#ifndef HUB_VERIFY_H_INCLUDED
#define HUB_VERIFY_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *sig;
    const uint8_t *msg;
    size_t len;
    const uint8_t *key;
    int result;                 /* 0 valid, -1 not                            */
} hub_verify_item_t;

typedef struct hub_verify_t hub_verify_t;

/*  threads = extra worker threads (0: the caller verifies everything).     */
hub_verify_t *hub_verify_new (unsigned threads);
void hub_verify_destroy (hub_verify_t **self_p);

/*  Verifies items[0..count) and returns when every result is set.          */
void hub_verify_run (hub_verify_t *self, hub_verify_item_t *items, size_t count);

#endif
