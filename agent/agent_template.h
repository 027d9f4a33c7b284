/*  agent_template.h - fills a translated template's {arguments}.

    The hub sends codes and typed arguments; the agent renders them through
    gettext into templates that name their arguments in braces ("Round
    {number} on {at}"). The notices (agent_render.h) and the refusals and
    receipt notes (agent_render_result.h) share this small engine: a bounded
    output buffer that cuts where it ends, and a filler that hands each
    {name} to the caller's function, which writes the argument's value.
*/
#ifndef AGENT_TEMPLATE_H_INCLUDED
#define AGENT_TEMPLATE_H_INCLUDED

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

/*  Output into a caller's buffer, always terminated, cut where it ends.     */
typedef struct {
    char *out;
    size_t size, len;
} agent_buf_t;

void agent_buf_init (agent_buf_t *b, char *out, size_t size);
void agent_buf_put (agent_buf_t *b, const char *s, size_t n);
void agent_buf_puts (agent_buf_t *b, const char *s);
/*  A term of the hub's lists, underscores as spaces.                        */
void agent_buf_term (agent_buf_t *b, const char *term);
/*  The ISO-8601 time iso as a Dutch (or English) date, with the time of day
    when with_time; "?" when iso is NULL or not a time.                      */
void agent_buf_time (agent_buf_t *b, const char *iso, bool with_time);

/*  Writes the value of argument name (len bytes, not terminated).          */
typedef void (agent_template_arg_fn) (agent_buf_t *b, void *ctx, const char *name, size_t len);

/*  template with each {name} replaced through fn.                           */
void agent_template_fill (agent_buf_t *b, const char *template, agent_template_arg_fn *fn,
                          void *ctx);

/*  The text of key in object, or NULL when absent or empty.                 */
const char *agent_template_str (const json_t *object, const char *key);

#endif
