/*  hubclient.c - a raw test client for the hub's integration tests.

    It speaks the wire protocol itself, so tests can send exactly the bytes
    they want: valid messages, and every kind of bad one (a flipped
    signature bit, another author, a replayed id, a stale timestamp, an
    oversized or malformed frame, a forbidden type ...). Each answer is
    printed as one line:

        receipt seq=N dup=0|1 to=TEAM note=TEXT   (receipt verified)
        error code=N name=NAME field=F reason=TEXT
        answer type=T held=0|1
        deliver seq=N type=T author=HEX8
        timeout

    Usage:
      hubclient keygen BASE ID KIND ROLES [TEAM [NAME]]
      hubclient send HUBCERT SECRET ENDPOINT [options]
          --type T        signal (default), regiecheck, referral, claim, phase, round,
                          agreement, agreement_accept, deputy, ack; others get an empty body
          --count N       messages to send (default 1), each answered in turn
          --mutate M      none, badsig, wrongauthor (needs --other), stale, future,
                          oversize, malformed, truncated, deep, hugecount,
                          wrongtype, unknowntype, threeframes, oneframe, badsiglen
          --other SECRET  another identity, for wrongauthor
          --id HEX        use this message id (replays)
          --offset MS     add to the timestamp
          --team T        team for referrals
          --person HEX    the household's person_ref (64 hex; default aa..aa, first byte = n)
          --casemanager P claim, deputy: the casemanager (default cm-anna)
          --deputy P      deputy: the deputy (default cm-bram), for 7 days from now
          --phase P       phase: the new phase (default plan)
          --owner P       agreement: the owner (default acm-intake)
          --due MS        agreement: due (default now + 30 days)
          --agreement HEX agreement_accept: the agreement's id (its message id)
          --invited A,B   round: partners invited (default politie-west)
          --at MS         round: when (default now + 14 days)
          --nocurve       connect without CURVE
          --timeout MS    per answer (default 3000)
          --pause MS      wait between messages, on the same connection
          --then T        after each message, at once a message of type T about
                          the same household, before any answer is read
          --show-id       print "sent id=HEX" before each message's answer
      hubclient recv HUBCERT SECRET ENDPOINT [--upto N] [--expect N] [--timeout MS] [--noack]
          [--ack-each]    (acknowledge every delivery on its own, at once)
*/
#include "proto_envelope.h"
#include "proto_identity.h"
#include "proto_link.h"
#include "proto_sign.h"
#include <czmq.h>

static const char *
s_opt (int argc, char **argv, const char *name, const char *def)
{
    for (int i = 0; i < argc - 1; i++)
        if (streq (argv [i], name))
            return argv [i + 1];
    return def;
}

static bool
s_flag (int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc; i++)
        if (streq (argv [i], name))
            return true;
    return false;
}

static zsock_t *
s_connect (const char *hub_cert_path, proto_identity_t *id, const char *endpoint, bool curve)
{
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    zsock_set_linger (sock, 0);
    if (curve) {
        proto_cert_t hub;
        char err [256];
        zcert_t *server = zcert_load (hub_cert_path);
        if (!server || proto_cert_load (&hub, hub_cert_path, err, sizeof err) != 0) {
            fprintf (stderr, "hubclient: %s\n", err);
            exit (2);
        }
        zcert_apply (proto_identity_zcert (id), sock);
        zsock_set_curve_serverkey (sock, zcert_public_txt (server));
        zcert_destroy (&server);
    }
    zsock_connect (sock, "%s", endpoint);
    return sock;
}

static int s_items;                     /* receipt items, answers and errors read */

/*  Prints one answer from the hub; returns 0, 1 for an error, or -1 on
    timeout.                                                                  */
