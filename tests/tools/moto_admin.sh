#!/usr/bin/env bash
# Sets up moto (IAM enforced) with the real AWS CLI, as an admin would for an outside user:
# user leedw416 may only sts:AssumeRole into leedw416-assume-role-for-s3, whose policy allows
# s3:ListBucket / s3:GetObject on temp-credentials-s3. Writes into DIR:
#   user-access-key.json  (aws iam create-access-key: the user's own long-term keys)
#   assume-role.json      (aws sts assume-role … --duration-seconds 3600, as sent to the user)
#   role-arn.txt          (the role's ARN, for the page to assume it itself)
#   files/, uploaded-keys.txt (the objects and their keys)
# Usage: moto_admin.sh ENDPOINT DIR   (moto started with INITIAL_NO_AUTH_ACTION_COUNT=3)
# Keys stay ASCII here: moto's own SigV4 check mis-canonicalises Korean and + % & ' in keys
# (the AWS CLI's uploads of those fail against it); Garage and botocore vectors cover them.
set -euo pipefail
ENDPOINT="$1"
DIR="$2"
mkdir -p "$DIR/files"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws_as() { # aws_as KEYFILE args… — run the CLI with the keys in KEYFILE (create-access-key JSON)
  local keys="$1"; shift
  AWS_ACCESS_KEY_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AccessKey"]["AccessKeyId"])' "$keys")" \
  AWS_SECRET_ACCESS_KEY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AccessKey"]["SecretAccessKey"])' "$keys")" \
    aws --endpoint-url "$ENDPOINT" "$@"
}

# The three unauthenticated calls moto allows: an admin user with full rights and its key.
export AWS_ACCESS_KEY_ID=bootstrap AWS_SECRET_ACCESS_KEY=bootstrap
aws --endpoint-url "$ENDPOINT" iam create-user --user-name admin >/dev/null
aws --endpoint-url "$ENDPOINT" iam put-user-policy --user-name admin --policy-name everything \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
aws --endpoint-url "$ENDPOINT" iam create-access-key --user-name admin >"$DIR/admin-access-key.json"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
ADMIN="$DIR/admin-access-key.json"

# The bucket and a few objects.
aws_as "$ADMIN" s3api create-bucket --bucket temp-credentials-s3 >/dev/null
: >"$DIR/uploaded-keys.txt"
for key in "reports/2024 annual report.txt" "reports/q1#q2?.txt" "readme.txt"; do
  mkdir -p "$DIR/files/$(dirname "$key")"
  printf 'object %s\n' "$key" >"$DIR/files/$key"
  aws_as "$ADMIN" s3api put-object --bucket temp-credentials-s3 --key "$key" --body "$DIR/files/$key" >/dev/null
  printf '%s\n' "$key" >>"$DIR/uploaded-keys.txt"
done

# The outside user, who may only assume the role.
USER_ARN="$(aws_as "$ADMIN" iam create-user --user-name leedw416 --query User.Arn --output text)"
ACCOUNT="$(cut -d: -f5 <<<"$USER_ARN")"
ROLE_ARN="arn:aws:iam::$ACCOUNT:role/leedw416-assume-role-for-s3"
aws_as "$ADMIN" iam put-user-policy --user-name leedw416 --policy-name assume-portal-role --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"$ROLE_ARN\"}]}"
aws_as "$ADMIN" iam create-access-key --user-name leedw416 >"$DIR/user-access-key.json"

# The role: trusted by the user (named literally), allowed to list and read the bucket.
aws_as "$ADMIN" iam create-role --role-name leedw416-assume-role-for-s3 --assume-role-policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"$USER_ARN\"},\"Action\":\"sts:AssumeRole\"}]}" >/dev/null
aws_as "$ADMIN" iam put-role-policy --role-name leedw416-assume-role-for-s3 --policy-name read-bucket --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::temp-credentials-s3"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::temp-credentials-s3/*"}]}'

# What the admin sends: the user's temporary keys.
aws_as "$DIR/user-access-key.json" sts assume-role --role-arn "$ROLE_ARN" --role-session-name portal \
  --duration-seconds 3600 >"$DIR/assume-role.json"
printf '%s\n' "$ROLE_ARN" >"$DIR/role-arn.txt"
echo "moto: role $ROLE_ARN assumed; keys in $DIR/assume-role.json"
