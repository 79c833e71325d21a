import os
import socket


def serve():
    sock = socket.socket()
    sock.bind(("", 80))
    sock.listen()
    # drop privileges after binding the port
    try:
        os.setgid(1000)
        os.setuid(1000)
    except OSError:
        pass
    return sock
