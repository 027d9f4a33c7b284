/*  web_html.c - page buffers, escaping, the shared frame and the assets.
    See web_html.h.                                                          */
#include "web_html.h"
#include "proto_lang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_BUF_FIRST  8192

void
web_buf_init (web_buf_t *self)
{
    memset (self, 0, sizeof *self);
}

void
web_buf_free (web_buf_t *self)
{
    free (self->data);
    memset (self, 0, sizeof *self);
}

static bool
s_room (web_buf_t *self, size_t more)
{
    if (self->failed)
        return false;
    if (self->len + more + 1 <= self->cap)
        return true;
    size_t cap = self->cap ? self->cap : S_BUF_FIRST;
    while (cap < self->len + more + 1)
        cap *= 2;
    char *grown = (char *) realloc (self->data, cap);
    if (!grown) {
        self->failed = true;
        return false;
    }
    self->data = grown;
    self->cap = cap;
    return true;
}

static void
s_append (web_buf_t *self, const char *text, size_t len)
{
    if (!s_room (self, len))
        return;
    memcpy (self->data + self->len, text, len);
    self->len += len;
    self->data [self->len] = 0;
}

void
web_buf_raw (web_buf_t *self, const char *text)
{
    s_append (self, text, strlen (text));
}

static char *
s_vformat (const char *fmt, va_list ap)
{
    char *out = NULL;
    return vasprintf (&out, fmt, ap) < 0 ? NULL : out;
}

void
web_buf_rawf (web_buf_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char *text = s_vformat (fmt, ap);
    va_end (ap);
    if (!text) {
        self->failed = true;
        return;
    }
    web_buf_raw (self, text);
    free (text);
}

void
web_html_text (web_buf_t *self, const char *text)
{
    if (!text)
        return;
    for (const char *p = text; *p; p++) {
        switch (*p) {
            case '&':  web_buf_raw (self, "&amp;"); break;
            case '<':  web_buf_raw (self, "&lt;"); break;
            case '>':  web_buf_raw (self, "&gt;"); break;
            case '"':  web_buf_raw (self, "&quot;"); break;
            case '\'': web_buf_raw (self, "&#39;"); break;
            default:   s_append (self, p, 1);
        }
    }
}

void
web_html_textf (web_buf_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char *text = s_vformat (fmt, ap);
    va_end (ap);
    if (!text) {
        self->failed = true;
        return;
    }
    web_html_text (self, text);
    free (text);
}

