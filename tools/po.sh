#!/bin/sh
# The text catalogs (see Makefile, "The texts people read").
#   tools/po.sh pot OUT.pot SOURCE...      the texts of the sources (C, and
#                                          the shell scripts people read)
#   tools/po.sh check LANG.po POT OUT.mo   fails when a text of POT has no
#                                          translation in LANG.po or a fuzzy
#                                          one, or a format does not match;
#                                          else builds OUT.mo
#   tools/po.sh update LANG.po POT LANG    merges new texts into LANG.po
#                                          (English: filled with the msgids)
set -e
what=$1; shift
case $what in
pot)
    out=$1; shift
    c=""; sh=""
    for f in "$@"; do case $f in *.sh) sh="$sh $f" ;; *) c="$c $f" ;; esac; done
    # shellcheck disable=SC2086
    xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
        --keyword=ngettext:1,2 --keyword=NP_:1,2 --keyword=C_:1c,2 --keyword=NC_:1c,2 --add-comments=TRANSLATORS: --sort-output --add-location=file \
        --package-name=regiehub --msgid-bugs-address=regiehub \
        --no-wrap -o "$out.tmp" $c
    # the shell scripts people read (the demo's story): its say, note and
    # fail lines and eval_gettext, joined into the same catalog
    # shellcheck disable=SC2086
    [ -z "$sh" ] || xgettext --from-code=UTF-8 --language=Shell --keyword=say --keyword=note \
        --keyword=fail --keyword=eval_gettext --add-comments=TRANSLATORS: --sort-output \
        --add-location=file --join-existing --no-wrap -o "$out.tmp" $sh
    # the header's creation date changes on every run: keep it stable
    sed -i '/^"POT-Creation-Date:/d' "$out.tmp"
    if [ -f "$out" ] && cmp -s "$out" "$out.tmp"; then rm -f "$out.tmp"; else mv "$out.tmp" "$out"; fi
    ;;
check)
    po=$1; pot=$2; out=$3
    if ! msgcmp "$po" "$pot" 2>"$out.why"; then
        echo "po: $po lacks a translation of a text of the sources (run 'make po' and translate):" >&2
        sed 's/^/    /' "$out.why" | head -40 >&2
        rm -f "$out.why"
        exit 1
    fi
    rm -f "$out.why"
    stats=$(LC_ALL=C msgfmt --check --statistics -o "$out" "$po" 2>&1)
    case $stats in
    *fuzzy*|*untranslated*)
        echo "po: $po: $stats (every text must be translated, none fuzzy)" >&2
        rm -f "$out"
        exit 1;;
    esac
    ;;
update)
    po=$1; pot=$2; lang=$3
    if [ ! -f "$po" ]; then
        msginit --no-translator --no-wrap --locale="$lang.UTF-8" -i "$pot" -o "$po"
        sed -i "s/charset=[A-Za-z0-9-]*/charset=UTF-8/" "$po"
    else
        msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none "$po" "$pot"
        # texts the sources no longer have go (git keeps them)
        msgattrib --no-wrap --no-obsolete -o "$po.tmp" "$po" && mv "$po.tmp" "$po"
    fi
    if [ "$lang" = en ]; then
        # English is the sources' own text: nothing there to review
        msgen --no-wrap "$po" | msgattrib --no-wrap --clear-fuzzy --no-obsolete -o "$po.tmp" \
            && mv "$po.tmp" "$po"
    fi
    ;;
*)
    echo "usage: tools/po.sh pot|check|update ..." >&2; exit 2;;
esac
