import tarfile
from pathlib import Path


def install_plugin(archive_path: str, plugins_dir: str) -> Path:
    target = Path(plugins_dir)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(target)
    return target
