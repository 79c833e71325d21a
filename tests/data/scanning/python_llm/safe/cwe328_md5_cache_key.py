import hashlib


def cache_key(url: str) -> str:
    # not a security boundary: only names a cache file
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
