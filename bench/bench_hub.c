/*  bench_hub.c - see bench_hub.h.                                           */
#include "bench_hub.h"
#include "bench_msg.h"
#include "hub_store.h"
#include "hub_audit.h"
#include "hub_regie.h"
#include "hub_sql.h"
#include <czmq.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <sodium.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define CONF_MAX_BYTES      65536
#define PRELOAD_CHUNK       65536       /* messages per transaction          */
#define PRELOAD_SLOTS       2           /* chunks in flight: one is built
                                           while the one before is written  */
#define PRELOAD_MAX_THREADS 8           /* builder threads                   */
#define PRELOAD_CACHE_KIB   (256 * 1024)    /* sqlite's page cache while
                                           preloading: 256 MiB               */
#define PRELOAD_MAX_INDEXES 64          /* secondary indexes of the schema   */
#define STORE_PREFIX        "bench-store-"  /* kept start-up stores' names   */
#define STORE_SAMPLE        16          /* messages of the sample that keys them */
#define STORE_KEY_BYTES     16
#define STORE_SHAPE_BYTES   65536       /* the sample's shape as text        */

static int
s_free_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset (&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (fd >= 0 && bind (fd, (struct sockaddr *) &a, sizeof a) == 0
    &&  getsockname (fd, (struct sockaddr *) &a, &len) == 0)
        port = ntohs (a.sin_port);
    if (fd >= 0)
        close (fd);
    return port;
}

/*  Runs argv, waits, returns its exit code (-1 when it could not run).      */
static int
s_run (char *const argv [], const char *log)
{
    pid_t pid = fork ();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open (log ? log : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2 (fd, 1);
            dup2 (fd, 2);
        }
        execv (argv [0], argv);
        _exit (127);
    }
    int status;
    if (waitpid (pid, &status, 0) != pid)
        return -1;
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/*  Replaces the first occurrence of from in text (of capacity cap).         */
static int
s_replace (char *text, size_t cap, const char *from, const char *to)
{
    char *p = strstr (text, from);
    if (!p)
        return -1;
    size_t flen = strlen (from), tlen = strlen (to), rest = strlen (p + flen);
    if (strlen (text) - flen + tlen + 1 > cap)
        return -1;
    memmove (p + tlen, p + flen, rest + 1);
    memcpy (p, to, tlen);
    return 0;
}

int
bench_hub_init (bench_hub_t *h, const char *bin, const char *dir, const bench_hub_conf_t *conf)
{
    memset (h, 0, sizeof *h);
    snprintf (h->bin, sizeof h->bin, "%s", bin);
    snprintf (h->dir, sizeof h->dir, "%s", dir);
    snprintf (h->conf, sizeof h->conf, "%s/hub.conf", dir);
    snprintf (h->db, sizeof h->db, "%s/hub.db", dir);
    snprintf (h->ctl, sizeof h->ctl, "%s/hub.ctl", dir);
    snprintf (h->cert_path, sizeof h->cert_path, "%s/hub.cert", dir);
    int port = s_free_port ();
    if (port < 0) {
        fprintf (stderr, "regiebench: no free port\n");
        return -1;
    }
    snprintf (h->endpoint, sizeof h->endpoint, "tcp://127.0.0.1:%d", port);
    char *argv [] = { h->bin, "init", h->dir, "--endpoint", h->endpoint, NULL };
    if (s_run (argv, NULL) != 0) {
        fprintf (stderr, "regiebench: `%s init %s` failed\n", h->bin, h->dir);
        return -1;
    }
    /* the benchmark's configuration                                         */
    static char text [CONF_MAX_BYTES];
    FILE *f = fopen (h->conf, "r");
    if (!f)
        return -1;
    size_t n = fread (text, 1, sizeof text - 1, f);
    fclose (f);
    text [n] = 0;
    char line [128];
    int rc = 0;
    snprintf (line, sizeof line, "    rate = \"%u\"", conf->rate);
    rc |= s_replace (text, sizeof text, "    rate = \"500\"", line);
    snprintf (line, sizeof line, "    burst = \"%u\"", conf->burst);
    rc |= s_replace (text, sizeof text, "    burst = \"5000\"", line);
    snprintf (line, sizeof line, "    batch_max = \"%u\"", conf->batch_max);
    rc |= s_replace (text, sizeof text, "    batch_max = \"1024\"", line);
    snprintf (line, sizeof line, "    delivery_window = \"%u\"", conf->delivery_window);
    rc |= s_replace (text, sizeof text, "    delivery_window = \"1024\"", line);
    rc |= s_replace (text, sizeof text, "#   default_team = \"acm\"", "    default_team = \"acm\"");
    rc |= s_replace (text, sizeof text, "teams\n",
                     "teams\n    acm\n        intake = \"" BENCH_INTAKE "\"\n");
    if (rc != 0) {
        fprintf (stderr, "regiebench: %s is not the hub.conf this benchmark knows; "
                 "update bench_hub_init\n", h->conf);
        return -1;
    }
    f = fopen (h->conf, "w");
    if (!f || fputs (text, f) < 0 || fclose (f) != 0) {
        fprintf (stderr, "regiebench: cannot write %s\n", h->conf);
        return -1;
    }
    proto_cert_t cert;
    char err [256];
    zcert_t *z = zcert_load (h->cert_path);
    if (!z || proto_cert_load (&cert, h->cert_path, err, sizeof err) != 0) {
        fprintf (stderr, "regiebench: cannot read %s\n", h->cert_path);
        zcert_destroy (&z);
        return -1;
    }
    memcpy (h->sign_key, cert.sign_key, PROTO_PUBKEY_BYTES);
    snprintf (h->curve_txt, sizeof h->curve_txt, "%s", zcert_public_txt (z));
    zcert_destroy (&z);
    return 0;
}

