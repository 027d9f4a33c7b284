/*  hub_restore.h - a backup put in place of the store.

    Restoring is for when the store is lost or damaged: the disk died, or
    `regiehub audit verify` or sqlite's integrity check fails. What the hub
    accepted after the backup was taken is gone from it, and the partners'
    agents know that: they hold receipts for those messages and have been
    delivered messages numbered (seq) up to the lost store's last. A hub
    that went on numbering from the backup's last message would hand out
    numbers the agents already hold, and an agent drops a delivery whose
    number it already has. So a restore:

    - refuses while a hub runs on the store (hub_lock), and leaves the
      store as it was when any check fails;
    - checks a copy of the backup, never the backup itself: it opens as a
      regiehub store (an older one is migrated, a newer one refused),
      sqlite's integrity check passes and the audit chain verifies;
    - continues message numbers HUB_RESTORE_SEQ_GAP past the highest number
      the backup or the replaced store holds (the replaced store is read
      when it still opens; the gap also covers numbers it handed out that
      a damaged file no longer shows): a marker row of type "restored"
      takes the number before the first new one;
    - writes an audit entry (action "restore") saying up to which message
      and audit entry the backup reached and where numbering goes on;
    - keeps the replaced store beside it (STORE.replaced-YYYYmmddTHHMMSSZ,
      with its -wal when there is one; -2, -3, ... for more in the same
      second) as evidence, and moves the checked
      copy into place with a rename, so a crash leaves either store whole.

    The audit chain itself goes back to the backup's last entry: agents
    that saw a later head report the chain BROKEN at their next audit
    check, as they must; `regie audit accept` then takes the restored
    hub's head as their new anchor once the operator has told them about
    the restore (README, "Restoring a backup").
*/
#ifndef HUB_RESTORE_H_INCLUDED
#define HUB_RESTORE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "proto_limits.h"

#define HUB_RESTORE_SEQ_GAP     PROTO_RESTORE_SEQ_GAP
#define HUB_RESTORE_TYPE        "restored"      /* the marker row's type     */
#define HUB_RESTORE_COPY_BYTES  (1024 * 1024)
#define HUB_RESTORE_MAX_KEPT    100     /* replaced stores kept within one second */

typedef struct {
    uint64_t backup_last_seq;       /* the backup's last message             */
    uint64_t backup_audit_entries;  /* its audit chain, verified             */
    bool replaced;                  /* a store was there and was moved aside  */
    bool replaced_read;             /* ... and it opened: its last seq counts */
    uint64_t replaced_last_seq;
    uint64_t next_seq;              /* the first number the restored hub gives */
    char kept [4096];               /* where the replaced store went ("" none) */
} hub_restore_result_t;

/*  Puts the backup at backup_path in place of the store at store_path (the
    hub's `store` setting), as above; now (ms) stamps the audit entry.
    Returns 0 and fills out, or -1 with err and nothing changed. With
    dry_run it only checks the backup (a scratch copy beside the store,
    removed afterwards) and fills out with what a restore would do; it takes
    no lock, so it may run while the hub does, to test backups regularly.  */
int hub_restore (const char *store_path, const char *backup_path, uint64_t now, bool dry_run,
                 hub_restore_result_t *out, char *err, size_t errlen);

#endif
