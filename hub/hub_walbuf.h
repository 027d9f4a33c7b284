/*  hub_walbuf.h - the WAL's frame writes gathered into few system calls.

    sqlite appends a commit to the -wal file frame by frame, with two
    writes per page (the 24-byte frame header, then the page): a group
    commit of a thousand signals makes some four thousand write calls,
    each a trip into the kernel (and on a virtual machine a costly one).
    This sqlite VFS passes everything through to the default VFS except
    writes to a WAL file that continue where the previous one ended: those
    are gathered in a buffer of HUB_WALBUF_BYTES and written in calls of
    HUB_WALBUF_CHUNK when the buffer is full and before anything that must
    see them - a
    sync, a read, a truncate, the file's size, a memory map, closing, and
    every lock or barrier on the database's shared memory (which is how
    sqlite publishes a commit to other connections). A commit is durable
    when sqlite's sync of the WAL returned, exactly as without it: the sync
    writes the buffer first, and an error there fails the commit.

    Each connection's WAL file is tied to its database file (through
    sqlite3_filename_database), so the shared-memory calls of a connection
    flush only its own buffer, on the thread that uses the connection.
*/
#ifndef HUB_WALBUF_H_INCLUDED
#define HUB_WALBUF_H_INCLUDED

#define HUB_WALBUF_VFS      "regiehub-walbuf"
#define HUB_WALBUF_BYTES    (1024 * 1024)
#define HUB_WALBUF_CHUNK    65536   /* the default VFS writes < 128 KiB a call */

/*  Registers the VFS under HUB_WALBUF_VFS (not as the default); once per
    process, later calls return 0 at once. Returns 0, or -1 when sqlite
    refused (callers then open the store with the default VFS).             */
int hub_walbuf_register (void);

typedef struct {
    unsigned long long writes;      /* WAL writes sqlite asked for           */
    unsigned long long flushes;     /* system calls that wrote them          */
} hub_walbuf_stats_t;
/*  Counters over every WAL file of the process, for tests and status.      */
void hub_walbuf_stats (hub_walbuf_stats_t *stats);

#endif
