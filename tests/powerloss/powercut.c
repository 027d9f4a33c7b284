/*  powercut.c - a power cut for one directory, as an LD_PRELOAD library.

    A process killed with SIGKILL leaves its writes in the kernel's page
    cache: they reach the disk anyway, so kill -9 cannot tell a program
    that syncs from one that does not. This library keeps, for the files
    under one directory, what a disk would hold if the power went off now,
    and at a simulated cut rewrites the directory to exactly that, then
    kills the process like SIGKILL. The program restarts on the result.

    The model (a strict POSIX disk with a volatile write cache):
    - a file's durable content is its content at its last fsync or
      fdatasync (both are treated alike); everything written since -
      write, pwrite, pwrite64, writev, ftruncate, O_TRUNC - is unsynced;
    - a directory's durable entries are those as of its last fsync (an fd
      of the directory itself); every create, link, rename, unlink and
      mkdir in it since is unsynced. fsync of a file does not make its
      name durable;
    - at the cut each unsynced write is dropped or applied, independently
      and in order, by a seeded random choice (POWERCUT_KEEP percent are
      applied); of the applied ones POWERCUT_TORN percent are torn: each
      512-byte sector of the write is applied or not (a disk writes
      sectors, not calls). Unsynced truncations are applied or dropped
      like writes. Every unsynced directory operation is undone, newest
      first (a rename moves back, an unlinked or replaced file returns).
    - files the process finds when it starts tracking them are taken as
      durable: the harness starts on a directory that the previous cut
      rewrote (or that nothing has written since a clean stop).
    sqlite's -shm file is shared memory (mmap'd), rebuilt from the WAL when
    the first connection opens: it is not tracked.
    - stdio: glibc's fwrite and fclose write through its internal calls,
      which no LD_PRELOAD library sees. fopen for writing is taken over
      (the open goes through this library, the stream is fdopen'd on it),
      so the file's creation, truncation and syncs are recorded; what the
      stream writes is not, so every write since the file's last sync
      counts as dropped at the cut (the content goes back to the durable
      one). fclose forgets the descriptor.

    How: every call that changes a file or a name under the directory goes
    through this library, under one lock, so the record is in the order
    the calls happened. Before an unsynced change first touches a 4 KiB
    page below the durable size, the page's durable bytes are saved (read
    through a private descriptor of the file); the change itself is kept
    as a copy. A file or name that an unsynced operation removes or
    replaces is hard-linked into a stash directory (DIR.powercut-stash,
    beside DIR, same file system) first. At the cut, under the lock (no
    other thread of the process writes anything after it), the saved
    pages are written back, each file is cut to its durable size, the
    chosen changes are replayed, the directory operations undone; then a
    line goes to POWERCUT_REPORT and the process sends itself SIGKILL.
    Since the cut happens inside the process, no other thread can sync or
    answer anything after the moment of the cut except from state that was
    durable before it. The real fsync calls are skipped (POWERCUT_REAL_SYNC=1
    makes them): the disk is simulated, and a run is faster without them.

    Environment:
      POWERCUT_DIR=DIR        the directory (and below) to track; unset: the
                              library does nothing
      POWERCUT_TRIGGER=FILE   the cut happens within ~2 ms after FILE appears
                              (a thread polls; the library removes FILE)
      POWERCUT_AT_SYNC=N      the cut happens at the N-th sync (file or
                              directory), before it takes effect
      POWERCUT_AT_EXIT=1      the cut happens when the process exits (power
                              off right after a command said "done")
      POWERCUT_SEED=N         the random choices (default 1): a cut repeats
      POWERCUT_KEEP=50        percent of unsynced writes applied at the cut
      POWERCUT_TORN=30        percent of applied writes torn
      POWERCUT_DROP=LIST      mutations, comma-separated, for the self-test:
                              "dirsync" - directory syncs have no effect;
                              "sync:NAME" - syncs of files whose name starts
                              with NAME have no effect (NAME=hub.db: the
                              store runs as with PRAGMA synchronous = OFF);
                              "late:NAME" - a sync of such a file takes
                              effect only at its next sync (as if the hub
                              answered each commit before its WAL's sync)
      POWERCUT_REPORT=FILE    appends one line per cut (and "syncs=N" at a
                              normal exit): what was dropped, kept, torn
    Build: cc -shared -fPIC -O2 -o powercut.so powercut.c -ldl -lpthread
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PAGE        4096
#define SECTOR      512
#define MAX_FDS     65536

/* ---- the real calls ---------------------------------------------------- */
static int     (*r_open) (const char *, int, ...);
static int     (*r_openat) (int, const char *, int, ...);
static ssize_t (*r_write) (int, const void *, size_t);
static ssize_t (*r_pwrite) (int, const void *, size_t, off_t);
static ssize_t (*r_writev) (int, const struct iovec *, int);
static int     (*r_ftruncate) (int, off_t);
static int     (*r_fsync) (int);
static int     (*r_fdatasync) (int);
static int     (*r_rename) (const char *, const char *);
static int     (*r_renameat) (int, const char *, int, const char *);
static int     (*r_unlink) (const char *);
static int     (*r_unlinkat) (int, const char *, int);
static int     (*r_link) (const char *, const char *);
static int     (*r_mkdir) (const char *, mode_t);
static int     (*r_close) (int);
static FILE *  (*r_fopen) (const char *, const char *);
static int     (*r_fclose) (FILE *);

