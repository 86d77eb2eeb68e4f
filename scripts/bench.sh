#!/usr/bin/env bash
# Prints the budget figures (not a test): the release page's transfer size (brotli) against the
# 250 KB budget, and the time from Connect to the rows against Garage on loopback, each next to a
# raw fetch of the same presigned listing in the same page; and the in-app download (into the
# origin-private file system, verified) against a raw fetch of the same object.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"


trunk build --release >/dev/null 2>&1

echo "== page weight (what a browser downloads, brotli -q 11)"
total=0
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  raw=$(stat -c %s "$f")
  br=$(brotli -c -q 11 "$f" | wc -c)
  total=$((total + br))
  printf '  %-45s %8d bytes raw %8d bytes brotli\n' "$(basename "$f")" "$raw" "$br"
done
printf '  total %d bytes = %d.%d KB brotli (budget 250 KB: %s)\n' "$total" $((total / 1024)) $((total % 1024 * 10 / 1024)) \
  "$( ((total <= 250 * 1024)) && echo within || echo OVER)"

echo "== time to rows against Garage on loopback"
start_s3_for_portal
seed temp-credentials-s3 "$WORK" 1100 200
user_key portal-user 1h temp-credentials-s3
serve_portal "$PORTAL_PORT"
# The peer: the same ListObjectsV2 requests, presigned by botocore, fetched raw in the same page.
python3 - "$S3_ENDPOINT" "$KEY_ID" "$KEY_SECRET" "$PORTAL/" "$USER_KEYS" >"$WORK/bench.json" <<'PY'
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
big = s3.generate_presigned_url("get_object", Params={"Bucket": "temp-credentials-s3", "Key": "big-200MB.bin"}, ExpiresIn=3600)
print(json.dumps({"portalUrl": portal, "endpoint": endpoint, "bucket": "temp-credentials-s3", "keys": keys,
                  "rawRoot": root[:1], "rawMany": many, "manyCount": 1100,
                  "rawBig": big, "bigName": "big-200MB.bin", "bigBytes": 200 << 20}))
PY
BENCH_CONFIG="$WORK/bench.json" node tests/bench/bench.mjs
