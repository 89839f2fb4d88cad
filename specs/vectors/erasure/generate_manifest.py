#!/usr/bin/env python3
"""Regenerates manifest.json: an erasure-object manifest (RONEM1, specs/erasure.md §5) computed
independently of the C# code: GF(2^8)/0x11D Cauchy parity in pure Python, BLAKE3 by `b3sum`."""
import json, os, struct, subprocess, tempfile

def gf_tables():
    exp, log = [0] * 512, [0] * 256
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log

EXP, LOG = gf_tables()
mul = lambda a, b: 0 if a == 0 or b == 0 else EXP[LOG[a] + LOG[b]]
inv = lambda a: 0 if a == 0 else EXP[255 - LOG[a]]

def b3(data: bytes) -> bytes:
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(data)
    try:
        out = subprocess.run(["b3sum", "--no-names", f.name], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    return bytes.fromhex(out.strip())

def shards_of(segment: bytes, k: int, m: int, align: int):
    s = -(-len(segment) // k)
    s = -(-s // align) * align
    padded = segment + bytes(k * s - len(segment))
    data = [padded[i * s:(i + 1) * s] for i in range(k)]
    parity = []
    for r in range(k, k + m):
        row = [inv(r ^ j) for j in range(k)]
        p = bytearray(s)
        for j in range(k):
            for x in range(s):
                p[x] ^= mul(row[j], data[j][x])
        parity.append(bytes(p))
    return data + parity

def main():
    k, m, align, seg_bytes, size = 2, 1, 4, 400, 1000
    obj = bytes(i % 251 for i in range(size))
    segments = []
    body = b""
    for off in range(0, size, seg_bytes):
        seg = obj[off:off + seg_bytes]
        ids = [b3(sh) for sh in shards_of(seg, k, m, align)]
        segments.append({"length": len(seg), "shards": ["b3:" + i.hex() for i in ids]})
        body += struct.pack("<i", len(seg)) + b"".join(ids)
    head = b"RONEM1" + struct.pack("<H", 1) + b3(obj) + struct.pack("<q", size) + bytes([k, m]) + struct.pack("<Hii", align, seg_bytes, len(segments))
    manifest = head + body
    manifest += b3(manifest)
    vector = {
        "comment": "object byte i = i mod 251; RONEM1 manifest per specs/erasure.md section 5; generate_manifest.py regenerates this file",
        "size": size, "k": k, "m": m, "alignment": align, "segment_bytes": seg_bytes,
        "object": "b3:" + b3(obj).hex(),
        "segments": segments,
        "manifest_hex": manifest.hex(),
        "manifest_id": "b3:" + b3(manifest).hex(),
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifest.json"), "w") as f:
        json.dump(vector, f, indent=2)
        f.write("\n")

main()
