/*  test_identity.c - identities, key files and certificates
    (proto_identity.h): round trips through the files, signatures, the
    refusals of unsafe or damaged files, and the fingerprint format.
*/
#include "testing.h"
#include "proto_identity.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#define ERR_SIZE  512
#define PATH_SIZE 512

//  python3: b = hashlib.blake2b (bytes (range (64)), digest_size=20).digest ()
//           base64.b32encode (b).decode ().lower (), grouped by 4
#define FINGERPRINT_0_63 "chgg-mypj-ekyo-ib7a-uvze-tq4n-j73w-3dwi"

static proto_identity_t *
s_new_identity (void)
{
    char err [ERR_SIZE];
    return proto_identity_new ("politie-west", "Politie Utrecht West", "politie",
                               "regieteam-zuid", "030 123 4567", PROTO_ROLE_SIGNAL
                               | PROTO_ROLE_REFER, err, sizeof err);
}

static void
s_path (char path [PATH_SIZE], const char *name)
{
    snprintf (path, PATH_SIZE, "%s/%s", test_tmpdir (), name);
}

//  The whole file as a string the caller frees, or NULL.
static char *
s_read_text (const char *path)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return NULL;
    char *text = calloc (1, PROTO_MAX_CERT_FILE_BYTES + 1);
    if (text && (fread (text, 1, PROTO_MAX_CERT_FILE_BYTES, file) == 0 || ferror (file))) {
        free (text);
        text = NULL;
    }
    fclose (file);
    return text;
}

static int
s_write_text (const char *path, const char *text, size_t len, mode_t mode)
{
    unlink (path);
    int fd = open (path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd == -1)
        return -1;
    ssize_t n = write (fd, text, len);
    close (fd);
    return n == (ssize_t) len && chmod (path, mode) == 0? 0: -1;
}

//  Writes source's text to target with the line that starts with prefix
//  replaced by line (or removed when line is NULL). Returns 0 when done.
static int
s_edit (const char *source, const char *target, const char *prefix, const char *line,
        mode_t mode)
{
    char *text = s_read_text (source);
    if (!text)
        return -1;
    char *start = strstr (text, prefix);
    char *end = start? strchr (start, '\n'): NULL;
    int rc = -1;
    if (end) {
        size_t size = strlen (text) + (line? strlen (line): 0) + 2;
        char *edited = calloc (1, size);
        if (edited) {
            snprintf (edited, size, "%.*s%s%s%s", (int) (start - text), text,
                      line? line: "", line? "\n": "", end + 1);
            rc = s_write_text (target, edited, strlen (edited), mode);
            free (edited);
        }
    }
    free (text);
    return rc;
}

//  The value of "    name = "value"" in a file, into value.
static int
s_value (const char *path, const char *prefix, char *value, size_t size)
{
    char *text = s_read_text (path);
    if (!text)
        return -1;
    int rc = -1;
    char *start = strstr (text, prefix);
    char *quote = start? strchr (start, '"'): NULL;
    char *close_quote = quote? strchr (quote + 1, '"'): NULL;
    if (close_quote && (size_t) (close_quote - quote - 1) < size) {
        snprintf (value, size, "%.*s", (int) (close_quote - quote - 1), quote + 1);
        rc = 0;
    }
    free (text);
    return rc;
}

//  proto_cert_load with stdout silenced: CZMQ's ZPL parser reports syntax
//  errors on stdout, which would break up the test report.
static int
s_quietly_load (proto_cert_t *cert, const char *path, char *err, size_t errlen)
{
    fflush (stdout);
    int saved = dup (STDOUT_FILENO);
    int null = open ("/dev/null", O_WRONLY);
    dup2 (null, STDOUT_FILENO);
    int rc = proto_cert_load (cert, path, err, errlen);
    fflush (stdout);
    dup2 (saved, STDOUT_FILENO);
    close (saved);
    close (null);
    return rc;
}

