/*  agent_cmdtab.h - the table of partner commands.

    Each command is named for the person using it and maps to one message
    type of proto_types.c (or is answered by the agent itself). Its options
    are the type's body fields (option --not-informed-reason = field
    not_informed_reason), the household options when the type has a subject,
    and a few extras; so a new field in the protocol is a new option here
    without code. The same names are the keys of a JSON request.
*/
#ifndef AGENT_CMDTAB_H_INCLUDED
#define AGENT_CMDTAB_H_INCLUDED

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include "proto_types.h"

typedef struct {
    const char *name;           /* "signal"                                  */
    const char *type;           /* message type, or NULL: answered locally   */
    const char *summary;
    const char *example;
    const char *fixed_key;      /* a body field this command sets itself     */
    const char *fixed_value;
    const char *extras;         /* extra keys, space-separated               */
    const char *positional;     /* key of the one positional argument, or NULL */
    const char *bools;          /* extra keys that are flags                 */
} agent_cmd_t;

const agent_cmd_t *agent_cmd_find (const char *name);
const agent_cmd_t *agent_cmd_all (size_t *count);

/*  Whether key may appear in a request for c.                               */
bool agent_cmd_key_allowed (const agent_cmd_t *c, const char *key);
/*  Whether key is a yes/no option of c (its value may be left out).         */
bool agent_cmd_key_is_bool (const agent_cmd_t *c, const char *key);

/*  A household's keys (bsn, postcode, number, addition, ref, label).        */
bool agent_cmd_household_key (const char *key);

/*  One line about a message (JSON from agent_json_from_envelope), for
    tables. Valid until the next call.                                        */
const char *agent_cmd_summary (json_t *message);

/*  Dutch domain word for a message type ("signaal", "verslag", ...).        */
const char *agent_cmd_type_word (const char *type);

/*  Prints `regie NAME --help`.                                              */
void agent_cmd_help (const agent_cmd_t *c, FILE *out);

#endif
