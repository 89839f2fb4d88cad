#!/usr/bin/env bash
# Installs iproute2 (`ip netns`, veth, bridges), which the mDNS discovery tests use to put each node in
# its own network namespace (tests/RustyOnions.Integration.Tests/Overlay/MdnsDiscoveryTests.cs). Idempotent.
set -euo pipefail
if command -v ip >/dev/null 2>&1; then
  echo "[netns] ip already installed"
  exit 0
fi

if ! apt-cache policy iproute2 2>/dev/null | grep -q Candidate; then
  apt-get update
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iproute2
ip -V
