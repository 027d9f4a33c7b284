/*  agent_store_web.h - what the web view reads and keeps in agent.db.

    The web view (agent_web.h) and `regie user` use a connection of their
    own to agent.db, beside the daemon's (WAL lets both work at once), so
    that the statements of the people and their pages stay apart from the
    outbox and inbox that the link writes. This is still the store: the
    only code besides agent_store.c that speaks SQL, and only to the tables
    of schema 3 (users, web_read), to labels, and, read-only, to the inbox and
    the outbox.

    users     name, role, Argon2id hash (crypto_pwhash_str), failed logins
              in a row and until when the account is locked.
    web_read  which inbox message each person has read: read state is per
              person here, unlike `regie inbox`'s one flag for the partner.
    labels    the casemanager's label of a household and the names she
              knows its people by (schema 4), written from the Huishouden
              page; read-only here: what the partner sent and received
              (outbox, inbox) that shapes a household's regie.

    The file must exist at schema AGENT_STORE_SCHEMA (agent_store_new
    creates and migrates it; open that first). Functions return 0 / -1
    unless said otherwise; pointers handed to callbacks live during the
    call only.
*/
#ifndef AGENT_STORE_WEB_H_INCLUDED
#define AGENT_STORE_WEB_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "agent_store.h"

typedef struct agent_web_store_t agent_web_store_t;

/*  Opens path (created and migrated already). NULL with err.                */
agent_web_store_t *agent_web_store_new (const char *path, char *err, size_t errlen);
void agent_web_store_destroy (agent_web_store_t **self_p);
const char *agent_web_store_error (agent_web_store_t *self);

/* ---- people ------------------------------------------------------------ */

typedef struct {
    const char *name, *role, *hash;
    uint64_t created;
    int failed;                 /* failed logins in a row                    */
    uint64_t locked_until;      /* ms; 0 when not locked                     */
} agent_user_t;

typedef int (agent_user_fn) (void *arg, const agent_user_t *user);

/*  1 added, 0 a user of that name exists, -1 error.                         */
int agent_web_user_add (agent_web_store_t *self, const char *name, const char *role,
                        const char *hash, uint64_t now);
/*  1 found (fn called), 0 not found, -1 error.                              */
int agent_web_user_get (agent_web_store_t *self, const char *name, agent_user_fn *fn, void *arg);
/*  Every user by name; returns the count, or -1.                            */
int agent_web_user_list (agent_web_store_t *self, agent_user_fn *fn, void *arg);
/*  1 removed (with what the user had read), 0 not found, -1 error.          */
int agent_web_user_remove (agent_web_store_t *self, const char *name);
/*  A new hash, and the lock lifted. 1 changed, 0 not found, -1 error.       */
int agent_web_user_passwd (agent_web_store_t *self, const char *name, const char *hash);
/*  Records the outcome of a login: failed logins in a row and the lock.     */
int agent_web_user_logins (agent_web_store_t *self, const char *name, int failed,
                           uint64_t locked_until);
int64_t agent_web_user_count (agent_web_store_t *self);

/* ---- the Postvak --------------------------------------------------------- */

/*  Inbox rows newest first, at most limit, with row->read meaning "read by
    user". Returns the rows visited, or -1.                                  */
int agent_web_inbox (agent_web_store_t *self, const char *user, size_t limit,
                     agent_inbox_fn *fn, void *arg);
/*  One inbox row by the hub's seq, read meaning "read by user": 1 found,
    0 not found, -1 error.                                                    */
int agent_web_inbox_get (agent_web_store_t *self, const char *user, uint64_t seq,
                         agent_inbox_fn *fn, void *arg);
/*  Marks seq read by user (again is harmless).                              */
int agent_web_read_mark (agent_web_store_t *self, const char *user, uint64_t seq, uint64_t now);
/*  Inbox messages user has not read, or -1.                                 */
int64_t agent_web_unread (agent_web_store_t *self, const char *user);

/* ---- the caseload (Mijn huishoudens, Huishouden) ------------------------- */

/*  One message this partner sent that the hub took (receipted).             */
typedef struct {
    int64_t rowid;
    const char *type;
    uint64_t ts, done_at;               /* its envelope's ts; the receipt's  */
    const uint8_t *envelope;
    size_t envelope_len;
} agent_web_sent_t;

typedef int (agent_web_sent_fn) (void *arg, const agent_web_sent_t *row);

/*  The receipted outbox rows of the types that shape a household's regie
    (claim, phase, transfer, release, link, unlink, move, round, round_held,
    agreement, agreement_status), in the order sent. Returns the rows
    visited, or -1.                                                            */
int agent_web_sent (agent_web_store_t *self, agent_web_sent_fn *fn, void *arg);

/*  The inbox rows a household's page shows (signal, notice,
    agreement_accept, agreement_status), oldest first, read meaning "read by
    user". Returns the rows visited, or -1.                                    */
int agent_web_received (agent_web_store_t *self, const char *user, agent_inbox_fn *fn, void *arg);

/*  The label kept for a household (person and/or address; a person's label
    first) and the names kept with it ("" when none). 1 found, 0 none, -1.  */
int agent_web_label_get (agent_web_store_t *self, const uint8_t *person, const uint8_t *address,
                         char *label, size_t labellen, char *names, size_t nameslen);

/*  Labels the household named by person and/or address name, with names,
    replacing its label old (NULL or "" when it had none), in one
    transaction. 1 saved; 0 name is another household's label, or there are
    AGENT_MAX_LABELS already (nothing changed); -1 error.                      */
int agent_web_label_save (agent_web_store_t *self, const char *old, const char *name,
                          const char *names, const uint8_t *person, const uint8_t *address,
                          uint64_t now);

#endif
