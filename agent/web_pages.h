/*  web_pages.h - the pages of the web view, as data: a status, the HTML and
    the headers the server adds. The server (agent_web.c) decides who may
    see what; a page only reads (through agent_store_web.h) and writes HTML
    in the language current when it is called (proto_lang, Dutch by
    default), escaping everything that came from outside (web_html.h).

      login     the form, with a token that the server also sets as a
                cookie (a login form's CSRF defence), and an error if any
      postvak   the inbox: acute and serious first, grouped per household
                (by the casemanager's label when there is one), the sender
                by name, unread per person, an acute signal marked and the
                Veilig Thuis / 112 reminder above the list
      message   one message: its fields, the rendered notice text or the
                signal's text, marked read for this person by the server
*/
#ifndef WEB_PAGES_H_INCLUDED
#define WEB_PAGES_H_INCLUDED

#include <stdint.h>
#include <stdbool.h>
#include "web_html.h"
#include "web_session.h"
#include "agent_store_web.h"
#include "agent_config.h"
#include "proto_identity.h"

#define WEB_MAX_COOKIES     2
#define WEB_HEADER_BYTES    512

typedef struct {
    int status;
    web_buf_t body;
    const char *content_type;               /* NULL: text/html               */
    char location [WEB_HEADER_BYTES];       /* for 303                       */
    char cookies [WEB_MAX_COOKIES][WEB_HEADER_BYTES];
} web_reply_t;

/*  What the pages read from.                                                */
typedef struct {
    agent_web_store_t *store;
    agent_store_t *agent_store;             /* labels and names (read only)   */
    const agent_config_t *config;
    const proto_cert_t *me;
    const uint8_t *hub_key;                 /* the hub's signing key, or NULL */
} web_pages_ctx_t;

void web_reply_init (web_reply_t *self);
void web_reply_free (web_reply_t *self);
/*  A 303 to location.                                                       */
void web_reply_redirect (web_reply_t *self, const char *location);

void web_page_login (web_reply_t *r, int status, const char *token, const char *name,
                     const char *error);
void web_page_postvak (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s);
/*  1 shown, 0 no such message (404 page), -1 store error (500 page).       */
int web_page_message (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s, uint64_t seq);
void web_page_error (web_reply_t *r, int status, const char *title, const char *text,
                     const web_session_t *s);

#endif