static int
s_print_answer (zsock_t *sock, const proto_cert_t *hub, int timeout)
{
    zsock_set_rcvtimeo (sock, timeout);
    zmsg_t *msg = zmsg_recv (sock);
    if (!msg) {
        printf ("timeout\n");
        return -1;
    }
    zframe_t *first = zmsg_first (msg);
    proto_link_t link;
    proto_result_t rc = proto_link_decode (&link, zframe_data (first), zframe_size (first));
    if (rc != PROTO_OK) {
        printf ("badlink %s\n", proto_result_name (rc));
        zmsg_destroy (&msg);
        return 0;
    }
    if (link.kind == PROTO_LINK_RECEIPT) {
        for (uint32_t i = 0; i < link.items; i++) {
            proto_batch_head_t head;
            proto_receipt_item_t item;
            rc = proto_receipt_verify (&link, i, hub->sign_key, &head, &item);
            s_items++;
            if (rc != PROTO_OK)
                printf ("badreceipt %s\n", proto_result_name (rc));
            else {
                char args [PROTO_ARGS_POOL_BYTES * 2] = "{}";
                proto_args_json (&item.note_args, args, sizeof args);
                printf ("receipt seq=%llu dup=%d to=%s batch=%llu audit=%llu note=%s %s\n",
                        (unsigned long long) item.seq, item.duplicate, item.to [0] ? item.to : "-",
                        (unsigned long long) head.batch, (unsigned long long) head.audit_seq,
                        item.note, args);
            }
        }
    }
    else
    if (link.kind == PROTO_LINK_ERROR) {
        s_items++;
        char args [PROTO_ARGS_POOL_BYTES * 2] = "{}";
        proto_args_json (&link.args, args, sizeof args);
        printf ("error code=%d name=%s field=%s reason=%s args=%s\n", link.code,
                proto_result_name (link.code), link.field [0] ? link.field : "-",
                link.reason_code [0] ? link.reason_code : "-", args);
        proto_link_release (&link);
        zmsg_destroy (&msg);
        return 1;
    }
    else
    if (link.kind == PROTO_LINK_ANSWER || link.kind == PROTO_LINK_DELIVER) {
        zframe_t *env_frame = zmsg_next (msg);
        zframe_t *sig_frame = zmsg_next (msg);
        proto_envelope_t env;
        if (!env_frame || !sig_frame || zframe_size (sig_frame) != PROTO_SIGNATURE_BYTES
        ||  proto_envelope_decode (&env, zframe_data (env_frame), zframe_size (env_frame), NULL, NULL) != PROTO_OK)
            printf ("badenvelope\n");
        else {
            bool signed_ok = proto_verify (zframe_data (sig_frame), env.bytes, env.size, env.from) == 0;
            char author [9];
            proto_hex (author, env.from, 4);
            if (link.kind == PROTO_LINK_ANSWER) {
                s_items++;
                bool held = false;
                proto_env_bool (&env, "held", &held);
                printf ("answer type=%s held=%d signed=%d hub=%d\n", env.type->name, held, signed_ok,
                        memcmp (env.from, hub->sign_key, PROTO_PUBKEY_BYTES) == 0);
            }
            else
                printf ("deliver seq=%llu type=%s author=%s signed=%d\n",
                        (unsigned long long) link.seq, env.type->name, author, signed_ok);
            proto_envelope_release (&env);
        }
    }
    else
        printf ("link kind=%d\n", link.kind);
    proto_link_release (&link);
    zmsg_destroy (&msg);
    return 0;
}

/*  Body fields for the types hostile.sh needs, taken from the options:
    --casemanager, --phase, --owner, --agreement HEX, --invited A,B, --at MS,
    --due MS. Absent options get a value the hub accepts for its shape.      */
typedef struct {
    const char *casemanager, *phase, *owner, *agreement, *invited, *deputy;
    uint64_t at, due;
} body_opts_t;

