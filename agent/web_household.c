/*  web_household.c - Mijn huishoudens and Huishouden. See web_household.h. */
#include "web_household.h"
#include "agent_users.h"
#include "proto_lang.h"
#include "proto_msgpack.h"
#include "proto_words.h"

#include <czmq.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool
web_household_role_ok (const char *role)
{
    return role && (strcmp (role, "casemanager") == 0 || strcmp (role, "teamleider") == 0);
}

/*  One line of text of 0..max bytes: valid UTF-8, no control characters.   */
static bool
s_line_ok (const char *text, size_t len, size_t max)
{
    return len <= max && strlen (text) == len && proto_utf8_valid ((const uint8_t *) text, len, false);
}

bool
web_search_read (web_search_t *s, const char *q, size_t len)
{
    memset (s, 0, sizeof *s);
    if (!q)
        return true;
    if (!s_line_ok (q, len, AGENT_WEB_SEARCH_BYTES)) {
        snprintf (s->error, sizeof s->error,
                  _("search with at most %d characters of text on one line"), AGENT_WEB_SEARCH_BYTES);
        return false;
    }
    snprintf (s->q, sizeof s->q, "%s", q);
    return true;
}

bool
web_search_match (const web_search_t *s, const web_case_t *c)
{
    if (!*s->q)
        return true;
    return strcasestr (c->label, s->q) != NULL || strcasestr (c->names, s->q) != NULL;
}

/*  Whether body names key at all.                                          */
static bool
s_has_key (const char *body, const char *key)
{
    size_t k = strlen (key);
    for (const char *p = body; p && *p; p = strchr (p, '&')) {
        if (*p == '&')
            p++;
        if (strncmp (p, key, k) == 0 && p [k] == '=')
            return true;
    }
    return false;
}

/*  A form field of one line into out (max bytes): false with err set.      */
static bool
s_field_read (const char *body, const char *key, char *out, size_t max, bool required,
              char *err, size_t errlen)
{
    char value [AGENT_WEB_MAX_BODY_BYTES + 1];
    bool got = web_form_get (body, key, value, sizeof value);
    out [0] = 0;
    if (!got && s_has_key (body, key)) {
        snprintf (err, errlen, _("at most %zu characters of text on one line"), max);
        return false;
    }
    if (!got)
        value [0] = 0;
    /* a field the browser sent with spaces around keeps its words only */
    char *v = value;
    while (*v == ' ')
        v++;
    size_t len = strlen (v);
    while (len && v [len - 1] == ' ')
        v [--len] = 0;
    if (!s_line_ok (v, len, max)) {
        snprintf (err, errlen, _("at most %zu characters of text on one line"), max);
        return false;
    }
    if (required && len == 0) {
        snprintf (err, errlen, "%s", _("this is required"));
        return false;
    }
    memcpy (out, v, len + 1);
    return true;
}

bool
web_label_form_read (web_label_form_t *f, const char *body)
{
    memset (f, 0, sizeof *f);
    bool ok = s_field_read (body, "label", f->label, AGENT_MAX_LABEL_BYTES, true, f->error_label,
                            sizeof f->error_label);
    ok = s_field_read (body, "names", f->names, AGENT_MAX_NAMES_BYTES, false, f->error_names,
                       sizeof f->error_names) && ok;
    return ok;
}

void
web_case_label_refs (const web_case_t *c, const uint8_t **person, const uint8_t **address)
{
    *person = NULL;
    *address = NULL;
    for (size_t i = 0; i < c->nrefs; i++) {
        if (c->is_person [i] && !*person)
            *person = c->refs [i];
        if (!c->is_person [i] && !*address)
            *address = c->refs [i];
    }
}

/* ---- loading --------------------------------------------------------------- */

typedef struct {
    web_caseload_t *cl;
    bool full;                          /* a message could not be taken      */
} loading_t;

/*  A caseload that cannot take every message would show a household as it
    was, not as it is: the page is refused instead (see the log).           */
static int
s_sent (void *arg, const agent_web_sent_t *row)
{
    loading_t *l = (loading_t *) arg;
    l->full = web_caseload_add (l->cl, false, row->ts, 0, NULL, row->envelope, row->envelope_len) != 0;
    return l->full;
}

static int
s_received (void *arg, const agent_inbox_row_t *row)
{
    loading_t *l = (loading_t *) arg;
    l->full = web_caseload_add (l->cl, true, row->received, row->seq, row->author, row->envelope,
                                row->envelope_len) != 0;
    return l->full;
}

