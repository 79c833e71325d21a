def verify_token(supplied, expected):
    return supplied is expected
