"""Secret detection: high-precision patterns plus detect-secrets' regex plugins, in-process.

Shared by the output scanner and the policy input guard (prompt redaction), so it must be
fast (one pass per pattern over the whole text, gated by a literal hint) and precise
(anchored token formats, structural checks; no entropy or keyword heuristics).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class SecretMatch:
    kind: str  # stable identifier, e.g. "aws_access_key_id"
    start: int  # character offsets of the secret value in the text
    end: int
    line: int  # 1-based line of `start`
    description: str  # human text, never containing the value


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: str
    description: str
    regex: re.Pattern[str]
    hints: tuple[str, ...]  # at least one literal must occur for the regex to run
    group: str | int = 0  # which group is the secret
    check: Callable[[str], bool] | None = None
    ci_hints: bool = False  # hints are lowercase and tested against the lowercased text


def _jwt_is_valid(token: str) -> bool:
    header = token.split(".", 1)[0]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    return isinstance(decoded, dict) and "alg" in decoded


_PLACEHOLDER_PASSWORDS = {"password", "passwd", "pass", "pwd", "secret", "changeme", "user", "username"}


def _real_password(value: str) -> bool:
    """Placeholders ($VAR, {pw}, <password>, ****) are documentation, not leaks."""
    value = value.strip()
    if len(value) < 3 or value.lower() in _PLACEHOLDER_PASSWORDS:
        return False
    if value[0] in "$%{<[" or value.startswith("os.environ"):
        return False
    return len(set(value)) > 2


_P = _Pattern
_PATTERNS: tuple[_Pattern, ...] = (
    _P("private_key", "private key block",
       re.compile(r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"
                  r"[\s\\n]*(?:[A-Za-z0-9+/=:\-\s\\]|\\n){64,}?-----END"), ("PRIVATE KEY",)),
    _P("aws_access_key_id", "AWS access key ID",
       re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z2-7]{16}(?![A-Z0-9])"),
       ("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "APKA")),
    _P("aws_secret_access_key", "AWS secret access key",
       re.compile(r"(?i)aws.{0,20}?(?:secret|private).{0,20}?['\"=:\s]\s*['\"]?(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
       ("aws",), "v", ci_hints=True),
    _P("gcp_api_key", "Google API key", re.compile(r"(?<![\w-])AIza[0-9A-Za-z\-_]{35}(?![\w-])"), ("AIza",)),
    _P("gcp_oauth_client_secret", "Google OAuth client secret",
       re.compile(r"GOCSPX-[0-9A-Za-z\-_]{28}"), ("GOCSPX-",)),
    _P("gcp_service_account_key", "Google service account private key",
       re.compile(r"\"private_key_id\"\s*:\s*\"(?P<v>[a-f0-9]{40})\""), ("private_key_id",), "v"),
    _P("azure_storage_key", "Azure storage account key",
       re.compile(r"AccountKey=(?P<v>[A-Za-z0-9+/]{86}==)"), ("AccountKey=",), "v"),
    _P("azure_sas_token", "Azure shared access signature",
       re.compile(r"[?&]sv=\d{4}-\d\d-\d\d&[^\s'\"]*?&sig=(?P<v>[A-Za-z0-9%+/=]{40,})"), ("sig=",), "v"),
    _P("github_token", "GitHub token", re.compile(r"(?<![\w])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?!\w)"),
       ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _P("github_fine_grained_token", "GitHub fine-grained token",
       re.compile(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"), ("github_pat_",)),
    _P("gitlab_token", "GitLab personal access token", re.compile(r"glpat-[A-Za-z0-9\-_]{20}(?![\w-])"),
       ("glpat-",)),
    _P("slack_token", "Slack token", re.compile(r"xox[abposr]-(?:[0-9]+-)+[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?"),
       ("xox",)),
    _P("slack_webhook", "Slack incoming webhook URL",
       re.compile(r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}"),
       ("hooks.slack.com",)),
    _P("stripe_key", "Stripe secret key",
       re.compile(r"(?<!\w)(?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{24,99}(?!\w)"),
       ("sk_live_", "sk_test_", "rk_live_", "rk_test_")),
    _P("openai_key", "OpenAI API key",
       re.compile(r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}"),
       ("T3BlbkFJ",)),
    _P("sluice_api_key", "Sluice gateway API key",
       re.compile(r"sk-sluice-[A-Za-z0-9]{4,}_[A-Za-z0-9\-_]{16,}"), ("sk-sluice-",)),
    _P("npm_token", "npm access token", re.compile(r"(?<!\w)npm_[A-Za-z0-9]{36}(?!\w)"), ("npm_",)),
    _P("pypi_token", "PyPI upload token",
       re.compile(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9\-_]{50,}"), ("pypi-AgE",)),
    _P("sendgrid_key", "SendGrid API key", re.compile(r"SG\.[\w\-]{22}\.[\w\-]{43}"), ("SG.",)),
    _P("jwt", "JSON Web Token",
       re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"), ("eyJ",),
       check=_jwt_is_valid),
    _P("connection_string_password", "connection string with an embedded password",
       re.compile(r"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|"
                  r"sqlserver|oracle|jdbc:[a-z]+|ftp|sftp|smtp|ldap)(?:\+[a-z0-9]+)?://"
                  r"[^\s:/@'\"]+:(?P<v>[^\s@'\"/]+)@[^\s'\"]+"), ("://",), "v", _real_password),
    _P("odbc_password", "ADO.NET/ODBC connection string with a password",
       re.compile(r"(?i)(?:server|data source|host)=[^;'\"\n]+;[^'\"\n]*?"
                  r"\b(?:password|pwd)=(?P<v>[^;'\"\s]+)"),
       ("password=", "pwd="), "v", _real_password, ci_hints=True),
)  # fmt: skip


@cache
def _detect_secrets_patterns() -> tuple[_Pattern, ...]:
    """The regexes of detect-secrets' token plugins (the precise ones: no keyword, entropy or IP)."""
    try:
        from detect_secrets.plugins import (
            artifactory,
            discord,
            mailchimp,
            square_oauth,
            telegram_token,
        )  # fmt: skip
    except ImportError:
        return ()
    plugins = [artifactory.ArtifactoryDetector, discord.DiscordBotTokenDetector,
               mailchimp.MailchimpDetector, square_oauth.SquareOAuthDetector,
               telegram_token.TelegramBotTokenDetector]  # fmt: skip
    found = []
    for plugin in plugins:
        kind = re.sub(r"\W+", "_", str(plugin.secret_type).lower()).strip("_")
        for regex in plugin.denylist:  # type: ignore[attr-defined]
            found.append(_Pattern(f"ds_{kind}", str(plugin.secret_type), regex, ()))
    return tuple(found)


