/*  web_signal.c - the Signaal melden form and its outcome. See web_signal.h. */
#include "web_signal.h"
#include "web_household.h"
#include "agent_cmdtab.h"
#include "agent_users.h"
#include "proto_lang.h"
#include "proto_pseudonym.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { K_INPUT, K_LIST, K_TEXTAREA, K_YESNO } kind_t;

typedef struct {
    const char *key;                /* form name and request key             */
    const char *label;              /* N_()                                  */
    const char *hint;               /* N_() or NULL                          */
    size_t max;                     /* bytes                                 */
    kind_t kind;
    proto_list_t list;              /* K_LIST                                */
    bool required;
} field_t;

static const field_t s_fields [WS_COUNT] = {
    [WS_BSN] = { "bsn", N_("BSN of the person"), N_("9 digits; or give the address below"),
                 PROTO_BSN_DIGITS + 2, K_INPUT, PT_NONE, false },
    [WS_POSTCODE] = { "postcode", N_("Postcode"), N_("e.g. 3511 AB"), 16, K_INPUT, PT_NONE, false },
    [WS_NUMBER] = { "number", N_("House number"), NULL, 16, K_INPUT, PT_NONE, false },
    [WS_ADDITION] = { "addition", N_("Addition"), NULL, 16, K_INPUT, PT_NONE, false },
    [WS_LEEFGEBIED] = { "leefgebied", N_("Life domain"), NULL, 64, K_LIST, PT_LEEFGEBIED, true },
    [WS_SEVERITY] = { "severity", N_("Severity"),
                      N_("acuut: acute danger - call Veilig Thuis (0800-2000) or 112 as well"),
                      64, K_LIST, PT_SEVERITY, true },
    [WS_GROUND] = { "ground", N_("Ground"), N_("the risk that justifies sharing"), 64, K_LIST,
                    PT_GROUND, true },
    [WS_KIND] = { "kind", N_("Kind"), N_("optional"), 64, K_LIST, PT_SIGNAL_KIND, false },
    [WS_INFORMED] = { "informed", N_("Household informed"), NULL, 8, K_YESNO, PT_NONE, true },
    [WS_NOT_INFORMED_REASON] = { "not_informed_reason", N_("Why not informed"),
                                 N_("required when the household was not informed"),
                                 PROTO_MAX_NOTE_BYTES, K_INPUT, PT_NONE, false },
    [WS_TEXT] = { "text", N_("Text"), N_("short and factual"), PROTO_MAX_TEXT_BYTES, K_TEXTAREA,
                  PT_NONE, true },
    [WS_CONTACT] = { "contact", N_("Contact"), N_("who to call, and how"), PROTO_MAX_CONTACT_BYTES,
                     K_INPUT, PT_NONE, true },
};

web_signal_form_t *
web_signal_form_new (const proto_cert_t *me)
{
    web_signal_form_t *f = (web_signal_form_t *) calloc (1, sizeof *f);
    if (f && me)
        snprintf (f->value [WS_CONTACT], sizeof f->value [WS_CONTACT], "%s%s%s", me->name,
                  *me->contact ? ", " : "", me->contact);
    return f;
}

/*  Whether body names key at all.                                          */
static bool
s_has_key (const char *body, const char *key)
{
    size_t k = strlen (key);
    for (const char *p = body; p; p = strchr (p, '&')) {
        if (*p == '&')
            p++;
        if (strncmp (p, key, k) == 0 && p [k] == '=')
            return true;
    }
    return false;
}

bool
web_signal_form_read (web_signal_form_t *f, const char *body)
{
    bool ok = true;
    for (int i = 0; i < WS_COUNT; i++) {
        char *v = f->value [i];
        bool got = web_form_get (body, s_fields [i].key, v, PROTO_MAX_TEXT_BYTES + 1);
        if (!got)
            v [0] = 0;
        if ((!got && s_has_key (body, s_fields [i].key)) || strlen (v) > s_fields [i].max) {
            v [0] = 0;
            snprintf (f->error [i], sizeof f->error [i], _("at most %zu characters of text"),
                      s_fields [i].max);
            ok = false;
        }
    }
    return ok;
}

bool
web_signal_form_check (web_signal_form_t *f)
{
    bool ok = true;
    for (int i = 0; i < WS_COUNT; i++)
        if (s_fields [i].required && !*f->value [i] && !*f->error [i]) {
            snprintf (f->error [i], sizeof f->error [i], "%s", _("this is required"));
            ok = false;
        }
    if (!*f->value [WS_BSN] && !*f->value [WS_POSTCODE] && !*f->value [WS_NUMBER]) {
        snprintf (f->error [WS_BSN], sizeof f->error [WS_BSN], "%s",
                  _("give the BSN, or the postcode and house number"));
        ok = false;
    }
    if (strcmp (f->value [WS_INFORMED], "no") == 0 && !*f->value [WS_NOT_INFORMED_REASON]) {
        snprintf (f->error [WS_NOT_INFORMED_REASON], sizeof f->error [WS_NOT_INFORMED_REASON], "%s",
                  _("say why the household was not informed"));
        ok = false;
    }
    return ok;
}