static void
test_partner_id_syntax (void)
{
    CHECK (proto_partner_id_valid ("politie-west", 12));
    CHECK (proto_partner_id_valid ("a", 1));
    CHECK (proto_partner_id_valid ("0-9", 3));
    CHECK (proto_partner_id_valid ("abcdefghijklmnopqrstuvwxyz012345", 32));
    CHECK (!proto_partner_id_valid ("abcdefghijklmnopqrstuvwxyz0123456", 33));
    CHECK (!proto_partner_id_valid ("", 0));
    CHECK (!proto_partner_id_valid (NULL, 3));
    CHECK (!proto_partner_id_valid ("-west", 5));
    CHECK (!proto_partner_id_valid ("Bad_Id", 6));
    CHECK (!proto_partner_id_valid ("a b", 3));
    CHECK (!proto_partner_id_valid ("a.b", 3));
    CHECK (!proto_partner_id_valid ("ab\0c", 4));
    //  Only len bytes count: "politie" in "politie-west"
    CHECK (proto_partner_id_valid ("politie-west", 7));
}

static void
test_roles (void)
{
    unsigned roles = 0;
    char err [ERR_SIZE], text [PROTO_MAX_ROLES_BYTES + 1];
    CHECK_INT (proto_roles_parse (&roles, "signal,refer", err, sizeof err), 0);
    CHECK_INT (roles, PROTO_ROLE_SIGNAL | PROTO_ROLE_REFER);
    CHECK_INT (proto_roles_parse (&roles, "hub", err, sizeof err), 0);
    CHECK_INT (roles, PROTO_ROLE_HUB);
    CHECK_INT (proto_roles_parse (&roles,
               "operator,signal,refer,intake,regie,escalation,hub", err, sizeof err), 0);
    CHECK_INT (roles, PROTO_ROLE_ALL);
    proto_roles_format (text, sizeof text, roles);
    CHECK_STR (text, "signal,refer,intake,regie,escalation,operator,hub");
    proto_roles_format (text, sizeof text, PROTO_ROLE_REGIE | PROTO_ROLE_SIGNAL);
    CHECK_STR (text, "signal,regie");
    proto_roles_format (text, sizeof text, 0);
    CHECK_STR (text, "");
    //  A short buffer ends at the last whole name
    char small [12];
    proto_roles_format (small, sizeof small, PROTO_ROLE_ALL);
    CHECK_STR (small, "signal");

    roles = 12345;
    CHECK_INT (proto_roles_parse (&roles, "signal,god", err, sizeof err), -1);
    CHECK (strstr (err, "\"god\""));
    CHECK_INT (roles, 12345);
    static const char *bad [] = {
        "", ",", "signal,", ",signal", "signal,,refer", "signal, refer", "Signal",
        "signal,signal", "signal;refer", "sig nal"
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++)
        CHECK_INT (proto_roles_parse (&roles, bad [i], err, sizeof err), -1);
    CHECK_INT (proto_roles_parse (&roles, NULL, err, sizeof err), -1);
    char longer [PROTO_MAX_ROLES_BYTES + 8];
    memset (longer, 'a', sizeof longer - 1);
    longer [sizeof longer - 1] = 0;
    CHECK_INT (proto_roles_parse (&roles, longer, err, sizeof err), -1);
    CHECK (strstr (err, "longer"));
}

