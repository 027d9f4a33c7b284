/*  test_result.c - every result code has its own stable name and a sentence.
    The numbers travel in error messages, so they are pinned here too.      */
#include "testing.h"
#include "proto_result.h"

static const struct {
    proto_result_t code;
    int number;
} s_codes [] = {
    { PROTO_OK, 0 }, { PROTO_TOO_BIG, 1 }, { PROTO_MALFORMED, 2 }, { PROTO_TRAILING, 3 },
    { PROTO_TOO_DEEP, 4 }, { PROTO_TOO_MANY, 5 }, { PROTO_DUPLICATE_KEY, 6 },
    { PROTO_WRONG_TYPE, 7 }, { PROTO_MISSING_FIELD, 8 }, { PROTO_FIELD_TOO_LONG, 9 },
    { PROTO_BAD_VALUE, 10 }, { PROTO_BAD_VERSION, 11 }, { PROTO_UNKNOWN_TYPE, 12 },
    { PROTO_NOT_IN_LIST, 13 }, { PROTO_BAD_FRAMES, 14 }, { PROTO_BAD_SIGNATURE, 20 },
    { PROTO_WRONG_AUTHOR, 21 }, { PROTO_UNKNOWN_PARTNER, 22 }, { PROTO_FORBIDDEN, 23 },
    { PROTO_REPLAY, 24 }, { PROTO_STALE, 25 }, { PROTO_RATE_LIMITED, 26 },
    { PROTO_NOT_FOUND, 30 }, { PROTO_CONFLICT, 31 }, { PROTO_INVALID_STATE, 32 },
    { PROTO_NO_BASIS, 33 }, { PROTO_UNAVAILABLE, 40 }, { PROTO_INTERNAL, 41 },
};
#define CODE_COUNT (sizeof s_codes / sizeof s_codes [0])

static void
numbers_are_pinned (void)
{
    for (size_t i = 0; i < CODE_COUNT; i++)
        CHECK_INT (s_codes [i].code, s_codes [i].number);
}

static void
names_distinct_texts_present (void)
{
    for (size_t i = 0; i < CODE_COUNT; i++) {
        const char *name = proto_result_name (s_codes [i].code);
        const char *text = proto_result_text (s_codes [i].code);
        CHECK (name && text);
        CHECK (name [0] && text [0]);
        CHECK (strcmp (name, "unknown_error") != 0);
        CHECK (strcmp (text, "unknown error") != 0);
        //  a name is a stable token: lower case and '_' only
        for (const char *p = name; *p; p++)
            CHECK ((*p >= 'a' && *p <= 'z') || *p == '_');
        for (size_t j = 0; j < i; j++) {
            CHECK (strcmp (name, proto_result_name (s_codes [j].code)) != 0);
            CHECK (strcmp (text, proto_result_text (s_codes [j].code)) != 0);
        }
    }
    CHECK_STR (proto_result_name (PROTO_OK), "ok");
    CHECK_STR (proto_result_name (PROTO_BAD_SIGNATURE), "bad_signature");
    CHECK_STR (proto_result_name (PROTO_TRAILING), "trailing_bytes");
}

static void
unknown_code_is_named (void)
{
    //  a number we do not know (from a newer hub) still gets a sentence
    CHECK_STR (proto_result_name ((proto_result_t) 99), "unknown_error");
    CHECK_STR (proto_result_text ((proto_result_t) 99), "unknown error");
    CHECK_STR (proto_result_name ((proto_result_t) 15), "unknown_error");
}

void
suite_result (void)
{
    TEST_RUN ("result", numbers_are_pinned);
    TEST_RUN ("result", names_distinct_texts_present);
    TEST_RUN ("result", unknown_code_is_named);
}
