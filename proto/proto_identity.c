/*  proto_identity.c - partner and hub identities, their key files and
    certificates. See proto_identity.h for the files and the invariants.

    Everything read here comes from outside (a file an operator copied, or
    certificate metadata relayed by the ZAP handler), so every field is
    checked for length first, then syntax, before it is copied. Files are
    parsed with CZMQ's own ZPL reader, so what we accept is what zcert_load
    and zcertstore read; we refuse duplicated names because CZMQ takes the
    first of them in one place and the last in another.

    Files are written by a small ZPL writer of our own rather than by
    zconfig_save: zconfig formats every value into heap strings it frees
    without wiping (secret keys would linger in freed memory), and it does
    not escape quotes. Our values are checked to need no escaping.
*/
#include "proto_identity.h"
#include "proto_file.h"
#include "proto_lang.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <zmq.h>

_Static_assert (PROTO_PUBKEY_BYTES == crypto_sign_PUBLICKEYBYTES, "Ed25519 key size");
_Static_assert (PROTO_PUBKEY_BYTES == crypto_box_PUBLICKEYBYTES, "CURVE key size");
_Static_assert (PROTO_SIGNATURE_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert (PROTO_PUBKEY_BYTES == crypto_sign_SEEDBYTES, "Ed25519 seed size");
_Static_assert (PROTO_FINGERPRINT_HASH_BYTES * 8 % 5 == 0, "fingerprint is whole base32");

//  Fingerprint text: base32 characters, then one '-' between groups
#define S_FP_BASE32_CHARS   (PROTO_FINGERPRINT_HASH_BYTES * 8 / 5)
#define S_FP_GROUPS         (S_FP_BASE32_CHARS / PROTO_FINGERPRINT_GROUP)
_Static_assert (S_FP_BASE32_CHARS + S_FP_GROUPS - 1 + 1 == PROTO_FINGERPRINT_CHARS,
                "fingerprint text size");

#define S_BASE32_BITS       5
#define S_BASE32_MASK       0x1F
#define S_QUOTE_MAX         40      //  untrusted text echoed in an error
#define S_METADATA_FIELDS   8       //  names we write, plus the end marker

//  Certificate metadata names (the protocol fixes them)
#define S_META_ID           "partner-id"
#define S_META_NAME         "name"
#define S_META_KIND         "kind"
#define S_META_TEAM         "team"
#define S_META_CONTACT      "contact"
#define S_META_ROLES        "roles"
#define S_META_SIGN_KEY     "sign-key"

static const struct {
    const char *name;
    unsigned bit;
} s_roles [] = {
    { "signal",     PROTO_ROLE_SIGNAL },
    { "refer",      PROTO_ROLE_REFER },
    { "intake",     PROTO_ROLE_INTAKE },
    { "regie",      PROTO_ROLE_REGIE },
    { "escalation", PROTO_ROLE_ESCALATION },
    { "operator",   PROTO_ROLE_OPERATOR },
    { "hub",        PROTO_ROLE_HUB },
};
#define S_ROLE_COUNT (sizeof s_roles / sizeof s_roles [0])

struct proto_identity_t {
    proto_cert_t cert;          //  public facts, checked
    uint8_t *sign_secret;       //  Ed25519 secret key (seed || public), sodium_malloc
    uint8_t *curve_secret;      //  CURVE secret key, sodium_malloc
    zcert_t *zcert;             //  for zcert_apply; CZMQ keeps its own copy of the
                                //  curve secret, which we cannot wipe
};

typedef struct {
    const char *name;
    const char *value;
} s_pair_t;


//  --------------------------------------------------------------------------
//  Small helpers

//  Copies untrusted text into out for an error message: at most S_QUOTE_MAX
//  bytes, anything but printable ASCII shown as '?', so that a hostile value
//  cannot put terminal escapes or new lines into our logs.
static void
s_quote (char out [S_QUOTE_MAX + 4], const char *text)
{
    size_t i;
    for (i = 0; i < S_QUOTE_MAX && text [i]; i++)
        out [i] = (text [i] >= ' ' && text [i] <= '~')? text [i]: '?';
    if (text [i])
        out [i++] = '.', out [i++] = '.', out [i++] = '.';
    out [i] = 0;
}

//  [a-z0-9-], 1..max bytes, not starting with '-'
static bool
s_token_valid (const char *text, size_t len, size_t max)
{
    if (!text || len == 0 || len > max || text [0] == '-')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = text [i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

//  Why a piece of display text was refused
typedef enum {
    S_TEXT_OK,
    S_TEXT_BAD_UTF8,
    S_TEXT_CONTROL,
    S_TEXT_QUOTE,
    S_TEXT_SPACE
} s_text_t;

//  Display text (names, contacts) is shown to people and stored in ZPL
//  files: valid UTF-8 (no overlong forms, surrogates or values beyond
//  U+10FFFF), no control characters (C0, DEL, C1, and the line separators
//  and bidirectional overrides that can make text look like something
//  else), no '"' (a ZPL value cannot hold one), no space at either end
//  (ZPL trims unquoted values, and a trailing space would be invisible).
static s_text_t
s_text_check (const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *) text;
    const unsigned char *end = p + len;
    if (len && (p [0] == ' ' || end [-1] == ' '))
        return S_TEXT_SPACE;
    while (p < end) {
        uint32_t cp;
        size_t n;
        if (*p < 0x80) {
            cp = *p;
            n = 1;
        }
        else
        if (*p >= 0xC2 && *p <= 0xDF) {
            cp = *p & 0x1F;
            n = 2;
        }
        else
        if (*p >= 0xE0 && *p <= 0xEF) {
            cp = *p & 0x0F;
            n = 3;
        }
        else
        if (*p >= 0xF0 && *p <= 0xF4) {
            cp = *p & 0x07;
            n = 4;
        }
        else
            return S_TEXT_BAD_UTF8;
        if ((size_t) (end - p) < n)
            return S_TEXT_BAD_UTF8;
        for (size_t i = 1; i < n; i++) {
            if ((p [i] & 0xC0) != 0x80)
                return S_TEXT_BAD_UTF8;
            cp = (cp << 6) | (p [i] & 0x3F);
        }
        if ((n == 3 && cp < 0x800)
        ||  (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        ||  (cp >= 0xD800 && cp <= 0xDFFF))
            return S_TEXT_BAD_UTF8;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
        ||  cp == 0x2028 || cp == 0x2029
        ||  (cp >= 0x202A && cp <= 0x202E)
        ||  (cp >= 0x2066 && cp <= 0x2069))
            return S_TEXT_CONTROL;
        if (cp == '"')
            return S_TEXT_QUOTE;
        p += n;
    }
    return S_TEXT_OK;
}

static const char *
s_text_problem (s_text_t problem)
{
    switch (problem) {
        case S_TEXT_BAD_UTF8: return _("is not valid UTF-8");
        case S_TEXT_CONTROL:  return _("contains a control character");
        case S_TEXT_QUOTE:    return _("contains a double quote, which a certificate file cannot hold");
        case S_TEXT_SPACE:    return _("starts or ends with a space");
        default:              return _("is valid");
    }
}

//  Decodes a 32-byte key from its 40 Z85 characters.
static int
s_z85_key (uint8_t key [PROTO_PUBKEY_BYTES], const char *text, const char *where,
           const char *field, char *err, size_t errlen)
{
    if (!text) {
        snprintf (err, errlen, _("%s has no %s"), where, field);
        return -1;
    }
    size_t len = strnlen (text, PROTO_Z85_KEY_CHARS + 1);
    if (len != PROTO_Z85_KEY_CHARS) {
        snprintf (err, errlen, _("%s: %s must be %d Z85 characters (it has %s%zu)"),
                  where, field, PROTO_Z85_KEY_CHARS,
                  len > PROTO_Z85_KEY_CHARS? "more than ": "",
                  len > PROTO_Z85_KEY_CHARS? (size_t) PROTO_Z85_KEY_CHARS: len);
        return -1;
    }
    if (!zmq_z85_decode (key, text)) {
        snprintf (err, errlen, _("%s: %s is not valid Z85 text"), where, field);
        return -1;
    }
    return 0;
}

//  Wipes every value in a loaded ZPL tree before it is freed: a .secret
//  file's tree holds both secret keys as text.
static void
s_config_wipe (zconfig_t *item)
{
    while (item) {
        char *value = zconfig_value (item);
        if (value)
            sodium_memzero (value, strlen (value));
        s_config_wipe (zconfig_child (item));
        item = zconfig_next (item);
    }
}

//  Refuses a tree in which one section names the same item twice.
static int
s_config_unique (zconfig_t *section, const char *path, char *err, size_t errlen)
{
    for (zconfig_t *item = zconfig_child (section); item; item = zconfig_next (item)) {
        for (zconfig_t *other = zconfig_next (item); other; other = zconfig_next (other))
            if (streq (zconfig_name (item), zconfig_name (other))) {
                char quoted [S_QUOTE_MAX + 4];
                s_quote (quoted, zconfig_name (item));
                snprintf (err, errlen, _("%s names \"%s\" twice in one section"), path, quoted);
                return -1;
            }
        if (s_config_unique (item, path, err, errlen))
            return -1;
    }
    return 0;
}

//  The ownership and mode rules for a secret file, on an already taken stat.
static int
s_secret_stat_check (const char *path, const struct stat *st, char *err, size_t errlen)
{
    if (!S_ISREG (st->st_mode)) {
        snprintf (err, errlen, _("secret file %s is not a regular file"), path);
        return -1;
    }
    if (st->st_uid != geteuid ()) {
        snprintf (err, errlen, _("secret file %s belongs to uid %ld, not to the user running "
                  "this program (uid %ld); run: chown %ld %s"),
                  path, (long) st->st_uid, (long) geteuid (), (long) geteuid (), path);
        return -1;
    }
    if (st->st_mode & (S_IRWXG | S_IRWXO)) {
        snprintf (err, errlen, _("secret file %s can be read by others (mode %04o); "
                  "run: chmod 600 %s"), path, (unsigned) (st->st_mode & 07777), path);
        return -1;
    }
    return 0;
}

//  Reads a whole certificate or secret file into a ZPL tree. Reads at most
//  PROTO_MAX_CERT_FILE_BYTES and refuses more, refuses NUL bytes (CZMQ's
//  parser would silently stop there), and checks a secret file's mode again
//  on the opened file so that a file swapped after the check is refused.
//  Returns the tree or NULL with err; the caller wipes and destroys it.
static zconfig_t *
s_config_read (const char *path, bool secret, char *err, size_t errlen)
{
    //  O_NONBLOCK so that a FIFO planted at path cannot hang us before the
    //  regular-file check; it does nothing for regular files.
    int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd == -1) {
        snprintf (err, errlen, _("cannot open %s: %s"), path, strerror (errno));
        return NULL;
    }
    struct stat st;
    if (fstat (fd, &st) == -1) {
        snprintf (err, errlen, _("cannot read %s: %s"), path, strerror (errno));
        close (fd);
        return NULL;
    }
    if (secret) {
        if (s_secret_stat_check (path, &st, err, errlen)) {
            close (fd);
            return NULL;
        }
    }
    else
    if (!S_ISREG (st.st_mode)) {
        snprintf (err, errlen, _("certificate file %s is not a regular file"), path);
        close (fd);
        return NULL;
    }
    //  One byte more than the limit, to tell "at the limit" from "beyond"
    size_t room = PROTO_MAX_CERT_FILE_BYTES + 1;
    char *data = (char *) sodium_malloc (room);
    if (!data) {
        snprintf (err, errlen, _("out of memory reading %s"), path);
        close (fd);
        return NULL;
    }
    size_t size = 0;
    while (size < room) {
        ssize_t rc = read (fd, data + size, room - size);
        if (rc == -1 && errno == EINTR)
            continue;
        if (rc == -1) {
            snprintf (err, errlen, _("cannot read %s: %s"), path, strerror (errno));
            sodium_free (data);
            close (fd);
            return NULL;
        }
        if (rc == 0)
            break;
        size += (size_t) rc;
    }
    close (fd);

    zconfig_t *root = NULL;
    if (size > PROTO_MAX_CERT_FILE_BYTES)
        snprintf (err, errlen, _("%s is too large for a certificate file (more than %d bytes)"),
                  path, PROTO_MAX_CERT_FILE_BYTES);
    else
    if (memchr (data, 0, size))
        snprintf (err, errlen, _("%s is not a certificate file: it contains a NUL byte"), path);
    else {
        zchunk_t *chunk = zchunk_new (data, size);
        if (!chunk)
            snprintf (err, errlen, _("out of memory reading %s"), path);
        else {
            root = zconfig_chunk_load (chunk);
            sodium_memzero (zchunk_data (chunk), zchunk_size (chunk));
            zchunk_destroy (&chunk);
            if (!root)
                snprintf (err, errlen, _("%s is not a valid certificate file (ZPL syntax error)"),
                          path);
            else
            if (s_config_unique (root, path, err, errlen)) {
                s_config_wipe (root);
                zconfig_destroy (&root);
            }
        }
    }
    sodium_memzero (data, size);
    sodium_free (data);
    return root;
}

//  Creates path exclusively with exactly mode (the umask may not narrow a
//  public file's mode) and data, durably (proto_file.h: a key file that a
//  power cut left empty or nameless would lose the identity). On any
//  failure nothing is left.
static int
s_file_create (const char *path, mode_t mode, const char *data, size_t size,
               const char *what, char *err, size_t errlen)
{
    if (proto_file_write (path, data, size, mode, PROTO_FILE_NEW) == 0)
        return 0;
    if (errno == EEXIST)
        snprintf (err, errlen, _("%s %s already exists; it is never overwritten, "
                  "remove it first or choose another name"), what, path);
    else
        snprintf (err, errlen, _("cannot create %s %s: %s"), what, path, strerror (errno));
    return -1;
}


//  --------------------------------------------------------------------------
//  Partner ids and roles

int
proto_partner_id_valid (const char *id, size_t len)
{
    return s_token_valid (id, len, PROTO_MAX_PARTNER_ID_BYTES)? 1: 0;
}

int
proto_roles_parse (unsigned *roles, const char *text, char *err, size_t errlen)
{
    assert (roles);
    if (!text) {
        snprintf (err, errlen, _("no roles given"));
        return -1;
    }
    size_t len = strnlen (text, PROTO_MAX_ROLES_BYTES + 1);
    if (len > PROTO_MAX_ROLES_BYTES) {
        snprintf (err, errlen, _("the roles list is longer than %d bytes"), PROTO_MAX_ROLES_BYTES);
        return -1;
    }
    if (len == 0) {
        snprintf (err, errlen, _("the roles list is empty; name at least one of "
                  "signal, refer, intake, regie, escalation, operator, hub"));
        return -1;
    }
    unsigned bits = 0;
    const char *start = text;
    while (true) {
        const char *comma = strchr (start, ',');
        size_t name_len = comma? (size_t) (comma - start): strlen (start);
        size_t i;
        for (i = 0; i < S_ROLE_COUNT; i++)
            if (strlen (s_roles [i].name) == name_len
            &&  memcmp (s_roles [i].name, start, name_len) == 0)
                break;
        if (name_len == 0) {
            char quoted [S_QUOTE_MAX + 4];
            s_quote (quoted, text);
            snprintf (err, errlen, _("the roles list \"%s\" has an empty name; write names "
                      "separated by single commas, without spaces"), quoted);
            return -1;
        }
        if (i == S_ROLE_COUNT) {
            char name [PROTO_MAX_ROLES_BYTES + 1];
            memcpy (name, start, name_len);
            name [name_len] = 0;
            char quoted [S_QUOTE_MAX + 4];
            s_quote (quoted, name);
            snprintf (err, errlen, _("unknown role \"%s\"; roles are signal, refer, intake, "
                      "regie, escalation, operator and hub"), quoted);
            return -1;
        }
        if (bits & s_roles [i].bit) {
            snprintf (err, errlen, _("role \"%s\" is named twice"), s_roles [i].name);
            return -1;
        }
        bits |= s_roles [i].bit;
        if (!comma)
            break;
        start = comma + 1;
    }
    *roles = bits;
    return 0;
}

void
proto_roles_format (char *out, size_t outlen, unsigned roles)
{
    if (!out || outlen == 0)
        return;
    size_t used = 0;
    out [0] = 0;
    for (size_t i = 0; i < S_ROLE_COUNT; i++) {
        if (!(roles & s_roles [i].bit))
            continue;
        size_t need = strlen (s_roles [i].name) + (used? 1: 0);
        //  A list that does not fit stops at the last whole name
        if (used + need >= outlen)
            break;
        if (used)
            out [used++] = ',';
        memcpy (out + used, s_roles [i].name, strlen (s_roles [i].name));
        used += strlen (s_roles [i].name);
        out [used] = 0;
    }
}


//  --------------------------------------------------------------------------
//  Certificates

//  Copies one display-text field after checking its length and content.
static int
s_text_field (char *out, const char *value, const char *field, size_t min, size_t max,
              const char *where, char *err, size_t errlen)
{
    size_t len = strnlen (value, max + 1);
    if (len > max) {
        snprintf (err, errlen, _("%s: %s is longer than %zu bytes"), where, field, max);
        return -1;
    }
    if (len < min) {
        snprintf (err, errlen, _("%s: %s is empty"), where, field);
        return -1;
    }
    s_text_t problem = s_text_check (value, len);
    if (problem != S_TEXT_OK) {
        snprintf (err, errlen, _("%s: %s %s"), where, field, s_text_problem (problem));
        return -1;
    }
    memcpy (out, value, len);
    out [len] = 0;
    return 0;
}

//  Copies one [a-z0-9-] field; an empty value only when optional.
static int
s_token_field (char *out, const char *value, const char *field, size_t max, bool optional,
               const char *where, char *err, size_t errlen)
{
    size_t len = strnlen (value, max + 1);
    if (len == 0 && optional) {
        out [0] = 0;
        return 0;
    }
    if (!s_token_valid (value, len, max)) {
        char quoted [S_QUOTE_MAX + 4];
        s_quote (quoted, value);
        snprintf (err, errlen, _("%s: %s \"%s\" is not valid: use 1 to %zu of a-z, 0-9 and '-', "
                  "not starting with '-'"), where, field, quoted, max);
        return -1;
    }
    memcpy (out, value, len);
    out [len] = 0;
    return 0;
}

//  The common checks behind proto_cert_load and proto_cert_from_meta.
//  where starts each error sentence ("certificate /x/y.cert").
static int
s_cert_fill (proto_cert_t *cert, proto_meta_lookup_fn *lookup, void *arg,
             const char *where, char *err, size_t errlen)
{
    static const char *required [] = {
        S_META_ID, S_META_NAME, S_META_KIND, S_META_ROLES, S_META_SIGN_KEY
    };
    for (size_t i = 0; i < sizeof required / sizeof required [0]; i++)
        if (!lookup (arg, required [i])) {
            snprintf (err, errlen, _("%s has no \"%s\" in its metadata"), where, required [i]);
            return -1;
        }
    const char *team = lookup (arg, S_META_TEAM);
    const char *contact = lookup (arg, S_META_CONTACT);

    proto_cert_t fresh;
    memset (&fresh, 0, sizeof fresh);
    if (s_token_field (fresh.id, lookup (arg, S_META_ID), "partner-id",
                       PROTO_MAX_PARTNER_ID_BYTES, false, where, err, errlen)
    ||  s_text_field (fresh.name, lookup (arg, S_META_NAME), "name",
                      1, PROTO_MAX_NAME_BYTES, where, err, errlen)
    ||  s_token_field (fresh.kind, lookup (arg, S_META_KIND), "kind",
                       PROTO_MAX_KIND_BYTES, false, where, err, errlen)
    ||  s_token_field (fresh.team, team? team: "", "team",
                       PROTO_MAX_PARTNER_ID_BYTES, true, where, err, errlen)
    ||  s_text_field (fresh.contact, contact? contact: "", "contact",
                      0, PROTO_MAX_CONTACT_BYTES, where, err, errlen))
        return -1;

    char reason [PROTO_MAX_REASON_BYTES + 1];
    if (proto_roles_parse (&fresh.roles, lookup (arg, S_META_ROLES), reason, sizeof reason)) {
        snprintf (err, errlen, _("%s: %s"), where, reason);
        return -1;
    }
    if (s_z85_key (fresh.sign_key, lookup (arg, S_META_SIGN_KEY), where, "sign-key",
                   err, errlen))
        return -1;
    //  Refuse keys that no honest key generator produces: signatures under
    //  a small-order key prove nothing.
    if (crypto_core_ed25519_is_valid_point (fresh.sign_key) != 1) {
        snprintf (err, errlen, _("%s: sign-key is not a valid Ed25519 public key"), where);
        return -1;
    }
    memcpy (fresh.curve_key, cert->curve_key, sizeof fresh.curve_key);
    *cert = fresh;
    return 0;
}

static const char *
s_zconfig_lookup (void *arg, const char *name)
{
    zconfig_t *item = arg? zconfig_child ((zconfig_t *) arg): NULL;
    for (; item; item = zconfig_next (item))
        if (streq (zconfig_name (item), name))
            return zconfig_value (item);
    return NULL;
}

static const char *
s_pairs_lookup (void *arg, const char *name)
{
    for (const s_pair_t *pair = (const s_pair_t *) arg; pair->name; pair++)
        if (streq (pair->name, name))
            return pair->value;
    return NULL;
}

//  Public parts of a loaded tree into cert.
static int
s_cert_from_config (proto_cert_t *cert, zconfig_t *root, const char *where,
                    char *err, size_t errlen)
{
    zconfig_t *metadata = zconfig_locate (root, "metadata");
    if (!metadata) {
        snprintf (err, errlen, _("%s has no metadata section"), where);
        return -1;
    }
    proto_cert_t fresh;
    memset (&fresh, 0, sizeof fresh);
    if (s_z85_key (fresh.curve_key, zconfig_get (root, "curve/public-key", NULL), where,
                   "curve public-key", err, errlen))
        return -1;
    if (sodium_is_zero (fresh.curve_key, sizeof fresh.curve_key)) {
        snprintf (err, errlen, _("%s: curve public-key is all zeros"), where);
        return -1;
    }
    if (s_cert_fill (&fresh, s_zconfig_lookup, metadata, where, err, errlen))
        return -1;
    *cert = fresh;
    return 0;
}

int
proto_cert_load (proto_cert_t *cert, const char *path, char *err, size_t errlen)
{
    assert (cert);
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return -1;
    }
    zconfig_t *root = s_config_read (path, false, err, errlen);
    if (!root)
        return -1;
    char where [PATH_MAX + sizeof "certificate "];
    snprintf (where, sizeof where, "certificate %s", path);
    int rc = s_cert_from_config (cert, root, where, err, errlen);
    s_config_wipe (root);
    zconfig_destroy (&root);
    return rc;
}

