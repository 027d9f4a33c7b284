/*  proto_words.h - what people call the protocol's codes, in the reader's
    language.

    Both programs show the protocol's codes to people: regie to a partner's
    staff, regiehub (report, inspect) to the functional administrator. The
    words come from docs/woordenlijst.md and are translated through
    proto_lang's catalog; one table here, so that an agreement "accepted"
    reads "aanvaard" in every program. A code without a word is shown as
    it is: the list grows with the protocol, and an unknown code is still
    a fact worth seeing.
*/
#ifndef PROTO_WORDS_H_INCLUDED
#define PROTO_WORDS_H_INCLUDED

#include <stddef.h>

/*  What people call a message type ("signaal", "verslag", ...); the type
    itself when it has no word ("" for NULL).                                */
const char *proto_words_type (const char *type);

/*  The word for a code (agreement and progress statuses: accepted
    "aanvaard", on_track "lopend"; severities; match outcomes; the outcome
    of an audit chain check); the code itself when it has none.             */
const char *proto_words_code (const char *code);

/*  The word for a referral's status (open, accepted "geaccepteerd",
    declined "afgewezen"); the status itself when it has none.              */
const char *proto_words_referral (const char *status);

/*  A taxonomy term as people read it: underscores become spaces
    (sociale_omgeving: "sociale omgeving"); "" for NULL.                     */
void proto_words_term (char *out, size_t outlen, const char *term);

#endif
