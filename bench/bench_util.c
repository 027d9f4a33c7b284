/*  bench_util.c - see bench_util.h.                                         */
#include "bench_util.h"
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>

uint64_t
bench_now_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ULL + (uint64_t) ts.tv_nsec;
}

void
bench_sleep_ms (unsigned ms)
{
    struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
    nanosleep (&ts, NULL);
}

static int
s_cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y ? 1 : 0;
}

double
bench_percentile (double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort (v, n, sizeof (double), s_cmp_double);
    size_t i = (size_t) (p * (double) (n - 1) + 0.5);
    return v [i < n ? i : n - 1];
}

double
bench_mean (const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v [i];
    return n ? sum / (double) n : 0;
}

void
bench_runs_add (bench_runs_t *r, double value)
{
    if (r->n < BENCH_MAX_RUNS)
        r->v [r->n++] = value;
}

double
bench_runs_median (const bench_runs_t *r)
{
    double tmp [BENCH_MAX_RUNS];
    if (r->n == 0)
        return 0;
    memcpy (tmp, r->v, r->n * sizeof (double));
    qsort (tmp, r->n, sizeof (double), s_cmp_double);
    return r->n % 2 ? tmp [r->n / 2] : (tmp [r->n / 2 - 1] + tmp [r->n / 2]) / 2;
}

double
bench_runs_min (const bench_runs_t *r)
{
    double m = r->n ? r->v [0] : 0;
    for (size_t i = 1; i < r->n; i++)
        if (r->v [i] < m)
            m = r->v [i];
    return m;
}

double
bench_runs_max (const bench_runs_t *r)
{
    double m = r->n ? r->v [0] : 0;
    for (size_t i = 1; i < r->n; i++)
        if (r->v [i] > m)
            m = r->v [i];
    return m;
}

int64_t
bench_proc_cpu_us (pid_t pid)
{
    char path [64], buf [1024];
    snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    size_t n = fread (buf, 1, sizeof buf - 1, f);
    fclose (f);
    buf [n] = 0;
    /* fields after the command name, which may hold spaces: from the last ')' */
    char *p = strrchr (buf, ')');
    if (!p)
        return -1;
    unsigned long long utime = 0, stime = 0;
    /* state is field 3; utime 14, stime 15                                  */
    if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                &utime, &stime) != 2)
        return -1;
    long hz = sysconf (_SC_CLK_TCK);
    return (int64_t) ((utime + stime) * 1000000ULL / (unsigned long long) hz);
}

int
bench_proc_mem (pid_t pid, bench_mem_t *mem)
{
    char path [64], line [256];
    memset (mem, 0, sizeof *mem);
    snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    while (fgets (line, sizeof line, f)) {
        unsigned long long v;
        if (sscanf (line, "VmHWM: %llu", &v) == 1)   mem->hwm_kib = v;
        if (sscanf (line, "VmRSS: %llu", &v) == 1)   mem->rss_kib = v;
        if (sscanf (line, "RssAnon: %llu", &v) == 1) mem->anon_kib = v;
        if (sscanf (line, "RssFile: %llu", &v) == 1) mem->file_kib = v;
    }
    fclose (f);
    return 0;
}

void
bench_cpu_model (char *out, size_t outlen)
{
    char line [256];
    snprintf (out, outlen, "unknown CPU");
    FILE *f = fopen ("/proc/cpuinfo", "r");
    if (!f)
        return;
    while (fgets (line, sizeof line, f))
        if (strncmp (line, "model name", 10) == 0) {
            char *p = strchr (line, ':');
            if (p) {
                p++;
                while (*p == ' ')
                    p++;
                p [strcspn (p, "\n")] = 0;
                snprintf (out, outlen, "%s", p);
            }
            break;
        }
    fclose (f);
}

int
bench_cpu_count (void)
{
    return (int) sysconf (_SC_NPROCESSORS_ONLN);
}

