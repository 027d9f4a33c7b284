/*  hub_partners.c - see hub_partners.h.                                    */
#include "hub_partners.h"
#include "proto_lang.h"
#include <czmq.h>
#include <dirent.h>

struct hub_partners_t {
    hub_partner_t *list;
    size_t count;
    zhash_t *by_curve;          /* z85 -> hub_partner_t * (not owned)         */
    zhash_t *by_id;             /* id -> hub_partner_t * (not owned)          */
};

static int
s_compare (const void *a, const void *b)
{
    return strcmp (((const hub_partner_t *) a)->cert.id, ((const hub_partner_t *) b)->cert.id);
}

hub_partners_t *
hub_partners_load (const char *dir, hub_warn_fn *warn, void *arg, char *err, size_t errlen)
{
    DIR *d = opendir (dir);
    if (!d) {
        snprintf (err, errlen, _("cannot read the certificate directory %s: %s"), dir, strerror (errno));
        return NULL;
    }
    hub_partners_t *self = (hub_partners_t *) calloc (1, sizeof *self);
    if (self)
        self->list = (hub_partner_t *) calloc (HUB_MAX_PARTNERS, sizeof (hub_partner_t));
    if (self)
        self->by_curve = zhash_new ();
    if (self)
        self->by_id = zhash_new ();
    if (!self || !self->list || !self->by_curve || !self->by_id) {
        closedir (d);
        hub_partners_destroy (&self);
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    struct dirent *entry;
    char message [PATH_MAX + 512];
    while ((entry = readdir (d))) {
        size_t n = strlen (entry->d_name);
        if (n < 6 || strcmp (entry->d_name + n - 5, ".cert") != 0 || entry->d_name [0] == '.')
            continue;
        if (self->count == HUB_MAX_PARTNERS) {
            snprintf (message, sizeof message, _("%s: more than %d certificates; the rest are ignored"),
                      dir, HUB_MAX_PARTNERS);
            if (warn)
                warn (arg, message);
            break;
        }
        hub_partner_t *p = &self->list [self->count];
        char why [256];
        char file [PATH_MAX];
        if (snprintf (file, sizeof file, "%s/%s", dir, entry->d_name) >= (int) sizeof file)
            continue;
        if (proto_cert_load (&p->cert, file, why, sizeof why) != 0) {
            snprintf (message, sizeof message, _("certificate %s skipped: %s"), file, why);
            if (warn)
                warn (arg, message);
            continue;
        }
        p->file = strdup (file);
        if (!p->file) {
            snprintf (message, sizeof message, _("certificate %s skipped: out of memory"), file);
            if (warn)
                warn (arg, message);
            continue;
        }
        p->cert.roles &= ~PROTO_ROLE_HUB;  /* no partner speaks as the hub  */
        self->count++;
    }
    closedir (d);
    if (self->count)                    /* none admitted: maybe no array     */
        qsort (self->list, self->count, sizeof (hub_partner_t), s_compare);
    /* index; refuse repeats (the first file by id order wins)               */
    size_t kept = 0;
    for (size_t i = 0; i < self->count; i++) {
        hub_partner_t *p = &self->list [i];
        zmq_z85_encode (p->curve_z85, p->cert.curve_key, PROTO_PUBKEY_BYTES);
        bool id_used = zhash_lookup (self->by_id, p->cert.id) != NULL;
        bool curve_used = !id_used && zhash_lookup (self->by_curve, p->curve_z85) != NULL;
        bool sign_used = false;
        for (size_t j = 0; j < kept && !id_used && !curve_used && !sign_used; j++)
            sign_used = memcmp (self->list [j].cert.sign_key, p->cert.sign_key, PROTO_PUBKEY_BYTES) == 0;
        if (id_used || curve_used || sign_used) {
            if (id_used)
                snprintf (message, sizeof message,
                          _("certificate %s skipped: its partner id is already used"), p->file);
            else
            if (curve_used)
                snprintf (message, sizeof message,
                          _("certificate %s skipped: its CURVE key is already used"), p->file);
            else
                snprintf (message, sizeof message,
                          _("certificate %s skipped: its signing key is already used"), p->file);
            if (warn)
                warn (arg, message);
            free (p->file);
            p->file = NULL;
            continue;
        }
        if (kept != i)
            self->list [kept] = *p;
        zhash_insert (self->by_id, self->list [kept].cert.id, &self->list [kept]);
        zhash_insert (self->by_curve, self->list [kept].curve_z85, &self->list [kept]);
        kept++;
    }
    self->count = kept;
    return self;
}

void
hub_partners_destroy (hub_partners_t **self_p)
{
    hub_partners_t *self = *self_p;
    if (self) {
        zhash_destroy (&self->by_curve);
        zhash_destroy (&self->by_id);
        for (size_t i = 0; i < self->count; i++)
            free (self->list [i].file);
        free (self->list);
        free (self);
        *self_p = NULL;
    }
}

size_t
hub_partners_count (const hub_partners_t *self)
{
    return self->count;
}

const hub_partner_t *
hub_partners_at (const hub_partners_t *self, size_t index)
{
    return index < self->count ? &self->list [index] : NULL;
}

const hub_partner_t *
hub_partners_by_curve (const hub_partners_t *self, const char *z85)
{
    return (const hub_partner_t *) zhash_lookup (self->by_curve, z85);
}

const hub_partner_t *
hub_partners_by_id (const hub_partners_t *self, const char *id)
{
    return (const hub_partner_t *) zhash_lookup (self->by_id, id);
}

void
hub_partners_label (const hub_partners_t *self, const char *id, char *out, size_t outlen)
{
    const hub_partner_t *p = self && id ? hub_partners_by_id (self, id) : NULL;
    if (p && p->cert.name [0] && strcmp (p->cert.name, id) != 0)
        snprintf (out, outlen, "%s (%s)", p->cert.name, id);
    else
        snprintf (out, outlen, "%s", id ? id : "");
}
