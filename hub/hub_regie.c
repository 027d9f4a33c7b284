/*  hub_regie.c - signals, referrals, regiecheck, lifecycle, consent
    (see hub_regie.h). Every handler runs inside the message's savepoint:
    a refusal undoes all it did.                                              */
#include "hub_regie.h"
#include "hub_store_households.h"
#include "hub_store_signals.h"
#include "hub_report.h"
#include "proto_sign.h"
#include <time.h>

#define ID      PROTO_ID_BYTES
#define REF     PROTO_REF_BYTES

/* ---- small helpers ------------------------------------------------------ */

void
hub_refuse (hub_msg_t *msg, proto_result_t code, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    msg->refuse = code;
    vsnprintf (msg->reason, sizeof msg->reason, fmt, ap);
    va_end (ap);
    proto_utf8_truncate (msg->reason, HUB_MAX_REASON);
}

void
hub_note (hub_msg_t *msg, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (msg->item->note, sizeof msg->item->note, fmt, ap);
    va_end (ap);
    proto_utf8_truncate (msg->item->note, PROTO_MAX_NOTE_BYTES);
}

void
hub_date (char *out, size_t outlen, uint64_t ms)
{
    time_t t = (time_t) (ms / 1000);
    struct tm tm;
    localtime_r (&t, &tm);
    strftime (out, outlen, "%Y-%m-%d", &tm);
}

uint64_t
hub_working_days (uint64_t now, unsigned n)
{
    uint64_t t = now;
    while (n > 0) {
        t += HUB_DAY_MS;
        time_t secs = (time_t) (t / 1000);
        struct tm tm;
        gmtime_r (&secs, &tm);
        if (tm.tm_wday != 0 && tm.tm_wday != 6)
            n--;
    }
    return t;
}

static const hub_partner_t *
s_partner (hub_t *hub, const char *id)
{
    return hub_partners_by_id (hub->partners, id);
}

/*  The casemanager's contact, for answers: from its certificate.            */
static void
s_contact (hub_t *hub, const char *partner, char *out, size_t outlen)
{
    const hub_partner_t *p = s_partner (hub, partner);
    snprintf (out, outlen, "%s%s%s", p ? p->cert.name : partner,
              p && p->cert.contact [0] ? ", " : "", p ? p->cert.contact : "");
    proto_utf8_truncate (out, outlen - 1);
}

/* ---- households ---------------------------------------------------------- */

int
hub_regie_household_get (hub_t *hub, int64_t hh, hub_household_t *out)
{
    memset (out, 0, sizeof *out);
    hub_household_row_t row;
    int rc = hub_store_household_get (hub->store, hh, &row);
    if (rc == 1) {
        out->hh = row.hh;
        snprintf (out->team, sizeof out->team, "%s", row.team);
        snprintf (out->casemanager, sizeof out->casemanager, "%s", row.casemanager);
        snprintf (out->phase, sizeof out->phase, "%s", row.phase);
        snprintf (out->former_team, sizeof out->former_team, "%s", row.former_team);
        snprintf (out->former_casemanager, sizeof out->former_casemanager, "%s",
                  row.former_casemanager);
        out->since = row.since;
        out->closed_at = row.closed_at;
        out->follow_up_until = row.follow_up_until;
        out->priority = row.priority;
    }
    return rc < 0 ? -1 : 0;
}

/*  The household ref finds (*hh, 0 when none); 0 or -1.                     */
static int
s_ref_owner (hub_t *hub, const uint8_t *ref, int64_t *hh)
{
    return hub_store_household_of_ref (hub->store, ref, hh) < 0 ? -1 : 0;
}

int
hub_regie_household (hub_t *hub, const proto_envelope_t *env, bool create, uint64_t now,
                     hub_household_t *out)
{
    int64_t hh = 0;
    memset (out, 0, sizeof *out);
    if (env->has_person && s_ref_owner (hub, env->person, &hh) != 0)
        return -1;
    bool by_person = hh != 0;
    if (!hh && env->has_address && s_ref_owner (hub, env->address, &hh) != 0)
        return -1;
    if (!hh && create) {
        if (hub_store_household_create (hub->store, now, &hh) != 0
        ||  (env->has_person
             && hub_store_household_ref_add (hub->store, hh, env->person, "person", now) != 0)
        ||  (env->has_address
             && hub_store_household_ref_add (hub->store, hh, env->address, "address", now) != 0))
            return -1;
        /* a new household is empty: nothing to read back                    */
        out->hh = hh;
        out->created = true;
        return 0;
    }
    if (hh && hub_regie_household_get (hub, hh, out) != 0)
        return -1;
    out->by_person = by_person;
    return 0;
}

int
hub_notify_household (hub_t *hub, int64_t hh, const char *recipient, const hub_notice_t *n)
{
    uint8_t person [REF], address [REF];
    bool hp, ha;
    if (hub_store_household_subject (hub->store, hh, person, address, &hp, &ha) < 0)
        return -1;
    return hub_notify (hub, recipient, hp ? person : NULL, ha ? address : NULL, n, NULL);
}

/*  Notice to msg's household, with msg's own subject.                        */
int
hub_notify_msg (hub_t *hub, const hub_msg_t *msg, const char *recipient, const hub_notice_t *n)
{
    const proto_envelope_t *env = msg->env;
    return hub_notify (hub, recipient, env->has_person ? env->person : NULL,
                       env->has_address ? env->address : NULL, n, NULL);
}

bool
hub_held (const hub_household_t *h)
{
    return h->hh && h->team [0];
}

/*  Refuses msg because h is under regie elsewhere: which team, since when,
    whom to call (what the regiecheck tells a team role), then what.        */
static void
s_refuse_held (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, const char *what,
               const char *then)
{
    char since [16], contact [PROTO_MAX_CONTACT_BYTES + PROTO_MAX_NAME_BYTES + 4];
    hub_date (since, sizeof since, h->since);
    s_contact (hub, h->casemanager, contact, sizeof contact);
    hub_refuse (msg, PROTO_CONFLICT, "%s by team %s since %s; contact %s to agree who leads%s",
                what, h->team, since, contact, then);
}

/*  The intake of the team responsible for a household without regie.      */
static const hub_team_t *
s_responsible_team (hub_t *hub, const hub_household_t *h)
{
    if (h->former_team [0]) {
        const hub_team_t *t = hub_config_team (hub->config, h->former_team);
        if (t)
            return t;
    }
    return hub_config_default_team (hub->config);
}

/*  A partner has a relation with the household: it signalled, referred,
    owns an agreement or is covered by consent.                               */
static bool
s_related (hub_t *hub, int64_t hh, const char *partner, uint64_t now)
{
    return hub_store_household_related (hub->store, hh, partner) == 1
        || hub_regie_covered (hub, hh, partner, now);
}

/*  A store error counts as no basis: nothing is shared on a doubt.          */
bool
hub_regie_covered (hub_t *hub, int64_t hh, const char *partner, uint64_t now)
{
    return hub_store_consent_covers (hub->store, hh, partner, now) == 1;
}

/* ---- signals ------------------------------------------------------------- */

/*  The partners concerned about hh as notice parties: those that signalled
    since (a match's), or every one ever involved (a join's).                */