int
proto_cert_from_meta (proto_cert_t *cert, proto_meta_lookup_fn *lookup, void *arg,
                      char *err, size_t errlen)
{
    assert (cert);
    assert (lookup);
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return -1;
    }
    return s_cert_fill (cert, lookup, arg, "certificate metadata", err, errlen);
}

void
proto_cert_fingerprint (char out [PROTO_FINGERPRINT_CHARS], const proto_cert_t *cert)
{
    static const char alphabet [] = "abcdefghijklmnopqrstuvwxyz234567";
    uint8_t hash [PROTO_FINGERPRINT_HASH_BYTES];
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, sizeof hash);
    crypto_generichash_update (&state, cert->sign_key, sizeof cert->sign_key);
    crypto_generichash_update (&state, cert->curve_key, sizeof cert->curve_key);
    crypto_generichash_final (&state, hash, sizeof hash);

    //  RFC 4648 base32, most significant bits first; the length is a whole
    //  number of 5-bit groups, so no padding
    uint32_t buffer = 0;
    int bits = 0;
    size_t chars = 0, pos = 0;
    for (size_t i = 0; i < sizeof hash; i++) {
        buffer = (buffer << 8) | hash [i];
        bits += 8;
        while (bits >= S_BASE32_BITS) {
            bits -= S_BASE32_BITS;
            if (chars && chars % PROTO_FINGERPRINT_GROUP == 0)
                out [pos++] = '-';
            out [pos++] = alphabet [(buffer >> bits) & S_BASE32_MASK];
            chars++;
        }
    }
    out [pos] = 0;
}


