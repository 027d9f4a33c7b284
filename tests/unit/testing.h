/*  testing.h - the project's small unit-test harness.

    A test is a void function; a suite is a function that calls TEST_RUN for
    each of its tests. tests/unit/test_main.c lists the suites. Each test
    prints "ok   suite/name" or "FAIL suite/name: file:line: what"; the runner
    prints "N passed, N failed" at the end (tests/run.sh adds up all parts).
    A CHECK that fails ends the current test at once.
*/
#ifndef TESTING_H_INCLUDED
#define TESTING_H_INCLUDED

#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdbool.h>

typedef void (test_fn) (void);

/*  Runs one test unless the filter excludes it; counts the result.          */
void test_run (const char *suite, const char *name, test_fn *fn);

/*  Marks the running test failed, with where and why.                       */
void test_fail (const char *file, int line, const char *what);

/*  A fresh temporary directory for the running test (removed at exit).      */
const char *test_tmpdir (void);

#define TEST_RUN(suite, fn) test_run (suite, #fn, fn)

#define CHECK(cond) do { if (!(cond)) { \
    test_fail (__FILE__, __LINE__, #cond); return; } } while (0)

#define CHECK_INT(a, b) do { long long a_ = (long long) (a), b_ = (long long) (b); \
    if (a_ != b_) { char m_ [256]; \
        snprintf (m_, sizeof m_, "%s == %s (%lld != %lld)", #a, #b, a_, b_); \
        test_fail (__FILE__, __LINE__, m_); return; } } while (0)

#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
    if (!a_ || !b_ || strcmp (a_, b_) != 0) { char m_ [1024]; \
        snprintf (m_, sizeof m_, "%.200s == %.200s (\"%.200s\" != \"%.200s\")", #a, #b, \
                  a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
        test_fail (__FILE__, __LINE__, m_); return; } } while (0)

#define CHECK_MEM(a, b, n) CHECK (memcmp ((a), (b), (n)) == 0)

#endif
