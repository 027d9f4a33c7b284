/*  agent_users.h - the people of one partner: `regie user`, and passwords.

    A partner's agent serves many staff members through its web view
    (agent_web.h). Each is a user of this agent with one role within the
    partner: melder (raises signals), intake, casemanager, teamleider,
    beheer (the application manager). `regie user add NAME --role ROLE`,
    `list`, `remove NAME` and `passwd NAME` keep them in agent.db; a
    password is read from standard input (never an argument, which other
    users of the machine could see in the process list) and kept only as
    an Argon2id hash (libsodium's crypto_pwhash_str, interactive limits).
*/
#ifndef AGENT_USERS_H_INCLUDED
#define AGENT_USERS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <sodium.h>

#define AGENT_USER_HASH_BYTES   crypto_pwhash_STRBYTES

/*  1 to AGENT_MAX_USER_BYTES of a-z, 0-9, '.', '-', '_', starting with a
    letter or digit.                                                         */
bool agent_user_name_valid (const char *name);

/*  One of the roles above.                                                  */
bool agent_user_role_valid (const char *role);

/*  The role's word for people, in the reader's language.                   */
const char *agent_user_role_word (const char *role);

/*  Hashes password into out. 0, or -1 (out of memory).                      */
int agent_user_hash (char out [AGENT_USER_HASH_BYTES], const char *password);

/*  Whether password matches hash (constant time in libsodium).              */
bool agent_user_verify (const char *hash, const char *password);

/*  `regie user ...`; returns the exit code.                                 */
int agent_users_cli (int argc, char *argv []);

#endif
