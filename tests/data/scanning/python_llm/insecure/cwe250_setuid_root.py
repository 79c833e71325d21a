import os
import subprocess


def run_backup(target: str) -> None:
    """Run the backup tool with full privileges."""
    os.setuid(0)
    subprocess.run(["/usr/local/bin/backup", target], check=True)
