/*  test_agent_output.c - local dates and tables.                          */
#include "testing.h"
#include "agent_output.h"
#include <stdlib.h>
#include <time.h>

static void
test_dates (void)
{
    char err [256], text [AGENT_TIME_CHARS];
    uint64_t ms;
    setenv ("TZ", "Europe/Amsterdam", 1);
    tzset ();
    CHECK_INT (agent_time_parse ("2025-03-01", &ms, err, sizeof err), 0);
    CHECK_INT (ms, 1740783600000LL);                    /* 00:00 CET */
    CHECK_INT (agent_time_parse ("2025-07-01T14:30", &ms, err, sizeof err), 0);
    agent_time_human (text, ms);
    CHECK_STR (text, "2025-07-01 14:30");
    agent_time_iso (text, ms);
    CHECK_STR (text, "2025-07-01T14:30:00+02:00");
    CHECK_INT (agent_time_parse ("2025-07-01T12:30:00Z", &ms, err, sizeof err), 0);
    agent_time_human (text, ms);
    CHECK_STR (text, "2025-07-01 14:30");
    CHECK_INT (agent_time_parse ("2025-07-01T14:30:00+02:00", &ms, err, sizeof err), 0);
    agent_time_human (text, ms);
    CHECK_STR (text, "2025-07-01 14:30");
    const char *bad [] = { "", "2025", "2025-02-30", "2025-13-01", "2025-1-01", "2025-01-01T25:00",
                           "2025-01-01T10:00junk", "1999-01-01", "2025-01-01T10:00+99:00",
                           "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", NULL };
    for (int i = 0; bad [i]; i++) {
        if (agent_time_parse (bad [i], &ms, err, sizeof err) == 0) {
            test_fail (__FILE__, __LINE__, bad [i]);
            return;
        }
    }
    CHECK_INT (agent_time_parse ("2024-02-29", &ms, err, sizeof err), 0);
}

static void
test_cut (void)
{
    char out [64];
    agent_text_cut (out, sizeof out, "financi\xc3\xabn en meer", 8);
    CHECK_INT (agent_utf8_width (out), 8);
    agent_text_cut (out, sizeof out, "a\nb", 0);
    CHECK_STR (out, "a b");
    agent_text_cut (out, sizeof out, "kort", 10);
    CHECK_STR (out, "kort");
}

static void
test_table (void)
{
    const char *h [] = { "a", "bb" };
    agent_table_t *t = agent_table_new (2, h);
    CHECK (t);
    for (int i = 0; i < 20; i++) {
        const char *row [] = { i % 2 ? "\xc3\xab\xc3\xab\xc3\xab" : "x", NULL };
        CHECK_INT (agent_table_add (t, row), 0);
    }
    CHECK_INT (agent_table_rows (t), 20);
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = open_memstream (&buf, &size);
    agent_table_print (t, mem, 0);
    fclose (mem);
    CHECK (strncmp (buf, "a    bb\n", 8) == 0);       /* column as wide as 3 chars */
    free (buf);
    agent_table_destroy (&t);
    CHECK (t == NULL);
}

void
suite_agent_output (void)
{
    TEST_RUN ("agent_output", test_dates);
    TEST_RUN ("agent_output", test_cut);
    TEST_RUN ("agent_output", test_table);
}
