/*  workflow_fixture.h - a real hub for the workflow tests, and messages
    taken through it as the router takes them.

    The hub is built as hub_daemon.c builds it, from files in the test's
    temporary directory: a hub.conf with the default taxonomy and two regie
    teams (acm, the default, and wijkteam), the hub's identity, the
    certificates of the network below, a fresh store (the mem backend) with
    a transaction begun, the audit log and a clock whose offset file the test sets. There
    is no socket and no router: a test calls a message type's handler
    through hub_flow_apply, reads what it decided (hub->outcome, the
    message's refusal, reason and receipt note), and lets the fixture act
    on it as the router does (hub_act_msg, or the rollback of a refusal) to
    check the store and the audit log afterwards. workflow_fixture.c builds
    the hub and takes messages through it; workflow_fixture_read.c reads
    what was decided and done.

    The network (ids, roles, team), each partner's contact "030-ID":
      woningcorporatie, school, politie, ggz     signal, refer
      acm-intake (acm), wijkteam-intake (wijkteam)   intake
      cm-anna, cm-bram (acm), cm-wim (wijkteam)      regie
      acm-leiding (acm)                              escalation

    A message is built the way an agent builds it (agent_message_new: the
    body from key/value strings as the command line gives them, checked
    against the type and the taxonomy, signed), decoded, stored and filled
    into a hub_msg_t exactly as s_apply in hub_commit.c fills it. What a
    helper cannot do (a partner not in the network, a body the decoder
    refuses, a store error) fails the running test and returns NULL or -1.
*/
#ifndef WORKFLOW_FIXTURE_H_INCLUDED
#define WORKFLOW_FIXTURE_H_INCLUDED

#include "hub.h"
#include "hub_limits.h"
#include "hub_store_households.h"
#include "proto_identity.h"
#include "testing.h"

#define WF_MAX_PARTNERS     16
#define WF_FIELD_BYTES      2048    /* a rendered field or body               */
#define WF_MS_CHARS         24      /* a time in ms as decimal text            */

/*  One message taken through the hub; the fixture owns it.                  */
typedef struct wf_msg_s wf_msg_t;
struct wf_msg_s {
    hub_msg_t msg;                  /* refuse, reason: what the handler said */
    proto_receipt_item_t item;      /* note and to, for the receipt          */
    proto_envelope_t env;
    uint8_t digest [PROTO_DIGEST_BYTES];
    uint8_t *bytes;                 /* the envelope as signed                */
    size_t size;
    proto_writer_t answer;          /* a question's answer, unsigned         */
    bool guard;                     /* taken inside a savepoint              */
    hub_audit_mark_t mark;          /* the audit head before it              */
    wf_msg_t *next;
};

typedef struct {
    hub_t hub;
    char dir [256];
    char clock_path [512];
    uint64_t offset;                /* ms written in the clock file          */
    proto_identity_t *ids [WF_MAX_PARTNERS];
    size_t id_count;
    wf_msg_t *msgs;                 /* every message, newest first           */
    wf_msg_t *pending;              /* applied, not yet acted on             */
    char field [WF_FIELD_BYTES];    /* what wf_field and wf_body return      */
    bool quiet;                     /* in wf_try: a store error is no failure */
    bool store_failed;              /* ... and wf_try saw one                */
} wf_t;

/*  s holds part, or does not (s NULL fails both).                          */
#define CHECK_HAS(s, part) do { const char *s_ = (s), *p_ = (part); \
    if (!s_ || !strstr (s_, p_)) { char m_ [1024]; \
        snprintf (m_, sizeof m_, "%s holds \"%s\" (\"%.900s\")", #s, p_, s_ ? s_ : "(null)"); \
        test_fail (__FILE__, __LINE__, m_); return; } } while (0)
#define CHECK_LACKS(s, part) do { const char *s_ = (s), *p_ = (part); \
    if (!s_ || strstr (s_, p_)) { char m_ [1024]; \
        snprintf (m_, sizeof m_, "%s lacks \"%s\" (\"%.900s\")", #s, p_, s_ ? s_ : "(null)"); \
        test_fail (__FILE__, __LINE__, m_); return; } } while (0)

/*  A workflow test: its body gets a fresh fixture, which is destroyed
    however the body ends (a failed CHECK returns from it), so that nothing
    leaks under the sanitizers.                                               */
