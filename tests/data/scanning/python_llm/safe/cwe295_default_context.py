import json
import ssl
import urllib.request


def fetch_json(url):
    context = ssl.create_default_context()
    with urllib.request.urlopen(url, context=context) as resp:
        return json.load(resp)
