#!/usr/bin/env bash
# Opt-in: Debian's Ceph (mon, osd, mgr, radosgw) for the side-by-side S3 benchmark in bench/s3-compare.
# The default test suite never needs Ceph, so scripts/install-deps skips this unless RON_WITH_CEPH=1.
# Idempotent: installs only when a binary is missing.
set -euo pipefail
if [ "${RON_WITH_CEPH:-0}" != 1 ]; then
  echo "[deps/ceph] skipped (opt-in: RON_WITH_CEPH=1 scripts/deps/ceph.sh, used only by bench/s3-compare)"
  exit 0
fi
pkgs=(ceph-mon ceph-osd ceph-mgr radosgw ceph-common)
missing=0
for b in ceph-mon ceph-osd ceph-mgr radosgw radosgw-admin ceph ceph-authtool monmaptool; do
  command -v "$b" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 0 ]; then
  echo "[deps/ceph] already installed: $(ceph --version 2>&1 | head -n1)"
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
apt_opts=(-o DPkg::Lock::Timeout=600)
if ! apt-cache policy radosgw 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
fi
if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${pkgs[@]}"; then
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${pkgs[@]}"
fi
command -v radosgw >/dev/null || { echo "[deps/ceph] radosgw missing after install" >&2; exit 1; }
echo "[deps/ceph] installed: $(ceph --version 2>&1 | head -n1)"
