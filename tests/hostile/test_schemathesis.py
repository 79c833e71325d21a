"""Schemathesis against the gateway's own OpenAPI document, over real HTTP.

Valid and invalid data (schemathesis' positive and negative modes) for every public and
admin operation, once with an admin key and once with a well-formed key the gateway
does not know. Checks: never a 5xx, status codes, content types and bodies as documented,
invalid data rejected. Deterministic (derandomized), sized for CI on two cores.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.api.openapi import build_document
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.servers import GatewayServer

EXAMPLES_PER_OPERATION = 80
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]
MODELS = itertools.cycle(["codellama-7b", "multi-n", None])  # None: keep the generated name
calls: list[int] = []


@pytest.fixture(scope="module")
def fuzz_gateway(fresh_database, upstream, policies_dir: Path) -> Iterator[tuple[GatewayServer, str]]:
    url = fresh_database("sqlite")
    db.create_tenant(url, "fuzz")
    key = db.create_key(url, "fuzz", scopes=("generate", "audit:read", "admin"))
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    try:
        yield server, key
    finally:
        server.stop()


def test_served_document_is_the_built_one(fuzz_gateway: tuple[GatewayServer, str]) -> None:
    server, _ = fuzz_gateway
    response = httpx.get(server.url + "/openapi.json")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert response.json() == build_document()
    assert set(response.json()["paths"]) >= {"/v1/chat/completions", "/v1/completions", "/v1/models",
                                             "/v1/guard/scan", "/admin/api/audit/records"}


UNKNOWN_KEY = "sk-sluice-0123456789ab_" + "x" * 43
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


def operations() -> list[Any]:
    schema = schemathesis.openapi.from_dict(build_document())
    # Credentials are ours to set (valid or unknown key) on every case, so schemathesis must not
    # generate or drop the Authorization header itself.
    schema.config.generation.update(with_security_parameters=False)
    return [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]


@pytest.mark.parametrize("credentials", ["valid-key", "unknown-key"])
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_api_never_fails_on_client_input(fuzz_gateway: tuple[GatewayServer, str], credentials: str,
                                         mode: schemathesis.GenerationMode) -> None:
    server, key = fuzz_gateway
    headers = {"authorization": f"Bearer {key if credentials == 'valid-key' else UNKNOWN_KEY}"}
    for operation in operations():

        @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            model = next(MODELS)
            if model and isinstance(case.body, dict) and isinstance(case.body.get("model"), str):
                case.body["model"] = model  # let some generated requests reach the model runtime
            calls.append(1)
            # /readyz answers a documented 503 here: one configured model runtime is dead on purpose.
            checks = CHECKS if operation.path != "/readyz" else CHECKS[1:]
            case.call_and_validate(base_url=server.url, headers=headers, checks=checks, timeout=60)

        try:
            run()
        except Unsatisfiable:
            # No parameters and no body (/healthz, /v1/models): nothing to make invalid.
            assert mode is schemathesis.GenerationMode.NEGATIVE, operation.path


# -- NUL bytes and long strings in every string, on both databases -------------------------------------
HOSTILE_EXAMPLES_PER_OPERATION = 25
# What breaks databases and parsers rather than schemas: PostgreSQL refuses NUL in text, columns
# have widths, and non-ASCII digits pass str.isdigit() but not int().
HOSTILE_STRINGS = st.sampled_from(["\x00", "a\x00b", "x" * 5000, "\x00" * 300, "²", "9" * 40, "\u202e\x7f",
                                   "%00", "m" * 129])
hostile_calls: list[int] = []


def _inject(value: Any, draw: Any) -> Any:
    """Each string is kept, replaced by or prefixed with a hostile one (drawn, so shrinking works)."""
    if isinstance(value, str):
        how = draw(st.sampled_from(["keep", "replace", "append"]))
        return value if how == "keep" else draw(HOSTILE_STRINGS) if how == "replace" else value + draw(HOSTILE_STRINGS)
    if isinstance(value, dict):
        return {k: _inject(v, draw) for k, v in value.items()}
    if isinstance(value, list):
        return [_inject(v, draw) for v in value]
    return value


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def hostile_gateway(request: pytest.FixtureRequest, fresh_database: Any, upstream: Any,
                    policies_dir: Path) -> Iterator[tuple[GatewayServer, str]]:
    url = fresh_database(request.param)
    db.create_tenant(url, "fuzz")
    key = db.create_key(url, "fuzz", scopes=("generate", "audit:read", "admin"))
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies_dir)).start()
    try:
        yield server, key
    finally:
        server.stop()


def test_nul_bytes_and_long_strings_never_cause_a_server_error(hostile_gateway: tuple[GatewayServer, str]) -> None:
    """Every documented operation, admin API included: strings in query, path, headers and bodies get NUL
    bytes, long and odd values; whatever the answer, it is not a 5xx (the dead model's 502 and /readyz's
    documented 503 aside)."""
    server, key = hostile_gateway
    headers = {"authorization": f"Bearer {key}"}
    failures: list[str] = []
    unsendable: list[int] = []
    sent: dict[int, int] = {}
    for operation in operations():

        @settings(max_examples=HOSTILE_EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE), data=st.data())
        def run(case: schemathesis.Case, data: st.DataObject) -> None:
            if case.query:
                case.query = _inject(case.query, data.draw)
            if case.path_parameters:
                case.path_parameters = {k: (v + "\x00" if data.draw(st.booleans()) else v)
                                        for k, v in case.path_parameters.items()}
            if isinstance(case.body, dict | list):
                case.body = _inject(case.body, data.draw)
                if isinstance(case.body, dict) and isinstance(case.body.get("model"), str) and data.draw(st.booleans()):
                    case.body["model"] = "codellama-7b"  # reach the model runtime and the scanners too
            hostile_calls.append(1)
            try:
                response = case.call(base_url=server.url, headers=headers, timeout=60)
            except (httpx.InvalidURL, ValueError, UnicodeEncodeError):
                unsendable.append(1)
                return  # the client cannot even send it (e.g. a raw NUL in a header)
            sent[response.status_code // 100] = sent.get(response.status_code // 100, 0) + 1
            if response.status_code >= 500 and operation.path != "/readyz":
                failures.append(f"{operation.method.upper()} {operation.path} -> {response.status_code}: "
                                f"{response.text[:300]!r} (query={case.query!r:.200}, body={case.body!r:.300})")

        run()
    print(f"hostile strings: answers by class {sorted(sent.items())}, {len(unsendable)} not sendable")
    assert not failures, "\n".join(failures[:20])
    assert sum(sent.values()) >= 200 and sent.get(4, 0) >= 50, sent  # most hostile values are refused


def test_enough_cases_ran() -> None:
    if not calls:
        pytest.skip("the schemathesis test was not selected")
    print(f"schemathesis: {len(calls)} generated cases")
    assert len(calls) >= 2000, len(calls)
