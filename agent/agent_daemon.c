/*  agent_daemon.c - the zloop, the control socket and waiting requests.
    See agent_daemon.h.                                                      */
#include "agent_daemon.h"
#include "agent_commands.h"
#include "agent_link.h"
#include "agent_web.h"
#include "proto_sign.h"
#include "proto_lang.h"

#include <czmq.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define S_SEND_TIMEOUT_MS   2000    /* a client that does not read is dropped */
#define S_CALL_MARGIN_MS    5000    /* the client waits this much beyond wait */

typedef struct client_s client_t;

typedef struct {
    client_t *client;               /* NULL once the client went away        */
    agent_prepared_t p;
    int64_t deadline;               /* zclock_mono ms                        */
    bool sent;
    proto_lang_t lang;              /* the language its answer is written in */
} waiter_t;

struct client_s {
    int fd;                         /* -1: the web view, answered by done    */
    char *buf;
    size_t used;
    bool closing;
    agent_web_done_fn *done;        /* the web view's: called with the answer */
    void *done_arg;
};

typedef struct {
    agent_ctx_t *ctx;
    agent_link_t *link;
    zloop_t *loop;
    int listen_fd;
    zlist_t *clients;               /* client_t *                            */
    zlist_t *waiters;               /* waiter_t *                            */
    agent_web_t *web;               /* the web view, or NULL when off        */
    uint64_t started;
    bool failed;
} daemon_t;

/* ---- talking to clients ------------------------------------------------ */

static void
s_reply (client_t *client, json_t *response)
{
    if (client && client->done) {
        /* a request of the web view: one answer, then the client is gone */
        client->done (client->done_arg, response);
        free (client);
        return;
    }
    if (!client || client->closing || !response)
        return;
    char *text = json_dumps (response, JSON_COMPACT);
    if (!text)
        return;
    size_t len = strlen (text);
    if (len > AGENT_MAX_RESPONSE_BYTES) {
        free (text);
        json_t *err = agent_response_error ("", AGENT_EXIT_INTERNAL, "too_big",
                                            _("the answer is too large; ask for fewer (--limit)"));
        text = json_dumps (err, JSON_COMPACT);
        json_decref (err);
        if (!text)
            return;
        len = strlen (text);
    }
    char *line = (char *) realloc (text, len + 2);
    if (!line) {
        free (text);
        return;
    }
    text = line;
    text [len] = '\n';
    size_t done = 0;
    while (done < len + 1) {
        ssize_t n = send (client->fd, text + done, len + 1 - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            client->closing = true;
            break;
        }
        done += (size_t) n;
    }
    free (text);
}

static void
s_waiter_finish (daemon_t *self, waiter_t *w, json_t *response)
{
    if (!response)      /* never leave a client waiting without a word */
        response = agent_response_error ("", AGENT_EXIT_INTERNAL, "internal",
                                         _("the agent could not build its answer; see its log"));
    s_reply (w->client, response);
    json_decref (response);
    zlist_remove (self->waiters, w);
    agent_prepared_clear (&w->p);
    free (w);
}

/* ---- events from the link ------------------------------------------------ */

