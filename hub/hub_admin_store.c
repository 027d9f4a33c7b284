/*  hub_admin_store.c - the operator's commands that read or copy the
    store: audit verify, report, access-report, retention, backup, restore. */
#include "hub_cli.h"

int
hub_cmd_audit (args_t *a)
{
    if (a->argc != 1 || !streq (a->argv [0], "verify")) {
        fprintf (stderr, "regiehub audit: the command is `regiehub audit verify`\n");
        return EXIT_USAGE;
    }
    int code;
    hub_store_t *store = hub_cli_store (a, "audit verify", &code);
    if (!store)
        return code;
    char err [512];
    uint64_t entries = 0;
    int rc = hub_audit_verify (store, &entries, err, sizeof err);
    hub_store_destroy (&store);
    if (a->json)
        printf ("{\"intact\": %s, \"entries\": %llu%s%s%s}\n", rc == 0 ? "true" : "false",
                (unsigned long long) entries, rc ? ", \"problem\": \"" : "", rc ? err : "",
                rc ? "\"" : "");
    else
    if (rc == 0)
        printf ("audit log intact: %llu entries, every hash matches\n", (unsigned long long) entries);
    else
        printf ("AUDIT LOG BROKEN: %s (%llu entries before it are intact)\n", err,
                (unsigned long long) entries);
    return rc == 0 ? EXIT_OK : EXIT_PROBLEM;
}

/*  YYYY-MM-DD (local midnight) to ms; -1 when malformed.                     */
static int
s_parse_date (const char *text, uint64_t *ms)
{
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    const char *end = text ? strptime (text, "%Y-%m-%d", &tm) : NULL;
    if (!end || *end)
        return -1;
    tm.tm_isdst = -1;
    time_t t = mktime (&tm);
    if (t < 0)
        return -1;
    *ms = (uint64_t) t * 1000;
    return 0;
}

static void
s_print_counts (const char *title, json_t *o, bool csv, const char *section)
{
    const char *key;
    json_t *value;
    if (csv) {
        json_object_foreach (o, key, value)
            printf ("%s,%s,%lld\n", section, key, (long long) json_integer_value (value));
        return;
    }
    printf ("%s\n", title);
    if (!json_object_size (o))
        printf ("  (none)\n");
    json_object_foreach (o, key, value)
        printf ("  %-34s %8lld\n", key, (long long) json_integer_value (value));
}

