import hashlib


def file_checksum(path: str) -> str:
    """Integrity checksum for downloaded artifacts."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()
