/*  proto_file.h - files that must survive a power cut once we said so.

    Both programs write a few files besides their sqlite stores, and later
    promises rest on each: a partner's certificate ("Admitted"), a removed
    one ("it can no longer connect"), the keys and configuration `init`
    and `keygen` report, the evidence an agent keeps before it changes
    agent.db. A file written with write() and close() lives in the page
    cache; its name lives in its directory's page cache. After a power cut
    either may be gone, or the name may be there with no content. So every
    such file is written the one way that a disk with a volatile cache
    cannot undo: into a temporary file beside it, fsync, then linked
    (never over another) or renamed (over the old one) to its name, then
    the directory fsync'd. Until the directory's sync the file is the old
    one or absent; after it the new one, whole. A removal and a new
    directory are made durable the same way: the directory that holds the
    name is synced.

    The temporary name is DIR/.BASE.tmp-PID: a dot file, so that nobody
    mistakes one left by a cut for the real one, and never a name the
    programs read. tests/powerloss/files.sh proves each use under a cut.
*/
#ifndef PROTO_FILE_H_INCLUDED
#define PROTO_FILE_H_INCLUDED

#include <stddef.h>
#include <sys/types.h>

typedef enum {
    PROTO_FILE_NEW = 1,         /* never over an existing file: EEXIST      */
    PROTO_FILE_REPLACE = 2      /* over the old file, atomically            */
} proto_file_how_t;

/*  Writes size bytes of data to path durably (see above), with exactly
    mode (the umask does not narrow it). 0, or -1 with errno set; on
    failure path is as it was and no temporary file is left.                */
__attribute__ ((warn_unused_result)) int
proto_file_write (const char *path, const void *data, size_t size, mode_t mode,
                  proto_file_how_t how);

/*  Removes path and syncs its directory: once this returns 0 the file
    does not come back. -1 with errno set.                                  */
__attribute__ ((warn_unused_result)) int
proto_file_remove (const char *path);

/*  mkdir (path, mode), then syncs the directory that holds it: the new
    directory's name is durable. 0, or -1 with errno set (EEXIST as
    mkdir's when it is there already).                                      */
__attribute__ ((warn_unused_result)) int
proto_file_mkdir (const char *path, mode_t mode);

/*  Syncs the directory that holds path (its name's entry). 0 or -1.        */
__attribute__ ((warn_unused_result)) int
proto_file_sync_dir (const char *path);

#endif
