#!/usr/bin/env bash
# Installs what the demo and the tests need, skipping whatever is already there.
# Sourced by scripts/demo.sh and scripts/test.sh (it exports PATH).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
GARAGE_VERSION=2.5.0
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Installing packages needs root; use sudo where the script runs as another user.
SUDO=""
if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi

missing_debs=()
# The three browser engines the end-to-end suite runs in (Chromium, Firefox ESR, WebKitGTK with its
# WebDriver and an X server for it), and nginx, which serves the packaged page as an admin would.
for pkg in chromium chromium-driver firefox-esr webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb xauth nginx \
  locales fonts-noto-cjk brotli curl unzip python3-venv; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_debs+=("$pkg")
done
if ((${#missing_debs[@]})); then
  say "installing Debian packages: ${missing_debs[*]}"
  $SUDO apt-get update -qq
  # No service starts at install (nginx would listen on port 80): the tests start their own.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null \
      || { $SUDO rm -f /usr/sbin/policy-rc.d; false; }
    $SUDO rm -f /usr/sbin/policy-rc.d
  else
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
  fi
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
  # Not --locked: the CLI's own lock file names a dependency version the registry no longer has.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! garage --version 2>/dev/null | grep -q ":$GARAGE_VERSION "; then
  say "installing garage $GARAGE_VERSION, the local S3 server (about 11 minutes on 2 cores)"
  cargo install --locked garage --version "$GARAGE_VERSION"
fi

if [[ ! -x "$ROOT/node_modules/.bin/wasm-opt" ]] || ! (cd "$ROOT" && npm ls --silent >/dev/null 2>&1); then
  say "installing npm tools (playwright-core, puppeteer-core, selenium-webdriver, axe-core, binaryen's wasm-opt)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The AWS CLI, moto and botocore live in the project's own virtual environment (.venv).
if ! "$ROOT/.venv/bin/python" -c "import moto, flask, flask_cors, boto3" 2>/dev/null \
  || [[ ! -x "$ROOT/.venv/bin/aws" || ! -x "$ROOT/.venv/bin/moto_server" ]]; then
  say "installing Python tools into .venv (AWS CLI, moto server)"
  python3 -m venv "$ROOT/.venv"
  "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/tests/requirements.txt"
fi
