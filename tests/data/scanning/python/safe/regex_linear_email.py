import re

EMAIL_PATTERN = re.compile(r"^[a-zA-Z0-9._-]+@[a-zA-Z0-9-]+\.[a-z]{2,}$")


def is_valid_email(address: str) -> bool:
    return len(address) <= 254 and EMAIL_PATTERN.match(address) is not None
