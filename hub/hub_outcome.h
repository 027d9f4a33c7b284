/*  hub_outcome.h - what a workflow decided, as data.

    A handler (or a timer) reads and writes the household's rows through the
    store, and says everything else it decided here: the hub's own messages
    to send (notices, minutes) with their unsigned bytes, whom the message
    itself goes to, and the answer to a question. It signs nothing, stores
    no message and queues no delivery: hub_act.c does, in one place, once
    the handler returned - and nothing at all when the message was refused.
    So the workflows never hold the hub's signing key, and a test can call a
    handler and read what it decided without a socket or a signer.

    The outcome owns its bytes; hub_outcome_clear frees them and keeps the
    arrays for the next message.
*/
#ifndef HUB_OUTCOME_H_INCLUDED
#define HUB_OUTCOME_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"

/*  One of the hub's own messages, built but not signed.                     */
typedef struct {
    char recipient [PROTO_MAX_PARTNER_ID_BYTES + 1];
    const char *type;                   /* a hub type's name (static)        */
    char kind [PROTO_MAX_TAXON_BYTES + 1];  /* a notice's kind, else ""      */
    uint8_t id [PROTO_ID_BYTES];
    bool has_subject;                   /* subject: for its audit entry      */
    uint8_t subject [PROTO_REF_BYTES];
    uint8_t *bytes;                     /* the envelope, owned               */
    size_t len;
} hub_out_msg_t;

typedef struct {
    hub_out_msg_t *msgs;                /* the hub's messages, in order      */
    size_t msg_count, msg_cap;
    char (*to) [PROTO_MAX_PARTNER_ID_BYTES + 1];    /* the message itself is
                                           delivered to these, in order,
                                           each once                         */
    size_t to_count, to_cap;
    bool answered;                      /* the answer is in the message's
                                           answer writer, not yet signed     */
} hub_outcome_t;

/*  Adds a hub message with a copy of its len bytes. 0, or -1 without memory. */
int hub_outcome_add_msg (hub_outcome_t *self, const char *recipient, const char *type,
                         const char *kind, const uint8_t id [PROTO_ID_BYTES],
                         const uint8_t *subject, const uint8_t *bytes, size_t len);

/*  Adds recipient to those the message itself goes to (once). 0 or -1.     */
int hub_outcome_add_to (hub_outcome_t *self, const char *recipient);

/*  Forgets what was decided (frees the messages' bytes, keeps the arrays).  */
void hub_outcome_clear (hub_outcome_t *self);

/*  Frees everything (at shutdown).                                          */
void hub_outcome_release (hub_outcome_t *self);

#endif
