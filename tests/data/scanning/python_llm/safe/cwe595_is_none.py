def verify_token(supplied, expected):
    if supplied is None or expected is None:
        return False
    import hmac
    return hmac.compare_digest(supplied, expected)
