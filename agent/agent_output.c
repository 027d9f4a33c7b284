/*  agent_output.c - local dates and aligned tables. See agent_output.h.    */
#include "agent_output.h"
#include "proto_limits.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_MS_PER_S      1000
#define S_S_PER_MIN     60
#define S_MIN_PER_H     60
#define S_ELLIPSIS      "\xe2\x80\xa6"

static bool
s_digits (const char *p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p [i] < '0' || p [i] > '9')
            return false;
        v = v * 10 + (p [i] - '0');
    }
    *value = v;
    return true;
}

static int
s_days_in_month (int year, int month)
{
    static const int days [] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return days [month - 1];
}

/*  "text" is not a date, in the reader's words.                             */
static void
s_not_a_date (const char *text, char *err, size_t errlen)
{
    /* TRANSLATORS: YYYY-MM-DD etc. are the forms a date may be typed in;
       put the reader's own form first (07-12-2026 in Dutch)               */
    snprintf (err, errlen, _("\"%.*s\" is not a date: write YYYY-MM-DD or DD-MM-YYYY, with a "
                             "time YYYY-MM-DD HH:MM"), AGENT_TIME_CHARS, text);
}

int
agent_time_parse (const char *text, uint64_t *ms, char *err, size_t errlen)
{
    size_t len = strnlen (text, AGENT_TIME_CHARS + 1);
    int year, month, day, hour = 0, minute = 0, second = 0;
    /* the Dutch form 07-12-2026, or ISO 2026-12-07                          */
    bool dutch = len >= 10 && text [2] == '-' && text [5] == '-';
    if (len < 10 || len > AGENT_TIME_CHARS
    ||  (dutch && (!s_digits (text, 2, &day) || !s_digits (text + 3, 2, &month)
                   || !s_digits (text + 6, 4, &year)))
    ||  (!dutch && (!s_digits (text, 4, &year) || text [4] != '-'
                    || !s_digits (text + 5, 2, &month) || text [7] != '-'
                    || !s_digits (text + 8, 2, &day)))) {
        s_not_a_date (text, err, errlen);
        return -1;
    }
    const char *p = text + 10;
    bool has_offset = false, utc = false;
    int offset_min = 0;
    if (*p == 'T' || *p == ' ') {
        if (!s_digits (p + 1, 2, &hour) || p [3] != ':' || !s_digits (p + 4, 2, &minute)) {
            s_not_a_date (text, err, errlen);
            return -1;
        }
        p += 6;
        if (*p == ':') {
            if (!s_digits (p + 1, 2, &second)) {
                s_not_a_date (text, err, errlen);
                return -1;
            }
            p += 3;
        }
        if (*p == 'Z' && !dutch) {
            utc = has_offset = true;
            p++;
        }
        else
        if ((*p == '+' || *p == '-') && !dutch) {
            int oh, om;
            int sign = *p == '-' ? -1 : 1;
            if (!s_digits (p + 1, 2, &oh) || p [3] != ':' || !s_digits (p + 4, 2, &om)
            ||  oh > 14 || om > 59) {
                snprintf (err, errlen, _("\"%.*s\" has a bad UTC offset"), AGENT_TIME_CHARS, text);
                return -1;
            }
            offset_min = sign * (oh * S_MIN_PER_H + om);
            has_offset = true;
            p += 6;
        }
    }
    if (*p) {
        s_not_a_date (text, err, errlen);
        return -1;
    }
    if (month < 1 || month > 12 || day < 1 || day > s_days_in_month (year, month)
    ||  hour > 23 || minute > 59 || second > 59) {
        snprintf (err, errlen, _("\"%.*s\" is not a real date or time"), AGENT_TIME_CHARS, text);
        return -1;
    }
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    time_t t;
    if (has_offset) {
        t = timegm (&tm);
        if (!utc)
            t -= (time_t) offset_min * S_S_PER_MIN;
    }
    else
        t = mktime (&tm);
    if (t == (time_t) -1 || t < 0
    ||  (uint64_t) t * S_MS_PER_S < PROTO_TIME_MIN_MS
    ||  (uint64_t) t * S_MS_PER_S > PROTO_TIME_MAX_MS) {
        snprintf (err, errlen, _("\"%.*s\" is outside 2020-2099"), AGENT_TIME_CHARS, text);
        return -1;
    }
    *ms = (uint64_t) t * S_MS_PER_S;
    return 0;
}

static void
s_local (struct tm *tm, uint64_t ms)
{
    time_t t = (time_t) (ms / S_MS_PER_S);
    localtime_r (&t, tm);
}

void
agent_time_human (char out [AGENT_TIME_CHARS], uint64_t ms)
{
    proto_lang_time_long (out, ms);
}

void
agent_date_human (char out [AGENT_TIME_CHARS], uint64_t ms)
{
    proto_lang_date_long (out, ms);
}

void
agent_date_short (char out [AGENT_TIME_CHARS], uint64_t ms)
{
    proto_lang_date_short (out, ms);
}

