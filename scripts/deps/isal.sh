#!/usr/bin/env bash
# Intel ISA-L (libisal.so.2, Debian package libisal2): the reference Reed-Solomon implementation
# that the erasure tests compare our parity with byte for byte, and that the erasure benchmarks
# run side by side with ours in the same process. Idempotent.
set -euo pipefail
if [ -e /usr/lib/x86_64-linux-gnu/libisal.so.2 ] || ldconfig -p 2>/dev/null | grep -q 'libisal\.so\.2 '; then
  echo "libisal2 already installed"
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Update the package lists only when they do not know the package, or the first try fails.
if ! apt-cache show libisal2 >/dev/null 2>&1; then
  $sudo_cmd apt-get update
fi
if ! $sudo_cmd apt-get install -y --no-install-recommends libisal2; then
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y --no-install-recommends libisal2
fi
