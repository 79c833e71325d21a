import os


def append_audit(path: str, line: str) -> None:
    """Append to the audit file unless it is a symlink."""
    if not os.path.islink(path):
        with open(path, "a") as fh:
            fh.write(line + "\n")
