import os

import jwt
from flask import request


def current_user_id():
    auth = request.headers.get("Authorization", "")
    token = auth.removeprefix("Bearer ")
    claims = jwt.decode(token, os.environ["JWT_PUBLIC_KEY"], algorithms=["RS256"], audience="orders-api")
    return claims["sub"]