/* ---- what is recorded -------------------------------------------------- */
typedef struct {
    off_t off;
    size_t len;                 /* 0 with data NULL: a truncation to off    */
    unsigned char *data;
} change_t;

typedef struct node {
    dev_t dev;
    ino_t ino;
    int fd;                     /* private O_RDWR descriptor, -1: untracked */
    char path [PATH_MAX];
    int nosync;                 /* mutation: its syncs have no effect       */
    int late;                   /* mutation: a sync takes effect at the next */
    int unseen;                 /* written through stdio: writes not seen   */
    unsigned char *img;         /* late: the durable content, img_size bytes */
    off_t img_size;
    unsigned char *pend;        /* late: the content at the last sync, which */
    off_t pend_size;            /* becomes durable at the next one           */
    size_t pend_mark;           /* the changes it holds: ch [0, pend_mark)   */
    off_t dsize;                /* durable size                             */
    off_t *pages;               /* saved pages: hash set of page numbers    */
    unsigned char **pdata;      /* and their durable bytes                  */
    size_t npages, cpages;
    change_t *ch;
    size_t nch, cch;
    struct node *next;
} node_t;

enum { OP_CREATE, OP_MKDIR, OP_LINK, OP_RENAME, OP_UNLINK };
typedef struct dirop {
    int kind;
    char a [PATH_MAX];          /* the created/unlinked name; rename: from  */
    char b [PATH_MAX];          /* rename: to; link: the new name           */
    char stash [PATH_MAX];      /* what it removed or replaced, or ""       */
    char dir_a [PATH_MAX], dir_b [PATH_MAX];
    int synced_a, synced_b;
    struct dirop *next, *prev;
} dirop_t;

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static int s_active;
static char s_dir [PATH_MAX];
static size_t s_dirlen;
static char s_stash [PATH_MAX];
static char s_trigger [PATH_MAX];
static char s_report [PATH_MAX];
static char s_drop_prefix [8] [256];
static int s_ndrop;
static char s_late_prefix [8] [256];
static int s_nlate;
static int s_drop_dirsync;
static int s_real_sync;
static int s_at_exit;
static long s_at_sync;
static long s_syncs;
static unsigned s_keep = 50, s_torn = 30;
static uint64_t s_rng = 1;
static unsigned long s_stash_n;
static node_t *s_nodes;
static node_t *s_fd_node [MAX_FDS];
static char *s_fd_dir [MAX_FDS];
static dirop_t *s_ops_head, *s_ops_tail;

static uint64_t
s_rand (void)
{
    s_rng ^= s_rng << 13; s_rng ^= s_rng >> 7; s_rng ^= s_rng << 17;
    return s_rng;
}

static void s_cut (const char *why);

static void *
s_watch (void *arg)
{
    struct timespec ts = { 0, 2 * 1000 * 1000 };
    for (;;) {
        nanosleep (&ts, NULL);
        if (access (s_trigger, F_OK) == 0) {
            pthread_mutex_lock (&s_lock);
            r_unlink (s_trigger);
            s_cut ("trigger");
        }
    }
    return NULL;
}

static void
s_atfork_child (void)
{
    s_active = 0;               /* a child writes nothing we vouch for      */
}

static void s_exit_hook (void);

