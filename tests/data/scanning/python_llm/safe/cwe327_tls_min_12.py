import socket
import ssl


def open_channel(host: str):
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx.wrap_socket(socket.create_connection((host, 443)), server_hostname=host)