static void
s_on_event (void *arg, const agent_event_t *ev)
{
    daemon_t *self = (daemon_t *) arg;
    if (ev->kind != AGENT_EV_RECEIPT && ev->kind != AGENT_EV_REFUSED && ev->kind != AGENT_EV_ANSWER) {
        if (ev->kind == AGENT_EV_DELIVERED)
            zsys_info ("regie: %zu new message%s in the inbox", ev->count, ev->count == 1 ? "" : "s");
        else
        if (ev->kind == AGENT_EV_AUDIT && ev->code == 0)
            zsys_info ("regie: audit check: the hub's audit chain extends our head (now at %llu)",
                       (unsigned long long) ev->hub_seq);
        else
        if (ev->kind == AGENT_EV_AUDIT && (ev->code == PROTO_CONFLICT || ev->code == PROTO_NOT_FOUND
                                           || ev->code == PROTO_BAD_SIGNATURE))
            zsys_error ("regie: AUDIT CHECK FAILED - %s (%s). Keep agent.db as evidence and tell "
                        "the municipality's operator.", ev->reason, ev->name);
        else
        if (ev->kind == AGENT_EV_AUDIT)
            zsys_warning ("regie: audit check not done now: %s (%s)", ev->reason, ev->name);
        return;
    }
    if (ev->kind == AGENT_EV_RECEIPT)
        zsys_info ("regie: receipt for %s%s%s%s", "message", ev->duplicate ? " (duplicate)" : "",
                   ev->note && *ev->note ? ": " : "", ev->note ? ev->note : "");
    if (ev->kind == AGENT_EV_REFUSED)
        zsys_warning ("regie: the hub refused a message: %s %s%s", ev->name,
                      ev->reason_code ? ev->reason_code : "", ev->args ? ev->args : "");
    waiter_t *w = (waiter_t *) zlist_first (self->waiters);
    while (w) {
        waiter_t *next = (waiter_t *) zlist_next (self->waiters);
        if (memcmp (w->p.msg->id, ev->id, PROTO_ID_BYTES) == 0
        &&  !(w->p.query && ev->kind == AGENT_EV_RECEIPT)) {
            agent_lang_use (w->lang);
            json_t *response = agent_response_outcome (self->ctx, &w->p, ev, NULL);
            s_waiter_finish (self, w, response);
            break;
        }
        w = next;
    }
}

/* ---- requests -------------------------------------------------------------- */

static void
s_facts (daemon_t *self, agent_daemon_facts_t *facts)
{
    memset (facts, 0, sizeof *facts);
    facts->running = true;
    facts->pid = (int) getpid ();
    facts->started = self->started;
    facts->link = self->link;
    facts->clients = zlist_size (self->clients);
    facts->waiting = zlist_size (self->waiters);
}

static void s_request_json (daemon_t *self, client_t *client, json_t *request);

static void
s_request (daemon_t *self, client_t *client, const char *line, size_t len)
{
    json_error_t jerr;
    json_t *request = json_loadb (line, len, JSON_REJECT_DUPLICATES, &jerr);
    char err [512];
    agent_lang_use (PROTO_LANG_EN);
    if (!request) {
        snprintf (err, sizeof err, _("not a JSON object: %s"), jerr.text);
        json_t *r = agent_response_error ("", AGENT_EXIT_BAD_INPUT, "bad_input", err);
        s_reply (client, r);
        json_decref (r);
        return;
    }
    s_request_json (self, client, request);
}

/*  The web view's requests take the same path as the socket's: the same
    checks, the same outbox, the same waiting for the hub.                   */
static void
s_web_submit (void *arg, json_t *request, agent_web_done_fn *done, void *done_arg)
{
    daemon_t *self = (daemon_t *) arg;
    client_t *client = (client_t *) calloc (1, sizeof *client);
    if (!client) {
        json_t *r = agent_response_error ("", AGENT_EXIT_INTERNAL, "internal", _("out of memory"));
        done (done_arg, r);
        json_decref (r);
        json_decref (request);
        return;
    }
    client->fd = -1;
    client->done = done;
    client->done_arg = done_arg;
    s_request_json (self, client, request);
}