static void
s_init (void)
{
    r_open = dlsym (RTLD_NEXT, "open");
    r_openat = dlsym (RTLD_NEXT, "openat");
    r_write = dlsym (RTLD_NEXT, "write");
    r_pwrite = dlsym (RTLD_NEXT, "pwrite");
    r_writev = dlsym (RTLD_NEXT, "writev");
    r_ftruncate = dlsym (RTLD_NEXT, "ftruncate");
    r_fsync = dlsym (RTLD_NEXT, "fsync");
    r_fdatasync = dlsym (RTLD_NEXT, "fdatasync");
    r_rename = dlsym (RTLD_NEXT, "rename");
    r_renameat = dlsym (RTLD_NEXT, "renameat");
    r_unlink = dlsym (RTLD_NEXT, "unlink");
    r_unlinkat = dlsym (RTLD_NEXT, "unlinkat");
    r_link = dlsym (RTLD_NEXT, "link");
    r_mkdir = dlsym (RTLD_NEXT, "mkdir");
    r_close = dlsym (RTLD_NEXT, "close");
    r_fopen = dlsym (RTLD_NEXT, "fopen");
    r_fclose = dlsym (RTLD_NEXT, "fclose");
    const char *dir = getenv ("POWERCUT_DIR");
    if (!dir || !*dir || !realpath (dir, s_dir))
        return;
    s_dirlen = strlen (s_dir);
    snprintf (s_stash, sizeof s_stash, "%s.powercut-stash", s_dir);
    r_mkdir (s_stash, 0700);
    const char *v;
    if ((v = getenv ("POWERCUT_SEED")))
        s_rng = strtoull (v, NULL, 10) * 2654435761u + 0x9e3779b97f4a7c15ull;
    if ((v = getenv ("POWERCUT_KEEP")))
        s_keep = (unsigned) atoi (v);
    if ((v = getenv ("POWERCUT_TORN")))
        s_torn = (unsigned) atoi (v);
    if ((v = getenv ("POWERCUT_AT_SYNC")))
        s_at_sync = atol (v);
    s_at_exit = (v = getenv ("POWERCUT_AT_EXIT")) && *v == '1';
    s_real_sync = (v = getenv ("POWERCUT_REAL_SYNC")) && *v == '1';
    if ((v = getenv ("POWERCUT_REPORT")))
        snprintf (s_report, sizeof s_report, "%s", v);
    if ((v = getenv ("POWERCUT_DROP"))) {
        char copy [2048], *save = NULL;
        snprintf (copy, sizeof copy, "%s", v);
        for (char *t = strtok_r (copy, ",", &save); t; t = strtok_r (NULL, ",", &save)) {
            if (strcmp (t, "dirsync") == 0)
                s_drop_dirsync = 1;
            else if (strncmp (t, "sync:", 5) == 0 && s_ndrop < 8)
                snprintf (s_drop_prefix [s_ndrop++], 256, "%s", t + 5);
            else if (strncmp (t, "late:", 5) == 0 && s_nlate < 8)
                snprintf (s_late_prefix [s_nlate++], 256, "%s", t + 5);
        }
    }
    for (int i = 0; i < 4; i++)   /* where this run started                 */
        s_rand ();
    pthread_atfork (NULL, NULL, s_atfork_child);
    atexit (s_exit_hook);
    s_active = 1;
    if ((v = getenv ("POWERCUT_TRIGGER")) && *v) {
        snprintf (s_trigger, sizeof s_trigger, "%s", v);
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init (&attr);
        pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
        pthread_create (&t, &attr, s_watch, NULL);
        pthread_attr_destroy (&attr);
    }
}

__attribute__ ((constructor)) static void
s_ctor (void)
{
    pthread_once (&s_once, s_init);
}

#define ENTER()  do { pthread_once (&s_once, s_init); } while (0)

/* ---- paths --------------------------------------------------------------- */

/*  The absolute path of name (relative to dirfd), with its directory
    resolved (the name itself may not exist yet). 0, or -1.                 */
