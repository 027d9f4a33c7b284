/*  web_login.c - logging in to the web view. See web_login.h.              */
#include "web_login.h"
#include "agent_users.h"
#include "proto_lang.h"

#include <czmq.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void
web_cookie (web_reply_t *r, int slot, bool tls, const char *name, const char *value,
            const char *path, bool clear)
{
    snprintf (r->cookies [slot], WEB_HEADER_BYTES, "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s",
              name, value, path, tls ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

int
web_user_copy (void *arg, const agent_user_t *u)
{
    web_user_copy_t *c = (web_user_copy_t *) arg;
    c->found = true;
    snprintf (c->role, sizeof c->role, "%s", u->role);
    snprintf (c->hash, sizeof c->hash, "%s", u->hash);
    c->failed = u->failed;
    c->locked_until = u->locked_until;
    return 0;
}

/*  The login form; its token is the browser's login cookie when it holds a
    well-formed one (two tabs, or a page's other requests, keep it valid),
    else a new one.                                                          */
void
web_login_form (const web_login_t *self, const char *cookie, web_reply_t *r, int status,
                const char *name, const char *error)
{
    char token [WEB_TOKEN_CHARS + 1];
    bool reuse = cookie && strlen (cookie) == WEB_TOKEN_CHARS && status == 200;
    for (const char *p = cookie; reuse && *p; p++)
        reuse = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
    if (reuse)
        snprintf (token, sizeof token, "%s", cookie);
    else
        web_token_new (token);
    web_cookie (r, 1, self->tls, WEB_COOKIE_LOGIN, token, "/login", false);
    web_page_login (r, status, token, name, error);
}

void
web_login_post (const web_login_t *self, const char *cookie, const char *addr, const char *body,
                web_reply_t *r)
{
    char csrf [WEB_TOKEN_CHARS + 2], name [AGENT_MAX_USER_BYTES + 2];
    char *password = (char *) sodium_malloc (AGENT_MAX_PASSWORD_BYTES + 2);
    if (!password) {
        web_page_error (r, 500, _("Something went wrong"),
                        _("The agent is out of memory; try again."), NULL);
        return;
    }
    password [0] = 0;
    bool have_name = web_form_get (body, "name", name, sizeof name);
    if (!have_name)
        name [0] = 0;
    if (!web_form_get (body, "csrf", csrf, sizeof csrf) || !cookie || strlen (csrf) != WEB_TOKEN_CHARS
    ||  strlen (cookie) != WEB_TOKEN_CHARS || sodium_memcmp (csrf, cookie, WEB_TOKEN_CHARS) != 0) {
        zsys_warning ("regie: web: a login from %s without its form's token was refused", addr);
        web_login_form (self, NULL, r, 403, name,
                      _("This form has expired. Please log in again."));
        sodium_free (password);
        return;
    }
    if (!web_login_allowed (self->sessions, addr, zclock_mono ())) {
        zsys_warning ("regie: web: too many logins from %s; refused for now", addr);
        web_login_form (self, NULL, r, 429, name,
                      _("Too many login attempts from this computer. Wait a minute and try again."));
        sodium_free (password);
        return;
    }
    bool have_password = web_form_get (body, "password", password, AGENT_MAX_PASSWORD_BYTES + 2)
                      && strlen (password) <= AGENT_MAX_PASSWORD_BYTES;
    web_user_copy_t u;
    memset (&u, 0, sizeof u);
    int found = have_name && agent_user_name_valid (name)
              ? agent_web_user_get (self->store, name, web_user_copy, &u) : 0;
    uint64_t now = agent_config_now_ms (self->config);
    if (found < 0) {
        zsys_error ("regie: web: cannot read the users: %s", agent_web_store_error (self->store));
        web_page_error (r, 500, _("Something went wrong"),
                        _("The agent cannot read its store; see its log."), NULL);
        sodium_free (password);
        return;
    }
    if (found == 1 && u.locked_until > now) {
        zsys_warning ("regie: web: login of %s from %s refused: locked", name, addr);
        char msg [256];
        snprintf (msg, sizeof msg, _("This account is locked after %d failed logins. Try again "
                                     "in %d minutes, or ask your application manager for a new "
                                     "password."), AGENT_WEB_FAILS_TO_LOCK, AGENT_WEB_LOCK_S / 60);
        web_login_form (self, NULL, r, 403, name, msg);
        sodium_free (password);
        return;
    }
    /* an unknown name costs as much as a wrong password */
    bool ok = false;
    if (found == 1 && have_password)
        ok = agent_user_verify (u.hash, password);
    else {
        char dummy [AGENT_USER_HASH_BYTES];
        if (agent_user_hash (dummy, "not a password of anyone") == 0)
            agent_user_verify (dummy, password);
    }
    sodium_free (password);
    if (!ok) {
        if (found == 1) {
            int failed = u.failed + 1;
            uint64_t until = 0;
            if (failed >= AGENT_WEB_FAILS_TO_LOCK) {
                until = now + (uint64_t) AGENT_WEB_LOCK_S * 1000;
                failed = 0;
                zsys_warning ("regie: web: %s locked after %d failed logins (last from %s)", name,
                              AGENT_WEB_FAILS_TO_LOCK, addr);
            }
            agent_web_user_logins (self->store, name, failed, until);
        }
        zsys_warning ("regie: web: failed login%s%s from %s", found == 1 ? " of " : "",
                      found == 1 ? name : " (unknown name)", addr);
        web_login_form (self, NULL, r, 401, name,
                      _("The name or the password is not right."));
        return;
    }
    agent_web_user_logins (self->store, name, 0, 0);
    web_session_t *s = web_session_create (self->sessions, name, u.role, zclock_mono ());
    web_cookie (r, 0, self->tls, WEB_COOKIE_SESSION, s->token, "/", false);
    web_cookie (r, 1, self->tls, WEB_COOKIE_LOGIN, "", "/login", true);
    web_reply_redirect (r, "/postvak");
    zsys_info ("regie: web: %s (%s) logged in from %s", name, u.role, addr);
}
