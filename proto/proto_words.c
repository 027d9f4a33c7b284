/*  proto_words.c - the words for the protocol's codes (proto_words.h).     */
#include "proto_words.h"
#include "proto_lang.h"
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *code, *word;
} word_t;

/*  What people call each message type.                                      */
static const word_t s_types [] = {
    { "signal", N_("signal") }, { "referral", N_("referral") },
    { "claim", N_("regie claimed") }, { "decline", N_("referral declined") },
    { "regiecheck", N_("regiecheck") }, { "phase", N_("phase") },
    { "transfer", N_("transfer") }, { "release", N_("regie released") },
    { "link", N_("link") }, { "unlink", N_("link undone") },
    { "move", N_("move") }, { "consent", N_("consent") },
    { "consent_withdraw", N_("consent withdrawn") }, { "priority", N_("priority list") },
    { "match_confirm", N_("match confirmed") }, { "round", N_("coordination round") },
    { "progress", N_("progress report") }, { "round_held", N_("round held") },
    { "agreement", N_("agreement") }, { "agreement_accept", N_("agreement accepted") },
    { "agreement_status", N_("agreement status") },
    { "escalation_resolve", N_("escalation resolved") }, { "household", N_("household") },
    { "minutes_request", N_("minutes requested") },
    { "deputy", N_("deputy named") }, { "deputy_end", N_("deputy ended") },
    { "regiecheck_answer", N_("regiecheck answer") }, { "team_report", N_("team view") },
    { "report", N_("team view") }, { "notice", N_("notice") }, { "minutes", N_("minutes") },
};

/*  The words for the protocol's codes (docs/woordenlijst.md).              */
static const word_t s_codes [] = {
    /* agreements */
    { "proposed", N_("proposed") }, { "accepted", N_("accepted") },
    { "overdue", N_("overdue") }, { "done", N_("done") }, { "stagnated", N_("stagnated") },
    { "withdrawn", N_("withdrawn") },
    /* the agreements the hub makes itself (PT_AGREEMENT_KIND) */
    { "continuity", N_("continuity of the introducing partner") },
    /* progress */
    { "on_track", N_("on track") }, { "not_started", N_("not started") },
    /* which of a household's refs */
    { "person", N_("member") }, { "address", N_("address") },
    /* severity */
    { "zorg", N_("concern") }, { "ernstig", N_("serious") }, { "acuut", N_("acute") },
    /* match outcomes */
    { "contact_gelegd", N_("contact made") }, { "regie_bestaat", N_("regie exists") },
    /* an audit chain check that did not pass */
    { "BROKEN", N_("BROKEN") }, { "failed", N_("failed") }, { "unreachable", N_("hub unreachable") },
    { "error", N_("not done (error)") },
};

/*  A referral's statuses: "accepted" is another word here than for an
    agreement, hence the context.                                            */
static const word_t s_referral [] = {
    { "open", NC_("referral", "open") }, { "accepted", NC_("referral", "accepted") },
    { "declined", NC_("referral", "declined") },
};

static const word_t *
s_find (const word_t *list, size_t count, const char *code)
{
    for (size_t i = 0; code && i < count; i++)
        if (strcmp (list [i].code, code) == 0)
            return &list [i];
    return NULL;
}

const char *
proto_words_type (const char *type)
{
    const word_t *w = s_find (s_types, sizeof s_types / sizeof s_types [0], type);
    return w ? _(w->word) : type ? type : "";
}

const char *
proto_words_code (const char *code)
{
    const word_t *w = s_find (s_codes, sizeof s_codes / sizeof s_codes [0], code);
    return w ? _(w->word) : code ? code : "";
}

const char *
proto_words_referral (const char *status)
{
    const word_t *w = s_find (s_referral, sizeof s_referral / sizeof s_referral [0], status);
    return w ? C_("referral", w->word) : status ? status : "";
}

void
proto_words_term (char *out, size_t outlen, const char *term)
{
    snprintf (out, outlen, "%s", term ? term : "");
    for (char *p = out; *p; p++)
        if (*p == '_')
            *p = ' ';
}
