/*  test_main.c - runs every unit-test suite, or those whose name contains
    argv[1]. Exit status 0 only when every test passed.                     */
#include "testing.h"
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <ftw.h>

#define SUITES(X) \
    X (result) X (msgpack) X (envelope) X (types) X (sign) \
    X (link) X (identity) X (pseudonym) X (merkle) X (file) \
    X (hub_auth) X (hub_flow) X (hub_deputy) X (hub_states) X (hub_store) X (hub_verify) X (hub_walbuf) X (hub_audit) X (agent_config) X (agent_output) X (agent_store) X (agent_json) X (agent_render) X (agent_render_result) X (proto_args) X (agent_web) X (hub_store_rounds) X (hub_store_agreements) X (hub_store_report) X (hub_store_access) X (hub_store_retention) X (hub_store_inspect) \
    X (hub_store_households) X (hub_store_backend) X (hub_store_signals) X (hub_store_households_join) X (hub_timers) \
    X (workflow_signals) X (workflow_referrals) X (workflow_check) X (workflow_consent) X (workflow_deputy) X (workflow_join) X (workflow_faults) X (workflow_rounds) X (words) X (web_household)

#define DECLARE(s) void suite_##s (void);
SUITES (DECLARE)

static const char *s_filter;
static int s_passed, s_failed, s_current_failed;
static char s_tmp [256];

static int
s_remove (const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void) sb; (void) flag; (void) ftw;
    return remove (path);
}

static void
s_tmp_clear (void)
{
    if (s_tmp [0])
        nftw (s_tmp, s_remove, 16, FTW_DEPTH | FTW_PHYS);
    s_tmp [0] = 0;
}

const char *
test_tmpdir (void)
{
    if (!s_tmp [0]) {
        snprintf (s_tmp, sizeof s_tmp, "/tmp/regiehub-unit-XXXXXX");
        if (!mkdtemp (s_tmp)) {
            perror ("mkdtemp");
            exit (2);
        }
    }
    return s_tmp;
}

void
test_fail (const char *file, int line, const char *what)
{
    if (!s_current_failed)
        printf ("FAIL ");
    else
        printf ("     ");
    printf ("%s:%d: %s\n", file, line, what);
    s_current_failed = 1;
}

void
test_run (const char *suite, const char *name, test_fn *fn)
{
    char full [256];
    snprintf (full, sizeof full, "%s/%s", suite, name);
    if (s_filter && !strstr (full, s_filter))
        return;
    s_current_failed = 0;
    fflush (stdout);
    fn ();
    s_tmp_clear ();
    if (s_current_failed) {
        printf ("     ^ %s\n", full);
        s_failed++;
    }
    else {
        printf ("ok   %s\n", full);
        s_passed++;
    }
    fflush (stdout);
}

int
main (int argc, char *argv [])
{
    s_filter = argc > 1 ? argv [1] : NULL;
#define CALL(s) suite_##s ();
    SUITES (CALL)
    printf ("%d passed, %d failed\n", s_passed, s_failed);
    return s_failed ? 1 : 0;
}
