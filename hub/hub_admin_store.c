/*  hub_admin_store.c - the operator's commands that read or copy the
    store: audit verify, report, access-report, retention, backup, restore. */
#include "hub_cli.h"

int
hub_cmd_audit (args_t *a)
{
    if (a->argc != 1 || !streq (a->argv [0], "verify")) {
        fprintf (stderr, _("regiehub audit: the command is `regiehub audit verify`\n"));
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
    {
        json_t *o = json_pack ("{sb sI}", "intact", rc == 0, "entries", (json_int_t) entries);
        if (o && rc)
            json_object_set_new (o, "problem", json_string (err));
        hub_cli_json (o);
    }
    else
    if (rc == 0)
        printf (ngettext ("audit log intact: %llu entry, every hash matches\n",
                          "audit log intact: %llu entries, every hash matches\n", entries),
                (unsigned long long) entries);
    else
        printf (ngettext ("AUDIT LOG BROKEN: %s (the %llu entry before it is intact)\n",
                          "AUDIT LOG BROKEN: %s (the %llu entries before it are intact)\n", entries),
                err, (unsigned long long) entries);
    return rc == 0 ? EXIT_OK : EXIT_PROBLEM;
}

/*  A day (local midnight) or a moment as people write it, to ms: 07-12-2026,
    2026-12-07 or 2026-12-07 14:00 (docs/woordenlijst.md). -1 when it is
    none of these or no such day.                                             */
static int
s_parse_date (const char *text, uint64_t *ms)
{
    static const char *forms [] = { "%Y-%m-%d", "%d-%m-%Y", "%Y-%m-%d %H:%M" };
    for (size_t i = 0; text && i < sizeof forms / sizeof forms [0]; i++) {
        struct tm tm;
        memset (&tm, 0, sizeof tm);
        const char *end = strptime (text, forms [i], &tm);
        if (!end || *end)
            continue;
        struct tm asked = tm;
        tm.tm_isdst = -1;
        time_t t = mktime (&tm);
        /* mktime makes 31-02 into 03-03: that day does not exist            */
        if (t < 0 || tm.tm_mday != asked.tm_mday || tm.tm_mon != asked.tm_mon)
            return -1;
        *ms = (uint64_t) t * 1000;
        return 0;
    }
    return -1;
}

/*  A number with decimals the reader's way (2,50 in Dutch).                 */
static void
s_decimal (char *out, size_t outlen, double value)
{
    snprintf (out, outlen, "%.2f", value);
    char *dot = strchr (out, '.');
    if (dot && proto_lang_current () == PROTO_LANG_NL)
        *dot = ',';
}

/*  The report's sections and figures in words, by their JSON keys (which
    --json and --csv keep).                                                  */
typedef struct {
    const char *key;
    const char *words;
} report_label_t;

static const report_label_t s_report_labels [] = {
    /* TRANSLATORS: the headings of `regiehub report`                        */
    { "signals_per_leefgebied",     N_("Signals per leefgebied") },
    { "signals_per_partner",        N_("Signals per partner") },
    { "households_per_phase",       N_("Households per phase (now)") },
    { "caseload_per_casemanager",   N_("Caseload per casemanager (now)") },
    { "referrals",                  N_("Referrals") },
    { "agreements",                 N_("Agreements") },
    { "rounds",                     N_("Coordination rounds") },
    { "escalations",                N_("Escalations") },
    { "matches",                    N_("Matches") },
    /* TRANSLATORS: the figures of `regiehub report`, each under its
       heading: a translation may leave out what the heading says            */
    { "referrals.accepted",         N_("referrals accepted") },
    { "referrals.declined",         N_("referrals declined") },
    { "referrals.mean_days_to_acceptance", N_("mean days to acceptance") },
    { "agreements.due",             N_("agreements due in the period") },
    { "agreements.done_on_time",    N_("agreements done on time") },
    { "agreements.share_done_on_time", N_("share done on time") },
    { "agreements.stagnations",     N_("stagnations") },
    { "agreements.overdue_now",     N_("agreements overdue now") },
    { "rounds.due",                 N_("rounds due") },
    { "rounds.held",                N_("rounds held") },
    { "escalations.raised",         N_("escalations raised") },
    { "escalations.open",           N_("escalations open now") },
    { "matches.made",               N_("matches made") },
    { "matches.parties_unconfirmed", N_("partners that did not confirm contact") },
    { "matches.parties_escalated",  N_("partners escalated for not confirming") },
};

/*  The words for key (a section, or "section.figure"); the key itself when
    the report does not know it.                                             */
static const char *
s_report_label (const char *key)
{
    for (size_t i = 0; i < sizeof s_report_labels / sizeof s_report_labels [0]; i++)
        if (streq (s_report_labels [i].key, key))
            return _(s_report_labels [i].words);
    return key;
}

/*  One key of a breakdown as a person reads it: partners by name, taxonomy
    terms with spaces for underscores (docs/woordenlijst.md).                 */
static void
s_breakdown_key (char *out, size_t outlen, const char *section, const char *key,
                 const hub_partners_t *partners)
{
    if (streq (key, "(none)"))
        snprintf (out, outlen, "%s", _("(none)"));
    else
    if (streq (section, "signals_per_partner") || streq (section, "caseload_per_casemanager"))
        hub_partners_label (partners, key, out, outlen);
    else {
        snprintf (out, outlen, "%s", key);
        for (char *c = out; *c; c++)
            if (*c == '_')
                *c = ' ';
    }
}

static void
s_print_counts (json_t *o, bool csv, const char *section, const hub_partners_t *partners)
{
    const char *key;
    json_t *value;
    if (csv) {
        json_object_foreach (o, key, value)
            printf ("%s,%s,%lld\n", section, key, (long long) json_integer_value (value));
        return;
    }
    printf ("%s\n", s_report_label (section));
    if (!json_object_size (o))
        printf ("  %s\n", _("(none)"));
    json_object_foreach (o, key, value) {
        char label [PROTO_MAX_NAME_BYTES + PROTO_MAX_PARTNER_ID_BYTES + 8];
        s_breakdown_key (label, sizeof label, section, key, partners);
        printf ("  %-*s %8lld\n", (int) proto_lang_pad (label, 44), label,
                (long long) json_integer_value (value));
    }
}

/*  The period of the report, in a sentence.                                  */
static void
s_print_period (const args_t *a, uint64_t from, uint64_t until)
{
    char f [PROTO_LANG_DATE_CHARS], u [PROTO_LANG_DATE_CHARS];
    proto_lang_date_long (f, from);
    proto_lang_date_long (u, until);
    if (a->from && a->until)
        /* TRANSLATORS: the period of a report; the second date is not in it */
        printf (_("Period: from %s until %s\n"), f, u);
    else
    if (a->from)
        printf (_("Period: from %s on\n"), f);
    else
    if (a->until)
        printf (_("Period: everything before %s\n"), u);
    else
        printf (_("Period: everything the hub holds\n"));
    if (a->team)
        printf (_("Team: %s\n"), a->team);
    else
        printf (_("Team: every regie team\n"));
}

int
hub_cmd_report (args_t *a)
{
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    uint64_t from = 0, until = PROTO_TIME_MAX_MS;
    const char *bad = a->from && s_parse_date (a->from, &from) != 0 ? "--from"
                    : a->until && s_parse_date (a->until, &until) != 0 ? "--until" : NULL;
    if (bad) {
        /* TRANSLATORS: the first %s is the option (--from), the second what
           was typed                                                        */
        fprintf (stderr, _("regiehub report: %s \"%.40s\" is not a date; write it as 07-12-2026 "
                           "or 2026-12-07\n"), bad, streq (bad, "--from") ? a->from : a->until);
        hub_config_destroy (&config);
        return EXIT_USAGE;
    }
    if (a->team && !hub_config_team (config, a->team)) {
        fprintf (stderr, _("regiehub report: there is no team \"%s\" (--team) in %s\n"), a->team,
                 config->path);
        hub_config_destroy (&config);
        return EXIT_USAGE;
    }
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    if (!store) {
        fprintf (stderr, _("regiehub %s: the store does not open: %s\n"), "report", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    json_t *r = hub_report (store, config, from, until, a->team);
    hub_store_destroy (&store);
    /* partners by name; without the certificates, by id                    */
    hub_partners_t *partners = a->json || a->csv ? NULL
                             : hub_partners_load (config->certs, NULL, NULL, err, sizeof err);
    hub_config_destroy (&config);
    if (!r) {
        fprintf (stderr, _("regiehub report: the store could not be read\n"));
        hub_partners_destroy (&partners);
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
        else {
            printf ("%s\n", _("regiehub report (aggregates only)"));
            s_print_period (a, from, until);
            printf ("\n");
        }
        static const char *breakdowns [] = { "signals_per_leefgebied", "signals_per_partner",
                                             "households_per_phase", "caseload_per_casemanager" };
        for (size_t i = 0; i < sizeof breakdowns / sizeof breakdowns [0]; i++)
            s_print_counts (json_object_get (r, breakdowns [i]), csv, breakdowns [i], partners);
        static const char *sections [] = { "referrals", "agreements", "rounds", "escalations", "matches" };
        for (size_t i = 0; i < sizeof sections / sizeof sections [0]; i++) {
            json_t *o = json_object_get (r, sections [i]);
            const char *key;
            json_t *value;
            if (!csv)
                printf ("%s\n", s_report_label (sections [i]));
            json_object_foreach (o, key, value) {
                char text [64];
                bool real = json_is_real (value);
                if (json_is_integer (value))
                    snprintf (text, sizeof text, "%lld", (long long) json_integer_value (value));
                else
                if (real && csv)
                    snprintf (text, sizeof text, "%.2f", json_real_value (value));
                else
                if (real)
                    s_decimal (text, sizeof text, json_real_value (value));
                else
                    snprintf (text, sizeof text, "-");
                if (csv)
                    printf ("%s,%s,%s\n", sections [i], key, text);
                else {
                    char figure [128];
                    snprintf (figure, sizeof figure, "%s.%s", sections [i], key);
                    const char *label = s_report_label (figure);
                    label = label == figure ? key : label;
                    printf ("  %-*s %8s\n", (int) proto_lang_pad (label, 44), label, text);
                }
            }
        }
    }
    hub_partners_destroy (&partners);
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
        fprintf (stderr, _("regiehub access-report: --ref needs the household's person or address "
                           "reference (64 hex characters), as the regisseur's agent shows it\n"));
        return EXIT_USAGE;
    }
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    if (!store) {
        fprintf (stderr, _("regiehub %s: the store does not open: %s\n"), "access-report", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    json_t *rows = hub_access_report (store, ref);
    hub_store_destroy (&store);
    /* partners by name; without the certificates, by id                    */
    hub_partners_t *partners = a->json ? NULL
                             : hub_partners_load (config->certs, NULL, NULL, err, sizeof err);
    hub_config_destroy (&config);
    if (!rows) {
        fprintf (stderr, _("regiehub access-report: the store could not be read\n"));
        hub_partners_destroy (&partners);
        return EXIT_FAILED;
    }
    if (a->json) {
        char *text = json_dumps (rows, JSON_INDENT (2));
        printf ("%s\n", text);
        free (text);
    }
    else
        hub_access_print (stdout, rows, partners);
    hub_partners_destroy (&partners);
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
        if (strncmp (text, "error", 5) == 0) {
            /* TRANSLATORS: %s is the running hub's answer (English)         */
            fprintf (stderr, _("regiehub retention: the running hub could not apply the retention "
                               "periods: %s\n"), text);
            rc = EXIT_FAILED;
        }
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
            fprintf (stderr, _("regiehub retention: the store could not be changed: %s\n"),
                     store ? hub_store_error (store) : err);
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
                /* TRANSLATORS: what `regiehub retention` removed, each with
                   its count after it                                        */
                { "signals_expired",      N_("signals expired into the archive (content removed)") },
                { "history_removed",      N_("archive entries past their period") },
                { "households_reduced",   N_("closed households reduced to aggregates") },
                { "referrals_expired",    N_("declined referrals expired (content removed)") },
                { "households_forgotten", N_("households without regie forgotten (pseudonyms)") },
                { "messages_emptied",     N_("messages emptied (envelope, pending deliveries)") },
            };
            json_t *r = json_loads (text, 0, NULL);
            printf ("%s\n", a->dry_run ? _("Retention, dry run: nothing is changed. It would remove:")
                                       : _("Retention done. Removed:"));
            for (size_t i = 0; i < sizeof lines / sizeof lines [0]; i++) {
                const char *label = _(lines [i][1]);
                printf ("  %-*s %lld\n", (int) proto_lang_pad (label, 58), label,
                        (long long) json_integer_value (json_object_get (r, lines [i][0])));
            }
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
        fprintf (stderr, _("regiehub backup: name the file to write, e.g. regiehub backup "
                           "/backup/hub-$(date +%%F).db\n"));
        return EXIT_USAGE;
    }
    if (access (a->argv [0], F_OK) == 0) {
        fprintf (stderr, _("regiehub backup: %s exists; choose a new file\n"), a->argv [0]);
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
        fprintf (stderr, _("regiehub backup: the backup failed: %s\n"), err);
        unlink (a->argv [0]);
        return EXIT_FAILED;
    }
    if (a->json)
        hub_cli_json (json_pack ("{ss sI}", "backup", a->argv [0], "last_seq", (json_int_t) seq));
    else
        printf (_("Backed up the store to %s (up to message %llu); check it with "
                  "`sqlite3 %s 'PRAGMA integrity_check'`.\n"), a->argv [0], (unsigned long long) seq,
                a->argv [0]);
    return EXIT_OK;
}

int
hub_cmd_restore (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, _("regiehub restore: name the backup to put in place, e.g. "
                           "regiehub restore /backup/hub-2026-11-22.db (stop the hub first)\n"));
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
        fprintf (stderr, _("regiehub restore: %s; the store was not changed\n"), err);
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
        printf (_("The backup %s can be restored: messages up to %llu, %llu audit entries "
                  "(integrity check passed, chain verified). Nothing was changed.\n"), a->argv [0],
                (unsigned long long) r.backup_last_seq, (unsigned long long) r.backup_audit_entries);
        unsigned long long lost = r.replaced_last_seq > r.backup_last_seq
                                ? r.replaced_last_seq - r.backup_last_seq : 0;
        if (r.replaced_read)
            printf (ngettext ("The store now holds messages up to %llu: a restore would lose the %llu "
                              "message after the backup's last.\n",
                              "The store now holds messages up to %llu: a restore would lose the %llu "
                              "messages after the backup's last.\n", lost),
                    (unsigned long long) r.replaced_last_seq, lost);
        else
        if (r.replaced)
            printf (_("The store in place does not open.\n"));
    }
    else {
        printf (_("Restored %s from %s: messages up to %llu, %llu audit entries (chain verified).\n"),
                config->store, a->argv [0], (unsigned long long) r.backup_last_seq,
                (unsigned long long) r.backup_audit_entries);
        if (r.replaced_read)
            printf (_("The replaced store held messages up to %llu; it is kept as %s.\n"),
                    (unsigned long long) r.replaced_last_seq, r.kept);
        else
        if (r.replaced)
            printf (_("The replaced store did not open; it is kept as %s.\n"), r.kept);
        printf (_("New messages are numbered from %llu, past anything partners hold.\n"
                  "Start the hub, then tell every partner that the backup ends at message %llu:\n"
                  "their agents report the audit chain BROKEN (it now ends where the backup\n"
                  "ended) until they run `regie audit accept`, and `regie outbox resend --after %llu`\n"
                  "sends again what they sent after the backup.\n"),
                (unsigned long long) r.next_seq, (unsigned long long) r.backup_last_seq,
                (unsigned long long) r.backup_last_seq);
    }
    hub_config_destroy (&config);
    return EXIT_OK;
}
