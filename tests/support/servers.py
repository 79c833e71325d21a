"""Run the real gateway in a real uvicorn server on loopback, in a background thread."""

from __future__ import annotations

import threading
import time

import uvicorn

from gateway.app import create_app
from gateway.server import server_config
from gateway.settings import Settings


class GatewayServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        # The same server configuration as `sluice serve` (limits, no proxy headers), on port 0.
        config = server_config(settings.server, self.app, host="127.0.0.1", port=0, workers=1,
                               log_level="warning", loop="asyncio")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True, name="gateway")
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.app.state.services

    def start(self) -> GatewayServer:
        self._thread.start()
        # Generous: the startup (semgrep servers, PostgreSQL migrations) shares a 2-core CI box with
        # other test processes; this guards against a server that never starts, not a slow one.
        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("gateway did not start")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(15)
