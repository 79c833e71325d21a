import subprocess


def compress(filename: str) -> None:
    """Compress a user-provided file name."""
    subprocess.run(["tar", "czf", f"{filename}.tgz", "--", filename], check=True)


if __name__ == "__main__":
    compress(input("file to compress: "))
