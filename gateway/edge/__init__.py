"""The gateway's edge: what happens to a connection and a request before the application routes it.

- protocol.py: size limits and slow-client deadlines inside uvicorn's HTTP/1.1 protocol;
- proxies.py: forwarded headers, trusted only from `server.trusted_proxies`;
- head.py: HEAD answered wherever GET is.
"""

from gateway.edge.head import HeadAsGet
from gateway.edge.proxies import TrustedProxies

__all__ = ["HeadAsGet", "TrustedProxies"]
