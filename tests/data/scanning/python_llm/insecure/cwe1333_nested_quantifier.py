import re

EMAIL_RE = re.compile(r"^([a-zA-Z0-9]+)*@([a-zA-Z0-9]+\.)+[a-zA-Z]{2,}$")


def is_valid_email(address: str) -> bool:
    return EMAIL_RE.match(address) is not None
