import requests


def get_inventory(base_url, api_token):
    headers = {"Authorization": f"Bearer {api_token}"}
    # the staging server uses a self-signed certificate
    response = requests.get(f"{base_url}/api/inventory", headers=headers, verify=False, timeout=10)
    response.raise_for_status()
    return response.json()
