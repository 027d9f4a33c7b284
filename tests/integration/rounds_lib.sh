# rounds_lib.sh - helpers for workflow_rounds.sh (sourced, not run):
# the test clock in days, dates in hub time, notices counted in an agent's
# inbox by kind and object, minutes compared with what was recorded.
case "$(basename "$0")" in
    rounds_lib.sh) echo "0 passed, 0 failed"; exit 0 ;;
esac
. "$(dirname "$0")/agent_lib.sh"

# clock_day D: moves the whole network to D days (may be fractional) after
# the start of the test.
clock_day () {
    python3 -c "print(int(float('$1') * 86400000))" >"$HUB_DIR/clock.tmp"
    mv "$HUB_DIR/clock.tmp" "$HUB_DIR/clock"
}

# day D [HH:MM]: the date (YYYY-MM-DD, or with a time) D days after the start.
day () {
    python3 -c "
import time
t = $T0 + float('$1') * 86400
print(time.strftime('%Y-%m-%d', time.localtime(t)) + ('T$2' if '$2' else ''))"
}

# dday D [HH:MM]: the same date as day, the Dutch way (DD-MM-YYYY [HH:MM]).
dday () {
    python3 -c "
import time
t = $T0 + float('$1') * 86400
print(time.strftime('%d-%m-%Y', time.localtime(t)) + (' $2' if '$2' else ''))"
}

# long_date ISO nl|en: an ISO time of the agent's JSON as regie writes it for
# people ("7 december 2026 14:00", "7 December 2026 14:00"), from its own
# local fields.
long_date () {
    python3 -c "
import sys
iso, lang = sys.argv[1], sys.argv[2]
nl = 'januari februari maart april mei juni juli augustus september oktober november december'.split()
en = 'January February March April May June July August September October November December'.split()
months = nl if lang == 'nl' else en
y, m, d = int(iso[0:4]), int(iso[5:7]), int(iso[8:10])
print('%d %s %d %s' % (d, months[m - 1], y, iso[11:16]))" "$1" "$2"
}

# short_date ISO nl|en: "07-12-2026" or "2026-12-07".
short_date () {
    case "$2" in
        nl) echo "$1" | sed -E 's/^([0-9]{4})-([0-9]{2})-([0-9]{2}).*/\3-\2-\1/' ;;
        *) echo "$1" | cut -c1-10 ;;
    esac
}

# inbox_json NAME: every message in the agent's inbox, read or not.
inbox_json () {
    "$REGIE" inbox -d "$T_DIR/$1" --all --limit 1000 --json 2>/dev/null
}

# ncount NAME TYPE KIND OBJECT: messages of TYPE (notice: with KIND; any
# with OBJECT, "-" for any) in the inbox. Counted by message id: `regie
# inbox --all` lists a message that was unread twice (once unread, once
# just marked read), an agent bug that must not hide or fake a hub repeat.
ncount () {
    inbox_json "$1" | python3 -c "
import json, sys
j = json.load(sys.stdin)
n = 0
seen = set()
for m in j.get('messages', []):
    if m['id'] in seen: continue
    seen.add(m['id'])
    b = m['message'].get('body', {})
    if m['type'] != '$2': continue
    if '$3' != '-' and b.get('kind') != '$3': continue
    o = b.get('object', '') if m['type'] == 'notice' else b.get('round', '') if m['type'] == 'minutes' else m['id']
    if '$4' != '-' and o != '$4': continue
    n += 1
print(n)" 2>/dev/null || echo "?"
}

# ntext NAME KIND OBJECT: the text of the first such notice.
ntext () {
    inbox_json "$1" | python3 -c "
import json, sys
for m in json.load(sys.stdin).get('messages', []):
    b = m['message'].get('body', {})
    if b.get('kind') == '$2' and ('$3' == '-' or b.get('object') == '$3'):
        print(json.dumps(b)); break" 2>/dev/null
}

# wait_count SECONDS NAME TYPE KIND OBJECT: until at least one is there.
wait_count () {
    _wc_tries=$(($1 * 4)); shift
    for _ in $(seq 1 "$_wc_tries"); do
        _wc_c=$(ncount "$@")
        [ "$_wc_c" != "0" ] && [ "$_wc_c" != "?" ] && return 0
        sleep 0.2
    done
    return 1
}

# t_once NAME AGENT TYPE KIND OBJECT: exactly one such message.
t_once () {
    _once_name=$1; shift
    t_equal "$_once_name" 1 "$(ncount "$@")"
}

# rid: the id from the last r --json output.
rid () { jget 'j["id"]'; }