int
hub_cmd_report (args_t *a)
{
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    uint64_t from = 0, until = PROTO_TIME_MAX_MS;
    if ((a->from && s_parse_date (a->from, &from) != 0)
    ||  (a->until && s_parse_date (a->until, &until) != 0)) {
        fprintf (stderr, "regiehub report: dates are YYYY-MM-DD, e.g. --from 2026-01-01\n");
        hub_config_destroy (&config);
        return EXIT_USAGE;
    }
    if (a->team && !hub_config_team (config, a->team)) {
        fprintf (stderr, "regiehub report: there is no team \"%s\" in %s\n", a->team, config->path);
        hub_config_destroy (&config);
        return EXIT_USAGE;
    }
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    if (!store) {
        fprintf (stderr, "regiehub report: %s\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    json_t *r = hub_report (store, config, from, until, a->team);
    hub_store_destroy (&store);
    hub_config_destroy (&config);
    if (!r) {
        fprintf (stderr, "regiehub report: the store could not be read\n");
        return EXIT_FAILED;
    }
    if (a->json) {
        char *text = json_dumps (r, JSON_INDENT (2) | JSON_SORT_KEYS);
        printf ("%s\n", text);
        free (text);
    }
    else {
        bool csv = a->csv;
        if (csv)
            printf ("section,key,value\n");
        else
            printf ("regiehub report %s to %s%s%s (aggregates only)\n\n", a->from ? a->from : "the start",
                    a->until ? a->until : "now", a->team ? ", team " : "", a->team ? a->team : "");
        s_print_counts ("Signals per leefgebied", json_object_get (r, "signals_per_leefgebied"), csv, "signals_per_leefgebied");
        s_print_counts ("Signals per partner", json_object_get (r, "signals_per_partner"), csv, "signals_per_partner");
        s_print_counts ("Households per phase (now)", json_object_get (r, "households_per_phase"), csv, "households_per_phase");
        s_print_counts ("Caseload per casemanager (now)", json_object_get (r, "caseload_per_casemanager"), csv, "caseload_per_casemanager");
        const char *sections [] = { "referrals", "agreements", "rounds", "escalations", "matches" };
        for (size_t i = 0; i < sizeof sections / sizeof sections [0]; i++) {
            json_t *o = json_object_get (r, sections [i]);
            const char *key;
            json_t *value;
            if (!csv)
                printf ("%c%s\n", sections [i][0] - 32, sections [i] + 1);
            json_object_foreach (o, key, value) {
                char text [64];
                if (json_is_integer (value))
                    snprintf (text, sizeof text, "%lld", (long long) json_integer_value (value));
                else
                if (json_is_real (value))
                    snprintf (text, sizeof text, "%.2f", json_real_value (value));
                else
                    snprintf (text, sizeof text, "-");
                if (csv)
                    printf ("%s,%s,%s\n", sections [i], key, text);
                else
                    printf ("  %-34s %8s\n", key, text);
            }
        }
    }
    json_decref (r);
    return EXIT_OK;
}

int
hub_cmd_access_report (args_t *a)
{
    uint8_t ref [PROTO_REF_BYTES];
    const char *hex = a->ref;
    if (hex && (strncmp (hex, "person:", 7) == 0))
        hex += 7;
    else
    if (hex && (strncmp (hex, "address:", 8) == 0))
        hex += 8;
    if (!hex || proto_unhex (ref, PROTO_REF_BYTES, hex) != 0) {
        fprintf (stderr, "regiehub access-report: --ref needs the household's person or address "
                 "reference (64 hex characters), as the regisseur's agent shows it\n");
        return EXIT_USAGE;
    }
    int code;
    hub_store_t *store = hub_cli_store (a, "access-report", &code);
    if (!store)
        return code;
    json_t *rows = hub_access_report (store, ref);
    hub_store_destroy (&store);
    if (!rows) {
        fprintf (stderr, "regiehub access-report: the store could not be read\n");
        return EXIT_FAILED;
    }
    if (a->json) {
        char *text = json_dumps (rows, JSON_INDENT (2));
        printf ("%s\n", text);
        free (text);
    }
    else {
        printf ("Access report (inzage): who sent, received or looked up something about this "
                "household\n%-20s %-24s %-20s %s\n", "WHEN", "PARTNER", "WHAT", "RESULT");
        size_t i;
        json_t *o;
        json_array_foreach (rows, i, o) {
            char when [32];
            time_t t = (time_t) (json_integer_value (json_object_get (o, "ts")) / 1000);
            struct tm tm;
            localtime_r (&t, &tm);
            strftime (when, sizeof when, "%Y-%m-%d %H:%M", &tm);
            printf ("%-20s %-24s %-20s %s\n", when, json_string_value (json_object_get (o, "partner")),
                    json_string_value (json_object_get (o, "action")),
                    json_string_value (json_object_get (o, "result")));
        }
        printf ("%zu entries\n", json_array_size (rows));
    }
    json_decref (rows);
    return EXIT_OK;
}

int
hub_cmd_retention (args_t *a)
{
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    char err [512];
    char *text = NULL;
    int rc = EXIT_OK;
    if (!a->dry_run && hub_cli_control (config, "retention", &text) == 0) {
        if (strncmp (text, "error", 5) == 0)
            rc = EXIT_FAILED;
    }
    else {
        hub_clock_t *clock = hub_clock_new (config->clock_file);
        hub_store_t *store = hub_store_open (config->store, err, sizeof err);
        hub_audit_t *audit = store ? hub_audit_new (store) : NULL;
        uint64_t now = hub_clock_now (clock);
        json_t *r = NULL;
        if (store && audit && (a->dry_run || hub_store_begin (store) == 0)) {
            r = hub_retention (store, config, now, a->dry_run);
            char *counts = r ? json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
            if (!a->dry_run) {
                if (!counts || hub_audit_append (audit, now, "operator", "retention", NULL, NULL,
                                                 counts, "command", NULL) != 0
                ||  hub_store_commit (store) != 0) {
                    hub_store_rollback (store);
                    json_decref (r);
                    r = NULL;
                }
            }
            free (counts);
        }
        if (r)
            text = json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS);
        else {
            fprintf (stderr, "regiehub retention: %s\n", store ? hub_store_error (store) : err);
            rc = EXIT_FAILED;
        }
        json_decref (r);
        hub_audit_destroy (&audit);
        hub_store_destroy (&store);
        hub_clock_destroy (&clock);
    }
    hub_config_destroy (&config);
    if (rc == EXIT_OK && text) {
        if (a->json)
            printf ("%s\n", text);
        else {
            static const char *lines [][2] = {
                { "signals_expired",      "signals expired into the archive (content removed)" },
                { "history_removed",      "archive entries past their period" },
                { "households_reduced",   "closed households reduced to aggregates" },
                { "referrals_expired",    "declined referrals expired (content removed)" },
                { "households_forgotten", "households without regie forgotten (pseudonyms)" },
                { "messages_emptied",     "messages emptied (envelope, pending deliveries)" },
            };
            json_t *r = json_loads (text, 0, NULL);
            printf ("%s\n", a->dry_run ? "Retention, dry run: nothing is changed. It would remove:"
                                       : "Retention done. Removed:");
            for (size_t i = 0; i < sizeof lines / sizeof lines [0]; i++)
                printf ("  %-51s %lld\n", lines [i][1],
                        (long long) json_integer_value (json_object_get (r, lines [i][0])));
            json_decref (r);
        }
    }
    zstr_free (&text);
    return rc;
}

int
hub_cmd_backup (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, "regiehub backup: name the file to write, e.g. regiehub backup /backup/hub-$(date +%%F).db\n");
        return EXIT_USAGE;
    }
    if (access (a->argv [0], F_OK) == 0) {
        fprintf (stderr, "regiehub backup: %s exists; choose a new file\n", a->argv [0]);
        return EXIT_USAGE;
    }
    int code;
    hub_store_t *store = hub_cli_store (a, "backup", &code);
    if (!store)
        return code;
    char err [512];
    int rc = hub_store_backup (store, a->argv [0], err, sizeof err);
    uint64_t seq = 0;
    hub_store_last_seq (store, &seq);
    hub_store_destroy (&store);
    if (rc != 0) {
        fprintf (stderr, "regiehub backup: %s\n", err);
        unlink (a->argv [0]);
        return EXIT_FAILED;
    }
    if (a->json)
        printf ("{\"backup\": \"%s\", \"last_seq\": %llu}\n", a->argv [0], (unsigned long long) seq);
    else
        printf ("Backed up the store to %s (up to message %llu); check it with "
                "`sqlite3 %s 'PRAGMA integrity_check'`.\n", a->argv [0], (unsigned long long) seq, a->argv [0]);
    return EXIT_OK;
}

