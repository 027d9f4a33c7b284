/*  test_hub_audit.c - a message's one audit entry names whom it was queued
    for, and the access report finds every receiver in it (hub_act.c,
    hub_access.c), in the current form and in stores written before.        */
#include "testing.h"
#include "hub.h"
#include "hub_access.h"
#include "hub_act.h"
#include <stdlib.h>

#define S_AUTHOR    "politie-west"

typedef struct {
    hub_t hub;
    hub_partner_t author;
    proto_envelope_t env;
    uint8_t digest [PROTO_DIGEST_BYTES];
    hub_msg_t msg;
} fixture_t;

/*  A store and audit log in the test's directory, inside a transaction, and
    one stored signal from S_AUTHOR about person ref {7, 7, ...}.             */
static int
s_open (fixture_t *f, uint8_t id_byte)
{
    char path [512], err [256];
    snprintf (path, sizeof path, "%s/hub.db", test_tmpdir ());
    if (!f->hub.store) {
        f->hub.store = hub_store_open (path, err, sizeof err);
        f->hub.audit = f->hub.store ? hub_audit_new (f->hub.store) : NULL;
        if (!f->hub.audit || hub_store_begin (f->hub.store) != 0)
            return -1;
    }
    snprintf (f->author.cert.id, sizeof f->author.cert.id, "%s", S_AUTHOR);
    memset (&f->env, 0, sizeof f->env);
    f->env.type = proto_type_find ("signal", 6);
    f->env.live = true;
    memset (f->env.id, id_byte, PROTO_ID_BYTES);
    f->env.has_person = true;
    memset (f->env.person, 7, PROTO_REF_BYTES);
    memset (f->digest, id_byte, PROTO_DIGEST_BYTES);
    uint8_t sig [PROTO_SIGNATURE_BYTES] = { 0 };
    memset (&f->msg, 0, sizeof f->msg);
    f->msg.env = &f->env;
    f->msg.author = &f->author;
    f->msg.digest = f->digest;
    f->msg.now = 1000 + id_byte;
    f->msg.origin = "127.0.0.1";
    return f->env.type ? hub_store_put (f->hub.store, f->env.id, S_AUTHOR, "signal", f->msg.now,
                                        f->msg.now, f->digest, (const uint8_t *) "env", 3, sig,
                                        &f->msg.seq)
                       : -1;
}

static void
s_close (fixture_t *f)
{
    if (f->hub.store)
        hub_store_rollback (f->hub.store);
    hub_outcome_release (&f->hub.outcome);
    hub_queued_clear (&f->hub);
    hub_audit_destroy (&f->hub.audit);
    hub_store_destroy (&f->hub.store);
}

typedef struct {
    size_t count;
    hub_audit_row_t rows [16];
} rows_t;

static int
s_collect (void *arg, const hub_audit_row_t *row, bool damaged)
{
    rows_t *r = (rows_t *) arg;
    if (r->count < sizeof r->rows / sizeof r->rows [0])
        r->rows [r->count] = *row;
    r->count++;
    return damaged ? -1 : 0;
}

/*  The access report's rows for person ref {7, ...}: how many, and how many
    say that partner received a signal from S_AUTHOR.                        */
static int
s_report (fixture_t *f, const char *partner, size_t *rows)
{
    uint8_t ref [PROTO_REF_BYTES];
    memset (ref, 7, sizeof ref);
    json_t *report = hub_access_report (f->hub.store, ref);
    int received = 0;
    size_t i;
    json_t *o;
    json_array_foreach (report, i, o) {
        const char *from = json_string_value (json_object_get (o, "from"));
        if (streq (json_string_value (json_object_get (o, "partner")), partner)
        &&  streq (json_string_value (json_object_get (o, "action")), "received signal")
        &&  from && streq (from, S_AUTHOR))
            received++;
    }
    *rows = json_array_size (report);
    json_decref (report);
    return received;
}

