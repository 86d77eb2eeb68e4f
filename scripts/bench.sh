#!/usr/bin/env bash
# Prints the budget figures (not a test), each next to a peer measured in the same run:
#   page weight (brotli): the first load against the 250 KB budget, the worker after it;
#   Connect → rows against a raw fetch of the same presigned listing; download throughput of the in-app paths against a raw fetch of the same
#   object; parallel ranged parts against one stream through a proxy adding 50 ms each way; a ZIP of
#   2,000 files against raw fetches of them; peak memory of all the browser's processes during a
#   2 GiB download, above idle; a folder of 100,000 keys (Connect → first and all rows against raw
#   fetches of the same pages, long tasks while loading and scrolling, memory per key, filter).
# BENCH_ONLY=weight,rows,throughput,slow,zip,memory,listing,browsers picks sections (all by default).
# The listing tree is seeded once into BENCH_CACHE (default ~/.cache/bucket-portal/bench) and kept.
# BENCH_SMOKE=1 runs every section once at small sizes (20 files, 32 MB, 64 MB, 2,500 keys; the
# listing tree in the run's own folder): scripts/test.sh runs it so that the bench cannot rot unseen.
# Its figures mean nothing; a section that throws or hangs, a browser not measured, a listing that
# could not be stopped, or a big file that did not come in ranged parts fails the run.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"

if [[ -n "${BENCH_SMOKE:-}" ]]; then
  # 32 MB: past the first part a big download takes alone (8 MiB), so the ranged parts run; 2,500
  # keys: three pages, so the listing can be stopped after the first.
  MANY=20 BIG_MB=32 HUGE_MB=64 LISTING_KEYS=2500 LISTING_FOLDERS=20
  export BENCH_RUNS=1 BENCH_DOWNLOAD_RUNS=1 BENCH_LISTING_RUNS=1 BENCH_CACHE="$WORK/listing-cache"
else
  MANY=2000 BIG_MB=200 HUGE_MB=2048 LISTING_KEYS=100000 LISTING_FOLDERS=1000
fi
# The name sample_files.py gives a file of that many MiB.
size_name() { if (($1 < 1024)); then echo "big-$1MB.bin"; else echo "big-$(($1 / 1024))GiB.bin"; fi; }
BIG="$(size_name "$BIG_MB")" HUGE="$(size_name "$HUGE_MB")"

trunk build --release >/dev/null 2>&1

