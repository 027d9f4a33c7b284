/*  hub_walbuf.c - see hub_walbuf.h.                                       */
#include "hub_walbuf.h"
#include <sqlite3.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct wb_file_t wb_file_t;
struct wb_file_t {
    sqlite3_file base;              /* base.pMethods = &s_methods            */
    sqlite3_file *real;             /* the default VFS's file, right after us */
    bool wal;
    const char *name;               /* a database file: sqlite's name pointer */
    wb_file_t *partner;             /* database <-> its connection's WAL      */
    wb_file_t *next;                /* open database files                    */
    unsigned char *buf;             /* WAL only: gathered frames              */
    size_t len;
    sqlite3_int64 start;            /* file offset of buf [0]                 */
};

static sqlite3_vfs s_vfs;
static sqlite3_vfs *s_real;
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static wb_file_t *s_databases;      /* open database files, under s_lock    */
static atomic_ullong s_writes, s_flushes;

#define REAL(f) (((wb_file_t *) (f))->real)

/*  Writes what is gathered, in pieces the default VFS accepts (it writes
    at most a little under 128 KiB per call). The buffer is empty
    afterwards either way. Nothing to do for a file that gathers nothing
    (a database file, or none at all).                                      */
static int
s_flush (wb_file_t *f)
{
    if (!f || !f->len)
        return SQLITE_OK;
    int rc = SQLITE_OK;
    for (size_t done = 0; done < f->len && rc == SQLITE_OK; ) {
        size_t piece = f->len - done < HUB_WALBUF_CHUNK ? f->len - done : HUB_WALBUF_CHUNK;
        rc = f->real->pMethods->xWrite (f->real, f->buf + done, (int) piece,
                                        f->start + (sqlite3_int64) done);
        done += piece;
        atomic_fetch_add (&s_flushes, 1);
    }
    f->len = 0;
    return rc;
}

/* ---- the file methods -------------------------------------------------- */

static int
s_close (sqlite3_file *file)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    pthread_mutex_lock (&s_lock);
    if (f->partner)
        f->partner->partner = NULL;
    if (!f->wal)
        for (wb_file_t **p = &s_databases; *p; p = &(*p)->next)
            if (*p == f) {
                *p = f->next;
                break;
            }
    pthread_mutex_unlock (&s_lock);
    int rc2 = f->real->pMethods->xClose (f->real);
    free (f->buf);
    f->buf = NULL;
    return rc != SQLITE_OK ? rc : rc2;
}

static int
s_read (sqlite3_file *file, void *out, int amount, sqlite3_int64 offset)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xRead (f->real, out, amount, offset);
}

static int
s_write (sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    wb_file_t *f = (wb_file_t *) file;
    if (!f->wal || !f->buf)
        return f->real->pMethods->xWrite (f->real, data, amount, offset);
    atomic_fetch_add (&s_writes, 1);
    bool follows = f->len && offset == f->start + (sqlite3_int64) f->len;
    if (!follows || f->len + (size_t) amount > HUB_WALBUF_BYTES) {
        int rc = s_flush (f);
        if (rc != SQLITE_OK)
            return rc;
    }
    if ((size_t) amount > HUB_WALBUF_BYTES)
        return f->real->pMethods->xWrite (f->real, data, amount, offset);
    if (!f->len)
        f->start = offset;
    memcpy (f->buf + f->len, data, (size_t) amount);
    f->len += (size_t) amount;
    return SQLITE_OK;
}

static int
s_truncate (sqlite3_file *file, sqlite3_int64 size)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate (f->real, size);
}

static int
s_sync (sqlite3_file *file, int flags)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xSync (f->real, flags);
}

static int
s_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize (f->real, size);
}

static int s_lock_file (sqlite3_file *f, int l)        { return REAL (f)->pMethods->xLock (REAL (f), l); }
static int s_unlock_file (sqlite3_file *f, int l)      { return REAL (f)->pMethods->xUnlock (REAL (f), l); }
static int s_reserved (sqlite3_file *f, int *out)      { return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out); }
static int s_sector (sqlite3_file *f)                  { return REAL (f)->pMethods->xSectorSize (REAL (f)); }
static int s_device (sqlite3_file *f)                  { return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f)); }

static int
s_control (sqlite3_file *file, int op, void *arg)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    if (rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
s_shm_map (sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    return REAL (f)->pMethods->xShmMap (REAL (f), page, size, extend, out);
}

/*  sqlite publishes a commit in the shared memory: the connection's WAL
    frames must be in the file before anyone can be told of them.           */
static int
s_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f->partner);
    if (rc != SQLITE_OK && (flags & SQLITE_SHM_LOCK))
        return rc;
    int rc2 = f->real->pMethods->xShmLock (f->real, offset, n, flags);
    return rc != SQLITE_OK ? rc : rc2;
}

static void
s_shm_barrier (sqlite3_file *file)
{
    wb_file_t *f = (wb_file_t *) file;
    s_flush (f->partner);
    f->real->pMethods->xShmBarrier (f->real);
}

static int
s_shm_unmap (sqlite3_file *f, int delete_flag)
{
    return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag);
}

static int
s_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    wb_file_t *f = (wb_file_t *) file;
    int rc = s_flush (f);
    if (rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xFetch (f->real, offset, amount, out);
}

static int
s_unfetch (sqlite3_file *f, sqlite3_int64 offset, void *p)
{
    return REAL (f)->pMethods->xUnfetch (REAL (f), offset, p);
}