void
agent_time_short (char out [AGENT_TIME_CHARS], uint64_t ms)
{
    char date [AGENT_TIME_CHARS];
    struct tm tm;
    proto_lang_date_short (date, ms);
    s_local (&tm, ms);
    snprintf (out, AGENT_TIME_CHARS, "%.16s %02d:%02d", date, tm.tm_hour % 100, tm.tm_min % 100);
}

void
agent_time_iso (char out [AGENT_TIME_CHARS], uint64_t ms)
{
    struct tm tm;
    s_local (&tm, ms);
    char zone [8];
    strftime (zone, sizeof zone, "%z", &tm);    /* +0100 */
    char base [AGENT_TIME_CHARS - 8];
    strftime (base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    if (strlen (zone) == 5)
        snprintf (out, AGENT_TIME_CHARS, "%.20s%.3s:%.2s", base, zone, zone + 3);
    else
        snprintf (out, AGENT_TIME_CHARS, "%.20sZ", base);
}

size_t
agent_utf8_width (const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char) *s & 0xC0) != 0x80)
            n++;
    return n;
}

void
agent_text_cut (char *out, size_t outlen, const char *s, size_t max)
{
    size_t used = 0, chars = 0;
    size_t total = agent_utf8_width (s);
    if (outlen == 0)
        return;
    for (const char *p = s; *p; ) {
        size_t n = 1;
        while (p [n] && ((unsigned char) p [n] & 0xC0) == 0x80)
            n++;
        if (max && total > max && chars + 1 >= max)
            break;
        if (used + n + sizeof S_ELLIPSIS >= outlen)
            break;
        if (*p == '\n' || *p == '\t' || *p == '\r')
            out [used++] = ' ';
        else {
            memcpy (out + used, p, n);
            used += n;
        }
        chars++;
        p += n;
    }
    if (chars < total) {
        memcpy (out + used, S_ELLIPSIS, sizeof S_ELLIPSIS - 1);
        used += sizeof S_ELLIPSIS - 1;
    }
    out [used] = 0;
}

struct agent_table_t {
    size_t ncols, nrows, cap;
    char **cells;               /* (nrows + 1) * ncols: header first         */
    size_t *max;
};

agent_table_t *
agent_table_new (size_t ncols, const char *const *headers)
{
    agent_table_t *self = (agent_table_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->ncols = ncols;
    self->max = (size_t *) calloc (ncols, sizeof (size_t));
    if (!self->max || agent_table_add (self, headers)) {
        agent_table_destroy (&self);
        return NULL;
    }
    self->nrows = 0;
    return self;
}

void
agent_table_destroy (agent_table_t **self_p)
{
    if (self_p && *self_p) {
        agent_table_t *self = *self_p;
        for (size_t i = 0; i < self->cap * self->ncols && self->cells; i++)
            free (self->cells [i]);
        free (self->cells);
        free (self->max);
        free (self);
        *self_p = NULL;
    }
}

void
agent_table_max (agent_table_t *self, size_t col, size_t max)
{
    if (col < self->ncols)
        self->max [col] = max;
}

int
agent_table_add (agent_table_t *self, const char *const *cells)
{
    size_t row = self->cells ? self->nrows + 1 : 0;     /* header is row 0 */
    if (row >= self->cap) {
        size_t cap = self->cap ? self->cap * 2 : 8;
        char **grown = (char **) realloc (self->cells, cap * self->ncols * sizeof (char *));
        if (!grown)
            return -1;
        memset (grown + self->cap * self->ncols, 0, (cap - self->cap) * self->ncols * sizeof (char *));
        self->cells = grown;
        self->cap = cap;
    }
    for (size_t c = 0; c < self->ncols; c++) {
        self->cells [row * self->ncols + c] = strdup (cells [c] ? cells [c] : "");
        if (!self->cells [row * self->ncols + c])
            return -1;
    }
    if (row > 0)
        self->nrows++;
    return 0;
}

size_t
agent_table_rows (const agent_table_t *self)
{
    return self->nrows;
}

void
agent_table_print (agent_table_t *self, FILE *out, size_t indent)
{
    size_t *w = (size_t *) calloc (self->ncols, sizeof (size_t));
    if (!w)
        return;
    for (size_t r = 0; r <= self->nrows; r++)
        for (size_t c = 0; c < self->ncols; c++) {
            size_t n = agent_utf8_width (self->cells [r * self->ncols + c]);
            if (self->max [c] && n > self->max [c])
                n = self->max [c];
            if (n > w [c])
                w [c] = n;
        }
    for (size_t r = 0; r <= self->nrows; r++) {
        fprintf (out, "%*s", (int) indent, "");
        for (size_t c = 0; c < self->ncols; c++) {
            char cell [4096];
            agent_text_cut (cell, sizeof cell, self->cells [r * self->ncols + c], self->max [c]);
            bool last = c + 1 == self->ncols;
            size_t n = agent_utf8_width (cell);
            fputs (cell, out);
            if (!last)
                fprintf (out, "%*s", (int) (w [c] - n + 2), "");
        }
        fputc ('\n', out);
    }
    free (w);
}
