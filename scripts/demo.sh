#!/usr/bin/env bash
# The portal against a local Garage seeded with sample files; prints temporary keys to paste.
# Serves http://127.0.0.1:8080 (PORTAL_PORT to change). Ctrl-C stops everything it started.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"

PORTAL_PORT="${PORTAL_PORT:-8080}"
DEMO="$ROOT/.demo"
# Like the web server, ignore connections still closing (TIME_WAIT); fail only if something listens.
if ! python3 -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' "$PORTAL_PORT" 2>/dev/null; then
  echo "port $PORTAL_PORT is in use: stop what uses it, or run PORTAL_PORT=8081 scripts/demo.sh" >&2
  exit 1
fi

echo "== building the release page"
trunk build --release

echo "== starting Garage (data in $DEMO/garage)"
garage_start "$DEMO/garage"
admin_setup
make_bucket temp-credentials-s3 "http://127.0.0.1:$PORTAL_PORT" "http://localhost:$PORTAL_PORT"

echo "== uploading sample files (1200 keys in many/, Korean names, a 1 GiB file)"
mkdir -p "$DEMO/work"
rm -rf "$DEMO/work/files"
seed temp-credentials-s3 "$DEMO/work" 1200 1024
rm -rf "$DEMO/work/files"

user_key portal-user 1h temp-credentials-s3

# The page opens with the endpoint and bucket filled in: the admin's optional config.json (no keys).
printf '{"bucket": "temp-credentials-s3", "endpoint": "%s"}\n' "$S3_ENDPOINT" >dist/config.json
serve_portal "$PORTAL_PORT"

cat <<MSG

============================================================================
 bucket-portal demo

 Open      http://127.0.0.1:$PORTAL_PORT/
           (bucket temp-credentials-s3 and endpoint $S3_ENDPOINT are filled in)

 Paste these keys (they expire in one hour) into "Paste credentials":

$USER_KEYS

 Ctrl-C stops Garage and the web server.
============================================================================
MSG
wait