/*  Takes request.                                                            */
static void
s_request_json (daemon_t *self, client_t *client, json_t *request)
{
    char err [512];
    agent_daemon_facts_t facts;
    s_facts (self, &facts);
    agent_prepared_t p;
    /* "cli": the request comes from the regie command: errors name its
       options as typed there (--member-bsn), not as JSON keys (member_bsn)  */
    bool cli = json_is_true (json_object_get (request, "cli"));
    json_object_del (request, "cli");
    /* "lang": the language of the answer's sentences (the regie command
       asks for the one it prints in); English when none is named          */
    proto_lang_t lang;
    bool lang_ok = !json_is_object (request) || agent_request_lang (request, &lang) == 0;
    if (!json_is_object (request))
        lang = PROTO_LANG_EN;
    agent_lang_use (lang);
    if (!lang_ok) {
        json_t *r = agent_response_error (json_string_value (json_object_get (request, "cmd")),
                                          AGENT_EXIT_BAD_INPUT, "bad_input",
                                          _("lang must be nl or en"));
        s_reply (client, r);
        json_decref (r);
        json_decref (request);
        return;
    }
    agent_request_prepare (self->ctx, request, cli, &facts, &p);
    json_decref (request);
    if (p.response) {
        json_t *tag = json_object_get (p.request, "tag");
        if (tag)
            json_object_set (p.response, "tag", tag);
        s_reply (client, p.response);
        agent_prepared_clear (&p);
        return;
    }
    agent_store_t *store = agent_ctx_store (self->ctx);
    if (zlist_size (self->waiters) >= AGENT_MAX_PENDING) {
        json_t *r = agent_response_error (json_string_value (json_object_get (p.request, "cmd")),
                                          AGENT_EXIT_INTERNAL, "busy",
                                          _("too many requests are waiting for the hub; try again"));
        s_reply (client, r);
        json_decref (r);
        agent_prepared_clear (&p);
        return;
    }
    bool sent = false;
    if (p.query) {
        sent = agent_link_send (self->link, p.msg) == 0;
        if (!sent) {
            json_t *r = agent_response_outcome (self->ctx, &p, NULL, "not_sent");
            s_reply (client, r);
            json_decref (r);
            agent_prepared_clear (&p);
            return;
        }
    }
    else {
        /* durable first: once this returns, the message will reach the hub */
        if (agent_store_outbox_add (store, p.msg->id, p.msg->type->name,
                                    agent_config_now_ms (agent_ctx_config (self->ctx)), p.msg->ts,
                                    p.msg->bytes, p.msg->size, p.msg->sig)) {
            snprintf (err, sizeof err, _("cannot store the message: %s"), agent_store_error (store));
            json_t *r = agent_response_error (json_string_value (json_object_get (p.request, "cmd")),
                                              AGENT_EXIT_INTERNAL, "store", err);
            s_reply (client, r);
            json_decref (r);
            agent_prepared_clear (&p);
            return;
        }
        sent = agent_link_send (self->link, p.msg) == 0;
        zsys_info ("regie: %s queued%s", p.msg->type->name, sent ? " and sent" : " (hub unreachable)");
        if (p.wait_ms == 0) {
            json_t *r = agent_response_outcome (self->ctx, &p, NULL, "accepted");
            s_reply (client, r);
            json_decref (r);
            agent_prepared_clear (&p);
            return;
        }
    }
    waiter_t *w = (waiter_t *) calloc (1, sizeof *w);
    if (!w) {
        json_t *r = agent_response_outcome (self->ctx, &p, NULL, sent ? "accepted" : "queued");
        s_reply (client, r);
        json_decref (r);
        agent_prepared_clear (&p);
        return;
    }
    w->client = client;
    w->p = p;
    w->sent = sent;
    w->lang = lang;
    w->deadline = zclock_mono () + p.wait_ms;
    zlist_append (self->waiters, w);
}

/* ---- clients ------------------------------------------------------------- */

static void
s_client_close (daemon_t *self, client_t *client)
{
    zmq_pollitem_t item = { NULL, client->fd, ZMQ_POLLIN, 0 };
    zloop_poller_end (self->loop, &item);
    for (waiter_t *w = (waiter_t *) zlist_first (self->waiters); w;
         w = (waiter_t *) zlist_next (self->waiters))
        if (w->client == client)
            w->client = NULL;       /* the message itself stays in the outbox */
    zlist_remove (self->clients, client);
    close (client->fd);
    free (client->buf);
    free (client);
}

