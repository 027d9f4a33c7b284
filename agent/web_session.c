/*  web_session.c - sessions in memory and the login limit.
    See web_session.h.                                                       */
#include "web_session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char addr [48];
    int64_t start;
    int count;
} rate_t;

struct web_sessions_t {
    int64_t idle_ms;
    web_session_t s [AGENT_WEB_MAX_SESSIONS];
    rate_t rate [AGENT_WEB_RATE_SLOTS];
};

web_sessions_t *
web_sessions_new (int idle_s)
{
    web_sessions_t *self = (web_sessions_t *) sodium_malloc (sizeof (web_sessions_t));
    if (!self)
        return NULL;
    memset (self, 0, sizeof *self);
    self->idle_ms = (int64_t) idle_s * 1000;
    return self;
}

void
web_sessions_destroy (web_sessions_t **self_p)
{
    if (self_p && *self_p) {
        sodium_free (*self_p);
        *self_p = NULL;
    }
}

void
web_token_new (char out [WEB_TOKEN_CHARS + 1])
{
    unsigned char raw [WEB_TOKEN_CHARS / 2];
    randombytes_buf (raw, sizeof raw);
    sodium_bin2hex (out, WEB_TOKEN_CHARS + 1, raw, sizeof raw);
}

web_session_t *
web_session_create (web_sessions_t *self, const char *user, const char *role, int64_t now)
{
    web_session_t *slot = NULL;
    for (size_t i = 0; i < AGENT_WEB_MAX_SESSIONS; i++) {
        web_session_t *s = &self->s [i];
        if (s->used && now - s->last > self->idle_ms)
            web_session_end (self, s);
        if (!s->used) {
            slot = s;
            break;
        }
        if (!slot || s->last < slot->last)
            slot = s;
    }
    memset (slot, 0, sizeof *slot);
    slot->used = true;
    web_token_new (slot->token);
    web_token_new (slot->csrf);
    snprintf (slot->user, sizeof slot->user, "%s", user);
    snprintf (slot->role, sizeof slot->role, "%s", role);
    slot->last = now;
    return slot;
}

web_session_t *
web_session_find (web_sessions_t *self, const char *token, int64_t now)
{
    if (!token || strlen (token) != WEB_TOKEN_CHARS)
        return NULL;
    for (size_t i = 0; i < AGENT_WEB_MAX_SESSIONS; i++) {
        web_session_t *s = &self->s [i];
        if (!s->used || sodium_memcmp (s->token, token, WEB_TOKEN_CHARS) != 0)
            continue;
        if (now - s->last > self->idle_ms) {
            web_session_end (self, s);
            return NULL;
        }
        s->last = now;
        return s;
    }
    return NULL;
}

void
web_session_end (web_sessions_t *self, web_session_t *session)
{
    if (session)
        sodium_memzero (session, sizeof *session);
}

bool
web_session_csrf_ok (const web_session_t *session, const char *given)
{
    return given && strlen (given) == WEB_TOKEN_CHARS
        && sodium_memcmp (session->csrf, given, WEB_TOKEN_CHARS) == 0;
}

bool
web_login_allowed (web_sessions_t *self, const char *addr, int64_t now)
{
    rate_t *slot = NULL;
    for (size_t i = 0; i < AGENT_WEB_RATE_SLOTS; i++) {
        rate_t *r = &self->rate [i];
        if (strcmp (r->addr, addr) == 0) {
            slot = r;
            break;
        }
        if (!slot || r->start < slot->start)
            slot = r;               /* the oldest window makes room          */
    }
    if (strcmp (slot->addr, addr) != 0 || now - slot->start >= AGENT_WEB_LOGIN_WINDOW_S * 1000) {
        snprintf (slot->addr, sizeof slot->addr, "%s", addr);
        slot->start = now;
        slot->count = 0;
    }
    return ++slot->count <= AGENT_WEB_LOGIN_RATE;
}