web_caseload_t *
web_caseload_load (web_pages_ctx_t *ctx, const char *user)
{
    const proto_taxonomy_t *tax = &ctx->config->tax;
    const char *first = tax->count [PT_PHASE] > 1 ? tax->terms [PT_PHASE][1]
                      : tax->count [PT_PHASE] ? tax->terms [PT_PHASE][0] : "";
    web_caseload_t *cl = web_caseload_new (ctx->me->id, ctx->me->sign_key, ctx->hub_key, first);
    if (!cl)
        return NULL;
    for (size_t i = 0; i < AGENT_MAX_PARTNER_NAMES && ctx->config->partners [i].id [0]; i++)
        web_caseload_name (cl, ctx->config->partners [i].id, ctx->config->partners [i].name);
    web_caseload_name (cl, ctx->me->id, ctx->me->name);
    loading_t l = { cl, false };
    if (agent_web_sent (ctx->store, s_sent, &l) < 0 || l.full
    ||  agent_web_received (ctx->store, user, s_received, &l) < 0 || l.full
    ||  web_caseload_finish (cl, agent_config_now_ms (ctx->config)) != 0) {
        if (l.full)
            zsys_error ("regie: web: the caseload holds more messages than it can read "
                        "(out of memory, or more than AGENT_WEB_CASE_MAX_FACTS)");
        web_caseload_destroy (&cl);
        return NULL;
    }
    for (size_t i = 0; i < web_caseload_count (cl); i++) {
        web_case_t *c = web_caseload_at (cl, i);
        const uint8_t *person, *address;
        web_case_label_refs (c, &person, &address);
        if (agent_web_label_get (ctx->store, person, address, c->label, sizeof c->label, c->names,
                                 sizeof c->names) < 0) {
            web_caseload_destroy (&cl);
            return NULL;
        }
    }
    return cl;
}

/* ---- pieces ----------------------------------------------------------------- */

static void
s_begin (web_reply_t *r, const char *title, const web_session_t *s, const char *current)
{
    web_html_begin (&r->body, title, s->user, agent_user_role_word (s->role), s->csrf, current,
                    web_household_role_ok (s->role));
}

/*  What a household is called: her label, else a short reference.         */
static void
s_case_name (web_buf_t *b, const web_case_t *c)
{
    if (*c->label)
        web_html_text (b, c->label);
    else
        web_html_textf (b, "%s %s", c->key [0] == 'p' ? _("Household of person")
                                                     : _("Household at address"), c->key + 1);
}

static void
s_term (web_buf_t *b, const char *term)
{
    char text [PROTO_MAX_TAXON_BYTES + 1];
    proto_words_term (text, sizeof text, term);
    web_html_text (b, *text ? text : "-");
}

static void
s_next_round (web_buf_t *b, const web_case_t *c)
{
    char when [PROTO_LANG_DATE_CHARS];
    if (!c->next_round) {
        web_html_text (b, _("none planned"));
        return;
    }
    if (c->next_proposed) {
        proto_lang_date_long (when, c->next_round);
        web_html_textf (b, _("proposed for %s"), when);
        return;
    }
    proto_lang_time_long (when, c->next_round);
    web_html_text (b, when);
}

static const char *
s_rank_class (const char *severity)
{
    return strcmp (severity, "acuut") == 0 ? "acuut" : strcmp (severity, "ernstig") == 0 ? "ernstig"
                                                                                         : "zorg";
}

static void
s_badge (web_buf_t *b, const char *severity)
{
    if (!*severity)
        return;
    web_buf_rawf (b, "<span class=\"badge %s\">", s_rank_class (severity));
    web_html_text (b, proto_words_code (severity));
    web_buf_raw (b, "</span>");
}

/* ---- Mijn huishoudens -------------------------------------------------------- */