//  --------------------------------------------------------------------------
//  Identities

//  The metadata of cert as name/value pairs, in the order we write them;
//  roles_txt and sign_txt are the caller's buffers for the two encoded
//  values. Optional fields that are empty are left out.
static void
s_cert_pairs (s_pair_t pairs [S_METADATA_FIELDS], const proto_cert_t *cert,
              char roles_txt [PROTO_MAX_ROLES_BYTES + 1],
              char sign_txt [PROTO_Z85_KEY_CHARS + 1])
{
    proto_roles_format (roles_txt, PROTO_MAX_ROLES_BYTES + 1, cert->roles);
    zmq_z85_encode (sign_txt, cert->sign_key, sizeof cert->sign_key);
    size_t n = 0;
    pairs [n++] = (s_pair_t) { S_META_ID, cert->id };
    pairs [n++] = (s_pair_t) { S_META_NAME, cert->name };
    pairs [n++] = (s_pair_t) { S_META_KIND, cert->kind };
    if (cert->team [0])
        pairs [n++] = (s_pair_t) { S_META_TEAM, cert->team };
    if (cert->contact [0])
        pairs [n++] = (s_pair_t) { S_META_CONTACT, cert->contact };
    pairs [n++] = (s_pair_t) { S_META_ROLES, roles_txt };
    pairs [n++] = (s_pair_t) { S_META_SIGN_KEY, sign_txt };
    pairs [n] = (s_pair_t) { NULL, NULL };
}