static int
s_client_input (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    client_t *client = NULL;
    for (client_t *c = (client_t *) zlist_first (self->clients); c; c = (client_t *) zlist_next (self->clients))
        if (c->fd == item->fd)
            client = c;
    if (!client)
        return 0;
    ssize_t n = read (client->fd, client->buf + client->used, AGENT_MAX_REQUEST_BYTES + 1 - client->used);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n <= 0) {
        s_client_close (self, client);
        return 0;
    }
    client->used += (size_t) n;
    char *nl;
    while (!client->closing && (nl = (char *) memchr (client->buf, '\n', client->used))) {
        size_t len = (size_t) (nl - client->buf);
        if (len > 0 && client->buf [len - 1] == '\r')
            len--;
        if (len > 0)
            s_request (self, client, client->buf, len);
        size_t rest = client->used - (size_t) (nl - client->buf) - 1;
        memmove (client->buf, nl + 1, rest);
        client->used = rest;
    }
    if (!client->closing && client->used > AGENT_MAX_REQUEST_BYTES) {
        char err [128];
        agent_lang_use (PROTO_LANG_EN);
        snprintf (err, sizeof err, _("a request line may be at most %d bytes"), AGENT_MAX_REQUEST_BYTES);
        json_t *r = agent_response_error ("", AGENT_EXIT_BAD_INPUT, "bad_input", err);
        s_reply (client, r);
        json_decref (r);
        client->closing = true;
    }
    if (client->closing)
        s_client_close (self, client);
    return 0;
}

static int
s_accept (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    int fd = accept4 (self->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return 0;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != geteuid ()) {
        zsys_warning ("regie: refused a control connection from uid %d", (int) cred.uid);
        close (fd);
        return 0;
    }
    if (zlist_size (self->clients) >= AGENT_MAX_CLIENTS) {
        const char *busy = "{\"ok\":false,\"exit\":1,\"error\":\"busy\",\"message\":\"too many "
                           "connections to the agent\"}\n";
        ssize_t w = send (fd, busy, strlen (busy), MSG_NOSIGNAL);
        (void) w;
        close (fd);
        return 0;
    }
    struct timeval tv = { S_SEND_TIMEOUT_MS / 1000, (S_SEND_TIMEOUT_MS % 1000) * 1000 };
    setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    client_t *client = (client_t *) calloc (1, sizeof *client);
    if (client)
        client->buf = (char *) malloc (AGENT_MAX_REQUEST_BYTES + 2);
    if (!client || !client->buf) {
        free (client);
        close (fd);
        return 0;
    }
    client->fd = fd;
    zlist_append (self->clients, client);
    zmq_pollitem_t poll_item = { NULL, fd, ZMQ_POLLIN, 0 };
    zloop_poller (self->loop, &poll_item, s_client_input, self);
    return 0;
}

/* ---- the loop ------------------------------------------------------------ */

static int
s_link_input (zloop_t *loop, zsock_t *reader, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    if (agent_link_on_input (self->link)) {
        zsys_error ("regie: the store failed; stopping so that nothing is acknowledged unkept");
        self->failed = true;
        return -1;
    }
    return 0;
}

static int
s_monitor_input (zloop_t *loop, zsock_t *reader, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    return agent_link_on_monitor (self->link);
}

/*  Now and then the daemon asks the hub, on its own connection and without
    waiting, for the audit digests after its anchored head; the answer comes
    back as AGENT_EV_AUDIT (s_on_event logs it).                              */
static int
s_audit_tick (zloop_t *loop, int timer_id, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    agent_link_audit_check (self->link);
    return 0;
}

static int
s_web_input (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    agent_web_run (self->web);
    return 0;
}

static int
s_tick (zloop_t *loop, int timer_id, void *arg)
{
    daemon_t *self = (daemon_t *) arg;
    if (self->web)
        agent_web_run (self->web);
    agent_link_resend (self->link, false);
    int64_t now = zclock_mono ();
    waiter_t *w = (waiter_t *) zlist_first (self->waiters);
    while (w) {
        waiter_t *next = (waiter_t *) zlist_next (self->waiters);
        if (now >= w->deadline) {
            const char *status = w->p.query ? "no_answer"
                               : agent_link_connected (self->link) ? "waiting" : "queued";
            agent_lang_use (w->lang);
            s_waiter_finish (self, w, agent_response_outcome (self->ctx, &w->p, NULL, status));
        }
        w = next;
    }
    return 0;
}