int
bench_copy_file (const char *from, const char *to)
{
    int in = open (from, O_RDONLY);
    int out = in >= 0 ? open (to, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
    struct stat st;
    int rc = out >= 0 && fstat (in, &st) == 0 ? 0 : -1;
    /* in the kernel where the filesystem can (no copy through our memory);
       read and write where it cannot                                        */
    bool in_kernel = true;
    char buf [1 << 16];
    for (off_t left = rc == 0 ? st.st_size : 0; rc == 0 && left > 0; ) {
        ssize_t n;
        if (in_kernel) {
            n = copy_file_range (in, NULL, out, NULL, (size_t) left, 0);
            if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL
                      ||  errno == EOPNOTSUPP)) {
                in_kernel = false;
                continue;
            }
        }
        else {
            n = read (in, buf, sizeof buf);
            for (ssize_t done = 0, w; n > 0 && done < n; done += w)
                if ((w = write (out, buf + done, (size_t) (n - done))) <= 0)
                    n = -1;
        }
        if (n <= 0)
            rc = -1;
        else
            left -= n;
    }
    if (in >= 0)
        close (in);
    if (out >= 0 && close (out) != 0)
        rc = -1;
    return rc;
}

int
bench_hub_admit (bench_hub_t *h, proto_identity_t *id, const char *keys_dir)
{
    char from [PATH_MAX + 64], to [PATH_MAX + 64];
    const char *name = proto_identity_cert (id)->id;
    snprintf (from, sizeof from, "%s/%s.cert", keys_dir, name);
    snprintf (to, sizeof to, "%s/certs/%s.cert", h->dir, name);
    return bench_copy_file (from, to);
}

proto_identity_t *
bench_identity (const char *keys_dir, const char *id, const char *team, const char *roles)
{
    char err [256], base [PATH_MAX + 64];
    unsigned bits;
    if (proto_roles_parse (&bits, roles, err, sizeof err) != 0) {
        fprintf (stderr, "regiebench: %s\n", err);
        return NULL;
    }
    proto_identity_t *self = proto_identity_new (id, id, "politie", team, "030-0000000", bits,
                                                 err, sizeof err);
    snprintf (base, sizeof base, "%s/%s", keys_dir, id);
    if (!self || proto_identity_save (self, base, err, sizeof err) != 0) {
        fprintf (stderr, "regiebench: identity %s: %s\n", id, err);
        proto_identity_destroy (&self);
    }
    return self;
}

char *
bench_hub_status (bench_hub_t *h, int timeout_ms)
{
    zsock_t *sock = zsock_new (ZMQ_REQ);
    if (!sock)
        return NULL;
    zsock_set_linger (sock, 0);
    zsock_set_reconnect_ivl (sock, 1);
    zsock_set_rcvtimeo (sock, timeout_ms);
    char *reply = NULL;
    if (zsock_connect (sock, "ipc://%s", h->ctl) == 0 && zstr_send (sock, "status") == 0)
        reply = zstr_recv (sock);
    zsock_destroy (&sock);
    return reply;
}

