import os


def append_audit(path: str, line: str) -> None:
    """Append to the audit file, refusing symlinks atomically."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "a") as fh:
        fh.write(line + "\n")
