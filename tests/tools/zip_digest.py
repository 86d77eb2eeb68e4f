"""Opens a ZIP the portal wrote with Python's zipfile, checks every CRC, and prints {name: sha256} as JSON."""
import hashlib
import json
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as archive:
    bad = archive.testzip()
    if bad is not None:
        sys.exit(f"bad CRC in {bad}")
    out = {}
    for info in archive.infolist():
        digest = hashlib.sha256()
        with archive.open(info) as entry:
            for block in iter(lambda: entry.read(1 << 20), b""):
                digest.update(block)
        out[info.filename] = digest.hexdigest()
json.dump(out, sys.stdout, ensure_ascii=False)
