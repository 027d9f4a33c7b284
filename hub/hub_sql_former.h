/*  hub_sql_former.h - the former-address window, as SQL, for the store
    modules that decide by it (hub_store_access.c, hub_store_retention.c).
    Include it only from a store module's .c: it is SQL text.

    An audit entry a was written while former ref f was that household's
    when since <= ts < until, so that what happens at the moment of a move
    (the move itself) belongs to the household that moves in. The access
    report and retention decide by this one window, so that what a
    household is shown about itself is what retention removes with it.
*/
#ifndef HUB_SQL_FORMER_H_INCLUDED
#define HUB_SQL_FORMER_H_INCLUDED

#define WHILE_THEIRS    " a.ts >= f.since AND a.ts < f.until"

#endif