int
bench_hub_start (bench_hub_t *h, const char *cpus, double *ready_ms)
{
    char log [PATH_MAX + 16];
    snprintf (log, sizeof log, "%s/hub.log", h->dir);
    unlink (h->ctl);                    /* a stale socket of a killed hub    */
    uint64_t t0 = bench_now_ns ();
    pid_t pid = fork ();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (cpus && bench_pin (0, cpus) != 0)
            _exit (126);
        int fd = open (log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2 (fd, 1);
            dup2 (fd, 2);
        }
        char *argv [] = { h->bin, "run", "-c", h->conf, NULL };
        execv (argv [0], argv);
        _exit (127);
    }
    h->pid = pid;
    /* wait for the control socket, then for the first answered status      */
    while (bench_now_ns () - t0 < (uint64_t) BENCH_HUB_READY_MS * 1000000ULL) {
        int status;
        if (waitpid (pid, &status, WNOHANG) == pid) {
            fprintf (stderr, "regiebench: the hub exited at start; see %s\n", log);
            h->pid = 0;
            return -1;
        }
        if (access (h->ctl, F_OK) == 0) {
            char *reply = bench_hub_status (h, BENCH_HUB_READY_MS);
            if (reply) {
                if (ready_ms)
                    *ready_ms = (double) (bench_now_ns () - t0) / 1e6;
                zstr_free (&reply);
                return 0;
            }
        }
        usleep (200);
    }
    fprintf (stderr, "regiebench: the hub did not answer within %d ms; see %s\n",
             BENCH_HUB_READY_MS, log);
    bench_hub_kill9 (h);
    return -1;
}

static void
s_wait (bench_hub_t *h, int sig, int timeout_ms)
{
    if (h->pid <= 0)
        return;
    kill (h->pid, sig);
    uint64_t t0 = bench_now_ns ();
    int status;
    while (waitpid (h->pid, &status, WNOHANG) == 0) {
        if (bench_now_ns () - t0 > (uint64_t) timeout_ms * 1000000ULL) {
            kill (h->pid, SIGKILL);
            waitpid (h->pid, &status, 0);
            break;
        }
        usleep (1000);
    }
    h->pid = 0;
}

void
bench_hub_stop (bench_hub_t *h)
{
    s_wait (h, SIGTERM, BENCH_HUB_STOP_MS);
}

void
bench_hub_kill9 (bench_hub_t *h)
{
    s_wait (h, SIGKILL, BENCH_HUB_STOP_MS);
}

/* ---- preloading ------------------------------------------------------- */

/*  The preloader is a pipeline: builder threads (on every core) make the
    envelopes of a chunk, their digests and their subjects while the single
    sqlite writer puts the chunk before into the store through the hub's own
    functions. Each chunk is one transaction; PRELOAD_SLOTS chunks are in
    flight. Chunk c holds messages c * PRELOAD_CHUNK ...                     */
typedef struct {
    bench_msg_t *msgs;
    uint8_t (*digest) [PROTO_DIGEST_BYTES];
    uint8_t (*person) [PROTO_REF_BYTES];
    int built;                          /* builders done with their share    */
    int rc;
} preload_slot_t;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    preload_slot_t slot [PRELOAD_SLOTS];
    uint64_t written;                   /* chunks the writer is done with    */
    bool stop;                          /* the writer failed: build no more  */
    /* what to build                                                         */
    proto_identity_t *author;
    uint64_t count, households, chunks, base_ms;
    size_t size;
    bool sign;
    int threads;
} preload_t;

typedef struct {
    preload_t *p;
    int no;                             /* this builder's share of a chunk   */
} preload_builder_t;

/*  Chunk c: its first message, its size and its messages' time. Ids carry
    the time: the rows are spread over the past (a tenth of a second per
    message still to come) so that they sort as a real history would.       */
static void
s_chunk (const preload_t *p, uint64_t c, uint64_t *first, uint64_t *n, uint64_t *ts)
{
    *first = c * PRELOAD_CHUNK;
    *n = p->count - *first < PRELOAD_CHUNK ? p->count - *first : PRELOAD_CHUNK;
    *ts = p->base_ms - (p->count - *first) / 10;
}

static void *
s_preload_build (void *arg)
{
    preload_builder_t *b = (preload_builder_t *) arg;
    preload_t *p = b->p;
    char all [32];
    snprintf (all, sizeof all, "0-%d", bench_cpu_count () - 1);
    bench_pin (0, all);                 /* no hub runs now: use every core   */
    proto_writer_t w;
    proto_writer_init (&w);
    for (uint64_t c = 0; c < p->chunks; c++) {
        preload_slot_t *slot = &p->slot [c % PRELOAD_SLOTS];
        pthread_mutex_lock (&p->lock);
        while (!p->stop && c >= p->written + PRELOAD_SLOTS)
            pthread_cond_wait (&p->changed, &p->lock);
        bool stop = p->stop;
        pthread_mutex_unlock (&p->lock);
        if (stop)
            break;
        uint64_t first, n, ts;
        s_chunk (p, c, &first, &n, &ts);
        uint64_t per = (n + (uint64_t) p->threads - 1) / (uint64_t) p->threads;
        uint64_t from = (uint64_t) b->no * per;
        uint64_t to = from + per < n ? from + per : n;
        int rc = 0;
        for (uint64_t i = from; i < to && rc == 0; i++) {
            uint64_t h = (first + i) % p->households;
            bench_msg_t *m = &slot->msgs [i];
            /* ids in the order of the messages' times: 10 per ms           */
            uint64_t id_ms = p->base_ms - (p->count - (first + i)) / 10;
            rc = bench_msg_build (m, &w, p->author, BM_SIGNAL, ts, id_ms, h, p->size, p->sign);
            if (rc == 0) {
                proto_digest (slot->digest [i], m->bytes, m->len);
                bench_household_ref (slot->person [i], h);
            }
        }
        pthread_mutex_lock (&p->lock);
        slot->built++;
        slot->rc |= rc;
        pthread_cond_broadcast (&p->changed);
        pthread_mutex_unlock (&p->lock);
    }
    proto_writer_destroy (&w);
    return NULL;
}

