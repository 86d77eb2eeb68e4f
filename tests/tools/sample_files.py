#!/usr/bin/env python3
"""Writes the sample tree for the demo and the tests, and prints a JSON manifest of it.

Usage: sample_files.py DIR MANY BIG_MB
  nested folders, MANY files in many/, Korean and special-character names, a BIG_MB random file.
"""
import hashlib
import json
import math
import os
import struct
import sys
import zlib


def write(root, key, data):
    path = os.path.join(root, *key.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return {"key": key, "name": key.rsplit("/", 1)[-1], "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def png(width, height, pixels):
    """A PNG of RGB `pixels` (rows of (r, g, b)), unfiltered."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes(c for p in row for c in p) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def pdf(text):
    """A one-page PDF saying `text` (ASCII), with a correct cross-reference table."""
    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def wav(seconds, rate=8000, tone=440):
    """A mono 16-bit WAV of a sine tone."""
    samples = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * tone * i / rate))) for i in range(int(seconds * rate)))
    header = b"RIFF" + struct.pack("<I", 36 + len(samples)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + b"data" + struct.pack("<I", len(samples)) + samples


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
    # Files the preview shows as an image (3 x 2 known colours), a PDF and audio.
    pixels = [[(255, 0, 0), (0, 255, 0), (0, 0, 255)], [(255, 255, 255), (0, 0, 0), (255, 128, 0)]]
    files["image"] = write(root, "preview/pixels.png", png(3, 2, pixels))
    files["image"]["pixels"] = pixels
    files["pdf"] = write(root, "preview/minimal.pdf", pdf("Hello from bucket-portal"))
    files["audio"] = write(root, "preview/tone.wav", wav(1.5))
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
