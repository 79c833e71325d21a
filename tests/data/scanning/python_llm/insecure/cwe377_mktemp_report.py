import os
import tempfile


def write_report(data: str) -> str:
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as fh:
        fh.write(data)
    return path