def _placeholder(value: str) -> bool:
    upper = value.upper()
    return "EXAMPLE" in upper or re.search(r"(.)\1{11,}", value) is not None or "XXXXXXXX" in upper


def _matches(text: str) -> Iterator[tuple[_Pattern, int, int]]:
    lowered = text.lower()
    for pattern in (*_PATTERNS, *_detect_secrets_patterns()):
        haystack = lowered if pattern.ci_hints else text
        if pattern.hints and not any(h in haystack for h in pattern.hints):
            continue
        for m in pattern.regex.finditer(text):
            group: str | int = pattern.group
            if group == 0 and m.re.groups:  # plugin regexes: the first non-empty group is the secret
                group = next((i for i in range(1, m.re.groups + 1) if m.group(i)), 0)
            start, end = m.span(group)
            value = text[start:end]
            if start < 0 or _placeholder(value) or (pattern.check and not pattern.check(value)):
                continue
            yield pattern, start, end


def find_secrets(text: str) -> list[SecretMatch]:
    """Secrets in `text`, by position, overlapping detections merged (first pattern wins)."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    taken: list[tuple[int, int]] = []
    found: list[SecretMatch] = []
    for pattern, start, end in _matches(text):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        line = bisect.bisect_right(line_starts, start)
        found.append(SecretMatch(pattern.kind, start, end, line, pattern.description))
    found.sort(key=lambda s: s.start)
    return found


def redact(text: str, replacement: str = "[REDACTED:{kind}]") -> tuple[str, list[SecretMatch]]:
    """`text` with every secret replaced; for the input guard and for logs."""
    matches = find_secrets(text)
    out, cursor = [], 0
    for m in matches:
        out.append(text[cursor : m.start])
        out.append(replacement.format(kind=m.kind))
        cursor = m.end
    out.append(text[cursor:])
    return "".join(out), matches
