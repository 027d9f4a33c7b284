/*  proto_lang.c - the language people read (proto_lang.h).                */
#include "proto_lang.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <czmq.h>

#ifndef PROTO_LOCALEDIR
#define PROTO_LOCALEDIR     "/usr/local/share/locale"
#endif
#define PROTO_LANG_PATH_BYTES   4096
#define PROTO_LANG_CONF_BYTES   (1 << 20)   /* a configuration file to peek at */

static const char *s_names [PROTO_LANG_COUNT] = {
    [PROTO_LANG_NL] = "nl",
    [PROTO_LANG_EN] = "en",
};

static proto_lang_t s_current = PROTO_LANG_NL;

/*  The months as gettext finds them in the catalog.                         */
static const char *s_months [12] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

bool
proto_lang_parse (const char *name, proto_lang_t *lang)
{
    if (!name)
        return false;
    /* "nl", "nl_NL", "nl_BE.UTF-8", "en", "en_GB@euro": the language part   */
    size_t n = strcspn (name, "_.@-");
    for (int i = 0; i < PROTO_LANG_COUNT; i++)
        if (n == strlen (s_names [i]) && strncasecmp (name, s_names [i], n) == 0) {
            *lang = (proto_lang_t) i;
            return true;
        }
    return false;
}

const char *
proto_lang_name (proto_lang_t lang)
{
    return lang >= 0 && lang < PROTO_LANG_COUNT ? s_names [lang] : s_names [PROTO_LANG_NL];
}

/*  The first entry of a LANGUAGE list ("nl:en") that is supported.         */
static bool
s_language_list (const char *list, proto_lang_t *lang)
{
    char entry [64];
    while (list && *list) {
        size_t n = strcspn (list, ":");
        if (n > 0 && n < sizeof entry) {
            memcpy (entry, list, n);
            entry [n] = '\0';
            if (proto_lang_parse (entry, lang))
                return true;
        }
        list += n;
        if (*list == ':')
            list++;
    }
    return false;
}

int
proto_lang_choose (const char *flag, const char *config, proto_lang_t *lang)
{
    if (flag)
        return proto_lang_parse (flag, lang) ? 0 : -1;
    if (s_language_list (getenv ("LANGUAGE"), lang)
    ||  proto_lang_parse (getenv ("LC_ALL"), lang)
    ||  proto_lang_parse (getenv ("LC_MESSAGES"), lang)
    ||  proto_lang_parse (config, lang))
        return 0;
    *lang = PROTO_LANG_NL;
    return 0;
}

int
proto_lang_take_flag (int *argc, char *argv [], const char **flag)
{
    *flag = NULL;
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv [i];
        const char *value = NULL;
        if (strcmp (a, "--lang") == 0) {
            if (i + 1 >= *argc)
                return -1;
            value = argv [++i];
        }
        else
        if (strncmp (a, "--lang=", 7) == 0)
            value = a + 7;
        else {
            argv [out++] = argv [i];
            continue;
        }
        if (*flag)
            return -1;
        *flag = value;
    }
    argv [out] = NULL;
    *argc = out;
    return 0;
}

void
proto_lang_config_peek (const char *path, const char *key, char *out, size_t outlen)
{
    out [0] = '\0';
    struct stat st;
    if (!path || stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > PROTO_LANG_CONF_BYTES)
        return;
    FILE *f = fopen (path, "r");
    if (!f)
        return;
    char *text = (char *) calloc (1, (size_t) st.st_size + 1);
    size_t got = text ? fread (text, 1, (size_t) st.st_size, f) : 0;
    fclose (f);
    zconfig_t *root = text && got == (size_t) st.st_size && !memchr (text, 0, got)
                    ? zconfig_str_load (text) : NULL;
    free (text);
    const char *value = root ? zconfig_get (root, key, NULL) : NULL;
    if (value)
        snprintf (out, outlen, "%s", value);
    zconfig_destroy (&root);
}

/*  The catalogs next to the program (build/locale beside build/regie), or
    the installed ones.                                                      */
static void
s_localedir (char *out, size_t outlen)
{
    char exe [PROTO_LANG_PATH_BYTES - 16];
    ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe [n] = '\0';
        char *slash = strrchr (exe, '/');
        if (slash) {
            *slash = '\0';
            struct stat st;
            snprintf (out, outlen, "%s/locale", exe);
            if (stat (out, &st) == 0 && S_ISDIR (st.st_mode))
                return;
        }
    }
    snprintf (out, outlen, "%s", PROTO_LOCALEDIR);
}