static void
test_round_trip (void)
{
    char err [ERR_SIZE], base [PATH_SIZE], secret [PATH_SIZE], cert_path [PATH_SIZE];
    s_path (base, "politie-west");
    s_path (secret, "politie-west.secret");
    s_path (cert_path, "politie-west.cert");

    proto_identity_t *identity = s_new_identity ();
    CHECK (identity);
    int rc = proto_identity_save (identity, base, err, sizeof err);
    proto_cert_t made = *proto_identity_cert (identity);
    proto_identity_destroy (&identity);
    CHECK (identity == NULL);
    proto_identity_destroy (&identity);
    CHECK_INT (rc, 0);

    struct stat st;
    CHECK_INT (stat (secret, &st), 0);
    CHECK_INT (st.st_mode & 0777, 0600);
    CHECK_INT (stat (cert_path, &st), 0);
    CHECK_INT (st.st_mode & 0777, 0644);

    identity = proto_identity_load (secret, err, sizeof err);
    if (!identity)
        test_fail (__FILE__, __LINE__, err);
    CHECK (identity);
    proto_cert_t loaded = *proto_identity_cert (identity);
    zcert_t *zcert = proto_identity_zcert (identity);
    int zcert_ok = zcert
                && memcmp (zcert_public_key (zcert), made.curve_key, PROTO_PUBKEY_BYTES) == 0
                && zcert_meta (zcert, "partner-id")
                && streq (zcert_meta (zcert, "partner-id"), "politie-west");
    proto_identity_destroy (&identity);
    CHECK (zcert_ok);
    CHECK_STR (loaded.id, "politie-west");
    CHECK_STR (loaded.name, "Politie Utrecht West");
    CHECK_STR (loaded.kind, "politie");
    CHECK_STR (loaded.team, "regieteam-zuid");
    CHECK_STR (loaded.contact, "030 123 4567");
    CHECK_INT (loaded.roles, PROTO_ROLE_SIGNAL | PROTO_ROLE_REFER);
    CHECK_MEM (loaded.sign_key, made.sign_key, PROTO_PUBKEY_BYTES);
    CHECK_MEM (loaded.curve_key, made.curve_key, PROTO_PUBKEY_BYTES);
    char fp_made [PROTO_FINGERPRINT_CHARS], fp_loaded [PROTO_FINGERPRINT_CHARS];
    proto_cert_fingerprint (fp_made, &made);
    proto_cert_fingerprint (fp_loaded, &loaded);
    CHECK_STR (fp_loaded, fp_made);

    //  The public certificate, and the public parts of the secret file
    proto_cert_t cert;
    CHECK_INT (proto_cert_load (&cert, cert_path, err, sizeof err), 0);
    CHECK (memcmp (&cert, &loaded, sizeof cert) == 0);
    CHECK_INT (proto_cert_load (&cert, secret, err, sizeof err), 0);
    CHECK (memcmp (&cert, &loaded, sizeof cert) == 0);

    //  Standard CZMQ tools read the certificate; it holds no secret
    zcert = zcert_load (cert_path);
    CHECK (zcert);
    int public_ok = memcmp (zcert_public_key (zcert), made.curve_key, PROTO_PUBKEY_BYTES) == 0;
    int no_secret = sodium_is_zero (zcert_secret_key (zcert), PROTO_PUBKEY_BYTES);
    const char *roles = zcert_meta (zcert, "roles");
    int roles_ok = roles && streq (roles, "signal,refer");
    zcert_destroy (&zcert);
    CHECK (public_ok);
    CHECK (no_secret);
    CHECK (roles_ok);
    char *text = s_read_text (cert_path);
    CHECK (text);
    int has_secret = strstr (text, "secret") != NULL;
    free (text);
    CHECK (!has_secret);

    //  And the secret file has the secret CURVE key where CZMQ looks
    zcert = zcert_load (secret);
    CHECK (zcert);
    int secret_ok = !sodium_is_zero (zcert_secret_key (zcert), PROTO_PUBKEY_BYTES);
    zcert_destroy (&zcert);
    CHECK (secret_ok);
}

static void
test_sign_verify (void)
{
    char err [ERR_SIZE], base [PATH_SIZE], secret [PATH_SIZE];
    s_path (base, "signer");
    s_path (secret, "signer.secret");
    proto_identity_t *identity = s_new_identity ();
    CHECK (identity);
    int rc = proto_identity_save (identity, base, err, sizeof err);
    proto_identity_destroy (&identity);
    CHECK_INT (rc, 0);

    identity = proto_identity_load (secret, err, sizeof err);
    CHECK (identity);
    const uint8_t msg [] = "een signaal over huishouden 42";
    uint8_t sig [PROTO_SIGNATURE_BYTES];
    CHECK_INT (proto_identity_sign (identity, sig, msg, sizeof msg), 0);
    proto_cert_t cert = *proto_identity_cert (identity);
    proto_identity_destroy (&identity);
    CHECK_INT (crypto_sign_verify_detached (sig, msg, sizeof msg, cert.sign_key), 0);
    sig [0] ^= 1;
    CHECK_INT (crypto_sign_verify_detached (sig, msg, sizeof msg, cert.sign_key), -1);

    //  The certificate's key, as another party reads it, verifies too
    char cert_path [PATH_SIZE];
    s_path (cert_path, "signer.cert");
    proto_cert_t other;
    CHECK_INT (proto_cert_load (&other, cert_path, err, sizeof err), 0);
    sig [0] ^= 1;
    CHECK_INT (crypto_sign_verify_detached (sig, msg, sizeof msg, other.sign_key), 0);
    //  An empty message can be signed
    identity = proto_identity_load (secret, err, sizeof err);
    CHECK (identity);
    proto_identity_sign (identity, sig, NULL, 0);
    proto_identity_destroy (&identity);
    CHECK_INT (crypto_sign_verify_detached (sig, NULL, 0, other.sign_key), 0);
}