static proto_identity_t *
s_identity_alloc (char *err, size_t errlen)
{
    proto_identity_t *self = (proto_identity_t *) calloc (1, sizeof (proto_identity_t));
    if (self) {
        self->sign_secret = (uint8_t *) sodium_malloc (crypto_sign_SECRETKEYBYTES);
        self->curve_secret = (uint8_t *) sodium_malloc (crypto_box_SECRETKEYBYTES);
    }
    if (!self || !self->sign_secret || !self->curve_secret) {
        snprintf (err, errlen, _("out of memory for a new identity"));
        proto_identity_destroy (&self);
    }
    return self;
}

//  Builds the zcert from the checked keys and metadata.
static int
s_identity_zcert (proto_identity_t *self, char *err, size_t errlen)
{
    if (!self->zcert)
        self->zcert = zcert_new_from (self->cert.curve_key, self->curve_secret);
    if (!self->zcert) {
        snprintf (err, errlen, _("out of memory for a CURVE certificate"));
        return -1;
    }
    char roles_txt [PROTO_MAX_ROLES_BYTES + 1];
    char sign_txt [PROTO_Z85_KEY_CHARS + 1];
    s_pair_t pairs [S_METADATA_FIELDS];
    s_cert_pairs (pairs, &self->cert, roles_txt, sign_txt);
    for (s_pair_t *pair = pairs; pair->name; pair++)
        zcert_set_meta (self->zcert, pair->name, "%s", pair->value);
    return 0;
}

