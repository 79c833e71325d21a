"""Fill-in-the-middle keeps the model's end-of-infill stop whatever the client sends (issue 19, item 7):
with four client stops, `<EOT>` used to be cut off by `[*stops, *infill.stop][:4]`, and the model wrote
on past the middle."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gateway.settings import ModelSettings
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer


@pytest.fixture(scope="module")
def fim_gateway(fresh_database, upstream, policies_dir: Path) -> Iterator[tuple[GatewayServer, str]]:  # type: ignore[no-untyped-def]
    url = fresh_database("sqlite")
    db.create_tenant(url, "infill")
    settings = gateway_settings(url, upstream.base_url, policies_dir)
    fim = ModelSettings(name="fim-model", upstream=upstream.base_url, profile="codellama-7b", max_tokens=256)
    settings = dataclasses.replace(settings, models=(*settings.models, fim))
    server = GatewayServer(settings).start()
    try:
        yield server, db.create_key(url, "infill")
    finally:
        server.stop()


@pytest.mark.parametrize("stop", [None, "\n\n", ["a", "b", "c", "d"], ["<EOT>", "x", "y", "z"]],
                         ids=["none", "one", "four", "four-with-eot"])
def test_end_of_infill_stop_is_always_sent(fim_gateway, upstream, stop: object) -> None:  # type: ignore[no-untyped-def]
    server, key = fim_gateway
    upstream.script(Reply(content="return 1"))
    body = {"model": "fim-model", "prompt": "def one():\n    ", "suffix": "\n\nprint(one())\n", "max_tokens": 16}
    if stop is not None:
        body["stop"] = stop
    response = httpx.post(server.url + "/v1/completions", json=body, headers={"authorization": f"Bearer {key}"},
                          timeout=60)
    assert response.status_code == 200, response.text[:300]
    sent = upstream.state.requests[-1]["body"]
    assert sent["stop"][0] == "<EOT>" and sent["stop"].count("<EOT>") == 1
    client_stops = [stop] if isinstance(stop, str) else list(stop or [])
    assert set(client_stops) <= set(sent["stop"]), "the client's own stops are all kept too"
