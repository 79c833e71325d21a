import base64
import json


def save_credentials(username: str, password: str, path: str = "creds.json") -> None:
    """Store the user's credentials so they do not have to type them again."""
    encoded = base64.b64encode(password.encode()).decode()
    with open(path, "w") as fh:
        json.dump({"username": username, "password": encoded}, fh)