proto_identity_t *
proto_identity_new (const char *id, const char *name, const char *kind,
                    const char *team, const char *contact, unsigned roles,
                    char *err, size_t errlen)
{
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return NULL;
    }
    if (roles & ~(unsigned) PROTO_ROLE_ALL) {
        snprintf (err, errlen, _("roles 0x%x include unknown role bits"), roles);
        return NULL;
    }
    proto_identity_t *self = s_identity_alloc (err, errlen);
    if (!self)
        return NULL;

    //  CURVE keys from CZMQ (libzmq's generator); the zcert is kept for
    //  zcert_apply, so its secret is not copied around more than once
    self->zcert = zcert_new ();
    if (!self->zcert) {
        snprintf (err, errlen, _("could not generate a CURVE key pair"));
        proto_identity_destroy (&self);
        return NULL;
    }
    memcpy (self->cert.curve_key, zcert_public_key (self->zcert), PROTO_PUBKEY_BYTES);
    memcpy (self->curve_secret, zcert_secret_key (self->zcert), crypto_box_SECRETKEYBYTES);

    uint8_t sign_key [PROTO_PUBKEY_BYTES];
    crypto_sign_keypair (sign_key, self->sign_secret);

    //  The metadata goes through the same checks as a loaded certificate
    char roles_txt [PROTO_MAX_ROLES_BYTES + 1];
    char sign_txt [PROTO_Z85_KEY_CHARS + 1];
    proto_roles_format (roles_txt, sizeof roles_txt, roles);
    zmq_z85_encode (sign_txt, sign_key, sizeof sign_key);
    s_pair_t pairs [] = {
        { S_META_ID, id },
        { S_META_NAME, name },
        { S_META_KIND, kind },
        { S_META_TEAM, team? team: "" },
        { S_META_CONTACT, contact? contact: "" },
        { S_META_ROLES, roles_txt },
        { S_META_SIGN_KEY, sign_txt },
        { NULL, NULL }
    };
    if (s_cert_fill (&self->cert, s_pairs_lookup, pairs, "new identity", err, errlen)
    ||  s_identity_zcert (self, err, errlen)) {
        proto_identity_destroy (&self);
        return NULL;
    }
    return self;
}