static int
s_resolve (int dirfd, const char *name, char *out)
{
    char full [PATH_MAX * 2], base [PATH_MAX];
    if (name [0] == '/')
        snprintf (full, sizeof full, "%s", name);
    else {
        char cwd [PATH_MAX];
        if (dirfd == AT_FDCWD) {
            if (!getcwd (cwd, sizeof cwd))
                return -1;
        }
        else {
            char link [64];
            snprintf (link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink (link, cwd, sizeof cwd - 1);
            if (n < 0)
                return -1;
            cwd [n] = 0;
        }
        snprintf (full, sizeof full, "%s/%s", cwd, name);
    }
    size_t len = strlen (full);
    while (len > 1 && full [len - 1] == '/')
        full [--len] = 0;
    char *slash = strrchr (full, '/');
    snprintf (base, sizeof base, "%s", slash + 1);
    if (slash == full)
        snprintf (full, 2, "/");
    else
        *slash = 0;
    char dir [PATH_MAX];
    if (!realpath (full, dir))
        return -1;
    if (!*base || strcmp (base, ".") == 0 || strcmp (base, "..") == 0) {
        char whole [PATH_MAX * 2 + 2];
        snprintf (whole, sizeof whole, "%s/%s", dir, base);
        return realpath (whole, out) ? 0 : -1;
    }
    if ((size_t) snprintf (out, PATH_MAX, "%s/%s", strcmp (dir, "/") ? dir : "", base)
            >= PATH_MAX)
        return -1;
    return 0;
}

static int
s_under (const char *path)
{
    return s_active && strncmp (path, s_dir, s_dirlen) == 0
        && (path [s_dirlen] == '/' || path [s_dirlen] == 0);
}

static int
s_is_shm (const char *path)
{
    size_t n = strlen (path);
    return n > 4 && strcmp (path + n - 4, "-shm") == 0;
}

static void
s_parent (const char *path, char *out)
{
    snprintf (out, PATH_MAX, "%s", path);
    char *slash = strrchr (out, '/');
    if (slash && slash != out)
        *slash = 0;
}

/* ---- files --------------------------------------------------------------- */

/*  The whole content of fd (malloc'd), its size in *size.                  */
static unsigned char *
s_read_all (int fd, off_t *size)
{
    struct stat st;
    *size = fstat (fd, &st) == 0 ? st.st_size : 0;
    unsigned char *d = malloc ((size_t) *size + 1);
    if (!d)
        abort ();
    for (off_t at = 0; at < *size; ) {
        ssize_t r = pread (fd, d + at, (size_t) (*size - at), at);
        if (r <= 0) {
            *size = at;
            break;
        }
        at += r;
    }
    return d;
}

static node_t *
s_node_of (int fd, const char *path)
{
    struct stat st;
    if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
        return NULL;
    for (node_t *n = s_nodes; n; n = n->next)
        if (n->dev == st.st_dev && n->ino == st.st_ino) {
            snprintf (n->path, sizeof n->path, "%s", path);
            return n;
        }
    node_t *n = calloc (1, sizeof *n);
    if (!n)
        return NULL;
    n->dev = st.st_dev;
    n->ino = st.st_ino;
    n->dsize = st.st_size;
    snprintf (n->path, sizeof n->path, "%s", path);
    n->fd = r_open (path, O_RDWR | O_CLOEXEC);
    if (n->fd < 0)
        fprintf (stderr, "powercut: cannot track %s: %s\n", path, strerror (errno));
    const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
    for (int i = 0; i < s_ndrop; i++)
        if (strncmp (base, s_drop_prefix [i], strlen (s_drop_prefix [i])) == 0)
            n->nosync = 1;
    for (int i = 0; i < s_nlate; i++)
        if (strncmp (base, s_late_prefix [i], strlen (s_late_prefix [i])) == 0 && n->fd >= 0)
            n->late = 1;
    if (n->late)
        n->img = s_read_all (n->fd, &n->img_size);
    n->next = s_nodes;
    s_nodes = n;
    return n;
}

static long
s_page_find (node_t *n, off_t page)
{
    if (!n->cpages)
        return -1;
    size_t i = (size_t) (page * 2654435761u) & (n->cpages - 1);
    while (n->pages [i] != -1) {
        if (n->pages [i] == page)
            return (long) i;
        i = (i + 1) & (n->cpages - 1);
    }
    return -1;
}

static void
s_page_put (node_t *n, off_t page, unsigned char *data)
{
    if ((n->npages + 1) * 2 > n->cpages) {
        size_t oc = n->cpages, nc = oc ? oc * 2 : 64;
        off_t *op = n->pages;
        unsigned char **od = n->pdata;
        n->pages = malloc (nc * sizeof *n->pages);
        n->pdata = malloc (nc * sizeof *n->pdata);
        for (size_t i = 0; i < nc; i++)
            n->pages [i] = -1;
        n->cpages = nc;
        n->npages = 0;
        for (size_t i = 0; i < oc; i++)
            if (op [i] != -1)
                s_page_put (n, op [i], od [i]);
        free (op);
        free (od);
    }
    size_t i = (size_t) (page * 2654435761u) & (n->cpages - 1);
    while (n->pages [i] != -1)
        i = (i + 1) & (n->cpages - 1);
    n->pages [i] = page;
    n->pdata [i] = data;
    n->npages++;
}

/*  Saves the durable bytes of every page in [from, to) below the durable
    size that no unsynced change touched yet.                               */
static void
s_save (node_t *n, off_t from, off_t to)
{
    if (n->fd < 0 || n->late)
        return;
    if (to > n->dsize)
        to = n->dsize;
    for (off_t p = from / PAGE; p * PAGE < to; p++) {
        if (s_page_find (n, p) >= 0)
            continue;
        unsigned char *d = calloc (1, PAGE);
        if (!d)
            abort ();
        if (pread (n->fd, d, PAGE, p * PAGE) < 0)
            fprintf (stderr, "powercut: cannot read %s: %s\n", n->path, strerror (errno));
        s_page_put (n, p, d);
    }
}

static void
s_change (node_t *n, off_t off, const void *data, size_t len)
{
    if (n->nch == n->cch) {
        n->cch = n->cch ? n->cch * 2 : 64;
        n->ch = realloc (n->ch, n->cch * sizeof *n->ch);
        if (!n->ch)
            abort ();
    }
    change_t *c = &n->ch [n->nch++];
    c->off = off;
    c->len = len;
    c->data = NULL;
    if (data) {
        c->data = malloc (len ? len : 1);
        if (!c->data)
            abort ();
        memcpy (c->data, data, len);
    }
}

static void
s_synced (node_t *n)
{
    if (n->nosync)
        return;
    if (n->late) {              /* the previous sync takes effect now       */
        if (n->pend) {
            free (n->img);
            n->img = n->pend;
            n->img_size = n->pend_size;
            for (size_t i = 0; i < n->pend_mark; i++)
                free (n->ch [i].data);
            memmove (n->ch, n->ch + n->pend_mark, (n->nch - n->pend_mark) * sizeof *n->ch);
            n->nch -= n->pend_mark;
        }
        n->pend = s_read_all (n->fd, &n->pend_size);
        n->pend_mark = n->nch;
        return;
    }
    struct stat st;
    if (n->fd >= 0 && fstat (n->fd, &st) == 0)
        n->dsize = st.st_size;
    for (size_t i = 0; i < n->cpages; i++)
        if (n->pages [i] != -1)
            free (n->pdata [i]);
    free (n->pages);
    free (n->pdata);
    n->pages = NULL;
    n->pdata = NULL;
    n->npages = n->cpages = 0;
    for (size_t i = 0; i < n->nch; i++)
        free (n->ch [i].data);
    n->nch = 0;
    if (n->unseen)              /* stdio writes to come: keep all of it     */
        s_save (n, 0, n->dsize);
}

/*  Before a write of len bytes at off (off -1: at the descriptor's offset
    or, with O_APPEND, at the end): where it goes.                          */
static off_t
s_where (int fd, off_t off)
{
    if (off >= 0)
        return off;
    int fl = fcntl (fd, F_GETFL);
    if (fl >= 0 && (fl & O_APPEND)) {
        struct stat st;
        return fstat (fd, &st) == 0 ? st.st_size : 0;
    }
    return lseek (fd, 0, SEEK_CUR);
}

/* ---- directory operations ----------------------------------------------- */

static int
s_stash_keep (const char *path, char *stash)
{
    stash [0] = 0;
    struct stat st;
    if (lstat (path, &st) != 0)
        return 0;
    if (S_ISDIR (st.st_mode))
        return 0;               /* not modelled: a removed directory        */
    snprintf (stash, PATH_MAX, "%s/%lu", s_stash, ++s_stash_n);
    if (r_link (path, stash) != 0) {
        fprintf (stderr, "powercut: cannot stash %s: %s\n", path, strerror (errno));
        stash [0] = 0;
        return -1;
    }
    return 0;
}

static dirop_t *
s_op (int kind, const char *a, const char *b)
{
    dirop_t *o = calloc (1, sizeof *o);
    if (!o)
        abort ();
    o->kind = kind;
    snprintf (o->a, sizeof o->a, "%s", a);
    if (b)
        snprintf (o->b, sizeof o->b, "%s", b);
    s_parent (a, o->dir_a);
    if (b)
        s_parent (b, o->dir_b);
    else {
        snprintf (o->dir_b, sizeof o->dir_b, "%s", o->dir_a);
        o->synced_b = 1;
    }
    o->prev = s_ops_tail;
    if (s_ops_tail)
        s_ops_tail->next = o;
    else
        s_ops_head = o;
    s_ops_tail = o;
    return o;
}

static void
s_dir_synced (const char *dir)
{
    for (dirop_t *o = s_ops_head; o; ) {
        dirop_t *next = o->next;
        if (strcmp (o->dir_a, dir) == 0)
            o->synced_a = 1;
        if (strcmp (o->dir_b, dir) == 0)
            o->synced_b = 1;
        if (o->synced_a && o->synced_b) {
            if (o->prev) o->prev->next = o->next; else s_ops_head = o->next;
            if (o->next) o->next->prev = o->prev; else s_ops_tail = o->prev;
            if (o->stash [0])
                r_unlink (o->stash);
            free (o);
        }
        o = next;
    }
}

static int
s_rm (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return flag == FTW_DP ? rmdir (path) : r_unlink (path), 0;
}

/* ---- the cut -------------------------------------------------------------- */

/*  Called with the lock held; never returns.                               */
static void
s_cut (const char *why)
{
    unsigned long dropped = 0, kept = 0, torn = 0, files = 0, undone = 0;
    s_active = 0;
    for (node_t *n = s_nodes; n; n = n->next) {
        if (n->fd < 0 || (!n->nch && !n->npages && !n->unseen))
            continue;
        files++;
        if (n->late) {
            r_ftruncate (n->fd, n->img_size);
            r_pwrite (n->fd, n->img, (size_t) n->img_size, 0);
            n->dsize = n->img_size;
        }
        for (size_t i = 0; i < n->cpages; i++)
            if (n->pages [i] != -1) {
                off_t at = n->pages [i] * PAGE;
                size_t len = at + PAGE <= n->dsize ? PAGE : (size_t) (n->dsize - at);
                r_pwrite (n->fd, n->pdata [i], len, at);
            }
        r_ftruncate (n->fd, n->dsize);
        for (size_t i = 0; i < n->nch; i++) {
            change_t *c = &n->ch [i];
            if (s_rand () % 100 >= s_keep) {
                dropped++;
                continue;
            }
            kept++;
            if (!c->data) {
                r_ftruncate (n->fd, c->off);
                continue;
            }
            if (c->len > 0 && s_rand () % 100 < s_torn) {
                torn++;
                off_t end = c->off + (off_t) c->len;
                for (off_t s = c->off; s < end; ) {
                    off_t next = (s / SECTOR + 1) * SECTOR;
                    if (next > end)
                        next = end;
                    if (s_rand () & 1)
                        r_pwrite (n->fd, c->data + (s - c->off), (size_t) (next - s), s);
                    s = next;
                }
            }
            else
                r_pwrite (n->fd, c->data, c->len, c->off);
        }
    }
    for (dirop_t *o = s_ops_tail; o; o = o->prev) {
        undone++;
        switch (o->kind) {
        case OP_CREATE:
            r_unlink (o->a);
            break;
        case OP_MKDIR:
            nftw (o->a, s_rm, 16, FTW_DEPTH | FTW_PHYS);
            break;
        case OP_LINK:
            r_unlink (o->b);
            break;
        case OP_RENAME:
            r_rename (o->b, o->a);
            if (o->stash [0])
                r_rename (o->stash, o->b);
            break;
        case OP_UNLINK:
            if (o->stash [0])
                r_rename (o->stash, o->a);
            break;
        }
    }
    if (s_report [0]) {
        char line [512];
        int len = snprintf (line, sizeof line, "powercut: %s pid=%d syncs=%ld files=%lu "
                            "writes dropped=%lu kept=%lu torn=%lu dirops undone=%lu\n", why,
                            (int) getpid (), s_syncs, files, dropped, kept, torn, undone);
        int fd = r_open (s_report, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
            if (r_write (fd, line, (size_t) len) < 0) {}
            r_close (fd);
        }
    }
    kill (getpid (), SIGKILL);
    _exit (137);
}

static void
s_exit_hook (void)
{
    if (!s_active)
        return;
    pthread_mutex_lock (&s_lock);
    fflush (NULL);              /* what the program said before the cut     */
    if (s_at_exit)
        s_cut ("exit");
    if (s_report [0]) {
        char line [128];
        int len = snprintf (line, sizeof line, "powercut: exit pid=%d syncs=%ld\n",
                            (int) getpid (), s_syncs);
        int fd = r_open (s_report, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
            if (r_write (fd, line, (size_t) len) < 0) {}
            r_close (fd);
        }
    }
    s_active = 0;
    pthread_mutex_unlock (&s_lock);
}

/* ---- the interposed calls ------------------------------------------------- */

static int
s_open_common (int dirfd, const char *name, int flags, mode_t mode)
{
    char path [PATH_MAX];
    if (!s_active || !name || s_resolve (dirfd, name, path) != 0 || !s_under (path)
    ||  s_is_shm (path))
        return r_openat (dirfd, name, flags, mode);
    pthread_mutex_lock (&s_lock);
    struct stat st;
    int existed = lstat (path, &st) == 0;
    if (existed && S_ISREG (st.st_mode) && (flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY) {
        int pfd = r_open (path, O_RDONLY | O_CLOEXEC);
        node_t *n = pfd >= 0 ? s_node_of (pfd, path) : NULL;
        if (pfd >= 0)
            r_close (pfd);
        if (n) {
            s_save (n, 0, n->dsize);
            s_change (n, 0, NULL, 0);
        }
    }
    int fd = r_openat (dirfd, name, flags, mode);
    if (fd >= 0 && fd < MAX_FDS) {
        if (!existed)
            s_op (OP_CREATE, path, NULL);
        if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode)) {
            free (s_fd_dir [fd]);
            s_fd_dir [fd] = strdup (path);
        }
        else
            s_fd_node [fd] = s_node_of (fd, path);
    }
    pthread_mutex_unlock (&s_lock);
    return fd;
}