void
web_page_households (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                     web_caseload_t *cl, const web_search_t *search)
{
    s_begin (r, _("My households"), s, "huishoudens");
    web_buf_t *b = &r->body;
    size_t total = web_caseload_count (cl), shown = 0;
    web_buf_raw (b, "<h1>");
    web_html_text (b, _("My households"));
    web_buf_raw (b, "</h1>\n<p id=\"caseload-count\">");
    if (total == 0)
        web_html_text (b, _("This team holds regie over no household yet."));
    else
        web_html_textf (b, ngettext ("This team holds regie over %zu household.",
                                     "This team holds regie over %zu households.", total), total);
    web_buf_raw (b, "</p>\n<form method=\"get\" action=\"/huishoudens\" id=\"search\" role=\"search\">\n"
                 "<label for=\"in-q\">");
    web_html_text (b, _("Search by label or name"));
    web_buf_rawf (b, "</label>\n<input id=\"in-q\" name=\"q\" type=\"search\" maxlength=\"%d\"%s value=\"",
                  AGENT_WEB_SEARCH_BYTES,
                  *search->error ? " aria-invalid=\"true\" aria-describedby=\"error-q\"" : "");
    web_html_text (b, search->q);
    web_buf_raw (b, "\">\n");
    if (*search->error) {
        web_buf_raw (b, "<p class=\"error\" id=\"error-q\">");
        web_html_text (b, search->error);
        web_buf_raw (b, "</p>\n");
    }
    web_buf_raw (b, "<p><button type=\"submit\">");
    web_html_text (b, _("Search"));
    web_buf_raw (b, "</button></p>\n</form>\n");
    if (total == 0) {
        web_html_end (b);
        return;
    }
    web_buf_raw (b, "<table class=\"cases\" id=\"caseload\">\n<caption>");
    web_html_text (b, _("Households under regie of this team"));
    web_buf_raw (b, "</caption>\n<thead><tr>");
    const char *heads [] = { _("Household"), _("Phase"), _("Next round"), _("Agreements overdue"),
                             _("Newest signal") };
    for (size_t i = 0; i < sizeof heads / sizeof heads [0]; i++) {
        web_buf_raw (b, "<th scope=\"col\">");
        web_html_text (b, heads [i]);
        web_buf_raw (b, "</th>");
    }
    web_buf_raw (b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < total; i++) {
        const web_case_t *c = web_caseload_at (cl, i);
        if (!web_search_match (search, c))
            continue;
        shown++;
        web_buf_rawf (b, "<tr data-key=\"%s\"><td><a href=\"/huishouden/%s\">", c->key, c->key);
        s_case_name (b, c);
        web_buf_raw (b, "</a>");
        if (*c->names) {
            web_buf_raw (b, "<br><span class=\"meta\">");
            web_html_text (b, c->names);
            web_buf_raw (b, "</span>");
        }
        web_buf_raw (b, "</td><td>");
        s_term (b, c->phase);
        web_buf_raw (b, "</td><td>");
        s_next_round (b, c);
        web_buf_rawf (b, "</td><td class=\"num%s\">%zu</td><td>", c->overdue ? " late" : "", c->overdue);
        if (c->newest_signal) {
            const web_event_t *e = c->newest_signal;
            char when [PROTO_LANG_DATE_CHARS];
            proto_lang_date_long (when, e->at);
            s_badge (b, e->severity);
            web_html_textf (b, _("%s, from %s"), when, e->who ? e->who : "");
        }
        else
            web_html_text (b, _("none"));
        web_buf_raw (b, "</td></tr>\n");
    }
    web_buf_raw (b, "</tbody>\n</table>\n");
    if (*search->q) {
        web_buf_raw (b, "<p id=\"search-count\">");
        web_html_textf (b, ngettext ("%zu household matches \"%s\".", "%zu households match \"%s\".",
                                     shown), shown, search->q);
        web_buf_raw (b, "</p>\n");
    }
    web_html_end (b);
}

/* ---- Huishouden ---------------------------------------------------------------- */

static void
s_dd (web_buf_t *b, const char *name)
{
    web_buf_raw (b, "<dt>");
    web_html_text (b, name);
    web_buf_raw (b, "</dt><dd>");
}

