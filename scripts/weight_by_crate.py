#!/usr/bin/env python3
"""Sums `twiggy top --format csv` shallow sizes by crate, and the page's own code by module.

Usage: weight_by_crate.py TWIGGY_CSV [ROWS]. `scripts/weight_by_crate.sh` makes the CSV; raw bytes
of code and data, without the name section (brotli shrinks them about 3.3 times).
"""
import collections
import csv
import re
import sys


def owner(name):
    """The crate (or our module) a function or data segment of the wasm belongs to."""
    name = re.sub(r"\[[0-9a-f]{6,}\]", "", name)
    if name.startswith("data segment"):
        return "(data: strings, tables)"
    if re.match(r"^(code|elem)\[\d+\]", name):
        return "(unnamed)"
    # `<A as B>::f` is A's code, unless A is a bare type parameter or a primitive.
    m = re.match(r"^<(.+?) as ([A-Za-z_][A-Za-z0-9_]*)", name)
    if m:
        a = re.sub(r"^(&mut |&|\*const |\*mut |dyn )+", "", m.group(1))
        ma = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", a)
        crate = ma.group(1) if ma else m.group(2)
    else:
        ma = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", re.sub(r"^[<&*]+", "", name))
        crate = ma.group(1) if ma else "(other)"
    if crate == "bucket_portal":
        mm = re.search(r"bucket_portal::([a-z_]+)(?:::([a-z_0-9]+))?", name)
        if not mm:
            return "bucket_portal"
        part = mm.group(1)
        return "bucket_portal::" + part + ("::" + mm.group(2) if part == "core" and mm.group(2) else "")
    return crate


def main():
    sizes = collections.Counter()
    total = 0
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            # The name section (kept for twiggy) is not shipped.
            if 'names" subsection' in row["Name"] or "'name'" in row["Name"] or "module name" in row["Name"]:
                continue
            size = int(row["ShallowSize"])
            total += size
            sizes[owner(row["Name"])] += size
    for crate, size in sizes.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 40):
        print(f"{size:9} {100 * size / total:5.1f}%  {crate}")
    print(f"{total:9}  all (code and data, without the name section)")


if __name__ == "__main__":
    main()
