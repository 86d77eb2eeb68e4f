#!/usr/bin/env bash
# Runs every test of bucket-portal; starts (and stops) each server it needs on free loopback ports.
#   lint → host tests (+ botocore cross-check) → moto IAM/STS → browser (wasm) → e2e (release build, Garage)
#   → the bench's smoke run (every section at tiny sizes, figures not judged)
# Usage: scripts/test.sh [STAGE…]   (stages: lint host moto wasm e2e bench; default: all of them)
#   E2E_ONLY=regex runs only the end-to-end tests whose names match (for work on one feature).
#   E2E_BROWSERS="chromium firefox webkit" (the default) picks the browsers; their suites run side by side.
set -euo pipefail
STAGES="${*:-lint host moto wasm e2e bench}"
want() { [[ " $STAGES " == *" $1 "* ]]; }

source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"


# Everything printed also goes to a log, from which the closing tally is counted.
exec > >(tee "$WORK/test.log") 2>&1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if want lint; then
step "format and lints"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins --test web --test runner_worker -- -D warnings
# Each binary alone, as Trunk builds it: the page without the runner, the runner without the view.
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features page --bin bucket-portal -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features runner --bin runner -- -D warnings
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
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web --test runner_worker
fi

if want e2e; then
E2E_BROWSERS="${E2E_BROWSERS:-chromium firefox webkit}"
step "end-to-end in $E2E_BROWSERS against Garage, the page served by nginx from the package"
start_s3_for_portal
seed temp-credentials-s3 "$WORK" 2000 1024
# A folder of 20,000 keys for browsing at scale, seeded side by side while the page builds.
AWS_ACCESS_KEY_ID="$ADMIN_ID" AWS_SECRET_ACCESS_KEY="$ADMIN_SECRET" \
  python3 tests/tools/seed_many.py "$S3_ENDPOINT" temp-credentials-s3 big/ 20000 6 >"$WORK/big.json" &
BIG_SEEDER=$!

step "release build, packaged for the test's loopback hosts only (its CSP allows nothing else)"
scripts/package.sh "$PORTAL" 'http://127.0.0.1:*' 'http://localhost:*'
wait "$BIG_SEEDER"
echo "seeded big/: $(cat "$WORK/big.json")"
make_bucket no-cors-bucket
admin_aws s3 cp --only-show-errors "$ROOT/README.md" s3://no-cors-bucket/README.md
user_key portal-user 1h temp-credentials-s3 no-cors-bucket
KEYS="$USER_KEYS"
# A key the server lets expire while the portal still believes in it (no Expiration given).
user_key portal-expired 1s temp-credentials-s3
EXPIRED_KEYS="$(key_json)"
# A key with no rights on the bucket (as if scoped to another prefix).
user_key portal-no-access 1h
NO_ACCESS_KEYS="$USER_KEYS"
serve_package "$PORTAL_PORT"
# The same package where the admin's config.json locks the endpoint, bucket and region.
LOCKED_PORT="$(free_port)"
cp -r "$PACKAGE_SITE" "$WORK/locked-site"
printf '{"endpoint": "%s", "bucket": "temp-credentials-s3", "region": "us-east-1", "lock": ["endpoint", "bucket", "region"]}\n' \
  "$S3_ENDPOINT" >"$WORK/locked-site/config.json"
serve_package "$LOCKED_PORT" "$WORK/locked-site"
set_cors temp-credentials-s3 "$PORTAL" "http://127.0.0.1:$LOCKED_PORT"
# A proxy in front of Garage that cuts object downloads under flaky/ and ranged/ at random offsets.
CUT_PORT="$(free_port)"
python3 tests/tools/cutting_proxy.py "$CUT_PORT" "${S3_ENDPOINT##*:}" /flaky/,/ranged/ >"$WORK/proxy.log" 2>&1 &
CUT_ENDPOINT="http://127.0.0.1:$CUT_PORT"
# A long link: 50 ms each way, 1 MiB in flight per connection (big files then go in parallel parts).
SLOW_PORT="$(free_port)"
python3 tests/tools/delay_proxy.py "$SLOW_PORT" "${S3_ENDPOINT##*:}" 50 $((1 << 20)) >"$WORK/slow.log" 2>&1 &
SLOW_ENDPOINT="http://127.0.0.1:$SLOW_PORT"
# A hostile S3 for each browser (its tests count what it sent): each bucket answers badly in its
# own way, and the server logs what it sent.
declare -A HOSTILE
for browser in $E2E_BROWSERS; do
  port="$(free_port)"
  python3 tests/tools/hostile_s3.py "$port" >"$WORK/hostile-$browser.log" 2>&1 &
  HOSTILE[$browser]="http://127.0.0.1:$port"
  wait_http "${HOSTILE[$browser]}/__log"
