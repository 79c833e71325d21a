"""Session fixtures: PostgreSQL, Redis, the scripted upstream, the real gateway per database backend."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from gateway.db.migrate import upgrade
from gateway.routing.deployment import DeploymentConfig
from gateway.settings import DatabaseSettings, ModelSettings, ScanningSettings, Settings
from tests.support import db
from tests.support.postgres import PostgresServer, find_pg_bin, free_port
from tests.support.redis import RedisServer
from tests.support.scripted_upstream import ScriptedUpstream
from tests.support.servers import GatewayServer

_names = itertools.count()


def _require(installed: bool, what: str) -> None:
    """CI installs every system dependency (scripts/ensure-system-deps.sh): missing there is a failure."""
    if not installed:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI but was not found")
        pytest.skip(f"{what} not installed")


def _running(server: PostgresServer | RedisServer) -> Iterator[Any]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    _require(find_pg_bin() is not None, "PostgreSQL (initdb, pg_ctl)")
    yield from _running(PostgresServer())


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A private server (the session one is shared) that a test may stop and start again."""
    _require(find_pg_bin() is not None, "PostgreSQL (initdb, pg_ctl)")
    yield from _running(PostgresServer())


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    _require(shutil.which("redis-server") is not None, "redis-server")
    yield from _running(RedisServer())


@pytest.fixture(scope="session")
def upstream() -> Iterator[ScriptedUpstream]:
    server = ScriptedUpstream().start()
    try:
        yield server
    finally:
        server.stop()


def _fresh_database(backend: str, request: pytest.FixtureRequest, tmp_root: Path) -> str:
    name = f"sluice_test_{next(_names)}"
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_root / (name + '.db')}"
    else:
        url = request.getfixturevalue("postgres").create_database(name)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def fresh_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Factory: a new, migrated database on the given backend."""
    root = tmp_path_factory.mktemp("db")
    return lambda backend: _fresh_database(backend, request, root)


TEST_POLICIES = Path(__file__).parent / "data" / "policies"
SHIPPED_DEFAULT = Path(__file__).parents[1] / "policies" / "default.yaml"


@pytest.fixture(scope="session")
def policies_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped default policy (with n up to 4 for the API tests) plus the test tenants' policies."""
    import shutil

    root = tmp_path_factory.mktemp("policies")
    default = SHIPPED_DEFAULT.read_text().replace("  max_n: 1\n", "  max_n: 4\n")
    assert "max_n: 4" in default
    (root / "default.yaml").write_text(default)
    shutil.copytree(TEST_POLICIES / "tenants", root / "tenants")
    return root


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def db_url(backend: str, fresh_database) -> str:  # type: ignore[no-untyped-def]
    return str(fresh_database(backend))


def gateway_settings(db_url: str, upstream_url: str, policies: Path) -> Settings:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    return Settings(
        database=DatabaseSettings(url=db_url),
        policies_dir=policies,
        # Generous: two cores shared with PostgreSQL, the browser and the suite itself.
        scanning=ScanningSettings(timeout_s=20.0),
        models=(
            ModelSettings(name="codellama-7b", upstream=upstream_url, max_tokens=1024, max_context=4096),
            ModelSettings(name="renamed", upstream=upstream_url, upstream_model="scripted-model"),
            ModelSettings(name="multi-n", upstream=upstream_url, max_n=4),
            ModelSettings(name="dead-model", upstream=dead, connect_timeout_s=1.0,
                          # no active ejection here: the test wants the transport error itself
                          deployment=DeploymentConfig(replicas=(dead,), health_interval_s=3600)),
            ModelSettings(name="slow-model", upstream=upstream_url, read_timeout_s=0.5),
        ),
    )


@pytest.fixture(scope="session")
def gateway(db_url: str, upstream: ScriptedUpstream, policies_dir: Path) -> Iterator[GatewayServer]:
    server = GatewayServer(gateway_settings(db_url, upstream.base_url, policies_dir)).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def tenant(db_url: str) -> str:
    name = f"t{next(_names)}"
    db.create_tenant(db_url, name)
    return name


@pytest.fixture
def api_key(db_url: str, tenant: str) -> str:
    return db.create_key(db_url, tenant, scopes=("generate", "audit:read"))


@pytest.fixture
def client(gateway: GatewayServer, api_key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=gateway.url + "/v1", api_key=api_key, max_retries=0, timeout=20)
