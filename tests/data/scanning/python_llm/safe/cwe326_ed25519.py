from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def new_signing_key():
    return Ed25519PrivateKey.generate()
