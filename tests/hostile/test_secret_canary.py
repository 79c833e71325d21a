"""Secret canary: credentials planted in prompts and model answers appear nowhere downstream.

Distinct realistic secrets, generated per run (a fixed literal could be special-cased: these
can only be caught by detecting them), go into prompts and into the scripted upstream's
answers, on chat and completions, streamed and not, for tenants whose policies store audit
bodies `full`, `redacted` and `hash_only`, on SQLite and PostgreSQL. Then every place a
secret could end up is read back and searched: response bodies and headers, stream events,
what the upstream received, every column of every table (plain SQL), the gateway's log
lines, span attributes, `/metrics`, the admin API's records and exports, `sluice audit
export` (CSV and JSON lines) and `sluice scan --format sarif`.

One gateway per database; the body-store modes are three tenants of it (the mode is a
tenant policy setting), so the whole canary stays well under a minute.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text as sql_text

from gateway.cli import cli
from gateway.db.engine import create_engine
from gateway.telemetry.logs import JsonFormatter
from tests.conftest import SHIPPED_DEFAULT, gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream
from tests.support.servers import GatewayServer

STORES = ("full", "redacted", "hash_only")
# A tenant whose policy forwards credentials in prompts (allowed, not redacted): its audit body
# must still not hold them, whatever the input guard did.
FORWARDING = "canary_forwards"
ALNUM = string.ascii_letters + string.digits


def _random(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class Canary:
    """One run's secrets; `needles` are the substrings that must appear nowhere."""

    aws_key_id: str
    aws_secret: str
    github_classic: str
    github_fine: str
    slack: str
    pem: str
    jwt: str
    db_password: str
    api_secret: str

    @classmethod
    def generate(cls) -> Canary:
        key = ec.generate_private_key(ec.SECP256R1())
        pem = (
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            .decode()
            .strip()
        )
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = _b64url(json.dumps({"sub": _random(ALNUM, 12), "iat": 1767225600}).encode())
        signature = _b64url(hmac.new(secrets.token_bytes(32), f"{header}.{payload}".encode(), hashlib.sha256).digest())
        return cls(
            aws_key_id="AKIA" + _random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            aws_secret=_random(ALNUM + "/+", 40),
            github_classic="ghp_" + _random(ALNUM, 36),
            github_fine="github_pat_" + _random(ALNUM, 22) + "_" + _random(ALNUM, 59),
            slack=f"xoxb-{_random(string.digits, 12)}-{_random(string.digits, 13)}-{_random(ALNUM, 24)}",
            pem=pem,
            jwt=f"{header}.{payload}.{signature}",
            db_password="Pg" + _random(ALNUM, 18) + "9",
            api_secret=_random(ALNUM, 30) + "7Q",
        )

    def needles(self) -> dict[str, str]:
        found = {
            "aws_access_key_id": self.aws_key_id, "aws_secret_access_key": self.aws_secret,
            "github_token": self.github_classic, "github_fine_grained_token": self.github_fine,
            "slack_token": self.slack, "jwt": self.jwt, "jwt_signature": self.jwt.rsplit(".", 1)[1],
            "postgres_password": self.db_password, "api_secret": self.api_secret,
        }  # fmt: skip
        body = [line for line in self.pem.splitlines() if not line.startswith("-----")]
        for i, line in enumerate(body):  # every line of the key, and the key whole
            if len(line) >= 16:
                found[f"private_key_line_{i}"] = line
        return found

    def config_lines(self) -> str:
        """Secrets the way people paste them: assignments, a URL, a PEM block."""
        return (
            f'AWS_ACCESS_KEY_ID = "{self.aws_key_id}"\n'
            f'aws_secret_access_key = "{self.aws_secret}"\n'
            f'GITHUB_TOKEN = "{self.github_classic}"\n'
            f'GH_FINE_GRAINED = "{self.github_fine}"\n'
            f'SLACK_BOT_TOKEN = "{self.slack}"\n'
            f'SESSION_JWT = "{self.jwt}"\n'
            f'DATABASE_URL = "postgresql://app_user:{self.db_password}@db.internal:5432/prod"\n'
            f'api_secret = "{self.api_secret}"\n'
            f'PRIVATE_KEY = """{self.pem}"""\n'
        )

    def prompt(self) -> str:
        return (
            "Here is my service configuration; write a function that uploads a file to S3 and "
            "posts to Slack with it.\n" + self.config_lines() + "\nMy bot token is " + self.slack + "."
        )

    def answer(self, *, block: bool) -> str:
        """A model answer that copies the secrets into code (and prose); `block` adds an injection."""
        sink = 'def run(cmd):\n    os.system("tar czf /tmp/out.tgz " + cmd)\n    eval(cmd)\n' if block else ""
        return (
            f"Sure. Authenticate with {self.github_classic} and the key {self.aws_key_id}.\n\n"
            "```python\nimport os\nimport boto3\nimport psycopg2\n\n" + self.config_lines() + "\n\ndef upload(path):\n"
            f'    s3 = boto3.client("s3", aws_access_key_id="{self.aws_key_id}", '
            f'aws_secret_access_key="{self.aws_secret}")\n'
            "    s3.upload_file(path, 'bucket', path)\n\n"
            "def connect():\n"
            f'    return psycopg2.connect(host="db.internal", user="app_user", password="{self.db_password}")\n\n'
            + sink
            + "```\n"
        )