static void
s_body (proto_writer_t *w, proto_header_t *h, const char *type, const char *team,
        const body_opts_t *o)
{
    if (streq (type, "signal")) {
        proto_envelope_begin (w, h, 7);
        proto_pack_kv_cstr (w, "leefgebied", "financien");
        proto_pack_kv_cstr (w, "severity", "zorg");
        proto_pack_kv_cstr (w, "ground", "financiele_problemen");
        proto_pack_kv_bool (w, "informed", true);
        proto_pack_kv_cstr (w, "kind", "huurachterstand");
        proto_pack_kv_cstr (w, "text", "Three months of rent arrears.");
        proto_pack_kv_cstr (w, "contact", "Woonbron, 010-1234567");
    }
    else
    if (streq (type, "referral")) {
        proto_envelope_begin (w, h, 4);
        proto_pack_kv_cstr (w, "team", team);
        proto_pack_kv_cstr (w, "introducer", "school-noord");
        proto_pack_kv_cstr (w, "reason", "Many problems at once.");
        proto_pack_kv_cstr (w, "contact", "030-1234567");
    }
    else
    if (streq (type, "ack")) {
        proto_envelope_begin (w, h, 1);
        proto_pack_kv_u64 (w, "upto", 0);
    }
    else
    if (streq (type, "deputy")) {
        proto_envelope_begin (w, h, 4);
        proto_pack_kv_cstr (w, "casemanager", o->casemanager);
        proto_pack_kv_cstr (w, "deputy", o->deputy);
        proto_pack_kv_u64 (w, "from", h->ts);
        proto_pack_kv_u64 (w, "until", h->ts + 7 * 86400000ULL);
    }
    else
    if (streq (type, "claim")) {
        proto_envelope_begin (w, h, 1);
        proto_pack_kv_cstr (w, "casemanager", o->casemanager);
    }
    else
    if (streq (type, "phase")) {
        proto_envelope_begin (w, h, 1);
        proto_pack_kv_cstr (w, "phase", o->phase);
    }
    else
    if (streq (type, "round")) {
        /* invited: a comma-separated list, at most 16 names                 */
        char list [512];
        snprintf (list, sizeof list, "%s", o->invited);
        const char *names [16];
        uint32_t n = 0;
        for (char *save = NULL, *t = strtok_r (list, ",", &save); t && n < 16;
             t = strtok_r (NULL, ",", &save))
            names [n++] = t;
        proto_envelope_begin (w, h, 2);
        proto_pack_kv_u64 (w, "at", o->at);
        proto_pack_key (w, "invited");
        proto_pack_array (w, n);
        for (uint32_t i = 0; i < n; i++)
            proto_pack_cstr (w, names [i]);
    }
    else
    if (streq (type, "agreement")) {
        proto_envelope_begin (w, h, 4);
        proto_pack_kv_cstr (w, "owner", o->owner);
        proto_pack_kv_cstr (w, "action", "Home visit about the rent arrears.");
        proto_pack_kv_cstr (w, "leefgebied", "financien");
        proto_pack_kv_u64 (w, "due", o->due);
    }
    else
    if (streq (type, "agreement_accept")) {
        uint8_t id [PROTO_ID_BYTES];
        memset (id, 0, sizeof id);
        if (o->agreement && proto_unhex (id, PROTO_ID_BYTES, o->agreement) != 0) {
            fprintf (stderr, "hubclient: --agreement needs 32 hex characters\n");
            exit (2);
        }
        proto_envelope_begin (w, h, 1);
        proto_pack_kv_bin (w, "agreement", id, PROTO_ID_BYTES);
    }
    else
        proto_envelope_begin (w, h, 0);
}