static int
s_parties (hub_t *hub, int64_t hh, uint64_t since, bool signalled_since, hub_party_t *parties,
           size_t *count)
{
    hub_signal_party_t rows [HUB_MAX_MATCH_PARTIES];
    size_t max = HUB_MAX_MATCH_PARTIES;
    int rc = signalled_since
           ? hub_store_signal_partners_since (hub->store, hh, since, rows, max, count)
           : hub_store_signal_partners_involved (hub->store, hh, rows, max, count);
    for (size_t i = 0; rc == 0 && i < *count; i++)
        hub_party (hub, &parties [i], rows [i].partner, rows [i].contact, rows [i].since);
    return rc;
}

/*  Match: signals of two or more partners within the window. A partner who
    is new to the household's matches (newcomer: the signal's author) produces
    one match event, sent to the recipient (intake or regisseur) and to every
    signalling partner: who else is concerned and whom to contact, never
    another partner's text. Without a newcomer (two households just joined)
    there is a new match unless one match of the window already names every
    partner that signalled in it.                                             */
static int
s_match (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, const char *recipient,
         const char *team, const char *newcomer)
{
    uint64_t since = msg->now - (uint64_t) hub->config->match_window_days * HUB_DAY_MS;
    int found = newcomer ? hub_store_match_since_names (hub->store, h->hh, newcomer, since)
                         : hub_store_match_since_names_all (hub->store, h->hh, since);
    if (found < 0)
        return -1;
    if (found)
        return 0;           /* matched before: no new match                  */
    hub_party_t parties [HUB_MAX_MATCH_PARTIES];
    size_t count = 0;
    if (s_parties (hub, h->hh, since, true, parties, &count) != 0)
        return -1;
    if (count < 2)
        return 0;
    uint8_t match [ID];
    proto_id_new (match, msg->now);
    uint64_t deadline = hub_working_days (msg->now, hub->config->match_deadline_days);
    uint64_t escalate = hub_working_days (deadline, HUB_MATCH_ESCALATE_DAYS);
    if (hub_store_match_add (hub->store, match, h->hh, msg->now, deadline, escalate, team) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "match";
    n.object = match;
    n.parties = parties;
    n.party_count = count;
    n.due = deadline;
    n.team = team;
    char date [16];
    hub_date (date, sizeof date, deadline);
    for (size_t i = 0; i < count; i++) {
        if (hub_store_match_party_add (hub->store, match, parties [i].partner) != 0)
            return -1;
        snprintf (n.text, sizeof n.text,
                  "Match: %zu partners are concerned about the same household. Contact each other "
                  "and confirm by %s that contact was made, or that regie already exists "
                  "(regie confirm-match).", count, date);
        if (hub_notify_msg (hub, msg, parties [i].partner, &n) != 0)
            return -1;
    }
    bool recipient_is_party = false;
    for (size_t i = 0; i < count; i++)
        recipient_is_party |= streq (parties [i].partner, recipient);
    if (!recipient_is_party) {
        snprintf (n.text, sizeof n.text,
                  "Match: %zu partners are concerned about a household that reaches you. See that "
                  "they make contact; confirm by %s, or that regie already exists.", count, date);
        if (hub_notify_msg (hub, msg, recipient, &n) != 0)
            return -1;
    }
    return hub_audit_msg (hub, msg, "match", "match notice sent");
}

/*  "under regie of team T" or "without regie", for notices.                 */
static void
s_regie_words (const hub_household_t *h, char *out, size_t size)
{
    if (hub_held (h))
        snprintf (out, size, "under regie of team %s", h->team);
    else
        snprintf (out, size, "without regie");
}

/*  A signal that names a person and an address that are not one household's
    (its household was found by one of them): whoever directs either
    household is told, so that a new address is recorded and one household
    known twice is joined (regie link-member). Nothing of the signal's
    content; the other household's regie only as a team would learn it
    from a regiecheck.                                                        */
static int
s_loose_refs (hub_t *hub, hub_msg_t *msg, const hub_household_t *h)
{
    const proto_envelope_t *env = msg->env;
    if (!env->has_person || !env->has_address)
        return 0;
    /* the household was looked up by the person first: found that way,
       the person is its member and only the address can be another
       household's; found by the address, the person is nobody's yet         */
    int64_t person = h->by_person ? h->hh : 0, address = h->hh;
    if (h->by_person && s_ref_owner (hub, env->address, &address) != 0)
        return -1;
    if (person == address)
        return 0;
    int64_t other_hh = h->by_person ? address : 0;
    hub_household_t o;
    memset (&o, 0, sizeof o);
    if (other_hh && hub_regie_household_get (hub, other_hh, &o) != 0)
        return -1;
    char other [PROTO_MAX_PARTNER_ID_BYTES + 32], here [PROTO_MAX_PARTNER_ID_BYTES + 32];
    s_regie_words (&o, other, sizeof other);
    s_regie_words (h, here, sizeof here);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "moved";
    n.object = env->id;
    if (hub_held (h)) {
        n.team = h->team;
        if (person == h->hh && !address)
            snprintf (n.text, sizeof n.text, "A signal names an address not linked to this "
                      "household for one of its members. If the household moved, record it "
                      "(regie move).");
        else
        if (person == h->hh)
            snprintf (n.text, sizeof n.text, "A signal names one of this household's members "
                      "at an address the hub knows as another household (%s). If they live "
                      "together, link the address (regie link-member): the hub joins the two.",
                      other);
        else        /* found by its address: the person is nobody's yet     */
            snprintf (n.text, sizeof n.text, "A signal names a person at this household's "
                      "address who is not linked to it. If they belong to it, link them "
                      "(regie link-member).");
        if (hub_notify_msg (hub, msg, h->casemanager, &n) != 0)
            return -1;
    }
    if (hub_held (&o) && !streq (o.casemanager, h->casemanager)) {
        n.team = o.team;
        snprintf (n.text, sizeof n.text, "A signal names the address of this household together "
                  "with a person the hub knows as another household (%s). If they belong "
                  "together, link the person (regie link-member): the hub joins the two.", here);
        if (hub_notify_household (hub, o.hh, o.casemanager, &n) != 0)
            return -1;
    }
    return 0;
}

int
hub_regie_signal (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0)
        return -1;
    char severity [PROTO_MAX_TAXON_BYTES + 1] = "", leefgebied [PROTO_MAX_TAXON_BYTES + 1] = "";
    char kind [PROTO_MAX_TAXON_BYTES + 1] = "", contact [PROTO_MAX_CONTACT_BYTES + 1] = "";
    proto_env_cstr (env, "severity", severity, sizeof severity);
    proto_env_cstr (env, "leefgebied", leefgebied, sizeof leefgebied);
    proto_env_cstr (env, "kind", kind, sizeof kind);
    proto_env_cstr (env, "contact", contact, sizeof contact);
    bool acute = streq (severity, "acuut");

    /* where it goes: the regisseur, the former team in follow-up, or intake */
    char recipient [PROTO_MAX_PARTNER_ID_BYTES + 1] = "";
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1] = "";
    const char *why = "";
    if (hub_held (&h)) {
        snprintf (recipient, sizeof recipient, "%s", h.casemanager);
        snprintf (team, sizeof team, "%s", h.team);
        why = "the regisseur of team";
    }
    else
    if (h.former_team [0] && h.follow_up_until > msg->now && h.former_casemanager [0]) {
        snprintf (recipient, sizeof recipient, "%s", h.former_casemanager);
        snprintf (team, sizeof team, "%s", h.former_team);
        why = "the former regisseur (follow-up) of team";
    }
    else {
        const hub_team_t *t = s_responsible_team (hub, &h);
        if (t) {
            snprintf (recipient, sizeof recipient, "%s", t->intake);
            snprintf (team, sizeof team, "%s", t->team);
            why = "the intake of team";
        }
    }
    hub_signal_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = msg->seq;
    row.hh = h.hh;
    row.ts = msg->now;
    snprintf (row.partner, sizeof row.partner, "%s", msg->author->cert.id);
    snprintf (row.leefgebied, sizeof row.leefgebied, "%s", leefgebied);
    snprintf (row.severity, sizeof row.severity, "%s", severity);
    snprintf (row.kind, sizeof row.kind, "%s", kind);
    snprintf (row.recipient, sizeof row.recipient, "%s", recipient);
    snprintf (row.contact, sizeof row.contact, "%s", contact);
    /* a signal to a household under regie is part of its case: it does
       not expire as a signal that led to nothing                           */
    row.led_to_regie = hub_held (&h);
    if (hub_store_signal_add (hub->store, &row) != 0)
        return -1;
    const char *acute_text = acute ? " ACUTE danger: call Veilig Thuis (0800-2000) or 112 now; "
                                     "the hub does not replace them." : "";
    if (!recipient [0]) {
        hub_note (msg, "stored; no regie team is configured to receive it.%s", acute_text);
        return 0;
    }
    if (hub_deliver_msg (hub, msg, recipient) != 0)
        return -1;
    snprintf (msg->item->to, sizeof msg->item->to, "%s", team);
    hub_note (msg, "sent to %s %s.%s", why, team, acute_text);

    hub_notice_t n;
    memset (&n, 0, sizeof n);
    if (acute) {
        n.kind = "acute";
        n.object = env->id;
        n.urgent = true;
        n.team = team;
        snprintf (n.text, sizeof n.text, "ACUTE signal from %s (%s): read it now. Acute danger "
                  "goes to Veilig Thuis / 112 as well.", msg->author->cert.name, leefgebied);
        if (hub_notify_msg (hub, msg, recipient, &n) != 0)
            return -1;
    }
    /* a household this signal created has no earlier involvement, no other
       partner's signals and no regie: nothing more to look up               */
    if (h.created)
        return 0;
    /* earlier involvement, told once                                        */
    hub_signal_party_t archived [HUB_MAX_MATCH_PARTIES];
    hub_party_t earlier [HUB_MAX_MATCH_PARTIES];
    size_t count = 0;
    if (hub_store_archive_untold (hub->store, h.hh, archived, HUB_MAX_MATCH_PARTIES, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        hub_party (hub, &earlier [i], archived [i].partner, NULL, archived [i].since);
    if (count) {
        memset (&n, 0, sizeof n);
        n.kind = "history";
        n.parties = earlier;
        n.party_count = count;
        snprintf (n.text, sizeof n.text, "Earlier involvement: %zu partner(s) signalled about this "
                  "household before (archived without content).", count);
        if (hub_notify_msg (hub, msg, recipient, &n) != 0
        ||  hub_store_archive_told (hub->store, h.hh) != 0)
            return -1;
    }
    /* an opening for a household on the priority list                      */
    if (h.priority && kind [0]) {
        char list [sizeof hub->config->opening_kinds + 2];
        char needle [PROTO_MAX_TAXON_BYTES + 3];
        snprintf (list, sizeof list, ",%s,", hub->config->opening_kinds);
        snprintf (needle, sizeof needle, ",%s,", kind);
        if (strstr (list, needle)) {
            const hub_team_t *t = hub_config_team (hub->config, team);
            if (!t)
                t = hub_config_default_team (hub->config);
            memset (&n, 0, sizeof n);
            n.kind = "priority";
            n.object = env->id;
            n.urgent = true;
            n.team = t ? t->team : NULL;
            snprintf (n.text, sizeof n.text, "Opening: a household on the priority list has a "
                      "new signal of kind %s. Act now while the door is open.", kind);
            if (t && hub_notify_msg (hub, msg, t->intake, &n) != 0)
                return -1;
        }
    }
    if (s_loose_refs (hub, msg, &h) != 0)
        return -1;
    return s_match (hub, msg, &h, recipient, team, msg->author->cert.id);
}

/* ---- referral and intake ------------------------------------------------- */

int
hub_regie_referral (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    char team_id [PROTO_MAX_PARTNER_ID_BYTES + 1], introducer [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_env_cstr (env, "team", team_id, sizeof team_id);
    proto_env_cstr (env, "introducer", introducer, sizeof introducer);
    const hub_team_t *team = hub_config_team (hub->config, team_id);
    if (!team) {
        hub_refuse (msg, PROTO_NOT_FOUND, "there is no regie team \"%s\"", team_id);
        return 0;
    }
    if (!s_partner (hub, introducer)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "the introducing partner \"%s\" is not in this network",
                  introducer);
        return 0;
    }
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0
    ||  hub_store_referral_add (hub->store, msg->seq, env->id, h.hh, team->team,
                                msg->author->cert.id, introducer, msg->now) != 0
    ||  hub_store_household_referred (hub->store, h.hh, msg->now) != 0
    ||  hub_deliver_msg (hub, msg, team->intake) != 0)
        return -1;
    snprintf (msg->item->to, sizeof msg->item->to, "%s", team->team);
    hub_note (msg, "referred to the intake of team %s", team->team);
    return 0;
}

