import tarfile


def unpack_upload(archive_path: str, dest: str) -> None:
    with tarfile.open(archive_path) as tar:
        tar.extractall(dest, filter="data")