#define WF_TEST(name) \
    static void name##_body (wf_t *fx); \
    static void name (void) { wf_t *fx = wf_new (); if (fx) name##_body (fx); wf_destroy (&fx); } \
    static void name##_body (wf_t *fx)

/*  Fails the running test with a sentence naming where.                     */
#define wf_fail(...) wf_fail_at (__FILE__, __LINE__, __VA_ARGS__)
void wf_fail_at (const char *file, int line, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/*  A fresh hub in test_tmpdir (), or NULL (the test has failed).            */
wf_t *wf_new (void);
/*  Rolls everything back and frees it all.                                  */
void wf_destroy (wf_t **self_p);

/*  The hub's now; moves the hub's clock on by ms.                           */
uint64_t wf_now (wf_t *self);
void wf_clock_advance (wf_t *self, uint64_t ms);

/*  A pseudonym for name (a person or an address), the same for the same
    name: what an agent would derive from a BSN or an address.              */
void wf_ref (uint8_t ref [PROTO_REF_BYTES], const char *name);
/*  Text for a body value: bytes in lower-case hex, a time in ms.           */
void wf_hex (char *out, const uint8_t *bytes, size_t n);
void wf_ms (char out [WF_MS_CHARS], uint64_t ms);

/*  Partner from sends a message of type about the household of person
    and/or address (either may be NULL), its body given as key, value, ...,
    NULL (strings as on the command line: "yes", "a,b", digits for times).
    Any message applied before and not yet acted on is acted on first, as
    the router goes on with the next one. Then the message is stored and
    its handler decides: hub->outcome holds what it decided until wf_act.
    Returns the message, or NULL.                                             */
wf_msg_t *wf_apply (wf_t *self, const char *from, const char *type, const uint8_t *person,
                    const uint8_t *address, ...) __attribute__ ((sentinel));

/*  Acts on the pending message as the router does: a refusal is rolled back
    (its savepoint, its audit entries, its decision) and leaves one entry
    "refused: CODE"; otherwise hub_act_msg signs, stores and queues what was
    decided and writes the message's entry. 0, or -1.                        */
int wf_act (wf_t *self);

/*  wf_apply, then wf_act: one message all the way, for a test's setup.    */
wf_msg_t *wf_send (wf_t *self, const char *from, const char *type, const uint8_t *person,
                   const uint8_t *address, ...) __attribute__ ((sentinel));

/*  wf_send for the fault tests: the message all the way, where a store
    error (an injected fault) is an answer, not a failed test: 0 when it was
    accepted, 1 when refused, -1 when a store call failed on the way (in the
    put, the handler or the acting) - what makes the router roll the whole
    batch back and acknowledge nothing.                                      */
int wf_try (wf_t *self, const char *from, const char *type, const uint8_t *person,
            const uint8_t *address, ...) __attribute__ ((sentinel));

/* ---- reading what was decided and done (workflow_fixture_read.c) -------- */

/*  The receipt's note and the refusal's reason of m, as the handler left
    them: "code {arguments as JSON}" (valid until the next call).
    them.                                                                    */
const char *wf_note (const wf_msg_t *m);
const char *wf_reason (const wf_msg_t *m);

/*  What the pending message's handler decided (before wf_act):
    the hub messages to recipient of kind (either NULL for any), how many;
    the first of them, or NULL; the recipients of the message itself.       */
size_t wf_out_count (wf_t *self, const char *recipient, const char *kind);
const hub_out_msg_t *wf_out (wf_t *self, const char *recipient, const char *kind);
size_t wf_to_count (wf_t *self);
bool wf_to (wf_t *self, const char *recipient);

/*  A body field of envelope bytes as text, or NULL when absent: strings as
    they are, bools "true"/"false", numbers in decimal, bin in hex, a list
    of strings "a,b"; "partners.contact" is the contact of each record of
    "partners" ("partners" alone their partner ids). The whole body as
    "key=value; ..." in the order packed. Valid until the next call.        */
const char *wf_field (wf_t *self, const uint8_t *bytes, size_t len, const char *field);
const char *wf_body (wf_t *self, const uint8_t *bytes, size_t len);
/*  The same for a hub message of the outcome, and a question's answer.     */
const char *wf_out_field (wf_t *self, const hub_out_msg_t *m, const char *field);
const char *wf_answer_field (wf_t *self, const wf_msg_t *m, const char *field);

/*  Audit entries with action whose result contains result (NULL: any).     */
size_t wf_audit_count (wf_t *self, const char *action, const char *result);
/*  The household ref belongs to (0 when none), and its row (hh 0: none).   */
int64_t wf_household (wf_t *self, const uint8_t *ref);
hub_household_row_t wf_household_row (wf_t *self, const uint8_t *ref);
/*  Deliveries queued for recipient (after wf_act).                          */
uint64_t wf_queued (wf_t *self, const char *recipient);

#endif
