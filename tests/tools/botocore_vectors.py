#!/usr/bin/env python3
"""Writes SigV4 test vectors made by botocore (the AWS CLI's signer) for tests/botocore_crosscheck.rs.

Presigned GetObject / ListObjectsV2 URLs and header-signed requests, at a fixed time, for keys with
spaces, Korean, `+ % # ? & ' ~`, `//` runs and a trailing `/`, with and without a session token;
and the STS requests the page makes itself (AssumeRole with and without MFA, GetSessionToken,
GetCallerIdentity), as botocore's own STS client builds, encodes and signs them.
Usage: botocore_vectors.py OUT.json
"""
import datetime
import json
import sys
from unittest import mock

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

TIME = datetime.datetime(2026, 11, 28, 12, 0, 0)
AK = "ASIAZ4EXAMPLEKEY7QXM"
SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6+abc/def=="
KEYS = [
    "plain.txt",
    "with space.txt",
    "보고서/2024년 결과.pdf",
    "a+b%c#d?e&f'g~h.txt",
    "a//b///c.txt",
    "trailing/",
    "mixed/ 공백 + 더하기%.txt",
]
PLACES = [
    # (bucket, region, endpoint the portal is given, addressing)
    ("temp-credentials-s3", "ap-northeast-2", "", "virtual"),
    ("temp-credentials-s3", "us-east-1", "http://127.0.0.1:3900", "path"),
]


def client(region, endpoint, addressing, token):
    url = endpoint or f"https://s3.{region}.amazonaws.com"
    return boto3.client(
        "s3",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id=AK,
        aws_secret_access_key=SK,
        aws_session_token=token,
        config=Config(signature_version="s3v4", s3={"addressing_style": addressing}),
    )


STS_PLACES = [
    # (region, endpoint the page talks STS to)
    ("ap-northeast-2", "https://sts.ap-northeast-2.amazonaws.com/"),
    ("us-east-1", "http://127.0.0.1:5000/"),
]
ROLE = "arn:aws:iam::123456789012:role/leedw416-assume-role-for-s3"
MFA = "arn:aws:iam::123456789012:mfa/leedw416"
STS_CALLS = [
    ("assume_role", {"RoleArn": ROLE, "RoleSessionName": "leedw416", "DurationSeconds": 3600}),
    ("assume_role", {"RoleArn": ROLE, "RoleSessionName": "me@example.com", "DurationSeconds": 43200,
                     "SerialNumber": MFA, "TokenCode": "123456"}),
    ("get_session_token", {"DurationSeconds": 900}),
    ("get_session_token", {"DurationSeconds": 3600, "SerialNumber": MFA, "TokenCode": "654321"}),
    ("get_caller_identity", {}),
]


class Sent(Exception):
    """Stops botocore before it sends: the request it built is in `args[0]`."""


def sts_vectors():
    def stop(request, **kwargs):
        raise Sent(request)

    out = []
    for region, endpoint in STS_PLACES:
        for token in (None, TOKEN):
            sts = boto3.client("sts", region_name=region, endpoint_url=endpoint, aws_access_key_id=AK,
                               aws_secret_access_key=SK, aws_session_token=token)
            sts.meta.events.register("before-send.sts.*", stop)
            for call, params in STS_CALLS:
                try:
                    getattr(sts, call)(**params)
                except Sent as sent:
                    request = sent.args[0]
                text = lambda v: v.decode() if isinstance(v, bytes) else v
                out.append({"kind": "sts", "call": call, "params": params, "region": region,
                            "endpoint": endpoint, "session_token": token, "method": request.method,
                            "url": request.url, "body": text(request.body),
                            "content_type": text(request.headers["Content-Type"]),
                            "authorization": text(request.headers["Authorization"])})
    return out


def main(out):
    vectors = []
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=TIME):
        for bucket, region, endpoint, addressing in PLACES:
            for token in (None, TOKEN):
                s3 = client(region, endpoint, addressing, token)
                base = {"bucket": bucket, "region": region, "endpoint": endpoint, "addressing": addressing, "session_token": token}
                for key in KEYS:
                    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=3600)
                    vectors.append({**base, "kind": "get_object", "key": key, "url": url})
                for prefix, cont in (("", None), ("보고서/a b+c/", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")):
                    params = {"Bucket": bucket, "Delimiter": "/", "EncodingType": "url"}
                    if prefix:
                        params["Prefix"] = prefix
                    if cont:
                        params["ContinuationToken"] = cont
                    url = s3.generate_presigned_url("list_objects_v2", Params=params, ExpiresIn=900)
                    vectors.append({**base, "kind": "list_objects_v2", "prefix": prefix, "continuation_token": cont, "url": url})
                if endpoint.startswith("http://"):
                    # Header signing over plain http signs the (empty) payload, as the portal does.
                    for key in KEYS:
                        probe = client(region, endpoint, addressing, token)
                        url = probe.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}).split("?")[0]
                        request = AWSRequest(method="GET", url=url, headers={"Range": "bytes=0-0"})
                        botocore.auth.S3SigV4Auth(Credentials(AK, SK, token), "s3", region).add_auth(request)
                        vectors.append({**base, "kind": "header", "key": key, "url": url,
                                        "authorization": request.headers["Authorization"]})
        vectors += sts_vectors()
    doc = {"time": TIME.strftime("%Y-%m-%dT%H:%M:%SZ"), "access_key_id": AK, "secret_access_key": SK,
           "botocore": botocore.__version__, "vectors": vectors}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    print(f"botocore {botocore.__version__}: {len(vectors)} vectors -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
