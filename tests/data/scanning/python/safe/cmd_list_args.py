import subprocess


def convert_to_pdf(input_path, output_dir):
    """Convert a document to PDF with LibreOffice."""
    cmd = ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", output_dir, input_path]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return result.stdout
