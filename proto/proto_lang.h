/*  proto_lang.h - the language people read, and how dates are written in it.

    Both programs speak to people: regie to a partner's staff, regiehub to
    the municipality's functional administrator. Every text a person reads
    goes through GNU gettext (text domain "regiehub"; msgids are English,
    po/nl.po holds the Dutch); JSON output stays language-neutral. Dutch is
    the default. The language is chosen once, at start, in this order:

      1. --lang on the command line
      2. the environment: LANGUAGE (its first supported entry), then
         LC_ALL, then LC_MESSAGES, when one names a supported language
      3. the configuration's `language` (agent.conf, hub.conf)
      4. nl

    LANG alone does not choose: it is the machine's general default (often
    C.UTF-8 or en_US.UTF-8 on a server) and says nothing about who reads.
    gettext is then pointed at the chosen catalog whatever locales the
    machine has installed (C.UTF-8 is enough).

    Times are shown in Europe/Amsterdam unless TZ says otherwise, in the
    reader's form: "7 december 2026 14:00" and "07-12-2026" in Dutch,
    "7 December 2026 14:00" and "2026-12-07" in English.

    This lives in proto/ because both programs link it and because the
    protocol's codes (notice kinds, error codes, reasons) are rendered into
    words by both.
*/
#ifndef PROTO_LANG_H_INCLUDED
#define PROTO_LANG_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libintl.h>

#define PROTO_TEXT_DOMAIN       "regiehub"
#define PROTO_DEFAULT_TZ        "Europe/Amsterdam"
#define PROTO_LANG_DATE_CHARS   48      /* room for any date written here    */

/*  A text to translate now, and one to translate where it is used.          */
#define _(s)        gettext (s)
#define N_(s)       (s)
/*  A singular and plural pair for ngettext, marked where it is defined.    */
#define NP_(one, more)  (one), (more)
/*  A text with a context (pgettext), for one English word with two Dutch
    renderings: C_("referral", "accepted") is "geaccepteerd", an agreement's
    "accepted" is "aanvaard".                                                 */
#define C_(ctx, s)  proto_lang_pgettext (ctx "\004" s, s)
static inline const char *
proto_lang_pgettext (const char *ctx_id, const char *s)
{
    const char *t = gettext (ctx_id);
    return t == ctx_id ? s : t;
}

typedef enum {
    PROTO_LANG_NL,
    PROTO_LANG_EN,
    PROTO_LANG_COUNT
} proto_lang_t;

/*  The language name (or a locale such as "nl_NL.UTF-8", "en_GB") names:
    true and *lang set, false for anything else (NULL included).             */
bool proto_lang_parse (const char *name, proto_lang_t *lang);

/*  "nl" or "en".                                                            */
const char *proto_lang_name (proto_lang_t lang);

/*  The language to use by the order above; flag and config may be NULL.
    A flag that names no supported language is refused: -1 (the caller
    says so; nothing is set up). 0 and *lang otherwise.                     */
int proto_lang_choose (const char *flag, const char *config, proto_lang_t *lang);

/*  Takes "--lang X" (or "--lang=X") out of argv, wherever it stands, so
    that the commands never see it: *flag is X (NULL when absent). -1 when
    --lang has no value or is given twice.                                   */
int proto_lang_take_flag (int *argc, char *argv [], const char **flag);

/*  The language a configuration file names at key ("agent/language"),
    copied into out; "" when the file or the key is absent or unreadable
    (the program's own loader reports a broken file).                       */
void proto_lang_config_peek (const char *path, const char *key, char *out, size_t outlen);

/*  Sets up gettext for lang (catalogs from localedir, or NULL for the
    catalogs next to the program in the build tree, else the installed
    ones) and the time zone. Call once, before any text is read.            */
void proto_lang_setup (proto_lang_t lang, const char *localedir);

/*  The columns a UTF-8 text takes on a terminal (one per character), for
    tables: printf pads by bytes, so pad a translated cell to w columns with
    "%-*s", (int) proto_lang_pad (text, w), text.                           */
size_t proto_lang_columns (const char *text);
size_t proto_lang_pad (const char *text, size_t columns);

/*  Changes the language of the texts from here on (gettext's catalog and
    the date forms), after proto_lang_setup, and nothing else: for a daemon
    whose only reader, once it serves, is its log. Safe beside threads that
    neither read the environment nor translate.                             */
void proto_lang_switch (proto_lang_t lang);

/*  The language set up (PROTO_LANG_NL before any setup).                    */
proto_lang_t proto_lang_current (void);

/*  Dates for people in the current language, local time (see above).
    long: "7 december 2026 14:00"; date: "7 december 2026";
    short: "07-12-2026".                                                     */
void proto_lang_time_long (char out [PROTO_LANG_DATE_CHARS], uint64_t ms);
void proto_lang_date_long (char out [PROTO_LANG_DATE_CHARS], uint64_t ms);
void proto_lang_date_short (char out [PROTO_LANG_DATE_CHARS], uint64_t ms);

#endif
