/*  hub_restore.c - see hub_restore.h.                                     */
#include "hub_restore.h"
#include "hub_audit.h"
#include "hub_lock.h"
#include "hub_sql.h"
#include "hub_store.h"
#include "proto_file.h"
#include "proto_sign.h"
#include "proto_lang.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*  Copies from to a new file to and syncs it. 0 or -1 with err.            */
static int
s_copy (const char *from, const char *to, char *err, size_t errlen)
{
    int in = open (from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        snprintf (err, errlen, _("cannot read the backup %s: %s"), from, strerror (errno));
        return -1;
    }
    int out = open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        snprintf (err, errlen, _("cannot create %s: %s"), to, strerror (errno));
        close (in);
        return -1;
    }
    char *buf = (char *) malloc (HUB_RESTORE_COPY_BYTES);
    int rc = buf ? 0 : -1;
    if (!buf)
        snprintf (err, errlen, "%s", _("out of memory"));
    while (rc == 0) {
        ssize_t n = read (in, buf, HUB_RESTORE_COPY_BYTES);
        if (n == 0)
            break;
        if (n < 0) {
            snprintf (err, errlen, _("cannot read the backup %s: %s"), from, strerror (errno));
            rc = -1;
            break;
        }
        for (ssize_t done = 0; done < n && rc == 0; ) {
            ssize_t w = write (out, buf + done, (size_t) (n - done));
            if (w < 0) {
                snprintf (err, errlen, _("cannot write %s: %s"), to, strerror (errno));
                rc = -1;
            }
            else
                done += w;
        }
    }
    if (rc == 0 && fsync (out) != 0) {
        snprintf (err, errlen, _("cannot sync %s: %s"), to, strerror (errno));
        rc = -1;
    }
    free (buf);
    close (in);
    if (close (out) != 0 && rc == 0) {
        snprintf (err, errlen, _("cannot write %s: %s"), to, strerror (errno));
        rc = -1;
    }
    if (rc != 0)
        unlink (to);
    return rc;
}

/*  The last message number of the store at path as it is now, when it
    opens as an sqlite database with a messages table (its WAL recovered).  */
static bool
s_last_seq_of (const char *path, uint64_t *seq)
{
    sqlite3 *db = NULL;
    bool read = false;
    if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout (db, HUB_STORE_BUSY_MS);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2 (db, "SELECT coalesce (max (seq), 0) FROM messages", -1, &st, NULL)
                == SQLITE_OK
        &&  sqlite3_step (st) == SQLITE_ROW) {
            *seq = (uint64_t) sqlite3_column_int64 (st, 0);
            read = true;
        }
        sqlite3_finalize (st);
    }
    sqlite3_close (db);
    return read;
}

/*  Checks the copy at path and (write) adds the marker row and the audit
    entry.                                                                    */
static int
s_prepare (const char *path, uint64_t now, bool write, hub_restore_result_t *out, char *err,
           size_t errlen)
{
    char why [512];
    hub_store_t *store = hub_store_open (path, why, sizeof why);
    if (!store) {
        snprintf (err, errlen, _("the backup does not open as a regiehub store: %s"), why);
        return -1;
    }
    int rc = -1;
    hub_audit_t *audit = NULL;
    if (hub_store_integrity (store, why, sizeof why) != 0) {
        snprintf (err, errlen, _("the backup fails sqlite's integrity check: %s"), why);
        goto done;
    }
    if (hub_audit_verify (store, &out->backup_audit_entries, why, sizeof why) != 0) {
        snprintf (err, errlen, _("the backup's audit chain does not verify: %s"), why);
        goto done;
    }
    if (hub_store_last_seq (store, &out->backup_last_seq) != 0) {
        snprintf (err, errlen, _("cannot read the backup's messages: %s"), hub_store_error (store));
        goto done;
    }
    uint64_t highest = out->backup_last_seq;
    if (out->replaced_read && out->replaced_last_seq > highest)
        highest = out->replaced_last_seq;
    if (highest > PROTO_MAX_SEQ - HUB_RESTORE_SEQ_GAP) {
        snprintf (err, errlen, _("message numbers would pass %llu"), (unsigned long long) PROTO_MAX_SEQ);
        goto done;
    }
    out->next_seq = highest + HUB_RESTORE_SEQ_GAP;
    if (!write) {
        rc = 0;
        goto done;
    }
    audit = hub_audit_new (store);
    if (!audit || hub_store_begin (store) != 0) {
        snprintf (err, errlen, _("cannot write to the copy of the backup: %s"), hub_store_error (store));
        goto done;
    }
    uint8_t id [PROTO_ID_BYTES], digest [PROTO_DIGEST_BYTES];
    proto_id_new (id, now);
    char note [PROTO_MAX_NOTE_BYTES + 1];
    snprintf (note, sizeof note, "restored from a backup up to message %llu and audit entry %llu; "
              "what the hub accepted after it is lost; message numbers go on at %llu",
              (unsigned long long) out->backup_last_seq,
              (unsigned long long) out->backup_audit_entries, (unsigned long long) out->next_seq);
    proto_digest (digest, (const uint8_t *) note, strlen (note));
    /* the marker takes the number before the first new one: sqlite numbers
       the next message max (seq) + 1                                        */
    if (hub_sql_exec (store, "INSERT INTO messages (seq, id, author, type, ts, received, digest)"
                      " VALUES (?1, ?2, 'hub', ?3, ?4, ?4, ?5)", "ubsub",
                      out->next_seq - 1, id, (size_t) PROTO_ID_BYTES, HUB_RESTORE_TYPE, now,
                      digest, (size_t) PROTO_DIGEST_BYTES) != 0
    ||  hub_audit_append (audit, now, "operator", "restore", id, NULL, note, "regiehub restore",
                          digest) != 0
    ||  hub_store_commit (store) != 0) {
        snprintf (err, errlen, _("cannot write to the copy of the backup: %s"), hub_store_error (store));
        hub_store_rollback (store);
        goto done;
    }
    /* everything into the file itself, so that it moves alone              */
    if (sqlite3_exec (hub_sqlite_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL)
            != SQLITE_OK) {
        snprintf (err, errlen, _("cannot checkpoint the copy of the backup: %s"), hub_store_error (store));
        goto done;
    }
    rc = 0;
done:
    hub_audit_destroy (&audit);
    hub_store_destroy (&store);
    return rc;
}

