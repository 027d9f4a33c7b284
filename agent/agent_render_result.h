/*  agent_render_result.h - the hub's refusals and receipt notes in the
    reader's words.

    The hub refuses a message with a result code, a reason code and typed
    arguments, and notes what it did with a receipted one as a note code and
    arguments (hub/hub_codes.h; proto/PROTOCOL.md, "Reason codes" and "Note
    codes"); it writes no prose. This module renders both in the language
    set up by proto_lang (Dutch by default), through gettext, with the
    template engine of agent_template.h. Arguments come as JSON (as the
    agent keeps them in agent.db and prints them with --json): texts as
    strings, times as ISO-8601 strings, counts as integers.

    Template arguments: {partner} and {casemanager} (the display name when
    the hub sent one, else the id), {contact}, {team}, {since} {due}
    {until} (dates), {at} (date and time), {held} (the date of at),
    {count} {number} {days} {seconds}, {status} {outcome} (the words of
    docs/woordenlijst.md), {phase} {from_phase} {basis} {ref} {type}
    {roles} (terms, underscores as spaces), {field} (the option as typed
    when the caller knows the mapping).

    A code this program does not know renders a readable fallback naming the
    code and the result code's sentence; an argument the hub did not send
    renders as "?".
*/
#ifndef AGENT_RENDER_RESULT_H_INCLUDED
#define AGENT_RENDER_RESULT_H_INCLUDED

#include <stddef.h>
#include <stdbool.h>
#include <jansson.h>

#define AGENT_RESULT_BYTES  1024    /* room for any rendered refusal or note */

/*  The refusal in words into out: err is the JSON form of an error
    ({code, name, reason_code, args, field}; a kept v1 refusal has reason
    instead, shown as it was stored). option, when not NULL or empty, is the
    option the user typed for field (the CLI's mapping) and is named instead
    of the field. Returns false when reason_code is unknown (fallback).      */
bool agent_render_error (const json_t *err, const char *option, char *out, size_t outlen);

/*  The note in words into out (empty for no note). Returns false when code
    is unknown (out holds the fallback).                                     */
bool agent_render_note (const char *code, const json_t *args, char *out, size_t outlen);

/*  The codes this program renders, for tests: the nth, or NULL past the end. */
const char *agent_render_reason_name (size_t n);
const char *agent_render_note_name (size_t n);

#endif
