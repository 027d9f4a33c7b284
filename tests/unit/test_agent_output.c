/*  test_agent_output.c - local dates in the reader's form, and tables.    */
#include "testing.h"
#include "agent_output.h"
#include "proto_lang.h"
#include <stdlib.h>
#include <time.h>

static void
test_dates (void)
{
    char err [256], text [AGENT_TIME_CHARS];
    uint64_t ms;
    setenv ("TZ", "Europe/Amsterdam", 1);
    tzset ();
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK_INT (agent_time_parse ("2025-03-01", &ms, err, sizeof err), 0);
    CHECK_INT (ms, 1740783600000LL);                    /* 00:00 CET */
    CHECK_INT (agent_time_parse ("2025-07-01T14:30", &ms, err, sizeof err), 0);
    agent_time_short (text, ms);
    CHECK_STR (text, "2025-07-01 14:30");
    agent_time_human (text, ms);
    CHECK_STR (text, "1 July 2025 14:30");
    agent_time_iso (text, ms);
    CHECK_STR (text, "2025-07-01T14:30:00+02:00");
    CHECK_INT (agent_time_parse ("2025-07-01T12:30:00Z", &ms, err, sizeof err), 0);
    agent_time_short (text, ms);
    CHECK_STR (text, "2025-07-01 14:30");
    CHECK_INT (agent_time_parse ("2025-07-01T14:30:00+02:00", &ms, err, sizeof err), 0);
    agent_time_short (text, ms);
    CHECK_STR (text, "2025-07-01 14:30");
    const char *bad [] = { "", "2025", "2025-02-30", "2025-13-01", "2025-1-01", "2025-01-01T25:00",
                           "2025-01-01T10:00junk", "1999-01-01", "2025-01-01T10:00+99:00",
                           "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", "31-04-2025",
                           "1-07-2025", "01-07-25", "01-07-2025T14:30+02:00", NULL };
    for (int i = 0; bad [i]; i++) {
        if (agent_time_parse (bad [i], &ms, err, sizeof err) == 0) {
            test_fail (__FILE__, __LINE__, bad [i]);
            return;
        }
    }
    CHECK_INT (agent_time_parse ("2024-02-29", &ms, err, sizeof err), 0);
    CHECK_INT (agent_time_parse ("2025-13-01", &ms, err, sizeof err), -1);
    CHECK (strstr (err, "not a real date"));
}

/*  The Dutch reader: dates in, dates out.                                   */
static void
test_dates_dutch (void)
{
    char err [256], text [AGENT_TIME_CHARS];
    uint64_t ms, iso;
    setenv ("TZ", "Europe/Amsterdam", 1);
    tzset ();
    proto_lang_setup (PROTO_LANG_NL, NULL);
    /* 07-12-2026 is 2026-12-07, with or without a time                     */
    CHECK_INT (agent_time_parse ("2026-12-07", &iso, err, sizeof err), 0);
    CHECK_INT (agent_time_parse ("07-12-2026", &ms, err, sizeof err), 0);
    CHECK_INT (ms, iso);
    CHECK_INT (agent_time_parse ("2026-12-07 14:00", &iso, err, sizeof err), 0);
    CHECK_INT (agent_time_parse ("07-12-2026 14:00", &ms, err, sizeof err), 0);
    CHECK_INT (ms, iso);
    agent_time_human (text, ms);
    CHECK_STR (text, "7 december 2026 14:00");
    agent_date_human (text, ms);
    CHECK_STR (text, "7 december 2026");
    agent_time_short (text, ms);
    CHECK_STR (text, "07-12-2026 14:00");
    agent_date_short (text, ms);
    CHECK_STR (text, "07-12-2026");
    agent_time_iso (text, ms);
    CHECK_STR (text, "2026-12-07T14:00:00+01:00");     /* JSON: the same in every language */
    /* the errors are Dutch and show the Dutch form first                    */
    CHECK_INT (agent_time_parse ("7 december", &ms, err, sizeof err), -1);
    CHECK (strstr (err, "is geen datum: schrijf DD-MM-JJJJ"));
    CHECK_INT (agent_time_parse ("31-02-2026", &ms, err, sizeof err), -1);
    CHECK (strstr (err, "geen bestaande datum"));
    proto_lang_setup (PROTO_LANG_EN, NULL);
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
    TEST_RUN ("agent_output", test_dates_dutch);
    TEST_RUN ("agent_output", test_cut);
    TEST_RUN ("agent_output", test_table);
}
