/*  proto_types.h - every message type, defined once, as data.

    A message type is a name, the roles that may send it, whether it has a
    subject, and the fields of its body. The table in proto_types.c is the
    single definition: the decoder validates bodies against it, the agent
    builds bodies from command-line options and JSON with it, and
    proto/PROTOCOL.md lists the same fields. Field values that name a
    configured term (leefgebied, severity, phase, ...) are checked against a
    proto_taxonomy_t, which the hub and agent fill from their configuration.
*/
#ifndef PROTO_TYPES_H_INCLUDED
#define PROTO_TYPES_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <msgpack.h>
#include "proto_limits.h"
#include "proto_result.h"

/*  Field kinds and their msgpack encoding.                                  */
typedef enum {
    PF_TEXT,        /* str: UTF-8, newlines and tabs allowed, 1..max bytes   */
    PF_LINE,        /* str: UTF-8, no control characters, 1..max bytes       */
    PF_TERM,        /* str: a term from taxonomy `list`                      */
    PF_PARTNER,     /* str: partner id syntax                                */
    PF_PARTNERS,    /* array of 1..max partner ids, no duplicates            */
    PF_ID,          /* bin 16: a message id                                  */
    PF_REF,         /* bin 32: a pseudonym (person_ref or address_ref)       */
    PF_DIGEST,      /* bin 32: a BLAKE2b-256 digest                          */
    PF_TIME,        /* uint: ms since 1970 UTC, PROTO_TIME_MIN..MAX          */
    PF_UINT,        /* uint: 0..max                                          */
    PF_BOOL,        /* bool                                                  */
    PF_BIN,         /* bin: 0..max bytes                                     */
    PF_RECORDS      /* array of 0..max maps, each with the fields `sub`      */
} proto_kind_t;

/*  The configured lists (taxonomies).                                       */
typedef enum {
    PT_NONE = 0,
    PT_LEEFGEBIED,          /* life domains                                  */
    PT_SEVERITY,            /* zorg, ernstig, acuut                          */
    PT_GROUND,              /* risk category that justifies sharing          */
    PT_SIGNAL_KIND,         /* e.g. huurachterstand, ontruimingsdreiging     */
    PT_PHASE,               /* regie lifecycle phases, in order              */
    PT_DECLINE_REASON,      /* contra-indications                            */
    PT_BASIS,               /* consent, wettelijke_taak, ...                 */
    PT_MATCH_OUTCOME,       /* contact_gelegd, regie_bestaat                 */
    PT_AGREEMENT_STATUS,    /* what an owner or regisseur may set            */
    PT_PROGRESS_STATUS,     /* a partner's report on an agreement            */
    PT_NOTICE_KIND,         /* the hub's notices                             */
    PT_REF_KIND,            /* person, address                               */
    PT_ESCALATION_REASON,   /* why the hub escalated                         */
    PT_AGREEMENT_KIND,      /* agreements the hub makes itself               */
    PT_COUNT
} proto_list_t;

/*  One field of a body.                                                     */
typedef struct proto_field_s {
    const char *name;
    proto_kind_t kind;
    bool required;
    uint64_t max;                       /* bytes, items or value             */
    proto_list_t list;                  /* for PF_TERM                       */
    const struct proto_field_s *sub;    /* for PF_RECORDS, NULL-terminated   */
    const char *doc;                    /* one line for PROTOCOL.md, --help
                                           (English; marked N_() where a
                                           partner sends it, regie's --help
                                           prints it translated)             */
} proto_field_t;

/*  Type flags.                                                              */
#define PROTO_T_SUBJECT     0x01    /* a subject (person and/or address) is required */
#define PROTO_T_HUB         0x02    /* authored by the hub only              */
#define PROTO_T_LINK        0x04    /* not stored, not receipted (ack, ...)  */
#define PROTO_T_QUERY       0x08    /* answered; changes no domain state     */

/*  Every type's code: its row in the table, for dispatch without comparing
    names (the hub's descriptors are indexed by it). Not on the wire: a
    message names its type by name.                                          */
