import tempfile


def write_report(data: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        fh.write(data)
        return fh.name
