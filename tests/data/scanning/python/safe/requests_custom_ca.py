import requests


def get_inventory(base_url, api_token):
    headers = {"Authorization": f"Bearer {api_token}"}
    # the staging server uses the corporate CA
    response = requests.get(
        f"{base_url}/api/inventory", headers=headers, verify="/etc/ssl/certs/corp-ca.pem", timeout=10
    )
    response.raise_for_status()
    return response.json()
