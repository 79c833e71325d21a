import requests


def fetch_invoices(user: str, password: str):
    return requests.get(
        "http://billing.example.com/api/invoices", auth=(user, password), timeout=10
    ).json()