/*  The rows the signal workflow adds for message seq about person: its
    household (made by hub_regie_household when new, through a hub that has
    only the store: that function touches nothing else), the signals row
    as hub_signals_receive writes it for a household without regie. The
    message's own audit entry (which names the intake) follows it.          */
static int
s_preload_workflows (hub_t *hub, uint64_t seq, const uint8_t *person, const char *author_id,
                     uint64_t now)
{
    proto_envelope_t env;
    memset (&env, 0, sizeof env);
    env.has_person = true;
    memcpy (env.person, person, PROTO_REF_BYTES);
    hub_household_t h;
    if (hub_regie_household (hub, &env, true, now, &h) != 0 || !h.hh)
        return -1;
    if (hub_sql_exec (hub->store,
            "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity, kind, recipient, contact,"
            " led_to_regie) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
            "uisussssss", seq, h.hh, author_id, now, BENCH_SIGNAL_LEEFGEBIED, BENCH_SIGNAL_SEVERITY,
            BENCH_SIGNAL_KIND, BENCH_INTAKE, BENCH_SIGNAL_CONTACT) != 0) {
        fprintf (stderr, "regiebench: the signals table is not the one this benchmark knows; "
                 "update s_preload_workflows\n");
        return -1;
    }
    return 0;
}

/*  The store's schema as one text (every table and index with its SQL), to
    check that the indexes dropped for the bulk insert came back as they
    were. Returns a string the caller frees, or NULL.                        */
static char *
s_schema_text (sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (db, "SELECT group_concat (line, char (10)) FROM (SELECT type || ' '"
                            " || name || ' ' || tbl_name || ' ' || coalesce (sql, '') AS line"
                            " FROM sqlite_schema ORDER BY type, name)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    char *text = NULL;
    if (sqlite3_step (st) == SQLITE_ROW && sqlite3_column_text (st, 0))
        text = strdup ((const char *) sqlite3_column_text (st, 0));
    sqlite3_finalize (st);
    return text;
}

/*  The store's own indexes (not those of UNIQUE and PRIMARY KEY
    constraints, which have no SQL), in the order the schema made them.     */
typedef struct {
    char *name [PRELOAD_MAX_INDEXES];
    char *sql [PRELOAD_MAX_INDEXES];
    size_t n;
} preload_indexes_t;

static void
s_indexes_free (preload_indexes_t *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free (x->name [i]);
        free (x->sql [i]);
    }
    x->n = 0;
}

/*  Reads the secondary indexes' definitions from sqlite_schema (so that
    they stay the hub's, whatever hub_store.c's migrations say) and drops
    them: sqlite then appends rows without keeping them sorted, and
    s_indexes_create builds each index once, from a sort.                   */
static int
s_indexes_drop (sqlite3 *db, preload_indexes_t *x)
{
    memset (x, 0, sizeof *x);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
                            " AND sql IS NOT NULL ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    while (sqlite3_step (st) == SQLITE_ROW) {
        if (x->n == PRELOAD_MAX_INDEXES) {
            rc = -1;
            break;
        }
        x->name [x->n] = strdup ((const char *) sqlite3_column_text (st, 0));
        x->sql [x->n] = strdup ((const char *) sqlite3_column_text (st, 1));
        x->n++;
    }
    sqlite3_finalize (st);
    for (size_t i = 0; i < x->n && rc == 0; i++) {
        char *sql = sqlite3_mprintf ("DROP INDEX \"%w\"", x->name [i]);
        rc = sql && sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
        sqlite3_free (sql);
    }
    return rc;
}

static int
s_indexes_create (sqlite3 *db, preload_indexes_t *x)
{
    for (size_t i = 0; i < x->n; i++)
        if (sqlite3_exec (db, x->sql [i], NULL, NULL, NULL) != SQLITE_OK)
            return -1;
    return 0;
}

