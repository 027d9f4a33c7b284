/*  agent_template.c - fills a template's {arguments} (agent_template.h).   */
#include "agent_template.h"
#include "agent_output.h"
#include "proto_lang.h"
#include <stdio.h>
#include <string.h>

void
agent_buf_init (agent_buf_t *b, char *out, size_t size)
{
    b->out = out;
    b->size = size;
    b->len = 0;
    if (size)
        out [0] = '\0';
}

void
agent_buf_put (agent_buf_t *b, const char *s, size_t n)
{
    if (b->len + 1 >= b->size)
        return;
    size_t room = b->size - 1 - b->len;
    if (n > room)
        n = room;
    memcpy (b->out + b->len, s, n);
    b->len += n;
    b->out [b->len] = '\0';
}

void
agent_buf_puts (agent_buf_t *b, const char *s)
{
    agent_buf_put (b, s, strlen (s));
}

void
agent_buf_term (agent_buf_t *b, const char *term)
{
    for (const char *p = term; *p; p++)
        agent_buf_put (b, *p == '_' ? " " : p, 1);
}

void
agent_buf_time (agent_buf_t *b, const char *iso, bool with_time)
{
    uint64_t ms = 0;
    char err [64], out [PROTO_LANG_DATE_CHARS];
    if (!iso || agent_time_parse (iso, &ms, err, sizeof err) != 0) {
        agent_buf_puts (b, "?");
        return;
    }
    if (with_time)
        proto_lang_time_long (out, ms);
    else
        proto_lang_date_long (out, ms);
    agent_buf_puts (b, out);
}

void
agent_template_fill (agent_buf_t *b, const char *template, agent_template_arg_fn *fn, void *ctx)
{
    for (const char *p = template; *p; ) {
        const char *open = strchr (p, '{');
        const char *close = open ? strchr (open, '}') : NULL;
        if (!open || !close) {
            agent_buf_puts (b, p);
            return;
        }
        agent_buf_put (b, p, (size_t) (open - p));
        fn (b, ctx, open + 1, (size_t) (close - open - 1));
        p = close + 1;
    }
}

const char *
agent_template_str (const json_t *object, const char *key)
{
    const json_t *v = json_object_get (object, key);
    return json_is_string (v) && json_string_length (v) ? json_string_value (v) : NULL;
}
