/*  agent_web.h - the web view: an HTTP server inside `regie run`.

    The partner's staff work in a browser; this module serves them from the
    agent daemon itself, with libmicrohttpd in its external-polling epoll
    mode: libmicrohttpd has no thread of its own here, its epoll descriptor
    is one more poller in the daemon's zloop, so pages are built on the
    daemon's thread. That matters: the texts people read come from gettext,
    whose language is the process's (proto_lang), and the daemon switches
    it per request; one thread means no page is ever written half in
    another language.

    It is off unless agent.conf sets web/listen (HOST:PORT). Each agent of a
    machine needs a port of its own, so there is no default port; the
    template suggests 127.0.0.1:8470. An address other than loopback is
    refused at start unless web/cert and web/key name a TLS certificate
    and key (PEM; the key 0600): people's passwords and case content never
    cross a network in clear.

    Every response carries Content-Security-Policy (default-src 'self',
    no inline script, frame-ancestors 'none'), Referrer-Policy no-referrer,
    X-Content-Type-Options nosniff and Cache-Control no-store. A request
    body is at most AGENT_WEB_MAX_BODY_BYTES (413 beyond). No page without
    a session (web_session.h); a POST without the session's CSRF token is
    refused (403); logins are limited per client address and lock an
    account after AGENT_WEB_FAILS_TO_LOCK failures in a row. What a person
    does (log in, out, read a message, raise a signal, open or label a
    household) is logged with her name. The pages are in web_pages.c,
    web_signal.c and web_household.c.
*/
#ifndef AGENT_WEB_H_INCLUDED
#define AGENT_WEB_H_INCLUDED

#include <stddef.h>
#include "agent_commands.h"

typedef struct agent_web_t agent_web_t;

/*  What a page does goes the way of every request (agent_commands.h): the
    daemon prepares it exactly as one from the control socket, keeps it in
    the outbox and waits for the hub, then calls done once with the response
    (borrowed during the call). The page's connection is suspended until
    then; the daemon's thread is never blocked.                              */
typedef void (agent_web_done_fn) (void *done_arg, json_t *response);
typedef void (agent_web_submit_fn) (void *arg, json_t *request, agent_web_done_fn *done,
                                    void *done_arg);

/*  Starts listening per ctx's configuration; submit (takes the request)
    carries the pages' actions. NULL with err (in the reader's language)
    when it cannot; NULL with err "" when web/listen is not set.             */
agent_web_t *agent_web_new (agent_ctx_t *ctx, agent_web_submit_fn *submit, void *submit_arg,
                            char *err, size_t errlen);
void agent_web_destroy (agent_web_t **self_p);

/*  The descriptor to poll for input (libmicrohttpd's epoll set).           */
int agent_web_fd (agent_web_t *self);

/*  Does what is ready: call when the descriptor is readable, and on the
    daemon's timer (idle connections time out).                              */
void agent_web_run (agent_web_t *self);

/*  "http://127.0.0.1:8470/" (or https), for the log.                        */
const char *agent_web_url (agent_web_t *self);

#endif
