/*  web_pages.c - login, Postvak and message pages. See web_pages.h.         */
#include "web_pages.h"
#include "web_household.h"
#include "agent_cmdtab.h"
#include "agent_json.h"
#include "agent_render.h"
#include "agent_users.h"
#include "proto_envelope.h"
#include "proto_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
web_reply_init (web_reply_t *self)
{
    memset (self, 0, sizeof *self);
    self->status = 200;
    web_buf_init (&self->body);
}

void
web_reply_free (web_reply_t *self)
{
    web_buf_free (&self->body);
}

void
web_reply_redirect (web_reply_t *self, const char *location)
{
    self->status = 303;
    snprintf (self->location, sizeof self->location, "%s", location);
}

static void
s_begin (web_reply_t *r, const char *title, const web_session_t *s, const char *current)
{
    web_html_begin (&r->body, title, s ? s->user : NULL, s ? agent_user_role_word (s->role) : NULL,
                    s ? s->csrf : NULL, current, s && web_household_role_ok (s->role));
}

void
web_page_error (web_reply_t *r, int status, const char *title, const char *text,
                const web_session_t *s)
{
    r->status = status;
    s_begin (r, title, s, NULL);
    web_buf_raw (&r->body, "<h1>");
    web_html_text (&r->body, title);
    web_buf_raw (&r->body, "</h1>\n<p id=\"error-text\">");
    web_html_text (&r->body, text);
    web_buf_raw (&r->body, "</p>\n<p><a href=\"/postvak\">");
    web_html_text (&r->body, _("To the inbox"));
    web_buf_raw (&r->body, "</a></p>\n");
    web_html_end (&r->body);
}

