from cryptography.hazmat.primitives.asymmetric import rsa


def generate_keypair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    return key, key.public_key()
