import json
import socket


def receive_task(conn: socket.socket):
    payload = conn.recv(65536)
    return json.loads(payload.decode("utf-8"))