static int
s_listen (const char *path, char *err, size_t errlen)
{
    struct sockaddr_un addr;
    memset (&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen (path) >= sizeof addr.sun_path) {
        snprintf (err, errlen, _("the socket path %.200s is longer than %zu bytes: use a shorter "
                                 "directory"), path, sizeof addr.sun_path - 1);
        return -1;
    }
    strcpy (addr.sun_path, path);
    /* a socket file left by a killed daemon: remove it if nobody answers */
    int probe = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe >= 0 && connect (probe, (struct sockaddr *) &addr, sizeof addr) == 0) {
        close (probe);
        snprintf (err, errlen, _("another agent answers on %.200s"), path);
        return -1;
    }
    if (probe >= 0)
        close (probe);
    unlink (path);
    int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        snprintf (err, errlen, _("cannot create the control socket: %s"), strerror (errno));
        return -1;
    }
    mode_t old = umask (0177);
    int rc = bind (fd, (struct sockaddr *) &addr, sizeof addr);
    umask (old);
    if (rc != 0 || chmod (path, S_IRUSR | S_IWUSR) != 0 || listen (fd, AGENT_MAX_CLIENTS) != 0) {
        snprintf (err, errlen, _("cannot listen on %.200s: %s"), path, strerror (errno));
        close (fd);
        return -1;
    }
    return fd;
}

int
agent_daemon_run (const char *dir)
{
    char err [1024];
    struct stat st;
    if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode)) {
        fprintf (stderr, _("regie run: %s is not a directory (create one with regie init)\n"), dir);
        return AGENT_EXIT_BAD_INPUT;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        fprintf (stderr, _("regie run: %s can be entered by other users; run: chmod 700 %s\n"), dir,
                 dir);
        return AGENT_EXIT_BAD_INPUT;
    }
    char lock_path [AGENT_MAX_PATH];
    snprintf (lock_path, sizeof lock_path, "%s/agent.lock", dir);
    int lock = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (lock < 0 || flock (lock, LOCK_EX | LOCK_NB) != 0) {
        fprintf (stderr, _("regie run: another regie run is using %s\n"), dir);
        if (lock >= 0)
            close (lock);
        return AGENT_EXIT_BAD_INPUT;
    }
    daemon_t self;
    memset (&self, 0, sizeof self);
    self.listen_fd = -1;
    self.ctx = agent_ctx_new (dir, err, sizeof err);
    if (!self.ctx) {
        fprintf (stderr, "regie run: %s\n", err);
        close (lock);
        return AGENT_EXIT_BAD_INPUT;
    }
    agent_config_t *config = agent_ctx_config (self.ctx);
    self.started = agent_config_now_ms (config);
    self.clients = zlist_new ();
    self.waiters = zlist_new ();
    self.link = agent_link_new (config, agent_ctx_identity (self.ctx), agent_ctx_store (self.ctx),
                                true, s_on_event, &self, err, sizeof err);
    int code = AGENT_EXIT_OK;
    if (!self.link) {
        fprintf (stderr, "regie run: %s\n", err);
        code = AGENT_EXIT_BAD_INPUT;
    }
    else
    if ((self.listen_fd = s_listen (config->sock_path, err, sizeof err)) < 0) {
        fprintf (stderr, "regie run: %s\n", err);
        code = AGENT_EXIT_INTERNAL;
    }
    else
    if (!(self.web = agent_web_new (self.ctx, s_web_submit, &self, err, sizeof err)) && *err) {
        fprintf (stderr, "regie run: %s\n", err);
        code = AGENT_EXIT_BAD_INPUT;
    }
    if (code == AGENT_EXIT_OK) {
        self.loop = zloop_new ();
        zloop_reader (self.loop, agent_link_socket (self.link), s_link_input, &self);
        zloop_reader (self.loop, agent_link_monitor (self.link), s_monitor_input, &self);
        zmq_pollitem_t item = { NULL, self.listen_fd, ZMQ_POLLIN, 0 };
        zloop_poller (self.loop, &item, s_accept, &self);
        if (self.web) {
            zmq_pollitem_t web_item = { NULL, agent_web_fd (self.web), ZMQ_POLLIN, 0 };
            zloop_poller (self.loop, &web_item, s_web_input, &self);
            zsys_info ("regie: web view at %s", agent_web_url (self.web));
        }
        zloop_timer (self.loop, AGENT_TICK_MS, 0, s_tick, &self);
        if (config->audit_check > 0)
            zloop_timer (self.loop, (size_t) config->audit_check, 0, s_audit_tick, &self);
        const proto_cert_t *cert = proto_identity_cert (agent_ctx_identity (self.ctx));
        zsys_info ("regie: agent %s (%s) running in %s; hub %s; control socket %s", cert->id,
                   cert->name, dir, config->hub_endpoint, config->sock_path);
        zsys_info ("regie: outbox holds %lld message(s) to send; inbox %lld unread",
                   (long long) agent_store_outbox_count (agent_ctx_store (self.ctx), AGENT_OUT_PENDING),
                   (long long) agent_store_inbox_unread (agent_ctx_store (self.ctx)));
        zloop_start (self.loop);
        zsys_info ("regie: stopping");
        if (self.failed)
            code = AGENT_EXIT_INTERNAL;
        zloop_destroy (&self.loop);
    }
    waiter_t *w;
    while ((w = (waiter_t *) zlist_first (self.waiters))) {
        zlist_remove (self.waiters, w);
        if (w->client && w->client->done) {
            /* the web view's page waits: it says the message is kept */
            json_t *r = agent_response_outcome (self.ctx, &w->p, NULL, "queued");
            s_reply (w->client, r);
            json_decref (r);
        }
        agent_prepared_clear (&w->p);
        free (w);
    }
    client_t *c;
    while ((c = (client_t *) zlist_first (self.clients))) {
        zlist_remove (self.clients, c);
        close (c->fd);
        free (c->buf);
        free (c);
    }
    zlist_destroy (&self.waiters);
    zlist_destroy (&self.clients);
    if (self.listen_fd >= 0) {
        close (self.listen_fd);
        unlink (config->sock_path);
    }
    agent_web_destroy (&self.web);
    agent_link_destroy (&self.link);
    agent_ctx_destroy (&self.ctx);
    close (lock);
    return code;
}

