import subprocess


def convert_to_pdf(input_path, output_dir):
    """Convert a document to PDF with LibreOffice."""
    cmd = f"libreoffice --headless --convert-to pdf --outdir {output_dir} {input_path}"
    result = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return result.stdout
