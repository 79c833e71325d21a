import os
import stat


def write_config(path, data):
    with open(path, "w") as fh:
        fh.write(data)
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
