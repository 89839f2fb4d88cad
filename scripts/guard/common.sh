#!/usr/bin/env bash
# Shared helpers of the guard-rail demo and soak scripts: start a node on free loopback ports in a
# temp dir, run `ron` client commands against it, scrape /metrics, and always clean up (trap).
# Sourced, not run. Needs only bash, coreutils, grep, sed and dotnet.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RON_DLL="${RON_DLL:-$REPO_ROOT/src/Node/bin/Release/net10.0/ron.dll}"
NODE_PID=""
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ron-guard.XXXXXX")"

cleanup() {
  if [[ -n "$NODE_PID" ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$NODE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT INT TERM

ensure_ron() {
  if [[ ! -f "$RON_DLL" ]]; then
    dotnet build "$REPO_ROOT/src/Node" -c Release >&2
  fi
}

ron() { dotnet "$RON_DLL" "$@"; }

free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# start_node [VAR=value ...]: starts `ron node run` with the given environment; sets NODE_URL, ADMIN_PORT.
start_node() {
  ensure_ron
  local oap admin deadline
  oap="$(free_port)"; admin="$(free_port)"
  while [[ "$admin" == "$oap" ]]; do admin="$(free_port)"; done
  ADMIN_PORT="$admin"
  # Gateways off: their default ports (8080, 9000) would collide between runs.
  env RON_IPFS_GATEWAY_ADDR=off RON_S3_ADDR=off "$@" dotnet "$RON_DLL" node run --data "$WORK_DIR/data" --oap "127.0.0.1:$oap" --admin "127.0.0.1:$admin" >"$WORK_DIR/node.log" 2>&1 &
  NODE_PID=$!
  deadline=$((SECONDS + 60))
  until grep -q '"event":"ready"' "$WORK_DIR/node.log" 2>/dev/null; do
    if ! kill -0 "$NODE_PID" 2>/dev/null || (( SECONDS > deadline )); then
      echo "node did not become ready:" >&2; cat "$WORK_DIR/node.log" >&2; return 1
    fi
    sleep 0.1
  done
  NODE_URL="$(grep -o '"oap":"[^"]*"' "$WORK_DIR/node.log" | head -1 | sed 's/"oap":"//; s/"$//')"
  export RON_NODE_URL="$NODE_URL"
}

# http_get PATH: body of an admin GET (no curl needed).
http_get() {
  exec 3<>"/dev/tcp/127.0.0.1/$ADMIN_PORT"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}

# metric TEXT SAMPLE: value of one sample line (0 when absent).
metric() { printf '%s\n' "$1" | grep -F "$2 " | head -1 | awk '{print $NF}' | grep . || echo 0; }

# json_field JSON NAME: a scalar field of a flat JSON line.
json_field() { printf '%s' "$1" | grep -o "\"$2\":[^,}]*" | head -1 | sed "s/\"$2\"://; s/^\"//; s/\"$//"; }
