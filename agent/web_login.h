/*  web_login.h - logging in to the web view: the form, checking a password,
    the lock and the login limit, and the session cookie.

    The login form carries a token that is also set as a cookie (HttpOnly,
    SameSite=Strict, Path=/login): a POST without both, equal, is refused,
    so no other site can log a browser in. A login is counted against the
    client address's limit (web_session.h) before the password is checked;
    an unknown name costs one Argon2id verification, as a wrong password
    does. AGENT_WEB_FAILS_TO_LOCK failures in a row lock the account for
    AGENT_WEB_LOCK_S (kept in agent.db, so a restart does not lift it;
    `regie user passwd` does). Each outcome is logged with the name and
    the client address.
*/
#ifndef WEB_LOGIN_H_INCLUDED
#define WEB_LOGIN_H_INCLUDED

#include <stdbool.h>
#include "web_pages.h"
#include "web_session.h"
#include "agent_store_web.h"
#include "agent_users.h"

#define WEB_COOKIE_SESSION  "regie_session"
#define WEB_COOKIE_LOGIN    "regie_login"

typedef struct {
    agent_web_store_t *store;
    web_sessions_t *sessions;
    const agent_config_t *config;
    bool tls;                       /* cookies are Secure                    */
} web_login_t;

/*  A copy of one user's row (agent_web_user_get's callback).               */
typedef struct {
    bool found;
    char role [16];
    char hash [AGENT_USER_HASH_BYTES];
    int failed;
    uint64_t locked_until;
} web_user_copy_t;
int web_user_copy (void *arg, const agent_user_t *u);

/*  Sets cookie slot of r (HttpOnly, SameSite=Strict; Secure with tls;
    Max-Age=0 when clear).                                                   */
void web_cookie (web_reply_t *r, int slot, bool tls, const char *name, const char *value,
                 const char *path, bool clear);

/*  The form, with the browser's login cookie as its token when it holds a
    well-formed one (cookie may be NULL), else a new one, set as cookie.   */
void web_login_form (const web_login_t *self, const char *cookie, web_reply_t *r, int status,
                     const char *name, const char *error);

/*  POST /login from addr: a session and a 303 to the Postvak, or the form
    again with why.                                                          */
void web_login_post (const web_login_t *self, const char *cookie, const char *addr,
                     const char *body, web_reply_t *r);

#endif
