import os


def write_shared_config(path, content):
    with open(path, "w") as fh:
        fh.write(content)
    # make sure every service can read and update it
    os.chmod(path, 0o777)