done
# moto with IAM enforcement, set up as an admin would: the page assumes the role itself through
# STS (moto_cors.py answers the browser's preflight, which moto alone cannot with enforcement on).
STS_PORT="$(free_port)"
INITIAL_NO_AUTH_ACTION_COUNT=3 python3 tests/tools/moto_cors.py "$STS_PORT" >"$WORK/moto-sts.log" 2>&1 &
STS_ENDPOINT="http://127.0.0.1:$STS_PORT"
wait_http "$STS_ENDPOINT/moto-api/"
tests/tools/moto_admin.sh "$STS_ENDPOINT" "$WORK/moto-sts" >/dev/null
MANY="$(server_count temp-credentials-s3 many/)"
# The admin's optional defaults beside the page, with the test's servers allowed to receive
# signed requests without asking (a test's own proxy on a new port is asked about).
python3 - "$S3_ENDPOINT" "$CUT_ENDPOINT" "$SLOW_ENDPOINT" "$STS_ENDPOINT" "${HOSTILE[@]}" >"$PACKAGE_SITE/config.json" <<'PY'
import json, sys
print(json.dumps({"endpoint": sys.argv[1], "allowedEndpoints": sys.argv[2:]}))
PY
STS_ENDPOINT="$STS_ENDPOINT" STS_DIR="$WORK/moto-sts" \
S3_ENDPOINT="$S3_ENDPOINT" CUT_ENDPOINT="$CUT_ENDPOINT" SLOW_ENDPOINT="$SLOW_ENDPOINT" PORTAL="$PORTAL" LOCKED_PORTAL="http://127.0.0.1:$LOCKED_PORT" KEYS="$KEYS" EXPIRED_KEYS="$EXPIRED_KEYS" NO_ACCESS_KEYS="$NO_ACCESS_KEYS" MANY="$MANY" \
  python3 - "$WORK/manifest.json" "$WORK/e2e.json" <<'PY'
import json, os, sys
manifest = json.load(open(sys.argv[1]))
json.dump({
    "portalUrl": os.environ["PORTAL"] + "/",
    "lockedPortalUrl": os.environ["LOCKED_PORTAL"] + "/",
    "endpoint": os.environ["S3_ENDPOINT"],
    "cutEndpoint": os.environ["CUT_ENDPOINT"],
    "slowEndpoint": os.environ["SLOW_ENDPOINT"],
    "bucket": "temp-credentials-s3",
    "noCorsBucket": "no-cors-bucket",
    "keys": os.environ["KEYS"],
    "expiredKeys": os.environ["EXPIRED_KEYS"],
    "noAccessKeys": os.environ["NO_ACCESS_KEYS"],
    "manyCount": int(os.environ["MANY"]),
    "files": manifest["files"],
    "flaky": manifest["flaky"],
    "htmlName": manifest["htmlName"],
    "wholeFile": os.path.join(os.path.dirname(sys.argv[1]), "whole-40MB.bin"),
    "filesDir": os.path.join(os.path.dirname(sys.argv[1]), "files"),
    "big": json.load(open(os.path.join(os.path.dirname(sys.argv[1]), "big.json"))),
    "sts": {
        "endpoint": os.environ["STS_ENDPOINT"],
        "userKeys": open(os.path.join(os.environ["STS_DIR"], "user-access-key.json")).read(),
        "roleArn": open(os.path.join(os.environ["STS_DIR"], "role-arn.txt")).read().strip(),
    },
}, open(sys.argv[2], "w"), ensure_ascii=False)
PY
# The end-to-end config of one browser: the common one, with that browser's own hostile server.
browser_config() {
  python3 - "$WORK/e2e.json" "${HOSTILE[$1]}" >"$WORK/e2e-$1.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["hostile"] = sys.argv[2]
print(json.dumps(config, ensure_ascii=False))
PY
}
if [[ -n "${E2E_SERVE:-}" ]]; then
  # For work on one test: the servers stay up; run it by hand against them (Ctrl-C ends them).
  for browser in $E2E_BROWSERS; do
    browser_config "$browser"
    echo "E2E_BROWSER=$browser E2E_CONFIG=$WORK/e2e-$browser.json node --test --test-name-pattern REGEX tests/e2e/portal.test.mjs"
  done
  while sleep 3600; do :; done
