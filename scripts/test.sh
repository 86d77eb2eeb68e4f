#!/usr/bin/env bash
# Runs every test of bucket-portal; starts (and stops) each server it needs on free loopback ports.
#   lint → host tests (+ botocore cross-check) → moto IAM/STS → browser (wasm) → e2e (release build, Garage)
# Usage: scripts/test.sh [STAGE…]   (stages: lint host moto wasm e2e; default: all of them)
set -euo pipefail
STAGES="${*:-lint host moto wasm e2e}"
want() { [[ " $STAGES " == *" $1 "* ]]; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/lib/s3.sh

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bucket-portal-test.XXXXXX")"
cleanup() {
  # Every server this script started is one of its background jobs.
  local pids
  pids="$(jobs -p)"
  if [[ -n "$pids" ]]; then kill $pids 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
wait_http() { for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

if want lint; then
step "format and lints"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings
fi

if want host; then
step "host tests (src/core) and the botocore cross-check"
python3 tests/tools/botocore_vectors.py "$WORK/botocore.json"
BOTOCORE_VECTORS="$WORK/botocore.json" cargo test
fi

if want moto; then
step "AWS IAM/STS semantics against moto with IAM enforcement"
MOTO_PORT="$(free_port)"
INITIAL_NO_AUTH_ACTION_COUNT=3 MOTO_DISABLE_GLOBAL_CORS=1 moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
wait_http "http://127.0.0.1:$MOTO_PORT/moto-api/"
tests/tools/moto_admin.sh "http://127.0.0.1:$MOTO_PORT" "$WORK/moto"
MOTO_ENDPOINT="http://127.0.0.1:$MOTO_PORT" MOTO_DIR="$WORK/moto" cargo test --test moto_iam -- --ignored
fi

if want wasm; then
step "browser tests of src/web (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web
fi

if want e2e; then
step "release build"
trunk build --release

step "end-to-end in Chromium against Garage"
garage_start "$WORK/garage"
admin_setup
PORTAL_PORT="$(free_port)"
PORTAL="http://127.0.0.1:$PORTAL_PORT"
make_bucket temp-credentials-s3 "$PORTAL"
seed temp-credentials-s3 "$WORK" 1100 100
make_bucket no-cors-bucket
admin_aws s3 cp --only-show-errors "$ROOT/README.md" s3://no-cors-bucket/README.md
garage_key portal-user 1h
garage_cli bucket allow --read temp-credentials-s3 --key "$KEY_ID" >/dev/null
garage_cli bucket allow --read no-cors-bucket --key "$KEY_ID" >/dev/null
KEYS="$(key_json "$KEY_EXPIRATION")"
# A key the server lets expire while the portal still believes in it (no Expiration given).
garage_key portal-expired 1s
garage_cli bucket allow --read temp-credentials-s3 --key "$KEY_ID" >/dev/null
EXPIRED_KEYS="$(key_json)"
# A key with no rights on the bucket (as if scoped to another prefix).
garage_key portal-no-access 1h
NO_ACCESS_KEYS="$(key_json)"
# The admin's optional defaults beside the page.
printf '{"endpoint": "%s"}\n' "$S3_ENDPOINT" >dist/config.json
python3 -m http.server "$PORTAL_PORT" --bind 127.0.0.1 --directory dist >"$WORK/http.log" 2>&1 &
wait_http "$PORTAL/"
MANY="$(server_count temp-credentials-s3 many/)"
python3 - "$WORK/manifest.json" "$WORK/e2e.json" <<PY
import json, sys
manifest = json.load(open(sys.argv[1]))
json.dump({
    "portalUrl": "$PORTAL/",
    "endpoint": "$S3_ENDPOINT",
    "bucket": "temp-credentials-s3",
    "noCorsBucket": "no-cors-bucket",
    "keys": """$KEYS""",
    "expiredKeys": """$EXPIRED_KEYS""",
    "noAccessKeys": """$NO_ACCESS_KEYS""",
    "manyCount": int("$MANY"),
    "files": manifest["files"],
    "htmlName": manifest["htmlName"],
}, open(sys.argv[2], "w"), ensure_ascii=False)
PY
E2E_CONFIG="$WORK/e2e.json" node --test --test-concurrency=1 tests/e2e/portal.test.mjs
fi

step "passed: $STAGES"
