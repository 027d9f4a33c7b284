/*  agent_commands.h - every partner command, as requests and responses.

    A command is a JSON object {"cmd": NAME, ...options} whether it comes
    from the command line (regie NAME --option VALUE), from a partner system
    writing a JSON line to DIR/agent.sock, or from a script using --direct.
    One function prepares it: options are checked, the household is turned
    into pseudonyms here (BSN and address never leave the agent), and the
    message is built, self-checked and signed. What happens next depends on
    who runs it (the daemon queues and sends; direct mode sends once), and
    one function turns the outcome into the response, which the command
    line prints as a table or as JSON. So a partner system that speaks JSON
    sees exactly the facts a person sees.

    Responses: {"ok": bool, "exit": N, "cmd": NAME, ...}. Exit codes:
      0 ok; 1 internal error; 2 bad input (nothing sent); 3 refused by the
      hub (error.name, error.reason); 4 hub unreachable (daemon: kept in the
      outbox and sent later; direct: not sent).
    The codes and times of a response are the same in every language; its
    sentences ("message", a check's "reason", an inbox row's "summary") are
    written in the language current when it is built: the reader's on the
    command line, English for --json and for a request that names no "lang".
*/
#ifndef AGENT_COMMANDS_H_INCLUDED
#define AGENT_COMMANDS_H_INCLUDED

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include "agent_config.h"
#include "agent_store.h"
#include "agent_message.h"
#include "agent_link.h"
#include "proto_identity.h"

#define AGENT_EXIT_OK           0
#define AGENT_EXIT_INTERNAL     1
#define AGENT_EXIT_BAD_INPUT    2
#define AGENT_EXIT_REFUSED      3
#define AGENT_EXIT_UNREACHABLE  4

/*  An opened agent directory: config, identity, store, network key.         */
typedef struct agent_ctx_t agent_ctx_t;

agent_ctx_t *agent_ctx_new (const char *dir, char *err, size_t errlen);
void agent_ctx_destroy (agent_ctx_t **self_p);
agent_config_t *agent_ctx_config (agent_ctx_t *self);
agent_store_t *agent_ctx_store (agent_ctx_t *self);
proto_identity_t *agent_ctx_identity (agent_ctx_t *self);

/*  Speaks lang from now on (proto_lang_setup again when it changes): the
    daemon answers each request in the language it names.                   */
void agent_lang_use (proto_lang_t lang);

/*  The language a request names in "lang" ("nl", "en"; taken out of the
    request): English when it names none, so that a partner system gets the
    language-neutral answer. 0, or -1 (English) when "lang" names no
    supported language.                                                       */
int agent_request_lang (json_t *request, proto_lang_t *lang);

/*  Daemon facts that `status` reports (NULL when no daemon runs).          */
typedef struct {
    bool running;
    int pid;
    uint64_t started;
    agent_link_t *link;
    size_t clients, waiting;
} agent_daemon_facts_t;

/*  A prepared request: either answered (response) or a message to send.   */
typedef struct {
    json_t *response;           /* owned; set when nothing needs sending     */
    agent_message_t *msg;       /* owned; set when something must go out     */
    bool query;                 /* waits for an answer; not kept in outbox   */
    int wait_ms;                /* how long the caller should wait           */
    json_t *request;            /* owned reference to the request            */
    json_t *info;               /* owned: facts for the response (household) */
} agent_prepared_t;

/*  Prepares request (an object with "cmd"). Never fails: problems become a
    response with exit 2 (bad input) or 1. cli = names options "--x" in
    messages. facts may be NULL (no daemon).                                  */
void agent_request_prepare (agent_ctx_t *ctx, json_t *request, bool cli,
                            const agent_daemon_facts_t *facts, agent_prepared_t *out);
void agent_prepared_clear (agent_prepared_t *self);

/*  Checks, on a connection of its own, that the hub's audit chain still
    extends the anchored head, page by page, moving the anchor as it goes.
    Returns the outcome as JSON ("ok", "extension_check", "exit", and
    "message" when not ok); NULL on a store error.                           */
json_t *agent_audit_check (agent_ctx_t *ctx, const agent_head_t *anchor);

/*  The outcome of sending p->msg. event may be NULL: then status says why
    ("queued": kept in the outbox, hub unreachable; "not_sent"; "waiting":
    sent, no receipt in time; "accepted": queued without waiting).           */
json_t *agent_response_outcome (agent_ctx_t *ctx, const agent_prepared_t *p,
                                const agent_event_t *event, const char *status);

/*  A response for a failure before anything was prepared.                   */
json_t *agent_response_error (const char *cmd, int exit_code, const char *error,
                              const char *message);

/*  Prints a response for people.                                            */
void agent_response_print (json_t *response, FILE *out);

/*  Checks a request object from outside against the JSON limits.           */
int agent_request_check (json_t *request, char *err, size_t errlen);

/*  The command line: `regie COMMAND ...`. Returns the exit code.            */
int agent_cli (int argc, char *argv []);

/*  Whether name is a partner command (signal, inbox, ...).                  */
bool agent_cli_known (const char *name);

/*  Prints the list of commands (for `regie --help`).                        */
void agent_cli_list (FILE *out);

#endif
