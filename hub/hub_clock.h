/*  hub_clock.h - the hub's notion of now, injectable for tests.

    Production reads the wall clock. With a clock file configured, now is
    the wall clock plus the milliseconds written in that file, so that tests
    and the demo can move a running hub through months in seconds; the file
    is re-read by hub_clock_refresh (every timer tick), never on the hot path.
*/
#ifndef HUB_CLOCK_H_INCLUDED
#define HUB_CLOCK_H_INCLUDED

#include <stdint.h>

#define HUB_CLOCK_MAX_OFFSET_MS  (100ULL * 365 * 24 * 3600 * 1000)

typedef struct hub_clock_t hub_clock_t;

/*  file may be NULL or "" for the wall clock.                               */
hub_clock_t *hub_clock_new (const char *file);
void hub_clock_destroy (hub_clock_t **self_p);
/*  Re-reads the offset file. A missing, unreadable or malformed file keeps
    the last good offset (0 at start).                                        */
void hub_clock_refresh (hub_clock_t *self);
uint64_t hub_clock_now (const hub_clock_t *self);

#endif