int
bench_store_preload (const char *db, proto_identity_t *author, uint64_t count,
                     uint64_t households, const char *deliver_to, bool sign,
                     bool workflows, size_t size, int threads)
{
    char err [256];
    hub_store_t *store = hub_store_open (db, err, sizeof err);
    if (!store) {
        fprintf (stderr, "regiebench: %s\n", err);
        return -1;
    }
    sqlite3 *sql = hub_sqlite_db (store);
    hub_audit_t *audit = hub_audit_new (store);
    preload_t p;
    memset (&p, 0, sizeof p);
    int rc = audit ? 0 : -1;
    for (int k = 0; k < PRELOAD_SLOTS && rc == 0; k++) {
        preload_slot_t *slot = &p.slot [k];
        slot->msgs = (bench_msg_t *) calloc (PRELOAD_CHUNK, sizeof (bench_msg_t));
        slot->digest = calloc (PRELOAD_CHUNK, PROTO_DIGEST_BYTES);
        slot->person = calloc (PRELOAD_CHUNK, PROTO_REF_BYTES);
        if (!slot->msgs || !slot->digest || !slot->person)
            rc = -1;
    }
    /* the fast path: no journal, no fsync, one lock for the whole load, a
       page cache that holds the b-trees' working set, sorts in memory (a
       crash here only loses the benchmark's own scratch store); then the
       indexes, and back to the hub's WAL mode                               */
    char pragmas [256];
    snprintf (pragmas, sizeof pragmas, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
              " PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -%d;"
              " PRAGMA temp_store = MEMORY; PRAGMA threads = %d", PRELOAD_CACHE_KIB,
              threads > 1 ? threads : 1);
    char *schema = rc == 0 ? s_schema_text (sql) : NULL;
    preload_indexes_t indexes = { { 0 }, { 0 }, 0 };
    if (rc == 0
    && (!schema || sqlite3_exec (sql, pragmas, NULL, NULL, NULL) != SQLITE_OK
    ||  s_indexes_drop (sql, &indexes) != 0)) {
        fprintf (stderr, "regiebench: preload: %s\n", sqlite3_errmsg (sql));
        rc = -1;
    }
    if (threads < 1)
        threads = 1;
    if (threads > PRELOAD_MAX_THREADS)
        threads = PRELOAD_MAX_THREADS;
    p.author = author;
    p.count = count;
    p.households = households ? households : 1;
    p.chunks = (count + PRELOAD_CHUNK - 1) / PRELOAD_CHUNK;
    p.base_ms = proto_now_ms ();
    p.size = size;
    p.sign = sign;
    p.threads = threads;
    pthread_mutex_init (&p.lock, NULL);
    pthread_cond_init (&p.changed, NULL);
    const char *author_id = proto_identity_cert (author)->id;
    hub_t hub;                          /* the store and audit log, no more  */
    memset (&hub, 0, sizeof hub);
    hub.store = store;
    hub.audit = audit;
    /* one audit entry per message, as the hub writes it: after the
       workflow, naming where the message was queued                         */
    char result [PROTO_MAX_PARTNER_ID_BYTES + 16] = "stored";
    if (deliver_to || workflows)
        snprintf (result, sizeof result, "stored; to %s", deliver_to ? deliver_to : BENCH_INTAKE);
    /* the signature carried by unsigned rows: a real one, of a template    */
    bench_msg_t templ;
    memset (&templ, 0, sizeof templ);
    proto_writer_t w;
    proto_writer_init (&w);
    bench_msg_build (&templ, &w, author, BM_SIGNAL, p.base_ms, p.base_ms, 0, size, true);
    proto_writer_destroy (&w);
    pthread_t tid [PRELOAD_MAX_THREADS];
    preload_builder_t builders [PRELOAD_MAX_THREADS];
    int started = 0;
    for (int t = 0; t < threads && rc == 0; t++) {
        builders [t] = (preload_builder_t) { &p, t };
        if (pthread_create (&tid [t], NULL, s_preload_build, &builders [t]) != 0)
            break;
        started++;
    }
    if (started < threads)
        rc = -1;
    uint64_t t_wait = 0, t_rows = 0, t_commit = 0, t_index = 0, t0 = bench_now_ns ();
    for (uint64_t c = 0; c < p.chunks && rc == 0; c++) {
        preload_slot_t *slot = &p.slot [c % PRELOAD_SLOTS];
        uint64_t t1 = bench_now_ns ();
        pthread_mutex_lock (&p.lock);
        while (slot->built < threads)
            pthread_cond_wait (&p.changed, &p.lock);
        rc = slot->rc;
        pthread_mutex_unlock (&p.lock);
        uint64_t t2 = bench_now_ns ();
        t_wait += t2 - t1;
        uint64_t first, n, ts;
        s_chunk (&p, c, &first, &n, &ts);
        uint64_t now = proto_now_ms ();
        if (rc == 0 && hub_store_begin (store) != 0)
            rc = -1;
        for (uint64_t i = 0; i < n && rc == 0; i++) {
            bench_msg_t *m = &slot->msgs [i];
            uint64_t seq;
            if (hub_store_put (store, m->id, author_id, "signal", ts, now, slot->digest [i],
                               m->bytes, m->len, sign ? m->sig : templ.sig, &seq) != 0
            ||  (deliver_to && hub_store_enqueue (store, deliver_to, seq) != 0)
            ||  (workflows && s_preload_workflows (&hub, seq, slot->person [i], author_id, now) != 0)
            ||  hub_audit_append (audit, now, author_id, "signal", m->id, slot->person [i], result,
                                  "127.0.0.1", slot->digest [i]) != 0)
                rc = -1;
        }
        uint64_t t3 = bench_now_ns ();
        t_rows += t3 - t2;
        if (rc == 0 && hub_store_commit (store) != 0)
            rc = -1;
        t_commit += bench_now_ns () - t3;
        if (rc != 0)
            fprintf (stderr, "regiebench: preload: %s\n", hub_store_error (store));
        for (uint64_t i = 0; i < n; i++)
            bench_msg_free (&slot->msgs [i]);
        pthread_mutex_lock (&p.lock);
        slot->built = 0;
        p.written++;
        p.stop = rc != 0;
        pthread_cond_broadcast (&p.changed);
        pthread_mutex_unlock (&p.lock);
    }
    pthread_mutex_lock (&p.lock);
    p.stop = true;
    pthread_cond_broadcast (&p.changed);
    pthread_mutex_unlock (&p.lock);
    for (int t = 0; t < started; t++)
        pthread_join (tid [t], NULL);
    /* a builder may have filled a slot the writer never took               */
    for (int k = 0; k < PRELOAD_SLOTS; k++) {
        for (size_t i = 0; p.slot [k].msgs && i < PRELOAD_CHUNK; i++)
            bench_msg_free (&p.slot [k].msgs [i]);
        free (p.slot [k].msgs);
        free (p.slot [k].digest);
        free (p.slot [k].person);
    }
    pthread_mutex_destroy (&p.lock);
    pthread_cond_destroy (&p.changed);
    bench_msg_free (&templ);
    hub_audit_destroy (&audit);
    /* the indexes, built from a sort each; then the schema must be the one
       the hub made, and the store in the hub's WAL mode (the exclusive lock
       goes first: a WAL entered under it would keep its index in our heap) */
    char *after = NULL;
    uint64_t t4 = bench_now_ns ();
    if (rc == 0
    && (s_indexes_create (sql, &indexes) != 0
    ||  sqlite3_exec (sql, "PRAGMA locking_mode = NORMAL; SELECT count(*) FROM sqlite_schema;"
                      " PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL",
                      NULL, NULL, NULL) != SQLITE_OK)) {
        fprintf (stderr, "regiebench: preload: %s\n", sqlite3_errmsg (sql));
        rc = -1;
    }
    t_index = bench_now_ns () - t4;
    if (rc == 0 && count >= PRELOAD_CHUNK)
        fprintf (stderr, "  preload of %llu messages: %.1f s; the writer waited %.1f s for the "
                 "builders, put rows %.1f s, committed %.1f s; indexes made in %.1f s\n",
                 (unsigned long long) count, (double) (bench_now_ns () - t0) / 1e9,
                 (double) t_wait / 1e9, (double) t_rows / 1e9, (double) t_commit / 1e9,
                 (double) t_index / 1e9);
    if (rc == 0 && (!(after = s_schema_text (sql)) || strcmp (after, schema) != 0)) {
        fprintf (stderr, "regiebench: preload: the store's schema is not the hub's after "
                 "the indexes were made again\n");
        rc = -1;
    }
    free (schema);
    free (after);
    s_indexes_free (&indexes);
    hub_store_destroy (&store);
    return rc;
}

