import random
import string


def generate_password_reset_token(length: int = 32) -> str:
    """Create a random token for the password reset e-mail."""
    chars = string.ascii_letters + string.digits
    return "".join(random.choice(chars) for _ in range(length))
