# Local S3 for the demo and the tests: a single-node Garage on loopback, keys, buckets, sample data.
# Sourced; needs ROOT. Functions set GARAGE_* and S3_ENDPOINT.

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# garage_start DIR [S3_PORT] — a fresh single-node Garage (region us-east-1) with its data in DIR.
garage_start() {
  local dir="$1" s3_port="${2:-$(free_port)}" rpc_port
  rpc_port="$(free_port)"
  rm -rf "$dir" && mkdir -p "$dir"
  GARAGE_DIR="$dir"
  GARAGE_CONFIG="$dir/garage.toml"
  cat >"$GARAGE_CONFIG" <<TOML
metadata_dir = "$dir/meta"
data_dir = "$dir/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$rpc_port"
rpc_public_addr = "127.0.0.1:$rpc_port"
rpc_secret = "$(python3 -c 'import secrets; print(secrets.token_hex(32))')"

[s3_api]
s3_region = "us-east-1"
api_bind_addr = "127.0.0.1:$s3_port"
TOML
  RUST_LOG=warn garage -c "$GARAGE_CONFIG" server >"$dir/server.log" 2>&1 &
  GARAGE_PID=$!
  S3_ENDPOINT="http://127.0.0.1:$s3_port"
  local node=""
  for _ in $(seq 100); do
    node="$(garage -c "$GARAGE_CONFIG" node id -q 2>/dev/null | cut -d@ -f1)" && [[ -n "$node" ]] && break
    sleep 0.2
  done
  [[ -n "$node" ]] || { echo "garage did not start; see $dir/server.log" >&2; return 1; }
  # The node key exists before the server listens: wait until it answers over RPC.
  for _ in $(seq 100); do
    garage -c "$GARAGE_CONFIG" status >/dev/null 2>&1 && break
    sleep 0.2
  done
  garage -c "$GARAGE_CONFIG" layout assign -z dc1 -c 1G "$node" >/dev/null
  garage -c "$GARAGE_CONFIG" layout apply --version 1 >/dev/null
  garage_wait_s3
}

# garage_wait_s3 — waits until Garage's S3 API answers on S3_ENDPOINT.
garage_wait_s3() {
  for _ in $(seq 150); do
    curl -s -o /dev/null "$S3_ENDPOINT/" && return 0
    sleep 0.2
  done
  echo "garage S3 API did not answer on $S3_ENDPOINT; see $GARAGE_DIR/server.log" >&2
  return 1
}

garage_cli() { garage -c "$GARAGE_CONFIG" "$@"; }

# garage_cached DIR — Garage on the data kept in DIR from an earlier run (new ports, same node,
# keys and objects), or a fresh one there; sets what garage_start sets and GARAGE_REUSED=1|0.
garage_cached() {
  local dir="$1" s3_port rpc_port
  if [[ ! -f "$dir/garage.toml" || ! -d "$dir/meta" ]]; then
    GARAGE_REUSED=0
    garage_start "$dir"
    return
  fi
  GARAGE_REUSED=1
  s3_port="$(free_port)" rpc_port="$(free_port)"
  GARAGE_DIR="$dir"
  GARAGE_CONFIG="$dir/garage.toml"
  sed -i -E "s/^(rpc_bind_addr|rpc_public_addr) = .*/\1 = \"127.0.0.1:$rpc_port\"/; s/^api_bind_addr = .*/api_bind_addr = \"127.0.0.1:$s3_port\"/" "$GARAGE_CONFIG"
  RUST_LOG=warn garage -c "$GARAGE_CONFIG" server >"$dir/server.log" 2>&1 &
  GARAGE_PID=$!
  S3_ENDPOINT="http://127.0.0.1:$s3_port"
  garage_wait_s3
}

# garage_key NAME [EXPIRES_IN] — creates a key; sets KEY_ID, KEY_SECRET, KEY_EXPIRATION (RFC 3339 or empty).
garage_key() {
  local out
  out="$(garage_cli key create ${2:+--expires-in "$2"} "$1")"
  KEY_ID="$(awk '/^Key ID:/ {print $3}' <<<"$out")"
  KEY_SECRET="$(awk '/^Secret key:/ {print $3}' <<<"$out")"
  KEY_EXPIRATION="$(awk -F': +' '/^Expiration:/ {print $2}' <<<"$out")"
  if [[ "$KEY_EXPIRATION" == never ]]; then
    KEY_EXPIRATION=""
  else
    # Garage leaves out the fraction of a second when it is zero.
    KEY_EXPIRATION="$(python3 -c 'import sys, re, datetime; print(datetime.datetime.strptime(re.sub(r"(:\d\d) ", r"\1.0 ", sys.argv[1]), "%Y-%m-%d %H:%M:%S.%f %z").isoformat(timespec="seconds"))' "$KEY_EXPIRATION")"
  fi
}

