/*  hub_auth.c - see hub_auth.h. The ZAP protocol is ZeroMQ RFC 27.         */
#include "hub_auth.h"

struct hub_auth_t {
    zsock_t *sock;
    const hub_partners_t *partners;
    uint64_t admitted, refused;
};

hub_auth_t *
hub_auth_new (const hub_partners_t *partners)
{
    hub_auth_t *self = (hub_auth_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->partners = partners;
    self->sock = zsock_new (ZMQ_REP);
    if (!self->sock || zsock_bind (self->sock, "%s", HUB_ZAP_ENDPOINT) != 0) {
        hub_auth_destroy (&self);
        return NULL;
    }
    return self;
}

void
hub_auth_destroy (hub_auth_t **self_p)
{
    if (*self_p) {
        zsock_destroy (&(*self_p)->sock);
        free (*self_p);
        *self_p = NULL;
    }
}

void
hub_auth_set_partners (hub_auth_t *self, const hub_partners_t *partners)
{
    self->partners = partners;
}

zsock_t *
hub_auth_socket (hub_auth_t *self)
{
    return self->sock;
}

void
hub_auth_counts (const hub_auth_t *self, uint64_t *admitted, uint64_t *refused)
{
    *admitted = self->admitted;
    *refused = self->refused;
}

/*  One ZMTP metadata property: name-length (1), name, value-length (4 BE),
    value.                                                                    */
static void
s_meta_add (zchunk_t *meta, const char *name, const char *value)
{
    size_t n = strlen (name), v = strlen (value);
    uint8_t hdr [4] = { (uint8_t) (v >> 24), (uint8_t) (v >> 16), (uint8_t) (v >> 8), (uint8_t) v };
    uint8_t nl = (uint8_t) n;
    zchunk_extend (meta, &nl, 1);
    zchunk_extend (meta, name, n);
    zchunk_extend (meta, hdr, 4);
    zchunk_extend (meta, value, v);
}

void
hub_auth_handle (hub_auth_t *self)
{
    zmsg_t *request = zmsg_recv (self->sock);
    if (!request)
        return;
    /* version, request id, domain, address, routing id, mechanism, credentials */
    char *version = zmsg_popstr (request);
    zframe_t *request_id = zmsg_pop (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    zframe_t *routing = zmsg_pop (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *key = zmsg_pop (request);

    const hub_partner_t *partner = NULL;
    char z85 [41] = "";
    if (version && streq (version, "1.0") && request_id && mechanism && streq (mechanism, "CURVE")
    &&  domain && streq (domain, HUB_ZAP_DOMAIN)
    &&  key && zframe_size (key) == PROTO_PUBKEY_BYTES && self->partners) {
        zmq_z85_encode (z85, zframe_data (key), PROTO_PUBKEY_BYTES);
        partner = hub_partners_by_curve (self->partners, z85);
    }
    zmsg_t *reply = zmsg_new ();
    zmsg_addstr (reply, "1.0");
    if (request_id)
        zmsg_append (reply, &request_id);
    else
        zmsg_addstr (reply, "");
    zchunk_t *meta = zchunk_new (NULL, 0);
    if (partner) {
        char roles [PROTO_MAX_ROLES_BYTES];
        proto_roles_format (roles, sizeof roles, partner->cert.roles);
        zmsg_addstr (reply, "200");
        zmsg_addstr (reply, "OK");
        zmsg_addstr (reply, z85);
        s_meta_add (meta, "partner-id", partner->cert.id);
        s_meta_add (meta, "kind", partner->cert.kind);
        s_meta_add (meta, "roles", roles);
        self->admitted++;
        zsys_debug ("handshake from %s admitted: %s", address ? address : "?", partner->cert.id);
    }
    else {
        zmsg_addstr (reply, "400");
        zmsg_addstr (reply, "not admitted to this network");
        zmsg_addstr (reply, "");
        self->refused++;
        zsys_info ("handshake from %s refused: key %s is not admitted",
                   address ? address : "?", z85 [0] ? z85 : "(none)");
    }
    zmsg_addmem (reply, zchunk_data (meta), zchunk_size (meta));
    zchunk_destroy (&meta);
    zmsg_send (&reply, self->sock);

    zstr_free (&version);
    zstr_free (&domain);
    zstr_free (&address);
    zstr_free (&mechanism);
    zframe_destroy (&request_id);
    zframe_destroy (&routing);
    zframe_destroy (&key);
    zmsg_destroy (&request);
}

int
hub_auth_curve_server (zsock_t *sock, zcert_t *cert)
{
    void *handle = zsock_resolve (sock);
    int yes = 1;
    zcert_apply (cert, sock);
    if (zmq_setsockopt (handle, ZMQ_CURVE_SERVER, &yes, sizeof yes) != 0)
        return -1;
    if (zmq_setsockopt (handle, ZMQ_ZAP_DOMAIN, HUB_ZAP_DOMAIN, strlen (HUB_ZAP_DOMAIN)) != 0)
        return -1;
    /* fail closed: without a handler, handshakes are refused                 */
    if (zmq_setsockopt (handle, HUB_ZAP_ENFORCE_DOMAIN, &yes, sizeof yes) != 0)
        return -1;
    return 0;
}
