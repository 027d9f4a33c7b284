/*  hub_signer.c - see hub_signer.h.                                        */
#include "hub_signer.h"

struct hub_signer_t {
    proto_identity_t *identity;
};

hub_signer_t *
hub_signer_load (const char *secret_path, char *err, size_t errlen)
{
    hub_signer_t *self = (hub_signer_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    self->identity = proto_identity_load (secret_path, err, errlen);
    if (!self->identity) {
        free (self);
        return NULL;
    }
    return self;
}

void
hub_signer_destroy (hub_signer_t **self_p)
{
    if (*self_p) {
        proto_identity_destroy (&(*self_p)->identity);
        free (*self_p);
        *self_p = NULL;
    }
}

const proto_cert_t *
hub_signer_cert (const hub_signer_t *self)
{
    return proto_identity_cert (self->identity);
}

zcert_t *
hub_signer_zcert (hub_signer_t *self)
{
    return proto_identity_zcert (self->identity);
}

void
hub_signer_sign (const hub_signer_t *self, uint8_t sig [PROTO_SIGNATURE_BYTES],
                 const uint8_t *bytes, size_t len)
{
    proto_identity_sign (self->identity, sig, bytes, len);
}