/*  The referral a decision is about, if it is for the author's team: 1 and
    r filled, 0 when there is none for that team, -1 on a store error.       */
static int
s_referral (hub_t *hub, hub_msg_t *msg, const uint8_t id [ID], hub_referral_row_t *r)
{
    int rc = hub_store_referral_get (hub->store, id, r);
    return rc == 1 && !streq (r->team, msg->author->cert.team) ? 0 : rc;
}

int
hub_regie_decline (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    hub_referral_row_t r;
    proto_env_bin (msg->env, "referral", id, ID);
    int found = s_referral (hub, msg, id, &r);
    if (found < 0)
        return -1;
    if (!found) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no referral with that id was made to your team");
        return 0;
    }
    /* the feedback goes out under the decline's subject: it must be the
       household referred, or the referrer learns of another household      */
    hub_household_t h;
    if (hub_regie_household (hub, msg->env, false, msg->now, &h) != 0)
        return -1;
    if (h.hh != r.hh) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no referral with that id was made to your team "
                  "about this household");
        return 0;
    }
    if (!streq (r.status, "open")) {
        hub_refuse (msg, PROTO_INVALID_STATE, "that referral was already %s", r.status);
        return 0;
    }
    if (hub_store_referral_decline (hub->store, id, msg->now, msg->seq) != 0
    ||  hub_deliver_msg (hub, msg, r.referrer) != 0)
        return -1;
    hub_note (msg, "declined; the feedback goes to the referrer %s", r.referrer);
    return 0;
}

