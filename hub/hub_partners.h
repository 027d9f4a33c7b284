/*  hub_partners.h - the admitted partners: the certificate store.

    The operator admits a partner by putting its certificate (NAME.cert) in
    the hub's certs directory and revokes it by removing the file; a reload
    (SIGHUP or `regiehub reload`) builds a new registry from the directory
    and replaces the old one at once. Both the handshake (ZAP, hub_auth) and
    every single message (hub_router) consult the current registry, so a
    revoked partner can do nothing more even on a connection that is still
    open. A file that cannot be read, or that repeats a partner id or key,
    is skipped with a warning naming it, so one bad file locks nobody out.
*/
#ifndef HUB_PARTNERS_H_INCLUDED
#define HUB_PARTNERS_H_INCLUDED

#include <stddef.h>
#include <limits.h>
#include "proto_identity.h"

#define HUB_MAX_PARTNERS   4096

typedef struct {
    proto_cert_t cert;
    char curve_z85 [41];                /* the CURVE key as ZAP reports it   */
    char *file;                         /* the certificate's path (owned)   */
} hub_partner_t;

typedef struct hub_partners_t hub_partners_t;

/*  Loads every *.cert in dir. warn (arg, message) is called for each file
    skipped. Returns NULL with err only when dir itself cannot be read. The
    messages are in the language set up (proto_lang.h): the reader's for
    the commands, English in a running hub's log.                           */
typedef void (hub_warn_fn) (void *arg, const char *message);
hub_partners_t *hub_partners_load (const char *dir, hub_warn_fn *warn, void *arg,
                                   char *err, size_t errlen);
void hub_partners_destroy (hub_partners_t **self_p);

size_t hub_partners_count (const hub_partners_t *self);
const hub_partner_t *hub_partners_at (const hub_partners_t *self, size_t index);
const hub_partner_t *hub_partners_by_curve (const hub_partners_t *self, const char *z85);
const hub_partner_t *hub_partners_by_id (const hub_partners_t *self, const char *id);

/*  A partner for a person to read: "Name (id)" when self (which may be
    NULL) admits it under a name of its own, else the id.                    */
void hub_partners_label (const hub_partners_t *self, const char *id, char *out, size_t outlen);

#endif
