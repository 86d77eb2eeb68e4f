# A work folder and the cleanup every script needs: stop each background server, remove the folder.
# Sourced; sets WORK (a fresh temporary folder; KEEP_WORK=1 keeps it for inspection).

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bucket-portal.XXXXXX")"

cleanup() {
  # Every server a script starts is one of its background jobs.
  local pids
  pids="$(jobs -p)"
  if [[ -n "$pids" ]]; then
    kill $pids 2>/dev/null || true
    # Only these: a bare `wait` would also wait for the log's tee, which ends after this shell.
    wait $pids 2>/dev/null || true
  fi
  [[ "${KEEP_WORK:-}" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_http URL — waits until URL answers.
wait_http() {
  for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "no answer from $1" >&2
  return 1
}

# serve_portal PORT — serves dist/ on 127.0.0.1:PORT (any static server does; this is Python's).
serve_portal() {
  python3 -m http.server "$1" --bind 127.0.0.1 --directory "$ROOT/dist" >"$WORK/http-$1.log" 2>&1 &
  wait_http "http://127.0.0.1:$1/"
}

# serve_package PORT [SITE] — serves the package scripts/package.sh made as an admin would: its
# site/ folder (or a copy of it, SITE) from Debian's nginx on 127.0.0.1:PORT, with the package's own
# server/nginx.conf unchanged inside the server block (so the page gets the headers an admin
# deploys: CSP, caching, nosniff). Sets PACKAGE_SITE (where config.json goes, beside index.html).
serve_package() {
  local package dir
  package="$ROOT/target/package/bucket-portal-$(sed -nE 's/^version = "(.*)"/\1/p' "$ROOT/Cargo.toml" | head -1)/"
  PACKAGE_SITE="${package}site"
  dir="$WORK/nginx-$1"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
user $(id -un);
worker_processes 2;
pid $dir/nginx.pid;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $dir/access.log;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$1;
    root ${2:-$PACKAGE_SITE};
    index index.html;
    include ${package}server/nginx.conf;
  }
}
CONF
  nginx -t -q -e "$dir/error.log" -c "$dir/nginx.conf" -p "$dir"
  nginx -e "$dir/error.log" -c "$dir/nginx.conf" -p "$dir" &
  wait_http "http://127.0.0.1:$1/"
}
