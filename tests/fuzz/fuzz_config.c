/*  fuzz_config.c - libFuzzer target: any bytes as hub.conf through the
    hub's config loader (hub_config_load on a temporary file); a loaded
    config is looked up (teams, default team) and destroyed. Seeds:
    tests/fuzz/corpus/config/. Built and run by `make fuzz` (tests/faults/faults.mk).
*/
#include "hub_config.h"
#include "proto_sign.h"
#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    zsys_init ();
    zsys_set_logstream (NULL);
    proto_init ();
    snprintf (s_dir, sizeof s_dir, "/tmp/fuzz-config-XXXXXX");
    if (!mkdtemp (s_dir))
        abort ();
    snprintf (s_path, sizeof s_path, "%s/hub.conf", s_dir);
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
    char err [512];
    err [0] = 0;
    hub_config_t *config = hub_config_load (s_path, err, sizeof err);
    if (config) {
        const hub_team_t *team = hub_config_default_team (config);
        if (team)
            (void) hub_config_team (config, team->team);
        (void) hub_config_team (config, "acm");
        hub_config_destroy (&config);
    }
    else
    if (strnlen (err, sizeof err) == 0 || strnlen (err, sizeof err) == sizeof err)
        abort ();           /* a refusal must say why, in a terminated string */
    return 0;
}
