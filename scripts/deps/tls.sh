#!/usr/bin/env bash
# Transport.Tls tests read the node's identity key file with the openssl command (an independent PKCS#8
# reader). Debian 12 images often ship libssl without the command. Idempotent.
set -euo pipefail
if command -v openssl >/dev/null 2>&1; then
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends openssl