static const sqlite3_io_methods s_methods = {
    3, s_close, s_read, s_write, s_truncate, s_sync, s_file_size, s_lock_file, s_unlock_file,
    s_reserved, s_control, s_sector, s_device, s_shm_map, s_shm_lock, s_shm_barrier,
    s_shm_unmap, s_fetch, s_unfetch
};

/* ---- the VFS ----------------------------------------------------------- */

static int
s_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
    (void) vfs;
    wb_file_t *f = (wb_file_t *) file;
    memset (f, 0, sizeof *f);
    f->real = (sqlite3_file *) (f + 1);
    int rc = s_real->xOpen (s_real, name, f->real, flags, out_flags);
    if (!f->real->pMethods) {
        f->base.pMethods = NULL;            /* sqlite calls no xClose then    */
        return rc;
    }
    f->base.pMethods = &s_methods;
    if (rc != SQLITE_OK)
        return rc;
    /* only a real file that speaks shared memory (version 3) is wrapped
       with buffering; anything else is passed through as it is             */
    if (f->real->pMethods->iVersion < 3 || !name)
        return rc;
    if (flags & SQLITE_OPEN_MAIN_DB) {
        f->name = name;
        pthread_mutex_lock (&s_lock);
        f->next = s_databases;
        s_databases = f;
        pthread_mutex_unlock (&s_lock);
    }
    else
    if (flags & SQLITE_OPEN_WAL) {
        const char *db = sqlite3_filename_database (name);
        pthread_mutex_lock (&s_lock);
        for (wb_file_t *d = s_databases; d; d = d->next)
            if (d->name == db && !d->partner) {
                f->buf = (unsigned char *) malloc (HUB_WALBUF_BYTES);
                if (f->buf) {
                    f->wal = true;
                    f->partner = d;
                    d->partner = f;
                }
                break;
            }
        pthread_mutex_unlock (&s_lock);
    }
    return rc;
}

static int s_delete (sqlite3_vfs *v, const char *n, int d)              { (void) v; return s_real->xDelete (s_real, n, d); }
static int s_access (sqlite3_vfs *v, const char *n, int fl, int *out)   { (void) v; return s_real->xAccess (s_real, n, fl, out); }
static int s_full (sqlite3_vfs *v, const char *n, int len, char *out)   { (void) v; return s_real->xFullPathname (s_real, n, len, out); }
static void *s_dlopen (sqlite3_vfs *v, const char *n)                   { (void) v; return s_real->xDlOpen (s_real, n); }
static void s_dlerror (sqlite3_vfs *v, int n, char *out)                { (void) v; s_real->xDlError (s_real, n, out); }
static void (*s_dlsym (sqlite3_vfs *v, void *h, const char *n)) (void)  { (void) v; return s_real->xDlSym (s_real, h, n); }
static void s_dlclose (sqlite3_vfs *v, void *h)                         { (void) v; s_real->xDlClose (s_real, h); }
static int s_random (sqlite3_vfs *v, int n, char *out)                  { (void) v; return s_real->xRandomness (s_real, n, out); }
static int s_sleep (sqlite3_vfs *v, int us)                             { (void) v; return s_real->xSleep (s_real, us); }
static int s_time (sqlite3_vfs *v, double *out)                         { (void) v; return s_real->xCurrentTime (s_real, out); }
static int s_last_error (sqlite3_vfs *v, int n, char *out)              { (void) v; return s_real->xGetLastError (s_real, n, out); }
static int s_time64 (sqlite3_vfs *v, sqlite3_int64 *out)                { (void) v; return s_real->xCurrentTimeInt64 (s_real, out); }

int
hub_walbuf_register (void)
{
    static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
    static int result = 1;              /* 1: not tried yet                  */
    pthread_mutex_lock (&once);
    if (result == 1) {
        result = -1;
        s_real = sqlite3_vfs_find (NULL);
        if (s_real && s_real->iVersion >= 2 && s_real->xCurrentTimeInt64) {
            memset (&s_vfs, 0, sizeof s_vfs);
            s_vfs.iVersion = 2;
            s_vfs.szOsFile = (int) sizeof (wb_file_t) + s_real->szOsFile;
            s_vfs.mxPathname = s_real->mxPathname;
            s_vfs.zName = HUB_WALBUF_VFS;
            s_vfs.xOpen = s_open;
            s_vfs.xDelete = s_delete;
            s_vfs.xAccess = s_access;
            s_vfs.xFullPathname = s_full;
            s_vfs.xDlOpen = s_dlopen;
            s_vfs.xDlError = s_dlerror;
            s_vfs.xDlSym = s_dlsym;
            s_vfs.xDlClose = s_dlclose;
            s_vfs.xRandomness = s_random;
            s_vfs.xSleep = s_sleep;
            s_vfs.xCurrentTime = s_time;
            s_vfs.xGetLastError = s_last_error;
            s_vfs.xCurrentTimeInt64 = s_time64;
            if (sqlite3_vfs_register (&s_vfs, 0) == SQLITE_OK)
                result = 0;
        }
    }
    int rc = result;
    pthread_mutex_unlock (&once);
    return rc;
}

void
hub_walbuf_stats (hub_walbuf_stats_t *stats)
{
    stats->writes = atomic_load (&s_writes);
    stats->flushes = atomic_load (&s_flushes);
}
