import requests


def get_status(url: str) -> dict:
    """Query the internal status API (self-signed certificate)."""
    response = requests.get(url, verify=False, timeout=10)
    response.raise_for_status()
    return response.json()
