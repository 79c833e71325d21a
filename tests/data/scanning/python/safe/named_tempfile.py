import csv
import tempfile


def export_rows(rows):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as fh:
        writer = csv.writer(fh)
        writer.writerows(rows)
        return fh.name
