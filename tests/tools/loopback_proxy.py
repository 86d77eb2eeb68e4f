"""What the test proxies share: a server on 127.0.0.1 only, handing each client, with a new
connection to the S3 server on TARGET, to `relay(client_reader, client_writer, upstream_reader,
upstream_writer)`."""
import asyncio


def serve(listen, target, relay):
    async def handle(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.transport.abort()
            return
        await relay(client_reader, client_writer, upstream_reader, upstream_writer)

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", listen)
        async with server:
            await server.serve_forever()

    asyncio.run(main())