void
web_page_login (web_reply_t *r, int status, const char *token, const char *name, const char *error)
{
    r->status = status;
    s_begin (r, _("Log in"), NULL, NULL);
    web_buf_raw (&r->body, "<h1>");
    web_html_text (&r->body, _("Log in"));
    web_buf_raw (&r->body, "</h1>\n");
    if (error) {
        web_buf_raw (&r->body, "<p class=\"notice alert\" id=\"login-error\" role=\"alert\">");
        web_html_text (&r->body, error);
        web_buf_raw (&r->body, "</p>\n");
    }
    web_buf_raw (&r->body, "<form method=\"post\" action=\"/login\" id=\"login\">\n"
                 "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_html_text (&r->body, token);
    web_buf_raw (&r->body, "\">\n<label for=\"name\">");
    web_html_text (&r->body, _("Name"));
    web_buf_rawf (&r->body, "</label>\n<input id=\"name\" name=\"name\" autocomplete=\"username\" "
                  "required maxlength=\"%d\" value=\"", AGENT_MAX_USER_BYTES);
    web_html_text (&r->body, name);
    web_buf_raw (&r->body, "\">\n<label for=\"password\">");
    web_html_text (&r->body, _("Password"));
    web_buf_rawf (&r->body, "</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
                  "autocomplete=\"current-password\" required maxlength=\"%d\"%s>\n"
                  "<p><button type=\"submit\">", AGENT_MAX_PASSWORD_BYTES,
                  error ? " aria-describedby=\"login-error\"" : "");
    web_html_text (&r->body, _("Log in"));
    web_buf_raw (&r->body, "</button></p>\n</form>\n");
    web_html_end (&r->body);
}

/* ---- messages ---------------------------------------------------------------- */

/*  What the Postvak and a message's page show of one inbox row.            */
typedef struct {
    uint64_t seq, received;
    bool read;
    int rank;                           /* 0 acuut, 1 ernstig, 2 the rest    */
    char severity [16];
    char household [2 * PROTO_REF_BYTES + 2];   /* "p" / "a" + hex; "" none  */
    char label [AGENT_MAX_LABEL_BYTES + 1];
    char sender [PROTO_MAX_NAME_BYTES + PROTO_MAX_CONTACT_BYTES + 8];
    char title [AGENT_RENDER_BYTES];
    json_t *message;                    /* owned                             */
} item_t;

static void
s_item_clear (item_t *it)
{
    json_decref (it->message);
    it->message = NULL;
}

static const char *
s_body_str (json_t *message, const char *key)
{
    const char *v = json_string_value (json_object_get (json_object_get (message, "body"), key));
    return v ? v : "";
}

/*  Fills it from row; false when the stored bytes do not decode.            */
static bool
s_item (web_pages_ctx_t *ctx, const agent_inbox_row_t *row, item_t *it)
{
    memset (it, 0, sizeof *it);
    proto_envelope_t env;
    if (proto_envelope_decode (&env, row->envelope, row->envelope_len, NULL, NULL) != PROTO_OK)
        return false;
    it->message = agent_json_from_envelope (&env);
    proto_envelope_release (&env);
    if (!it->message)
        return false;
    it->seq = row->seq;
    it->received = row->received;
    it->read = row->read;
    it->rank = 2;
    if (strcmp (row->type, "signal") == 0) {
        snprintf (it->severity, sizeof it->severity, "%s", s_body_str (it->message, "severity"));
        it->rank = strcmp (it->severity, "acuut") == 0 ? 0 : strcmp (it->severity, "ernstig") == 0 ? 1 : 2;
    }
    if (row->has_person || row->has_address) {
        const uint8_t *ref = row->has_person ? row->person : row->address;
        it->household [0] = row->has_person ? 'p' : 'a';
        sodium_bin2hex (it->household + 1, sizeof it->household - 1, ref, PROTO_REF_BYTES);
        agent_store_label_find (ctx->agent_store, row->has_person ? row->person : NULL,
                                row->has_address ? row->address : NULL, it->label, sizeof it->label);
    }
    /* the sender: the hub, ourselves, or the partner as its message names it */
    if (ctx->hub_key && memcmp (row->author, ctx->hub_key, PROTO_PUBKEY_BYTES) == 0)
        snprintf (it->sender, sizeof it->sender, "%s", _("regiehub (the hub)"));
    else
    if (memcmp (row->author, ctx->me->sign_key, PROTO_PUBKEY_BYTES) == 0)
        snprintf (it->sender, sizeof it->sender, "%s", ctx->me->name);
    else
    if (*s_body_str (it->message, "contact"))
        snprintf (it->sender, sizeof it->sender, "%s", s_body_str (it->message, "contact"));
    else
        snprintf (it->sender, sizeof it->sender, "%s", _("a partner"));
    if (strcmp (row->type, "notice") == 0)
        agent_render_notice (json_object_get (it->message, "body"), it->title, sizeof it->title);
    else
        snprintf (it->title, sizeof it->title, "%s", agent_cmd_summary (it->message));
    return true;
}

typedef struct {
    web_pages_ctx_t *ctx;
    item_t *items;
    size_t count, cap;
} collect_t;

static int
s_collect (void *arg, const agent_inbox_row_t *row)
{
    collect_t *c = (collect_t *) arg;
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        item_t *grown = (item_t *) realloc (c->items, cap * sizeof *grown);
        if (!grown)
            return 1;
        c->items = grown;
        c->cap = cap;
    }
    if (s_item (c->ctx, row, &c->items [c->count]))
        c->count++;
    return 0;
}

/*  Households in order of their most urgent message, then their newest;
    inside one, urgent first, then newest first.                             */
static int s_group_rank (const collect_t *c, const char *household, uint64_t *newest);

static const collect_t *s_sorting;

static int
s_compare (const void *a, const void *b)
{
    const item_t *x = (const item_t *) a, *y = (const item_t *) b;
    if (strcmp (x->household, y->household) != 0) {
        uint64_t nx, ny;
        int rx = s_group_rank (s_sorting, x->household, &nx);
        int ry = s_group_rank (s_sorting, y->household, &ny);
        if (rx != ry)
            return rx - ry;
        if (nx != ny)
            return nx > ny ? -1 : 1;
        return strcmp (x->household, y->household);
    }
    if (x->rank != y->rank)
        return x->rank - y->rank;
    return x->seq > y->seq ? -1 : x->seq < y->seq ? 1 : 0;
}

static int
s_group_rank (const collect_t *c, const char *household, uint64_t *newest)
{
    int rank = 3;
    *newest = 0;
    for (size_t i = 0; i < c->count; i++)
        if (strcmp (c->items [i].household, household) == 0) {
            if (c->items [i].rank < rank)
                rank = c->items [i].rank;
            if (c->items [i].seq > *newest)
                *newest = c->items [i].seq;
        }
    return rank;
}

