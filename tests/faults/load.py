#!/usr/bin/env python3
"""load.py - sends signals through real `regie run` daemons, over their
control sockets (one JSON request per line, "wait": 0: the daemon answers
"queued" once the message is durable in its outbox).

    python3 load.py OUTDIR RATE SECONDS SOCK...

One thread per socket, RATE signals per second each, for SECONDS (0: until
SIGTERM). A daemon that is gone (killed) is reconnected every 50 ms. Every
id the daemon answered for (ok, queued) is appended to OUTDIR/<agent>.accepted (flushed at
once), so the checks can prove that nothing accepted was lost. A request
whose answer was lost with the connection is counted as unknown: it may or
may not be in the outbox, and is not checked. The closing line on stdout:
    load: sent=N accepted=N refused=N unknown=N
"""
import json, os, random, signal, socket, sys, threading, time

outdir, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
socks = sys.argv[4:]
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
lock = threading.Lock()
totals = {"sent": 0, "accepted": 0, "refused": 0, "unknown": 0}


def bsn(rng):
    """A random 9-digit number that passes the elfproef."""
    while True:
        d = [rng.randrange(10) for _ in range(8)]
        if d[0] == 0:
            continue
        s = sum((9 - i) * d[i] for i in range(8))
        last = s % 11
        if last < 10:
            return "".join(map(str, d)) + str(last)


def run(path, seed):
    name = os.path.basename(os.path.dirname(path))
    rng = random.Random(seed)
    out = open(os.path.join(outdir, name + ".accepted"), "a")
    conn, buf, n = None, b"", 0
    period = 1.0 / rate if rate > 0 else 0
    t_next = time.monotonic()
    while not stop.is_set():
        if conn is None:
            try:
                conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                conn.settimeout(5)
                conn.connect(path)
                buf = b""
            except OSError:
                conn = None
                time.sleep(0.05)
                continue
        n += 1
        req = {"cmd": "signal", "bsn": bsn(rng), "leefgebied": "financien", "severity": "zorg",
               "ground": "financiele_problemen", "informed": True, "wait": 0,
               "text": "load %s %d" % (name, n), "tag": str(n)}
        try:
            conn.sendall(json.dumps(req).encode() + b"\n")
            with lock:
                totals["sent"] += 1
            while b"\n" not in buf:
                chunk = conn.recv(65536)
                if not chunk:
                    raise OSError("closed")
                buf += chunk
            line, buf = buf.split(b"\n", 1)
            ans = json.loads(line)
            if ans.get("ok") and ans.get("status") in ("queued", "accepted", "receipted") and ans.get("id"):
                out.write(ans["id"] + "\n")
                out.flush()
                with lock:
                    totals["accepted"] += 1
            else:
                with lock:
                    totals["refused"] += 1
                if totals["refused"] < 5:
                    sys.stderr.write("load: %s answered %s\n" % (name, line[:300]))
        except (OSError, ValueError):
            with lock:
                totals["unknown"] += 1
            try:
                conn.close()
            except OSError:
                pass
            conn = None
            continue
        t_next += period
        delay = t_next - time.monotonic()
        if delay > 0:
            stop.wait(delay)
        else:
            t_next = time.monotonic()
    out.close()


threads = [threading.Thread(target=run, args=(p, i + 1)) for i, p in enumerate(socks)]
for t in threads:
    t.start()
deadline = time.monotonic() + seconds if seconds > 0 else None
while not stop.is_set():
    if deadline and time.monotonic() >= deadline:
        stop.set()
    stop.wait(0.1)
for t in threads:
    t.join()
print("load: sent=%(sent)d accepted=%(accepted)d refused=%(refused)d unknown=%(unknown)d" % totals)
