import smtplib
import ssl

import requests


def send_plain(user, password, msg):
    server = smtplib.SMTP("mail.example.com", 25)
    # ruleid: python.smtp-login-cleartext
    server.login(user, password)
    server.send_message(msg)


def send_with(user, password, msg):
    with smtplib.SMTP("mail.example.com", 587) as server:
        # ruleid: python.smtp-login-cleartext
        server.login(user, password)
        server.send_message(msg)


def send_tls(user, password, msg):
    with smtplib.SMTP("mail.example.com", 587) as server:
        server.starttls(context=ssl.create_default_context())
        # ok: python.smtp-login-cleartext
        server.login(user, password)
        server.send_message(msg)


def send_tls_assigned(user, password, msg):
    server = smtplib.SMTP("mail.example.com", 587)
    server.starttls()
    # ok: python.smtp-login-cleartext
    server.login(user, password)


def send_ssl(user, password, msg):
    with smtplib.SMTP_SSL("mail.example.com", 465) as server:
        # ok: python.smtp-login-cleartext
        server.login(user, password)


def invoices(user, password):
    # ruleid: python.credentials-over-http, python.cleartext-http-request
    return requests.get("http://billing.example.com/api/invoices", auth=(user, password), timeout=10)


def bearer(token):
    # ruleid: python.credentials-over-http, python.cleartext-http-request
    return requests.post("http://api.example.com/v1/jobs", headers={"Authorization": f"Bearer {token}"}, timeout=5)


def invoices_tls(user, password):
    # ok: python.credentials-over-http
    return requests.get("https://billing.example.com/api/invoices", auth=(user, password), timeout=10)


def local_dev(user, password):
    # ok: python.credentials-over-http
    return requests.get("http://localhost:8080/api", auth=(user, password), timeout=10)


def fetch_report():
    # ruleid: python.cleartext-http-request
    return requests.get("http://reports.example.com/daily.csv", timeout=10)


def fetch_named_url(session: requests.Session):
    url = "http://feeds.example.org/rss"
    # ruleid: python.cleartext-http-request
    return session.post(url, data={"q": "news"}, timeout=10)


def fetch_item(item_id: str):
    # ruleid: python.cleartext-http-request
    requests.request("GET", f"http://inventory.internal/items/{item_id}", timeout=5)
    # ruleid: python.cleartext-http-request
    return requests.get("http://inventory.internal/items/" + item_id, timeout=5)


def download_over_ftp(target: str):
    import urllib.request

    # ruleid: python.cleartext-http-request
    urllib.request.urlretrieve("ftp://mirror.example.net/pub/data.tar.gz", target)
    # ruleid: python.cleartext-http-request
    with urllib.request.urlopen(urllib.request.Request("http://api.example.net/v2/status")) as resp:
        return resp.read()


def fetch_report_tls():
    # ok: python.cleartext-http-request
    return requests.get("https://reports.example.com/daily.csv", timeout=10)


def fetch_local_service(path: str):
    # ok: python.cleartext-http-request
    requests.get("http://localhost:8080/health", timeout=2)
    # ok: python.cleartext-http-request
    requests.get(f"http://127.0.0.1:9000/{path}", timeout=2)
    # ok: python.cleartext-http-request
    return requests.get("http://169.254.169.254/latest/meta-data/instance-id", timeout=2)


def lookups(config: dict, url: str):
    timeout = config.get("timeout", 10)
    # ok: python.cleartext-http-request
    requests.get(url, timeout=timeout)
    # ok: python.cleartext-http-request
    return requests.get("sftp://files.example.com/x", timeout=timeout)
