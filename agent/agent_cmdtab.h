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

/*  The option of c a protocol field is typed as ("--not-informed-reason";
    person of link: "--member-bsn"), for errors people read; "" when the
    field is nothing the user types (ts, body, ...) or c is NULL.           */
void agent_cmd_option_label (const agent_cmd_t *c, const char *field, char *out, size_t outlen);

/*  A household's keys (bsn, postcode, number, addition, ref, label).        */
bool agent_cmd_household_key (const char *key);

/*  One line about a message (JSON from agent_json_from_envelope), for
    tables, in the reader's language. Valid until the next call.              */
const char *agent_cmd_summary (json_t *message);

/*  What people call a message type, in the reader's language ("signaal",
    "verslag", ...).                                                         */
const char *agent_cmd_type_word (const char *type);

/*  The word for a protocol code (docs/woordenlijst.md): agreement and
    progress statuses (accepted: "aanvaard", on_track: "lopend"), severities
    (zorg: "concern" in English), match outcomes, the outcomes of an audit
    chain check (BROKEN: "GEBROKEN"); the code itself when it has no word.                                                             */
const char *agent_cmd_code_word (const char *code);

/*  A taxonomy term as people read it, in either language: underscores
    become spaces (sociale_omgeving: "sociale omgeving").                    */
void agent_cmd_term_text (char *out, size_t outlen, const char *term);

/*  Prints `regie NAME --help` in the reader's language. The summaries,
    examples and the options' texts (proto_types.c's field docs) are
    marked N_() where they are defined and translated here.                  */
void agent_cmd_help (const agent_cmd_t *c, FILE *out);

#endif
