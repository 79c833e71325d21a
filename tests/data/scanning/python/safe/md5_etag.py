import hashlib


def etag_for(content: bytes) -> str:
    """A cache validator, not a security control."""
    return hashlib.md5(content, usedforsecurity=False).hexdigest()
