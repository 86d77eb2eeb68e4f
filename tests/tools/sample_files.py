#!/usr/bin/env python3
"""Writes the sample tree for the demo and the tests, and prints a JSON manifest of it.

Usage: sample_files.py DIR MANY BIG_MB
  nested folders, MANY files in many/, Korean and special-character names, a BIG_MB random file.
"""
import hashlib
import json
import os
import sys


def write(root, key, data):
    path = os.path.join(root, *key.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return {"key": key, "name": key.rsplit("/", 1)[-1], "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def main(root, many, big_mb):
    many, big_mb = int(many), int(big_mb)
    files = {
        "korean": write(root, "한글 파일 (최종).txt", "안녕하세요. 버킷 포털 예제 파일입니다.\n".encode() * 100),
        "html": write(root, "<img src=x onerror=alert(1)> <b>bold & co.txt", b"a key that looks like HTML\n"),
        "readme": write(root, "readme.txt", b"Sample files for bucket-portal.\n"),
        "special": write(root, "special/a+b c%d#e?f&g'h~i.txt", b"special characters\n"),
    }
    for key in ["docs/2024/report.txt", "docs/2024/분기 보고서.txt", "docs/2025/plan.md", "docs/readme.txt",
                "보고서/2024년/결과 요약.txt"]:
        write(root, key, f"contents of {key}\n".encode())
    # Files the preview shows as text: markup is never rendered.
    files["html_page"] = write(root, "preview/page.html", b"<h1>Not a heading</h1><script>window.previewRan = true</script>\n")
    files["notes"] = write(root, "preview/notes.txt", "첫 줄\nsecond line\n".encode())
    # Files the resume test fetches through a proxy that cuts connections.
    flaky = [write(root, f"flaky/part-{i:02d}.bin", os.urandom(2 << 20)) for i in range(1, 21)]
    for i in range(1, many + 1):
        write(root, f"many/file-{i:04d}.txt", f"file {i}\n".encode())
    name = f"big-{big_mb}MB.bin" if big_mb < 1024 else f"big-{big_mb // 1024}GiB.bin"
    path = os.path.join(root, name)
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for _ in range(big_mb):
            chunk = os.urandom(1 << 20)
            digest.update(chunk)
            f.write(chunk)
    files["big"] = {"key": name, "name": name, "size": big_mb << 20, "sha256": digest.hexdigest()}
    json.dump({"files": files, "flaky": flaky, "many": many, "htmlName": files["html"]["name"]}, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