static mode_t
s_mode (int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE ? (mode_t) va_arg (ap, int) : 0;
}

int open (const char *p, int flags, ...)
{ ENTER (); va_list ap; va_start (ap, flags); mode_t m = s_mode (flags, ap); va_end (ap);
  return s_open_common (AT_FDCWD, p, flags, m); }
int open64 (const char *p, int flags, ...)
{ ENTER (); va_list ap; va_start (ap, flags); mode_t m = s_mode (flags, ap); va_end (ap);
  return s_open_common (AT_FDCWD, p, flags, m); }
int openat (int d, const char *p, int flags, ...)
{ ENTER (); va_list ap; va_start (ap, flags); mode_t m = s_mode (flags, ap); va_end (ap);
  return s_open_common (d, p, flags, m); }
int openat64 (int d, const char *p, int flags, ...)
{ ENTER (); va_list ap; va_start (ap, flags); mode_t m = s_mode (flags, ap); va_end (ap);
  return s_open_common (d, p, flags, m); }
int creat (const char *p, mode_t m)
{ ENTER (); return s_open_common (AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC, m); }
int creat64 (const char *p, mode_t m)
{ ENTER (); return s_open_common (AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC, m); }

static node_t *
s_tracked (int fd)
{
    return s_active && fd >= 0 && fd < MAX_FDS ? s_fd_node [fd] : NULL;
}