static void
test_secret_mode (void)
{
    char err [ERR_SIZE], base [PATH_SIZE], secret [PATH_SIZE];
    s_path (base, "open");
    s_path (secret, "open.secret");
    proto_identity_t *identity = s_new_identity ();
    CHECK (identity);
    int rc = proto_identity_save (identity, base, err, sizeof err);
    proto_identity_destroy (&identity);
    CHECK_INT (rc, 0);

    static const mode_t modes [] = { 0644, 0640, 0604, 0660, 0602, 0610 };
    for (size_t i = 0; i < sizeof modes / sizeof modes [0]; i++) {
        CHECK_INT (chmod (secret, modes [i]), 0);
        err [0] = 0;
        identity = proto_identity_load (secret, err, sizeof err);
        CHECK (identity == NULL);
        CHECK (strstr (err, "chmod 600"));
        CHECK (strstr (err, secret));
        CHECK_INT (proto_secret_file_check (secret, err, sizeof err), -1);
    }
    CHECK_INT (chmod (secret, 0400), 0);
    CHECK_INT (proto_secret_file_check (secret, err, sizeof err), 0);
    identity = proto_identity_load (secret, err, sizeof err);
    CHECK (identity);
    proto_identity_destroy (&identity);

    //  Not a regular file, or not there
    CHECK_INT (proto_secret_file_check (test_tmpdir (), err, sizeof err), -1);
    CHECK (strstr (err, "regular"));
    s_path (secret, "missing.secret");
    CHECK (proto_identity_load (secret, err, sizeof err) == NULL);
    CHECK (strstr (err, secret));
}

static void
test_no_overwrite (void)
{
    char err [ERR_SIZE], base [PATH_SIZE], secret [PATH_SIZE];
    s_path (base, "twice");
    s_path (secret, "twice.secret");
    proto_identity_t *first = s_new_identity ();
    proto_identity_t *second = s_new_identity ();
    int rc1 = proto_identity_save (first, base, err, sizeof err);
    int rc2 = proto_identity_save (second, base, err, sizeof err);
    proto_cert_t first_cert = *proto_identity_cert (first);
    proto_identity_destroy (&first);
    proto_identity_destroy (&second);
    CHECK_INT (rc1, 0);
    CHECK_INT (rc2, -1);
    CHECK (strstr (err, "already exists"));
    //  The first identity's files are intact
    proto_identity_t *loaded = proto_identity_load (secret, err, sizeof err);
    CHECK (loaded);
    int same = memcmp (proto_identity_cert (loaded), &first_cert, sizeof first_cert) == 0;
    proto_identity_destroy (&loaded);
    CHECK (same);

    //  Only a secret file exists: refused, and the cert is not written
    char cert_path [PATH_SIZE];
    s_path (cert_path, "twice.cert");
    CHECK_INT (unlink (cert_path), 0);
    first = s_new_identity ();
    rc1 = proto_identity_save (first, base, err, sizeof err);
    proto_identity_destroy (&first);
    CHECK_INT (rc1, -1);
    CHECK (access (cert_path, F_OK) == -1);

    //  Only a cert exists: refused, and no secret file is left behind
    s_path (base, "orphan");
    s_path (cert_path, "orphan.cert");
    s_path (secret, "orphan.secret");
    CHECK_INT (s_write_text (cert_path, "x\n", 2, 0644), 0);
    first = s_new_identity ();
    rc1 = proto_identity_save (first, base, err, sizeof err);
    proto_identity_destroy (&first);
    CHECK_INT (rc1, -1);
    CHECK (access (secret, F_OK) == -1);
    //  A directory that does not exist
    s_path (base, "no/such/dir/x");
    first = s_new_identity ();
    rc1 = proto_identity_save (first, base, err, sizeof err);
    proto_identity_destroy (&first);
    CHECK_INT (rc1, -1);
}

