#!/bin/sh
# The demo is a test too: it plays the whole story through the real
# programs and must end with every step as the story says - in Dutch by
# default, and in English when asked, each without the other language's
# program text.
. "$(dirname "$0")/lib.sh"
t_setup

# what the programs and the story said: without the commands as typed and
# the commands they point to ("(regie progress)"), whose words are those of
# the command line, and whose arguments hold what a person wrote in Dutch
said () { printf '%s\n' "$1" | grep -v '\]\$ regie ' | sed 's/(regie [^)]*)//g'; }

# program phrases of one language that the other's text never needs
EN_WORDS=' the | and | with |[Ss]tored|[Rr]eceived|[Hh]ousehold|[Aa]greement |[Aa]greements|[Rr]efused|REFUSED|[Rr]eminder|OVERDUE|STAGNATION|URGENT|You hold|Escalation|Minutes|[Cc]oordination round|[Ss]etting up|The story|[Pp]artners: each'
NL_WORDS=' het | een | van | naar | is geen |[Oo]pgeslagen|[Oo]ntvangen|[Hh]uishouden|[Aa]fspraak|[Aa]anvaard|[Vv]oorgesteld|[Ll]opend|[Gg]ereed|Ronde|[Vv]erslag|[Hh]erinnering|DRINGEND|GEWEIGERD|TE LAAT|[Gg]rondslag|Het verhaal|[Ee]en netwerk'

nl=$(sh "$TOP/tools/demo.sh" --dir "$T_DIR/nl" 2>&1); rc=$?
t_equal "make demo plays the story to the end" 0 "$rc"
t_expect "every step did what it should (in Dutch, by default)" "Het verhaal is helemaal gespeeld" "$nl"
t_absent "no step was unexpected" "ONVERWACHT|ONTBREEKT|UNEXPECTED|MISSING" "$nl"
t_expect "the programs answer in Dutch" "opgeslagen door de hub" "$nl"
t_expect "the story is told in Dutch" "Woonbron meldt huurachterstand" "$nl"
t_expect "the minutes are Dutch, the continuity agreement in words" \
    "Weer beschikbaar zijn als de intensieve" "$nl"
t_expect "... its owner by name, though no notice told the regisseur it" \
    "Jeugdarts GGD +Weer beschikbaar" "$nl"
t_absent "the Dutch demo has no English program text" "$EN_WORDS" "$(said "$nl")"
t_absent "... nor the continuity agreement's English sentence" "Be available" "$nl"
if printf '%s\n' "$(said "$nl")" | grep -qE -- "$EN_WORDS"; then
    printf '%s\n' "$(said "$nl")" | grep -E -- "$EN_WORDS" | head -5 | sed 's/^/     english: /'
fi

en=$(sh "$TOP/tools/demo.sh" --lang en --dir "$T_DIR/en" 2>&1); rc=$?
t_equal "the demo plays in English too" 0 "$rc"
t_expect "every step did what it should (in English)" "The story played through" "$en"
t_expect "the programs answer in English" "received by the hub" "$en"
t_absent "the English demo has no Dutch program text" "$NL_WORDS" "$(said "$en")"
if printf '%s\n' "$(said "$en")" | grep -qE -- "$NL_WORDS"; then
    printf '%s\n' "$(said "$en")" | grep -E -- "$NL_WORDS" | head -5 | sed 's/^/     dutch: /'
fi

sh "$TOP/tools/demo.sh" --lang fr --dir "$T_DIR/fr" >/dev/null 2>&1
t_equal "an unknown language is refused (exit 2)" 2 "$?"
t_end
