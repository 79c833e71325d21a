import json
import ssl
import urllib.request


def fetch_json(url):
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context) as resp:
        return json.load(resp)
