"""Statement-wise release of chat code blocks leaks nothing (docs/audit.md, "Streams").

A *leak* is a released line of a code block that lies inside the reported range of a finding
the policy withholds (block, repair, redact) once the whole block is judged. The corpus of
insecure chat answers (insecure_corpus.py) is streamed through the hold-back relay token by
token with seeded random chunk boundaries and a seeded random pace (after some chunks the scan
in flight is let finish, as when the model is slower than the scanner): real scanners, the
shipped default policy. Everything the relay releases before the block's closing fence is
compared with the findings of the whole block, which the relay then judges.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import pytest

from gateway.auth.principal import Principal
from gateway.guard.output import OutputGuard
from gateway.pipeline.chunks import ChunkFactory
from gateway.pipeline.holdback import ChatHoldbackRelay, CompletionHoldbackRelay
from gateway.pipeline.relay import Blocked
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.review import Reviewer
from gateway.policy.loader import load_policy_set
from gateway.scanning import ScanEngine
from gateway.scanning.settings import ScanSettings
from gateway.settings import ModelSettings
from tests.pipeline.insecure_corpus import CORPUS, chat

REPO = Path(__file__).parents[2]
WITHHELD = frozenset({"block", "repair", "redact"})
SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def engine() -> AsyncIterator[ScanEngine]:
    loop = asyncio.new_event_loop()
    engine = ScanEngine.from_settings(ScanSettings(timeout_s=30))
    loop.run_until_complete(engine.start())
    engine._test_loop = loop  # type: ignore[attr-defined]
    yield engine  # type: ignore[misc]
    loop.run_until_complete(engine.aclose())
    loop.close()


def request(tenant: str = "nobody", policies: Path = REPO / "policies") -> GenerationRequest:
    policy = load_policy_set(policies).for_tenant(tenant)
    return GenerationRequest(kind="chat", principal=Principal(1, tenant, "k", frozenset(), None),
                             model=ModelSettings(name="m", upstream="http://127.0.0.1:9/v1"), policy=policy,
                             upstream_body={"messages": []}, stream=True, include_usage=False, language=None)


def relay_for(engine: ScanEngine, gen: GenerationRequest) -> ChatHoldbackRelay:
    return ChatHoldbackRelay(Reviewer(OutputGuard(engine), None), gen, ChunkFactory(gen))  # type: ignore[arg-type]


def chunked(text: str, rng: random.Random) -> list[str]:
    """Token-like pieces: 1 to 8 characters, cut anywhere (inside words, fences, newlines)."""
    out, at = [], 0
    while at < len(text):
        step = rng.randint(1, 8)
        out.append(text[at : at + step])
        at += step
    return out


def texts(chunks: list[bytes]) -> str:
    out = []
    for chunk in chunks:
        data = msgspec.json.decode(chunk.removeprefix(b"data: ").strip())
        out.extend((c.get("delta") or {}).get("content") or "" for c in data.get("choices", []))
    return "".join(out)


def closing_fence(answer: str) -> int:
    return answer.index("\n```\n", answer.index("```") + 3) + 1


async def stream_until_close(relay: ChatHoldbackRelay, answer: str, rng: random.Random) -> str:
    """Feed the answer up to its closing fence; what the client has (or the relay holds to release) then."""
    closing = closing_fence(answer)
    out: list[bytes] = []
    for piece in chunked(answer[:closing], rng):
        out.extend(await relay.feed(piece, b""))
        pending = relay.pending()
        if pending is not None and rng.random() < 0.6:  # the model pauses: the scan ends first
            await asyncio.wait([pending])
            out.extend(relay.poll())
    pending = relay.pending()
    if pending is not None:  # the most a client could have: the scan in flight ends before the fence
        await asyncio.wait([pending])
        out.extend(relay.poll())
    return texts(out + relay.held)


def released_code_lines(answer: str, released: str) -> int:
    """How many lines of the answer's code block were released (complete lines after the opener)."""
    opener = answer.index("```")
    if len(released) <= answer.index("\n", opener) + 1:
        return 0
    code = released[answer.index("\n", opener) + 1 :]
    assert answer.startswith(released), "the relay released text the model did not write"
    return code.count("\n")


@pytest.mark.parametrize("seed", SEEDS)
def test_no_released_line_lies_in_a_withheld_findings_range(engine: ScanEngine, seed: int) -> None:
    loop: asyncio.AbstractEventLoop = engine._test_loop  # type: ignore[attr-defined]
    rng = random.Random(seed)
    gen = request()
    guard = OutputGuard(engine)
    released_lines = 0
    for answer in CORPUS:
        relay = relay_for(engine, gen)
        released = loop.run_until_complete(stream_until_close(relay, answer, rng))
        lines = released_code_lines(answer, released)
        released_lines += lines
        whole = loop.run_until_complete(guard.review_chat(answer, gen.policy, None))  # what the close judges
        withheld = [d.finding for d in whole.decision.findings if d.action in WITHHELD]
        assert withheld, f"corpus answer is not insecure under the default policy: {answer[:60]!r}"
        leaked = [f for f in withheld if f.start_line <= lines]
        assert not leaked, f"leaked lines 1..{lines} cover {[(f.rule_id, f.start_line) for f in leaked]}"
        if whole.action == "block":  # the close judges the whole block; nothing more goes out
            with pytest.raises(Blocked):
                loop.run_until_complete(relay.feed(answer[closing_fence(answer) :], b""))
    # Not vacuous: the harmless statements before the sinks did go out.
    assert released_lines >= len(CORPUS), released_lines


