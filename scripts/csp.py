#!/usr/bin/env python3
"""The page's Content-Security-Policy: one template, rendered for the <meta> tag Trunk's build writes
and for the server headers a package ships (nginx, CloudFront), from the hosts the page may contact.

The page contacts only its own files and S3 (and STS): `connect-src` for listings, objects and STS,
`media-src` for audio and video previews played straight from S3, `frame-src` for downloads handed
to the browser through a hidden frame. Everything else is closed.
Usage as a program: csp.py HOST… — prints the policy for those hosts (as a header).
"""
import sys

# The hosts of a development build (and the demo): any https host, and loopback on any port.
OPEN_HOSTS = ["https:", "http://127.0.0.1:*", "http://localhost:*"]


def policy(hosts, script_hashes="", header=False):
    """The policy for `hosts` (S3, STS), with the inline loader's hashes; `header`: as a server
    sends it, with what a <meta> tag cannot carry (frame-ancestors)."""
    hosts = " ".join(hosts)
    directives = [
        "default-src 'none'",
        f"script-src 'self' 'wasm-unsafe-eval' {script_hashes}".rstrip(),
        "style-src 'self'",
        "img-src 'self' data: blob:",
        f"media-src {hosts}",
        f"connect-src 'self' {hosts}",
        f"frame-src 'self' blob: {hosts}",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
        "worker-src 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def aws_hosts(region):
    """What the page contacts on AWS for a bucket in `region`: the global S3 host (the first request
    when no region is given), the regional one S3 then names (a wrong-region retry), both in path
    and virtual-host form; the regional STS, and us-east-1's (where the page asks STS while the
    region field is empty)."""
    hosts = [
        "https://s3.amazonaws.com",
        "https://*.s3.amazonaws.com",
        f"https://s3.{region}.amazonaws.com",
        f"https://*.s3.{region}.amazonaws.com",
        f"https://sts.{region}.amazonaws.com",
        "https://sts.us-east-1.amazonaws.com",
    ]
    return list(dict.fromkeys(hosts))


if __name__ == "__main__":
    print(policy(sys.argv[1:], header=True))