static void
test_bad_certificates (void)
{
    char err [ERR_SIZE], base [PATH_SIZE], cert_path [PATH_SIZE], bad [PATH_SIZE];
    s_path (base, "edit");
    s_path (cert_path, "edit.cert");
    s_path (bad, "bad.cert");
    proto_identity_t *identity = s_new_identity ();
    CHECK (identity);
    int rc = proto_identity_save (identity, base, err, sizeof err);
    proto_identity_destroy (&identity);
    CHECK_INT (rc, 0);
    char sign_key [PROTO_Z85_KEY_CHARS + 1];
    CHECK_INT (s_value (cert_path, "sign-key", sign_key, sizeof sign_key), 0);
    CHECK_INT (strlen (sign_key), PROTO_Z85_KEY_CHARS);

    char name81 [PROTO_MAX_NAME_BYTES + 32], contact201 [PROTO_MAX_CONTACT_BYTES + 32];
    snprintf (name81, sizeof name81, "    name = \"%0*d\"", PROTO_MAX_NAME_BYTES + 1, 0);
    snprintf (contact201, sizeof contact201, "    contact = \"%0*d\"",
              PROTO_MAX_CONTACT_BYTES + 1, 0);
    char short_key [80], bad_z85 [80], team_line [80];
    snprintf (short_key, sizeof short_key, "    sign-key = \"%.39s\"", sign_key);
    snprintf (bad_z85, sizeof bad_z85, "    sign-key = \"~%.39s\"", sign_key + 1);
    snprintf (team_line, sizeof team_line, "    team = \"-zuid\"");

    static const char *zero_key = "    sign-key = \"0000000000000000000000000000000000000000\"";
    const struct {
        const char *prefix;         //  the line to change
        const char *line;           //  its replacement, or NULL to remove it
        const char *expect;         //  a word the error must contain
    } edits [] = {
        { "    sign-key", short_key, "40 Z85" },
        { "    sign-key", bad_z85, "Z85" },
        { "    sign-key", zero_key, "Ed25519" },
        { "    sign-key", NULL, "sign-key" },
        { "    roles", "    roles = \"signal,god\"", "god" },
        { "    roles", "    roles = \"\"", "roles" },
        { "    roles", NULL, "roles" },
        { "    partner-id", "    partner-id = \"Bad_Id\"", "Bad_Id" },
        { "    partner-id", "    partner-id = \"-west\"", "partner-id" },
        { "    partner-id", NULL, "partner-id" },
        { "    name", name81, "longer than 80" },
        { "    name", "    name = \"\"", "name is empty" },
        { "    name", "    name = \"tab\there\"", "control" },
        { "    name", "    name = \"bad \xC3\x28 utf8\"", "UTF-8" },
        { "    name", "    name = \"overlong \xC0\xAF\"", "UTF-8" },
        { "    name", "    name = \"surrogate \xED\xA0\x80\"", "UTF-8" },
        { "    name", "    name = \"bidi \xE2\x80\xAE override\"", "control" },
        { "    kind", "    kind = \"Politie\"", "kind" },
        { "    team", team_line, "team" },
        { "    contact", contact201, "longer than 200" },
        { "    public-key", "    public-key = \"short\"", "public-key" },
        { "    public-key", NULL, "public-key" },
        { "metadata", "metadatum", "metadata" },
        { "    roles", "    roles = \"signal\"\n    roles = \"signal,hub\"", "twice" },
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits [0]; i++) {
        CHECK_INT (s_edit (cert_path, bad, edits [i].prefix, edits [i].line, 0644), 0);
        proto_cert_t cert;
        err [0] = 0;
        rc = proto_cert_load (&cert, bad, err, sizeof err);
        if (rc == 0 || !strstr (err, edits [i].expect) || !strstr (err, bad)) {
            char what [ERR_SIZE + 64];
            snprintf (what, sizeof what, "edit %zu: rc %d, err: %s", i, rc, err);
            test_fail (__FILE__, __LINE__, what);
            return;
        }
    }
    //  Optional fields may be left out, and a UTF-8 name is fine
    CHECK_INT (s_edit (cert_path, bad, "    team", NULL, 0644), 0);
    proto_cert_t cert;
    CHECK_INT (proto_cert_load (&cert, bad, err, sizeof err), 0);
    CHECK_STR (cert.team, "");
    CHECK_INT (s_edit (cert_path, bad, "    name",
                       "    name = \"Wijkteam Zuid \xE2\x80\x98" "De Brug\xE2\x80\x99\"", 0644), 0);
    CHECK_INT (proto_cert_load (&cert, bad, err, sizeof err), 0);
    CHECK_STR (cert.name, "Wijkteam Zuid \xE2\x80\x98" "De Brug\xE2\x80\x99");
}

