#!/usr/bin/env python3
"""check.py - the delivery proofs after a fault run, read straight from the
stores (sqlite3, read-only).

    python3 check.py HUB_DB INTAKE_DIR ACCEPTED_DIR SENDER_DIR...

Prints one line per check, "ok   NAME" or "FAIL NAME: WHY", and a closing
"checked: ..." line with the figures. Checks:
  - every id a daemon answered "accepted" for is in its outbox;
  - every outbox row is receipted (none waiting, none refused);
  - every receipted message is in the hub's store exactly once, at the seq
    its receipt names, and the receipt's signed batch head is a batch the
    hub committed (same head bytes, same signature): no receipt without
    durable storage;
  - the hub holds no signal from these senders that they do not hold a
    receipt for (no message stored twice under another id);
  - every receipted signal reached the intake's inbox, at the hub's seq,
    once; the inbox holds no signal the hub does not;
  - the hub's delivery queue for the intake is empty (all acknowledged).
"""
import os, sqlite3, sys

hub_db, intake_dir, accepted_dir = sys.argv[1], sys.argv[2], sys.argv[3]
senders = sys.argv[4:]
failures = 0


def ok(name):
    print("ok   " + name)


def fail(name, why):
    global failures
    failures += 1
    print("FAIL %s: %s" % (name, why))


def check(name, cond, why):
    ok(name) if cond else fail(name, why)


def ro(path):
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)


hub = ro(hub_db)
hub_msgs = {}
for id_, seq, author, type_ in hub.execute("SELECT hex(id), seq, author, type FROM messages"):
    hub_msgs[id_.lower()] = (seq, author, type_)
batches = set((bytes(h), bytes(s)) for h, s in hub.execute("SELECT head, signature FROM batches"))
n_receipted = 0
all_receipted = {}
for d in senders:
    name = os.path.basename(d.rstrip("/"))
    db = ro(os.path.join(d, "agent.db"))
    rows = db.execute("SELECT hex(id), state, hub_seq, r_head, r_head_sig FROM outbox").fetchall()
    outbox = {r[0].lower(): r for r in rows}
    acc_path = os.path.join(accepted_dir, name + ".accepted")
    accepted = [l.strip().lower() for l in open(acc_path)] if os.path.exists(acc_path) else []
    missing = [i for i in accepted if i not in outbox]
    check("%s: all %d accepted ids are in its outbox" % (name, len(accepted)), not missing,
          "%d missing, e.g. %s" % (len(missing), missing[:3]))
    waiting = [i for i, r in outbox.items() if r[1] != 1]
    check("%s: all %d outbox rows receipted" % (name, len(outbox)), not waiting,
          "%d not receipted (states %s), e.g. %s" % (len(waiting),
          sorted(set(outbox[i][1] for i in waiting)), waiting[:3]))
    lost, wrong_seq, no_batch = [], [], []
    for i, r in outbox.items():
        if r[1] != 1:
            continue
        n_receipted += 1
        all_receipted[i] = name
        m = hub_msgs.get(i)
        if not m:
            lost.append(i)
            continue
        if m[0] != r[2]:
            wrong_seq.append((i, m[0], r[2]))
        if (bytes(r[3] or b""), bytes(r[4] or b"")) not in batches:
            no_batch.append(i)
    check("%s: every receipted message is in the hub's store" % name, not lost,
          "%d receipted but not stored, e.g. %s" % (len(lost), lost[:3]))
    check("%s: at the seq its receipt names" % name, not wrong_seq,
          "%d differ, e.g. (id, store, receipt) %s" % (len(wrong_seq), wrong_seq[:3]))
    check("%s: every receipt's signed head is a committed batch" % name, not no_batch,
          "%d receipts name a batch the store does not hold, e.g. %s" % (len(no_batch), no_batch[:3]))
    ours = [i for i, m in hub_msgs.items() if m[1] == name and m[2] == "signal"]
    extra = [i for i in ours if i not in outbox]
    check("%s: the hub holds no signal of it without a receipt" % name, not extra,
          "%d stored signals unknown to the agent, e.g. %s" % (len(extra), extra[:3]))
    db.close()

ib = ro(os.path.join(intake_dir, "agent.db"))
inbox = ib.execute("SELECT hex(id), seq, type FROM inbox").fetchall()
ids = [r[0].lower() for r in inbox]
check("intake: no duplicates in the inbox (%d rows)" % len(ids), len(ids) == len(set(ids)),
      "%d rows, %d distinct" % (len(ids), len(set(ids))))
in_seq = {r[0].lower(): r[1] for r in inbox}
undelivered = [i for i in all_receipted if i not in in_seq]
check("intake: every receipted signal was delivered (%d)" % len(all_receipted), not undelivered,
      "%d not in the inbox, e.g. %s" % (len(undelivered), undelivered[:3]))
bad_seq = [(i, in_seq[i], hub_msgs[i][0]) for i in all_receipted
           if i in in_seq and i in hub_msgs and in_seq[i] != hub_msgs[i][0]]
check("intake: each at the hub's seq", not bad_seq, "e.g. (id, inbox, hub) %s" % bad_seq[:3])
phantom = [r[0].lower() for r in inbox if r[0].lower() not in hub_msgs]
check("intake: the inbox holds nothing the hub does not", not phantom,
      "%d unknown ids, e.g. %s" % (len(phantom), phantom[:3]))
queued = hub.execute("SELECT count(*) FROM deliveries WHERE recipient = 'acm-intake'").fetchone()[0]
check("hub: the intake's delivery queue is empty", queued == 0, "%d still queued" % queued)
print("checked: receipted=%d stored=%d inbox=%d" % (n_receipted, len(hub_msgs), len(ids)))
sys.exit(1 if failures else 0)
