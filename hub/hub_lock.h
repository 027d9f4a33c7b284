/*  hub_lock.h - one hub per store.

    A lock file beside the store (STORE.lock, holding the holder's pid):
    `regiehub run` takes it at start and holds it while it runs, so that a
    second hub started on the same store by mistake stops at once instead
    of writing beside the first; `regiehub restore` takes it so that it
    never puts a backup in place under a running hub. The lock is flock(2)
    advisory: the kernel drops it when the holder exits, however it exits
    (kill -9 included), so a stale file never blocks a start. Commands that
    only read the store or copy it (status, report, backup, ...) do not
    take it; `regiehub inspect` takes it while it writes its audit entry
    itself, when no hub runs (the audit log has one writer).
*/
#ifndef HUB_LOCK_H_INCLUDED
#define HUB_LOCK_H_INCLUDED

#include <stddef.h>

typedef struct hub_lock_t hub_lock_t;

/*  Takes the lock of the store at store_path without waiting. NULL with err
    when another process holds it (err names its pid) or the lock file
    cannot be made.                                                           */
hub_lock_t *hub_lock_take (const char *store_path, char *err, size_t errlen);
/*  Releases the lock (the file stays; it is only a place to lock).          */
void hub_lock_release (hub_lock_t **self_p);

#endif
