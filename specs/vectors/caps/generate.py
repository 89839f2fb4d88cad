#!/usr/bin/env python3
"""Regenerates caps.json, independently of the C# codec (python3-cryptography for Ed25519).
Run from this directory: python3 generate.py > caps.json"""
import base64, json, struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

APPS = {"storage": 0x0301, "mailbox": 0x0201, "echo": 0x0F01, "index": 0x0401}
PREFIX = b"ron-cap-v1\0"

def key(seed_hex):
    k = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
    pub = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return k, pub

def body(cap_id, tenant, issued, expires, ops, rps, bpd, maxobj, pub, sort=True):
    parsed = [(APPS[o.split(".")[0]], o.split(".")[1]) for o in ops]
    if sort:
        parsed = sorted(set(parsed), key=lambda t: (t[0], t[1].encode()))
    b = bytes([1]) + bytes.fromhex(cap_id) + tenant.to_bytes(16, "little")
    b += struct.pack("<QQIQQ", issued, expires, rps, bpd, maxobj) + bytes([len(parsed)])
    for app, op in parsed:
        b += struct.pack("<HB", app, len(op)) + op.encode()
    return b + pub

def token(seed, **f):
    k, pub = key(seed)
    b = body(pub=pub, **f)
    return b + k.sign(PREFIX + b)

def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

OP = "8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8"
OTHER = "11" * 32
_, op_pub = key(OP)
_, other_pub = key(OTHER)
NOW = 1800000000
base = dict(cap_id="000102030405060708090a0b0c0d0e0f", tenant=42, issued=NOW - 60, expires=NOW + 3600,
            ops=["storage.get", "mailbox.send", "storage.stat"], rps=0, bpd=0, maxobj=0)
caveats = dict(base, cap_id="f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", tenant=(1 << 127) + 7, ops=["storage.*", "echo.*"],
               rps=50, bpd=10 * 1024**3, maxobj=64 * 1024**2)
valid = []
for name, f in [("basic", base), ("caveats", caveats)]:
    t = token(OP, **f)
    valid.append({"name": name, "id": f["cap_id"], "tenant": str(f["tenant"]), "issued_at": f["issued"], "expires_at": f["expires"],
                  "ops": sorted(f["ops"], key=lambda o: (APPS[o.split(".")[0]], o.split(".")[1])),
                  "rps": f["rps"], "bytes_per_day": f["bpd"], "max_object_size": f["maxobj"],
                  "binary_hex": t.hex(), "text": b64(t)})

good = token(OP, **base)
flipped = bytearray(good); flipped[-1] ^= 1
unsorted = body(pub=op_pub, sort=False, **dict(base, ops=["storage.stat", "storage.get"]))
unsorted = unsorted + key(OP)[0].sign(PREFIX + unsorted)
trailing_body = body(pub=op_pub, **base)
invalid = [
    {"name": "bad_signature", "text": b64(bytes(flipped)), "reason": "bad_signature"},
    {"name": "unknown_issuer", "text": b64(token(OTHER, **base)), "reason": "unknown_issuer"},
    {"name": "expired", "text": b64(token(OP, **dict(base, issued=NOW - 7200, expires=NOW - 1))), "reason": "expired"},
    {"name": "issued_in_future", "text": b64(token(OP, **dict(base, issued=NOW + 3600, expires=NOW + 7200))), "reason": "not_yet_valid"},
    {"name": "revoked", "text": b64(good), "revoked": [base["cap_id"]], "reason": "revoked"},
    {"name": "unsorted_ops", "text": b64(unsorted), "reason": "malformed"},
    {"name": "trailing_byte", "text": b64(good + b"\0"), "reason": "malformed"},
    {"name": "version_2", "text": b64(bytes([2]) + good[1:]), "reason": "malformed"},
    {"name": "padded_base64", "text": b64(good) + "=", "reason": "malformed"},
    {"name": "not_base64", "text": "not a capability!", "reason": "malformed"},
    {"name": "tenant_mismatch", "text": b64(good), "tenant": "43", "reason": "tenant_mismatch"},
    {"name": "op_not_granted", "text": b64(good), "op": "storage.put", "reason": "op_not_granted"},
]
print(json.dumps({"operator_seed_hex": OP, "operator_pub_hex": op_pub.hex(), "now": NOW,
                  "default_tenant": "42", "default_op": "storage.get",
                  "valid": valid, "invalid": invalid}, indent=1))
