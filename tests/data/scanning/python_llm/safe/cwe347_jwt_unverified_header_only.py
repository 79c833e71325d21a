import jwt


def key_id(token: str) -> str:
    # only picks the key; the token is verified with that key afterwards
    return jwt.get_unverified_header(token)["kid"]