/* ---- client side ---------------------------------------------------------- */

int
agent_daemon_call (const char *sock_path, const char *request, char **response, int timeout_ms)
{
    *response = NULL;
    struct sockaddr_un addr;
    memset (&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen (sock_path) >= sizeof addr.sun_path)
        return -1;
    strcpy (addr.sun_path, sock_path);
    int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        close (fd);
        return -1;
    }
    size_t len = strlen (request);
    size_t done = 0;
    while (done < len) {
        ssize_t n = send (fd, request + done, len - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close (fd);
            return -2;
        }
        done += (size_t) n;
    }
    if (send (fd, "\n", 1, MSG_NOSIGNAL) != 1) {
        close (fd);
        return -2;
    }
    size_t cap = 4096, used = 0;
    char *buf = (char *) malloc (cap);
    int64_t deadline = zclock_mono () + timeout_ms + S_CALL_MARGIN_MS;
    int rc = -2;
    while (buf) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0)
            break;
        struct pollfd pfd = { fd, POLLIN, 0 };
        int p = poll (&pfd, 1, (int) left);
        if (p < 0 && errno == EINTR)
            continue;
        if (p <= 0)
            break;
        if (used + 1 >= cap) {
            if (cap >= AGENT_MAX_RESPONSE_BYTES + 2)
                break;
            cap *= 2;
            char *grown = (char *) realloc (buf, cap);
            if (!grown)
                break;
            buf = grown;
        }
        ssize_t n = read (fd, buf + used, cap - used - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t) n;
        char *nl = (char *) memchr (buf, '\n', used);
        if (nl) {
            *nl = 0;
            *response = buf;
            buf = NULL;
            rc = 0;
        }
    }
    free (buf);
    close (fd);
    return rc;
}
