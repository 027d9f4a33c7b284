#!/usr/bin/python3
"""demo-hub-conf.py HUB_CONF - turns a fresh `regiehub init` hub.conf into the
demo network's and the tests': team "acm" (intake acm-intake, escalation
acm-leiding) as the default team, team "wijkteam" (intake wijkteam-intake),
and the hub's clock read from the file "clock" beside the store (so that the
demo and the tests can move time). Exits 1 when the file does not look like
one `regiehub init` wrote, rather than leaving it half changed."""
import sys

EDITS = [
    ('teams\n#   acm\n',
     'teams\n    acm\n        intake = "acm-intake"\n        escalation = "acm-leiding"\n'
     '    wijkteam\n        intake = "wijkteam-intake"\n#   acm\n'),
    ('#   default_team = "acm"', '    default_team = "acm"'),
    ('    verbose = "no"\n', '    verbose = "no"\n    clock_file = "clock"\n'),
]

if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0 if len(sys.argv) == 2 else 2)
path = sys.argv[1]
text = open(path).read()
for old, new in EDITS:
    if old not in text:
        sys.exit("demo-hub-conf: %s has no %r; was it written by `regiehub init`?" % (path, old))
    text = text.replace(old, new, 1)
open(path, "w").write(text)
