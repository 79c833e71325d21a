import time

import pytest

from gateway.scanning import find_secrets
from gateway.scanning.secrets import redact

# Built at run time so that no complete token literal sits in the repository.
GH = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"
POSITIVES = [
    ("private_key", "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi" * 3
     + "\n-----END RSA PRIVATE KEY-----"),
    ("aws_access_key_id", 'key_id = "AKIA' + "QWERTYUIOPASDFGH" + '"'),
    ("aws_secret_access_key", 'aws_secret_access_key = "' + "wJalrXUtnFEMIK7MDENGbPxRfiCYz1234567890a" + '"'),
    ("gcp_api_key", 'GOOGLE_KEY = "AIza' + "SyD4x9vQ2mN8pL6kJ3hG1fD0sA7zX5cV9bN" + '"'),
    ("azure_storage_key", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + "a1B2" * 21 + "xy==;"),
    ("github_token", f"token = '{GH}'"),
    ("gitlab_token", "GITLAB = 'glpat-" + "Ab3De5Gh7Jk9Mn1Pq3St" + "'"),
    ("slack_token", "SLACK = 'xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'"),
    ("stripe_key", "stripe.api_key = 'sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc'"),
    ("jwt", "auth = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
     + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'"),
    ("connection_string_password", 'DB = "postgresql://app:Sup3rS3cret!@db.internal:5432/prod"'),
    ("connection_string_password", 'MONGO = "mongodb+srv://root:hunter2xyz@cluster0.example.net/db"'),
    ("odbc_password", '"Server=tcp:db.example.net;Database=app;User Id=sa;Password=P4ssw0rd!x;"'),
    ("sluice_api_key", "curl -H 'Authorization: Bearer sk-sluice-" + "k3y1_Zx8Yw7Vu6Ts5Rq4Po3N'"),
]  # fmt: skip

NEGATIVES = [
    'DB = "postgresql://user:password@localhost/db"',  # documentation placeholder
    'DB = f"postgresql://app:{pw}@localhost/db"',
    'DB = "postgresql://app:${DB_PASSWORD}@localhost/db"',
    'key_id = "AKIAIOSFODNN7EXAMPLE"',  # AWS's documented example key
    'if "-----BEGIN RSA PRIVATE KEY-----" in pem:',  # code that handles keys is not a key
    "token = os.environ['GITHUB_TOKEN']",
    "jwt = 'eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6'",  # no alg
    "sha = 'da39a3ee5e6b4b0d3255bfef95601890afd80709'",
    "url = 'https://example.com/path?query=value'",
]


@pytest.mark.parametrize(("kind", "text"), POSITIVES)
def test_detects_each_kind_with_offsets_and_line(kind, text):
    matches = find_secrets("first line\n" + text)
    assert [m.kind for m in matches] == [kind]
    m = matches[0]
    assert m.line >= 2
    assert m.end > m.start
    secret = ("first line\n" + text)[m.start : m.end]
    assert secret not in m.description


@pytest.mark.parametrize("text", NEGATIVES)
def test_placeholders_and_lookalikes_are_not_secrets(text):
    assert find_secrets(text) == []


def test_redact_replaces_only_the_secret_value():
    text = 'DB = "postgresql://app:Sup3rS3cret!@db.internal/prod"\nx = 1\n'
    redacted, matches = redact(text)
    assert redacted == 'DB = "postgresql://app:[REDACTED:connection_string_password]@db.internal/prod"\nx = 1\n'
    assert len(matches) == 1


def test_fast_enough_for_the_input_guard():
    text = "def handler(event):\n    value = event.get('x')\n    return value * 2\n" * 50  # ~3.5 KB
    find_secrets(text)
    began = time.perf_counter()
    for _ in range(50):
        find_secrets(text)
    per_call_ms = (time.perf_counter() - began) * 1000 / 50
    assert per_call_ms < 10  # loose bound for a shared CI box; benchmarks/scan_latency.py has the figure


# detect-secrets' plugin regexes, which had no hint and ran on every text (values built at run time).
PLUGIN_SAMPLES = [
    "bot = '" + "MTk4NjIyNDgzNDcxOTI1MjQ4" + ".Cl2FMQ." + "ZnCjm1XVW7vRze4b7Cq4se7kKWs" + "'",
    "key = '" + "abcdef0123456789" * 2 + "-us12'",
    "s = '" + "sq0csp-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" + "'",
    "110201543" + ":AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
]


def test_hints_never_hide_a_secret_that_running_every_regex_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each text once with the one-pass hint check and once with every regex run on it."""
    import dataclasses

    from gateway.scanning import secrets

    texts = [text for _, text in POSITIVES] + list(NEGATIVES) + PLUGIN_SAMPLES
    texts += [text.upper() for text in texts] + [text.lower() for text in texts]
    with_hints = [find_secrets(text) for text in texts]
    assert {m.kind for found in with_hints for m in found} >= {
        "ds_discord_bot_token", "ds_mailchimp_access_key", "ds_square_oauth_secret", "ds_telegram_bot_token",
    }
    unhinted = tuple(dataclasses.replace(p, hints=()) for p in secrets._all_patterns())
    monkeypatch.setattr(secrets, "_all_patterns", lambda: unhinted)
    assert [find_secrets(text) for text in texts] == with_hints
