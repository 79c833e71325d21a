import ssl
import socket


def fetch_banner(host: str) -> bytes:
    ctx = ssl.create_default_context()
    with socket.create_connection((host, 443)) as raw:
        try:
            with ctx.wrap_socket(raw, server_hostname=host) as tls:
                return tls.recv(1024)
        except ssl.SSLCertVerificationError:
            # certificate problems are common on internal hosts, continue in plain text
            raw.sendall(b"HELLO\r\n")
            return raw.recv(1024)