proto_identity_t *
proto_identity_load (const char *secret_path, char *err, size_t errlen)
{
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return NULL;
    }
    if (proto_secret_file_check (secret_path, err, errlen))
        return NULL;
    zconfig_t *root = s_config_read (secret_path, true, err, errlen);
    if (!root)
        return NULL;

    char where [PATH_MAX + sizeof "secret file "];
    snprintf (where, sizeof where, "secret file %s", secret_path);
    proto_identity_t *self = s_identity_alloc (err, errlen);
    uint8_t *seed = (uint8_t *) sodium_malloc (crypto_sign_SEEDBYTES);
    uint8_t check [PROTO_PUBKEY_BYTES];
    int rc = -1;
    if (!self || !seed)
        snprintf (err, errlen, _("out of memory loading %s"), secret_path);
    else
    if (s_cert_from_config (&self->cert, root, where, err, errlen) == 0
    &&  s_z85_key (self->curve_secret, zconfig_get (root, "curve/secret-key", NULL),
                   where, "curve secret-key", err, errlen) == 0
    &&  s_z85_key (seed, zconfig_get (root, "sign/secret-key", NULL),
                   where, "sign secret-key", err, errlen) == 0) {
        //  Both secrets must belong to the public keys beside them: a
        //  mismatch means a damaged or spliced file, and we would sign or
        //  handshake as somebody else than the certificate says.
        if (crypto_scalarmult_base (check, self->curve_secret) != 0
        ||  memcmp (check, self->cert.curve_key, sizeof check) != 0)
            snprintf (err, errlen, _("%s: the curve secret-key does not belong to its "
                      "public-key"), where);
        else {
            crypto_sign_seed_keypair (check, self->sign_secret, seed);
            if (memcmp (check, self->cert.sign_key, sizeof check) != 0)
                snprintf (err, errlen, _("%s: the sign secret-key does not belong to the "
                          "sign-key in its metadata"), where);
            else
                rc = s_identity_zcert (self, err, errlen);
        }
    }
    if (seed)
        sodium_free (seed);         //  sodium_free wipes
    s_config_wipe (root);
    zconfig_destroy (&root);
    if (rc)
        proto_identity_destroy (&self);
    return self;
}

