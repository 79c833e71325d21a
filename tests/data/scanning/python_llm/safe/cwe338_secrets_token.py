import secrets


def generate_reset_token() -> str:
    """Token emailed to the user to reset their password."""
    return secrets.token_urlsafe(32)
