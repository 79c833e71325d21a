import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_card_number(key: bytes, card: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, card.encode(), None)
