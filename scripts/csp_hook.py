#!/usr/bin/env python3
"""Trunk post-build hook: puts the SHA-256 of each inline <script> into the page's CSP.

Trunk writes a small inline module that loads the wasm; a strict script-src blocks it unless
its hash is listed. Runs on the staged index.html (TRUNK_STAGING_DIR).
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "TRUNK_INLINE_SCRIPT_HASHES"


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
    html = html.replace(PLACEHOLDER, hashes)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp_hook: {len(scripts)} inline script(s) hashed into the CSP")
    return 0


if __name__ == "__main__":
    sys.exit(main())