static const char *
s_severity_word (const char *severity)
{
    return agent_cmd_code_word (severity);
}

static void
s_acute_reminder (web_buf_t *b)
{
    web_buf_raw (b, "<p class=\"notice alert\" id=\"acute-reminder\" role=\"alert\"><strong>");
    web_html_text (b, _("Acute danger?"));
    web_buf_raw (b, "</strong> ");
    web_html_text (b, _("Call Veilig Thuis on 0800-2000, or 112 when there is danger now. "
                        "A message here does not replace that call."));
    web_buf_raw (b, "</p>\n");
}

static void
s_household_heading (web_buf_t *b, const item_t *it)
{
    if (*it->label)
        web_html_text (b, it->label);
    else
    if (*it->household) {
        char shortref [16];
        snprintf (shortref, sizeof shortref, "%.12s", it->household + 1);
        web_html_textf (b, "%s %s", it->household [0] == 'p' ? _("Household of person")
                                                             : _("Household at address"), shortref);
    }
    else
        web_html_text (b, _("Not about a household"));
}

void
web_page_postvak (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s)
{
    collect_t c = { ctx, NULL, 0, 0 };
    int n = agent_web_inbox (ctx->store, s->user, AGENT_WEB_POSTVAK_LIMIT, s_collect, &c);
    if (n < 0) {
        for (size_t i = 0; i < c.count; i++)
            s_item_clear (&c.items [i]);
        free (c.items);
        web_page_error (r, 500, _("Something went wrong"),
                        _("The agent cannot read its store; see its log."), s);
        return;
    }
    s_sorting = &c;
    if (c.count)                        /* an empty Postvak has no array     */
        qsort (c.items, c.count, sizeof *c.items, s_compare);
    s_sorting = NULL;
    size_t unread = 0;
    bool acute = false;
    for (size_t i = 0; i < c.count; i++) {
        unread += !c.items [i].read;
        acute = acute || c.items [i].rank == 0;
    }
    s_begin (r, _("Inbox"), s, "postvak");
    web_buf_t *b = &r->body;
    web_buf_raw (b, "<h1>");
    web_html_text (b, _("Inbox"));
    web_buf_raw (b, "</h1>\n<p id=\"unread-count\">");
    if (c.count == 0)
        web_html_text (b, _("No messages yet."));
    else
        web_html_textf (b, ngettext ("%zu unread message of %zu.", "%zu unread messages of %zu.",
                                     unread), unread, c.count);
    web_buf_raw (b, "</p>\n");
    if (acute)
        s_acute_reminder (b);
    const char *group = NULL;
    for (size_t i = 0; i < c.count; i++) {
        item_t *it = &c.items [i];
        if (!group || strcmp (group, it->household) != 0) {
            if (group)
                web_buf_raw (b, "</ul>\n</section>\n");
            web_buf_rawf (b, "<section class=\"household\" aria-labelledby=\"hh-%zu\">\n"
                          "<h2 id=\"hh-%zu\">", i, i);
            s_household_heading (b, it);
            web_buf_raw (b, "</h2>\n<ul class=\"msgs\">\n");
            group = it->household;
        }
        web_buf_rawf (b, "<li class=\"msg%s%s%s\" data-seq=\"%llu\">", it->read ? "" : " unread",
                      it->rank == 0 ? " acuut" : it->rank == 1 ? " ernstig" : "",
                      "", (unsigned long long) it->seq);
        if (!it->read) {
            web_buf_raw (b, "<span class=\"badge new\">");
            web_html_text (b, _("new"));
            web_buf_raw (b, "</span>");
        }
        if (*it->severity) {
            web_buf_rawf (b, "<span class=\"badge %s\">", it->rank == 0 ? "acuut"
                                                         : it->rank == 1 ? "ernstig" : "zorg");
            web_html_text (b, s_severity_word (it->severity));
            web_buf_raw (b, "</span>");
        }
        web_buf_rawf (b, "<a href=\"/bericht/%llu\">", (unsigned long long) it->seq);
        web_html_textf (b, "%s: %s", agent_cmd_type_word (json_string_value (
                            json_object_get (it->message, "type"))), it->title);
        web_buf_raw (b, "</a><br><span class=\"meta\">");
        char when [PROTO_LANG_DATE_CHARS];
        proto_lang_time_long (when, it->received);
        web_html_textf (b, _("from %s, %s"), it->sender, when);
        web_buf_raw (b, "</span></li>\n");
    }
    if (group)
        web_buf_raw (b, "</ul>\n</section>\n");
    web_html_end (b);
    for (size_t i = 0; i < c.count; i++)
        s_item_clear (&c.items [i]);
    free (c.items);
}