static void
test_one_entry_names_every_recipient (void)
{
    fixture_t f;
    memset (&f, 0, sizeof f);
    CHECK_INT (s_open (&f, 1), 0);
    CHECK_INT (hub_deliver_msg (&f.hub, &f.msg, "acm-intake"), 0);
    CHECK_INT (hub_deliver_msg (&f.hub, &f.msg, "cm-anna"), 0);
    CHECK_INT (hub_deliver_msg (&f.hub, &f.msg, "acm-intake"), 0);   /* named once */
    CHECK_INT (hub_act_msg (&f.hub, &f.msg, "stored"), 0);
    rows_t r = { 0 };
    CHECK_INT (hub_store_audit_scan (f.hub.store, 1, s_collect, &r), 0);
    CHECK_INT (r.count, 1);
    CHECK_STR (r.rows [0].actor, S_AUTHOR);
    CHECK_STR (r.rows [0].action, "signal");
    CHECK (streq (r.rows [0].result, "stored; to acm-intake, cm-anna"));
    CHECK_MEM (r.rows [0].subject, f.env.person, PROTO_REF_BYTES);
    size_t rows = 0;
    CHECK_INT (s_report (&f, "acm-intake", &rows), 1);
    CHECK_INT (s_report (&f, "cm-anna", &rows), 1);
    CHECK_INT (rows, 3);                /* sent, and received twice           */

    /* queued for no one: the result alone                                   */
    CHECK_INT (s_open (&f, 2), 0);
    CHECK_INT (hub_act_msg (&f.hub, &f.msg, "stored"), 0);
    r.count = 0;
    CHECK_INT (hub_store_audit_scan (f.hub.store, 2, s_collect, &r), 0);
    CHECK_INT (r.count, 1);
    CHECK (streq (r.rows [0].result, "stored"));
    uint64_t entries = 0;
    char err [256];
    CHECK_INT (hub_audit_verify (f.hub.store, &entries, err, sizeof err), 0);
    CHECK_INT (entries, 2);
    s_close (&f);
}

static void
test_more_recipients_than_one_entry_names (void)
{
    fixture_t f;
    memset (&f, 0, sizeof f);
    CHECK_INT (s_open (&f, 1), 0);
    char names [HUB_MSG_MAX_TO + 2][PROTO_MAX_PARTNER_ID_BYTES + 1];
    for (size_t i = 0; i < HUB_MSG_MAX_TO + 2; i++) {
        /* the longest ids there are                                         */
        memset (names [i], 'p', PROTO_MAX_PARTNER_ID_BYTES);
        snprintf (names [i] + PROTO_MAX_PARTNER_ID_BYTES - 2, 3, "%02zu", i);
        CHECK_INT (hub_deliver_msg (&f.hub, &f.msg, names [i]), 0);
    }
    CHECK_INT (hub_act_msg (&f.hub, &f.msg, "repeated"), 0);
    rows_t r = { 0 };
    CHECK_INT (hub_store_audit_scan (f.hub.store, 1, s_collect, &r), 0);
    /* the two past HUB_MSG_MAX_TO get entries of their own, after the
       message's own entry                                                   */
    CHECK_INT (r.count, 3);
    CHECK_STR (r.rows [0].action, "signal");
    CHECK_STR (r.rows [1].action, "queued");
    CHECK_STR (r.rows [2].action, "queued");
    CHECK (strncmp (r.rows [0].result, "repeated; to ", 13) == 0);
    CHECK (strstr (r.rows [0].result, names [HUB_MSG_MAX_TO - 1]) != NULL);
    CHECK (strstr (r.rows [0].result, names [HUB_MSG_MAX_TO]) == NULL);
    CHECK (strstr (r.rows [1].result, names [HUB_MSG_MAX_TO]) != NULL);
    CHECK (strstr (r.rows [2].result, names [HUB_MSG_MAX_TO + 1]) != NULL);
    for (size_t i = 0; i < HUB_MSG_MAX_TO + 2; i++) {
        size_t rows = 0;
        CHECK_INT (s_report (&f, names [i], &rows), 1);
    }
    s_close (&f);
}

static void
test_report_reads_stores_written_before (void)
{
    /* the previous version wrote "stored", then one "queued" entry per
       recipient                                                              */
    fixture_t f;
    memset (&f, 0, sizeof f);
    CHECK_INT (s_open (&f, 1), 0);
    CHECK_INT (hub_audit_msg (&f.hub, &f.msg, "signal", "stored"), 0);
    CHECK_INT (hub_audit_msg (&f.hub, &f.msg, "queued", "to acm-intake"), 0);
    size_t rows = 0;
    CHECK_INT (s_report (&f, "acm-intake", &rows), 1);
    CHECK_INT (rows, 2);
    s_close (&f);
}

void
suite_hub_audit (void)
{
    TEST_RUN ("hub_audit", test_one_entry_names_every_recipient);
    TEST_RUN ("hub_audit", test_more_recipients_than_one_entry_names);
    TEST_RUN ("hub_audit", test_report_reads_stores_written_before);
}
