import os
import secrets

API_TOKEN = os.environ["API_TOKEN"]


def is_authorized(headers: dict) -> bool:
    return secrets.compare_digest(headers.get("X-Api-Token", ""), API_TOKEN)
