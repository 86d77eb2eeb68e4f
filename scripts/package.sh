#!/usr/bin/env bash
# Builds the page for one setup and packs it: dist/ whose CSP names only the hosts the page may
# contact (no bare https:), the same policy as server headers for nginx and for CloudFront, and
# bucket-portal-VERSION.tar.gz with SHA-256 sums.
# Usage: scripts/package.sh ORIGIN ENDPOINT [HOST…]
#   ORIGIN    where the page will be served, e.g. https://files.example.com
#   ENDPOINT  the S3 endpoint, e.g. https://s3.ap-northeast-2.amazonaws.com: on AWS the region's
#             S3 hosts (path and virtual-host form, and the global ones a first request without a
#             region uses) and its STS follow; any other endpoint is taken as it is
#   HOST      any further host (an STS server of its own, a second endpoint; http://127.0.0.1:*)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"
(($# >= 2)) || { sed -n '2,11p' "$0" >&2; exit 2; }
ORIGIN="$1"; shift
HOSTS=()
for endpoint in "$@"; do
  region="$(sed -nE 's#^https://s3[.-]([a-z0-9-]+)\.amazonaws\.com/?$#\1#p' <<<"$endpoint")"
  if [[ -n "$region" ]]; then
    mapfile -t -O "${#HOSTS[@]}" HOSTS < <(python3 -c 'import sys; sys.path.insert(0, "scripts"); from csp import aws_hosts; print("\n".join(aws_hosts(sys.argv[1])))' "$region")
  else
    HOSTS+=("${endpoint%/}")
  fi
done
VERSION="$(sed -nE 's/^version = "(.*)"/\1/p' Cargo.toml | head -1)"
PORTAL_CSP_HOSTS="${HOSTS[*]}" trunk build --release
python3 scripts/package.py "$VERSION" "$ORIGIN" "${HOSTS[@]}"
