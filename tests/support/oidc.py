"""A real OpenID Connect provider for the tests: npm's `oidc-provider` (MIT, OpenID-certified) run with node.

Installed once into .cache/oidc-provider with `npm install` of the pinned version (the registry is
needed the first time only); the provider script (tests/support/oidc_provider.mjs) is copied next
to its node_modules so its imports resolve there. Missing node/npm or registry fail the suite in CI
and skip it elsewhere, like the other system dependencies.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import select
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

OIDC_PROVIDER_VERSION = "9.13.3"
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CACHE = Path(os.environ.get("SLUICE_CLIENTS_CACHE", Path(__file__).parents[2] / ".cache"))
PREFIX = CACHE / "oidc-provider"


def _unavailable(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} unavailable")


def install() -> Path:
    """The folder holding node_modules/oidc-provider at the pinned version (installed on first use)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("node and npm (apt-get install nodejs npm)")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    stamp = PREFIX / ".sluice-installed"
    with open(CACHE / "oidc-provider.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two pytest sessions must not install into one folder at once
        if not (stamp.exists() and stamp.read_text() == OIDC_PROVIDER_VERSION):
            shutil.rmtree(PREFIX, ignore_errors=True)
            done = subprocess.run(
                ["npm", "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund", "--silent",
                 f"oidc-provider@{OIDC_PROVIDER_VERSION}"],
                capture_output=True, text=True, timeout=600,
            )
            if done.returncode != 0:
                shutil.rmtree(PREFIX, ignore_errors=True)
                sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
                _unavailable(f"oidc-provider@{OIDC_PROVIDER_VERSION} from the npm registry")
            stamp.write_text(OIDC_PROVIDER_VERSION)
    return PREFIX


@dataclass
class ProviderUser:
    password: str
    claims: dict[str, Any]


@dataclass
class OidcProvider:
    """One provider process; `issuer` once started. Use as a context manager."""

    clients: list[dict[str, Any]]
    users: dict[str, ProviderUser]
    id_token_ttl_s: int = 120
    issuer: str = ""
    control_token: str = field(default_factory=lambda: secrets.token_hex(16))
    _process: subprocess.Popen[str] | None = None
    _log: IO[str] | None = None

    def start(self) -> OidcProvider:
        prefix = install()
        script = prefix / "provider.mjs"
        shutil.copyfile(SCRIPT, script)  # bare imports resolve from the script's folder
        settings = {
            "clients": self.clients,
            "users": {name: {"password": u.password, "claims": u.claims} for name, u in self.users.items()},
            "ttl": {"IdToken": self.id_token_ttl_s, "AccessToken": self.id_token_ttl_s},
            "control_token": self.control_token,
        }
        self._log = tempfile.TemporaryFile("w+")  # its warnings and errors, shown if it fails to start
        self._process = subprocess.Popen(
            ["node", str(script)], stdout=subprocess.PIPE, stderr=self._log, text=True,
            env={**os.environ, "OIDC_SETTINGS": json.dumps(settings), "DEBUG": ""},
        )
        assert self._process.stdout is not None
        ready, _, _ = select.select([self._process.stdout], [], [], 30)
        line = self._process.stdout.readline() if ready else ""
        if not line:
            self.stop()
            self._log.seek(0)
            raise RuntimeError(f"the OpenID provider did not start: {self._log.read()[-2000:]}")
        self.issuer = json.loads(line)["issuer"]
        return self

    def _control(self, action: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = httpx.post(f"{self.issuer}/__control/{action}", json=body or {},
                              headers={"x-control-token": self.control_token}, timeout=30)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def set_clients(self, clients: list[dict[str, Any]]) -> None:
        self.clients = clients
        self._control("clients", {"clients": clients})

    def rotate_keys(self) -> str:
        """A new signing key, published first in the JWKS; returns its key id."""
        return str(self._control("rotate")["kid"])

    def sign(self, claims: dict[str, Any], header: dict[str, Any] | None = None, *, foreign: bool = False) -> str:
        """A JWT signed by the provider's current key (or, `foreign`, by a key it never publishes)."""
        return str(self._control("sign", {"claims": claims, "header": header or {}, "foreign": foreign})["token"])

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        if self._log is not None:
            self._log.close()

    def __enter__(self) -> OidcProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
