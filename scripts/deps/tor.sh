#!/usr/bin/env bash
# Installs Debian's tor (ships tor and tor-gencert), needed by the Transport.Tor tests and
# `testnet/tor-net`. Idempotent: installs only when a binary is missing.
set -euo pipefail
if command -v tor >/dev/null 2>&1 && command -v tor-gencert >/dev/null 2>&1; then
  echo "[deps/tor] tor already installed: $(tor --version 2>/dev/null | head -n1)"
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
# Other install steps may hold the apt locks at the same time: wait for them instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=600)
has_candidate() { apt-cache policy tor 2>/dev/null | grep -q 'Candidate: [0-9]'; }
if ! has_candidate; then
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
fi
if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends tor; then
  # An old package list can point at versions the mirror no longer has.
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends tor
fi
# The Debian package may start a system tor service; tests start their own tors and need none.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet tor 2>/dev/null; then
  "${sudo_cmd[@]}" systemctl stop tor || true
fi
command -v tor-gencert >/dev/null 2>&1 || { echo "[deps/tor] tor-gencert missing after install" >&2; exit 1; }
echo "[deps/tor] installed: $(tor --version | head -n1)"
