/*  test_hub_auth.c - the CURVE server fails closed (hub_auth).            */
#include "testing.h"
#include "hub_auth.h"
#include "proto_sign.h"

/*  inproc skips the security handshake: test over TCP on loopback.         */
static char s_endpoint [64];
#define ENDPOINT s_endpoint

/*  A CURVE client with identity id, connected to ENDPOINT; sends one frame;
    returns whether the server received it within ms.                        */
static bool
s_gets_through (zsock_t *server, proto_identity_t *client_id, const char *server_key, int ms)
{
    zsock_t *client = zsock_new (ZMQ_DEALER);
    zsock_set_linger (client, 0);
    zcert_apply (proto_identity_zcert (client_id), client);
    zsock_set_curve_serverkey (client, server_key);
    zsock_connect (client, "%s", ENDPOINT);
    zstr_send (client, "hello");
    zsock_set_rcvtimeo (server, ms);
    zmsg_t *msg = zmsg_recv (server);
    bool got = msg != NULL;
    zmsg_destroy (&msg);
    zsock_destroy (&client);
    return got;
}

static void
test_no_handler_refuses_everyone (void)
{
    char err [256];
    proto_identity_t *hub = proto_identity_new ("hub", "hub", "hub", "", "", PROTO_ROLE_HUB, err, sizeof err);
    proto_identity_t *partner = proto_identity_new ("politie", "Politie", "politie", "", "",
                                                    PROTO_ROLE_SIGNAL, err, sizeof err);
    CHECK (hub && partner);
    zsock_t *server = zsock_new (ZMQ_ROUTER);
    CHECK_INT (hub_auth_curve_server (server, proto_identity_zcert (hub)), 0);
    int port = zsock_bind (server, "tcp://127.0.0.1:*");
    CHECK (port > 0);
    snprintf (s_endpoint, sizeof s_endpoint, "tcp://127.0.0.1:%d", port);
    /* no ZAP handler is bound: with the domain enforced, nobody gets in  */
    bool got = s_gets_through (server, partner, zcert_public_txt (proto_identity_zcert (hub)), 500);
    zsock_destroy (&server);
    proto_identity_destroy (&hub);
    proto_identity_destroy (&partner);
    CHECK (!got);
}

static void
test_handler_admits_only_known_keys (void)
{
    char err [256], base [512];
    proto_identity_t *hub = proto_identity_new ("hub", "hub", "hub", "", "", PROTO_ROLE_HUB, err, sizeof err);
    proto_identity_t *known = proto_identity_new ("politie", "Politie", "politie", "", "",
                                                  PROTO_ROLE_SIGNAL, err, sizeof err);
    proto_identity_t *stranger = proto_identity_new ("stranger", "Stranger", "politie", "", "",
                                                     PROTO_ROLE_SIGNAL, err, sizeof err);
    CHECK (hub && known && stranger);
    snprintf (base, sizeof base, "%s/politie", test_tmpdir ());
    CHECK_INT (proto_identity_save (known, base, err, sizeof err), 0);
    unlink (strcat (base, ".secret"));
    hub_partners_t *partners = hub_partners_load (test_tmpdir (), NULL, NULL, err, sizeof err);
    CHECK (partners);
    CHECK_INT (hub_partners_count (partners), 1);
    hub_auth_t *auth = hub_auth_new (partners);
    CHECK (auth);
    zsock_t *server = zsock_new (ZMQ_ROUTER);
    CHECK_INT (hub_auth_curve_server (server, proto_identity_zcert (hub)), 0);
    int port = zsock_bind (server, "tcp://127.0.0.1:*");
    CHECK (port > 0);
    snprintf (s_endpoint, sizeof s_endpoint, "tcp://127.0.0.1:%d", port);
    const char *key = zcert_public_txt (proto_identity_zcert (hub));

    /* serve ZAP from a poller while the clients try                        */
    zsock_t *client = zsock_new (ZMQ_DEALER);
    zsock_set_linger (client, 0);
    zcert_apply (proto_identity_zcert (known), client);
    zsock_set_curve_serverkey (client, key);
    zsock_connect (client, "%s", ENDPOINT);
    zstr_send (client, "from a known key");
    zsock_t *bad = zsock_new (ZMQ_DEALER);
    zsock_set_linger (bad, 0);
    zcert_apply (proto_identity_zcert (stranger), bad);
    zsock_set_curve_serverkey (bad, key);
    zsock_connect (bad, "%s", ENDPOINT);
    zstr_send (bad, "from a stranger");

    zpoller_t *poller = zpoller_new (hub_auth_socket (auth), server, NULL);
    int got_known = 0, got_stranger = 0;
    const char *user = NULL;
    char user_copy [64] = "";
    int64_t until = zclock_mono () + 1500;
    while (zclock_mono () < until) {
        void *which = zpoller_wait (poller, 50);
        if (which == hub_auth_socket (auth))
            hub_auth_handle (auth);
        else
        if (which == server) {
            zmsg_t *msg = zmsg_recv (server);
            zframe_t *routing = zmsg_pop (msg);
            zframe_t *body = zmsg_first (msg);
            user = zframe_meta (body, "User-Id");
            if (user)
                snprintf (user_copy, sizeof user_copy, "%s", user);
            if (zframe_streq (body, "from a known key"))
                got_known++;
            else
                got_stranger++;
            zframe_destroy (&routing);
            zmsg_destroy (&msg);
        }
    }
    uint64_t admitted, refused;
    hub_auth_counts (auth, &admitted, &refused);
    zpoller_destroy (&poller);
    zsock_destroy (&client);
    zsock_destroy (&bad);
    zsock_destroy (&server);
    hub_auth_destroy (&auth);
    char z85 [41];
    zmq_z85_encode (z85, proto_identity_cert (known)->curve_key, 32);
    hub_partners_destroy (&partners);
    proto_identity_destroy (&hub);
    proto_identity_destroy (&known);
    proto_identity_destroy (&stranger);
    CHECK_INT (got_known, 1);
    CHECK_INT (got_stranger, 0);
    CHECK_STR (user_copy, z85);
    CHECK (admitted >= 1);
    CHECK (refused >= 1);
}

void
suite_hub_auth (void)
{
    TEST_RUN ("hub_auth", test_no_handler_refuses_everyone);
    TEST_RUN ("hub_auth", test_handler_admits_only_known_keys);
}