typedef struct {
    web_pages_ctx_t *ctx;
    item_t it;
    bool found;
} one_t;

static int
s_one (void *arg, const agent_inbox_row_t *row)
{
    one_t *o = (one_t *) arg;
    o->found = s_item (o->ctx, row, &o->it);
    return 1;
}

static void
s_field (web_buf_t *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    web_buf_raw (b, "<dt>");
    web_html_text (b, name);
    web_buf_raw (b, "</dt><dd>");
    web_html_text (b, value);
    web_buf_raw (b, "</dd>\n");
}

int
web_page_message (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s, uint64_t seq)
{
    one_t o;
    memset (&o, 0, sizeof o);
    o.ctx = ctx;
    int rc = agent_web_inbox_get (ctx->store, s->user, seq, s_one, &o);
    if (rc < 0) {
        web_page_error (r, 500, _("Something went wrong"),
                        _("The agent cannot read its store; see its log."), s);
        return -1;
    }
    if (rc == 0 || !o.found) {
        web_page_error (r, 404, _("Message not found"), _("There is no such message here."), s);
        return 0;
    }
    item_t *it = &o.it;
    const char *type = json_string_value (json_object_get (it->message, "type"));
    const char *word = agent_cmd_type_word (type);
    char title [96];
    snprintf (title, sizeof title, "%s %llu", word, (unsigned long long) seq);
    s_begin (r, title, s, "postvak");
    web_buf_t *b = &r->body;
    web_buf_raw (b, "<p><a href=\"/postvak\">");
    web_html_text (b, _("Back to the inbox"));
    web_buf_raw (b, "</a></p>\n<h1>");
    web_html_textf (b, "%s: %s", word, it->title);
    web_buf_raw (b, "</h1>\n");
    if (it->rank == 0)
        s_acute_reminder (b);
    web_buf_raw (b, "<dl class=\"fields\">\n");
    char when [PROTO_LANG_DATE_CHARS];
    proto_lang_time_long (when, it->received);
    s_field (b, _("From"), it->sender);
    s_field (b, _("Received"), when);
    char hh [AGENT_MAX_LABEL_BYTES + 64];
    hh [0] = 0;
    if (*it->label)
        snprintf (hh, sizeof hh, "%s", it->label);
    else
    if (*it->household)
        snprintf (hh, sizeof hh, "%s %.12s", it->household [0] == 'p' ? _("Household of person")
                                                                      : _("Household at address"),
                  it->household + 1);
    s_field (b, _("Household"), hh);
    if (strcmp (type, "signal") == 0) {
        char term [128];
        s_field (b, _("Severity"), s_severity_word (it->severity));
        agent_cmd_term_text (term, sizeof term, s_body_str (it->message, "leefgebied"));
        s_field (b, _("Life domain"), term);
        agent_cmd_term_text (term, sizeof term, s_body_str (it->message, "ground"));
        s_field (b, _("Ground"), term);
        agent_cmd_term_text (term, sizeof term, s_body_str (it->message, "kind"));
        s_field (b, _("Kind"), term);
        json_t *informed = json_object_get (json_object_get (it->message, "body"), "informed");
        s_field (b, _("Household informed"), json_is_true (informed) ? _("yes") : _("no"));
        s_field (b, _("Why not informed"), s_body_str (it->message, "not_informed_reason"));
        s_field (b, _("Contact"), s_body_str (it->message, "contact"));
    }
    web_buf_raw (b, "</dl>\n");
    const char *text = strcmp (type, "notice") == 0 ? it->title : s_body_str (it->message, "text");
    if (*text) {
        web_buf_raw (b, "<h2>");
        web_html_text (b, _("Text"));
        web_buf_raw (b, "</h2>\n<div class=\"text\" id=\"message-text\">");
        web_html_text (b, text);
        web_buf_raw (b, "</div>\n");
    }
    web_html_end (b);
    s_item_clear (it);
    return 1;
}