static int
s_send (int argc, char **argv)
{
    if (argc < 3)
        return 2;
    char err [512];
    proto_identity_t *id = proto_identity_load (argv [1], err, sizeof err);
    if (!id) {
        fprintf (stderr, "hubclient: %s\n", err);
        return 2;
    }
    proto_cert_t hub;
    if (proto_cert_load (&hub, argv [0], err, sizeof err) != 0) {
        fprintf (stderr, "hubclient: %s\n", err);
        return 2;
    }
    const char *type = s_opt (argc, argv, "--type", "signal");
    const char *mutate = s_opt (argc, argv, "--mutate", "none");
    const char *fixed_id = s_opt (argc, argv, "--id", NULL);
    const char *team = s_opt (argc, argv, "--team", "acm");
    const char *person_hex = s_opt (argc, argv, "--person", NULL);
    uint64_t day = 24ULL * 3600 * 1000;
    body_opts_t bo = {
        .casemanager = s_opt (argc, argv, "--casemanager", "cm-anna"),
        .deputy = s_opt (argc, argv, "--deputy", "cm-bram"),
        .phase = s_opt (argc, argv, "--phase", "plan"),
        .owner = s_opt (argc, argv, "--owner", "acm-intake"),
        .agreement = s_opt (argc, argv, "--agreement", NULL),
        .invited = s_opt (argc, argv, "--invited", "politie-west"),
        .at = strtoull (s_opt (argc, argv, "--at", "0"), NULL, 10),
        .due = strtoull (s_opt (argc, argv, "--due", "0"), NULL, 10),
    };
    int count = atoi (s_opt (argc, argv, "--count", "1"));
    int timeout = atoi (s_opt (argc, argv, "--timeout", "3000"));
    long long offset = atoll (s_opt (argc, argv, "--offset", "0"));
    proto_identity_t *other = NULL;
    if (s_opt (argc, argv, "--other", NULL)) {
        other = proto_identity_load (s_opt (argc, argv, "--other", NULL), err, sizeof err);
        if (!other) {
            fprintf (stderr, "hubclient: %s\n", err);
            return 2;
        }
    }
    zsock_t *sock = s_connect (argv [0], id, argv [2], !s_flag (argc, argv, "--nocurve"));
    proto_writer_t w;
    proto_writer_init (&w);
    int rc = 0;
    int pause = atoi (s_opt (argc, argv, "--pause", "0"));
    bool show_id = s_flag (argc, argv, "--show-id");
    for (int n = 0; n < count; n++) {
        if (n > 0 && pause > 0) {
            printf ("pause\n");
            fflush (stdout);
            zclock_sleep (pause);
        }
        proto_header_t h;
        memset (&h, 0, sizeof h);
        uint8_t person [PROTO_REF_BYTES];
        memset (person, 0xaa, sizeof person);
        person [0] = (uint8_t) n;
        if (person_hex && proto_unhex (person, PROTO_REF_BYTES, person_hex) != 0) {
            fprintf (stderr, "hubclient: --person needs 64 hex characters\n");
            return 2;
        }
        h.type = streq (mutate, "unknowntype") ? "nosuchtype" : type;
        h.ts = (uint64_t) ((long long) proto_now_ms () + offset);
        if (streq (mutate, "stale"))
            h.ts -= 3600 * 1000;
        if (streq (mutate, "future"))
            h.ts += 3600 * 1000;
        proto_id_new (h.id, h.ts);
        if (fixed_id && proto_unhex (h.id, PROTO_ID_BYTES, fixed_id) != 0) {
            fprintf (stderr, "hubclient: --id needs 32 hex characters\n");
            return 2;
        }
        proto_identity_t *author = streq (mutate, "wrongauthor") && other ? other : id;
        memcpy (h.from, proto_identity_cert (author)->sign_key, PROTO_PUBKEY_BYTES);
        const proto_type_t *ht = proto_type_find (type, strlen (type));
        if (!streq (type, "ack") && (!ht || (ht->flags & PROTO_T_SUBJECT)))
            h.person = person;
        body_opts_t o = bo;
        if (!o.at)
            o.at = h.ts + 14 * day;
        if (!o.due)
            o.due = h.ts + 30 * day;
        s_body (&w, &h, type, team, &o);
        zchunk_t *bytes = zchunk_new (proto_writer_data (&w), proto_writer_size (&w));
        if (streq (mutate, "oversize")) {
            zchunk_t *big = zchunk_new (NULL, PROTO_MAX_ENVELOPE_BYTES + 100);
            memset (zchunk_data (big), 0x90, PROTO_MAX_ENVELOPE_BYTES + 100);
            zchunk_set (big, zchunk_data (big), PROTO_MAX_ENVELOPE_BYTES + 100);
            zchunk_destroy (&bytes);
            bytes = big;
        }
        else
        if (streq (mutate, "malformed")) {
            zchunk_data (bytes) [0] = 0xc1;
        }
        else
        if (streq (mutate, "truncated"))
            zchunk_set (bytes, zchunk_data (bytes), zchunk_size (bytes) / 2);
        else
        if (streq (mutate, "deep")) {
            uint8_t deep [64];
            for (int i = 0; i < 63; i++)
                deep [i] = 0x91;
            deep [63] = 0xc0;
            zchunk_set (bytes, deep, sizeof deep);
        }
        else
        if (streq (mutate, "hugecount")) {
            uint8_t huge [] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0 };
            zchunk_set (bytes, huge, sizeof huge);
        }
        else
        if (streq (mutate, "wrongtype")) {
            /* ts as a string                                                 */
            proto_writer_reset (&w);
            proto_pack_map (&w, 6);
            proto_pack_kv_u64 (&w, "v", PROTO_VERSION);
            proto_pack_kv_cstr (&w, "type", "regiecheck");
            proto_pack_kv_bin (&w, "id", h.id, PROTO_ID_BYTES);
            proto_pack_kv_bin (&w, "from", h.from, PROTO_PUBKEY_BYTES);
            proto_pack_kv_cstr (&w, "ts", "yesterday");
            proto_pack_key (&w, "body");
            proto_pack_map (&w, 0);
            zchunk_set (bytes, proto_writer_data (&w), proto_writer_size (&w));
        }
        uint8_t sig [PROTO_SIGNATURE_BYTES];
        proto_identity_sign (author, sig, zchunk_data (bytes), zchunk_size (bytes));
        if (streq (mutate, "badsig"))
            sig [10] ^= 0x04;
        zmsg_t *msg = zmsg_new ();
        zmsg_addmem (msg, zchunk_data (bytes), zchunk_size (bytes));
        if (!streq (mutate, "oneframe"))
            zmsg_addmem (msg, sig, streq (mutate, "badsiglen") ? 10 : sizeof sig);
        if (streq (mutate, "threeframes"))
            zmsg_addmem (msg, sig, sizeof sig);
        zmsg_send (&msg, sock);
        zchunk_destroy (&bytes);
        if (show_id) {
            char idhex [PROTO_ID_BYTES * 2 + 1];
            proto_hex (idhex, h.id, PROTO_ID_BYTES);
            printf ("sent id=%s\n", idhex);
        }
        if (streq (type, "ack"))
            continue;
        const char *then = s_opt (argc, argv, "--then", NULL);
        if (then) {
            /* the second message goes out before any answer is read; then
               as many answers as both have (a receipt each, and an answer
               for a query) are read, in whatever order they come           */
            const proto_type_t *t1 = proto_type_find (type, strlen (type));
            const proto_type_t *t2 = proto_type_find (then, strlen (then));
            proto_header_t h2 = h;
            h2.type = then;
            proto_id_new (h2.id, h.ts + 1);
            h2.person = t2 && (t2->flags & PROTO_T_SUBJECT) ? person : NULL;
            s_body (&w, &h2, then, team, &o);
            uint8_t sig2 [PROTO_SIGNATURE_BYTES];
            proto_identity_sign (author, sig2, proto_writer_data (&w), proto_writer_size (&w));
            zmsg_t *msg2 = zmsg_new ();
            zmsg_addmem (msg2, proto_writer_data (&w), proto_writer_size (&w));
            zmsg_addmem (msg2, sig2, sizeof sig2);
            zmsg_send (&msg2, sock);
            int expected = s_items + 2 + (t1 && (t1->flags & PROTO_T_QUERY) ? 1 : 0)
                         + (t2 && (t2->flags & PROTO_T_QUERY) ? 1 : 0);
            while (s_items < expected)
                if (s_print_answer (sock, &hub, timeout) < 0) {
                    rc = 1;
                    break;
                }
            continue;
        }
        int answer = s_print_answer (sock, &hub, timeout);
        if (answer < 0)
            rc = 1;
        /* a query has an answer after its receipt (none after a refusal)     */
        const proto_type_t *t = proto_type_find (type, strlen (type));
        if (t && (t->flags & PROTO_T_QUERY) && streq (mutate, "none") && answer == 0)
            s_print_answer (sock, &hub, timeout);
    }
    if (streq (type, "ack"))
        zclock_sleep (300);
    proto_writer_destroy (&w);
    zsock_destroy (&sock);
    proto_identity_destroy (&id);
    proto_identity_destroy (&other);
    return rc;
}

