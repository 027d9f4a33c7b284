/*  web_signal.h - Signaal melden: the form for a signal, and its outcome.

    The form has every field of a signal (proto_types.c's f_signal) and the
    household as BSN or address; the lists (leefgebied, severity, ground,
    kind) are the network's, from agent.conf's taxonomy. The page checks
    that what is required is there and names each missing field next to
    it; everything else is checked where every signal is checked, in the
    daemon's request path (agent_commands.h), whose one error is shown next
    to the field it names. Nothing is sent while anything is wrong.
    Afterwards the page says where the signal went (the hub's receipt), or
    that it waits in the outbox.
*/
#ifndef WEB_SIGNAL_H_INCLUDED
#define WEB_SIGNAL_H_INCLUDED

#include <jansson.h>
#include "web_pages.h"

typedef enum {
    WS_BSN, WS_POSTCODE, WS_NUMBER, WS_ADDITION, WS_LEEFGEBIED, WS_SEVERITY, WS_GROUND,
    WS_KIND, WS_INFORMED, WS_NOT_INFORMED_REASON, WS_TEXT, WS_CONTACT,
    WS_COUNT
} web_signal_field_t;

typedef struct {
    char value [WS_COUNT][PROTO_MAX_TEXT_BYTES + 1];
    char error [WS_COUNT][512];
    char general [512];             /* an error that names no field          */
} web_signal_form_t;

/*  A new, empty form (contact from the partner's certificate). NULL when
    out of memory; free with free ().                                        */
web_signal_form_t *web_signal_form_new (const proto_cert_t *me);

/*  Takes the fields from a form body. false when a field is too long or not
    text (its error is set).                                                  */
bool web_signal_form_read (web_signal_form_t *f, const char *body);

/*  The required fields: false with their errors set when any is missing.   */
bool web_signal_form_check (web_signal_form_t *f);

/*  The request for the daemon ({"cmd": "signal", ...}, lang set). New.     */
json_t *web_signal_request (const web_signal_form_t *f);

/*  Puts a bad-input response's message next to the field it names.         */
void web_signal_form_errors (web_signal_form_t *f, json_t *response);

void web_page_signal_form (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                           const web_signal_form_t *f);
/*  The outcome of a request that was sent (or kept in the outbox).          */
void web_page_signal_done (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                           json_t *response, bool acute);

#endif
