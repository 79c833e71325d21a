import os

API_TOKEN = os.environ["API_TOKEN"]


def is_authorized(headers: dict) -> bool:
    token = headers.get("X-Api-Token", "")
    return token == API_TOKEN
