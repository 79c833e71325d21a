"""The HTTP server: one uvicorn configuration for `sluice serve`, `sluice up` and the tests.

Everything about connections lives here and in gateway/edge/: the guarded protocol (size
limits, slow-client deadlines, idle timeout), no proxy headers trusted by uvicorn itself
(the app's TrustedProxies decides, from `server.trusted_proxies`), and, with several
workers, a supervisor that turns SIGHUP into a policy reload in every worker instead of
uvicorn's restart of every worker.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess

from gateway.edge.protocol import GuardedHttpToolsProtocol
from gateway.settings import ServerSettings

log = logging.getLogger("sluice.server")

APP_FACTORY = "gateway.app:create_app_from_env"


class SluiceConfig(uvicorn.Config):
    """uvicorn's Config carrying the server settings to each connection's protocol.

    A module-level class, so it pickles into `--workers` processes with the settings in it.
    """

    def __init__(self, app: Any, *, server_settings: ServerSettings, **options: Any) -> None:
        super().__init__(app, **options)
        self.server_settings = server_settings


def server_config(settings: ServerSettings, app: Any, **overrides: Any) -> SluiceConfig:
    """The uvicorn configuration for `settings`; `overrides` (e.g. port=0, loop) win."""
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "http": GuardedHttpToolsProtocol,
        "loop": "uvloop",
        "lifespan": "on",
        # uvicorn would trust X-Forwarded-For from 127.0.0.1 by default; TrustedProxies decides instead.
        "proxy_headers": False,
        "forwarded_allow_ips": [],
        "server_header": False,
        "access_log": False,
        "log_level": "info",
    }
    options.update(overrides)
    return SluiceConfig(app, server_settings=settings, **options)


class PolicyReloadingMultiprocess(Multiprocess):
    """uvicorn's worker supervisor, except that SIGHUP reloads policies in every worker.

    uvicorn restarts all workers on SIGHUP (dropping their connections and in-process
    state); Sluice's documented meaning of SIGHUP is "reload the policy files", which each
    worker's PolicyStore does on its own SIGHUP. So the signal is passed on, not acted on.
    """

    def handle_hup(self) -> None:
        # Only workers that have started: one still starting has not installed its SIGHUP
        # handler (the default action would kill it) and reads the current files anyway.
        pids = [process.pid for process in self.processes if process.pid and process.is_ready(timeout=2)]
        log.info("SIGHUP: reloading policies in %d workers (%s)", len(pids), ", ".join(map(str, pids)))
        for pid in pids:
            try:
                os.kill(pid, signal.SIGHUP)
            except ProcessLookupError:
                pass  # exited meanwhile; the supervisor replaces it with one that loads the new files


def run_server(settings: ServerSettings, *, log_level: str = "info", app: Any = APP_FACTORY,
               factory: bool = True, **overrides: Any) -> None:
    """Serve until interrupted: in this process, or in `settings.workers` worker processes."""
    config = server_config(settings, app, factory=factory, log_level=log_level, **overrides)
    server = uvicorn.Server(config)
    try:
        if config.workers > 1:
            socket = config.bind_socket()
            PolicyReloadingMultiprocess(config, sockets=[socket]).run()
        else:
            server.run()
    except KeyboardInterrupt:
        pass
    if config.workers == 1 and not server.started:
        sys.exit(STARTUP_FAILURE)
