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
    # ruleid: python.credentials-over-http
    return requests.get("http://billing.example.com/api/invoices", auth=(user, password), timeout=10)


def bearer(token):
    # ruleid: python.credentials-over-http
    return requests.post("http://api.example.com/v1/jobs", headers={"Authorization": f"Bearer {token}"}, timeout=5)


def invoices_tls(user, password):
    # ok: python.credentials-over-http
    return requests.get("https://billing.example.com/api/invoices", auth=(user, password), timeout=10)


def local_dev(user, password):
    # ok: python.credentials-over-http
    return requests.get("http://localhost:8080/api", auth=(user, password), timeout=10)
