import socket

MAX_MESSAGE = 64 * 1024


def handle(conn: socket.socket) -> bytes:
    data = b""
    while len(data) < MAX_MESSAGE:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data[:MAX_MESSAGE]
