/*  fuzz_cert.c - libFuzzer target: any bytes as a partner certificate
    (NAME.cert, CZMQ ZPL format) through proto_cert_load on a temporary
    file, and the same bytes as a secret file through proto_identity_load;
    a loaded certificate is fingerprinted and its roles formatted.
    Seeds: tests/fuzz/corpus/cert/. Built and run by `make fuzz`.
*/
#include "proto_identity.h"
#include "proto_sign.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char s_dir [64];
static char s_path [96];

static void
s_cleanup (void)
{
    unlink (s_path);
    rmdir (s_dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    proto_init ();
    snprintf (s_dir, sizeof s_dir, "/tmp/fuzz-cert-XXXXXX");
    if (!mkdtemp (s_dir))
        abort ();
    snprintf (s_path, sizeof s_path, "%s/partner.cert", s_dir);
    atexit (s_cleanup);
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    FILE *f = fopen (s_path, "wb");
    if (!f)
        abort ();
    if (size && fwrite (data, 1, size, f) != size)
        abort ();
    fclose (f);
    proto_cert_t cert;
    char err [512];
    err [0] = 0;
    if (proto_cert_load (&cert, s_path, err, sizeof err) == 0) {
        char fp [PROTO_FINGERPRINT_CHARS];
        proto_cert_fingerprint (fp, &cert);
        char roles [256];
        proto_roles_format (roles, sizeof roles, cert.roles);
        //  what was loaded must pass the same checks again
        if (!proto_partner_id_valid (cert.id, strlen (cert.id)))
            abort ();
    }
    else
    if (strnlen (err, sizeof err) == 0 || strnlen (err, sizeof err) == sizeof err)
        abort ();
    //  the same bytes as a secret file (0600): proto_identity_load
    chmod (s_path, 0600);
    proto_identity_t *id = proto_identity_load (s_path, err, sizeof err);
    if (id) {
        uint8_t sig [PROTO_SIGNATURE_BYTES];
        proto_identity_sign (id, sig, data, size);
        proto_identity_destroy (&id);
    }
    return 0;
}
