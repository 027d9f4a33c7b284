/*  hub_regie.c - the helpers the workflows share: refusals, receipt notes,
    dates and working days, a partner's contact (see hub_regie.h). The regie
    workflows themselves are one file per job, listed there.                */
#include "hub_regie.h"
#include <time.h>

void
hub_refuse (hub_msg_t *msg, proto_result_t code, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    msg->refuse = code;
    vsnprintf (msg->reason, sizeof msg->reason, fmt, ap);
    va_end (ap);
    proto_utf8_truncate (msg->reason, HUB_MAX_REASON);
}

void
hub_note (hub_msg_t *msg, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (msg->item->note, sizeof msg->item->note, fmt, ap);
    va_end (ap);
    proto_utf8_truncate (msg->item->note, PROTO_MAX_NOTE_BYTES);
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
