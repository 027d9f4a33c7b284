/*  proto_identity.h - partner and hub identities, their key files and
    certificates.

    An identity is one Ed25519 signing key pair (message signatures) and one
    CURVE key pair (the ZeroMQ transport), with metadata that says who it is.
    On disk it is two files, both in CZMQ's certificate (ZPL) format so that
    zcert_load reads them:

      NAME.cert     public: metadata + curve public-key; the Ed25519 public
                    key travels in the metadata as "sign-key" (Z85). This is
                    what the operator installs in the hub's certificate store.
      NAME.secret   secret: the same, plus curve secret-key and a "sign"
                    section with the Ed25519 seed. Mode 0600, owned by the
                    running user; a secret file that group or others can read
                    is refused (the program says which file and what to run).

    Secret bytes live in sodium_malloc memory and are wiped on destroy. The
    identity is the only holder of a signing key; code that parses untrusted
    bytes never sees one.
*/
#ifndef PROTO_IDENTITY_H_INCLUDED
#define PROTO_IDENTITY_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <czmq.h>
#include "proto_limits.h"

/*  Roles: what a partner may do (certificate metadata "roles", a
    comma-separated list of the names below).                                */
#define PROTO_ROLE_SIGNAL       0x01    /* raise signals                     */
#define PROTO_ROLE_REFER        0x02    /* refer households                  */
#define PROTO_ROLE_INTAKE       0x04    /* triage, accept/decline, priority  */
#define PROTO_ROLE_REGIE        0x08    /* hold regie as casemanager         */
#define PROTO_ROLE_ESCALATION   0x10    /* doorzettingsmacht                 */
#define PROTO_ROLE_OPERATOR     0x20    /* municipality's administrator      */
#define PROTO_ROLE_HUB          0x40    /* the hub itself                    */
#define PROTO_ROLE_ALL          0x7F

#define PROTO_MAX_KIND_BYTES    32
#define PROTO_MAX_ROLES_BYTES   96
#define PROTO_FINGERPRINT_CHARS 40      /* "abcd-efgh-..." + NUL, see below  */
#define PROTO_FINGERPRINT_HASH_BYTES 20 /* BLAKE2b-160 over sign || curve key */
#define PROTO_FINGERPRINT_GROUP 4       /* base32 characters per group       */
#define PROTO_Z85_KEY_CHARS     40      /* Z85 text of a 32-byte key         */
#define PROTO_MAX_CERT_FILE_BYTES 4096  /* a .cert or .secret file           */

/*  The public facts of one identity, as in its certificate.                 */
typedef struct {
    char id   [PROTO_MAX_PARTNER_ID_BYTES + 1];   /* "politie-west"          */
    char name [PROTO_MAX_NAME_BYTES + 1];         /* "Politie Utrecht West"  */
    char kind [PROTO_MAX_KIND_BYTES + 1];         /* "politie", "regieteam"  */
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];   /* regie team id, or ""    */
    char contact [PROTO_MAX_CONTACT_BYTES + 1];   /* phone/mail, or ""       */
    unsigned roles;                               /* PROTO_ROLE_* bits       */
    uint8_t sign_key  [PROTO_PUBKEY_BYTES];       /* Ed25519 public key      */
    uint8_t curve_key [PROTO_PUBKEY_BYTES];       /* CURVE public key        */
} proto_cert_t;

/*  A partner id is 1..PROTO_MAX_PARTNER_ID_BYTES of [a-z0-9-], not starting
    with '-'. Returns 1 if valid.                                            */
int proto_partner_id_valid (const char *id, size_t len);

/*  Parses "signal,refer" into PROTO_ROLE_* bits. Returns -1 on an unknown
    role name or bad syntax (names the culprit in err).                       */
int proto_roles_parse (unsigned *roles, const char *text, char *err, size_t errlen);

/*  Writes "signal,refer" for the bits (in the order above).                 */
void proto_roles_format (char *out, size_t outlen, unsigned roles);

/*  Reads and checks a public certificate file (NAME.cert, or a NAME.secret:
    only the public parts are taken). Every field is checked against its
    limit and syntax. Returns 0, or -1 with a sentence in err.               */
int proto_cert_load (proto_cert_t *cert, const char *path, char *err, size_t errlen);

/*  Fills a certificate from name/value pairs, as the hub's ZAP handler or a
    zcert's metadata gives them. lookup (arg, name) returns the value or NULL.
    Same checks as proto_cert_load; curve_key is left as it is: the caller
    supplies it (the ZAP handler knows it from the handshake). On error the
    certificate is not changed.                                               */
typedef const char *(proto_meta_lookup_fn) (void *arg, const char *name);
int proto_cert_from_meta (proto_cert_t *cert, proto_meta_lookup_fn *lookup, void *arg,
                          char *err, size_t errlen);

/*  A short, human-comparable fingerprint over both public keys, read aloud
    by phone before a partner is admitted: 8 groups of 4 lower-case base32
    characters separated by '-', e.g. "k3v9-2mqa-...". Same keys, same
    fingerprint.                                                             */
void proto_cert_fingerprint (char out [PROTO_FINGERPRINT_CHARS], const proto_cert_t *cert);

typedef struct proto_identity_t proto_identity_t;

/*  Creates a new identity with fresh keys. Metadata is checked like a
    loaded certificate. Returns NULL with a sentence in err.                 */
proto_identity_t *proto_identity_new (const char *id, const char *name, const char *kind,
                                      const char *team, const char *contact, unsigned roles,
                                      char *err, size_t errlen);

/*  Loads NAME.secret. Refuses a file readable by group or others, a missing
    or malformed key, or a sign key that does not match its public key.      */
proto_identity_t *proto_identity_load (const char *secret_path, char *err, size_t errlen);

/*  Writes BASE.secret (0600, created exclusively: an existing file is never
    overwritten) and BASE.cert (0644). Returns 0 or -1 with err.             */
int proto_identity_save (proto_identity_t *self, const char *base_path, char *err, size_t errlen);

void proto_identity_destroy (proto_identity_t **self_p);

/*  The public facts; valid while the identity lives.                        */
const proto_cert_t *proto_identity_cert (const proto_identity_t *self);

/*  A zcert with the CURVE key pair and metadata, for zcert_apply () on a
    socket. Owned by the identity.                                           */
zcert_t *proto_identity_zcert (proto_identity_t *self);

/*  Ed25519 detached signature over msg. Returns 0.                          */
int proto_identity_sign (const proto_identity_t *self, uint8_t sig [PROTO_SIGNATURE_BYTES],
                         const uint8_t *msg, size_t len);

/*  Checks that a secret file has mode 0600 or stricter and is a regular
    file. Returns 0 or -1 with a sentence that names the file and the fix.    */
int proto_secret_file_check (const char *path, char *err, size_t errlen);

#endif
