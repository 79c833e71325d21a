from Crypto.PublicKey import DSA


def new_signing_key():
    return DSA.generate(1024)