//  Appends one formatted piece to a ZPL text being built in buf.
static int
s_zpl_append (char *buf, size_t size, size_t *used, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

static int
s_zpl_append (char *buf, size_t size, size_t *used, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    int n = vsnprintf (buf + *used, size - *used, format, args);
    va_end (args);
    if (n < 0 || (size_t) n >= size - *used)
        return -1;
    *used += (size_t) n;
    return 0;
}

//  Writes the ZPL text of a certificate (secret: with both secret keys)
//  into buf, which must be sodium_malloc memory of PROTO_MAX_CERT_FILE_BYTES.
static int
s_identity_text (proto_identity_t *self, bool secret, char *buf, size_t *used)
{
    const size_t size = PROTO_MAX_CERT_FILE_BYTES;
    char roles_txt [PROTO_MAX_ROLES_BYTES + 1];
    char sign_txt [PROTO_Z85_KEY_CHARS + 1];
    char curve_txt [PROTO_Z85_KEY_CHARS + 1];
    s_pair_t pairs [S_METADATA_FIELDS];
    s_cert_pairs (pairs, &self->cert, roles_txt, sign_txt);
    zmq_z85_encode (curve_txt, self->cert.curve_key, sizeof self->cert.curve_key);

    *used = 0;
    int rc = s_zpl_append (buf, size, used, "#   regiehub %s certificate for %s\n",
                           secret? "SECRET": "public", self->cert.id);
    if (secret)
        rc |= s_zpl_append (buf, size, used, "#   Keep this file private (mode 0600); "
                            "never send or copy it anywhere.\n");
    else
        rc |= s_zpl_append (buf, size, used, "#   Public: install it in the hub's "
                            "certificate store.\n");
    rc |= s_zpl_append (buf, size, used, "\nmetadata\n");
    for (s_pair_t *pair = pairs; pair->name; pair++)
        rc |= s_zpl_append (buf, size, used, "    %s = \"%s\"\n", pair->name, pair->value);
    rc |= s_zpl_append (buf, size, used, "curve\n    public-key = \"%s\"\n", curve_txt);
    if (secret) {
        //  The secret texts are built in sodium_malloc memory and wiped
        char *key_txt = (char *) sodium_malloc (PROTO_Z85_KEY_CHARS + 1);
        uint8_t *seed = (uint8_t *) sodium_malloc (crypto_sign_SEEDBYTES);
        if (!key_txt || !seed)
            rc = -1;
        else {
            zmq_z85_encode (key_txt, self->curve_secret, crypto_box_SECRETKEYBYTES);
            rc |= s_zpl_append (buf, size, used, "    secret-key = \"%s\"\n", key_txt);
            crypto_sign_ed25519_sk_to_seed (seed, self->sign_secret);
            zmq_z85_encode (key_txt, seed, crypto_sign_SEEDBYTES);
            rc |= s_zpl_append (buf, size, used, "sign\n    secret-key = \"%s\"\n", key_txt);
        }
        if (key_txt)
            sodium_free (key_txt);
        if (seed)
            sodium_free (seed);
    }
    return rc? -1: 0;
}

int
proto_identity_save (proto_identity_t *self, const char *base_path, char *err, size_t errlen)
{
    assert (self);
    char secret_path [PATH_MAX], cert_path [PATH_MAX];
    if (!base_path || !*base_path
    ||  snprintf (secret_path, sizeof secret_path, "%s.secret", base_path)
            >= (int) sizeof secret_path
    ||  snprintf (cert_path, sizeof cert_path, "%s.cert", base_path)
            >= (int) sizeof cert_path) {
        snprintf (err, errlen, _("the path to save an identity to is empty or too long"));
        return -1;
    }
    //  Check the certificate first so that a refused save leaves nothing
    //  behind; O_EXCL below still guards against a race.
    struct stat st;
    if (lstat (cert_path, &st) == 0) {
        snprintf (err, errlen, _("certificate file %s already exists; it is never overwritten, "
                  "remove it first or choose another name"), cert_path);
        return -1;
    }
    char *text = (char *) sodium_malloc (PROTO_MAX_CERT_FILE_BYTES);
    if (!text) {
        snprintf (err, errlen, _("out of memory saving %s"), base_path);
        return -1;
    }
    size_t used;
    int rc = -1;
    if (s_identity_text (self, true, text, &used))
        snprintf (err, errlen, _("the identity does not fit in a %d-byte file"),
                  PROTO_MAX_CERT_FILE_BYTES);
    else
    if (s_file_create (secret_path, S_IRUSR | S_IWUSR, text, used, _("secret file"),
                       err, errlen) == 0) {
        if (s_identity_text (self, false, text, &used))
            snprintf (err, errlen, _("the identity does not fit in a %d-byte file"),
                      PROTO_MAX_CERT_FILE_BYTES);
        else
            rc = s_file_create (cert_path, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH,
                                text, used, _("certificate file"), err, errlen);
        //  Without its certificate a secret file is of no use; remove it so
        //  that the save can simply be repeated
        if (rc)
            unlink (secret_path);
    }
    sodium_free (text);
    return rc;
}

void
proto_identity_destroy (proto_identity_t **self_p)
{
    assert (self_p);
    if (*self_p) {
        proto_identity_t *self = *self_p;
        if (self->sign_secret)
            sodium_free (self->sign_secret);
        if (self->curve_secret)
            sodium_free (self->curve_secret);
        zcert_destroy (&self->zcert);
        sodium_memzero (self, sizeof *self);
        free (self);
        *self_p = NULL;
    }
}

const proto_cert_t *
proto_identity_cert (const proto_identity_t *self)
{
    assert (self);
    return &self->cert;
}

zcert_t *
proto_identity_zcert (proto_identity_t *self)
{
    assert (self);
    return self->zcert;
}

int
proto_identity_sign (const proto_identity_t *self, uint8_t sig [PROTO_SIGNATURE_BYTES],
                     const uint8_t *msg, size_t len)
{
    assert (self);
    assert (sig);
    crypto_sign_detached (sig, NULL, msg, len, self->sign_secret);
    return 0;
}

int
proto_secret_file_check (const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (!path || !*path) {
        snprintf (err, errlen, _("no secret file named"));
        return -1;
    }
    if (stat (path, &st) == -1) {
        snprintf (err, errlen, _("cannot read secret file %s: %s"), path, strerror (errno));
        return -1;
    }
    return s_secret_stat_check (path, &st, err, errlen);
}