static int
s_recv (int argc, char **argv)
{
    char err [512];
    proto_identity_t *id = proto_identity_load (argv [1], err, sizeof err);
    proto_cert_t hub;
    if (!id || proto_cert_load (&hub, argv [0], err, sizeof err) != 0) {
        fprintf (stderr, "hubclient: %s\n", err);
        return 2;
    }
    uint64_t upto = strtoull (s_opt (argc, argv, "--upto", "0"), NULL, 10);
    int expect = atoi (s_opt (argc, argv, "--expect", "1"));
    int timeout = atoi (s_opt (argc, argv, "--timeout", "3000"));
    bool noack = s_flag (argc, argv, "--noack");
    bool ack_each = s_flag (argc, argv, "--ack-each");
    zsock_t *sock = s_connect (argv [0], id, argv [2], true);
    proto_writer_t w;
    proto_writer_init (&w);
    int got = 0;
    uint64_t last = upto;
    bool hello = true;
    while (got < expect || hello) {
        if (hello) {
            proto_header_t h;
            memset (&h, 0, sizeof h);
            h.type = "ack";
            h.ts = proto_now_ms ();
            proto_id_new (h.id, h.ts);
            memcpy (h.from, proto_identity_cert (id)->sign_key, PROTO_PUBKEY_BYTES);
            proto_envelope_begin (&w, &h, 1);
            proto_pack_kv_u64 (&w, "upto", last);
            uint8_t sig [PROTO_SIGNATURE_BYTES];
            proto_identity_sign (id, sig, proto_writer_data (&w), proto_writer_size (&w));
            zmsg_t *msg = zmsg_new ();
            zmsg_addmem (msg, proto_writer_data (&w), proto_writer_size (&w));
            zmsg_addmem (msg, sig, sizeof sig);
            zmsg_send (&msg, sock);
            hello = false;
            if (got >= expect)
                break;
        }
        zsock_set_rcvtimeo (sock, timeout);
        zmsg_t *msg = zmsg_recv (sock);
        if (!msg) {
            printf ("timeout\n");
            break;
        }
        zframe_t *first = zmsg_first (msg);
        proto_link_t link;
        if (proto_link_decode (&link, zframe_data (first), zframe_size (first)) == PROTO_OK
        &&  link.kind == PROTO_LINK_DELIVER) {
            zframe_t *env_frame = zmsg_next (msg);
            zframe_t *sig_frame = zmsg_next (msg);
            proto_envelope_t env;
            if (env_frame && sig_frame
            &&  proto_envelope_decode (&env, zframe_data (env_frame), zframe_size (env_frame),
                                       NULL, NULL) == PROTO_OK) {
                char author [9], idhex [33];
                proto_hex (author, env.from, 4);
                proto_hex (idhex, env.id, PROTO_ID_BYTES);
                printf ("deliver seq=%llu type=%s author=%s id=%s signed=%d\n",
                        (unsigned long long) link.seq, env.type->name, author, idhex,
                        proto_verify (zframe_data (sig_frame), env.bytes, env.size, env.from) == 0);
                proto_envelope_release (&env);
            }
            last = link.seq;
            got++;
            if ((got >= expect || ack_each) && !noack)
                hello = true;           /* the (final) cumulative ack         */
        }
        proto_link_release (&link);
        zmsg_destroy (&msg);
    }
    zclock_sleep (200);
    proto_writer_destroy (&w);
    zsock_destroy (&sock);
    proto_identity_destroy (&id);
    return got >= expect ? 0 : 1;
}

