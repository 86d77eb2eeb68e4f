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
