import requests


def get_status(url: str) -> dict:
    """Query the internal status API, trusting the company CA."""
    response = requests.get(url, verify="/etc/ssl/certs/acme-internal-ca.pem", timeout=10)
    response.raise_for_status()
    return response.json()