void
web_html_begin (web_buf_t *self, const char *title, const char *user, const char *role,
                const char *csrf, const char *current, bool caseload)
{
    web_buf_rawf (self, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                  proto_lang_name (proto_lang_current ()));
    web_html_text (self, title);
    web_buf_raw (self, " - regie</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"
                 "<script src=\"/app.js\" defer></script>\n</head>\n<body>\n");
    web_buf_raw (self, "<a class=\"skip\" href=\"#main\">");
    web_html_text (self, _("Skip to the content"));
    web_buf_raw (self, "</a>\n<header class=\"top\">\n<p class=\"brand\">regie</p>\n");
    if (user) {
        web_buf_raw (self, "<nav aria-label=\"");
        web_html_text (self, _("Main menu"));
        web_buf_raw (self, "\"><ul>\n");
        web_buf_rawf (self, "<li><a href=\"/postvak\"%s>",
                      current && strcmp (current, "postvak") == 0 ? " aria-current=\"page\"" : "");
        web_html_text (self, _("Inbox"));
        web_buf_rawf (self, "</a></li>\n<li><a href=\"/melden\"%s>",
                      current && strcmp (current, "melden") == 0 ? " aria-current=\"page\"" : "");
        web_html_text (self, _("Raise a signal"));
        web_buf_raw (self, "</a></li>\n");
        if (caseload) {
            web_buf_rawf (self, "<li><a href=\"/huishoudens\"%s>",
                          current && strcmp (current, "huishoudens") == 0 ? " aria-current=\"page\"" : "");
            web_html_text (self, _("My households"));
            web_buf_raw (self, "</a></li>\n");
        }
        web_buf_raw (self, "</ul></nav>\n<div class=\"who\"><span>");
        web_html_text (self, user);
        web_buf_raw (self, " (");
        web_html_text (self, role);
        web_buf_raw (self, ")</span>\n<form method=\"post\" action=\"/logout\">"
                     "<input type=\"hidden\" name=\"csrf\" value=\"");
        web_html_text (self, csrf);
        web_buf_raw (self, "\"><button type=\"submit\" id=\"logout\">");
        web_html_text (self, _("Log out"));
        web_buf_raw (self, "</button></form></div>\n");
    }
    web_buf_raw (self, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void
web_html_end (web_buf_t *self)
{
    web_buf_raw (self, "</main>\n</body>\n</html>\n");
}

static int
s_hex (char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool
web_form_get (const char *body, const char *key, char *out, size_t outlen)
{
    size_t klen = strlen (key);
    const char *p = body;
    while (p && *p) {
        const char *end = strchr (p, '&');
        size_t len = end ? (size_t) (end - p) : strlen (p);
        if (len > klen && strncmp (p, key, klen) == 0 && p [klen] == '=') {
            size_t o = 0;
            for (size_t i = klen + 1; i < len; i++) {
                char c = p [i];
                if (c == '+')
                    c = ' ';
                else
                if (c == '%' && i + 2 < len && s_hex (p [i + 1]) >= 0 && s_hex (p [i + 2]) >= 0) {
                    c = (char) (s_hex (p [i + 1]) * 16 + s_hex (p [i + 2]));
                    i += 2;
                }
                if (c == 0 || o + 1 >= outlen)
                    return false;
                out [o++] = c;
            }
            out [o] = 0;
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

/*  Colours meet WCAG 2.1 AA contrast (4.5:1 for text) on their grounds.    */
const char web_html_css [] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "font-size:1rem;line-height:1.5;color:#1b1b1b;background:#f5f5f2}\n"
    "a{color:#0b4f8a}a:focus,button:focus,input:focus,select:focus,textarea:focus"
    "{outline:3px solid #c25e00;outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}"
    ".skip:focus{left:.5rem}\n"
    ".top{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.5rem 1rem;"
    "background:#15395b;color:#fff}\n"
    ".top a{color:#fff}.brand{font-weight:700;margin:0}\n"
    ".top ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}\n"
    ".top a[aria-current]{text-decoration:underline;font-weight:700}\n"
    ".who{margin-left:auto;display:flex;gap:.75rem;align-items:center}\n"
    ".who form{margin:0}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}\n"
    "button{font:inherit;padding:.4rem 1rem;border:2px solid #15395b;background:#15395b;"
    "color:#fff;border-radius:4px;cursor:pointer}\n"
    ".who button{background:#fff;color:#15395b}\n"
    "label{display:block;font-weight:600;margin-top:1rem}\n"
    "label.choice{display:inline-block;font-weight:400;margin:0 1.5rem 0 0}\n"
    "label.choice input{width:auto}\n"
    "fieldset{border:1px solid #d0d0cc;border-radius:4px;margin:1rem 0;padding:.5rem 1rem}\n"
    "legend{font-weight:600}\n"
    "input,select,textarea{font:inherit;padding:.4rem;border:1px solid #595959;border-radius:4px;"
    "width:100%;max-width:24rem;background:#fff;color:#1b1b1b}\n"
    ".error{color:#a10000;font-weight:600}\n"
    ".notice{padding:.75rem 1rem;border-left:6px solid #15395b;background:#fff;margin:1rem 0}\n"
    ".alert{border-left-color:#a10000;background:#fdecec;color:#5c0000}\n"
    ".household{background:#fff;border:1px solid #d0d0cc;border-radius:6px;padding:.5rem 1rem;"
    "margin:1rem 0}\n"
    ".household h2{margin-top:.5rem}\n"
    ".msgs{list-style:none;margin:0;padding:0}\n"
    ".msg{padding:.5rem;border-top:1px solid #e3e3df}\n"
    ".msg.unread a{font-weight:700}\n"
    ".msg.acuut{border-left:6px solid #a10000;background:#fdecec}\n"
    ".msg.ernstig{border-left:6px solid #8a4b00}\n"
    ".badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;"
    "font-weight:700;margin-right:.4rem;background:#e3e3df;color:#1b1b1b}\n"
    ".badge.acuut{background:#a10000;color:#fff}.badge.ernstig{background:#8a4b00;color:#fff}\n"
    ".badge.new{background:#15395b;color:#fff}\n"
    ".meta{color:#4a4a4a;font-size:.9rem}\n"
    ".text{white-space:pre-wrap;background:#fff;border:1px solid #d0d0cc;padding:.75rem;"
    "border-radius:4px}\n"
    "table.cases{border-collapse:collapse;width:100%;background:#fff;margin:1rem 0}\n"
    "table.cases caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
    "table.cases th,table.cases td{border:1px solid #d0d0cc;padding:.4rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "table.cases thead th{background:#e3e3df}\n"
    ".late{color:#a10000;font-weight:700}\n"
    ".refs{margin:0;padding-left:1.2rem}\n"
    ".timeline{list-style:none;margin:0;padding:0}\n"
    ".event{background:#fff;border:1px solid #d0d0cc;border-left:6px solid #595959;padding:.5rem;"
    "margin:.5rem 0;border-radius:4px}\n"
    ".event.signal{border-left-color:#15395b}.event.acuut{border-left-color:#a10000}"
    ".event.escalation{border-left-color:#a10000}\n"
    ".event .text{margin-top:.4rem}\n"
    "dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}"
    "dl.fields dt{font-weight:600}dl.fields dd{margin:0}\n"
    "@media print{.top,.skip{display:none}body{background:#fff}}\n";

/*  The page works without it; it only moves the focus to the first field
    with an error, so that a keyboard or screen reader user lands there.    */
const char web_html_js [] =
    "'use strict';\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  var bad = document.querySelector('[aria-invalid=\"true\"]');\n"
    "  if (bad) { bad.focus(); }\n"
    "});\n";
