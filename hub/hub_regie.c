/*  hub_regie.c - the helpers the workflows share: refusals, receipt notes,
    dates and working days, a partner's contact (see hub_regie.h). The regie
    workflows themselves are one file per job, listed there.                */
#include "hub_regie.h"
#include <time.h>

proto_args_t *
hub_refuse (hub_msg_t *msg, hub_reason_t reason)
{
    const hub_code_t *c = hub_reason_code (reason);
    msg->refuse = c->result;
    msg->reason_code = c->term;
    proto_args_init (&msg->args);
    return &msg->args;
}

proto_args_t *
hub_note (hub_msg_t *msg, hub_note_t note)
{
    snprintf (msg->item->note, sizeof msg->item->note, "%s", hub_note_code (note)->term);
    proto_args_init (&msg->item->note_args);
    return &msg->item->note_args;
}

void
hub_args_partner (hub_t *hub, proto_args_t *args, proto_arg_key_t key, const char *partner,
                  bool with_contact)
{
    const hub_partner_t *p = hub_partners_by_id (hub->partners, partner);
    proto_args_str (args, key, partner);
    if (p) {
        proto_args_str (args, PROTO_ARG_NAME, p->cert.name);
        if (with_contact)
            proto_args_str (args, PROTO_ARG_CONTACT, p->cert.contact);
    }
}

void
hub_date (char *out, size_t outlen, uint64_t ms)
{
    time_t t = (time_t) (ms / 1000);
    struct tm tm;
    localtime_r (&t, &tm);
    strftime (out, outlen, "%Y-%m-%d", &tm);
}

uint64_t
hub_working_days (uint64_t now, unsigned n)
{
    uint64_t t = now;
    while (n > 0) {
        t += HUB_DAY_MS;
        time_t secs = (time_t) (t / 1000);
        struct tm tm;
        gmtime_r (&secs, &tm);
        if (tm.tm_wday != 0 && tm.tm_wday != 6)
            n--;
    }
    return t;
}

void
hub_contact (hub_t *hub, const char *partner, char *out, size_t outlen)
{
    const hub_partner_t *p = hub_partners_by_id (hub->partners, partner);
    snprintf (out, outlen, "%s%s%s", p ? p->cert.name : partner,
              p && p->cert.contact [0] ? ", " : "", p ? p->cert.contact : "");
    proto_utf8_truncate (out, outlen - 1);
}
