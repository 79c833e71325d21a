def read_user_file(path):
    try:
        with open(path) as f:
            return f.read()
    except PermissionError:
        return None