static void
s_label_form (web_buf_t *b, const web_session_t *s, const web_case_t *c, const web_label_form_t *f)
{
    const char *label = f ? f->label : c->label, *names = f ? f->names : c->names;
    bool bad_label = f && *f->error_label, bad_names = f && *f->error_names;
    web_buf_raw (b, "<h2 id=\"h-label\">");
    web_html_text (b, _("Your label and names"));
    web_buf_raw (b, "</h2>\n<p class=\"meta\" id=\"hint-label\">");
    web_html_text (b, _("Kept only in this agent, never sent: for you and your team to find "
                        "the household by."));
    web_buf_rawf (b, "</p>\n<form method=\"post\" action=\"/huishouden/%s\" id=\"label-form\" novalidate>\n"
                  "<input type=\"hidden\" name=\"csrf\" value=\"", c->key);
    web_html_text (b, s->csrf);
    web_buf_raw (b, "\">\n<div class=\"field\"><label for=\"in-label\">");
    web_html_text (b, _("Label"));
    web_buf_rawf (b, "</label>\n<input id=\"in-label\" name=\"label\" required maxlength=\"%d\" "
                  "aria-describedby=\"hint-label%s\"%s value=\"", AGENT_MAX_LABEL_BYTES,
                  bad_label ? " error-label" : "", bad_label ? " aria-invalid=\"true\"" : "");
    web_html_text (b, label);
    web_buf_raw (b, "\">\n");
    if (bad_label) {
        web_buf_raw (b, "<p class=\"error\" id=\"error-label\">");
        web_html_text (b, f->error_label);
        web_buf_raw (b, "</p>\n");
    }
    web_buf_raw (b, "</div>\n<div class=\"field\"><label for=\"in-names\">");
    web_html_text (b, _("Names of the people"));
    web_buf_rawf (b, "</label>\n<input id=\"in-names\" name=\"names\" maxlength=\"%d\"%s value=\"",
                  AGENT_MAX_NAMES_BYTES,
                  bad_names ? " aria-invalid=\"true\" aria-describedby=\"error-names\"" : "");
    web_html_text (b, names);
    web_buf_raw (b, "\">\n");
    if (bad_names) {
        web_buf_raw (b, "<p class=\"error\" id=\"error-names\">");
        web_html_text (b, f->error_names);
        web_buf_raw (b, "</p>\n");
    }
    web_buf_raw (b, "</div>\n<p><button type=\"submit\" id=\"save-label\">");
    web_html_text (b, _("Save"));
    web_buf_raw (b, "</button></p>\n</form>\n");
}

static const char *
s_event_class (web_event_kind_t kind)
{
    switch (kind) {
        case WC_SIGNAL:     return "signal";
        case WC_REGIE:      return "regie";
        case WC_PHASE:      return "phase";
        case WC_ROUND:      return "round";
        case WC_AGREEMENT:  return "agreement";
        case WC_ESCALATION: return "escalation";
        case WC_MEMBER:     return "member";
        default:            return "notice";
    }
}

