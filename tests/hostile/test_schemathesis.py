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


def test_enough_cases_ran() -> None:
    if not calls:
        pytest.skip("the schemathesis test was not selected")
    print(f"schemathesis: {len(calls)} generated cases")
    assert len(calls) >= 2000, len(calls)