int
hub_cmd_restore (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, "regiehub restore: name the backup to put in place, e.g. "
                 "regiehub restore /backup/hub-2026-11-22.db (stop the hub first)\n");
        return EXIT_USAGE;
    }
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    hub_clock_t *clock = hub_clock_new (config->clock_file);
    hub_restore_result_t r;
    char err [1024];
    int rc = hub_restore (config->store, a->argv [0], hub_clock_now (clock), a->dry_run, &r, err,
                          sizeof err);
    hub_clock_destroy (&clock);
    if (rc != 0) {
        fprintf (stderr, "regiehub restore: %s; the store was not changed\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    if (a->json) {
        json_t *o = json_pack ("{sssssIsIsIsbsb}", a->dry_run ? "checked" : "restored", a->argv [0],
                               "store", config->store,
                               "backup_last_seq", (json_int_t) r.backup_last_seq,
                               "backup_audit_entries", (json_int_t) r.backup_audit_entries,
                               "next_seq", (json_int_t) r.next_seq,
                               "replaced", r.replaced, "replaced_read", r.replaced_read);
        if (r.kept [0])
            json_object_set_new (o, "kept", json_string (r.kept));
        if (r.replaced_read)
            json_object_set_new (o, "replaced_last_seq", json_integer ((json_int_t) r.replaced_last_seq));
        char *text = json_dumps (o, JSON_SORT_KEYS);
        printf ("%s\n", text);
        free (text);
        json_decref (o);
    }
    else
    if (a->dry_run) {
        printf ("The backup %s can be restored: messages up to %llu, %llu audit entries (integrity "
                "check passed, chain verified). Nothing was changed.\n", a->argv [0],
                (unsigned long long) r.backup_last_seq, (unsigned long long) r.backup_audit_entries);
        if (r.replaced_read)
            printf ("The store now holds messages up to %llu: a restore would lose the %llu after "
                    "the backup's last.\n", (unsigned long long) r.replaced_last_seq,
                    (unsigned long long) (r.replaced_last_seq > r.backup_last_seq
                                          ? r.replaced_last_seq - r.backup_last_seq : 0));
        else
        if (r.replaced)
            printf ("The store in place does not open.\n");
    }
    else {
        printf ("Restored %s from %s: messages up to %llu, %llu audit entries (chain verified).\n",
                config->store, a->argv [0], (unsigned long long) r.backup_last_seq,
                (unsigned long long) r.backup_audit_entries);
        if (r.replaced_read)
            printf ("The replaced store held messages up to %llu; it is kept as %s.\n",
                    (unsigned long long) r.replaced_last_seq, r.kept);
        else
        if (r.replaced)
            printf ("The replaced store did not open; it is kept as %s.\n", r.kept);
        printf ("New messages are numbered from %llu, past anything partners hold.\n"
                "Start the hub, then tell every partner that the backup ends at message %llu:\n"
                "their agents report the audit chain BROKEN (it now ends where the backup\n"
                "ended) until they run `regie audit accept`, and `regie outbox resend --after %llu`\n"
                "sends again what they sent after the backup.\n",
                (unsigned long long) r.next_seq, (unsigned long long) r.backup_last_seq,
                (unsigned long long) r.backup_last_seq);
    }
    hub_config_destroy (&config);
    return EXIT_OK;
}