/*  Keeps the store at path as path.replaced-STAMP (out->kept): a second
    name for the file, so that path itself stays a whole store until the
    checked copy replaces it in one rename. Its -wal goes with it; sqlite
    folded it into the file already when the store still opened.           */
static int
s_keep (const char *path, uint64_t now, hub_restore_result_t *out, char *err, size_t errlen)
{
    time_t secs = (time_t) (now / 1000);
    struct tm tm;
    gmtime_r (&secs, &tm);
    char stamp [32];
    strftime (stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    /* a second restore within the same second gets the next free name     */
    for (int n = 1; ; n++) {
        char suffix [16] = "";
        if (n > 1)
            snprintf (suffix, sizeof suffix, "-%d", n);
        if ((size_t) snprintf (out->kept, sizeof out->kept, "%s.replaced-%s%s", path, stamp,
                               suffix) >= sizeof out->kept - 8) {
            snprintf (err, errlen, _("the store's path is too long"));
            out->kept [0] = 0;
            return -1;
        }
        if (access (out->kept, F_OK) != 0)
            break;
        if (n == HUB_RESTORE_MAX_KEPT) {
            snprintf (err, errlen, _("%s exists already, and %d more like it"), out->kept, n - 1);
            out->kept [0] = 0;
            return -1;
        }
    }
    if (link (path, out->kept) != 0) {
        snprintf (err, errlen, _("cannot keep the store as %s: %s"), out->kept, strerror (errno));
        out->kept [0] = 0;
        return -1;
    }
    char from [4200], to [4200];
    snprintf (from, sizeof from, "%s-wal", path);
    snprintf (to, sizeof to, "%s-wal", out->kept);
    if (access (from, F_OK) == 0 && rename (from, to) != 0) {
        snprintf (err, errlen, _("cannot keep %s as %s: %s"), from, to, strerror (errno));
        return -1;
    }
    snprintf (from, sizeof from, "%s-shm", path);
    unlink (from);
    return 0;
}

/*  Removes an sqlite file with its -wal and -shm.                         */
static void
s_remove (const char *path)
{
    char side [4300];
    unlink (path);
    snprintf (side, sizeof side, "%s-wal", path);
    unlink (side);
    snprintf (side, sizeof side, "%s-shm", path);
    unlink (side);
}

int
hub_restore (const char *store_path, const char *backup_path, uint64_t now, bool dry_run,
             hub_restore_result_t *out, char *err, size_t errlen)
{
    memset (out, 0, sizeof *out);
    struct stat st;
    if (stat (backup_path, &st) != 0 || !S_ISREG (st.st_mode)) {
        snprintf (err, errlen, _("the backup %s is not a file"), backup_path);
        return -1;
    }
    char copy [4200];
    if ((size_t) snprintf (copy, sizeof copy, "%s.%s", store_path,
                           dry_run ? "restore-check" : "restoring") >= sizeof copy - 8) {
        snprintf (err, errlen, _("the store's path is too long"));
        return -1;
    }
    /* a dry run leaves the store alone, so it may run beside the hub        */
    hub_lock_t *lock = NULL;
    if (!dry_run && !(lock = hub_lock_take (store_path, err, errlen)))
        return -1;
    s_remove (copy);                    /* what an interrupted run left      */

    int rc = -1;
    out->replaced = access (store_path, F_OK) == 0;
    if (out->replaced)
        out->replaced_read = s_last_seq_of (store_path, &out->replaced_last_seq);
    if (s_copy (backup_path, copy, err, errlen) != 0)
        goto done;
    int checked = s_prepare (copy, now, !dry_run, out, err, errlen);
    if (checked != 0 || dry_run) {
        s_remove (copy);
        rc = checked;
        goto done;
    }
    if (out->replaced && s_keep (store_path, now, out, err, errlen) != 0) {
        s_remove (copy);
        goto done;
    }
    if (rename (copy, store_path) != 0) {
        snprintf (err, errlen, _("cannot move the checked copy %s into place: %s"), copy,
                  strerror (errno));
        goto done;
    }
    /* the rename, and the kept store's names, last only once the directory
       is synced: before that a power cut brings the old store back          */
    if (proto_file_sync_dir (store_path) != 0) {
        snprintf (err, errlen, _("cannot sync %s: %s"), store_path, strerror (errno));
        goto done;
    }
    rc = 0;
done:
    hub_lock_release (&lock);
    return rc;
}
