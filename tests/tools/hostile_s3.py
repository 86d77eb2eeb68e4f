#!/usr/bin/env python3
"""A hostile S3 on loopback for the end-to-end tests: each bucket name is one way of answering badly.

Usage: hostile_s3.py PORT
  Listens on 127.0.0.1:PORT and answers every request to
  /<bucket>/... as the bucket's name says. It checks no signature (the page's keys are the
  test's). GET /__log gives, per bucket, the requests it took and the body bytes it sent;
  POST /__reset clears it.

Buckets:
  huge-body      a 200 MB listing body
  token-loop     truncated pages that always give the same continuation token
  empty-pages    empty truncated pages, each with a new token, forever
  long-key       one page holding a 70,000-byte key (and a short one)
  wrong-length   a Content-Length larger than the body, then the connection closes
  bad-utf8       a listing whose keys hold invalid UTF-8
  entity-bomb    a listing with a DTD of nested entities ("billion laughs")
  deep-nesting   a listing nested 100,000 elements deep
  trickle        a listing body sent one byte a second
  hostile-names  keys and Content-Disposition values full of control and bidi characters
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
LOG = {}
LOCK = threading.Lock()


def page(keys, token=None, prefixes=(), encoded=False):
    """A ListObjectsV2 page of `keys` (XML-safe, or url-encoded here when `encoded`), truncated
    when `token` is given."""
    if encoded:
        keys = [quote(k, safe="/") for k in keys]
    contents = "".join(
        f"<Contents><Key>{k}</Key><LastModified>2026-11-30T12:00:00.000Z</LastModified>"
        f"<ETag>&quot;0&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>"
        for k in keys)
    folders = "".join(f"<CommonPrefixes><Prefix>{p}</Prefix></CommonPrefixes>" for p in prefixes)
    more = f"<IsTruncated>true</IsTruncated><NextContinuationToken>{token}</NextContinuationToken>" if token else "<IsTruncated>false</IsTruncated>"
    encoding = "<EncodingType>url</EncodingType>" if encoded else ""
    return f"{HEAD}<Name>b</Name><Prefix></Prefix><KeyCount>{len(keys)}</KeyCount><MaxKeys>1000</MaxKeys>{encoding}{more}{contents}{folders}</ListBucketResult>".encode()


# Characters a name must never carry to the screen or a header as they are.
NASTY = "\u202e\u200b\u0007\r\n\t\u0000"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_one_request(self):
        # A 70,000-byte key makes a request line longer than http.server's 64 KiB.
        self.raw_requestline = self.rfile.readline(1 << 20)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        method = getattr(self, "do_" + self.command, None)
        if method is None:
            self.send_error(501)
            return
        method()
        self.wfile.flush()

    def cors(self):
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Access-Control-Expose-Headers", "ETag, Content-Length, Content-Range, Content-Disposition")

    def count(self, bucket, sent):
        with LOCK:
            entry = LOG.setdefault(bucket, {"requests": 0, "bytes": 0})
            entry["bytes"] += sent

    def do_OPTIONS(self):
        self.send_response(200)
        self.cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        if self.path == "/__reset":
            with LOCK:
                LOG.clear()
        self.send_response(204)
        self.cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def answer(self, body, status=200, content_type="application/xml", headers=()):
        self.send_response(status)
        self.cors()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        return len(body)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/__log":
            with LOCK:
                body = json.dumps(LOG).encode()
            self.answer(body, content_type="application/json")
            return
        parts = url.path.lstrip("/").split("/", 1)
        bucket, key = parts[0], (parts[1] if len(parts) > 1 else "")
        query = parse_qs(url.query)
        with LOCK:
            LOG.setdefault(bucket, {"requests": 0, "bytes": 0})["requests"] += 1
        sent = 0
        try:
            sent = getattr(self, "bucket_" + bucket.replace("-", "_"), self.unknown)(key, query)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.count(bucket, sent or 0)

    def unknown(self, key, query):
        body = b"<Error><Code>NoSuchBucket</Code><Message>no such bucket</Message></Error>"
        return self.answer(body, status=404)

    def bucket_huge_body(self, key, query):
        # 200 MB of one listing, sent in 1 MB pieces for as long as the page reads.
        total = 200 << 20
        filler = b"<Contents><Key>" + b"x" * 1000 + b"</Key><Size>1</Size></Contents>"
        self.send_response(200)
        self.cors()
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        chunk = (filler * ((1 << 20) // len(filler) + 1))[: 1 << 20]
        try:
            while sent < total:
                piece = chunk[: total - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return sent

    def bucket_token_loop(self, key, query):
        return self.answer(page([f"loop-{time.time_ns()}.txt"], token="again"))

    def bucket_empty_pages(self, key, query):
        previous = query.get("continuation-token", ["0"])[0]
        return self.answer(page([], token=str(int(previous) + 1 if previous.isdigit() else 1)))

    def bucket_long_key(self, key, query):
        if key:
            return self.answer(b"abc", content_type="application/octet-stream")
        return self.answer(page(["k" * 70_000, "short.txt"]))

    def bucket_wrong_length(self, key, query):
        body = page(["a.txt", "b.txt"])
        self.send_response(200)
        self.cors()
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body) + 5000))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True
        return len(body)

    def bucket_bad_utf8(self, key, query):
        body = page(["good.txt", "PLACEHOLDER"]).replace(b"PLACEHOLDER", b"bad-\xff\xfe-\xc3(.txt")
        return self.answer(body)

    def bucket_entity_bomb(self, key, query):
        # Each entity ten of the one before: &lol9; would be 10^9 "lol"s if it were expanded.
        entities = '<!ENTITY lol0 "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
        body = ('<?xml version="1.0"?>\n<!DOCTYPE ListBucketResult [' + entities + ']>'
                '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>&lol9;</Key>'
                '<Size>1</Size></Contents></ListBucketResult>').encode()
        return self.answer(body)

    def bucket_deep_nesting(self, key, query):
        depth = 100_000
        body = (HEAD + "<IsTruncated>false</IsTruncated>" + "<a>" * depth + "</a>" * depth + "</ListBucketResult>").encode()
        return self.answer(body)

    def bucket_trickle(self, key, query):
        body = page(["slow.txt"])
        self.send_response(200)
        self.cors()
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        sent = 0
        try:
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                sent += 1
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return sent

    def bucket_hostile_names(self, key, query):
        if key:
            # A header may not hold CR or LF; every other control and bidi character goes in.
            nasty = NASTY.replace("\r", "").replace("\n", "").replace("\0", "")
            disposition = f'attachment; filename="evil{nasty}.exe"; filename*=UTF-8\'\'{quote("evil" + NASTY + ".exe")}'
            return self.answer(b"abc", content_type="text/html",
                               headers=[("Content-Disposition", disposition.encode("utf-8").decode("latin-1"))])
        names = [f"ctl{c}name.txt" for c in "\u0001\u0007\u001b\u007f\r\n"]
        names += ["bidi\u202etxt.exe", "zero\u200bwidth.txt", "<b>tag</b>.txt", "CON", "..", "../../escape.txt"]
        return self.answer(page(names, encoded=True))


def main(port):
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