void
web_page_household (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                    web_caseload_t *cl, const web_case_t *c, const web_label_form_t *form, bool saved)
{
    char title [AGENT_MAX_LABEL_BYTES + 64];
    if (*c->label)
        snprintf (title, sizeof title, "%s", c->label);
    else
        snprintf (title, sizeof title, "%s", _("Household"));
    s_begin (r, title, s, "huishoudens");
    web_buf_t *b = &r->body;
    char when [PROTO_LANG_DATE_CHARS];
    web_buf_raw (b, "<p><a href=\"/huishoudens\">");
    web_html_text (b, _("Back to my households"));
    web_buf_raw (b, "</a></p>\n<h1 id=\"household-name\">");
    s_case_name (b, c);
    web_buf_raw (b, "</h1>\n");
    if (saved) {
        web_buf_raw (b, "<p class=\"notice\" id=\"label-saved\" role=\"status\">");
        web_html_text (b, _("Label and names saved."));
        web_buf_raw (b, "</p>\n");
    }
    if (form) {
        web_buf_raw (b, "<div class=\"notice alert\" id=\"form-errors\" role=\"alert\"><p>");
        web_html_text (b, _("Nothing was saved. Correct what is marked and save again."));
        web_buf_raw (b, "</p></div>\n");
    }
    web_buf_raw (b, "<dl class=\"fields\" id=\"household-facts\">\n");
    if (*c->names) {
        s_dd (b, _("Names"));
        web_html_text (b, c->names);
        web_buf_raw (b, "</dd>\n");
    }
    s_dd (b, _("Phase"));
    s_term (b, c->phase);
    web_buf_raw (b, "</dd>\n");
    s_dd (b, _("Regie here since"));
    proto_lang_date_long (when, c->since);
    web_html_text (b, when);
    web_buf_raw (b, "</dd>\n");
    s_dd (b, _("Next round"));
    s_next_round (b, c);
    web_buf_raw (b, "</dd>\n");
    s_dd (b, _("Agreements overdue"));
    web_buf_rawf (b, "%zu</dd>\n", c->overdue);
    s_dd (b, _("Members and addresses"));
    web_buf_raw (b, "<ul class=\"refs\">");
    for (size_t i = 0; i < c->nrefs; i++) {
        char hex [2 * PROTO_REF_BYTES + 1];
        sodium_bin2hex (hex, sizeof hex, c->refs [i], PROTO_REF_BYTES);
        web_buf_raw (b, "<li>");
        web_html_textf (b, _("%s, reference %.*s"), c->is_person [i] ? _("member") : _("address"),
                        AGENT_WEB_CASE_KEY_HEX, hex);
        web_buf_raw (b, "</li>");
    }
    web_buf_raw (b, "</ul></dd>\n</dl>\n");

    s_label_form (b, s, c, form);

    web_buf_raw (b, "<h2>");
    web_html_text (b, _("Agreements"));
    web_buf_raw (b, "</h2>\n");
    if (c->nagreements == 0) {
        web_buf_raw (b, "<p>");
        web_html_text (b, _("No agreements yet."));
        web_buf_raw (b, "</p>\n");
    }
    else {
        web_buf_raw (b, "<table class=\"cases\" id=\"agreements\">\n<thead><tr>");
        const char *heads [] = { _("Who"), _("What"), _("Life domain"), _("Due"), _("Status") };
        for (size_t i = 0; i < sizeof heads / sizeof heads [0]; i++) {
            web_buf_raw (b, "<th scope=\"col\">");
            web_html_text (b, heads [i]);
            web_buf_raw (b, "</th>");
        }
        web_buf_raw (b, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < c->nagreements; i++) {
            const web_agreement_t *a = &c->agreements [i];
            web_buf_raw (b, "<tr><td>");
            web_html_text (b, web_caseload_partner_name (cl, a->owner));
            web_buf_raw (b, "</td><td>");
            web_html_text (b, a->action);
            web_buf_raw (b, "</td><td>");
            s_term (b, a->leefgebied);
            web_buf_raw (b, "</td><td>");
            proto_lang_date_long (when, a->due);
            web_html_text (b, when);
            web_buf_rawf (b, "</td><td%s>", a->overdue ? " class=\"late\"" : "");
            web_html_text (b, proto_words_code (a->overdue ? "overdue" : a->status));
            web_buf_raw (b, "</td></tr>\n");
        }
        web_buf_raw (b, "</tbody>\n</table>\n");
    }

    web_buf_raw (b, "<h2>");
    web_html_text (b, _("Rounds"));
    web_buf_raw (b, "</h2>\n");
    if (c->nrounds == 0) {
        web_buf_raw (b, "<p>");
        web_html_text (b, _("No round planned yet."));
        web_buf_raw (b, "</p>\n");
    }
    else {
        web_buf_raw (b, "<ul id=\"rounds\">\n");
        for (size_t i = 0; i < c->nrounds; i++) {
            const web_round_t *rd = &c->rounds [i];
            proto_lang_time_long (when, rd->at);
            web_buf_raw (b, "<li>");
            web_html_textf (b, rd->held ? _("%s: held") : _("%s: planned"), when);
            if (rd->place) {
                web_buf_raw (b, ", ");
                web_html_text (b, rd->place);
            }
            web_buf_raw (b, "</li>\n");
        }
        web_buf_raw (b, "</ul>\n");
    }

    web_buf_raw (b, "<h2>");
    web_html_text (b, _("Timeline"));
    web_buf_raw (b, "</h2>\n<ol class=\"timeline\" id=\"timeline\">\n");
    for (size_t i = 0; i < c->nevents; i++) {
        const web_event_t *e = &c->events [i];
        web_buf_rawf (b, "<li class=\"event %s%s%s\">", s_event_class (e->kind),
                      *e->severity ? " " : "", *e->severity ? s_rank_class (e->severity) : "");
        proto_lang_time_long (when, e->at);
        web_buf_raw (b, "<span class=\"meta\">");
        web_html_text (b, when);
        web_buf_raw (b, "</span> ");
        s_badge (b, e->severity);
        if (e->kind == WC_ESCALATION || (e->urgent && e->kind != WC_SIGNAL)) {
            web_buf_raw (b, "<span class=\"badge acuut\">");
            web_html_text (b, e->kind == WC_ESCALATION ? _("escalation") : _("urgent"));
            web_buf_raw (b, "</span>");
        }
        if (e->seq)
            web_buf_rawf (b, "<a href=\"/bericht/%llu\">", (unsigned long long) e->seq);
        web_html_text (b, e->title);
        if (e->seq)
            web_buf_raw (b, "</a>");
        if (e->text) {
            web_buf_raw (b, "<div class=\"text\">");
            web_html_text (b, e->text);
            web_buf_raw (b, "</div>");
        }
        web_buf_raw (b, "</li>\n");
    }
    web_buf_raw (b, "</ol>\n");
    web_html_end (b);
}