static ssize_t
s_write_common (int fd, const void *buf, size_t len, off_t off, int positioned)
{
    if (!s_tracked (fd))
        return positioned ? r_pwrite (fd, buf, len, off) : r_write (fd, buf, len);
    pthread_mutex_lock (&s_lock);
    node_t *n = s_tracked (fd);
    ssize_t w;
    if (!n)
        w = positioned ? r_pwrite (fd, buf, len, off) : r_write (fd, buf, len);
    else {
        off_t at = s_where (fd, positioned ? off : -1);
        s_save (n, at, at + (off_t) len);
        w = positioned ? r_pwrite (fd, buf, len, off) : r_write (fd, buf, len);
        if (w > 0)
            s_change (n, at, buf, (size_t) w);
    }
    pthread_mutex_unlock (&s_lock);
    return w;
}

ssize_t write (int fd, const void *b, size_t n)
{ ENTER (); return s_write_common (fd, b, n, -1, 0); }
ssize_t pwrite (int fd, const void *b, size_t n, off_t o)
{ ENTER (); return s_write_common (fd, b, n, o, 1); }
ssize_t pwrite64 (int fd, const void *b, size_t n, off_t o)
{ ENTER (); return s_write_common (fd, b, n, o, 1); }

ssize_t writev (int fd, const struct iovec *iov, int cnt)
{
    ENTER ();
    if (!s_tracked (fd))
        return r_writev (fd, iov, cnt);
    size_t len = 0;
    for (int i = 0; i < cnt; i++)
        len += iov [i].iov_len;
    unsigned char *buf = malloc (len ? len : 1);
    if (!buf)
        return r_writev (fd, iov, cnt);
    size_t at = 0;
    for (int i = 0; i < cnt; i++) {
        memcpy (buf + at, iov [i].iov_base, iov [i].iov_len);
        at += iov [i].iov_len;
    }
    ssize_t w = s_write_common (fd, buf, len, -1, 0);
    free (buf);
    return w;
}

