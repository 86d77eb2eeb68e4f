#!/usr/bin/env bash
# Prints the budget figures (not a test): the release page's transfer size (brotli) against the
# 250 KB budget, and the time from Connect to the rows against Garage on loopback, each next to a
# raw fetch of the same presigned listing in the same page.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/lib/s3.sh

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bucket-portal-bench.XXXXXX")"
cleanup() {
  # Every server this script started is one of its background jobs.
  local pids
  pids="$(jobs -p)"
  if [[ -n "$pids" ]]; then kill $pids 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

trunk build --release >/dev/null 2>&1

echo "== page weight (what a browser downloads, brotli -q 11)"
total=0
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  raw=$(stat -c %s "$f")
  br=$(brotli -c -q 11 "$f" | wc -c)
  total=$((total + br))
  printf '  %-45s %8d bytes raw %8d bytes brotli\n' "$(basename "$f")" "$raw" "$br"
done
printf '  total %d bytes = %.1f KB brotli (budget 250 KB: %s)\n' "$total" "$(echo "$total / 1024" | bc -l)" \
  "$( ((total <= 250 * 1024)) && echo within || echo OVER)"

echo "== time to rows against Garage on loopback"
garage_start "$WORK/garage"
admin_setup
PORTAL_PORT="$(free_port)"
PORTAL="http://127.0.0.1:$PORTAL_PORT"
make_bucket temp-credentials-s3 "$PORTAL"
seed temp-credentials-s3 "$WORK" 1100 1
garage_key portal-user 1h
garage_cli bucket allow --read temp-credentials-s3 --key "$KEY_ID" >/dev/null
python3 -m http.server "$PORTAL_PORT" --bind 127.0.0.1 --directory dist >"$WORK/http.log" 2>&1 &
for _ in $(seq 50); do curl -s -o /dev/null "$PORTAL/" && break; sleep 0.2; done
# The peer: the same ListObjectsV2 requests, presigned by botocore, fetched raw in the same page.
python3 - "$S3_ENDPOINT" "$KEY_ID" "$KEY_SECRET" "$PORTAL/" "$(key_json "$KEY_EXPIRATION")" >"$WORK/bench.json" <<'PY'
import json, sys
import boto3
from botocore.config import Config
endpoint, key_id, secret, portal, keys = sys.argv[1:6]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                  aws_secret_access_key=secret, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
def urls(prefix):
    out, token = [], None
    while True:
        params = {"Bucket": "temp-credentials-s3", "Delimiter": "/", "EncodingType": "url"}
        if prefix:
            params["Prefix"] = prefix
        if token:
            params["ContinuationToken"] = token
        out.append(s3.generate_presigned_url("list_objects_v2", Params=params, ExpiresIn=3600))
        page = s3.list_objects_v2(**params)
        token = page.get("NextContinuationToken")
        if not token:
            return out, len(page.get("Contents", []))
root, _ = urls("")
many, _ = urls("many/")
print(json.dumps({"portalUrl": portal, "endpoint": endpoint, "bucket": "temp-credentials-s3", "keys": keys,
                  "rawRoot": root[:1], "rawMany": many, "manyCount": 1100}))
PY
BENCH_CONFIG="$WORK/bench.json" node tests/bench/bench.mjs