void
proto_lang_setup (proto_lang_t lang, const char *localedir)
{
    s_current = lang >= 0 && lang < PROTO_LANG_COUNT ? lang : PROTO_LANG_NL;
    /* gettext ignores LANGUAGE under the "C" locale: C.UTF-8 is always there */
    const char *locale = setlocale (LC_ALL, "");
    const char *messages = locale ? setlocale (LC_MESSAGES, NULL) : NULL;
    if (!messages || strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0)
        setlocale (LC_ALL, "C.UTF-8");
    /* numbers stay as programs and scripts read them                        */
    setlocale (LC_NUMERIC, "C");
    setenv ("LANGUAGE", s_names [s_current], 1);
    char dir [PROTO_LANG_PATH_BYTES];
    if (localedir)
        snprintf (dir, sizeof dir, "%s", localedir);
    else
        s_localedir (dir, sizeof dir);
    bindtextdomain (PROTO_TEXT_DOMAIN, dir);
    bind_textdomain_codeset (PROTO_TEXT_DOMAIN, "UTF-8");
    textdomain (PROTO_TEXT_DOMAIN);
    const char *tz = getenv ("TZ");
    if (!tz || !*tz)
        setenv ("TZ", PROTO_DEFAULT_TZ, 1);
    tzset ();
}

size_t
proto_lang_columns (const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *) text; p && *p; p++)
        n += (*p & 0xC0) != 0x80;       /* not a continuation byte          */
    return n;
}

size_t
proto_lang_pad (const char *text, size_t columns)
{
    return columns + (text ? strlen (text) : 0) - proto_lang_columns (text);
}

void
proto_lang_switch (proto_lang_t lang)
{
    s_current = lang >= 0 && lang < PROTO_LANG_COUNT ? lang : PROTO_LANG_NL;
    setenv ("LANGUAGE", s_names [s_current], 1);
    /* gettext reads LANGUAGE at every lookup; textdomain tells it that the
       catalogs it found before no longer hold                              */
    textdomain (PROTO_TEXT_DOMAIN);
}

proto_lang_t
proto_lang_current (void)
{
    return s_current;
}

static void
s_local (struct tm *tm, uint64_t ms)
{
    time_t t = (time_t) (ms / 1000);
    if (!localtime_r (&t, tm))
        memset (tm, 0, sizeof *tm);
}

void
proto_lang_date_long (char out [PROTO_LANG_DATE_CHARS], uint64_t ms)
{
    struct tm tm;
    s_local (&tm, ms);
    int mon = tm.tm_mon >= 0 && tm.tm_mon < 12 ? tm.tm_mon : 0;
    snprintf (out, PROTO_LANG_DATE_CHARS, "%d %s %d", tm.tm_mday, _(s_months [mon]),
              tm.tm_year + 1900);
}

void
proto_lang_time_long (char out [PROTO_LANG_DATE_CHARS], uint64_t ms)
{
    struct tm tm;
    char date [PROTO_LANG_DATE_CHARS - 8];
    s_local (&tm, ms);
    int mon = tm.tm_mon >= 0 && tm.tm_mon < 12 ? tm.tm_mon : 0;
    snprintf (date, sizeof date, "%d %s %d", tm.tm_mday % 100, _(s_months [mon]),
              (tm.tm_year + 1900) % 10000);
    snprintf (out, PROTO_LANG_DATE_CHARS, "%s %02d:%02d", date, tm.tm_hour % 100, tm.tm_min % 100);
}

void
proto_lang_date_short (char out [PROTO_LANG_DATE_CHARS], uint64_t ms)
{
    struct tm tm;
    s_local (&tm, ms);
    if (s_current == PROTO_LANG_NL)
        snprintf (out, PROTO_LANG_DATE_CHARS, "%02d-%02d-%04d", tm.tm_mday, tm.tm_mon + 1,
                  tm.tm_year + 1900);
    else
        snprintf (out, PROTO_LANG_DATE_CHARS, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday);
}

const char *
proto_lang_pgettext (const char *ctx, const char *s)
{
    /* the catalog's key for a msgctxt: context, EOT, msgid                  */
    char key [256];
    int n = snprintf (key, sizeof key, "%s\004%s", ctx, s);
    if (n < 0 || (size_t) n >= sizeof key)
        return s;
    const char *t = gettext (key);
    return t == key ? s : t;
}
