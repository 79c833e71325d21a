import re

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$")


def is_valid_email(address: str) -> bool:
    return len(address) <= 320 and EMAIL_RE.match(address) is not None
