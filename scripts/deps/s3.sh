#!/usr/bin/env bash
# Installs Debian's awscli (/usr/bin/aws), a real S3 client used by the S3 gateway's integration tests.
# Idempotent: installs only when /usr/bin/aws is missing (another `aws` earlier on PATH is not Debian's).
set -euo pipefail
if [ -x /usr/bin/aws ]; then
  echo "[deps/s3] awscli already installed: $(/usr/bin/aws --version 2>&1 | head -n1)"
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
apt_opts=(-o DPkg::Lock::Timeout=600)
has_candidate() { apt-cache policy awscli 2>/dev/null | grep -q 'Candidate: [0-9]'; }
if ! has_candidate; then
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
fi
if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends awscli; then
  "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends awscli
fi
[ -x /usr/bin/aws ] || { echo "[deps/s3] /usr/bin/aws missing after install" >&2; exit 1; }
echo "[deps/s3] installed: $(/usr/bin/aws --version 2>&1 | head -n1)"
