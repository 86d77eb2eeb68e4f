#!/usr/bin/env python3
"""A loopback TCP proxy for the resume tests: forwards everything to the S3 server, and cuts
connections whose first request names a path containing one of MARKS (comma-separated) after a random number of response
bytes (a reset, as a dropped network does). Bounded: it only ever listens on 127.0.0.1.

Usage: cutting_proxy.py LISTEN_PORT TARGET_PORT MARKS [SEED]
"""
import asyncio
import random
import sys

from loopback_proxy import serve

LISTEN, TARGET = int(sys.argv[1]), int(sys.argv[2])
MARKS = [mark.encode() for mark in sys.argv[3].split(",")]
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 416)
# A first request is cut one time in two; a resumed (ranged) one in four, so every file gets
# through within the portal's ten resumes (odds of failing: below one in a million per file).
CUT_FIRST, CUT_RESUMED = 0.5, 0.25
# Under each mark the first request of all is always cut: with three browsers' suites side by side
# drawing from the one generator, chance alone once left ranged/ uncut, and the run checks a cut.
cut_under = set()


async def pipe(reader, writer, cut=None):
    forwarded = 0
    try:
        while data := await reader.read(65536):
            if cut is not None and forwarded + len(data) > cut:
                writer.write(data[: cut - forwarded])
                await writer.drain()
                return True
            writer.write(data)
            await writer.drain()
            forwarded += len(data)
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    return False


async def relay(client_reader, client_writer, upstream_reader, upstream_writer):
    first = await client_reader.read(65536)
    request_line = first.split(b"\r\n", 1)[0]
    # One request per connection, so that every request can be cut.
    first = first.replace(b"Connection: keep-alive", b"Connection: close")
    resumed = b"\r\nrange: bytes=" in first.lower() and b"range: bytes=0-0" not in first.lower()
    cut = None
    marks = [mark for mark in MARKS if mark in request_line]
    if marks and (marks[0] not in cut_under or rng.random() < (CUT_RESUMED if resumed else CUT_FIRST)):
        cut = rng.randint(32 * 1024, 1536 * 1024)
    upstream_writer.write(first)
    await upstream_writer.drain()
    to_server = asyncio.ensure_future(pipe(client_reader, upstream_writer))
    was_cut = await pipe(upstream_reader, client_writer, cut)
    if was_cut:
        cut_under.update(marks)
        print(f"cut {request_line.decode(errors='replace').split(' ')[1][:80]} after {cut} bytes", flush=True)
        client_writer.transport.abort()
        upstream_writer.transport.abort()
    else:
        client_writer.close()
        upstream_writer.close()
    to_server.cancel()


if __name__ == "__main__":
    serve(LISTEN, TARGET, relay)
