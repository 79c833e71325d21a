"""The keep-alive HTTP/1.1 client for non-streaming upstream calls, against raw socket servers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from gateway.routing.http1 import (
    Http1Client,
    UpstreamConnectError,
    UpstreamProtocolError,
    UpstreamTimeout,
    request_bytes,
)

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
PAYLOAD = request_bytes("test", "/v1/completions", {"content-type": "application/json"}, b'{"prompt": "x"}')


async def read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(int(line.split(b":")[1]) for line in lines if line.lower().startswith(b"content-length"))
    return head + await reader.readexactly(length)


async def serve(handler: Handler) -> tuple[asyncio.Server, int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def run(main: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(main())


def test_keep_alive_reuses_one_connection_and_sends_a_well_formed_request() -> None:
    connections: list[int] = []
    seen: list[bytes] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while True:
            try:
                seen.append(await read_request(reader))
            except asyncio.IncompleteReadError:
                break
            writer.write(b'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok": true')
            await writer.drain()
        writer.close()

    async def main() -> None:
        server, port = await serve(handler)
        client = Http1Client()
        try:
            for _ in range(5):
                reply = await client.post("127.0.0.1", port, PAYLOAD, connect_timeout_s=2, read_timeout_s=2)
                assert (reply.status, reply.body) == (200, b'{"ok": true')
        finally:
            client.close()
            server.close()

    run(main)
    assert len(connections) == 1 and len(seen) == 5
    assert seen[0].startswith(b"POST /v1/completions HTTP/1.1\r\nhost: test\r\ncontent-length: 15\r\n")
    assert seen[0].endswith(b'\r\n\r\n{"prompt": "x"}')


def test_chunked_and_eof_delimited_bodies_and_error_statuses() -> None:
    replies = [
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        b"HTTP/1.0 200 OK\r\n\r\nuntil the end",
        b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy",
    ]

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while replies:  # keep-alive until a reply that ends with the connection
            await read_request(reader)
            reply = replies.pop(0)
            writer.write(reply)
            await writer.drain()
            if b"chunked" not in reply:
                break
        writer.close()

    async def main() -> None:
        server, port = await serve(handler)
        client = Http1Client()
        try:
            got = [await client.post("127.0.0.1", port, PAYLOAD, connect_timeout_s=2, read_timeout_s=2)
                   for _ in range(3)]
        finally:
            client.close()
            server.close()
        assert [(r.status, r.body) for r in got] == [(200, b"hello world"), (200, b"until the end"), (503, b"busy")]

    run(main)


def test_a_connection_the_server_closed_while_idle_is_retried_once_on_a_new_one() -> None:
    served = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal served
        await read_request(reader)
        served += 1
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()  # keep-alive timeout on the server side

    async def main() -> None:
        server, port = await serve(handler)
        client = Http1Client()
        try:
            await client.post("127.0.0.1", port, PAYLOAD, connect_timeout_s=2, read_timeout_s=2)
            await asyncio.sleep(0.2)  # the server has closed the pooled connection by now
            reply = await client.post("127.0.0.1", port, PAYLOAD, connect_timeout_s=2, read_timeout_s=2)
            assert reply.body == b"ok"
        finally:
            client.close()
            server.close()

    run(main)
    assert served == 2


def test_failures_are_typed_and_never_hang() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"SMTP ready\r\n\r\n")
        await writer.drain()

    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial")
        await writer.drain()
        writer.close()

    async def main() -> None:
        client = Http1Client()
        for handler, error in ((silent, UpstreamTimeout), (garbage, UpstreamProtocolError),
                               (cut, UpstreamProtocolError)):
            server, port = await serve(handler)
            try:
                with pytest.raises(error):
                    await asyncio.wait_for(
                        client.post("127.0.0.1", port, PAYLOAD, connect_timeout_s=1, read_timeout_s=0.3), 3)
            finally:
                server.close()
        closed, port = await serve(silent)
        closed.close()
        await closed.wait_closed()
        with pytest.raises(UpstreamConnectError):
            await client.post("127.0.0.1", port, PAYLOAD, connect_timeout_s=1, read_timeout_s=1)
        client.close()

    run(main)


@pytest.mark.parametrize("name,value", [("x-evil", "a\r\nx-injected: 1"), ("x-evil\r\nx", "v"), ("bad:name", "v")])
def test_header_injection_is_refused(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        request_bytes("host", "/v1/completions", {name: value}, b"{}")
