"""Handlers declare the services they are injected with: no Litestar deprecation warning.

Litestar 2 infers a dependency from a parameter's name and warns that Litestar 3 will not
("Inferred dependencies will stop working in Litestar 3.0"); every injected parameter is marked
(`controllers.InjectedServices`). The warning comes from a route's kwargs model, made when a
route is registered; here every route's model is made again, with every warning kept.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from litestar.routes import HTTPRoute

from gateway.app import create_app
from tests.conftest import gateway_settings


def test_no_route_relies_on_an_inferred_dependency(tmp_path: Path, policies_dir: Path) -> None:
    app = create_app(gateway_settings(f"sqlite+aiosqlite:///{tmp_path}/app.db", "http://127.0.0.1:9/v1",
                                      policies_dir))
    handlers = [(route, handler) for route in app.routes if isinstance(route, HTTPRoute)
                for handler in route.route_handlers]
    assert any(handler.handler_name == "chat_completions" for _, handler in handlers)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for route, handler in handlers:
            handler.create_kwargs_model(path_parameters=route.path_parameters)
    assert [str(w.message) for w in caught if "nferred dependenc" in str(w.message)] == []
