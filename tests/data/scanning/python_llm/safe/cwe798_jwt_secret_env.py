import datetime
import os

import jwt

JWT_SECRET = os.environ["JWT_SECRET"]


def issue_token(user_id: int) -> str:
    payload = {"sub": str(user_id), "exp": datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)}
    return jwt.encode(payload, JWT_SECRET, algorithm="HS256")
