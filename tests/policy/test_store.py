"""PolicyStore: hot reload on file change and SIGHUP, atomic swaps, last good version kept."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path

import pytest

from gateway.policy import PolicyError, PolicyStore

AWS = "AKIAZ3MQ7VJX2RPLK4TQ"


def default_text(generation: int) -> str:
    return (
        f"description: gen {generation}\n"
        "input:\n  deny:\n"
        f"    - {{id: gen, reason: 'gen {generation}', keywords: [forbidden]}}\n"
    )


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


@pytest.fixture
def root(policy_dir) -> Path:
    return policy_dir(default_text(0), {"acme": "description: acme\n"})


def test_invalid_directory_refuses_to_start(policy_dir):
    with pytest.raises(PolicyError, match="field mode"):
        PolicyStore(policy_dir("mode: loud\n"))


def test_reload_swaps_version_and_calls_back(root):
    calls: list[tuple[str, str]] = []
    store = PolicyStore(root, on_reload=lambda old, new: calls.append((old, new)))
    first = store.current
    assert store.reload() is False  # nothing changed
    write_atomically(root / "default.yaml", default_text(1))
    assert store.reload() is True
    assert calls == [(first.version, store.current.version)]
    assert store.current.default.policy.description == "gen 1"
    assert first.default.policy.description == "gen 0"  # the old snapshot is untouched


def test_invalid_reload_keeps_last_good_version_and_logs_why(root, caplog):
    store = PolicyStore(root)
    good = store.current
    # The bad value is a credential: the log must say where, not what.
    (root / "tenants" / "acme.yaml").write_text(f"models:\n  max_tokens: '{AWS}'\n")
    with caplog.at_level(logging.WARNING, logger="sluice.policy"):
        assert store.reload() is False
    assert store.current is good
    assert isinstance(store.last_error, PolicyError)
    [record] = caplog.records
    assert "policy reload rejected; keeping version" in record.getMessage()
    assert f"{root / 'tenants' / 'acme.yaml'}:2:3: field models.max_tokens" in record.getMessage()
    assert AWS not in caplog.text
    # Fixed file: the next reload succeeds and clears the error.
    (root / "tenants" / "acme.yaml").write_text("models:\n  max_tokens: 99\n")
    assert store.reload() is True
    assert store.last_error is None
    assert store.current.for_tenant("acme").policy.models.max_tokens == 99


def test_new_and_removed_tenant_files_are_picked_up(root):
    store = PolicyStore(root)
    (root / "tenants" / "beta.yaml").write_text("mode: shadow\n")
    assert store.reload()
    assert store.current.for_tenant("beta").shadow
    (root / "tenants" / "beta.yaml").unlink()
    assert store.reload()
    assert store.current.for_tenant("beta") is store.current.default


async def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def test_polling_picks_up_file_changes(root):
    async def scenario() -> None:
        versions: list[tuple[str, str]] = []
        store = PolicyStore(root, poll_interval_s=0.02, on_reload=lambda o, n: versions.append((o, n)))
        await store.start()
        try:
            write_atomically(root / "default.yaml", default_text(7))
            await wait_for(lambda: store.current.default.policy.description == "gen 7")
            (root / "default.yaml").write_text("mode: [broken\n")
            await wait_for(lambda: store.last_error is not None)
            assert store.current.default.policy.description == "gen 7"
            write_atomically(root / "default.yaml", default_text(8))
            await wait_for(lambda: store.current.default.policy.description == "gen 8")
            assert len(versions) == 2
        finally:
            await store.aclose()

    asyncio.run(scenario())


def test_async_callback_is_awaited(root):
    async def scenario() -> list[str]:
        seen: list[str] = []

        async def audit(old: str, new: str) -> None:
            await asyncio.sleep(0)
            seen.append(new)

        store = PolicyStore(root, on_reload=audit)
        write_atomically(root / "default.yaml", default_text(3))
        assert await store.reload_async()
        assert seen == [store.version]
        return seen

    asyncio.run(scenario())


def test_sighup_triggers_reload(root):
    async def scenario() -> None:
        store = PolicyStore(root, poll_interval_s=3600)  # polling effectively off
        await store.start()
        try:
            write_atomically(root / "default.yaml", default_text(5))
            await asyncio.sleep(0.05)
            assert store.current.default.policy.description == "gen 0"
            os.kill(os.getpid(), signal.SIGHUP)
            await wait_for(lambda: store.current.default.policy.description == "gen 5")
        finally:
            await store.aclose()
        # Handler removed on close: SIGHUP is back to its default action.
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL

    asyncio.run(scenario())


def test_concurrent_readers_never_see_a_mix(root):
    """Readers hold one PolicySet per 'request'; acme inherits default's generation,
    so within one snapshot they must always agree, however reloads interleave."""

    async def scenario() -> set[int]:
        store = PolicyStore(root, poll_interval_s=0.005)
        await store.start()
        seen: set[int] = set()
        stop = asyncio.Event()

        async def reader() -> None:
            while not stop.is_set():
                snapshot = store.current  # one grab per request
                version = snapshot.version
                default_gen = snapshot.default.policy.input.deny[0].reason
                await asyncio.sleep(0)  # the request does other work; reloads may happen now
                acme_gen = snapshot.for_tenant("acme").policy.input.deny[0].reason
                decision = snapshot.for_tenant("acme").check_input("a forbidden thing")
                assert default_gen == acme_gen == decision.reason, (default_gen, acme_gen, decision.reason)
                assert snapshot.version == version
                seen.add(int(default_gen.split()[1]))

        async def writer() -> None:
            for generation in range(1, 30):
                write_atomically(root / "default.yaml", default_text(generation))
                if generation % 5 == 0:  # let some generations land for sure, even on a busy box
                    await wait_for(
                        lambda g=generation: store.current.default.policy.description == f"gen {g}"
                    )
                else:
                    await asyncio.sleep(0.015)
            await wait_for(lambda: store.current.default.policy.description == "gen 29")
            stop.set()

        try:
            await asyncio.gather(writer(), *(reader() for _ in range(8)))
        finally:
            await store.aclose()
        return seen

    seen = asyncio.run(scenario())
    assert len(seen) >= 3  # reloads really happened while readers ran