static int
s_truncate_common (int fd, off_t size)
{
    if (!s_tracked (fd))
        return r_ftruncate (fd, size);
    pthread_mutex_lock (&s_lock);
    node_t *n = s_tracked (fd);
    if (n) {
        struct stat st;
        if (fstat (fd, &st) == 0 && size < st.st_size)
            s_save (n, size, st.st_size);
    }
    int rc = r_ftruncate (fd, size);
    if (rc == 0 && n)
        s_change (n, size, NULL, 0);
    pthread_mutex_unlock (&s_lock);
    return rc;
}

int ftruncate (int fd, off_t s) { ENTER (); return s_truncate_common (fd, s); }
int ftruncate64 (int fd, off_t s) { ENTER (); return s_truncate_common (fd, s); }

static int
s_sync_common (int fd, int data)
{
    int dir = s_active && fd >= 0 && fd < MAX_FDS && s_fd_dir [fd];
    if (!s_tracked (fd) && !dir)
        return data ? r_fdatasync (fd) : r_fsync (fd);
    pthread_mutex_lock (&s_lock);
    if (!s_active) {
        pthread_mutex_unlock (&s_lock);
        return data ? r_fdatasync (fd) : r_fsync (fd);
    }
    s_syncs++;
    if (s_at_sync > 0 && s_syncs == s_at_sync)
        s_cut ("at-sync");
    int rc = s_real_sync ? (data ? r_fdatasync (fd) : r_fsync (fd)) : 0;
    if (rc == 0) {
        if (s_fd_node [fd])
            s_synced (s_fd_node [fd]);
        else if (s_fd_dir [fd] && !s_drop_dirsync)
            s_dir_synced (s_fd_dir [fd]);
    }
    pthread_mutex_unlock (&s_lock);
    return rc;
}

int fsync (int fd) { ENTER (); return s_sync_common (fd, 0); }
int fdatasync (int fd) { ENTER (); return s_sync_common (fd, 1); }

int close (int fd)
{
    ENTER ();
    if (fd >= 0 && fd < MAX_FDS && (s_fd_node [fd] || s_fd_dir [fd])) {
        pthread_mutex_lock (&s_lock);
        s_fd_node [fd] = NULL;
        free (s_fd_dir [fd]);
        s_fd_dir [fd] = NULL;
        int rc = r_close (fd);
        pthread_mutex_unlock (&s_lock);
        return rc;
    }
    return r_close (fd);
}

