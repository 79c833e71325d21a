import subprocess


def compress(filename: str) -> None:
    """Compress a user-provided file name."""
    subprocess.run(f"tar czf {filename}.tgz {filename}", shell=True, check=True)


if __name__ == "__main__":
    compress(input("file to compress: "))
