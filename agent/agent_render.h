/*  agent_render.h - the hub's notices in the reader's words.

    The hub sends a notice as a kind and typed arguments, never as prose
    (proto/PROTOCOL.md, "notice"); this module turns one into a sentence in
    the language set up by proto_lang (Dutch by default), through gettext.
    Each kind has one or more templates in a table: the first whose needed
    argument is present is used. A template names its arguments in braces:

      {count} {number}             numbers
      {due} {from} {until}         dates ("7 december 2026")
      {at}                         a date and time ("7 december 2026 14:00")
      {team} {other_team}          team ids
      {by}                         who acted (by_name, else by)
      {partner} {contact}          the first partners record's name, contact
      {partners}                   every record's name, "a, b en c"
      {ref}                        "gezinslid" or "adres" (the ref it is about)
      {phase} {basis} {leefgebied} {signal_kind} {place}
                                   the hub's terms and lines, underscores as
                                   spaces
      {text}                       what a person wrote, as written

    An argument that is absent renders as "?" (a template whose argument
    the hub did not send is a mismatch worth seeing, not a crash). A kind
    this program does not know renders as a readable fallback naming the
    kind, with the notice's text when it has one.

    Input is the JSON form of the body (agent_json): times as ISO-8601
    strings, ids as hex, numbers as integers.
*/
#ifndef AGENT_RENDER_H_INCLUDED
#define AGENT_RENDER_H_INCLUDED

#include <stddef.h>
#include <stdbool.h>
#include <jansson.h>

#define AGENT_RENDER_BYTES  2048    /* room for any rendered notice          */

/*  The notice body in the reader's words, into out (always terminated).
    Returns false when the kind is not one this program knows (out then
    holds the fallback).                                                     */
bool agent_render_notice (const json_t *body, char *out, size_t outlen);

/*  The kinds this program renders, for tests: the nth kind's name, or NULL
    past the end.                                                            */
const char *agent_render_kind (size_t n);

#endif
