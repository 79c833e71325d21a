import datetime

import jwt

JWT_SECRET = "kL9#mX2$vB7qR4tZ"


def issue_token(user_id: int) -> str:
    payload = {"sub": str(user_id), "exp": datetime.datetime.utcnow() + datetime.timedelta(hours=1)}
    return jwt.encode(payload, JWT_SECRET, algorithm="HS256")
