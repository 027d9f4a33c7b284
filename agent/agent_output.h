/*  agent_output.h - what people read: dates in the reader's form, aligned
    tables.

    Dates come in from the command line as YYYY-MM-DD or DD-MM-YYYY, with a
    time YYYY-MM-DDTHH:MM, YYYY-MM-DD HH:MM or DD-MM-YYYY HH:MM, read as
    local time (ISO-8601 with an offset or Z is taken too). They go out in
    the reader's language (proto_lang.h): "7 december 2026 14:00" in
    running text, "07-12-2026 14:00" in tables ("2026-12-07 14:00" in
    English), and as ISO-8601 with the local offset
    ("2026-12-07T14:00:00+01:00") in JSON, whatever the language. Tables
    size their columns to the widest cell, counting UTF-8 characters rather
    than bytes, and cut cells wider than their column's maximum with an
    ellipsis.
*/
#ifndef AGENT_OUTPUT_H_INCLUDED
#define AGENT_OUTPUT_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "proto_lang.h"

#define AGENT_TIME_CHARS    PROTO_LANG_DATE_CHARS   /* room for any formatted time */

/*  Parses a local date or date and time, or ISO-8601 with an offset or Z,
    into ms since 1970 UTC. -1 with err on anything else or out of range.  */
int agent_time_parse (const char *text, uint64_t *ms, char *err, size_t errlen);

/*  For people, local time, in the reader's language: "7 december 2026
    14:00" and "7 december 2026" in text; "07-12-2026 14:00" and
    "07-12-2026" where room is short (tables).                               */
void agent_time_human (char out [AGENT_TIME_CHARS], uint64_t ms);
void agent_date_human (char out [AGENT_TIME_CHARS], uint64_t ms);
void agent_time_short (char out [AGENT_TIME_CHARS], uint64_t ms);
void agent_date_short (char out [AGENT_TIME_CHARS], uint64_t ms);
/*  "2025-03-01T10:12:00+01:00" (local, with offset).                        */
void agent_time_iso (char out [AGENT_TIME_CHARS], uint64_t ms);

/*  Characters (not bytes) in a UTF-8 string.                                */
size_t agent_utf8_width (const char *s);

typedef struct agent_table_t agent_table_t;

/*  A table with ncols columns; headers as given (copied).                   */
agent_table_t *agent_table_new (size_t ncols, const char *const *headers);
void agent_table_destroy (agent_table_t **self_p);
/*  Caps a column at max characters (0 = no cap).                            */
void agent_table_max (agent_table_t *self, size_t col, size_t max);
/*  Adds a row of ncols cells (copied; NULL = empty). 0 / -1.                */
int agent_table_add (agent_table_t *self, const char *const *cells);
size_t agent_table_rows (const agent_table_t *self);
/*  Prints header, then rows, two spaces between columns, indented by indent. */
void agent_table_print (agent_table_t *self, FILE *out, size_t indent);

/*  Copies s into out, cut to at most max characters with a final "…";
    newlines and tabs become spaces.                                         */
void agent_text_cut (char *out, size_t outlen, const char *s, size_t max);

#endif
