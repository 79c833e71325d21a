"""A bug that reaches the framework is answered as a 500 in the API's shape and logged with the request id
the client got, so an operator can find it (issue 12: every 5xx is logged with its request id)."""

from __future__ import annotations

import logging

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from gateway.api.controllers import api_error_handler


@get("/boom")
async def boom() -> None:
    raise RuntimeError("a bug")


def test_an_unhandled_error_is_a_logged_500_with_its_request_id(caplog: pytest.LogCaptureFixture) -> None:
    app = Litestar(route_handlers=[boom], exception_handlers={Exception: api_error_handler}, logging_config=None)
    with caplog.at_level(logging.ERROR, logger="sluice.api"), TestClient(app) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    request_id = response.headers["x-request-id"]
    [record] = [r for r in caplog.records if r.name == "sluice.api"]
    assert request_id in record.getMessage() and record.exc_info is not None