static void
test_hostile_files (void)
{
    char err [ERR_SIZE], path [PATH_SIZE];
    proto_cert_t cert;
    s_path (path, "hostile.cert");

    CHECK_INT (s_write_text (path, "", 0, 0644), 0);
    CHECK_INT (proto_cert_load (&cert, path, err, sizeof err), -1);
    CHECK_INT (s_write_text (path, "metadata\n    name = \"a\0b\"\n", 26, 0644), 0);
    CHECK_INT (proto_cert_load (&cert, path, err, sizeof err), -1);
    CHECK (strstr (err, "NUL"));

    //  Larger than any certificate
    size_t size = PROTO_MAX_CERT_FILE_BYTES + 1;
    char *big = malloc (size);
    CHECK (big);
    memset (big, '#', size);
    int rc = s_write_text (path, big, size, 0644);
    free (big);
    CHECK_INT (rc, 0);
    CHECK_INT (proto_cert_load (&cert, path, err, sizeof err), -1);
    CHECK (strstr (err, "too large"));

    //  Not ZPL at all, and random bytes: refused, quietly enough
    static const char *garbage [] = {
        "metadata\n  name = \"x\"\n", "metadata\n    name = \"unterminated\n",
        "\xff\xfe\x01\x02\n\n\t\t\x80", "/x\n", "curve\n        public-key = \"a\"\n"
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage [0]; i++) {
        CHECK_INT (s_write_text (path, garbage [i], strlen (garbage [i]), 0644), 0);
        CHECK_INT (s_quietly_load (&cert, path, err, sizeof err), -1);
    }
    uint8_t noise [1024];
    for (int round = 0; round < 64; round++) {
        randombytes_buf (noise, sizeof noise);
        CHECK_INT (s_write_text (path, (const char *) noise, sizeof noise, 0644), 0);
        CHECK_INT (s_quietly_load (&cert, path, err, sizeof err), -1);
    }
    CHECK_INT (proto_cert_load (&cert, test_tmpdir (), err, sizeof err), -1);
    s_path (path, "missing.cert");
    CHECK_INT (proto_cert_load (&cert, path, err, sizeof err), -1);
    CHECK (strstr (err, "missing.cert"));
}

//  Writes target: source's text with the 40-character key after marker
//  replaced by the one after marker in donor. Returns 0 when done.
static int
s_splice (const char *source, const char *donor, const char *marker, const char *target)
{
    char *text = s_read_text (source);
    char *donor_text = s_read_text (donor);
    char *at = text? strstr (text, marker): NULL;
    char *from = donor_text? strstr (donor_text, marker): NULL;
    int rc = -1;
    if (at && from) {
        memcpy (at + strlen (marker), from + strlen (marker), PROTO_Z85_KEY_CHARS);
        rc = s_write_text (target, text, strlen (text), 0600);
    }
    free (text);
    free (donor_text);
    return rc;
}

