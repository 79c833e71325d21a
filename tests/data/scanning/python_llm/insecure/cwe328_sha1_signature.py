import hashlib


def sign_payload(secret: str, payload: str) -> str:
    """Signature the webhook receiver checks."""
    return hashlib.sha1((secret + payload).encode()).hexdigest()