json_t *
web_signal_request (const web_signal_form_t *f)
{
    json_t *r = json_pack ("{ssss}", "cmd", "signal", "lang", proto_lang_name (proto_lang_current ()));
    for (int i = 0; r && i < WS_COUNT; i++)
        if (*f->value [i])
            json_object_set_new (r, s_fields [i].key, json_string (f->value [i]));
    return r;
}

void
web_signal_form_errors (web_signal_form_t *f, json_t *response)
{
    const char *msg = json_string_value (json_object_get (response, "message"));
    if (!msg)
        msg = _("the agent refused the signal");
    for (int i = 0; i < WS_COUNT; i++) {
        size_t k = strlen (s_fields [i].key);
        if (strncmp (msg, s_fields [i].key, k) == 0 && (msg [k] == ':' || msg [k] == ' ')) {
            snprintf (f->error [i], sizeof f->error [i], "%s", msg);
            return;
        }
    }
    snprintf (f->general, sizeof f->general, "%s", msg);
}

/* ---- the form ---------------------------------------------------------------- */

static void
s_field (web_buf_t *b, const web_pages_ctx_t *ctx, const web_signal_form_t *f, int i)
{
    const field_t *d = &s_fields [i];
    const char *v = f->value [i];
    bool bad = *f->error [i];
    web_buf_rawf (b, "<div class=\"field\" id=\"field-%s\">\n", d->key);
    if (d->kind == K_YESNO) {
        web_buf_raw (b, "<fieldset><legend>");
        web_html_text (b, _(d->label));
        web_buf_raw (b, "</legend>\n");
        const char *opts [2][2] = { { "yes", _("yes") }, { "no", _("no") } };
        for (int o = 0; o < 2; o++) {
            web_buf_rawf (b, "<label class=\"choice\"><input type=\"radio\" name=\"%s\" value=\"%s\"%s%s>",
                          d->key, opts [o][0], strcmp (v, opts [o][0]) == 0 ? " checked" : "",
                          bad ? " aria-invalid=\"true\"" : "");
            web_buf_raw (b, " ");
            web_html_text (b, opts [o][1]);
            web_buf_raw (b, "</label>\n");
        }
        if (bad) {
            web_buf_rawf (b, "<p class=\"error\" id=\"error-%s\">", d->key);
            web_html_text (b, f->error [i]);
            web_buf_raw (b, "</p>\n");
        }
        web_buf_raw (b, "</fieldset>\n</div>\n");
        return;
    }
    web_buf_rawf (b, "<label for=\"in-%s\">", d->key);
    web_html_text (b, _(d->label));
    web_buf_raw (b, "</label>\n");
    char described [160] = "";
    if (d->hint)
        snprintf (described, sizeof described, "hint-%s", d->key);
    if (bad)
        snprintf (described + strlen (described), sizeof described - strlen (described), "%serror-%s",
                  *described ? " " : "", d->key);
    if (d->hint) {
        web_buf_rawf (b, "<p class=\"meta\" id=\"hint-%s\">", d->key);
        web_html_text (b, _(d->hint));
        web_buf_raw (b, "</p>\n");
    }
    char attrs [256];
    snprintf (attrs, sizeof attrs, "id=\"in-%s\" name=\"%s\"%s%s%s%s%s", d->key, d->key,
              d->required ? " required" : "", bad ? " aria-invalid=\"true\"" : "",
              *described ? " aria-describedby=\"" : "", described, *described ? "\"" : "");
    if (d->kind == K_LIST) {
        web_buf_rawf (b, "<select %s>\n<option value=\"\">", attrs);
        web_html_text (b, _("- choose -"));
        web_buf_raw (b, "</option>\n");
        const proto_taxonomy_t *tax = &ctx->config->tax;
        for (size_t t = 0; t < tax->count [d->list]; t++) {
            const char *term = tax->terms [d->list][t];
            char text [128];
            if (d->list == PT_SEVERITY)
                snprintf (text, sizeof text, "%s", agent_cmd_code_word (term));
            else
                agent_cmd_term_text (text, sizeof text, term);
            web_buf_raw (b, "<option value=\"");
            web_html_text (b, term);
            web_buf_rawf (b, "\"%s>", strcmp (v, term) == 0 ? " selected" : "");
            web_html_text (b, text);
            web_buf_raw (b, "</option>\n");
        }
        web_buf_raw (b, "</select>\n");
    }
    else
    if (d->kind == K_TEXTAREA) {
        web_buf_rawf (b, "<textarea %s rows=\"5\" maxlength=\"%zu\">", attrs, d->max);
        web_html_text (b, v);
        web_buf_raw (b, "</textarea>\n");
    }
    else {
        web_buf_rawf (b, "<input %s maxlength=\"%zu\"%s value=\"", attrs, d->max,
                      i == WS_BSN ? " inputmode=\"numeric\" autocomplete=\"off\"" : "");
        web_html_text (b, v);
        web_buf_raw (b, "\">\n");
    }
    if (bad) {
        web_buf_rawf (b, "<p class=\"error\" id=\"error-%s\">", d->key);
        web_html_text (b, f->error [i]);
        web_buf_raw (b, "</p>\n");
    }
    web_buf_raw (b, "</div>\n");
}

