/*  hub_access.h - the access report (inzage) for one household.

    A household may ask who knows what about it. The report lists, from the
    audit log, every partner that sent, received or looked up something
    about the household: what kind of thing and when - never another
    partner's text, which the audit log never held. Which entries belong to
    the household is hub_store_access's to find; this module turns them
    into rows a person can read.
*/
#ifndef HUB_ACCESS_H_INCLUDED
#define HUB_ACCESS_H_INCLUDED

#include <stdio.h>
#include <jansson.h>
#include "hub.h"

/*  The access report for the household that ref (person or address) belongs
    to, as a JSON array of {ts, partner, action, result, object}; each
    receiver of a message gets a row of its own, with from (the sender) and
    action "received TYPE", whether the audit log names it in the message's
    entry ("stored; to a, b") or in an entry of its own ("to a"). A ref of
    no household finds what was said about that ref alone (an empty array
    for a ref the hub never saw); NULL on a store error.                      */
json_t *hub_access_report (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES]);

/*  The report's rows as a table for a person, in the current language
    (proto_lang.h): when, who (by name, with the partner id, when partners
    admits it), what was done and what came of it, in words; an action or a
    result the report does not know is shown as the audit log holds it.    */
void hub_access_print (FILE *out, json_t *rows, const hub_partners_t *partners);

#endif
