/*  hub_checkpoint.h - WAL checkpoints in a thread of their own.

    In WAL mode every commit appends pages to the -wal file; a checkpoint
    copies them back into the database file and fsyncs it. sqlite does that
    by default inside the commit that crosses 1000 pages, on the writer's
    thread, where it stalls every message of that batch. The hub's running
    daemon hands checkpoints to a thread with its own connection instead:
    after each commit the writer only looks at the WAL's size and wakes the
    thread when it is over `pages` (HUB_CHECKPOINT_PAGES), and then again
    each time it has grown by another quarter of that: a checkpoint syncs
    the WAL and the database file, and one after every commit of a busy
    writer kept the disk syncing all the time, which every commit waited
    for. Passive checkpoints never block the writer. The WAL file starts
    over only when a write begins with every frame copied back, which a
    thread racing a busy writer rarely sees; so once the WAL exceeds
    `force` (HUB_CHECKPOINT_FORCE_PAGES) the writer copies the few frames
    the thread has not yet done itself, after its commit, and the next
    commit starts the WAL over. So the WAL stays bounded (about force x 4
    KiB) whatever the load. A larger WAL copies each often-changed page
    (the tail of a table, an index's upper levels) back fewer times.
    Durability does not depend on checkpoints: a commit is durable once its
    WAL frames are synced; a crash mid-checkpoint is recovered by sqlite on
    the next open.
*/
#ifndef HUB_CHECKPOINT_H_INCLUDED
#define HUB_CHECKPOINT_H_INCLUDED

#include <stdint.h>
#include <stddef.h>
#include "hub_store.h"

#define HUB_CHECKPOINT_PAGES        4000        /* wake the thread (16 MiB)  */
#define HUB_CHECKPOINT_FORCE_PAGES  16000       /* the writer catches up     */

typedef struct hub_checkpoint_t hub_checkpoint_t;

/*  Opens a second connection on path (the store's file) and starts the
    thread; from then on the store's own connection no longer checkpoints
    on commit. Returns NULL with err when it cannot (the caller may go on
    with sqlite's default checkpoints).                                      */
hub_checkpoint_t *hub_checkpoint_new (hub_store_t *store, const char *path, int pages,
                                      int force, char *err, size_t errlen);
/*  Stops the thread and gives checkpoints back to the store's connection. */
void hub_checkpoint_destroy (hub_checkpoint_t **self_p);

typedef struct {
    uint64_t runs;              /* checkpoints done by the thread            */
    uint64_t forced;            /* catch-ups done by the writer              */
    uint64_t failures;          /* checkpoints that returned an error        */
    uint64_t wal_pages;         /* the WAL's size after the last commit      */
} hub_checkpoint_stats_t;
void hub_checkpoint_stats (hub_checkpoint_t *self, hub_checkpoint_stats_t *stats);

#endif
