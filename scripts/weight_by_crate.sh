#!/usr/bin/env bash
# The page's (or the worker's) wasm by crate: `scripts/weight_by_crate.sh [page|runner] [ROWS]`.
# Builds the binary as Trunk does (its own feature alone, release), runs wasm-bindgen and
# wasm-opt -Oz (keeping names), then twiggy; prints raw bytes by crate and our modules, and the
# brotli size of the shipped (stripped) wasm. Needs twiggy (`cargo install twiggy`); the rest
# comes with scripts/test.sh's setup.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
part="${1:-page}"
rows="${2:-40}"
case "$part" in
  page) bin=bucket-portal ;;
  runner) bin=runner ;;
  *) echo "usage: $0 [page|runner] [ROWS]" >&2; exit 2 ;;
esac
command -v twiggy >/dev/null || { echo "twiggy is missing: cargo install twiggy" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing (scripts/test.sh's setup installs it)" >&2; exit 1; }
cargo build --quiet --release --target wasm32-unknown-unknown --no-default-features --features "$part" --bin "$bin"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target web --keep-debug --out-dir "$out" "target/wasm32-unknown-unknown/release/$bin.wasm"
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm-opt -Oz -g "${features[@]}" "$out/${bin}_bg.wasm" -o "$out/named.wasm"
wasm-opt -Oz --strip-debug "${features[@]}" "$out/${bin}_bg.wasm" -o "$out/shipped.wasm"
twiggy top -n 1000000 --format csv "$out/named.wasm" >"$out/top.csv"
python3 scripts/weight_by_crate.py "$out/top.csv" "$rows"
br=$(brotli -c -q 11 "$out/shipped.wasm" | wc -c)
echo "$br bytes brotli shipped ($bin's wasm, as Trunk builds it)"