int
hub_regie_claim (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    const proto_cert_t *me = &msg->author->cert;
    char cm [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_env_cstr (env, "casemanager", cm, sizeof cm);
    if (!me->team [0] || !hub_config_team (hub->config, me->team)) {
        hub_refuse (msg, PROTO_FORBIDDEN, "your certificate names no regie team of this network");
        return 0;
    }
    const hub_partner_t *casemanager = s_partner (hub, cm);
    if (!casemanager || !(casemanager->cert.roles & PROTO_ROLE_REGIE)
    ||  !streq (casemanager->cert.team, me->team)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a casemanager (role regie) of team %s",
                  cm, me->team);
        return 0;
    }
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0)
        return -1;
    /* the regiecheck, in the same transaction as the claim                  */
    if (hub_held (&h) && !streq (h.team, me->team)) {
        s_refuse_held (hub, msg, &h, "regie is held", "");
        return 0;
    }
    uint8_t referral [ID];
    bool by_referral = proto_env_bin (env, "referral", referral, ID);
    hub_referral_row_t r;
    memset (&r, 0, sizeof r);
    if (by_referral) {
        int found = s_referral (hub, msg, referral, &r);
        if (found < 0)
            return -1;
        if (!found || r.hh != h.hh) {
            hub_refuse (msg, PROTO_NOT_FOUND, "no referral with that id was made to your team "
                      "about this household");
            return 0;
        }
        /* a referral is decided once: accepting it again would make a second
           continuity agreement, accepting a declined one contradicts the
           feedback the referrer already has                                 */
        if (!streq (r.status, "open")) {
            hub_refuse (msg, PROTO_INVALID_STATE, "that referral was already %s", r.status);
            return 0;
        }
        if (hub_store_referral_accept (hub->store, referral, msg->now) != 0)
            return -1;
    }
    bool again = hub_held (&h);
    const char *phase = hub->config->taxonomy.count [PT_PHASE] > 1
                      ? hub->config->taxonomy.terms [PT_PHASE][1]
                      : hub->config->taxonomy.terms [PT_PHASE][0];
    if (again)
        phase = h.phase;
    if (hub_store_household_claim (hub->store, h.hh, me->team, cm, phase, msg->now) != 0
    ||  (!again && hub_store_phase_log (hub->store, h.hh, msg->now, phase, me->team, me->id,
                                        "regie claimed") != 0)
    ||  hub_store_signals_part_of_case (hub->store, h.hh) != 0)
        return -1;

    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "phase";
    n.object = env->id;
    n.team = me->team;
    snprintf (n.text, sizeof n.text, "You hold regie over this household for team %s "
              "(phase %s). One household, one plan, one regisseur.", me->team, phase);
    if (!streq (cm, me->id) && hub_notify_msg (hub, msg, cm, &n) != 0)
        return -1;
    if (by_referral && r.referrer [0]) {
        n.kind = "phase";
        snprintf (n.text, sizeof n.text, "Your referral was accepted by team %s.", me->team);
        if (hub_notify_msg (hub, msg, r.referrer, &n) != 0)
            return -1;
    }
    /* the introducing partner commits to being available again              */
    if (by_referral && r.introducer [0]) {
        uint8_t agreement [ID];
        proto_id_new (agreement, msg->now);
        uint64_t due = msg->now + (uint64_t) hub->config->continuity_days * HUB_DAY_MS;
        uint64_t seq = 0;
        memset (&n, 0, sizeof n);
        n.kind = "agreement";
        n.object = agreement;
        n.due = due;
        n.team = me->team;
        char date [16];
        hub_date (date, sizeof date, due);
        snprintf (n.text, sizeof n.text, "Continuity: as introducing partner you are available "
                  "again when the intensive phase ends (around %s). Accept with regie "
                  "accept-agreement.", date);
        if (hub_notify (hub, r.introducer, env->has_person ? env->person : NULL,
                        env->has_address ? env->address : NULL, &n, &seq) != 0
        ||  hub_store_continuity_agreement_add (hub->store, agreement, h.hh, r.introducer, cm, due,
                                                msg->now, seq, HUB_ACTOR) != 0)
            return -1;
    }
    snprintf (msg->item->to, sizeof msg->item->to, "%s", me->team);
    hub_note (msg, again ? "regie stays with team %s; casemanager %s"
                       : "regie claimed for team %s; casemanager %s", me->team, cm);
    return 0;
}

/* ---- regiecheck ------------------------------------------------------------ */

typedef struct {
    bool held;
    const hub_household_t *h;
    const char *contact;
    bool full;
} check_answer_t;

static void
s_fill_check (proto_writer_t *w, void *arg)
{
    const check_answer_t *a = (const check_answer_t *) arg;
    proto_pack_kv_bool (w, "held", a->held);
    if (a->held) {
        proto_pack_kv_cstr (w, "team", a->h->team);
        proto_pack_kv_cstr (w, "casemanager", a->h->casemanager);
        proto_pack_kv_cstr (w, "contact", a->contact);
        if (a->full) {
            proto_pack_kv_cstr (w, "phase", a->h->phase);
            proto_pack_kv_u64 (w, "since", a->h->since);
        }
    }
    else
    if (a->full && a->h && a->h->follow_up_until)
        proto_pack_kv_u64 (w, "follow_up_until", a->h->follow_up_until);
}

int
hub_regie_check (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    if (hub_regie_household (hub, msg->env, false, msg->now, &h) != 0)
        return -1;
    const proto_cert_t *me = &msg->author->cert;
    /* intake and regie roles may ask about any household; the escalation
       role (doorzettingsmacht) about the households of its own team        */
    bool team_role = (me->roles & (PROTO_ROLE_INTAKE | PROTO_ROLE_REGIE)) != 0
                  || ((me->roles & PROTO_ROLE_ESCALATION) && me->team [0] && h.hh
                      && (streq (me->team, h.team) || streq (me->team, h.former_team)));
    bool may_know = h.hh && (team_role || s_related (hub, h.hh, me->id, msg->now));
    check_answer_t a;
    memset (&a, 0, sizeof a);
    char contact [PROTO_MAX_CONTACT_BYTES + 1] = "";
    a.h = &h;
    a.full = team_role;
    const char *result = "not held";
    if (may_know && hub_held (&h)) {
        a.held = true;
        s_contact (hub, h.casemanager, contact, sizeof contact);
        a.contact = contact;
        result = "held";
    }
    else
    if (h.hh && !may_know) {
        a.h = NULL;             /* exactly the answer for an unknown household */
        result = "withheld: no relation";
    }
    else
    if (!h.hh)
        a.h = NULL;
    uint32_t fields = 1 + (a.held ? 3 + (a.full ? 2 : 0) : (a.full && a.h && h.follow_up_until ? 1 : 0));
    char audit [PROTO_MAX_NOTE_BYTES];
    snprintf (audit, sizeof audit, "%s%s%s", result, a.held ? " by " : "", a.held ? h.team : "");
    if (hub_audit_msg (hub, msg, "regiecheck_answer", audit) != 0)
        return -1;
    hub_note (msg, "answered");
    return hub_answer (hub, msg, "regiecheck_answer", fields, s_fill_check, &a);
}