typedef enum {
    PROTO_TYPE_SIGNAL,
    PROTO_TYPE_REFERRAL,
    PROTO_TYPE_CLAIM,
    PROTO_TYPE_DECLINE,
    PROTO_TYPE_REGIECHECK,
    PROTO_TYPE_PHASE,
    PROTO_TYPE_TRANSFER,
    PROTO_TYPE_RELEASE,
    PROTO_TYPE_LINK,
    PROTO_TYPE_MOVE,
    PROTO_TYPE_UNLINK,
    PROTO_TYPE_CONSENT,
    PROTO_TYPE_CONSENT_WITHDRAW,
    PROTO_TYPE_PRIORITY,
    PROTO_TYPE_MATCH_CONFIRM,
    PROTO_TYPE_ROUND,
    PROTO_TYPE_PROGRESS,
    PROTO_TYPE_ROUND_HELD,
    PROTO_TYPE_AGREEMENT,
    PROTO_TYPE_AGREEMENT_ACCEPT,
    PROTO_TYPE_AGREEMENT_STATUS,
    PROTO_TYPE_ESCALATION_RESOLVE,
    PROTO_TYPE_HOUSEHOLD,
    PROTO_TYPE_MINUTES_REQUEST,
    PROTO_TYPE_TEAM_REPORT,
    PROTO_TYPE_DEPUTY,
    PROTO_TYPE_DEPUTY_END,
    PROTO_TYPE_ACK,
    PROTO_TYPE_AUDIT_SINCE,
    PROTO_TYPE_REGIECHECK_ANSWER,
    PROTO_TYPE_NOTICE,
    PROTO_TYPE_MINUTES,
    PROTO_TYPE_REPORT,
    PROTO_TYPE_COUNT
} proto_type_code_t;

/*  One message type.                                                        */
typedef struct {
    const char *name;
    unsigned flags;
    unsigned roles;                     /* PROTO_ROLE_* allowed to send it;
                                           0 with PROTO_T_HUB                */
    const proto_field_t *fields;        /* NULL-terminated                   */
    const char *doc;
} proto_type_t;

/*  The type called name (len bytes), or NULL.                               */
const proto_type_t *proto_type_find (const char *name, size_t len);

/*  The code of a type from the table (never NULL).                          */
proto_type_code_t proto_type_code (const proto_type_t *type);

/*  All types, for documentation and listings. *count set.                   */
const proto_type_t *proto_types_all (size_t *count);

/*  A field of a type by name, or NULL.                                      */
const proto_field_t *proto_type_field (const proto_type_t *type, const char *name);

/*  The list name used in configuration ("leefgebied", ...).                 */
const char *proto_list_name (proto_list_t list);
proto_list_t proto_list_by_name (const char *name);

/*  A taxonomy: for each list, its terms. Owned strings.                     */
#define PROTO_MAX_TERMS     64
typedef struct {
    char *terms [PT_COUNT][PROTO_MAX_TERMS];
    size_t count [PT_COUNT];
} proto_taxonomy_t;

/*  Fills the built-in defaults (DOMAIN.md; Dutch terms in snake case).      */
void proto_taxonomy_defaults (proto_taxonomy_t *tax);
/*  Replaces one list from a comma-separated string; -1 with err on a term
    that is too long, has bad syntax ([a-z0-9_] only) or is repeated.        */
int proto_taxonomy_set (proto_taxonomy_t *tax, proto_list_t list, const char *csv,
                        char *err, size_t errlen);
void proto_taxonomy_clear (proto_taxonomy_t *tax);
/*  Position of term in list, or -1.                                         */
int proto_taxonomy_index (const proto_taxonomy_t *tax, proto_list_t list,
                          const char *term, size_t len);
/*  "a, b, c" into out, for messages that say what is allowed.               */
void proto_taxonomy_format (char *out, size_t outlen, const proto_taxonomy_t *tax,
                            proto_list_t list);

/*  Validates a decoded body (a msgpack map) against the type's fields: types,
    lengths, syntax, required fields, duplicate keys; unknown keys are
    ignored. When tax is not NULL, terms are checked against it. On error,
    *field names the field at fault (NULL if none).                           */
proto_result_t proto_body_validate (const proto_type_t *type, const msgpack_object *body,
                                    const proto_taxonomy_t *tax, const char **field);

#endif