/* ---- the kept start-up store ---------------------------------------- */

/*  Appends to text (of capacity cap, at *len) what a store holds, without
    the values that differ from run to run (ids, times, keys): its schema
    version, its schema, and per table the rows and the bytes of each
    column. Two preloads of the same count make the same text when the
    hub's schema and what its functions write are the same.                  */
static int
s_store_shape (sqlite3 *db, char *text, size_t cap, size_t *len)
{
    sqlite3_stmt *st, *cols;
    int rc = 0;
    char *schema = s_schema_text (db);
    if (!schema || sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " ORDER BY name", -1, &st, NULL) != SQLITE_OK) {
        free (schema);
        return -1;
    }
    int version = 0;
    if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &cols, NULL) == SQLITE_OK
    &&  sqlite3_step (cols) == SQLITE_ROW)
        version = sqlite3_column_int (cols, 0);
    sqlite3_finalize (cols);
    *len += (size_t) snprintf (text + *len, cap - *len, "user_version %d\n%s\n", version, schema);
    free (schema);
    while (rc == 0 && *len < cap && sqlite3_step (st) == SQLITE_ROW) {
        const char *table = (const char *) sqlite3_column_text (st, 0);
        char *q = sqlite3_mprintf ("SELECT group_concat ('total (length (\"' || name || '\"))', ', ')"
                                   " FROM pragma_table_info (%Q)", table);
        char *sums = NULL;
        if (q && sqlite3_prepare_v2 (db, q, -1, &cols, NULL) == SQLITE_OK
        &&  sqlite3_step (cols) == SQLITE_ROW && sqlite3_column_text (cols, 0))
            sums = sqlite3_mprintf ("SELECT count (*), %s FROM \"%w\"",
                                    (const char *) sqlite3_column_text (cols, 0), table);
        sqlite3_finalize (cols);
        sqlite3_free (q);
        rc = sums && sqlite3_prepare_v2 (db, sums, -1, &cols, NULL) == SQLITE_OK
          && sqlite3_step (cols) == SQLITE_ROW ? 0 : -1;
        *len += (size_t) snprintf (text + *len, cap - *len, "%s", table);
        for (int i = 0; rc == 0 && i < sqlite3_column_count (cols) && *len < cap; i++)
            *len += (size_t) snprintf (text + *len, cap - *len, " %lld",
                                       (long long) sqlite3_column_int64 (cols, i));
        *len += *len < cap ? (size_t) snprintf (text + *len, cap - *len, "\n") : 0;
        sqlite3_finalize (cols);
        sqlite3_free (sums);
    }
    sqlite3_finalize (st);
    return rc == 0 && *len < cap ? 0 : -1;
}

