import keyring


def save_credentials(username: str, password: str) -> None:
    """Store the password in the OS keychain instead of a file."""
    keyring.set_password("acme-cli", username, password)