def _stringify(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class Evidence:
    """Everything read back, by place; `leaks` names each (place, secret) found in clear."""

    def __init__(self, canary: Canary) -> None:
        self._needles = canary.needles()
        self.places: dict[str, list[str]] = {}

    def add(self, place: str, value: Any) -> None:
        self.places.setdefault(place, []).append(_stringify(value))

    def leaks(self) -> list[str]:
        found = []
        for place, texts in self.places.items():
            joined = "\n".join(texts)
            unescaped = joined.replace("\\n", "\n").replace("\\/", "/")
            for kind, needle in self._needles.items():
                if needle in joined or needle in unescaped:
                    found.append(f"{place}: {kind}")
        return found


class LogCapture(logging.Handler):
    """The gateway's log lines as the JSON formatter writes them, and the raw messages too
    (a plain-text log configuration would write those)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.json = JsonFormatter()
        self.plain = logging.Formatter("%(levelname)s %(name)s %(message)s")
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.json.format(record))
        self.lines.append(self.plain.format(record))


@contextlib.contextmanager
def captured_logs() -> Iterator[LogCapture]:
    handler = LogCapture()
    root, sluice = logging.getLogger(), logging.getLogger("sluice")
    old_root, old_sluice = root.level, sluice.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    sluice.setLevel(logging.DEBUG)  # everything the gateway itself says
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_root)
        sluice.setLevel(old_sluice)


def _policies(root: Path) -> Path:
    (root / "tenants").mkdir(parents=True)
    (root / "default.yaml").write_text(SHIPPED_DEFAULT.read_text())
    for store in STORES:
        (root / "tenants" / f"canary_{store}.yaml").write_text(f"audit:\n  store: {store}\n")
    (root / "tenants" / f"{FORWARDING}.yaml").write_text("input:\n  secrets: allow\naudit:\n  store: full\n")
    return root


def _sse_and_body(client: httpx.Client, path: str, body: dict[str, Any], key: str) -> tuple[int, str]:
    headers = {"authorization": f"Bearer {key}"}
    if not body.get("stream"):
        response = client.post(path, json=body, headers=headers)
        return response.status_code, json.dumps(dict(response.headers)) + "\n" + response.text
    with client.stream("POST", path, json=body, headers=headers) as response:
        text = "".join(response.iter_text())
        return response.status_code, json.dumps(dict(response.headers)) + "\n" + text


def _all_tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    import asyncio

    async def read() -> dict[str, list[tuple[Any, ...]]]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                names = await conn.run_sync(lambda sync: sa_inspect(sync).get_table_names())
                out = {}
                for name in names:
                    result = await conn.execute(sql_text(f'SELECT * FROM "{name}"'))
                    out[name] = [tuple(row) for row in result.all()]
                return out
        finally:
            await engine.dispose()

    return asyncio.run(read())


@dataclass
class CanaryRun:
    canary: Canary
    evidence: Evidence
    statuses: list[tuple[str, int]]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def canary_run(request: pytest.FixtureRequest, fresh_database, tmp_path_factory) -> CanaryRun:  # type: ignore[no-untyped-def]
    """One gateway per database; every combination's traffic, then everything read back."""
    canary = Canary.generate()
    evidence = Evidence(canary)
    url = fresh_database(request.param)
    upstream = ScriptedUpstream().start()
    settings = gateway_settings(url, upstream.base_url, _policies(tmp_path_factory.mktemp("canary") / "policies"))
    server = GatewayServer(settings)
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing = server.services.tracing
    tracing.tracer, tracing._provider = provider.get_tracer("canary"), provider  # spans kept in memory
    statuses: list[tuple[str, int]] = []
    with captured_logs() as logs:
        server.start()
        try:
            _traffic(server, upstream, url, canary, evidence, statuses)
        finally:
            server.stop()
            upstream.stop()
        for table, rows in _all_tables(url).items():
            evidence.add(f"table {table}", rows)
        runner = CliRunner()
        for fmt in ("csv", "jsonl"):
            result = runner.invoke(
                cli, ["audit", "export", "--format", fmt, "--bodies"], env={"SLUICE_DATABASE_URL": url}
            )
            assert result.exit_code == 0, result.output
            evidence.add(f"sluice audit export --format {fmt}", result.output)
    evidence.add("log lines", logs.lines)
    spans = exporter.get_finished_spans()
    assert spans, "tracing captured no spans"
    for span in spans:
        evidence.add(
            "span attributes",
            [
                span.name,
                dict(span.attributes or {}),
                span.status.description,
                [(e.name, dict(e.attributes or {})) for e in span.events],
            ],
        )
    _check_bodies_kept(url)
    return CanaryRun(canary, evidence, statuses)


def _traffic(
    server: GatewayServer,
    upstream: ScriptedUpstream,
    url: str,
    canary: Canary,
    evidence: Evidence,
    statuses: list[tuple[str, int]],
) -> None:
    keys = {}
    for tenant in (*(f"canary_{store}" for store in STORES), FORWARDING):
        db.create_tenant(url, tenant)
        keys[tenant] = db.create_key(url, tenant, scopes=("generate",))
    db.create_tenant(url, "canary_admin")
    admin = {"authorization": f"Bearer {db.create_key(url, 'canary_admin', scopes=('admin',))}"}
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for store in STORES:
            for path in ("/v1/chat/completions", "/v1/completions"):
                for stream in (False, True):
                    for block in (False, True):
                        upstream.script(Reply(content=canary.answer(block=block), chunks=7))
                        body: dict[str, Any] = {"model": "codellama-7b", "stream": stream, "max_tokens": 512}
                        if path == "/v1/chat/completions":
                            body["messages"] = [{"role": "user", "content": canary.prompt()}]
                        else:
                            body["prompt"] = canary.prompt()
                        status, seen = _sse_and_body(client, path, body, keys[f"canary_{store}"])
                        where = f"{store} {path} block={block}"
                        statuses.append((where, status))
                        evidence.add(f"{'stream' if stream else 'JSON'} response ({where})", seen)
                        # (scripting the next reply clears the upstream's request log)
                        evidence.add("what the upstream received", [r["body"] for r in upstream.state.requests])
        for path in ("/v1/chat/completions", "/v1/completions"):  # the upstream gets the secrets here, by policy
            upstream.script(Reply(content=canary.answer(block=False)))
            body = {"model": "codellama-7b", "max_tokens": 512}
            if path == "/v1/chat/completions":
                body["messages"] = [{"role": "user", "content": canary.prompt()}]
            else:
                body["prompt"] = canary.prompt()
            status, seen = _sse_and_body(client, path, body, keys[FORWARDING])
            statuses.append((f"{FORWARDING} {path}", status))
            evidence.add(f"JSON response ({FORWARDING} {path})", seen)
        records = client.get("/admin/api/audit/records", params={"limit": 500}, headers=admin)
        assert records.status_code == 200, records.text
        evidence.add("admin API records", records.text)
        for record in records.json()["data"]:
            detail = client.get(f"/admin/api/audit/records/{record['request_id']}", headers=admin)
            evidence.add("admin API record detail", detail.text)
        for fmt in ("csv", "jsonl"):
            exported = client.get("/admin/api/audit/export", params={"format": fmt, "bodies": 1}, headers=admin)
            assert exported.status_code == 200, exported.text
            evidence.add(f"admin API export {fmt}", exported.text)
        evidence.add("/metrics", client.get("/metrics").text)


def _check_bodies_kept(url: str) -> None:
    """Each mode kept what docs/audit.md says: bodies (redacted) or only their hashes."""
    kept = db.rows(
        url,
        "SELECT store_bodies, prompt, response, prompt_sha256, findings_count FROM audit_records "
        "WHERE endpoint NOT LIKE 'admin:%'",
    )
    assert {row[0] for row in kept} == set(STORES)
    assert len(kept) == len(STORES) * 8 + 2
    for store, prompt, response, hashed, findings in kept:
        assert hashed and findings, (store, prompt, response)  # the scanners saw the planted secrets
        if store == "hash_only":
            assert prompt is None and response is None
        else:
            assert "[REDACTED:" in prompt and "[REDACTED:" in response, (store, prompt, response)


def test_planted_secrets_appear_nowhere(canary_run: CanaryRun) -> None:
    statuses = canary_run.statuses
    assert all(status in (200, 403) for _, status in statuses), statuses
    assert any(status == 403 for _, status in statuses), "the injection answers were never blocked"
    leaks = [leak for leak in canary_run.evidence.leaks() if not leak.startswith("stream response")]
    assert not leaks, "secrets in clear:\n" + "\n".join(leaks)


def test_streamed_answers_carry_no_planted_secret(canary_run: CanaryRun) -> None:
    leaks = [leak for leak in canary_run.evidence.leaks() if leak.startswith("stream response")]
    assert not leaks, "secrets in clear:\n" + "\n".join(leaks)


def test_sarif_of_code_with_secrets_carries_none(tmp_path: Path) -> None:
    canary = Canary.generate()
    evidence = Evidence(canary)
    source = tmp_path / "leaky.py"
    source.write_text(canary.answer(block=True).split("```python\n", 1)[1].rsplit("```", 1)[0])
    result = CliRunner().invoke(cli, ["scan", str(source), "--format", "sarif"])
    assert result.exit_code in (0, 1), result.output
    sarif = json.loads(result.output)
    assert sarif["runs"][0]["results"], "the scan found nothing: the canary proves nothing"
    evidence.add("sarif", result.output)
    assert not evidence.leaks(), "secrets in clear:\n" + "\n".join(evidence.leaks())
