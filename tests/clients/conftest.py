"""The real client libraries, installed once into .cache/ (not the project's .venv), each driven
in a subprocess of its own against a real gateway on the scripted upstream.

Python clients: a virtualenv at .cache/clients-venv built with pip from requirements.txt and
rebuilt when that file changes. The Node SDK: `npm install --prefix .cache/node-clients` of the
packages in node-packages.txt. Both need the package registries the first time (about a minute);
later sessions reuse the cache. Missing registries or node fail the suite in CI and skip it
elsewhere, like the other system dependencies.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from gateway.settings import ModelSettings
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import ScriptedUpstream
from tests.support.servers import GatewayServer

HERE = Path(__file__).parent
DRIVERS = HERE / "drivers"
REQUIREMENTS = HERE / "requirements.txt"
NODE_PACKAGES = HERE / "node-packages.txt"
CACHE = Path(os.environ.get("SLUICE_CLIENTS_CACHE", HERE.parents[1] / ".cache"))
FIM_MODEL = "codellama-7b-fim"
CASE_TIMEOUT_S = 120.0  # one case, retries and backoff included; a stuck client fails, not hangs


def _unavailable(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} unavailable")


@contextmanager
def _cache_lock() -> Iterator[None]:
    """Two pytest sessions installing into the same cache at once would corrupt it."""
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")  # the cache ignores itself: nothing to commit here
    with open(CACHE / "clients.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _install(target: Path, stamp: str, commands: list[list[str]], what: str) -> None:
    stamp_file = target / ".sluice-installed"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    shutil.rmtree(target, ignore_errors=True)
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            shutil.rmtree(target, ignore_errors=True)
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            _unavailable(f"{what} ({' '.join(command[:4])} failed)")
    stamp_file.write_text(stamp)


@pytest.fixture(scope="session")
def clients_python() -> Path:
    """The clients' virtualenv's python, with requirements.txt installed."""
    venv = CACHE / "clients-venv"
    with _cache_lock():
        _install(venv, _fingerprint(REQUIREMENTS), [
            [sys.executable, "-m", "venv", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", str(REQUIREMENTS)],
        ], "the Python client libraries from PyPI")
    return venv / "bin" / "python"


@pytest.fixture(scope="session")
def node_clients() -> Path:
    """The folder the Node SDK is installed into."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("node and npm")
    prefix = CACHE / "node-clients"
    packages = [p.strip() for p in NODE_PACKAGES.read_text().splitlines() if p.strip() and not p.startswith("#")]
    with _cache_lock():
        _install(prefix, _fingerprint(NODE_PACKAGES), [
            ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent", *packages],
        ], "the Node SDK from npm")
    return prefix


class ClientWorker:
    """One client library in a long-lived subprocess: import once, then one case per call."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self._log = log.open("w")
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
                                         env=env, text=True, bufsize=1)

    def run(self, **case: Any) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(case) + "\n")
        self._process.stdin.flush()
        ready, _, _ = select.select([self._process.stdout], [], [], CASE_TIMEOUT_S)
        if not ready:
            self.close()
            raise AssertionError(f"the client did not answer {case['op']} within {CASE_TIMEOUT_S} s")
        line = self._process.stdout.readline()
        if not line:
            raise AssertionError(f"the client driver exited: {self._process.wait()}")
        result: dict[str, Any] = json.loads(line)
        return result

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()


class ClientsGateway:
    """A gateway on SQLite with the test policies, and one key per tenant the cases use."""

    def __init__(self, server: GatewayServer, url: str) -> None:
        self.server = server
        self.db_url = url
        self.keys: dict[str, str] = {}
        for tenant in ("clients", "blocker", "repairer"):
            db.create_tenant(url, tenant)
            self.keys[tenant] = db.create_key(url, tenant)

    @property
    def base_url(self) -> str:
        return self.server.url + "/v1"


@pytest.fixture(scope="session")
def clients_gateway(fresh_database, upstream: ScriptedUpstream, policies_dir: Path) -> Iterator[ClientsGateway]:
    url = fresh_database("sqlite")
    settings = gateway_settings(url, upstream.base_url, policies_dir)
    # A model whose profile has fill-in-the-middle tokens, for the clients that send `suffix`.
    fim = ModelSettings(name=FIM_MODEL, upstream=upstream.base_url, profile="codellama-7b", max_tokens=256)
    server = GatewayServer(dataclasses.replace(settings, models=(*settings.models, fim))).start()
    try:
        yield ClientsGateway(server, url)
    finally:
        server.stop()


def client_env(home: Path, gateway: ClientsGateway) -> dict[str, str]:
    """No inherited credentials or proxies; llm configured the documented way."""
    env = {k: v for k, v in os.environ.items()
           if not k.endswith(("_API_KEY", "_PROXY", "_proxy")) and not k.startswith(("OPENAI_", "LITELLM_"))}
    llm_home = home / "llm"
    llm_home.mkdir(parents=True, exist_ok=True)
    # Model ids sluice/<model> (chat) and sluice-complete/<model> (completions), as in docs/clients.md.
    entries = [f"- model_id: {prefix}/{model}\n  model_name: {model}\n  api_base: {gateway.base_url}\n"
               f"  api_key_name: sluice\n{extra}"
               for model in ("codellama-7b", "no-such-model")
               for prefix, extra in (("sluice", ""), ("sluice-complete", "  completion: true\n"))]
    (llm_home / "extra-openai-models.yaml").write_text("".join(entries))
    env.update(HOME=str(home), LLM_USER_PATH=str(llm_home), NO_PROXY="*", no_proxy="*",
               LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_TELEMETRY="False",
               NODE_OPTIONS="--no-warnings", PYTHONDONTWRITEBYTECODE="1")
    return env


PYTHON_DRIVERS = {"openai-python": "openai_driver.py", "langchain": "langchain_driver.py",
                  "litellm": "litellm_driver.py", "llm": "llm_driver.py"}
CLIENTS = (*PYTHON_DRIVERS, "node-openai")


@pytest.fixture(scope="session")
def client_workers(request: pytest.FixtureRequest, clients_gateway: ClientsGateway,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ClientWorker]]:
    """Started on first use, one per client, closed at the end of the session."""
    home = tmp_path_factory.mktemp("clients-home")
    env = client_env(home, clients_gateway)
    workers: dict[str, ClientWorker] = {}

    class Lazy(dict[str, ClientWorker]):
        def __missing__(self, name: str) -> ClientWorker:
            if name == "node-openai":
                prefix = request.getfixturevalue("node_clients")
                command = ["node", str(DRIVERS / "node_driver.cjs"), str(prefix)]
            else:
                python = request.getfixturevalue("clients_python")
                command = [str(python), str(DRIVERS / PYTHON_DRIVERS[name])]
            workers[name] = self[name] = ClientWorker(command, env, home / f"{name}.log")
            return workers[name]

    try:
        yield Lazy()
    finally:
        for worker in workers.values():
            worker.close()
