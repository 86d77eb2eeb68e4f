#!/usr/bin/env python3
"""Packs a release build (dist/) for one setup: the site's files, the same CSP as server headers for
nginx and for an S3 static website behind CloudFront (with caching: hashed files immutable, the
rest revalidated), and bucket-portal-VERSION.tar.gz with SHA-256 sums.
Usage: package.py VERSION ORIGIN HOST…   (run by scripts/package.sh after the build)
"""
import hashlib
import json
import os
import re
import shutil
import sys
import tarfile

sys.path.insert(0, os.path.dirname(__file__))
from csp import policy  # noqa: E402

HASHED = re.compile(r"-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def script_hashes(index_html):
    """The inline-script hashes the build put into the <meta> policy (the header needs them too)."""
    match = re.search(r"script-src 'self' 'wasm-unsafe-eval' ([^;]*);", index_html)
    return match.group(1).strip() if match else ""


def nginx(header_policy):
    return f"""# bucket-portal: serve the site/ folder of this package. Paste into the server {{}} block.
add_header Content-Security-Policy "{header_policy}" always;
add_header Referrer-Policy "no-referrer" always;
add_header X-Content-Type-Options "nosniff" always;
# nginx's own mime.types must map .wasm to application/wasm (it does since nginx 1.21.1).

# Hashed file names change with every build: cached for good.
location ~* "-[0-9a-f]{{16}}(_bg)?\\.(js|wasm|css)$" {{
    add_header Cache-Control "{IMMUTABLE}" always;
    add_header Content-Security-Policy "{header_policy}" always;
    add_header Referrer-Policy "no-referrer" always;
    add_header X-Content-Type-Options "nosniff" always;
}}

# index.html, config.json, sw.js and the worker's unhashed files: asked again each time.
location / {{
    add_header Cache-Control "{REVALIDATE}" always;
    add_header Content-Security-Policy "{header_policy}" always;
    add_header Referrer-Policy "no-referrer" always;
    add_header X-Content-Type-Options "nosniff" always;
    try_files $uri $uri/ =404;
}}
"""


def cloudfront(header_policy):
    return {
        "Name": "bucket-portal-security-headers",
        "Comment": "bucket-portal: CSP, no framing, no referrer, no sniffing",
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": header_policy},
            "ContentTypeOptions": {"Override": True},
            "FrameOptions": {"Override": True, "FrameOption": "DENY"},
            "ReferrerPolicy": {"Override": True, "ReferrerPolicy": "no-referrer"},
            "StrictTransportSecurity": {"Override": False, "IncludeSubdomains": False, "Preload": False,
                                        "AccessControlMaxAgeSec": 31536000},
        },
    }


def upload_script(site_files):
    hashed = [f for f in site_files if HASHED.search(f)]
    rest = [f for f in site_files if not HASHED.search(f)]
    lines = [
        "#!/bin/sh",
        "# Uploads site/ to the S3 bucket behind CloudFront with each file's Cache-Control:",
        "# hashed files immutable, the rest revalidated. Usage: upload-to-s3.sh s3://SITE-BUCKET",
        "set -eu",
        'DEST="${1:?usage: upload-to-s3.sh s3://SITE-BUCKET}"',
        'cd "$(dirname "$0")/../site"',
    ]
    def cp(f, cache):
        kind = ' --content-type application/wasm' if f.endswith('.wasm') else ''
        return f'aws s3 cp "{f}" "$DEST/{f}" --cache-control "{cache}"{kind}'
    lines += [cp(f, IMMUTABLE) for f in hashed]
    lines += [cp(f, REVALIDATE) for f in rest]
    lines.append("# Then attach server/cloudfront-response-headers-policy.json to the distribution:")
    lines.append("#   aws cloudfront create-response-headers-policy --response-headers-policy-config file://cloudfront-response-headers-policy.json")
    return "\n".join(lines) + "\n"


def main(version, origin, hosts):
    root = os.getcwd()
    dist = os.path.join(root, "dist")
    name = f"bucket-portal-{version}"
    out = os.path.join(root, "target", "package", name)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(dist, os.path.join(out, "site"))
    site_files = sorted(os.listdir(os.path.join(out, "site")))
    with open(os.path.join(dist, "index.html"), encoding="utf-8") as f:
        header_policy = policy(hosts, script_hashes(f.read()), header=True)
    server = os.path.join(out, "server")
    os.makedirs(server)
    with open(os.path.join(server, "nginx.conf"), "w") as f:
        f.write(nginx(header_policy))
    with open(os.path.join(server, "cloudfront-response-headers-policy.json"), "w") as f:
        json.dump(cloudfront(header_policy), f, indent=2)
        f.write("\n")
    with open(os.path.join(server, "upload-to-s3.sh"), "w") as f:
        f.write(upload_script(site_files))
    os.chmod(os.path.join(server, "upload-to-s3.sh"), 0o755)
    with open(os.path.join(out, "README.txt"), "w") as f:
        f.write(f"bucket-portal {version}, built for the page at {origin}.\n"
                f"site/ is the page; server/ holds its headers for nginx and CloudFront.\n"
                f"The page may contact: {' '.join(hosts)}\n")
    sums = []
    for folder, _, files in sorted(os.walk(out)):
        for file in sorted(files):
            path = os.path.join(folder, file)
            with open(path, "rb") as f:
                sums.append(f"{hashlib.sha256(f.read()).hexdigest()}  {os.path.relpath(path, out)}")
    with open(os.path.join(out, "SHA256SUMS"), "w") as f:
        f.write("\n".join(sums) + "\n")
    tarball = os.path.join(root, f"{name}.tar.gz")
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(out, arcname=name)
    with open(tarball, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(tarball + ".sha256", "w") as f:
        f.write(f"{digest}  {os.path.basename(tarball)}\n")
    print(f"package: {tarball} (sha256 {digest})")
    print(f"policy: {header_policy}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