static void
test_secret_mismatch (void)
{
    char err [ERR_SIZE], base [PATH_SIZE], a [PATH_SIZE], b [PATH_SIZE], spliced [PATH_SIZE];
    s_path (a, "a.secret");
    s_path (b, "b.secret");
    s_path (spliced, "spliced.secret");
    for (int i = 0; i < 2; i++) {
        s_path (base, i? "b": "a");
        proto_identity_t *identity = s_new_identity ();
        CHECK (identity);
        int rc = proto_identity_save (identity, base, err, sizeof err);
        proto_identity_destroy (&identity);
        CHECK_INT (rc, 0);
    }
    //  b's Ed25519 seed in a's file: it does not match a's sign-key
    CHECK_INT (s_splice (a, b, "sign\n    secret-key = \"", spliced), 0);
    proto_identity_t *identity = proto_identity_load (spliced, err, sizeof err);
    CHECK (identity == NULL);
    CHECK (strstr (err, "sign secret-key does not belong"));

    //  b's CURVE secret key in a's file (the curve section comes first)
    CHECK_INT (s_splice (a, b, "    secret-key = \"", spliced), 0);
    identity = proto_identity_load (spliced, err, sizeof err);
    CHECK (identity == NULL);
    CHECK (strstr (err, "curve secret-key does not belong"));

    //  The splices really changed only that: a's own file still loads
    CHECK_INT (s_splice (a, a, "sign\n    secret-key = \"", spliced), 0);
    identity = proto_identity_load (spliced, err, sizeof err);
    CHECK (identity);
    proto_identity_destroy (&identity);

    //  A secret file without its seed, or with a broken one
    static const char *tails [] = { "", "sign\n    secret-key = \"short\"\n" };
    for (size_t i = 0; i < sizeof tails / sizeof tails [0]; i++) {
        char *text = s_read_text (a);
        CHECK (text);
        char *sign = strstr (text, "sign\n");
        char edited [PROTO_MAX_CERT_FILE_BYTES + 64];
        if (sign)
            snprintf (edited, sizeof edited, "%.*s%s", (int) (sign - text), text, tails [i]);
        free (text);
        CHECK (sign);
        CHECK_INT (s_write_text (spliced, edited, strlen (edited), 0600), 0);
        identity = proto_identity_load (spliced, err, sizeof err);
        CHECK (identity == NULL);
        CHECK (strstr (err, "sign secret-key"));
    }
}

static void
test_fingerprint (void)
{
    proto_cert_t cert;
    memset (&cert, 0, sizeof cert);
    for (int i = 0; i < PROTO_PUBKEY_BYTES; i++) {
        cert.sign_key [i] = (uint8_t) i;
        cert.curve_key [i] = (uint8_t) (PROTO_PUBKEY_BYTES + i);
    }
    char fp [PROTO_FINGERPRINT_CHARS];
    proto_cert_fingerprint (fp, &cert);
    CHECK_STR (fp, FINGERPRINT_0_63);
    //  Metadata does not enter it
    strcpy (cert.id, "other");
    char again [PROTO_FINGERPRINT_CHARS];
    proto_cert_fingerprint (again, &cert);
    CHECK_STR (again, fp);

    proto_identity_t *identity = s_new_identity ();
    CHECK (identity);
    proto_cert_fingerprint (fp, proto_identity_cert (identity));
    cert = *proto_identity_cert (identity);
    proto_identity_destroy (&identity);
    CHECK_INT (strlen (fp), PROTO_FINGERPRINT_CHARS - 1);
    for (int i = 0; i < PROTO_FINGERPRINT_CHARS - 1; i++) {
        if (i % (PROTO_FINGERPRINT_GROUP + 1) == PROTO_FINGERPRINT_GROUP)
            CHECK (fp [i] == '-');
        else
            CHECK ((fp [i] >= 'a' && fp [i] <= 'z') || (fp [i] >= '2' && fp [i] <= '7'));
    }
    //  Either key changes it
    cert.curve_key [0] ^= 1;
    proto_cert_fingerprint (again, &cert);
    CHECK (strcmp (again, fp) != 0);
    cert.curve_key [0] ^= 1;
    cert.sign_key [31] ^= 1;
    proto_cert_fingerprint (again, &cert);
    CHECK (strcmp (again, fp) != 0);
}

