/*  test_words.c - the words for the protocol's codes: one table for both
    programs, in either language, a code with two meanings told apart by
    its context, an unknown code shown as it is.                             */
#include "testing.h"
#include "proto_words.h"
#include "proto_lang.h"

static void
accepted_has_a_word_per_meaning (void)
{
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK_STR (proto_words_code ("accepted"), "aanvaard");
    CHECK_STR (proto_words_referral ("accepted"), "geaccepteerd");
    CHECK_STR (proto_words_referral ("declined"), "afgewezen");
    CHECK_STR (proto_words_code ("on_track"), "lopend");
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK_STR (proto_words_code ("accepted"), "accepted");
    CHECK_STR (proto_words_referral ("accepted"), "accepted");
    CHECK_STR (proto_words_code ("zorg"), "concern");
    proto_lang_setup (PROTO_LANG_NL, NULL);
}

static void
types_read_as_people_call_them (void)
{
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK_STR (proto_words_type ("signal"), "signaal");
    CHECK_STR (proto_words_type ("progress"), "voortgangsbericht");
    proto_lang_setup (PROTO_LANG_EN, NULL);
    CHECK_STR (proto_words_type ("progress"), "progress report");
    proto_lang_setup (PROTO_LANG_NL, NULL);
}

static void
unknown_codes_show_as_they_are (void)
{
    proto_lang_setup (PROTO_LANG_NL, NULL);
    CHECK_STR (proto_words_code ("something_new"), "something_new");
    CHECK_STR (proto_words_referral ("parked"), "parked");
    CHECK_STR (proto_words_type ("future_type"), "future_type");
    CHECK_STR (proto_words_code (NULL), "");
    CHECK_STR (proto_words_type (NULL), "");
    char out [32];
    proto_words_term (out, sizeof out, "sociale_omgeving");
    CHECK_STR (out, "sociale omgeving");
    proto_words_term (out, 8, "sociale_omgeving");
    CHECK_STR (out, "sociale");
    proto_words_term (out, sizeof out, NULL);
    CHECK_STR (out, "");
    //  a context too long for the lookup's key is the msgid itself
    char ctx [400];
    memset (ctx, 'x', sizeof ctx - 1);
    ctx [sizeof ctx - 1] = 0;
    CHECK_STR (proto_lang_pgettext (ctx, "accepted"), "accepted");
}

void
suite_words (void)
{
    TEST_RUN ("words", accepted_has_a_word_per_meaning);
    TEST_RUN ("words", types_read_as_people_call_them);
    TEST_RUN ("words", unknown_codes_show_as_they_are);
}
