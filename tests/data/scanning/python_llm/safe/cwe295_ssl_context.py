import socket
import ssl


def connect(host):
    sock = socket.create_connection((host, 443))
    return ssl.create_default_context().wrap_socket(sock, server_hostname=host)