int
bench_pin (pid_t pid, const char *cpus)
{
    cpu_set_t set;
    CPU_ZERO (&set);
    const char *p = cpus;
    int count = 0;
    while (*p && count < BENCH_MAX_CPUS) {
        char *end;
        long a = strtol (p, &end, 10);
        if (end == p || a < 0 || a >= BENCH_MAX_CPUS)
            return -1;
        long b = a;
        if (*end == '-') {
            p = end + 1;
            b = strtol (p, &end, 10);
            if (end == p || b < a || b >= BENCH_MAX_CPUS)
                return -1;
        }
        for (long c = a; c <= b; c++)
            CPU_SET ((int) c, &set);
        count++;
        p = end;
        if (*p == ',')
            p++;
        else
        if (*p)
            return -1;
    }
    if (count == 0)
        return -1;
    return sched_setaffinity (pid, sizeof set, &set);
}

uint64_t
bench_file_size (const char *path)
{
    struct stat st;
    return stat (path, &st) == 0 ? (uint64_t) st.st_size : 0;
}

static void
s_fs_name (const char *dir, char *out, size_t outlen)
{
    static const struct { unsigned long magic; const char *name; } names [] = {
        { 0xEF53, "ext4" }, { 0x58465342, "xfs" }, { 0x9123683E, "btrfs" },
        { 0x01021994, "tmpfs" }, { 0x794C7630, "overlayfs" }, { 0x2FC12FC1, "zfs" },
        { 0x6969, "nfs" }, { 0xF2F52010, "f2fs" }
    };
    struct statfs st;
    snprintf (out, outlen, "?");
    if (statfs (dir, &st) != 0)
        return;
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        if ((unsigned long) st.f_type == names [i].magic) {
            snprintf (out, outlen, "%s", names [i].name);
            return;
        }
    snprintf (out, outlen, "0x%lx", (unsigned long) st.f_type);
}

int
bench_sync_latency (const char *dir, size_t count, bench_sync_t *out)
{
    memset (out, 0, sizeof *out);
    s_fs_name (dir, out->fs, sizeof out->fs);
    char path [PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/fdatasync.probe", dir);
    int fd = open (path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    uint8_t *buf = (uint8_t *) malloc (BENCH_SYNC_BYTES);
    double *lat = (double *) calloc (count ? count : 1, sizeof (double));
    int rc = fd >= 0 && buf && lat ? 0 : -1;
    /* what earlier runs left to write back goes to the disk first, so that
       it does not land in the first timed calls                             */
    if (rc == 0 && syncfs (fd) != 0)
        rc = -1;
    /* the whole file written and synced first: the timed writes then land
       on allocated blocks and leave the size alone, as a reused WAL does    */
    for (size_t s = 0; rc == 0 && s < BENCH_SYNC_SLOTS; s++) {
        memset (buf, (int) s, BENCH_SYNC_BYTES);
        if (pwrite (fd, buf, BENCH_SYNC_BYTES, (off_t) (s * BENCH_SYNC_BYTES)) != BENCH_SYNC_BYTES)
            rc = -1;
    }
    if (rc == 0 && fsync (fd) != 0)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        memset (buf, (int) (i + 1), BENCH_SYNC_BYTES);
        off_t at = (off_t) ((i % BENCH_SYNC_SLOTS) * BENCH_SYNC_BYTES);
        if (pwrite (fd, buf, BENCH_SYNC_BYTES, at) != BENCH_SYNC_BYTES) {
            rc = -1;
            break;
        }
        uint64_t t0 = bench_now_ns ();
        if (fdatasync (fd) != 0)
            rc = -1;
        lat [i] = (double) (bench_now_ns () - t0) / 1000.0;
    }
    if (rc == 0) {
        out->n = count;
        out->p50_us = bench_percentile (lat, count, 0.50);
        out->p99_us = bench_percentile (lat, count, 0.99);
        out->max_us = count ? lat [count - 1] : 0;
    }
    if (fd >= 0)
        close (fd);
    unlink (path);
    free (buf);
    free (lat);
    return rc;
}
