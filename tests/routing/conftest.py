"""Scripted upstream replicas on loopback, started fresh per test (cheap: one thread each)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.scripted_upstream import ScriptedUpstream


class Fleet:
    def __init__(self) -> None:
        self.running: list[ScriptedUpstream] = []

    def start(self, n: int, port: int = 0) -> list[ScriptedUpstream]:
        servers = [ScriptedUpstream(port=port).start() for _ in range(n)]
        self.running.extend(servers)
        return servers

    def kill(self, server: ScriptedUpstream) -> None:
        """Stop a replica: connections to its port are refused from now on."""
        self.running.remove(server)
        server.stop()

    def stop_all(self) -> None:
        while self.running:
            self.kill(self.running[-1])


@pytest.fixture
def fleet() -> Iterator[Fleet]:
    fleet = Fleet()
    try:
        yield fleet
    finally:
        fleet.stop_all()
