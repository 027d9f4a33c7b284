/*  bench_hub.h - a real regiehub for the benchmark: its directory, its
    partners, its store and its process.

    The hub is created with `regiehub init` in a temporary directory on
    127.0.0.1 and a free port; its hub.conf is then edited for the benchmark
    (team "acm" with intake "acm-intake" as the default team, and the rate
    limit, burst, batch size and delivery window asked for). Partners are
    real identities (proto_identity_new/save) whose certificates are written
    into the certs directory before the hub starts. The hub runs as a child
    process, pinned to the CPUs asked for with sched_setaffinity (what
    taskset does), and is stopped by its PID. The preloader fills a store
    directly, through the hub's own store, audit and regie modules
    (hub_store_put, hub_store_enqueue, hub_audit_append,
    hub_regie_household), while no hub runs: the rows are the hub's own,
    only faster to make.
*/
#ifndef BENCH_HUB_H_INCLUDED
#define BENCH_HUB_H_INCLUDED

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "proto_identity.h"
#include "bench_util.h"

#define BENCH_INTAKE            "acm-intake"
#define BENCH_HUB_READY_MS      60000   /* longest wait for a starting hub   */
#define BENCH_HUB_STOP_MS       20000   /* SIGTERM, then SIGKILL             */

typedef struct {
    uint32_t rate, burst, batch_max, delivery_window;
} bench_hub_conf_t;

typedef struct {
    char bin [PATH_MAX];                /* the regiehub program              */
    char dir [PATH_MAX];
    char conf [PATH_MAX + 16];
    char db [PATH_MAX + 16];
    char ctl [PATH_MAX + 16];
    char cert_path [PATH_MAX + 16];     /* hub.cert                          */
    char endpoint [64];
    uint8_t sign_key [PROTO_PUBKEY_BYTES];
    char curve_txt [PROTO_Z85_KEY_CHARS + 1];
    pid_t pid;
} bench_hub_t;

/*  Creates the hub directory dir with `regiehub init` and the benchmark's
    configuration. Returns 0 or -1 (a message on stderr).                    */
int bench_hub_init (bench_hub_t *h, const char *bin, const char *dir, const bench_hub_conf_t *conf);

/*  Writes a partner's certificate into the hub's certs directory (before
    start; a running hub needs `regiehub reload`).                           */
int bench_hub_admit (bench_hub_t *h, proto_identity_t *id, const char *keys_dir);

/*  Starts `regiehub run` pinned to cpus (NULL: anywhere) and waits until it
    answers a status request; *ready_ms (if not NULL) gets the time from the
    fork to the first answered status. Returns 0 or -1.                       */
int bench_hub_start (bench_hub_t *h, const char *cpus, double *ready_ms);

/*  One status request over the control socket; returns the JSON (caller
    frees) or NULL on timeout.                                               */
char *bench_hub_status (bench_hub_t *h, int timeout_ms);

/*  SIGTERM and wait (SIGKILL after BENCH_HUB_STOP_MS); kill -9 and wait.     */
void bench_hub_stop (bench_hub_t *h);
void bench_hub_kill9 (bench_hub_t *h);

/*  Creates a partner identity and saves it under keys_dir/ID.            */
proto_identity_t *bench_identity (const char *keys_dir, const char *id, const char *team,
                                  const char *roles);

/*  Fills the hub's store (no hub running) with count signals by author,
    about households 0..households-1 in turn, each with its audit entry;
    queued for deliver_to when not NULL. sign: real signatures (else each
    row carries a real signature of another envelope: only for stores whose
    content nobody verifies). workflows: also the rows the hub's signal
    workflow writes - the household and its reference (hub_regie_household
    itself) and the signals row; the message's audit entry then names the
    intake, the delivery taken as acknowledged (no deliveries row) - so
    that the households exist for the regie workflow. threads builders make the
    envelopes ahead of the one writer, which puts them in with the hub's
    functions. For speed the store runs without journal and fsync and the
    schema's secondary indexes are dropped while the rows go in, then made
    again from their definitions in sqlite_schema; the schema is checked to
    be the hub's again and the store is left in WAL mode. Returns 0 or -1. */
int bench_store_preload (const char *db, proto_identity_t *author, uint64_t count,
                         uint64_t households, const char *deliver_to, bool sign,
                         bool workflows, size_t size, int threads);

/*  The start-up store (count unsigned signals by author, one household
    each, as bench_store_preload writes them) in db, copied from a store an
    earlier run kept in dir under the same key, or else preloaded and kept
    there for later runs. The key is a digest of the count, the message size
    and the shape of a small sample written now with the same preloader and
    the hub's functions: the schema (with PRAGMA user_version), and per table
    the rows and bytes per column. So a change to the schema, or to what the
    hub's functions write, makes a new store; the store of the old key is
    removed. The store carries the time of the run that wrote it. *note says
    what happened, for the output. Returns 0 or -1.                          */
int bench_store_kept (const char *dir, const char *db, proto_identity_t *author, uint64_t count,
                      size_t size, int threads, char *note, size_t notelen);

/*  Checks a preloaded store as the hub sees it: `regiehub audit verify`
    (the whole audit chain, hash by hash) and sqlite's integrity_check
    (every index holds every row of its table). Reads everything: for
    small stores. Returns 0, or -1 with the reason on stderr.                */
int bench_store_check (bench_hub_t *h);

/*  The store's size after a checkpoint, and what it holds. dbstat's pages
    are counted with the table they belong to (an index with its table):
    the message log, the audit log and the workflows' tables. Pages on the
    freelist and a WAL left by a busy checkpoint are in neither: they are
    db_bytes + wal_bytes less the three. split is false when this sqlite
    has no dbstat table.                                                     */
typedef struct {
    uint64_t messages, envelope_bytes, db_bytes, wal_bytes;
    uint64_t log_bytes;                 /* messages, deliveries, batches     */
    uint64_t audit_bytes;               /* audit                             */
    uint64_t workflow_bytes;            /* households, signals, every other
                                           table, and sqlite's schema        */
    bool split;
} bench_store_size_t;
int bench_store_size (const char *db, bench_store_size_t *out);

/*  Copies a file (for pristine stores), in the kernel where it can.         */
int bench_copy_file (const char *from, const char *to);

#endif
