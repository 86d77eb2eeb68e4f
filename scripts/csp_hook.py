#!/usr/bin/env python3
"""Trunk post-build hook: writes the page's CSP (scripts/csp.py's template) into its <meta> tag, with
the SHA-256 of each inline <script> (Trunk's loader) and the hosts the page may contact.

The hosts come from PORTAL_CSP_HOSTS (space-separated; scripts/package.sh sets them for one setup);
without it, a development build allows any https host and loopback (csp.OPEN_HOSTS).
Runs on the staged index.html (TRUNK_STAGING_DIR).
"""
import base64
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from csp import OPEN_HOSTS, policy  # noqa: E402

PLACEHOLDER = "CSP_POLICY"


def main() -> int:
    path = os.path.join(os.environ["TRUNK_STAGING_DIR"], "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        for s in scripts
    )
    if PLACEHOLDER not in html:
        print("csp_hook: placeholder missing from index.html", file=sys.stderr)
        return 1
    hosts = os.environ.get("PORTAL_CSP_HOSTS", "").split() or OPEN_HOSTS
    # The attribute is written quoted whether index.html had it quoted or not (an HTML minifier
    # drops the quotes of a value without spaces); the policy has spaces and single quotes.
    html, count = re.subn(
        r"""content=(["']?)%s\1""" % PLACEHOLDER,
        lambda _: 'content="%s"' % policy(hosts, hashes),
        html,
    )
    # A placeholder left in the page would be a page without a policy: never ship that.
    if count != 1 or PLACEHOLDER in html:
        print("csp_hook: the policy's <meta> content could not be filled in", file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp_hook: {len(scripts)} inline script(s) hashed; hosts: {' '.join(hosts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