def test_a_clean_block_streams_statement_by_statement_and_whole(engine: ScanEngine) -> None:
    loop: asyncio.AbstractEventLoop = engine._test_loop  # type: ignore[attr-defined]
    code = "\n".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(8))
    answer = chat("Eight helpers:", "python", code)
    relay = relay_for(engine, request())

    async def run() -> tuple[list[str], str]:
        seen: list[str] = []
        for piece in chunked(answer, random.Random(7)):
            out = await relay.feed(piece, b"")
            pending = relay.pending()
            if pending is not None:
                await asyncio.wait([pending])
                out.extend(relay.poll())
            if out:
                seen.append(texts(out))
        seen.append(texts(await relay.finish()))
        return seen, "".join(seen)

    seen, whole = loop.run_until_complete(run())
    assert whole == answer
    opened = next(i for i, text in enumerate(seen) if "def f0" in text)
    closed = next(i for i, text in enumerate(seen) if "def f7" in text)
    assert closed > opened + 2, f"the block went out in pieces, before it closed: {seen}"
    assert relay.scans < 8 * 2, "scans are made at statement boundaries only"


def test_block_release_holds_each_block_until_it_closes(engine: ScanEngine, tmp_path: Path) -> None:
    loop: asyncio.AbstractEventLoop = engine._test_loop  # type: ignore[attr-defined]
    (tmp_path / "tenants").mkdir()
    (tmp_path / "default.yaml").write_text((REPO / "policies" / "default.yaml").read_text())
    (tmp_path / "tenants" / "whole.yaml").write_text("streaming:\n  chat_release: block\n")
    code = "\n".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(4))
    answer = chat("Helpers:", "python", code)
    relay = relay_for(engine, request("whole", tmp_path))

    async def run() -> str:
        released = ""
        for piece in chunked(answer[: answer.rindex("```")], random.Random(3)):
            released += texts(await relay.feed(piece, b""))
            pending = relay.pending()
            assert pending is None, "block release scans nothing before the close"
        return released

    assert loop.run_until_complete(run()) == "Helpers:\n\n"


def test_statements_fed_before_a_scan_runs_join_that_scan(engine: ScanEngine) -> None:
    # An upstream ahead of the gateway hands over many statements in one loop turn: the scan
    # started at the first boundary covers all of them (one scan, not one per statement plus a
    # catch-up), and what it clears goes out in one piece.
    loop: asyncio.AbstractEventLoop = engine._test_loop  # type: ignore[attr-defined]
    code = "\n".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(6))
    answer = chat("Helpers:", "python", code)
    relay = relay_for(engine, request())

    async def run() -> str:
        released = ""
        for piece in chunked(answer[: answer.rindex("```")], random.Random(5)):
            released += texts(await relay.feed(piece, b""))
        pending = relay.pending()
        assert pending is not None, "a statement boundary started a scan"
        await asyncio.wait([pending])
        return released + texts(relay.poll())

    released = loop.run_until_complete(run())
    assert relay.block is not None and relay.block.scans == 1, relay.block and relay.block.scans
    assert "def f4(x)" in released, released


def test_what_one_piece_held_before_a_refused_block_still_goes(engine: ScanEngine) -> None:
    # Prose, a clean block and a refused one in one piece of text: the refusal must not take the
    # judged prose and block with it (they go out, after the record, ahead of the refusal).
    loop: asyncio.AbstractEventLoop = engine._test_loop  # type: ignore[attr-defined]
    clean = "```python\ndef double(x):\n    return 2 * x\n```\n"
    refused = "```python\nimport os\nos.system(input('host: '))\n```\n"
    relay = relay_for(engine, request())
    with pytest.raises(Blocked):
        loop.run_until_complete(relay.feed("First this.\n" + clean + "Then:\n" + refused, b""))
    assert texts(relay.held) == "First this.\n" + clean + "Then:\n"


def test_statements_judged_before_a_refused_one_in_the_same_piece_still_go(engine: ScanEngine) -> None:
    # A raw completion: two clean top-level statements and a refused one arrive together. The
    # first two were judged and go (in order, none skipped); the refused one does not.
    loop: asyncio.AbstractEventLoop = engine._test_loop  # type: ignore[attr-defined]
    gen = request()
    gen.kind = "completions"
    gen.language = "python"
    relay = CompletionHoldbackRelay(Reviewer(OutputGuard(engine), None), gen, ChunkFactory(gen), at_end=False)  # type: ignore[arg-type]
    first, second = "import os\n\n\n", "def double(x):\n    return 2 * x\n\n\n"
    with pytest.raises(Blocked):
        loop.run_until_complete(relay.feed(first + second + "os.system(input('host: '))\nprint('done')\n", b""))
    held = relay.held
    texts_held = "".join(msgspec.json.decode(c.removeprefix(b"data: ").strip())["choices"][0]["text"] for c in held)
    assert texts_held == first + second