echo "== page weight (what a browser downloads, brotli -q 11; 1 KB = 1,000 bytes)"
# The first load is what the page needs to show itself: its HTML, CSS, JavaScript and wasm. The
# runner's worker (its wasm and scripts) comes after, with the first keys, and the service worker
# with the first streamed download.
first=0 later=0
for f in dist/index.html dist/*.css dist/bucket-portal-*.js dist/bucket-portal-*.wasm \
  dist/runner*.js dist/runner*.wasm dist/sw.js; do
  raw=$(stat -c %s "$f")
  br=$(brotli -c -q 11 "$f" | wc -c)
  case "$(basename "$f")" in
    runner* | sw.js) later=$((later + br)) when="later" ;;
    *) first=$((first + br)) when="first load" ;;
  esac
  printf '  %-45s %8d bytes raw %8d bytes brotli (%s)\n' "$(basename "$f")" "$raw" "$br" "$when"
done
printf '  first load %d bytes = %d.%d KB brotli (budget 250 KB: %s); the worker and service worker after it: %d.%d KB\n' \
  "$first" $((first / 1000)) $((first % 1000 / 100)) "$( ((first <= 250000)) && echo within || echo OVER)" \
  $((later / 1000)) $((later % 1000 / 100))

bench_wants() { [[ -z "${BENCH_ONLY:-}" || ",$BENCH_ONLY," == *",$1,"* ]]; }
echo "== seeding Garage on loopback ($MANY small files, $BIG$(bench_wants memory && echo ", $HUGE"))"
start_s3_for_portal
seed temp-credentials-s3 "$WORK" "$MANY" "$BIG_MB"
# The ranged figure needs the big object alone in a folder (a folder download goes in parts).
admin_aws s3 cp --only-show-errors "s3://temp-credentials-s3/$BIG" "s3://temp-credentials-s3/parts/$BIG"
if bench_wants memory; then
  head -c $((HUGE_MB << 20)) /dev/urandom >"$WORK/$HUGE"
  admin_aws s3 cp --only-show-errors "$WORK/$HUGE" "s3://temp-credentials-s3/huge/$HUGE"
  rm -f "$WORK/$HUGE"
fi
user_key portal-user 1h temp-credentials-s3
serve_portal "$PORTAL_PORT"
# A long link: 50 ms each way, 1 MiB in flight per connection.
SLOW_PORT="$(free_port)"
python3 tests/tools/delay_proxy.py "$SLOW_PORT" "${S3_ENDPOINT##*:}" 50 $((1 << 20)) >"$WORK/slow.log" 2>&1 &
SLOW_ENDPOINT="http://127.0.0.1:$SLOW_PORT"
# The peers: the same requests, presigned by botocore, fetched raw in the same page.
python3 - "$S3_ENDPOINT" "$SLOW_ENDPOINT" "$KEY_ID" "$KEY_SECRET" "$PORTAL/" "$USER_KEYS" "$WORK" "$BIG" "$HUGE" "$HUGE_MB" >"$WORK/bench.json" <<'PY'
import json, os, sys
import boto3
from botocore.config import Config
endpoint, slow, key_id, secret, portal, keys, work, big, huge, huge_mb = sys.argv[1:11]
BUCKET = "temp-credentials-s3"
def client(url):
    return boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id=key_id,
                        aws_secret_access_key=secret, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
s3, s3_slow = client(endpoint), client(slow)
def listing(prefix):
    out, token, objects = [], None, []
    while True:
        params = {"Bucket": BUCKET, "Delimiter": "/", "EncodingType": "url"}
        if prefix:
            params["Prefix"] = prefix
        if token:
            params["ContinuationToken"] = token
        out.append(s3.generate_presigned_url("list_objects_v2", Params=params, ExpiresIn=3600))
        # Keys as they are (botocore decodes only the EncodingType it asked for itself).
        page = s3.list_objects_v2(**{k: v for k, v in params.items() if k != "EncodingType"})
        objects += page.get("Contents", [])
        token = page.get("NextContinuationToken")
        if not token:
            return out, objects
get = lambda c, key: c.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=3600)
root, _ = listing("")
many, many_objects = listing("many/")
print(json.dumps({
    "portalUrl": portal, "endpoint": endpoint, "slowEndpoint": slow, "bucket": BUCKET, "keys": keys,
    "rawRoot": root[:1], "rawMany": many, "manyCount": len(many_objects),
    "manyBytes": sum(o["Size"] for o in many_objects),
    "rawManyObjects": [get(s3, o["Key"]) for o in many_objects],
    "big": {"name": big, "bytes": s3.head_object(Bucket=BUCKET, Key=big)["ContentLength"], "raw": get(s3, big), "rawSlow": get(s3_slow, big)},
    "whole": {"name": "whole-40MB.bin", "bytes": os.path.getsize(os.path.join(work, "whole-40MB.bin")), "raw": get(s3, "ranged/whole-40MB.bin")},
    "huge": {"name": huge, "bytes": int(huge_mb) << 20},
}))
PY

# ---- The listing tree: its own Garage, whose data is kept between runs (seeding takes minutes).
echo '{}' >"$WORK/listing.json"
MAIN_ENDPOINT="$S3_ENDPOINT" LISTING_ENDPOINT=""
if bench_wants listing; then
  CACHE="${BENCH_CACHE:-$HOME/.cache/bucket-portal/bench}"
  mkdir -p "$CACHE"
  garage_cached "$CACHE/garage"
  if [[ "$GARAGE_REUSED" == 0 || ! -f "$CACHE/admin.env" ]]; then
    admin_setup
    printf 'ADMIN_ID=%s\nADMIN_SECRET=%s\n' "$ADMIN_ID" "$ADMIN_SECRET" >"$CACHE/admin.env"
    make_bucket listing-bench
    rm -f "$CACHE/flat.json"
  else
    source "$CACHE/admin.env"
    export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  fi
  set_cors listing-bench "$PORTAL"
  if [[ ! -s "$CACHE/flat.json" ]]; then
    echo "== seeding $LISTING_KEYS keys into listing-bench/flat/ (once; kept in $CACHE)"
    AWS_ACCESS_KEY_ID="$ADMIN_ID" AWS_SECRET_ACCESS_KEY="$ADMIN_SECRET" \
      python3 tests/tools/seed_many.py "$S3_ENDPOINT" listing-bench flat/ "$LISTING_KEYS" >"$CACHE/flat.json.part"
    mv "$CACHE/flat.json.part" "$CACHE/flat.json"
  fi
  if [[ ! -s "$CACHE/tree.json" ]]; then
    echo "== seeding $LISTING_KEYS keys into listing-bench/tree/, $LISTING_FOLDERS folders two or three levels down (once)"
    AWS_ACCESS_KEY_ID="$ADMIN_ID" AWS_SECRET_ACCESS_KEY="$ADMIN_SECRET" \
      python3 tests/tools/seed_many.py "$S3_ENDPOINT" listing-bench tree/ "$LISTING_KEYS" 0 "$LISTING_FOLDERS" >"$CACHE/tree.json.part"
    mv "$CACHE/tree.json.part" "$CACHE/tree.json"
  fi
  echo "  flat/: $(cat "$CACHE/flat.json")"
  echo "  tree/: $(cat "$CACHE/tree.json")"
  user_key "bench-user-$RANDOM" 1h listing-bench
  LISTING_ENDPOINT="$S3_ENDPOINT"
  python3 - "$S3_ENDPOINT" "$KEY_ID" "$KEY_SECRET" "$USER_KEYS" "$LISTING_FOLDERS" >"$WORK/listing.json" <<'PY'
import json, os, subprocess, sys, time
import boto3
from botocore.config import Config
endpoint, key_id, secret, keys, folders = sys.argv[1:6]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                  aws_secret_access_key=secret, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
urls, keys_bytes, count, token = [], 0, 0, None
while True:
    params = {"Bucket": "listing-bench", "Prefix": "flat/", "Delimiter": "/", "EncodingType": "url"}
    if token:
        params["ContinuationToken"] = token
    urls.append(s3.generate_presigned_url("list_objects_v2", Params=params, ExpiresIn=3600))
    page = s3.list_objects_v2(**{k: v for k, v in params.items() if k != "EncodingType"})
    for o in page.get("Contents", []):
        count += 1
        keys_bytes += len(o["Key"].encode())
    token = page.get("NextContinuationToken")
    if not token:
        break
# The peer of the recursive listing: the AWS CLI listing the whole bucket, as a user would.
env = dict(os.environ, AWS_ACCESS_KEY_ID=key_id, AWS_SECRET_ACCESS_KEY=secret)
def cli_ls(path):
    """The median of three `aws s3 ls --recursive` of `path`, in ms, and the keys it printed."""
    times = []
    for _ in range(3):
        started = time.monotonic()
        out = subprocess.run(["aws", "--endpoint-url", endpoint, "s3", "ls", "--recursive", path],
                             env=env, check=True, capture_output=True).stdout
        times.append(time.monotonic() - started)
    return sorted(times)[1] * 1000, out.count(b"\n")
whole_ms, whole_keys = cli_ls("s3://listing-bench/")
tree_ms, tree_keys = cli_ls("s3://listing-bench/tree/")
print(json.dumps({"endpoint": endpoint, "bucket": "listing-bench", "prefix": "flat/", "keys": keys,
                  "count": count, "keyBytes": keys_bytes, "rawPages": urls,
                  "cliRecursiveMs": whole_ms, "cliRecursiveKeys": whole_keys,
                  "cliTreeMs": tree_ms, "cliTreeKeys": tree_keys, "treeFolders": int(folders)}))
PY
fi

# The admin's config.json names every server of the bench, so keys go to them without the host
# question (unanswered, it held "Connect → rows", then the listing section, forever).
printf '{"endpoint": "%s", "allowedEndpoints": ["%s"%s]}\n' "$MAIN_ENDPOINT" "$SLOW_ENDPOINT" \
  "${LISTING_ENDPOINT:+, \"$LISTING_ENDPOINT\"}" >dist/config.json
# A smoke run that hangs (a question nobody answers) fails instead.
TMPDIR="$WORK" BENCH_CONFIG="$WORK/bench.json" LISTING_CONFIG="$WORK/listing.json" ${BENCH_SMOKE:+timeout 900} node tests/bench/bench.mjs
if [[ -n "${BENCH_SMOKE:-}" ]] && bench_wants slow; then
  # Over the long link the big file must have come in parallel ranged parts, not one stream.
  PARTS="$(grep -c "$BIG range=bytes=[0-9]*-[0-9]" "$WORK/slow.log" || true)"
  ((PARTS >= 2)) || { echo "over the long link $BIG came in $PARTS ranged requests, not in parts" >&2; exit 1; }
fi
# The streamed paths in each browser the end-to-end suite runs in, against its own raw fetches.
if bench_wants browsers; then TMPDIR="$WORK" BENCH_CONFIG="$WORK/bench.json" ${BENCH_SMOKE:+timeout 600} node tests/bench/browsers.mjs; fi