static int
s_keygen (int argc, char **argv)
{
    if (argc < 4)
        return 2;
    char err [512];
    unsigned roles;
    if (proto_roles_parse (&roles, argv [3], err, sizeof err) != 0) {
        fprintf (stderr, "hubclient: %s\n", err);
        return 2;
    }
    proto_identity_t *id = proto_identity_new (argv [1], argc > 5 ? argv [5] : argv [1], argv [2], argc > 4 ? argv [4] : "",
                                               "030-0000000", roles, err, sizeof err);
    if (!id || proto_identity_save (id, argv [0], err, sizeof err) != 0) {
        fprintf (stderr, "hubclient: %s\n", err);
        proto_identity_destroy (&id);
        return 2;
    }
    proto_identity_destroy (&id);
    return 0;
}

int
main (int argc, char *argv [])
{
    zsys_handler_set (NULL);            /* SIGTERM stops it, as tests expect  */
    zsys_init ();
    zsys_set_logstream (stderr);
    proto_init ();
    if (argc < 2) {
        fprintf (stderr, "usage: hubclient keygen|send|recv ...\n");
        return 2;
    }
    if (streq (argv [1], "keygen"))
        return s_keygen (argc - 2, argv + 2);
    if (streq (argv [1], "send"))
        return s_send (argc - 2, argv + 2);
    if (streq (argv [1], "recv"))
        return s_recv (argc - 2, argv + 2);
    return 2;
}
