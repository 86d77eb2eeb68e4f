"""Seeds many small objects fast: PUTs side by side from several processes (the AWS CLI's `cp --recursive` does a few at a time; one Python process is held back by its interpreter lock).

Usage: seed_many.py ENDPOINT BUCKET PREFIX COUNT [DEEP_LEVELS] [FOLDERS]
  Reads the admin's keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Writes COUNT objects
  under PREFIX named `item N.txt` (N from 1, not zero-padded, so natural order differs from S3's
  byte order), each N % 997 + 1 bytes; one of them Korean in NFD form (`보고서 N.txt`
  decomposed), which a filter typed in NFC must find. With DEEP_LEVELS, also one key that many
  folders deep (`deep/l1/…/needle.txt`) for the recursive search. With FOLDERS, the objects
  are spread over that many folders two or three levels down (`gNN/fNNNN/` and
  `gNN/fNNNN/h/`) instead. Prints what it made as JSON (count, the Korean key, the deep key,
  seconds taken).
"""

import concurrent.futures
import json
import multiprocessing
import os
import sys
import threading
import time
import unicodedata

import botocore.session
from botocore.config import Config

PROCESSES = max(2, 2 * (os.cpu_count() or 1))
THREADS = 16
local = threading.local()


def client(endpoint):
    if not hasattr(local, "s3"):
        local.s3 = botocore.session.get_session().create_client(
            "s3",
            region_name="us-east-1",
            endpoint_url=endpoint,
            aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
            config=Config(s3={"addressing_style": "path"}, max_pool_connections=4, retries={"max_attempts": 5}),
        )
    return local.s3


def put_all(endpoint, bucket, objects):
    """One process's share: (key, size) pairs, put by a pool of threads."""
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        put = lambda o: client(endpoint).put_object(Bucket=bucket, Key=o[0], Body=b"x" * o[1])
        for future in concurrent.futures.as_completed([pool.submit(put, o) for o in objects]):
            future.result()


def seed(endpoint, bucket, objects):
    """Puts (key, size) pairs from several processes."""
    shares = [objects[i::PROCESSES] for i in range(PROCESSES)]
    with multiprocessing.Pool(PROCESSES) as pool:
        pool.starmap(put_all, [(endpoint, bucket, share) for share in shares])


def main():
    endpoint, bucket, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    deep_levels = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    folders = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    korean_n = count // 2
    korean = prefix + unicodedata.normalize("NFD", f"보고서 {korean_n}.txt")

    def folder(n):
        if not folders:
            return prefix
        f = n % folders
        return f"{prefix}g{f % 10:02d}/f{f:04d}/" + ("h/" if f % 2 else "")

    key = lambda n: folder(n) + (korean[len(prefix):] if n == korean_n else f"item {n}.txt")
    started = time.monotonic()
    seed(endpoint, bucket, [(key(n), n % 997 + 1) for n in range(1, count + 1)])
    deep = ""
    if deep_levels:
        deep = prefix + "deep/" + "".join(f"l{i}/" for i in range(1, deep_levels + 1)) + "needle.txt"
        client(endpoint).put_object(Bucket=bucket, Key=deep, Body=b"found me\n")
    json.dump(
        {"count": count, "korean": key(korean_n), "deep": deep, "seconds": round(time.monotonic() - started, 1)},
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
