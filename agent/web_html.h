/*  web_html.h - building the web view's pages: a growing buffer, escaping,
    the frame every page shares, and the style sheet and script shipped in
    the program (no external assets).

    Everything that comes from outside the program (a partner's text, a
    name, a user's input echoed into a form) goes through web_html_text or
    web_html_attr, which escape & < > " ' so that it is always shown as
    text. Only the page modules' own literal markup is appended raw.
*/
#ifndef WEB_HTML_H_INCLUDED
#define WEB_HTML_H_INCLUDED

#include <stddef.h>
#include <stdbool.h>

typedef struct {
    char *data;
    size_t len, cap;
    bool failed;                /* out of memory: the page is answered 500   */
} web_buf_t;

void web_buf_init (web_buf_t *self);
void web_buf_free (web_buf_t *self);
/*  Our own markup, as is.                                                   */
void web_buf_raw (web_buf_t *self, const char *text);
void web_buf_rawf (web_buf_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
/*  Text from anywhere, escaped for element content and attribute values.    */
void web_html_text (web_buf_t *self, const char *text);
void web_html_textf (web_buf_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/*  The page around a page's content: doctype, lang, title, the style sheet
    and script, a skip link, the header with the person and logout (when
    user is set; csrf goes into the logout form) and <main>. The menu names
    Mijn huishoudens when caseload (the person's role may see households). */
void web_html_begin (web_buf_t *self, const char *title, const char *user, const char *role,
                     const char *csrf, const char *current, bool caseload);
void web_html_end (web_buf_t *self);

/*  The value of key in an application/x-www-form-urlencoded body, decoded
    into out; false when absent, too long for out or not text (a NUL).      */
bool web_form_get (const char *body, const char *key, char *out, size_t outlen);

/*  The shipped style sheet and script.                                      */
extern const char web_html_css [];
extern const char web_html_js [];

#endif
