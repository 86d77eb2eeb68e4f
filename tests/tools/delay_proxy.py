#!/usr/bin/env python3
"""A loopback TCP proxy for the benchmarks that makes a long link: every chunk is held DELAY_MS
before it is passed on, each way, and a connection has at most WINDOW bytes on the way at once
(like a receive window), so one stream gets at most WINDOW per DELAY_MS however fast the server.
Prints each request's path and Range header, so a test can tell parallel parts from one stream.

Usage: delay_proxy.py LISTEN_PORT TARGET_PORT DELAY_MS WINDOW_BYTES
"""
import asyncio
import sys

from loopback_proxy import serve

LISTEN, TARGET = int(sys.argv[1]), int(sys.argv[2])
DELAY, WINDOW = int(sys.argv[3]) / 1000, int(sys.argv[4])


async def pipe(reader, writer, first=b""):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()
    if first:
        queue.put_nowait((loop.time() + DELAY, first))
    in_flight = len(first)
    room = asyncio.Condition()

    async def deliver():
        nonlocal in_flight
        while True:
            due, data = await queue.get()
            if data is None:
                break
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
            async with room:
                in_flight -= len(data)
                room.notify_all()
        writer.close()

    sender = asyncio.ensure_future(deliver())
    try:
        while data := await reader.read(65536):
            async with room:
                await room.wait_for(lambda: in_flight < WINDOW)
                in_flight += len(data)
            queue.put_nowait((loop.time() + DELAY, data))
    except ConnectionError:
        pass
    queue.put_nowait((0, None))
    try:
        await sender
    except ConnectionError:
        pass


async def relay(client_reader, client_writer, upstream_reader, upstream_writer):
    first = await client_reader.read(65536)
    lines = first.split(b"\r\n\r\n", 1)[0].decode(errors="replace").split("\r\n")
    target = (lines[0].split(" ") + ["", ""])[1].split("?", 1)[0]
    ranges = [line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("range:")]
    print(f"{target} range={ranges[0] if ranges else '-'}", flush=True)
    await asyncio.gather(pipe(client_reader, upstream_writer, first), pipe(upstream_reader, client_writer))


if __name__ == "__main__":
    serve(LISTEN, TARGET, relay)