static void
test_new_checks_metadata (void)
{
    char err [ERR_SIZE];
    char name81 [PROTO_MAX_NAME_BYTES + 2], contact201 [PROTO_MAX_CONTACT_BYTES + 2];
    memset (name81, 'n', sizeof name81 - 1);
    name81 [sizeof name81 - 1] = 0;
    memset (contact201, 'c', sizeof contact201 - 1);
    contact201 [sizeof contact201 - 1] = 0;
    const struct {
        const char *id, *name, *kind, *team, *contact;
        unsigned roles;
    } bad [] = {
        { "Bad_Id", "x", "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { NULL, "x", "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", NULL, "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", "", "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", name81, "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", "say \"hi\"", "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", "line\nbreak", "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", " padded", "politie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", "x", "", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", "x", "po litie", NULL, NULL, PROTO_ROLE_SIGNAL },
        { "a", "x", "politie", "Team", NULL, PROTO_ROLE_SIGNAL },
        { "a", "x", "politie", NULL, contact201, PROTO_ROLE_SIGNAL },
        { "a", "x", "politie", NULL, "\x7f", PROTO_ROLE_SIGNAL },
        { "a", "x", "politie", NULL, NULL, 0 },
        { "a", "x", "politie", NULL, NULL, PROTO_ROLE_ALL + 1 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        err [0] = 0;
        proto_identity_t *identity = proto_identity_new (bad [i].id, bad [i].name,
            bad [i].kind, bad [i].team, bad [i].contact, bad [i].roles, err, sizeof err);
        if (identity || !err [0]) {
            proto_identity_destroy (&identity);
            char what [64];
            snprintf (what, sizeof what, "case %zu was accepted", i);
            test_fail (__FILE__, __LINE__, what);
            return;
        }
    }
    //  The limits themselves are fine
    name81 [PROTO_MAX_NAME_BYTES] = 0;
    contact201 [PROTO_MAX_CONTACT_BYTES] = 0;
    proto_identity_t *identity = proto_identity_new ("hub", name81, "hub", "", contact201,
                                                     PROTO_ROLE_HUB, err, sizeof err);
    CHECK (identity);
    CHECK_STR (proto_identity_cert (identity)->team, "");
    CHECK_INT (strlen (proto_identity_cert (identity)->name), PROTO_MAX_NAME_BYTES);
    proto_identity_destroy (&identity);
}

//  A lookup over a NULL-terminated list of name, value pairs
static const char *
s_lookup (void *arg, const char *name)
{
    const char **pairs = (const char **) arg;
    for (; pairs [0]; pairs += 2)
        if (streq (pairs [0], name))
            return pairs [1];
    return NULL;
}

static void
test_cert_from_meta (void)
{
    proto_identity_t *identity = s_new_identity ();
    CHECK (identity);
    proto_cert_t made = *proto_identity_cert (identity);
    proto_identity_destroy (&identity);
    char sign_key [PROTO_Z85_KEY_CHARS + 1];
    zmq_z85_encode (sign_key, made.sign_key, PROTO_PUBKEY_BYTES);

    const char *meta [] = {
        "partner-id", "politie-west", "name", "Politie Utrecht West", "kind", "politie",
        "team", "regieteam-zuid", "contact", "030 123 4567", "roles", "signal,refer",
        "sign-key", sign_key, NULL
    };
    proto_cert_t cert;
    memset (&cert, 0, sizeof cert);
    memcpy (cert.curve_key, made.curve_key, PROTO_PUBKEY_BYTES);
    char err [ERR_SIZE];
    CHECK_INT (proto_cert_from_meta (&cert, s_lookup, meta, err, sizeof err), 0);
    CHECK (memcmp (&cert, &made, sizeof cert) == 0);

    //  A bad field leaves the certificate as it was
    const char *bad [] = {
        "partner-id", "politie-west", "name", "Politie Utrecht West", "kind", "politie",
        "roles", "signal,god", "sign-key", sign_key, NULL
    };
    CHECK_INT (proto_cert_from_meta (&cert, s_lookup, bad, err, sizeof err), -1);
    CHECK (strstr (err, "god"));
    CHECK (memcmp (&cert, &made, sizeof cert) == 0);
    const char *missing [] = { "partner-id", "politie-west", NULL };
    CHECK_INT (proto_cert_from_meta (&cert, s_lookup, missing, err, sizeof err), -1);
    CHECK (strstr (err, "name"));
}

void
suite_identity (void)
{
    TEST_RUN ("identity", test_partner_id_syntax);
    TEST_RUN ("identity", test_roles);
    TEST_RUN ("identity", test_round_trip);
    TEST_RUN ("identity", test_sign_verify);
    TEST_RUN ("identity", test_secret_mode);
    TEST_RUN ("identity", test_no_overwrite);
    TEST_RUN ("identity", test_bad_certificates);
    TEST_RUN ("identity", test_hostile_files);
    TEST_RUN ("identity", test_secret_mismatch);
    TEST_RUN ("identity", test_fingerprint);
    TEST_RUN ("identity", test_new_checks_metadata);
    TEST_RUN ("identity", test_cert_from_meta);
}