fi
E2E_PIDS=()
if [[ -n "${E2E_ALONE:-}" ]]; then
  # Every test in a node process of its own, from a fresh page (browsers side by side): proof
  # that no test leans on another.
  for browser in $E2E_BROWSERS; do
    browser_config "$browser"
    (
      started=$SECONDS
      E2E_LIST=1 E2E_BROWSER="$browser" E2E_CONFIG="$WORK/e2e-$browser.json" node tests/e2e/portal.test.mjs | sed -n 's/^test: //p' >"$WORK/names-$browser"
      while IFS= read -r name; do
        pattern="^$(printf '%s' "$name" | sed 's/[][\\.^$*+?(){}|/]/\\&/g')\$"
        # A run that ends badly without a failing test (it crashed, or matched no test) fails too.
        E2E_BROWSER="$browser" E2E_CONFIG="$WORK/e2e-$browser.json" \
          node --test --test-reporter=tap --test-name-pattern "$pattern" tests/e2e/portal.test.mjs >"$WORK/one.$browser" 2>&1 \
          || grep -q '^# fail [1-9]' "$WORK/one.$browser" || echo "# fail 1 (no test ran: $name)" >>"$WORK/one.$browser"
        grep -q '^# pass 1$' "$WORK/one.$browser" || grep -q '^# fail [1-9]' "$WORK/one.$browser" \
          || echo "# fail 1 (no test ran: $name)" >>"$WORK/one.$browser"
        cat "$WORK/one.$browser" >>"$WORK/alone-$browser.log"
      done <"$WORK/names-$browser"
      echo "$browser: $(wc -l <"$WORK/names-$browser") tests, each alone, in $((SECONDS - started)) s"
    ) &
    E2E_PIDS+=($!)
  done
  ALONE_FAILED=0
  for pid in "${E2E_PIDS[@]}"; do wait "$pid" || ALONE_FAILED=1; done
  for browser in $E2E_BROWSERS; do
    step "end-to-end in $browser, each test alone"
    grep -E '^(not )?ok ' "$WORK/alone-$browser.log" | grep -v '# SKIP' || true
    if grep -qE '^# fail [1-9]' "$WORK/alone-$browser.log"; then ALONE_FAILED=1; fi
  done
  cat "$WORK"/alone-*.log | grep -E '^# (pass|fail) ' | awk '{n[$2] += $3} END {printf "%d passed, %d failed\n", n["pass"], n["fail"]}'
  exit "$ALONE_FAILED"
fi
# One suite per browser, side by side, each with its own log (printed whole when it ends).
E2E_PIDS=()
for browser in $E2E_BROWSERS; do
  browser_config "$browser"
  E2E_BROWSER="$browser" E2E_CONFIG="$WORK/e2e-$browser.json" \
    node --test --test-reporter=tap --test-concurrency=1 ${E2E_ONLY:+--test-name-pattern "$E2E_ONLY"} tests/e2e/portal.test.mjs \
    >"$WORK/e2e-$browser.log" 2>&1 &
  E2E_PIDS+=($!)
done
E2E_FAILED=0
for i in "${!E2E_PIDS[@]}"; do
  browser="$(echo $E2E_BROWSERS | cut -d' ' -f$((i + 1)))"
  wait "${E2E_PIDS[$i]}" || E2E_FAILED=1
  step "end-to-end in $browser"
  cat "$WORK/e2e-$browser.log"
done
((E2E_FAILED == 0)) || { echo "end-to-end tests failed" >&2; exit 1; }
# The resume test means something only if the proxy really cut downloads.
if [[ -z "${E2E_ONLY:-}" && " $E2E_BROWSERS " == *" chromium "* ]]; then
  for mark in flaky ranged; do
    CUTS="$(grep -c "^cut .*/$mark/" "$WORK/proxy.log" || true)"
    echo "the proxy cut $CUTS downloads under $mark/ mid-body"
    ((CUTS > 0)) || { echo "the cutting proxy never cut a download under $mark/" >&2; exit 1; }
  done
  # On the long link the big file must have come in ranged parts, not one stream.
  PARTS="$(grep -c "whole-40MB.bin range=bytes=[0-9]*-[0-9]" "$WORK/slow.log" || true)"
  echo "over the long link whole-40MB.bin came in $PARTS ranged requests"
  ((PARTS >= 2)) || { echo "the big file did not come in parallel parts over the long link" >&2; exit 1; }
fi
fi

if want bench; then
step "the bench's smoke run: every section once at tiny sizes (figures not judged; scripts/bench.sh)"
BENCH_SMOKE=1 BENCH_BROWSERS="${E2E_BROWSERS:-chromium firefox webkit}" scripts/bench.sh
fi

step "passed: $STAGES"
# One closing line over every runner (cargo test, wasm-bindgen-test, node --test).
python3 - "$WORK/test.log" <<'PY'
import re, sys
text = re.sub(r"\x1b\[[0-9;]*m", "", open(sys.argv[1], encoding="utf-8", errors="replace").read())
passed = failed = 0
for p, f in re.findall(r"test result: \w+\. (\d+) passed; (\d+) failed", text):
    passed, failed = passed + int(p), failed + int(f)
passed += sum(int(n) for n in re.findall(r"^# pass (\d+)$", text, re.M))
failed += sum(int(n) for n in re.findall(r"^# fail (\d+)$", text, re.M))
print(f"{passed} passed, {failed} failed")
PY
