#!/usr/bin/env python3
"""Regenerates cauchy1.json from Intel ISA-L itself (libisal.so.2 via ctypes), so the vectors are
an independent reference, not our codec's output. Usage: python3 specs/vectors/erasure/generate.py"""
import ctypes, hashlib, json, os

isal = ctypes.CDLL("libisal.so.2")
u8p = ctypes.POINTER(ctypes.c_ubyte)

def stream(seed, n):
    """Deterministic bytes: SHA-256 in counter mode over the seed."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{i}".encode()).digest()
        i += 1
    return out[:n]

def encode(k, m, data):
    n = len(data[0])
    a = (ctypes.c_ubyte * ((k + m) * k))()
    isal.gf_gen_cauchy1_matrix(a, k + m, k)
    tbls = (ctypes.c_ubyte * (32 * k * m))()
    isal.ec_init_tables(k, m, ctypes.cast(ctypes.byref(a, k * k), u8p), tbls)
    ins = [(ctypes.c_ubyte * n).from_buffer_copy(d) for d in data]
    outs = [(ctypes.c_ubyte * n)() for _ in range(m)]
    inp = (u8p * k)(*[ctypes.cast(b, u8p) for b in ins])
    outp = (u8p * m)(*[ctypes.cast(b, u8p) for b in outs])
    isal.ec_encode_data(n, k, m, tbls, inp, outp)
    return bytes(a), [bytes(o) for o in outs]

cases = []
for k, m, n in [(1, 1, 1), (2, 1, 3), (4, 2, 1), (4, 2, 65), (3, 5, 130), (10, 4, 257), (17, 3, 100), (6, 8, 64)]:
    data = [stream(f"k{k}m{m}n{n}d{i}", n) for i in range(k)]
    matrix, parity = encode(k, m, data)
    cases.append({"k": k, "m": m, "shard_len": n, "matrix": matrix.hex(),
                  "data": [d.hex() for d in data], "parity": [p.hex() for p in parity]})

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "cauchy1.json"), "w") as f:
    json.dump({"description": "Systematic Reed-Solomon over GF(2^8)/0x11D with ISA-L gf_gen_cauchy1_matrix; "
               "parity produced by ISA-L 2.30 ec_encode_data. matrix is (k+m) x k row-major hex.",
               "cases": cases}, f, indent=1)
    f.write("\n")
