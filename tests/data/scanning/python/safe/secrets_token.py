import secrets


def generate_password_reset_token() -> str:
    """Create an unguessable token for the password reset e-mail."""
    return secrets.token_urlsafe(32)
