#!/usr/bin/env bash
# Installs strace, which the amnesia test runs the node under to prove it creates no file for
# writing (tests/RustyOnions.Integration.Tests/Governance/AmnesiaTests.cs). Idempotent.
set -euo pipefail
if command -v strace >/dev/null 2>&1; then
  echo "[amnesia] strace already installed"
  exit 0
fi

if ! apt-cache policy strace 2>/dev/null | grep -q Candidate; then
  apt-get update
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends strace
strace -V | head -1
