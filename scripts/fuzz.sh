#!/usr/bin/env bash
# Fuzzes every target in fuzz/ (core/fuzz.rs says what each checks) on stable Rust, then
# minimises each corpus in place (fuzz/corpus/<target>/, committed and replayed by `cargo test`).
#
#   scripts/fuzz.sh                 10,000,000 runs of each target, two targets at a time
#   RUNS=100000 scripts/fuzz.sh     a quick pass
#   scripts/fuzz.sh listing zip     only these targets
#   MAX_TIME=600 scripts/fuzz.sh    at most 600 seconds a target (the runs done are reported)
#
# Installs cargo-fuzz if missing. `--sanitizer none`: the address sanitizer needs a nightly
# compiler; panics, hangs (-timeout) and over-allocation (-rss_limit_mb, -malloc_limit_mb) are
# still caught. A failure leaves its input in fuzz/artifacts/<target>/ and stops the script.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
RUNS="${RUNS:-10000000}"
PARALLEL="${PARALLEL:-2}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2

TARGETS=("$@")
((${#TARGETS[@]})) || mapfile -t TARGETS < <(cargo fuzz list)
cargo fuzz build --sanitizer none -O
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

fuzz_one() {
  local target="$1"
  mkdir -p "corpus/$target"
  cargo fuzz run "$target" --sanitizer none -O -- \
    -runs="$RUNS" ${MAX_TIME:+-max_total_time=$MAX_TIME} -rss_limit_mb=1024 -malloc_limit_mb=512 -timeout=10 -max_len=8192 \
    >"$LOGS/$target.log" 2>&1
}

status=0
for ((i = 0; i < ${#TARGETS[@]}; i += PARALLEL)); do
  pids=()
  for target in "${TARGETS[@]:i:PARALLEL}"; do
    fuzz_one "$target" &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
done

for target in "${TARGETS[@]}"; do
  log="$LOGS/$target.log"
  done_line="$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)"
  if [[ -n "$done_line" ]]; then
    echo "$target: $done_line"
  else
    echo "$target: FAILED — see below" >&2
    tail -30 "$log" >&2
    status=1
  fi
done
((status == 0)) || exit 1

# Keep only the inputs that add coverage.
for target in "${TARGETS[@]}"; do
  cargo fuzz cmin "$target" --sanitizer none -O >/dev/null 2>&1
  echo "$target: corpus of $(find "corpus/$target" -type f | wc -l) inputs after minimising"
done
