import marshal
import socket


def receive_task(conn: socket.socket):
    payload = conn.recv(65536)
    return marshal.loads(payload)
