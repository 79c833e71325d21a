"""The edge writes a response's head together with its body (gateway.edge.protocol.HeadWithBody).

On a loopback connection each write that wakes the reading client costs ~0.1 ms; a non-streamed
answer used to be two writes (head, then body) and so two wake-ups. The head now waits for the
body written in the same loop turn, and a head whose body is not ready (a stream) still goes out
at the end of that turn. Run on a real event loop, over a real socket pair, with the writes the
transport receives recorded.
"""

from __future__ import annotations

import asyncio
import socket

from gateway.edge.protocol import HeadWithBody


class Recorded(asyncio.Protocol):
    pass


async def _transport() -> tuple[asyncio.Transport, list[bytes], socket.socket]:
    ours, theirs = socket.socketpair()
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_connection(Recorded, sock=ours)
    writes: list[bytes] = []
    real_write = transport.write

    def write(data: bytes) -> None:  # type: ignore[override]
        writes.append(bytes(data))
        real_write(data)

    transport.write = write  # type: ignore[method-assign]
    return transport, writes, theirs


def _read_all(sock: socket.socket, size: int) -> bytes:
    sock.settimeout(5)
    data = b""
    while len(data) < size:
        data += sock.recv(65536)
    return data


def test_head_and_body_of_one_turn_are_one_write() -> None:
    async def run() -> tuple[list[bytes], bytes]:
        transport, writes, peer = await _transport()
        edge = HeadWithBody(transport, asyncio.get_running_loop())
        edge.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        edge.write(b"{}")
        await asyncio.sleep(0)
        received = _read_all(peer, sum(map(len, writes)))
        transport.close()
        peer.close()
        return writes, received

    writes, received = asyncio.run(run())
    assert writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
    assert received.endswith(b"\r\n\r\n{}")


def test_a_head_without_a_body_in_its_turn_goes_out_at_the_turn_end() -> None:
    async def run() -> tuple[list[bytes], list[bytes], bytes]:
        transport, writes, peer = await _transport()
        edge = HeadWithBody(transport, asyncio.get_running_loop())
        edge.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        await asyncio.sleep(0.01)  # a stream waiting for its first chunk: the client has its head
        before_chunk = list(writes)
        head = _read_all(peer, len(before_chunk[0]) if before_chunk else 1)
        edge.write(b"5\r\nhello\r\n")
        edge.write(b"0\r\n\r\n")
        transport.close()
        peer.close()
        return before_chunk, writes, head

    before_chunk, writes, head = asyncio.run(run())
    assert before_chunk == [b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"]
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert writes[1:] == [b"5\r\nhello\r\n", b"0\r\n\r\n"]  # only the head ever waits


def test_close_writes_a_held_head_first_and_a_refusal_drops_it() -> None:
    async def run() -> tuple[list[bytes], list[bytes]]:
        transport, closed_writes, peer = await _transport()
        edge = HeadWithBody(transport, asyncio.get_running_loop())
        edge.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        edge.close()
        peer.close()
        transport2, refused_writes, peer2 = await _transport()
        edge2 = HeadWithBody(transport2, asyncio.get_running_loop())
        edge2.write(b"HTTP/1.1 200 OK\r\n\r\n")
        edge2.discard()
        await asyncio.sleep(0.01)
        transport2.close()
        peer2.close()
        return closed_writes, refused_writes

    closed_writes, refused_writes = asyncio.run(run())
    assert closed_writes == [b"HTTP/1.1 204 No Content\r\n\r\n"]
    assert refused_writes == []
