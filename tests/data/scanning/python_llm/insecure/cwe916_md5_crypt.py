import crypt


def hash_password(password: str) -> str:
    return crypt.crypt(password, "$1$saltsalt$")
