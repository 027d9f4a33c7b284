/*  hub_verify.h - Ed25519 verification beside the single writer.

    Checking a signature costs more than everything else a message needs
    put together, so the router checks a whole batch at once, and checks
    the next batch while the writer commits the one before it: start()
    hands a batch to the worker threads and returns at once; finish() lets
    the calling thread take what is left and returns when every result is
    set. Workers take small chunks from a shared counter, so a slow or
    descheduled thread never holds up the rest. Workers hold no secrets and
    touch no store; they only read the batch's bytes and write one result
    per item. One batch at a time: start() after finish().
*/
#ifndef HUB_VERIFY_H_INCLUDED
#define HUB_VERIFY_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct {
    const uint8_t *sig;
    const uint8_t *msg;
    size_t len;
    const uint8_t *key;
    int result;                 /* 0 valid, -1 not                            */
} hub_verify_item_t;

typedef struct hub_verify_t hub_verify_t;

/*  threads = worker threads (0: the caller verifies everything in finish). */
hub_verify_t *hub_verify_new (unsigned threads);
void hub_verify_destroy (hub_verify_t **self_p);

/*  Starts checking items[0..count); the items must stay put until finish.
    wake false leaves the workers asleep and the whole batch to finish():
    cheaper for a message or two when the caller has nothing else to do.   */
void hub_verify_start (hub_verify_t *self, hub_verify_item_t *items, size_t count, bool wake);
/*  Checks what no worker took yet and returns when every result is set.    */
void hub_verify_finish (hub_verify_t *self);
/*  start + finish.                                                          */
void hub_verify_run (hub_verify_t *self, hub_verify_item_t *items, size_t count);

#endif
