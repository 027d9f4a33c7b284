/*  agent_web.c - the HTTP side of the web view: listening, limits, headers,
    sessions and routing. See agent_web.h; the pages are in web_pages.c.    */
#include "agent_web.h"
#include "agent_store_web.h"
#include "agent_users.h"
#include "web_pages.h"
#include "web_session.h"
#include "web_signal.h"
#include "web_login.h"
#include "web_household.h"
#include "proto_lang.h"

#include <arpa/inet.h>
#include <czmq.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_FORM_TYPE         "application/x-www-form-urlencoded"
#define S_RUN_AGAIN_MAX     8       /* MHD_run passes while work is ready    */

static const char s_csp [] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

struct agent_web_t {
    agent_ctx_t *ctx;
    agent_web_submit_fn *submit;
    void *submit_arg;
    struct MHD_Daemon *mhd;
    agent_web_store_t *store;
    web_sessions_t *sessions;
    web_pages_ctx_t pages;
    proto_cert_t hub_cert;
    web_login_t login;
    proto_lang_t lang;
    bool tls;
    char url [AGENT_MAX_WEB_LISTEN_BYTES + 16];
    char *tls_cert, *tls_key;
};

/*  What one request gathers while its body arrives.                         */
typedef struct {
    char *body;
    size_t used;
    bool too_big;
    /* an action handed to the daemon (agent_web_submit_fn) */
    struct MHD_Connection *conn;
    bool submitted, answered, suspended, acute;
    json_t *response;               /* the daemon's answer, owned            */
    web_signal_form_t *form;        /* what the person typed, for errors     */
} request_t;

/* ---- answering -------------------------------------------------------------- */

