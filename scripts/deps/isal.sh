#!/usr/bin/env bash
# Intel ISA-L (libisal.so.2): the reference Reed-Solomon implementation that the erasure tests
# compare our parity against byte for byte, and that the benchmarks run side by side with ours.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libisal\.so\.2 ' || [ -e /usr/lib/x86_64-linux-gnu/libisal.so.2 ]; then
  echo "libisal2 already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=sudo; else sudo_cmd=; fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show libisal2 >/dev/null 2>&1; then
  $sudo_cmd apt-get update
fi
$sudo_cmd apt-get install -y --no-install-recommends libisal2
