#!/usr/bin/env python3
"""check_vectors.py - an independent check of tests/vectors/envelopes.txt.

Written without the C library: BLAKE2b from hashlib, Ed25519 from the
`cryptography` package when it is installed, and a small msgpack reader of
its own (msgpack for Python is not assumed). It checks every envelope's
digest, every signature, the Merkle proofs of the pinned receipt items up to
the root, and prints the signal envelope key by key, as in the worked example
of proto/PROTOCOL.md.

    python3 tests/vectors/check_vectors.py [tests/vectors/envelopes.txt]

Exit status 0 when everything matches.
"""
import hashlib
import sys


def load(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, hexed = line.partition(": ")
            values[name] = bytes.fromhex(hexed)
    return values


def b2b256(data, prefix=b""):
    return hashlib.blake2b(prefix + data, digest_size=32).digest()


class Reader:
    """Just enough msgpack for envelopes: maps, arrays, str, bin, uint, bool."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("truncated")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def be(self, n):
        return int.from_bytes(self.take(n), "big")

    def header(self):
        """(kind, length-or-value, header bytes)."""
        start = self.pos
        b = self.take(1)[0]
        if b <= 0x7f:
            kind, n = "uint", b
        elif 0x80 <= b <= 0x8f:
            kind, n = "map", b & 0x0f
        elif 0x90 <= b <= 0x9f:
            kind, n = "array", b & 0x0f
        elif 0xa0 <= b <= 0xbf:
            kind, n = "str", b & 0x1f
        elif b in (0xc2, 0xc3):
            kind, n = "bool", b == 0xc3
        elif b in (0xc4, 0xc5, 0xc6):
            kind, n = "bin", self.be({0xc4: 1, 0xc5: 2, 0xc6: 4}[b])
        elif b in (0xcc, 0xcd, 0xce, 0xcf):
            kind, n = "uint", self.be({0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8}[b])
        elif b in (0xd9, 0xda, 0xdb):
            kind, n = "str", self.be({0xd9: 1, 0xda: 2, 0xdb: 4}[b])
        elif b in (0xdc, 0xdd):
            kind, n = "array", self.be({0xdc: 2, 0xdd: 4}[b])
        elif b in (0xde, 0xdf):
            kind, n = "map", self.be({0xde: 2, 0xdf: 4}[b])
        else:
            raise ValueError("type byte 0x%02x not used by the protocol" % b)
        return kind, n, self.data[start:self.pos]

    def value(self):
        kind, n, _ = self.header()
        if kind in ("str", "bin"):
            raw = self.take(n)
            return raw.decode("utf-8") if kind == "str" else raw
        if kind == "map":
            out = {}
            for _ in range(n):
                k = self.value()
                if k in out:
                    raise ValueError("duplicate key %r" % k)
                out[k] = self.value()
            return out
        if kind == "array":
            return [self.value() for _ in range(n)]
        return n


def decode(data):
    r = Reader(data)
    v = r.value()
    if r.pos != len(data):
        raise ValueError("trailing bytes")
    return v


def walk(data, indent=""):
    """Prints a map key by key: offset, bytes in hex, meaning."""
    r = Reader(data)
    lines = []

    def show(start, what):
        lines.append("%s%4d  %-24s %s" % (indent, start, data[start:r.pos].hex()
                                          if r.pos - start <= 12 else
                                          data[start:start + 10].hex() + "..", what))

    def item(depth):
        start = r.pos
        kind, n, hdr = r.header()
        if kind == "map":
            show(start, "map, %d pairs" % n)
            for _ in range(n):
                kstart = r.pos
                k = r.value()
                show(kstart, "  " * (depth + 1) + "key %r" % k)
                item(depth + 1)
        elif kind == "array":
            show(start, "array, %d items" % n)
            for _ in range(n):
                item(depth + 1)
        elif kind in ("str", "bin"):
            raw = r.take(n)
            desc = ("str %d: %r" % (n, raw.decode("utf-8"))) if kind == "str" \
                else "bin %d: %s" % (n, raw.hex() if n <= 16 else raw[:8].hex() + "..")
            show(start, "  " * (depth + 1) + desc)
        else:
            show(start, "  " * (depth + 1) + "%s %r" % (kind, n))

    item(0)
    return lines


def merkle_root(leaf, index, n, path):
    h, pos, count, k = leaf, index, n, 0
    while count > 1:
        sibling = pos ^ 1
        if sibling < count:
            if pos & 1:
                h = b2b256(path[k] + h, b"\x01")
            else:
                h = b2b256(h + path[k], b"\x01")
            k += 1
        count = (count + 1) // 2
        pos //= 2
    if k != len(path):
        raise ValueError("proof length")
    return h


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/vectors/envelopes.txt"
    v = load(path)
    failures = 0

    def check(cond, what):
        nonlocal failures
        print("%s %s" % ("ok  " if cond else "FAIL", what))
        failures += 0 if cond else 1

    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import (
            Ed25519PrivateKey, Ed25519PublicKey)
        from cryptography.exceptions import InvalidSignature
    except ImportError:
        Ed25519PrivateKey = None
        print("(no `cryptography` package: signatures not checked)")

    def verify(pk, sig, msg):
        try:
            Ed25519PublicKey.from_public_bytes(pk).verify(sig, msg)
            return True
        except InvalidSignature:
            return False

    if Ed25519PrivateKey:
        for who in ("partner", "hub"):
            raw = Ed25519PrivateKey.from_private_bytes(v[who + "_seed"]).public_key()
            from cryptography.hazmat.primitives import serialization
            pk = raw.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            check(pk == v[who + "_pk"], "%s_pk is the Ed25519 key of %s_seed" % (who, who))

    for name in ("signal", "regiecheck", "agreement", "ack"):
        env = v[name + "_envelope"]
        check(b2b256(env) == v[name + "_digest"], "%s: BLAKE2b-256 of the envelope" % name)
        doc = decode(env)
        check(doc["type"] == name and doc["v"] == 2 and doc["from"] == v["partner_pk"]
              and doc["ts"] == 1767225600000, "%s: header decodes" % name)
        if Ed25519PrivateKey:
            check(verify(v["partner_pk"], v[name + "_signature"], env),
                  "%s: Ed25519 signature by partner_pk" % name)

    env = v["notice_envelope"]
    check(b2b256(env) == v["notice_digest"], "notice: BLAKE2b-256 of the envelope")
    doc = decode(env)
    body = doc["body"]
    check(doc["type"] == "notice" and doc["v"] == 2 and doc["from"] == v["hub_pk"]
          and body["kind"] == "match" and body["count"] == 2 and "text" not in body
          and [p["partner"] for p in body["partners"]] == ["woningcorp-oost", "politie-west"],
          "notice: a kind and its arguments, no text")
    if Ed25519PrivateKey:
        check(verify(v["hub_pk"], v["notice_signature"], env), "notice: Ed25519 signature by hub_pk")

    head = decode(v["receipt_head"])
    check(head["root"] == v["receipt_root"] and head["hub"] == v["hub_pk"]
          and head["n"] == 5, "receipt head decodes")
    if Ed25519PrivateKey:
        check(verify(v["hub_pk"], v["receipt_head_signature"], v["receipt_head"]),
              "receipt head: Ed25519 signature by hub_pk")
    for i in (0, 4):
        item = v["receipt_item%d" % i]
        leaf = b2b256(item, b"\x00")
        check(leaf == v["receipt_item%d_leaf" % i], "item %d: leaf" % i)
        proof = v["receipt_item%d_proof" % i]
        nodes = [proof[k:k + 32] for k in range(0, len(proof), 32)]
        check(merkle_root(leaf, i, 5, nodes) == v["receipt_root"], "item %d: proof to root" % i)
    frame = decode(v["receipt_frame"])
    check(frame["k"] == "receipt" and frame["head"] == v["receipt_head"]
          and frame["hsig"] == v["receipt_head_signature"]
          and [e["index"] for e in frame["items"]] == [0, 4], "receipt frame decodes")
    item0 = decode(v["receipt_item0"])
    check(item0["digest"] == v["signal_digest"] and item0["seq"] == 101,
          "item 0 names the signal by its digest")

    print()
    print("signal_envelope, key by key (offset, bytes, meaning):")
    for line in walk(v["signal_envelope"]):
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