/*  The kept store's key: a digest of the count, the message size and the
    shape of a sample written now by this program's preloader, through the
    hub's functions linked into it, into sample (a file beside the store).  */
static int
s_store_key (char *key, size_t keylen, const char *sample, proto_identity_t *author,
             uint64_t count, size_t size)
{
    static char text [STORE_SHAPE_BYTES];
    size_t len = (size_t) snprintf (text, sizeof text, "regiebench start-up store: %llu "
                                    "messages of %zu bytes, unsigned, no workflows\n",
                                    (unsigned long long) count, size);
    char path [PATH_MAX + 32];
    unlink (sample);
    int rc = bench_store_preload (sample, author, STORE_SAMPLE, STORE_SAMPLE, NULL, false, false,
                                  size, 1);
    sqlite3 *db = NULL;
    if (rc == 0 && sqlite3_open_v2 (sample, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
        rc = s_store_shape (db, text, sizeof text, &len);
    else
        rc = -1;
    sqlite3_close (db);
    unlink (sample);
    snprintf (path, sizeof path, "%s-wal", sample);
    unlink (path);
    snprintf (path, sizeof path, "%s-shm", sample);
    unlink (path);
    uint8_t digest [STORE_KEY_BYTES];
    crypto_generichash (digest, sizeof digest, (const uint8_t *) text, len, NULL, 0);
    sodium_bin2hex (key, keylen, digest, sizeof digest);
    return rc;
}

/*  Removes the kept stores of count messages other than keep.               */
static void
s_store_forget (const char *dir, uint64_t count, const char *keep)
{
    char prefix [64], path [PATH_MAX + 300];
    snprintf (prefix, sizeof prefix, STORE_PREFIX "%llux", (unsigned long long) count);
    DIR *d = opendir (dir);
    struct dirent *e;
    while (d && (e = readdir (d))) {
        size_t n = strlen (e->d_name);
        if (strncmp (e->d_name, prefix, strlen (prefix)) == 0 && strcmp (e->d_name, keep) != 0
        &&  (strstr (e->d_name, ".db.part") || (n > 3 && strcmp (e->d_name + n - 3, ".db") == 0))) {
            snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
            unlink (path);
        }
    }
    if (d)
        closedir (d);
}

int
bench_store_kept (const char *dir, const char *db, proto_identity_t *author, uint64_t count,
                  size_t size, int threads, char *note, size_t notelen)
{
    char key [STORE_KEY_BYTES * 2 + 1], name [128], kept [PATH_MAX + 160], part [PATH_MAX + 200];
    char sample [PATH_MAX + 16];
    snprintf (sample, sizeof sample, "%s.sample", db);
    if (s_store_key (key, sizeof key, sample, author, count, size) != 0) {
        fprintf (stderr, "regiebench: cannot write a sample store %s\n", sample);
        return -1;
    }
    snprintf (name, sizeof name, STORE_PREFIX "%llux%zu-%.16s.db", (unsigned long long) count,
              size, key);
    snprintf (kept, sizeof kept, "%s/%s", dir, name);
    snprintf (part, sizeof part, "%s.part", kept);
    char path [PATH_MAX + 16];
    snprintf (path, sizeof path, "%s-wal", db);
    unlink (path);
    snprintf (path, sizeof path, "%s-shm", db);
    unlink (path);
    uint64_t t0 = bench_now_ns ();
    struct stat st;
    if (stat (kept, &st) == 0 && bench_copy_file (kept, db) == 0) {
        char when [32];
        strftime (when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime (&st.st_mtime));
        snprintf (note, notelen, "reused %s (written %s), copied in %.1f s", kept, when,
                  (double) (bench_now_ns () - t0) / 1e9);
        return 0;
    }
    unlink (db);
    if (bench_store_preload (db, author, count, count, NULL, false, false, size, threads) != 0)
        return -1;
    double secs = (double) (bench_now_ns () - t0) / 1e9;
    /* kept under a temporary name until complete: an interrupted copy is
       never taken for a store                                               */
    mkdir (dir, 0755);
    if (bench_copy_file (db, part) == 0 && rename (part, kept) == 0) {
        s_store_forget (dir, count, name);
        snprintf (note, notelen, "written in %.1f s and kept as %s for later runs", secs, kept);
    }
    else {
        unlink (part);
        snprintf (note, notelen, "written in %.1f s; could not be kept as %s (%s)", secs, kept,
                  strerror (errno));
    }
    return 0;
}

int
bench_store_check (bench_hub_t *h)
{
    char log [PATH_MAX + 32];
    snprintf (log, sizeof log, "%s/audit-verify.log", h->dir);
    char *argv [] = { h->bin, "audit", "verify", "-c", h->conf, NULL };
    int code = s_run (argv, log);
    if (code != 0) {
        fprintf (stderr, "regiebench: `regiehub audit verify` refused the store %s (exit %d); "
                 "see %s\n", h->db, code, log);
        return -1;
    }
    sqlite3 *db;
    if (sqlite3_open_v2 (h->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close (db);
        return -1;
    }
    sqlite3_stmt *st;
    int rc = -1;
    if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK
    &&  sqlite3_step (st) == SQLITE_ROW) {
        const char *text = (const char *) sqlite3_column_text (st, 0);
        rc = text && strcmp (text, "ok") == 0 ? 0 : -1;
        if (rc != 0)
            fprintf (stderr, "regiebench: integrity_check of %s: %s\n", h->db, text ? text : "?");
    }
    sqlite3_finalize (st);
    sqlite3_close (db);
    return rc;
}

int
bench_store_size (const char *db, bench_store_size_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3 *h;
    if (sqlite3_open_v2 (db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close (h);
        return -1;
    }
    sqlite3_busy_timeout (h, 5000);
    int rc = sqlite3_exec (h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2 (h, "SELECT count(*), coalesce (sum (length (envelope)), 0) FROM messages",
                            -1, &st, NULL) == SQLITE_OK && sqlite3_step (st) == SQLITE_ROW) {
        out->messages = (uint64_t) sqlite3_column_int64 (st, 0);
        out->envelope_bytes = (uint64_t) sqlite3_column_int64 (st, 1);
    }
    sqlite3_finalize (st);
    /* where the bytes go, when sqlite has the dbstat table: each b-tree
       with the table it belongs to (sqlite's own schema has no row in
       sqlite_master and counts with the workflows)                          */
    static const char *log_tables [] = { "messages", "deliveries", "batches" };
    if (sqlite3_prepare_v2 (h, "SELECT m.tbl_name, sum (d.pgsize) FROM dbstat d"
                            " LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY m.tbl_name",
                            -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step (st) == SQLITE_ROW) {
            const char *table = (const char *) sqlite3_column_text (st, 0);
            uint64_t bytes = (uint64_t) sqlite3_column_int64 (st, 1);
            uint64_t *part = &out->workflow_bytes;
            for (size_t i = 0; table && i < sizeof log_tables / sizeof log_tables [0]; i++)
                if (strcmp (table, log_tables [i]) == 0)
                    part = &out->log_bytes;
            if (table && strcmp (table, "audit") == 0)
                part = &out->audit_bytes;
            *part += bytes;
            out->split = true;
        }
    }
    sqlite3_finalize (st);
    sqlite3_close (h);
    char path [PATH_MAX + 16];
    out->db_bytes = bench_file_size (db);
    snprintf (path, sizeof path, "%s-wal", db);
    out->wal_bytes = bench_file_size (path);
    return rc == SQLITE_OK ? 0 : -1;
}
