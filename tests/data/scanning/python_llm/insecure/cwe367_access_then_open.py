import os


def read_user_file(path):
    if os.access(path, os.R_OK):
        with open(path) as f:
            return f.read()
    raise PermissionError(path)
