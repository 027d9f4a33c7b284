/*  bench_util.h - clocks, statistics, /proc readers and CPU pinning for the
    benchmark.

    Everything here is measurement plumbing: a monotonic clock in ns, the
    percentiles of a sample, the median and range of repeated runs, a
    process's CPU time and memory from /proc, the machine's CPU model,
    pinning the calling thread (or a child before exec) to a CPU list the
    way taskset does, and the cost of one fdatasync on a directory's
    filesystem. Nothing here talks to the hub.
*/
#ifndef BENCH_UTIL_H_INCLUDED
#define BENCH_UTIL_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>

#define BENCH_MAX_CPUS      64
#define BENCH_MAX_RUNS      16
#define BENCH_SYNC_BYTES    8192        /* written before each fdatasync      */
#define BENCH_SYNC_SLOTS    64          /* offsets the writes rotate over     */
#define BENCH_SYNC_COUNT    400         /* fdatasyncs timed per measurement   */

/*  Monotonic clock, ns.                                                     */
uint64_t bench_now_ns (void);
void bench_sleep_ms (unsigned ms);

/*  Percentile p (0..1) of n samples; sorts v in place. 0 when n == 0.       */
double bench_percentile (double *v, size_t n, double p);
/*  The arithmetic mean of v[0..n) (0 when n is 0).                           */
double bench_mean (const double *v, size_t n);

/*  Repeated runs of one figure: median, min, max. A figure that was not
    measured has n == 0 and prints as "skipped".                             */
typedef struct {
    double v [BENCH_MAX_RUNS];
    size_t n;
} bench_runs_t;

void bench_runs_add (bench_runs_t *r, double value);
double bench_runs_median (const bench_runs_t *r);
double bench_runs_min (const bench_runs_t *r);
double bench_runs_max (const bench_runs_t *r);

/*  utime + stime of a process in microseconds (all its threads); -1 when
    the process is gone.                                                     */
int64_t bench_proc_cpu_us (pid_t pid);

/*  Memory of a process from /proc/PID/status, in KiB (0 when unknown).     */
typedef struct {
    uint64_t hwm_kib, rss_kib, anon_kib, file_kib;
} bench_mem_t;
int bench_proc_mem (pid_t pid, bench_mem_t *mem);

/*  "AMD EPYC", the online CPU count.                                        */
void bench_cpu_model (char *out, size_t outlen);
int bench_cpu_count (void);

/*  Parses "0", "1", "0,1" or "0-1" and pins the calling thread (pid 0) or
    process pid to those CPUs. Returns 0, or -1 on a bad list.               */
int bench_pin (pid_t pid, const char *cpus);

/*  File size in bytes, 0 when missing.                                      */
uint64_t bench_file_size (const char *path);

/*  The floor under every durable commit: the latency of fdatasync after a
    BENCH_SYNC_BYTES write, on the filesystem that holds dir. The writes go
    to rotating offsets of a file that was written in full and synced
    first, so they overwrite allocated blocks the way a reused WAL does
    (no block allocation, no size change in the timed calls); before that,
    syncfs writes back what earlier runs left dirty on that filesystem.
    Only the fdatasync is timed. fs gets the filesystem's name ("ext4", or its
    magic number). Returns 0, or -1 when the file cannot be written.        */
typedef struct {
    double p50_us, p99_us, max_us;
    size_t n;
    char fs [24];
} bench_sync_t;
int bench_sync_latency (const char *dir, size_t count, bench_sync_t *out);

#endif
