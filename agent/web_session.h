/*  web_session.h - who is logged in to the web view, and the login limit.

    A session is a random token (32 bytes from libsodium, hex) held in the
    browser as an HttpOnly, SameSite=Strict cookie, and here with the person,
    her role, a CSRF token of its own (every POST must carry it) and when it
    was last used. Sessions live in the daemon's memory only: a restart logs
    everyone out, which is the safe side. One idle longer than the
    configured time (web/idle) is gone at its next use; when the table is
    full the longest idle one makes room.

    The login limit counts attempts per client address in a fixed window
    (AGENT_WEB_LOGIN_RATE per AGENT_WEB_LOGIN_WINDOW_S): it slows guessing
    across many names, where the lock after failed logins (kept per person
    in agent.db) stops guessing at one.
*/
#ifndef WEB_SESSION_H_INCLUDED
#define WEB_SESSION_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "agent_limits.h"

#define WEB_TOKEN_CHARS  64

typedef struct {
    bool used;
    char token [WEB_TOKEN_CHARS + 1];
    char csrf [WEB_TOKEN_CHARS + 1];
    char user [AGENT_MAX_USER_BYTES + 1];
    char role [16];
    int64_t last;               /* monotonic ms                              */
} web_session_t;

typedef struct web_sessions_t web_sessions_t;

web_sessions_t *web_sessions_new (int idle_s);
void web_sessions_destroy (web_sessions_t **self_p);

/*  A new session for user (NULL when out of memory); borrowed.              */
web_session_t *web_session_create (web_sessions_t *self, const char *user, const char *role,
                                   int64_t now);
/*  The live session of a cookie's token, its use recorded; NULL when there
    is none or it was idle too long (then it is ended).                      */
web_session_t *web_session_find (web_sessions_t *self, const char *token, int64_t now);
void web_session_end (web_sessions_t *self, web_session_t *session);

/*  Whether given is the session's CSRF token (constant time).              */
bool web_session_csrf_ok (const web_session_t *session, const char *given);

/*  A fresh random token, hex, for cookies and forms.                        */
void web_token_new (char out [WEB_TOKEN_CHARS + 1]);

/*  Whether the client at addr may try to log in now (counts the attempt).   */
bool web_login_allowed (web_sessions_t *self, const char *addr, int64_t now);

#endif