static enum MHD_Result
s_send (agent_web_t *self, struct MHD_Connection *conn, web_reply_t *r)
{
    if (r->body.failed) {
        web_reply_free (r);
        web_reply_init (r);
        r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        web_buf_raw (&r->body, "out of memory\n");
        r->content_type = "text/plain; charset=utf-8";
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer (r->body.len,
                                                                 r->body.data ? r->body.data : "",
                                                                 MHD_RESPMEM_MUST_COPY);
    if (!resp) {
        web_reply_free (r);
        return MHD_NO;
    }
    MHD_add_response_header (resp, "Content-Type",
                             r->content_type ? r->content_type : "text/html; charset=utf-8");
    MHD_add_response_header (resp, "Content-Security-Policy", s_csp);
    MHD_add_response_header (resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header (resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header (resp, "X-Frame-Options", "DENY");
    MHD_add_response_header (resp, "Cache-Control", "no-store");
    if (self->tls)
        MHD_add_response_header (resp, "Strict-Transport-Security", "max-age=31536000");
    if (*r->location)
        MHD_add_response_header (resp, "Location", r->location);
    for (int i = 0; i < WEB_MAX_COOKIES; i++)
        if (*r->cookies [i])
            MHD_add_response_header (resp, "Set-Cookie", r->cookies [i]);
    enum MHD_Result rc = MHD_queue_response (conn, (unsigned) r->status, resp);
    MHD_destroy_response (resp);
    web_reply_free (r);
    return rc;
}

static void
s_client_addr (struct MHD_Connection *conn, char *out, size_t outlen)
{
    snprintf (out, outlen, "?");
    const union MHD_ConnectionInfo *info
        = MHD_get_connection_info (conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop (AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, out, (socklen_t) outlen);
    else
    if (sa->sa_family == AF_INET6)
        inet_ntop (AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, out, (socklen_t) outlen);
}

/* ---- routing ------------------------------------------------------------------ */

/*  The session of the request's cookie, if it is live and its person still
    exists (a removed user's session ends at its next request).              */
static web_session_t *
s_session (agent_web_t *self, struct MHD_Connection *conn)
{
    const char *token = MHD_lookup_connection_value (conn, MHD_COOKIE_KIND, WEB_COOKIE_SESSION);
    web_session_t *s = web_session_find (self->sessions, token, zclock_mono ());
    if (!s)
        return NULL;
    web_user_copy_t u;
    memset (&u, 0, sizeof u);
    if (agent_web_user_get (self->store, s->user, web_user_copy, &u) != 1) {
        zsys_info ("regie: web: the session of %s ended: the user is gone", s->user);
        web_session_end (self->sessions, s);
        return NULL;
    }
    snprintf (s->role, sizeof s->role, "%s", u.role);
    return s;
}

/*  The daemon's answer to an action: the page can be written now.          */
static void
s_answered (void *arg, json_t *response)
{
    request_t *req = (request_t *) arg;
    req->response = response ? json_incref (response)
                             : agent_response_error ("", AGENT_EXIT_INTERNAL, "internal",
                                                     _("the agent could not build its answer; see its log"));
    req->answered = true;
    if (req->suspended) {
        req->suspended = false;
        MHD_resume_connection (req->conn);
    }
}

/*  POST /melden: check the form, then hand it to the daemon; the page is
    written when the daemon answers (s_signal_outcome).                     */
static void
s_signal_post (agent_web_t *self, struct MHD_Connection *conn, request_t *req, web_session_t *s,
               const char *body, web_reply_t *r)
{
    req->form = web_signal_form_new (self->pages.me);
    if (!req->form) {
        web_page_error (r, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                        _("The agent is out of memory; try again."), s);
        return;
    }
    bool ok = web_signal_form_read (req->form, body);
    ok = web_signal_form_check (req->form) && ok;
    if (!ok) {
        r->status = MHD_HTTP_BAD_REQUEST;
        web_page_signal_form (r, &self->pages, s, req->form);
        return;
    }
    json_t *request = web_signal_request (req->form);
    if (!request) {
        web_page_error (r, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                        _("The agent is out of memory; try again."), s);
        return;
    }
    req->acute = strcmp (req->form->value [WS_SEVERITY], "acuut") == 0;
    req->conn = conn;
    req->submitted = true;
    zsys_info ("regie: web: %s sends a signal (%s)", s->user, req->form->value [WS_SEVERITY]);
    self->submit (self->submit_arg, request, s_answered, req);
    agent_lang_use (self->lang);
}

static void
s_signal_outcome (agent_web_t *self, request_t *req, web_session_t *s, web_reply_t *r)
{
    int code = (int) json_integer_value (json_object_get (req->response, "exit"));
    if (!s) {               /* logged out while the hub was asked */
        web_reply_redirect (r, "/login");
        return;
    }
    const char *user = s->user;
    if (code == AGENT_EXIT_BAD_INPUT) {
        zsys_info ("regie: web: the signal of %s was refused by the agent: %s", user,
                   json_string_value (json_object_get (req->response, "message")));
        web_signal_form_errors (req->form, req->response);
        r->status = MHD_HTTP_BAD_REQUEST;
        web_page_signal_form (r, &self->pages, s, req->form);
        return;
    }
    if (code == AGENT_EXIT_REFUSED || code == AGENT_EXIT_INTERNAL) {
        const char *msg = json_string_value (json_object_get (req->response, "message"));
        zsys_warning ("regie: web: the signal of %s was not taken: %s", user, msg ? msg : "?");
        web_page_error (r, code == AGENT_EXIT_REFUSED ? MHD_HTTP_CONFLICT
                                                      : MHD_HTTP_INTERNAL_SERVER_ERROR,
                        _("Signal not sent"), msg ? msg : _("The agent could not send it; see its log."),
                        s);
        return;
    }
    zsys_info ("regie: web: the signal of %s: %s, to %s, hub number %lld", user,
               json_string_value (json_object_get (req->response, "status")),
               json_string_value (json_object_get (req->response, "to")),
               (long long) json_integer_value (json_object_get (req->response, "hub_seq")));
    web_page_signal_done (r, &self->pages, s, req->response, req->acute);
}

/* ---- Mijn huishoudens and Huishouden ------------------------------------------ */

/*  What the query string of a page holds: q once at most, nothing else.     */
typedef struct {
    const char *q;
    size_t q_len;
    int count, others;
} query_t;

static enum MHD_Result
s_query_arg (void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
             const char *value, size_t value_size)
{
    query_t *q = (query_t *) cls;
    if (key && strcmp (key, "q") == 0 && strlen (key) == key_size && q->count++ == 0) {
        q->q = value ? value : "";
        q->q_len = value ? value_size : 0;
    }
    else
        q->others++;
    return MHD_YES;
}

/*  The person's role may see households; else a refusal page and false.    */
static bool
s_caseload_allowed (struct MHD_Connection *conn, web_session_t *s, const char *url, web_reply_t *r)
{
    if (web_household_role_ok (s->role))
        return true;
    zsys_warning ("regie: web: %s (%s) may not see households (%s)", s->user, s->role, url);
    web_page_error (r, MHD_HTTP_FORBIDDEN, _("Not for your role"),
                    _("Households are shown to casemanagers and team leaders of this team only."), s);
    return false;
}

static web_caseload_t *
s_caseload (agent_web_t *self, web_session_t *s, web_reply_t *r)
{
    web_caseload_t *cl = web_caseload_load (&self->pages, s->user);
    if (!cl) {
        zsys_error ("regie: web: the caseload cannot be read: %s", agent_web_store_error (self->store));
        web_page_error (r, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                        _("The agent cannot read its store; see its log."), s);
    }
    return cl;
}

static void
s_households (agent_web_t *self, struct MHD_Connection *conn, web_session_t *s, web_reply_t *r)
{
    query_t q;
    memset (&q, 0, sizeof q);
    MHD_get_connection_values_n (conn, MHD_GET_ARGUMENT_KIND, s_query_arg, &q);
    web_search_t search;
    bool ok = web_search_read (&search, q.count > 1 || q.others ? NULL : q.q, q.q_len);
    if (q.count > 1 || q.others) {
        snprintf (search.error, sizeof search.error, "%s",
                  _("this page takes one search (q) and nothing else"));
        ok = false;
    }
    web_caseload_t *cl = s_caseload (self, s, r);
    if (!cl)
        return;
    web_page_households (r, &self->pages, s, cl, &search);
    if (!ok)
        r->status = MHD_HTTP_BAD_REQUEST;
    zsys_info ("regie: web: %s looked at the caseload%s", s->user, *search.q ? " (searched)" : "");
    web_caseload_destroy (&cl);
}

/*  GET or POST /huishouden/KEY.                                             */
static void
s_household (agent_web_t *self, struct MHD_Connection *conn, web_session_t *s, const char *key,
             bool post, const char *body, web_reply_t *r)
{
    query_t q;
    memset (&q, 0, sizeof q);
    MHD_get_connection_values_n (conn, MHD_GET_ARGUMENT_KIND, s_query_arg, &q);
    bool saved = !post && q.count == 0 && q.others == 1
              && MHD_lookup_connection_value (conn, MHD_GET_ARGUMENT_KIND, "saved") != NULL;
    if (!web_case_key_valid (key) || (!post && (q.count || (q.others && !saved)))) {
        web_page_error (r, MHD_HTTP_NOT_FOUND, _("Household not found"),
                        _("There is no such household in this team's caseload."), s);
        return;
    }
    web_caseload_t *cl = s_caseload (self, s, r);
    if (!cl)
        return;
    web_case_t *c = web_caseload_find (cl, key);
    if (!c) {
        zsys_info ("regie: web: %s asked for a household not held here", s->user);
        web_page_error (r, MHD_HTTP_NOT_FOUND, _("Household not found"),
                        _("There is no such household in this team's caseload."), s);
        web_caseload_destroy (&cl);
        return;
    }
    if (!post) {
        zsys_info ("regie: web: %s opened household %s", s->user, c->key);
        web_page_household (r, &self->pages, s, cl, c, NULL, saved);
        web_caseload_destroy (&cl);
        return;
    }
    web_label_form_t form;
    bool ok = web_label_form_read (&form, body);
    if (ok) {
        const uint8_t *person, *address;
        web_case_label_refs (c, &person, &address);
        int rc = agent_web_label_save (self->store, c->label, form.label, form.names, person, address,
                                       agent_config_now_ms (agent_ctx_config (self->ctx)));
        if (rc < 0) {
            zsys_error ("regie: web: a label cannot be saved: %s", agent_web_store_error (self->store));
            web_page_error (r, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                            _("The agent cannot write its store; see its log."), s);
            web_caseload_destroy (&cl);
            return;
        }
        if (rc == 0) {
            snprintf (form.error_label, sizeof form.error_label, "%s",
                      _("another household has this label, or there are too many labels; "
                        "choose another"));
            ok = false;
        }
    }
    if (!ok) {
        r->status = MHD_HTTP_BAD_REQUEST;
        web_page_household (r, &self->pages, s, cl, c, &form, false);
        web_caseload_destroy (&cl);
        return;
    }
    zsys_info ("regie: web: %s labelled household %s", s->user, c->key);
    char where [WEB_HEADER_BYTES];
    snprintf (where, sizeof where, "/huishouden/%s?saved=1", c->key);
    web_reply_redirect (r, where);
    web_caseload_destroy (&cl);
}

static void
s_route (agent_web_t *self, struct MHD_Connection *conn, request_t *req, const char *url, bool post,
         const char *body, web_reply_t *r)
{
    if (!post && strcmp (url, "/style.css") == 0) {
        r->status = MHD_HTTP_OK;
        r->content_type = "text/css; charset=utf-8";
        web_buf_raw (&r->body, web_html_css);
        return;
    }
    if (!post && strcmp (url, "/app.js") == 0) {
        r->status = MHD_HTTP_OK;
        r->content_type = "text/javascript; charset=utf-8";
        web_buf_raw (&r->body, web_html_js);
        return;
    }
    web_session_t *s = s_session (self, conn);
    if (strcmp (url, "/login") == 0) {
        const char *cookie = MHD_lookup_connection_value (conn, MHD_COOKIE_KIND, WEB_COOKIE_LOGIN);
        if (post) {
            char addr [INET6_ADDRSTRLEN + 1];
            s_client_addr (conn, addr, sizeof addr);
            web_login_post (&self->login, cookie, addr, body, r);
        }
        else
        if (s)
            web_reply_redirect (r, "/postvak");
        else
            web_login_form (&self->login, cookie, r, MHD_HTTP_OK, "", NULL);
        return;
    }
    bool page = strcmp (url, "/") == 0 || strcmp (url, "/postvak") == 0
             || strcmp (url, "/melden") == 0 || strcmp (url, "/huishoudens") == 0
             || strncmp (url, "/huishouden/", 12) == 0
             || strncmp (url, "/bericht/", 9) == 0 || strcmp (url, "/logout") == 0;
    if (!s && !page) {
        web_page_error (r, MHD_HTTP_NOT_FOUND, _("Page not found"), _("There is no such page."), NULL);
        return;
    }
    if (!s) {
        if (post)
            web_page_error (r, MHD_HTTP_FORBIDDEN, _("Not logged in"),
                            _("Log in first; nothing was changed."), NULL);
        else
            web_reply_redirect (r, "/login");
        return;
    }
    if (post) {
        char csrf [WEB_TOKEN_CHARS + 2];
        if (!web_form_get (body, "csrf", csrf, sizeof csrf) || !web_session_csrf_ok (s, csrf)) {
            zsys_warning ("regie: web: a form of %s without its token was refused (%s)", s->user, url);
            web_page_error (r, MHD_HTTP_FORBIDDEN, _("Form refused"),
                            _("This form is not valid (it has expired or did not come from this "
                              "page); nothing was changed. Go back, reload the page and try "
                              "again."), s);
            return;
        }
        if (strcmp (url, "/melden") == 0) {
            s_signal_post (self, conn, req, s, body, r);
            return;
        }
        if (strncmp (url, "/huishouden/", 12) == 0) {
            if (s_caseload_allowed (conn, s, url, r))
                s_household (self, conn, s, url + 12, true, body, r);
            return;
        }
        if (strcmp (url, "/logout") == 0) {
            zsys_info ("regie: web: %s logged out", s->user);
            web_session_end (self->sessions, s);
            web_cookie (r, 0, self->tls, WEB_COOKIE_SESSION, "", "/", true);
            web_reply_redirect (r, "/login");
            return;
        }
        web_page_error (r, MHD_HTTP_NOT_FOUND, _("Page not found"),
                        _("There is no such page."), s);
        return;
    }
    if (strcmp (url, "/") == 0) {
        web_reply_redirect (r, "/postvak");
        return;
    }
    if (strcmp (url, "/postvak") == 0) {
        web_page_postvak (r, &self->pages, s);
        return;
    }
    if (strcmp (url, "/huishoudens") == 0) {
        if (s_caseload_allowed (conn, s, url, r))
            s_households (self, conn, s, r);
        return;
    }
    if (strncmp (url, "/huishouden/", 12) == 0) {
        if (s_caseload_allowed (conn, s, url, r))
            s_household (self, conn, s, url + 12, false, "", r);
        return;
    }
    if (strcmp (url, "/melden") == 0) {
        web_signal_form_t *f = web_signal_form_new (self->pages.me);
        if (!f)
            web_page_error (r, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                            _("The agent is out of memory; try again."), s);
        else
            web_page_signal_form (r, &self->pages, s, f);
        free (f);
        return;
    }
    if (strncmp (url, "/bericht/", 9) == 0) {
        const char *digits = url + 9;
        char *end = NULL;
        errno = 0;
        unsigned long long seq = strtoull (digits, &end, 10);
        if (*digits >= '0' && *digits <= '9' && end && !*end && !errno && strlen (digits) <= 20) {
            int found = web_page_message (r, &self->pages, s, seq);
            if (found == 1) {
                agent_web_read_mark (self->store, s->user, seq,
                                     agent_config_now_ms (agent_ctx_config (self->ctx)));
                zsys_info ("regie: web: %s read message %llu", s->user, seq);
            }
            return;
        }
    }
    web_page_error (r, MHD_HTTP_NOT_FOUND, _("Page not found"), _("There is no such page."), s);
}

static enum MHD_Result
s_access (void *cls, struct MHD_Connection *conn, const char *url, const char *method,
          const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    agent_web_t *self = (agent_web_t *) cls;
    request_t *req = (request_t *) *con_cls;
    bool post = strcmp (method, MHD_HTTP_METHOD_POST) == 0;
    bool get = strcmp (method, MHD_HTTP_METHOD_GET) == 0 || strcmp (method, MHD_HTTP_METHOD_HEAD) == 0;
    web_reply_t r;
    web_reply_init (&r);
    agent_lang_use (self->lang);
    if (!req) {
        req = (request_t *) calloc (1, sizeof *req);
        if (!req)
            return MHD_NO;
        *con_cls = req;
        if (!get && !post) {
            web_page_error (&r, MHD_HTTP_METHOD_NOT_ALLOWED, _("Not allowed"),
                            _("This page takes GET and POST only."), NULL);
            return s_send (self, conn, &r);
        }
        const char *length = MHD_lookup_connection_value (conn, MHD_HEADER_KIND,
                                                          MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull (length, NULL, 10) > AGENT_WEB_MAX_BODY_BYTES)
            req->too_big = true;
        if (post && !req->too_big) {
            const char *type = MHD_lookup_connection_value (conn, MHD_HEADER_KIND,
                                                            MHD_HTTP_HEADER_CONTENT_TYPE);
            if (!type || strncasecmp (type, S_FORM_TYPE, strlen (S_FORM_TYPE)) != 0) {
                web_page_error (&r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, _("Form refused"),
                                _("This page takes forms only; nothing was changed."), NULL);
                return s_send (self, conn, &r);
            }
        }
        if (req->too_big) {
            web_page_error (&r, MHD_HTTP_CONTENT_TOO_LARGE, _("Too large"),
                            _("What was sent is larger than a form may be; nothing was changed."),
                            NULL);
            return s_send (self, conn, &r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (req->used + *upload_data_size > AGENT_WEB_MAX_BODY_BYTES) {
            *upload_data_size = 0;
            web_page_error (&r, MHD_HTTP_CONTENT_TOO_LARGE, _("Too large"),
                            _("What was sent is larger than a form may be; nothing was changed."),
                            NULL);
            return s_send (self, conn, &r);
        }
        char *grown = (char *) realloc (req->body, req->used + *upload_data_size + 1);
        if (!grown)
            return MHD_NO;
        req->body = grown;
        memcpy (req->body + req->used, upload_data, *upload_data_size);
        req->used += *upload_data_size;
        req->body [req->used] = 0;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->body && strlen (req->body) != req->used) {
        web_page_error (&r, MHD_HTTP_BAD_REQUEST, _("Form refused"),
                        _("This form holds bytes that are no text; nothing was changed."), NULL);
        return s_send (self, conn, &r);
    }
    if (req->submitted) {
        if (!req->answered) {
            /* resumed without an answer cannot happen; wait on */
            return MHD_YES;
        }
        s_signal_outcome (self, req, s_session (self, conn), &r);
        return s_send (self, conn, &r);
    }
    s_route (self, conn, req, url, post, req->body ? req->body : "", &r);
    if (req->submitted && !req->answered) {
        web_reply_free (&r);
        req->suspended = true;
        MHD_suspend_connection (conn);
        return MHD_YES;
    }
    if (req->submitted) {
        web_reply_free (&r);
        web_reply_init (&r);
        s_signal_outcome (self, req, s_session (self, conn), &r);
    }
    return s_send (self, conn, &r);
}

static void
s_completed (void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    request_t *req = (request_t *) *con_cls;
    if (req) {
        if (req->body)
            sodium_memzero (req->body, req->used);
        free (req->body);
        json_decref (req->response);
        if (req->form)
            sodium_memzero (req->form, sizeof *req->form);
        free (req->form);
        free (req);
        *con_cls = NULL;
    }
}

/* ---- starting ---------------------------------------------------------------- */

/*  A PEM file into memory (NUL-terminated; caller frees); the key must not
    be readable by others. NULL with err.                                   */
static char *
s_read_pem (const char *path, bool secret, char *err, size_t errlen)
{
    struct stat st;
    if (stat (path, &st) != 0) {
        snprintf (err, errlen, _("cannot read %s: %s"), path, strerror (errno));
        return NULL;
    }
    if (secret && (st.st_mode & (S_IRWXG | S_IRWXO))) {
        snprintf (err, errlen, _("%s can be read by other users; run: chmod 600 %s"), path, path);
        return NULL;
    }
    if (st.st_size <= 0 || st.st_size > AGENT_WEB_MAX_TLS_BYTES) {
        snprintf (err, errlen, _("%s must hold a PEM file of at most %d bytes"), path,
                  AGENT_WEB_MAX_TLS_BYTES);
        return NULL;
    }
    FILE *f = fopen (path, "r");
    char *text = f ? (char *) calloc (1, (size_t) st.st_size + 1) : NULL;
    size_t n = text ? fread (text, 1, (size_t) st.st_size, f) : 0;
    if (f)
        fclose (f);
    if (!text || n != (size_t) st.st_size) {
        free (text);
        snprintf (err, errlen, _("cannot read %s: %s"), path, strerror (errno));
        return NULL;
    }
    return text;
}

agent_web_t *
agent_web_new (agent_ctx_t *ctx, agent_web_submit_fn *submit, void *submit_arg, char *err,
               size_t errlen)
{
    agent_config_t *config = agent_ctx_config (ctx);
    err [0] = 0;
    if (!*config->web_listen)
        return NULL;
    bool tls = *config->web_cert && *config->web_key;
    if (!config->web_loopback && !tls) {
        snprintf (err, errlen, _("web/listen %s is not a loopback address: beyond this machine the "
                                 "web view is served only over TLS. Set web/cert and web/key in "
                                 "agent.conf, or listen on 127.0.0.1."), config->web_listen);
        return NULL;
    }
    if (tls && !MHD_is_feature_supported (MHD_FEATURE_TLS)) {
        snprintf (err, errlen, _("this libmicrohttpd cannot serve TLS (web/cert, web/key)"));
        return NULL;
    }
    agent_web_t *self = (agent_web_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    self->ctx = ctx;
    self->submit = submit;
    self->submit_arg = submit_arg;
    self->tls = tls;
    proto_lang_parse (config->language, &self->lang);
    self->store = agent_web_store_new (config->db_path, err, errlen);
    self->sessions = web_sessions_new (config->web_idle);
    if (tls && self->store) {
        self->tls_cert = s_read_pem (config->web_cert, false, err, errlen);
        self->tls_key = self->tls_cert ? s_read_pem (config->web_key, true, err, errlen) : NULL;
    }
    if (!self->store || !self->sessions || (tls && !self->tls_key)) {
        if (!*err)
            snprintf (err, errlen, _("out of memory"));
        agent_web_destroy (&self);
        return NULL;
    }
    self->pages.store = self->store;
    self->pages.agent_store = agent_ctx_store (ctx);
    self->pages.config = config;
    self->pages.me = proto_identity_cert (agent_ctx_identity (ctx));
    /* the hub's certificate once: it tells the hub's notices from partners' */
    char why [256];
    if (proto_cert_load (&self->hub_cert, config->hub_cert, why, sizeof why) == 0)
        self->pages.hub_key = self->hub_cert.sign_key;
    else
        zsys_warning ("regie: web: %s; the hub's notices show as a partner's", why);
    self->login.store = self->store;
    self->login.sessions = self->sessions;
    self->login.config = config;
    self->login.tls = tls;

    struct sockaddr_storage ss;
    memset (&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (strchr (config->web_host, ':')) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons ((uint16_t) config->web_port);
        inet_pton (AF_INET6, config->web_host, &a->sin6_addr);
        flags |= MHD_USE_IPv6;
    }
    else {
        struct sockaddr_in *a = (struct sockaddr_in *) &ss;
        a->sin_family = AF_INET;
        a->sin_port = htons ((uint16_t) config->web_port);
        inet_pton (AF_INET, config->web_host, &a->sin_addr);
    }
    if (tls)
        flags |= MHD_USE_TLS;
    self->mhd = MHD_start_daemon (flags, (uint16_t) config->web_port, NULL, NULL, s_access, self,
                                  MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
                                  MHD_OPTION_CONNECTION_LIMIT, (unsigned) AGENT_WEB_MAX_CONNECTIONS,
                                  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned) AGENT_WEB_CONN_TIMEOUT_S,
                                  MHD_OPTION_NOTIFY_COMPLETED, s_completed, self,
                                  tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, self->tls_cert,
                                  MHD_OPTION_HTTPS_MEM_KEY, self->tls_key,
                                  MHD_OPTION_END);
    if (!self->mhd) {
        snprintf (err, errlen, _("cannot serve the web view on %s: %s (is the port in use?)"),
                  config->web_listen, strerror (errno));
        agent_web_destroy (&self);
        return NULL;
    }
    snprintf (self->url, sizeof self->url, "%s://%s/", tls ? "https" : "http", config->web_listen);
    return self;
}

void
agent_web_destroy (agent_web_t **self_p)
{
    if (self_p && *self_p) {
        agent_web_t *self = *self_p;
        if (self->mhd)
            MHD_stop_daemon (self->mhd);
        web_sessions_destroy (&self->sessions);
        agent_web_store_destroy (&self->store);
        free (self->tls_cert);
        if (self->tls_key) {
            sodium_memzero (self->tls_key, strlen (self->tls_key));
            free (self->tls_key);
        }
        free (self);
        *self_p = NULL;
    }
}

int
agent_web_fd (agent_web_t *self)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info (self->mhd, MHD_DAEMON_INFO_EPOLL_FD);
    return info ? info->epoll_fd : -1;
}

void
agent_web_run (agent_web_t *self)
{
    /* libmicrohttpd's epoll is edge-triggered inside: run again while it
       says work is ready now, so nothing waits for the next timer tick    */
    for (int i = 0; i < S_RUN_AGAIN_MAX; i++) {
        MHD_run (self->mhd);
        MHD_UNSIGNED_LONG_LONG timeout;
        if (MHD_get_timeout (self->mhd, &timeout) != MHD_YES || timeout > 0)
            break;
    }
    /* the daemon's own requests name their language; put ours back after */
}

const char *
agent_web_url (agent_web_t *self)
{
    return self->url;
}
