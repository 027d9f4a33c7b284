/*  proto_limits.h - every size, count, depth and window of the protocol.

    One place for the numbers that bound what we accept from outside. The
    decoder, the hub and the agent refer to these names; a bare number in a
    .c file is a bug. Changing one of these changes the protocol: document it
    in proto/PROTOCOL.md ("Limits") and bump PROTO_VERSION if it narrows.
*/
#ifndef PROTO_LIMITS_H_INCLUDED
#define PROTO_LIMITS_H_INCLUDED

#define PROTO_VERSION               2

/*  The programs' own version (regiehub --version, regie --version): the
    release, not the protocol; a release may speak an unchanged protocol.   */
#define REGIEHUB_RELEASE            "0.9.0"

/*  Frames                                                                  */
#define PROTO_MAX_ENVELOPE_BYTES    65536   /* one signed envelope            */
#define PROTO_MAX_LINK_BYTES        262144  /* one hub->agent link message    */
#define PROTO_MAX_FRAMES            4       /* frames in one ZeroMQ message   */
#define PROTO_SIGNATURE_BYTES       64
#define PROTO_PUBKEY_BYTES          32
#define PROTO_ID_BYTES              16
#define PROTO_REF_BYTES             32
#define PROTO_DIGEST_BYTES          32

/*  msgpack structure                                                       */
#define PROTO_MAX_DEPTH             4       /* containers inside containers   */
#define PROTO_MAX_MAP_KEYS          32      /* keys in one map                */
#define PROTO_MAX_ARRAY_ITEMS       1024    /* items in one array             */
#define PROTO_LINK_MAX_ARRAY_ITEMS  4096    /* ... of a link frame (receipts,
                                               digests; PROTO_MAX_OBJECTS
                                               bounds them before that)      */
#define PROTO_MAX_OBJECTS           4096    /* msgpack objects in one frame   */
#define PROTO_MAX_KEY_BYTES         24      /* one map key                    */

/*  Fields                                                                  */
#define PROTO_MAX_TYPE_BYTES        24      /* message type name              */
#define PROTO_MAX_PARTNER_ID_BYTES  32      /* partner id: [a-z0-9-]          */
#define PROTO_MAX_NAME_BYTES        80      /* a display name                 */
#define PROTO_MAX_TAXON_BYTES       40      /* leefgebied, phase, reason ...  */
#define PROTO_MAX_TEXT_BYTES        1000    /* a signal's factual text        */
#define PROTO_MAX_NOTE_BYTES        500     /* a short note                   */
#define PROTO_MAX_NOTICE_COUNT      1000000 /* a count or number in a notice  */
#define PROTO_MAX_CONTACT_BYTES     200     /* who to call and how            */
#define PROTO_MAX_ACTION_BYTES      500     /* an agreement's action          */
#define PROTO_MAX_LIST_PARTNERS     32      /* partners named in one message  */
#define PROTO_MAX_LIST_ITEMS        256     /* items of a list in a body      */
#define PROTO_MAX_REASON_BYTES      200     /* an error's reason              */
#define PROTO_MAX_REPORT_BYTES      60000   /* a team report's figures (JSON) */
#define PROTO_MAX_SEQ               9007199254740991ULL /* 2^53 - 1: a delivery's or
                                               an audit entry's sequence (exact
                                               in JSON, in sqlite's int64)   */
/*  A hub restored from a backup numbers new messages this far past the
    highest number it knows (regiehub restore): every number its agents hold
    from before stays unused, and a message numbered after the backup's last
    one and below that one plus this gap was accepted by the lost store.     */
#define PROTO_RESTORE_SEQ_GAP       4294967296ULL       /* 2^32 */

/*  Time                                                                    */
#define PROTO_TIME_MIN_MS           1577836800000ULL   /* 2020-01-01 UTC     */
#define PROTO_TIME_MAX_MS           4102444800000ULL   /* 2100-01-01 UTC     */

#endif