# key_json [EXPIRATION] — the current KEY_ID/KEY_SECRET in the JSON shape `aws sts assume-role` prints
# (no SessionToken: Garage has no STS).
key_json() {
  python3 - "$KEY_ID" "$KEY_SECRET" "${1:-}" <<'PY'
import json, sys
creds = {"AccessKeyId": sys.argv[1], "SecretAccessKey": sys.argv[2]}
if sys.argv[3]:
    creds["Expiration"] = sys.argv[3]
print(json.dumps({"Credentials": creds, "AssumedRoleUser": {"AssumedRoleId": "garage-demo", "Arn": "arn:aws:sts::000000000000:assumed-role/portal-demo/demo"}}, indent=4))
PY
}

# user_key NAME EXPIRES_IN BUCKET… — a key that may read BUCKETs (none: no rights at all);
# sets KEY_* and USER_KEYS, the JSON to paste (with its Expiration when the portal should know it).
user_key() {
  local name="$1" expires="$2"; shift 2
  garage_key "$name" "$expires"
  for bucket in "$@"; do
    garage_cli bucket allow --read "$bucket" --key "$KEY_ID" >/dev/null
  done
  USER_KEYS="$(key_json "$KEY_EXPIRATION")"
}

# admin_setup — an owner key for creating buckets and uploading; exports the AWS CLI environment.
admin_setup() {
  garage_key portal-admin
  ADMIN_ID="$KEY_ID" ADMIN_SECRET="$KEY_SECRET"
  export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
}

admin_aws() {
  AWS_ACCESS_KEY_ID="$ADMIN_ID" AWS_SECRET_ACCESS_KEY="$ADMIN_SECRET" aws --endpoint-url "$S3_ENDPOINT" "$@"
}

# make_bucket NAME [ORIGIN…] — a bucket owned by the admin key, with the portal's CORS rule for ORIGINs.
make_bucket() {
  local name="$1"; shift
  garage_cli bucket create "$name" >/dev/null
  garage_cli bucket allow --read --write --owner "$name" --key "$ADMIN_ID" >/dev/null
  if (($#)); then
    set_cors "$name" "$@"
  fi
}

# set_cors BUCKET ORIGIN… — the portal's CORS rule (examples/cors_rule.rs) for ORIGINs.
set_cors() {
  local name="$1"; shift
  (cd "$ROOT" && cargo run -q --example cors_rule -- "$@") >"$GARAGE_DIR/cors.json"
  admin_aws s3api put-bucket-cors --bucket "$name" --cors-configuration "file://$GARAGE_DIR/cors.json"
}

# seed BUCKET WORKDIR MANY BIG_MB — uploads the sample tree (tests/tools/sample_files.py) with the AWS CLI.
seed() {
  local bucket="$1" work="$2" many="$3" big="$4"
  python3 "$ROOT/tests/tools/sample_files.py" "$work/files" "$many" "$big" >"$work/manifest.json"
  admin_aws s3 cp --recursive --only-show-errors "$work/files" "s3://$bucket/"
  # What a file system cannot hold: a folder marker and a key with a `//` run.
  admin_aws s3api put-object --bucket "$bucket" --key "empty-folder/" >/dev/null
  admin_aws s3api put-object --bucket "$bucket" --key "special//double slash.txt" --body "$work/manifest.json" >/dev/null
  # Sent in one PUT, so its ETag is its MD5: a big file the page can verify after ranged parts.
  head -c $((40 << 20)) /dev/urandom >"$work/whole-40MB.bin"
  admin_aws s3api put-object --bucket "$bucket" --key "ranged/whole-40MB.bin" --body "$work/whole-40MB.bin" >/dev/null
}

# server_count BUCKET PREFIX — how many objects the server lists directly under PREFIX.
server_count() {
  # The CLI follows every continuation token and merges the pages into one JSON document.
  admin_aws s3api list-objects-v2 --bucket "$1" --prefix "$2" --delimiter / --output json |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin).get("Contents", [])))'
}

# start_s3_for_portal — Garage in $WORK with an admin key, a free port for the page (PORTAL_PORT,
# PORTAL) and bucket temp-credentials-s3 whose CORS rule names that page.
start_s3_for_portal() {
  garage_start "$WORK/garage"
  admin_setup
  PORTAL_PORT="$(free_port)"
  PORTAL="http://127.0.0.1:$PORTAL_PORT"
  make_bucket temp-credentials-s3 "$PORTAL"
}