/* ---- lifecycle ------------------------------------------------------------ */

/*  The household of msg if the author directs it (its casemanager), or the
    author is the intake of the team that holds it (when intake_may).        */
int
hub_directed (hub_t *hub, hub_msg_t *msg, hub_household_t *h, bool intake_may)
{
    if (hub_regie_household (hub, msg->env, false, msg->now, h) != 0)
        return -1;
    const proto_cert_t *me = &msg->author->cert;
    if (hub_held (h) && (streq (h->casemanager, me->id)
                     || (intake_may && (me->roles & PROTO_ROLE_INTAKE) && streq (me->team, h->team))))
        return 1;
    hub_refuse (msg, PROTO_NOT_FOUND, "you do not hold regie over this household");
    return 0;
}

/*  Tells the casemanager and every partner with consent.                    */
int
hub_notify_network (hub_t *hub, hub_msg_t *msg, int64_t hh, const char *skip, hub_notice_t *n)
{
    char partners [HUB_MAX_MATCH_PARTIES][PROTO_MAX_PARTNER_ID_BYTES + 1];
    size_t count = 0;
    if (hub_store_consent_partners (hub->store, hh, msg->now, partners, HUB_MAX_MATCH_PARTIES,
                                    &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (!(skip && streq (skip, partners [i])) && hub_notify_msg (hub, msg, partners [i], n) != 0)
            return -1;
    return 0;
}

static int
s_close (hub_t *hub, hub_msg_t *msg, hub_household_t *h, const char *reason)
{
    const char *last = hub->config->taxonomy.terms [PT_PHASE][hub->config->taxonomy.count [PT_PHASE] - 1];
    uint64_t until = msg->now + (uint64_t) hub->config->follow_up_days * HUB_DAY_MS;
    if (hub_store_household_close (hub->store, h->hh, last, msg->now, until) != 0
    ||  hub_store_phase_log (hub->store, h->hh, msg->now, last, h->team, msg->author->cert.id,
                             reason) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "regie_released";
    n.team = h->team;
    char date [16];
    hub_date (date, sizeof date, until);
    snprintf (n.text, sizeof n.text, "Regie by team %s has ended. Until %s new signals still "
              "reach the team (follow-up).", h->team, date);
    if (hub_notify_network (hub, msg, h->hh, NULL, &n) != 0)
        return -1;
    hub_note (msg, "regie closed; follow-up until %s", date);
    return 0;
}

int
hub_regie_phase (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char phase [PROTO_MAX_TAXON_BYTES + 1], reason [PROTO_MAX_NOTE_BYTES + 1] = "";
    proto_env_cstr (msg->env, "phase", phase, sizeof phase);
    bool has_reason = proto_env_cstr (msg->env, "reason", reason, sizeof reason);
    const proto_taxonomy_t *tax = &hub->config->taxonomy;
    int to = proto_taxonomy_index (tax, PT_PHASE, phase, strlen (phase));
    int from = proto_taxonomy_index (tax, PT_PHASE, h.phase, strlen (h.phase));
    if (to == from) {
        hub_refuse (msg, PROTO_INVALID_STATE, "the household is already in phase %s", phase);
        return 0;
    }
    if (to < from && !has_reason) {
        hub_refuse (msg, PROTO_MISSING_FIELD, "moving back from %s to %s needs a reason", h.phase, phase);
        return 0;
    }
    if (to == (int) tax->count [PT_PHASE] - 1)
        return s_close (hub, msg, &h, has_reason ? reason : "closed");
    if (hub_store_household_set_phase (hub->store, h.hh, phase, msg->now) != 0
    ||  hub_store_phase_log (hub->store, h.hh, msg->now, phase, h.team, msg->author->cert.id,
                             has_reason ? reason : NULL) != 0)
        return -1;
    hub_note (msg, "phase %s -> %s", h.phase, phase);
    return 0;
}

int
hub_regie_transfer (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, true);
    if (rc <= 0)
        return rc;
    char team_id [PROTO_MAX_PARTNER_ID_BYTES + 1], cm [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_cstr (msg->env, "team", team_id, sizeof team_id);
    proto_env_cstr (msg->env, "casemanager", cm, sizeof cm);
    proto_env_cstr (msg->env, "note", note, sizeof note);
    const hub_team_t *team = hub_config_team (hub->config, team_id);
    const hub_partner_t *casemanager = s_partner (hub, cm);
    if (!team) {
        hub_refuse (msg, PROTO_NOT_FOUND, "there is no regie team \"%s\"", team_id);
        return 0;
    }
    if (!casemanager || !(casemanager->cert.roles & PROTO_ROLE_REGIE)
    ||  !streq (casemanager->cert.team, team_id)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a casemanager of team %s", cm, team_id);
        return 0;
    }
    if (streq (team_id, h.team) && streq (cm, h.casemanager)) {
        hub_refuse (msg, PROTO_INVALID_STATE, "%s already holds regie for team %s", cm, team_id);
        return 0;
    }
    if (hub_store_household_transfer (hub->store, h.hh, team_id, cm, msg->now) != 0
    ||  hub_store_phase_log (hub->store, h.hh, msg->now, h.phase, team_id, msg->author->cert.id,
                             note) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "regie_transferred";
    n.object = msg->env->id;
    n.team = team_id;
    snprintf (n.text, sizeof n.text, "Regie moves from team %s (%s) to team %s (%s): %s",
              h.team, h.casemanager, team_id, cm, note);
    proto_utf8_truncate (n.text, PROTO_MAX_TEXT_BYTES);
    /* both teams are told: the two casemanagers, and each team's intake,
       which keeps track of the households its team directs (a transfer by
       a casemanager would otherwise pass its own intake by); the author
       has its receipt, and nobody is told twice                             */
    const hub_team_t *old = hub_config_team (hub->config, h.team);
    const char *told [] = { cm, h.casemanager, old ? old->intake : "", team->intake };
    size_t told_count = sizeof told / sizeof told [0];
    for (size_t i = 0; i < told_count; i++) {
        bool skip = !told [i][0] || (i > 0 && streq (told [i], msg->author->cert.id));
        for (size_t k = 0; k < i && !skip; k++)
            skip = streq (told [k], told [i]);
        if (!skip && hub_notify_msg (hub, msg, told [i], &n) != 0)
            return -1;
    }
    if (hub_notify_network (hub, msg, h.hh, cm, &n) != 0)
        return -1;
    snprintf (msg->item->to, sizeof msg->item->to, "%s", team_id);
    hub_note (msg, "regie transferred to team %s (%s)", team_id, cm);
    return 0;
}

int
hub_regie_release (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, true);
    if (rc <= 0)
        return rc;
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_cstr (msg->env, "note", note, sizeof note);
    return s_close (hub, msg, &h, note);
}

/* ---- two households that are one ------------------------------------------ */

/*  Who may link and unlink: the household's casemanager, or - for a
    household without regie - the intake of the team responsible for it,
    which sees its signals and can tell that two are one household before
    anyone holds regie (so that matches come together early). 1 may, 0
    refused, -1 store error.                                                  */
static int
s_may_link (hub_t *hub, hub_msg_t *msg, hub_household_t *h)
{
    if (hub_regie_household (hub, msg->env, false, msg->now, h) != 0)
        return -1;
    const proto_cert_t *me = &msg->author->cert;
    if (hub_held (h) && streq (h->casemanager, me->id))
        return 1;
    const hub_team_t *t = h->hh && !hub_held (h) ? s_responsible_team (hub, h) : NULL;
    if (t && (me->roles & PROTO_ROLE_INTAKE) && streq (t->intake, me->id))
        return 1;
    hub_refuse (msg, PROTO_NOT_FOUND, hub_held (h) || !h->hh
                ? "you do not hold regie over this household"
                : "this household is in the care of another team's intake");
    return 0;
}

/*  Notice n to recipient about the one ref of kind ("person" or "address")
    it knows the household by.                                               */
static int
s_notify_ref (hub_t *hub, const char *recipient, const uint8_t *ref, const char *kind,
              const hub_notice_t *n)
{
    bool person = streq (kind, "person");
    return hub_notify (hub, recipient, person ? ref : NULL, person ? NULL : ref, n, NULL);
}

/*  The regisseur of h links a person or an address (ref, of kind) that the
    hub knows as a household of its own, other: a signal named only that
    person, or only that address, before anyone knew they were one
    household. Then they are joined: everything about other becomes h's, so
    that signals about either reach the regisseur and a regiecheck about
    either says who holds regie (one household, one regisseur). Refused,
    changing nothing, when other is under regie: its regisseur releases it
    first. Returns 1 joined, 0 refused, -1 on a store error.                 */
static int
s_join (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, int64_t other,
        const uint8_t *ref, const char *kind, size_t *signals)
{
    hub_household_t o;
    if (hub_regie_household_get (hub, other, &o) != 0)
        return -1;
    if (hub_held (&o)) {
        if (streq (o.casemanager, h->casemanager))
            hub_refuse (msg, PROTO_CONFLICT, "that %s belongs to another household you direct; "
                      "release regie over one of the two (regie release) and link again to join "
                      "them", kind);
        else {
            char what [64];
            snprintf (what, sizeof what, "that %s belongs to a household under regie", kind);
            s_refuse_held (hub, msg, &o, what, "; once that regie is released, link again to "
                           "join the two households");
        }
        return 0;
    }
    int64_t rows = 0;
    if (hub_store_signal_count (hub->store, other, &rows) != 0)
        return -1;
    *signals += (size_t) rows;
    /* without regie, the intake that links is the one that has the
       signals of both already: nobody else to tell                          */
    if (!hub_held (h))
        return hub_store_household_join (hub->store, h->hh, other) == 0 ? 1 : -1;
    hub_party_t parties [HUB_MAX_MATCH_PARTIES];
    size_t count = 0;
    /* who had the joined household's signals (an intake, a former
       regisseur in follow-up) learns where they go now                       */
    char told [HUB_JOIN_MAX_TOLD][PROTO_MAX_PARTNER_ID_BYTES + 1];
    size_t told_count = 0;
    if (s_parties (hub, other, 0, false, parties, &count) != 0
    ||  hub_store_signal_recipients (hub->store, other, h->casemanager,
                                     o.follow_up_until > msg->now ? o.former_casemanager : "",
                                     told, HUB_JOIN_MAX_TOLD, &told_count) != 0)
        return -1;
    if (hub_store_household_join (hub->store, h->hh, other) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.team = h->team;
    if (count) {
        n.kind = "history";
        n.parties = parties;
        n.party_count = count;
        snprintf (n.text, sizeof n.text, "Joined: the %s you linked was known to the hub as a "
                  "household of its own; %zu partner(s) signalled about it. What they signalled "
                  "is this household's now (its content stays with whom it was sent to).",
                  kind, count);
        if (hub_notify_msg (hub, msg, h->casemanager, &n) != 0)
            return -1;
    }
    char contact [PROTO_MAX_CONTACT_BYTES + PROTO_MAX_NAME_BYTES + 4];
    s_contact (hub, h->casemanager, contact, sizeof contact);
    memset (&n, 0, sizeof n);
    n.kind = "routed";
    n.team = h->team;
    snprintf (n.text, sizeof n.text, "This %s belongs to a household under regie of team %s: "
              "signals about it reach its regisseur now (contact %s).", kind, h->team, contact);
    proto_utf8_truncate (n.text, PROTO_MAX_TEXT_BYTES);
    for (size_t i = 0; i < told_count; i++)
        if (s_notify_ref (hub, told [i], ref, kind, &n) != 0)
            return -1;
    return 1;
}

int
hub_regie_link (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = s_may_link (hub, msg, &h);
    if (rc <= 0)
        return rc;
    uint8_t refs [2][REF];
    const char *kinds [2] = { "person", "address" };
    size_t joined = 0, signals = 0;
    for (int i = 0; i < 2; i++) {
        if (!proto_env_bin (msg->env, kinds [i], refs [i], REF))
            continue;
        int64_t owner = 0;
        if (s_ref_owner (hub, refs [i], &owner) != 0)
            return -1;
        if (owner && owner != h.hh) {
            rc = s_join (hub, msg, &h, owner, refs [i], kinds [i], &signals);
            if (rc <= 0)
                return rc;
            joined++;
        }
        else
        if (!owner && hub_store_household_ref_add (hub->store, h.hh, refs [i], kinds [i],
                                                   msg->now) != 0)
            return -1;
        if (owner != h.hh
        &&  hub_audit_msg_ref (hub, msg, refs [i], "linked", owner ? "linked to a household; "
                               "joined with it" : "linked to a household") != 0)
            return -1;
    }
    if (!joined) {
        hub_note (msg, "linked to the household");
        return 0;
    }
    /* partners concerned about the two are concerned about one household    */
    const hub_team_t *care = hub_held (&h) ? NULL : s_responsible_team (hub, &h);
    if (s_match (hub, msg, &h, hub_held (&h) ? h.casemanager : msg->author->cert.id,
                 hub_held (&h) ? h.team : care ? care->team : NULL, NULL) != 0)
        return -1;
    hub_note (msg, "linked; %s known to the hub as a household of its own, with %zu signal(s): "
              "joined to this household", joined > 1 ? "both were" : "it was", signals);
    return 0;
}

/*  A signal of the household whose subject names ref and none of the
    household's other refs: it was about whoever ref names alone.           */
static bool
s_only_about (hub_t *hub, int64_t hh, const uint8_t *bytes, size_t len, const uint8_t *ref)
{
    proto_envelope_t env;
    if (proto_envelope_decode (&env, bytes, len, NULL, NULL) != PROTO_OK)
        return false;
    bool named = (env.has_person && memcmp (env.person, ref, REF) == 0)
              || (env.has_address && memcmp (env.address, ref, REF) == 0);
    bool other = false;
    const uint8_t *rest [2] = { env.has_person ? env.person : NULL,
                                env.has_address ? env.address : NULL };
    for (int k = 0; k < 2 && named; k++) {
        int64_t owner = 0;
        if (rest [k] && memcmp (rest [k], ref, REF) != 0)
            other |= s_ref_owner (hub, rest [k], &owner) != 0 || owner == hh;
    }
    proto_envelope_release (&env);
    return named && !other;
}

/*  The signals an unlink takes along (those only about ref), collected
    before they move: the listing reads the signals it would change.         */
typedef struct {
    hub_t *hub;
    int64_t hh;
    const uint8_t *ref;
    uint64_t *seqs;
    size_t count, cap;
} only_about_t;

static int
s_collect_only_about (void *arg, uint64_t seq, const uint8_t *envelope, size_t len)
{
    only_about_t *about = (only_about_t *) arg;
    if (!s_only_about (about->hub, about->hh, envelope, len, about->ref))
        return 0;
    if (about->count == about->cap) {
        size_t cap = about->cap ? 2 * about->cap : 16;
        uint64_t *grown = (uint64_t *) realloc (about->seqs, cap * sizeof *grown);
        if (!grown)
            return -1;
        about->seqs = grown;
        about->cap = cap;
    }
    about->seqs [about->count++] = seq;
    return 0;
}

/*  The regisseur takes a member or address off the household: linked by
    mistake, or joined with a household that was another family. The ref
    becomes a household of its own, without regie, as if it had never been
    linked: the signals that named it alone go with it (back to the intake's
    care: they no longer count as part of this case), and what was said
    about it belongs to that household for inzage and retention. What was
    learned from the link (a match, the archive) stays. Refused when the ref
    is not this household's, or when it is the household's last one.         */
int
hub_regie_unlink (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = s_may_link (hub, msg, &h);
    if (rc <= 0)
        return rc;
    const char *kinds [2] = { "person", "address" };
    size_t moved = 0;
    for (int i = 0; i < 2; i++) {
        uint8_t ref [REF];
        if (!proto_env_bin (msg->env, kinds [i], ref, REF))
            continue;
        int64_t owner = 0, left = 0;
        if (s_ref_owner (hub, ref, &owner) != 0
        ||  hub_store_household_ref_count (hub->store, h.hh, &left) != 0)
            return -1;
        if (owner != h.hh) {
            hub_refuse (msg, PROTO_NOT_FOUND, "that %s is not linked to this household", kinds [i]);
            return 0;
        }
        if (left <= 1) {
            hub_refuse (msg, PROTO_INVALID_STATE, "that %s is the household's last reference: "
                        "link the right member or address first", kinds [i]);
            return 0;
        }
        int64_t own = 0;
        if (hub_store_household_ref_remove (hub->store, ref) != 0
        ||  hub_store_household_create (hub->store, msg->now, &own) != 0
        ||  hub_store_household_ref_add (hub->store, own, ref, kinds [i], msg->now) != 0)
            return -1;
        /* the signals about the ref alone: decided from their envelopes
           (the signals table does not keep the subject); a signal whose
           envelope retention removed stays                                  */
        only_about_t about = { hub, h.hh, ref, NULL, 0, 0 };
        rc = hub_store_signal_envelopes (hub->store, h.hh, s_collect_only_about, &about);
        for (size_t k = 0; rc == 0 && k < about.count; k++)
            rc = hub_store_signal_move (hub->store, about.seqs [k], own);
        free (about.seqs);
        size_t count = about.count;
        if (rc != 0
        ||  (count && hub_store_household_created_at_first_signal (hub->store, own) != 0))
            return -1;
        moved += count;
        if (hub_audit_msg_ref (hub, msg, ref, "unlinked", "taken off a household") != 0)
            return -1;
        /* the intake takes care of households without regie again          */
        const hub_team_t *t = hub_config_default_team (hub->config);
        if (t && !streq (t->intake, msg->author->cert.id)) {
            hub_notice_t n;
            memset (&n, 0, sizeof n);
            n.kind = "routed";
            n.team = t->team;
            snprintf (n.text, sizeof n.text, "This %s is no longer linked to a household under "
                      "regie (taken off by its regisseur): %zu signal(s) about it alone are "
                      "without regie again, and new ones reach you.", kinds [i], count);
            if (s_notify_ref (hub, t->intake, ref, kinds [i], &n) != 0)
                return -1;
        }
    }
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_cstr (msg->env, "note", note, sizeof note);
    hub_note (msg, "unlinked: a household of its own now, without regie; %zu signal(s) about it "
              "alone went with it (%s)", moved, note);
    return 0;
}

int
hub_regie_move (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    uint8_t address [REF];
    proto_env_bin (msg->env, "address", address, REF);
    int64_t owner = 0, earlier = 0;
    if (s_ref_owner (hub, address, &owner) != 0)
        return -1;
    if (owner && owner != h.hh) {
        /* the hub knows the new address as another household: the people
           who lived there before. Under regie, the two regisseurs talk
           first; otherwise the address passes to this household, and what
           was said about it until now stays with the household it was said
           about (as the address this household leaves stays with it).        */
        hub_household_t o;
        if (hub_regie_household_get (hub, owner, &o) != 0)
            return -1;
        if (hub_held (&o)) {
            s_refuse_held (hub, msg, &o, "that address belongs to a household under regie", "");
            return 0;
        }
        if (hub_store_signal_count (hub->store, owner, &earlier) != 0
        ||  hub_store_household_ref_retire (hub->store, address, msg->now) != 0)
            return -1;
    }
    if (hub_store_household_move (hub->store, h.hh, address, msg->now) != 0)
        return -1;
    if (hub_audit_msg_ref (hub, msg, address, "moved_in", "a household's new address") != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "moved";
    n.team = h.team;
    snprintf (n.text, sizeof n.text, "The household moved; regie and its history follow it.");
    if (hub_notify_network (hub, msg, h.hh, NULL, &n) != 0)
        return -1;
    if (owner && owner != h.hh)
        hub_note (msg, "moved: signals about the new address reach this household. The hub "
                  "knew that address as another household, who lived there before (%lld "
                  "signal(s)): what was said about them stays theirs.", (long long) earlier);
    else
        hub_note (msg, "moved: signals about the new address reach this household");
    return 0;
}

int
hub_regie_consent (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1], basis [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t from = 0, until = 0;
    proto_env_cstr (msg->env, "partner", partner, sizeof partner);
    proto_env_cstr (msg->env, "basis", basis, sizeof basis);
    proto_env_u64 (msg->env, "from", &from);
    proto_env_u64 (msg->env, "until", &until);
    if (!s_partner (hub, partner)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a partner in this network", partner);
        return 0;
    }
    if (hub_store_consent_record (hub->store, h.hh, partner, basis, from, until, msg->now) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "consent";
    n.team = h.team;
    char a [16], b [16];
    hub_date (a, sizeof a, from);
    hub_date (b, sizeof b, until);
    snprintf (n.text, sizeof n.text, "You may now share with the regisseur about this household "
              "(basis: %s, %s to %s).", basis, a, b);
    if (hub_notify_msg (hub, msg, partner, &n) != 0)
        return -1;
    hub_note (msg, "basis %s recorded for %s", basis, partner);
    return 0;
}

int
hub_regie_consent_withdraw (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_env_cstr (msg->env, "partner", partner, sizeof partner);
    if (!hub_regie_covered (hub, h.hh, partner, msg->now)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "%s has no current basis for this household", partner);
        return 0;
    }
    if (hub_store_consent_withdraw (hub->store, h.hh, partner, msg->now) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "consent";
    n.team = h.team;
    snprintf (n.text, sizeof n.text, "The basis for sharing about this household has ended: "
              "you receive no more rounds, agreements or minutes about it.");
    if (hub_notify_msg (hub, msg, partner, &n) != 0)
        return -1;
    hub_note (msg, "withdrawn for %s, at once", partner);
    return 0;
}

int
hub_regie_priority (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    bool on = false;
    proto_env_bool (msg->env, "on", &on);
    if (hub_regie_household (hub, msg->env, on, msg->now, &h) != 0)
        return -1;
    if (!h.hh) {
        hub_refuse (msg, PROTO_NOT_FOUND, "this household is not known");
        return 0;
    }
    if (hub_store_household_set_priority (hub->store, h.hh, on) != 0)
        return -1;
    hub_note (msg, on ? "on the priority list: an opening signal alerts intake at once"
                    : "off the priority list");
    return 0;
}

int
hub_regie_match_confirm (hub_t *hub, hub_msg_t *msg)
{
    uint8_t match [ID];
    char outcome [PROTO_MAX_TAXON_BYTES + 1];
    proto_env_bin (msg->env, "match", match, ID);
    proto_env_cstr (msg->env, "outcome", outcome, sizeof outcome);
    const proto_cert_t *me = &msg->author->cert;
    hub_match_row_t m;
    int exists = hub_store_match_get (hub->store, match, &m);
    int is_party = exists == 1 ? hub_store_match_has_party (hub->store, match, me->id) : 0;
    if (exists < 0 || is_party < 0)
        return -1;
    hub_household_t h;
    if (exists && hub_regie_household_get (hub, m.hh, &h) != 0)
        return -1;
    /* the intake of the match's team, or the regisseur, confirms for all   */
    bool for_all = exists && ((streq (me->team, m.team) && (me->roles & PROTO_ROLE_INTAKE))
                              || streq (h.casemanager, me->id));
    if (!exists || (!is_party && !for_all)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no match with that id concerns you");
        return 0;
    }
    if (for_all
    ?   hub_store_match_confirm_all (hub->store, match, msg->now, outcome) != 0
    :   hub_store_match_confirm_party (hub->store, match, me->id, msg->now, outcome) != 0)
        return -1;
    hub_note (msg, "match confirmed: %s%s", outcome, for_all ? " (for all partners)" : "");
    return 0;
}

/* ---- escalation ----------------------------------------------------------- */

int
hub_regie_escalate (hub_t *hub, int64_t hh, const char *team_id, const char *reason,
                    const uint8_t *object, const char *history, uint64_t now)
{
    const hub_team_t *team = team_id ? hub_config_team (hub->config, team_id) : NULL;
    if (!team)
        team = hub_config_default_team (hub->config);
    const char *to = team && team->escalation [0] ? team->escalation : team ? team->intake : NULL;
    if (!to) {
        zsys_warning ("escalation (%s) has nobody to go to: configure teams", reason);
        return 0;
    }
    uint8_t id [ID];
    proto_id_new (id, now);
    if (hub_store_escalation_add (hub->store, id, hh, team->team, to, reason, object, history,
                                  now) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "escalation";
    n.object = id;
    n.urgent = true;
    n.team = team->team;
    snprintf (n.text, sizeof n.text, "Escalation (%s): %s Resolve it with regie resolve-escalation "
              "once it moves.", reason, history);
    proto_utf8_truncate (n.text, PROTO_MAX_TEXT_BYTES);
    return hh ? hub_notify_household (hub, hh, to, &n) : hub_notify (hub, to, NULL, NULL, &n, NULL);
}

int
hub_regie_escalation_resolve (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_bin (msg->env, "escalation", id, ID);
    proto_env_cstr (msg->env, "note", note, sizeof note);
    bool open = false;
    int found = hub_store_escalation_raised_to (hub->store, id, msg->author->cert.id,
                                                msg->author->cert.team, &open);
    if (found < 0)
        return -1;
    if (!found) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no escalation with that id was raised to you or your team");
        return 0;
    }
    if (!open) {
        hub_refuse (msg, PROTO_INVALID_STATE, "that escalation is already resolved");
        return 0;
    }
    if (hub_store_escalation_resolve (hub->store, id, msg->now, msg->author->cert.id, note) != 0)
        return -1;
    hub_note (msg, "escalation resolved");
    return 0;
}

/* ---- timers ---------------------------------------------------------------- */

int
hub_regie_tick (hub_t *hub, uint64_t now)
{
    /* the timers' resolution is a second: no need to scan more often       */
    static uint64_t last_run;
    if (now < last_run + HUB_TIMER_INTERVAL_MS && now >= last_run)
        return 0;
    last_run = now;
    hub_match_due_t due [HUB_TICK_BATCH];
    size_t count;
    /* 1. matches past their deadline: remind once                          */
    if (hub_store_match_parties_to_remind (hub->store, now, due, HUB_TICK_BATCH, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_notice_t n;
        memset (&n, 0, sizeof n);
        n.kind = "match_reminder";
        n.object = due [i].match;
        n.team = due [i].team;
        n.due = hub_working_days (due [i].deadline, HUB_MATCH_ESCALATE_DAYS);
        char date [16];
        hub_date (date, sizeof date, n.due);
        snprintf (n.text, sizeof n.text, "Reminder: you have not confirmed contact on a match. "
                  "Confirm now (regie confirm-match); on %s it is escalated.", date);
        if (hub_notify_household (hub, due [i].hh, due [i].partner, &n) != 0
        ||  hub_store_match_party_reminded (hub->store, due [i].match, due [i].partner, now) != 0)
            return -1;
    }
    /* 2. still unconfirmed after the reminder: escalate                      */
    if (hub_store_match_parties_to_escalate (hub->store, now, due, HUB_TICK_BATCH, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        char history [PROTO_MAX_TEXT_BYTES / 2], date [16];
        hub_date (date, sizeof date, due [i].deadline);
        snprintf (history, sizeof history, "partner %s did not confirm contact on a match "
                  "(deadline %s), not even after a reminder.", due [i].partner, date);
        if (hub_regie_escalate (hub, due [i].hh, due [i].team, "match not followed up",
                                due [i].match, history, now) != 0
        ||  hub_store_match_party_escalated (hub->store, due [i].match, due [i].partner, now) != 0)
            return -1;
    }
    /* 3. retention: expired signals into the archive, closed households
          reduced once their follow-up ended (at most once a minute)         */
    static uint64_t last_retention;
    if (now >= last_retention + HUB_RETENTION_INTERVAL_MS || now < last_retention) {
        last_retention = now;
        json_t *done = hub_retention (hub->store, hub->config, now, false);
        if (!done)
            return -1;
        json_int_t removed = 0;
        const char *key;
        json_t *value;
        json_object_foreach (done, key, value)
            removed += json_integer_value (value);
        char *text = removed ? json_dumps (done, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref (done);
        int rc = text ? hub_audit_append (hub->audit, now, HUB_ACTOR, "retention", NULL, NULL,
                                          text, "timer", NULL) : 0;
        free (text);
        if (rc != 0)
            return -1;
    }
    /* 4. follow-up windows that ended                                        */
    return hub_store_households_end_follow_up (hub->store, now);
}
