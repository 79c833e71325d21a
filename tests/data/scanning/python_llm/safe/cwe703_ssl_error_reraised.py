import logging
import socket
import ssl

log = logging.getLogger(__name__)


def fetch_banner(host: str) -> bytes:
    ctx = ssl.create_default_context()
    with socket.create_connection((host, 443)) as raw:
        try:
            with ctx.wrap_socket(raw, server_hostname=host) as tls:
                return tls.recv(1024)
        except ssl.SSLCertVerificationError:
            log.error("certificate verification failed for %s", host)
            raise