void
web_page_signal_form (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                      const web_signal_form_t *f)
{
    web_html_begin (&r->body, _("Raise a signal"), s->user, agent_user_role_word (s->role), s->csrf,
                    "melden", web_household_role_ok (s->role));
    web_buf_t *b = &r->body;
    web_buf_raw (b, "<h1>");
    web_html_text (b, _("Raise a signal"));
    web_buf_raw (b, "</h1>\n<p class=\"notice alert\"><strong>");
    web_html_text (b, _("Acute danger?"));
    web_buf_raw (b, "</strong> ");
    web_html_text (b, _("Call Veilig Thuis on 0800-2000, or 112 when there is danger now. "
                        "A message here does not replace that call."));
    web_buf_raw (b, "</p>\n");
    bool any = *f->general;
    for (int i = 0; i < WS_COUNT; i++)
        any = any || *f->error [i];
    if (any) {
        web_buf_raw (b, "<div class=\"notice alert\" id=\"form-errors\" role=\"alert\"><p>");
        web_html_text (b, _("The signal was not sent. Correct what is marked and send it again."));
        web_buf_raw (b, "</p>");
        if (*f->general) {
            web_buf_raw (b, "<p id=\"error-general\">");
            web_html_text (b, f->general);
            web_buf_raw (b, "</p>");
        }
        web_buf_raw (b, "</div>\n");
    }
    web_buf_raw (b, "<form method=\"post\" action=\"/melden\" id=\"signal\" novalidate>\n"
                 "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_html_text (b, s->csrf);
    web_buf_raw (b, "\">\n<fieldset><legend>");
    web_html_text (b, _("Whom it is about"));
    web_buf_raw (b, "</legend>\n");
    for (int i = WS_BSN; i <= WS_ADDITION; i++)
        s_field (b, ctx, f, i);
    web_buf_raw (b, "</fieldset>\n");
    for (int i = WS_LEEFGEBIED; i < WS_COUNT; i++)
        s_field (b, ctx, f, i);
    web_buf_raw (b, "<p><button type=\"submit\" id=\"send-signal\">");
    web_html_text (b, _("Send the signal"));
    web_buf_raw (b, "</button></p>\n</form>\n");
    web_html_end (b);
}

void
web_page_signal_done (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                      json_t *response, bool acute)
{
    web_html_begin (&r->body, _("Signal sent"), s->user, agent_user_role_word (s->role), s->csrf,
                    "melden", web_household_role_ok (s->role));
    web_buf_t *b = &r->body;
    const char *status = json_string_value (json_object_get (response, "status"));
    const char *to = json_string_value (json_object_get (response, "to"));
    json_t *seq = json_object_get (response, "hub_seq");
    bool receipted = status && strcmp (status, "receipted") == 0;
    web_buf_raw (b, "<h1>");
    web_html_text (b, receipted ? _("Signal sent") : _("Signal kept"));
    web_buf_raw (b, "</h1>\n<p id=\"signal-outcome\">");
    if (receipted && to && *to)
        web_html_textf (b, _("The hub took the signal (number %lld) and sent it to %s."),
                        (long long) json_integer_value (seq), to);
    else
    if (receipted)
        web_html_textf (b, _("The hub took the signal (number %lld)."),
                        (long long) json_integer_value (seq));
    else
        web_html_text (b, _("The hub has not answered yet. The signal is kept in the agent's "
                            "outbox and sent as soon as the hub can be reached."));
    web_buf_raw (b, "</p>\n");
    if (acute) {
        web_buf_raw (b, "<p class=\"notice alert\" role=\"alert\"><strong>");
        web_html_text (b, _("Acute danger?"));
        web_buf_raw (b, "</strong> ");
        web_html_text (b, _("Call Veilig Thuis on 0800-2000, or 112 when there is danger now. "
                            "A message here does not replace that call."));
        web_buf_raw (b, "</p>\n");
    }
    web_buf_raw (b, "<p><a href=\"/melden\">");
    web_html_text (b, _("Raise another signal"));
    web_buf_raw (b, "</a> &middot; <a href=\"/postvak\">");
    web_html_text (b, _("To the inbox"));
    web_buf_raw (b, "</a></p>\n");
    web_html_end (b);
}
