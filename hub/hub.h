/*  hub.h - the running hub: its parts, and what the workflows may call.

    The router (hub_router.c and the modules of hub_router_impl.h) owns the
    socket and the per-partner delivery sessions; it takes messages through
    the pipeline and calls the workflows through their type's descriptor
    (hub_flow.h) inside the group commit's transaction. Workflows decide:
    they read and change state through the store, write audit entries,
    queue deliveries and create the hub's own signed messages with the
    functions below - they never touch a socket, and nothing here calls
    back into the router.
*/
#ifndef HUB_H_INCLUDED
#define HUB_H_INCLUDED

#include <czmq.h>
#include "proto_envelope.h"
#include "proto_link.h"
#include "hub_config.h"
#include "hub_clock.h"
#include "hub_partners.h"
#include "hub_store.h"
#include "hub_audit.h"
#include "hub_signer.h"
#include "hub_outcome.h"
#include "hub_timers.h"

#define HUB_ACTOR               "hub"       /* author id of the hub's messages */
#define HUB_MAX_REASON          PROTO_MAX_REASON_BYTES
#define HUB_MSG_MAX_TO          8           /* recipients named in a message's
                                               own audit entry                 */

typedef struct hub_t hub_t;

struct hub_t {
    hub_config_t *config;
    hub_clock_t *clock;
    hub_partners_t *partners;
    hub_store_t *store;
    hub_audit_t *audit;
    hub_signer_t *signer;
    proto_writer_t notice;          /* scratch for the hub's own envelopes   */
    zhashx_t *queued;               /* recipients of deliveries queued in the
                                       open transaction (hub_deliver)       */
    hub_outcome_t outcome;          /* what the message or timer run being
                                       applied decided (hub_outcome.h)      */
};

/*  One message on its way through the workflows.                            */
typedef struct {
    const proto_envelope_t *env;
    const hub_partner_t *author;
    const uint8_t *digest;              /* of the envelope                   */
    uint64_t seq;                       /* its store sequence                */
    uint64_t now;
    const char *origin;                 /* peer address, for the audit log   */
    bool has_household_ref;             /* household_ref is set              */
    uint8_t household_ref [PROTO_REF_BYTES];    /* for messages without a subject:
                                           the household of what they name    */
    /* filled by the workflow                                                */
    proto_receipt_item_t *item;         /* note and to, for the receipt      */
    proto_result_t refuse;              /* PROTO_OK, or why it is refused    */
    const char *reason_code;            /* its reason (hub_codes.h), or NULL */
    proto_args_t args;                  /* the reason's arguments            */
    proto_writer_t *answer;             /* queries: the answer envelope      */
    /* filled by hub_act_msg                                                 */
    uint8_t answer_sig [PROTO_SIGNATURE_BYTES];
    bool answered;
} hub_msg_t;

/*  Decides that msg itself goes to recipient (each recipient once). Its
    audit entry will name every one (hub_act_msg).                           */
int hub_deliver_msg (hub_t *hub, hub_msg_t *msg, const char *recipient);

/*  Decides to send recipient a hub message of type with the body written by
    fill (which packs exactly body_fields pairs): builds it and checks it
    with the decoder now; hub_act signs, stores and queues it. subject and
    re may be NULL; kind names a notice's kind (or NULL). fill returns 0, or
    -1 when a store read it needed failed (nothing is sent then). 0, or -1
    when the message cannot be built.                                        */
typedef int (hub_fill_fn) (proto_writer_t *w, void *arg);
int hub_send_notice (hub_t *hub, const char *recipient, const char *type,
                     const uint8_t *person, const uint8_t *address, const uint8_t *re,
                     uint32_t body_fields, hub_fill_fn *fill, void *arg, const char *kind);

/*  A partner named in a notice: who, and whom to contact.                    */
typedef struct {
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char name [PROTO_MAX_NAME_BYTES + 1];
    char contact [PROTO_MAX_CONTACT_BYTES + 1];
    uint64_t since;                     /* 0: not said                       */
} hub_party_t;

/*  A notice: the hub telling a partner something (type "notice"), as its
    kind and typed arguments - never the hub's prose: the reader renders it
    in its own language (PROTOCOL.md lists each kind with its arguments).
    Every argument is optional; a zero, NULL or empty one is left out.     */
typedef struct {
    const char *kind;                   /* a term of PT_NOTICE_KIND          */
    const uint8_t *object;              /* PROTO_ID_BYTES or NULL            */
    const hub_party_t *parties;
    size_t party_count;
    uint64_t due, at, from, until;      /* times; 0: not said                */
    bool urgent;
    const char *team;                   /* team concerned                    */
    const char *other_team;             /* a transfer's old team, another
                                           household's team                  */
    const char *by;                     /* the partner who acted; its name is
                                           added from the registry           */
    bool has_count, has_number;
    uint64_t count, number;
    const char *place, *phase, *basis, *leefgebied, *signal_kind;
    const char *ref;                    /* "person" or "address"             */
    const char *reason;                 /* a term of PT_ESCALATION_REASON    */
    char text [PROTO_MAX_TEXT_BYTES + 1];   /* only what a person wrote      */
} hub_notice_t;

/*  Decides to send notice n to recipient about the household named by
    person and/or address (either may be NULL); it is numbered when
    hub_act stores it.                                                       */
int hub_notify (hub_t *hub, const char *recipient, const uint8_t *person, const uint8_t *address,
                const hub_notice_t *n);

/*  Fills a party from the partner registry (name and contact from its
    certificate); contact overrides when not NULL.                           */
void hub_party (hub_t *hub, hub_party_t *party, const char *partner, const char *contact,
                uint64_t since);

/*  Builds the answer to a query in msg->answer; hub_act_msg signs it (it is
    not stored: answers go to the connection that asked).                    */
int hub_answer (hub_t *hub, hub_msg_t *msg, const char *type, uint32_t body_fields,
                hub_fill_fn *fill, void *arg);

/*  Audit entry for msg's author and origin.                                 */
int hub_audit_msg (hub_t *hub, const hub_msg_t *msg, const char *action, const char *result);

/*  An audit entry for msg about another ref than its subject (a member or
    address that a link, unlink or move names in its body), so that the
    access report of the household that ref belongs to shows the message.   */
int hub_audit_msg_ref (hub_t *hub, const hub_msg_t *msg, const uint8_t *ref, const char *action,
                       const char *result);

#endif