static int
s_rename_common (int fa, const char *a, int fb, const char *b)
{
    char pa [PATH_MAX], pb [PATH_MAX];
    if (!s_active || s_resolve (fa, a, pa) != 0 || s_resolve (fb, b, pb) != 0
    ||  (!s_under (pa) && !s_under (pb)))
        return r_renameat (fa, a, fb, b);
    pthread_mutex_lock (&s_lock);
    char stash [PATH_MAX];
    s_stash_keep (pb, stash);
    int rc = r_renameat (fa, a, fb, b);
    if (rc == 0) {
        dirop_t *o = s_op (OP_RENAME, pa, pb);
        snprintf (o->stash, sizeof o->stash, "%s", stash);
    }
    else if (stash [0])
        r_unlink (stash);
    pthread_mutex_unlock (&s_lock);
    return rc;
}

int rename (const char *a, const char *b) { ENTER (); return s_rename_common (AT_FDCWD, a, AT_FDCWD, b); }
int renameat (int fa, const char *a, int fb, const char *b) { ENTER (); return s_rename_common (fa, a, fb, b); }

static int
s_unlink_common (int d, const char *p, int flags)
{
    char path [PATH_MAX];
    if (!s_active || (flags & AT_REMOVEDIR) || s_resolve (d, p, path) != 0 || !s_under (path))
        return r_unlinkat (d, p, flags);
    pthread_mutex_lock (&s_lock);
    char stash [PATH_MAX];
    s_stash_keep (path, stash);
    int rc = r_unlinkat (d, p, flags);
    if (rc == 0) {
        dirop_t *o = s_op (OP_UNLINK, path, NULL);
        snprintf (o->stash, sizeof o->stash, "%s", stash);
    }
    else if (stash [0])
        r_unlink (stash);
    pthread_mutex_unlock (&s_lock);
    return rc;
}

int unlink (const char *p) { ENTER (); return s_unlink_common (AT_FDCWD, p, 0); }
int unlinkat (int d, const char *p, int f) { ENTER (); return s_unlink_common (d, p, f); }

int link (const char *a, const char *b)
{
    ENTER ();
    char pb [PATH_MAX];
    if (!s_active || s_resolve (AT_FDCWD, b, pb) != 0 || !s_under (pb))
        return r_link (a, b);
    pthread_mutex_lock (&s_lock);
    int rc = r_link (a, b);
    if (rc == 0)
        s_op (OP_LINK, pb, pb);
    pthread_mutex_unlock (&s_lock);
    return rc;
}

int mkdir (const char *p, mode_t m)
{
    ENTER ();
    char path [PATH_MAX];
    if (!s_active || s_resolve (AT_FDCWD, p, path) != 0 || !s_under (path))
        return r_mkdir (p, m);
    pthread_mutex_lock (&s_lock);
    int rc = r_mkdir (p, m);
    if (rc == 0)
        s_op (OP_MKDIR, path, NULL);
    pthread_mutex_unlock (&s_lock);
    return rc;
}

/*  fopen for writing under the directory: see "stdio" at the top.          */
static FILE *
s_fopen_common (const char *p, const char *mode)
{
    char path [PATH_MAX];
    int writes = mode && (strchr (mode, 'w') || strchr (mode, 'a') || strchr (mode, '+'));
    if (!s_active || !p || !writes || s_resolve (AT_FDCWD, p, path) != 0 || !s_under (path))
        return r_fopen (p, mode);
    int flags = strchr (mode, '+') ? O_RDWR : O_WRONLY;
    if (mode [0] == 'w')
        flags |= O_CREAT | O_TRUNC;
    else if (mode [0] == 'a')
        flags |= O_CREAT | O_APPEND;
    if (strchr (mode, 'x'))
        flags |= O_EXCL;
    if (strchr (mode, 'e'))
        flags |= O_CLOEXEC;
    int fd = s_open_common (AT_FDCWD, p, flags, 0666);
    if (fd < 0)
        return NULL;
    char m [8];
    size_t k = 0;
    for (const char *c = mode; *c && k < sizeof m - 1; c++)
        if (*c != 'x' && *c != 'e')
            m [k++] = *c;
    m [k] = 0;
    pthread_mutex_lock (&s_lock);
    node_t *n = fd < MAX_FDS ? s_fd_node [fd] : NULL;
    if (n) {
        n->unseen = 1;
        s_save (n, 0, n->dsize);
    }
    pthread_mutex_unlock (&s_lock);
    FILE *f = fdopen (fd, m);
    if (!f)
        close (fd);
    return f;
}

FILE *fopen (const char *p, const char *m) { ENTER (); return s_fopen_common (p, m); }
FILE *fopen64 (const char *p, const char *m) { ENTER (); return s_fopen_common (p, m); }

int fclose (FILE *f)
{
    ENTER ();
    int fd = f ? fileno (f) : -1;
    if (fd >= 0 && fd < MAX_FDS && (s_fd_node [fd] || s_fd_dir [fd])) {
        pthread_mutex_lock (&s_lock);
        int rc = r_fclose (f);  /* its last writes, still not seen          */
        s_fd_node [fd] = NULL;
        free (s_fd_dir [fd]);
        s_fd_dir [fd] = NULL;
        pthread_mutex_unlock (&s_lock);
        return rc;
    }
    return r_fclose (f);
}
