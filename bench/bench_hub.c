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
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define CONF_MAX_BYTES      65536
#define PRELOAD_CHUNK       16384       /* messages per transaction          */

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
    FILE *in = fopen (from, "rb");
    FILE *out = in ? fopen (to, "wb") : NULL;
    char buf [1 << 16];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread (buf, 1, sizeof buf, in)) > 0)
        if (fwrite (buf, 1, n, out) != n)
            rc = -1;
    if (in)
        fclose (in);
    if (out && fclose (out) != 0)
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

typedef struct {
    bench_msg_t *msgs;
    uint64_t first, n;                  /* message numbers first..first+n-1 */
    proto_identity_t *author;
    uint64_t households, ts;
    size_t size;
    bool sign;
    int rc;
} preload_job_t;

static void *
s_preload_build (void *arg)
{
    preload_job_t *j = (preload_job_t *) arg;
    char all [32];
    snprintf (all, sizeof all, "0-%d", bench_cpu_count () - 1);
    bench_pin (0, all);                 /* no hub runs now: use every core   */
    proto_writer_t w;
    proto_writer_init (&w);
    j->rc = 0;
    for (uint64_t i = 0; i < j->n && j->rc == 0; i++) {
        uint64_t k = j->first + i;
        j->rc = bench_msg_build (&j->msgs [i], &w, j->author, BM_SIGNAL, j->ts,
                                 k % j->households, j->size, j->sign);
    }
    proto_writer_destroy (&w);
    return NULL;
}

/*  The rows the signal workflow adds for message seq about person: its
    household (made by hub_regie_household when new, through a hub that has
    only the store: that function touches nothing else), the signals row
    as hub_regie_signal writes it for a household without regie. The
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
    hub_audit_t *audit = hub_audit_new (store);
    bench_msg_t *msgs = (bench_msg_t *) calloc (PRELOAD_CHUNK, sizeof (bench_msg_t));
    if (!audit || !msgs) {
        hub_store_destroy (&store);
        free (msgs);
        return -1;
    }
    if (threads < 1)
        threads = 1;
    if (threads > 8)
        threads = 8;
    if (households == 0)
        households = 1;
    /* the fast path: no journal and no fsync while the rows go in (a
       crash here only loses the benchmark's own scratch store), then back
       to the hub's WAL mode                                                 */
    sqlite3_exec (hub_store_db (store), "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF",
                  NULL, NULL, NULL);
    const char *author_id = proto_identity_cert (author)->id;
    hub_t hub;                          /* the store and audit log, no more  */
    memset (&hub, 0, sizeof hub);
    hub.store = store;
    hub.audit = audit;
    /* the signature carried by unsigned rows: a real one, of a template    */
    bench_msg_t templ;
    proto_writer_t w;
    proto_writer_init (&w);
    bench_msg_build (&templ, &w, author, BM_SIGNAL, proto_now_ms (), 0, size, true);
    proto_writer_destroy (&w);
    int rc = 0;
    for (uint64_t done = 0; done < count && rc == 0; ) {
        uint64_t n = count - done < PRELOAD_CHUNK ? count - done : PRELOAD_CHUNK;
        /* ids carry the time: spread the rows over the past so that they
           sort as a real history would                                       */
        uint64_t now = proto_now_ms ();
        uint64_t ts = now - (count - done) / 10;
        preload_job_t jobs [8];
        pthread_t tid [8];
        uint64_t per = (n + (uint64_t) threads - 1) / (uint64_t) threads;
        int started = 0;
        for (int t = 0; t < threads; t++) {
            uint64_t first = (uint64_t) t * per;
            if (first >= n)
                break;
            jobs [t] = (preload_job_t) { msgs + first, done + first,
                                         first + per > n ? n - first : per,
                                         author, households, ts, size, sign, 0 };
            pthread_create (&tid [t], NULL, s_preload_build, &jobs [t]);
            started++;
        }
        for (int t = 0; t < started; t++) {
            pthread_join (tid [t], NULL);
            rc |= jobs [t].rc;
        }
        if (rc == 0 && hub_store_begin (store) != 0)
            rc = -1;
        for (uint64_t i = 0; i < n && rc == 0; i++) {
            bench_msg_t *m = &msgs [i];
            uint8_t digest [PROTO_DIGEST_BYTES], person [PROTO_REF_BYTES];
            uint64_t seq;
            proto_digest (digest, m->bytes, m->len);
            bench_household_ref (person, (done + i) % households);
            /* one audit entry per message, as the hub writes it: after the
               workflow, naming where the message was queued                 */
            char result [PROTO_MAX_PARTNER_ID_BYTES + 16] = "stored";
            if (deliver_to || workflows)
                snprintf (result, sizeof result, "stored; to %s",
                          deliver_to ? deliver_to : BENCH_INTAKE);
            if (hub_store_put (store, m->id, author_id, "signal", ts, now, digest, m->bytes,
                               m->len, sign ? m->sig : templ.sig, &seq) != 0
            ||  (deliver_to && hub_store_enqueue (store, deliver_to, seq) != 0)
            ||  (workflows && s_preload_workflows (&hub, seq, person, author_id, now) != 0)
            ||  hub_audit_append (audit, now, author_id, "signal", m->id, person, result,
                                  "127.0.0.1", digest) != 0)
                rc = -1;
        }
        if (rc == 0 && hub_store_commit (store) != 0)
            rc = -1;
        if (rc != 0)
            fprintf (stderr, "regiebench: preload: %s\n", hub_store_error (store));
        for (uint64_t i = 0; i < n; i++)
            bench_msg_free (&msgs [i]);
        done += n;
    }
    bench_msg_free (&templ);
    free (msgs);
    hub_audit_destroy (&audit);
    if (rc == 0
    &&  sqlite3_exec (hub_store_db (store), "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL",
                      NULL, NULL, NULL) != SQLITE_OK) {
        fprintf (stderr, "regiebench: preload: %s\n", hub_store_error (store));
        rc = -1;
    }
    hub_store_destroy (&store);
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
