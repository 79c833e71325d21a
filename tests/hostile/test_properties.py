"""Property tests for the parsers that see untrusted bytes: any input, any chunking.

The upstream's SSE stream, the model's markdown, policy YAML and API keys all come
from outside. Each parser must give the same answer however the input is split,
lose nothing, and fail only in its documented way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gateway.api.sse import DONE, SSEParser
from gateway.auth.keys import KEY_PREFIX, parse_key
from gateway.guard.holdback import FenceSplitter, Segment, StatementSplitter
from gateway.policy.errors import PolicyError
from gateway.policy.loader import load_policy_set
from gateway.scanning.extraction import extract_code_blocks

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def chunked(data, cuts: list[int]):
    """`data` cut at the given offsets (sorted, clipped): every way a network could deliver it."""
    points = sorted({min(max(c, 0), len(data)) for c in cuts})
    pieces, last = [], 0
    for point in points:
        pieces.append(data[last:point])
        last = point
    pieces.append(data[last:])
    return pieces


cuts = st.lists(st.integers(min_value=0, max_value=4000), max_size=30)


# -- SSE parser -------------------------------------------------------------------------------------

payloads = st.binary(min_size=1, max_size=200).filter(lambda b: b"\n" not in b and b"\r" not in b)


def encode_stream(events: list[bytes], crlf: list[bool], noise: bool) -> bytes:
    out = b""
    for event, use_crlf in zip(events, crlf, strict=False):
        eol = b"\r\n" if use_crlf else b"\n"
        if noise:  # fields OpenAI clients ignore
            out += b": keep-alive" + eol + b"event: message" + eol + b"id: 7" + eol
        out += b"data: " + event + eol + eol
    return out


@FAST
@given(st.lists(payloads, max_size=20), st.lists(st.booleans(), min_size=20, max_size=20), st.booleans(), cuts)
def test_sse_events_survive_any_split(events: list[bytes], crlf: list[bool], noise: bool, at: list[int]) -> None:
    stream = encode_stream([*events, DONE], [*crlf, False], noise)
    parser = SSEParser()
    got: list[bytes] = []
    for piece in chunked(stream, at):
        got.extend(parser.feed(piece))
    got.extend(parser.close())
    assert got == [*events, DONE]


@FAST
@given(st.binary(max_size=2000), cuts)
@example(b"data: a\r", [8])  # CR and LF in different network reads
@example(b"data: x\xff\x00\n\n", [7])  # invalid UTF-8 and NUL are opaque bytes
def test_sse_arbitrary_bytes_any_split_same_events(stream: bytes, at: list[int]) -> None:
    whole = SSEParser()
    expected = whole.feed(stream) + whole.close()
    parser = SSEParser()
    got: list[bytes] = []
    for piece in chunked(stream, at):
        got.extend(parser.feed(piece))
    got.extend(parser.close())
    assert got == expected


# -- code fences: extraction and the streaming hold-back ---------------------------------------------

line_text = st.text(alphabet=st.sampled_from(list("ab `~ \t#{}.py\\<>\x00é")), max_size=12)
fence = st.sampled_from(["```", "````", "~~~", "~~~~", "  ```", "    ```", "```python", "~~~ js", "``` `x`"])
lines = st.lists(st.one_of(line_text, fence), max_size=25)


def markdown(parts: list[str], newline: str = "\n") -> str:
    return newline.join(parts)


def split_all(text: str, at: list[int]) -> list[Segment]:
    splitter = FenceSplitter()
    segments: list[Segment] = []
    for piece in chunked(text, at):
        segments.extend(splitter.feed(piece))
    segments.extend(splitter.finish())
    return segments


@FAST
@given(lines, st.sampled_from(["\n", "\r\n"]), cuts)
def test_fence_splitter_loses_and_invents_nothing(parts: list[str], newline: str, at: list[int]) -> None:
    text = markdown(parts, newline)
    segments = split_all(text, at)
    assert "".join(s.text for s in segments) == text
    assert all(s.text for s in segments), "no empty segments"


@FAST
@given(lines, cuts)
def test_fence_splitter_blocks_do_not_depend_on_chunking(parts: list[str], at: list[int]) -> None:
    text = markdown(parts)
    whole = [s for s in split_all(text, []) if s.kind == "block"]
    assert [s for s in split_all(text, at) if s.kind == "block"] == whole


secret_code = st.text(alphabet=st.sampled_from(list("xyz=() \n")), min_size=1, max_size=60)


@FAST
@given(st.lists(line_text, max_size=5), secret_code, st.lists(line_text, max_size=5), st.booleans(), cuts)
def test_code_inside_a_fence_is_never_released_as_prose(before: list[str], code: str, after: list[str],
                                                         closed: bool, at: list[int]) -> None:
    before = [b for b in before if not b.lstrip(" ").startswith(("`", "~"))]
    after = [a for a in after if not a.lstrip(" ").startswith(("`", "~"))]
    marker = "MARKER_" + code.replace("\n", "_")
    body = f"```python\n{marker}\n" + ("```\n" if closed else "")
    text = markdown(before) + ("\n" if before else "") + body + (markdown(after) if closed else "")
    segments = split_all(text, at)
    assert not any(marker in s.text for s in segments if s.kind == "prose")
    [block] = [s for s in segments if s.kind == "block"]
    assert marker in block.text and block.closed is closed


def block_spans(segments: list[Segment]) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for s in segments:
        if s.kind == "block":
            spans.append((offset, offset + len(s.text)))
        offset += len(s.text)
    return spans


@FAST
@given(lines, cuts)
@example(["~~~py`x", "eval(x)", "~~~"], [])  # CommonMark: a tilde fence's info may hold backticks
@example(["```python", "ok()", "    ```", "os.system(x)", "```"], [])  # 4-space indent: not a closing fence
def test_every_extracted_code_block_is_held_back(parts: list[str], at: list[int]) -> None:
    """Streaming must scan what the non-streaming path scans: no code block may pass as prose."""
    text = markdown(parts)
    spans = block_spans(split_all(text, at))
    for block in extract_code_blocks(text):
        if not block.code.strip():
            continue
        assert any(start <= block.start and block.end <= end for start, end in spans), (
            f"code at {block.start}:{block.end} ({block.code!r}) released as prose"
        )


@FAST
@given(st.text(max_size=3000))
def test_extraction_never_raises_and_offsets_point_at_code(text: str) -> None:
    for block in extract_code_blocks(text):
        assert 0 <= block.start <= block.end <= len(text)
        if block.indent == 0:
            assert text[block.start : block.end] == block.code


# -- raw completions: statement splitter --------------------------------------------------------------

code_text = st.text(alphabet=st.sampled_from(list("ab )]}\n\t:=elsifxcptn")), max_size=400)


@FAST
@given(code_text, cuts)
def test_statement_splitter_concatenation_is_the_input(text: str, at: list[int]) -> None:
    splitter = StatementSplitter()
    pieces: list[str] = []
    for piece in chunked(text, at):
        pieces.extend(splitter.feed(piece))
    pieces.extend(splitter.finish())
    assert "".join(pieces) == text
    assert all(p.endswith("\n") for p in pieces[:-1]), "cuts only at line ends"
    assert all(p for p in pieces)


# -- policy loader: any YAML is a policy or a PolicyError -----------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=20),
                    st.sampled_from(["block", "allow", "redact", "repair", "annotate", "default"]))
keys = st.one_of(st.sampled_from(["extends", "mode", "models", "input", "output", "streaming", "audit", "rules",
                                  "scanners", "default_action", "languages", "python", "max_tokens", "allow",
                                  "secrets", "semgrep", "enabled", "on_error", "repair", "max_attempts", "mode",
                                  "severity", "action", "license", "store", "parameters"]),
                 st.text(max_size=10))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


def load_text(root: Path, text: str, tenant_text: str | None) -> None:
    (root / "default.yaml").write_text(text, encoding="utf-8")
    tenants = root / "tenants"
    tenants.mkdir(exist_ok=True)
    for old in tenants.iterdir():
        old.unlink()
    if tenant_text is not None:
        (tenants / "acme.yaml").write_text(tenant_text, encoding="utf-8")
    try:
        load_policy_set(root)
    except PolicyError as error:
        assert str(error)  # a message the operator can act on


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents, st.one_of(st.none(), documents))
def test_policy_loader_structured_garbage(tmp_path: Path, default: object, tenant: object) -> None:
    load_text(tmp_path, yaml.safe_dump(default), None if tenant is None else yaml.safe_dump(tenant))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"%@` \n\t#?,.0\x00\x85\ufeff")), max_size=200))
@example("!!python/object/apply:os.system ['true']")
@example("extends: default")  # default extending itself
@example("a: 2026-13-01")
def test_policy_loader_raw_text(tmp_path: Path, text: str) -> None:
    load_text(tmp_path, text, None)


def test_policy_loader_control_character_is_a_policy_error(tmp_path: Path) -> None:
    (tmp_path / "default.yaml").write_text("output:\x00\n")
    with pytest.raises(PolicyError):
        load_policy_set(tmp_path)


def test_policy_loader_recursive_alias_is_a_policy_error(tmp_path: Path) -> None:
    (tmp_path / "default.yaml").write_text("output: &x [*x]\n")
    with pytest.raises(PolicyError):
        load_policy_set(tmp_path)


def test_policy_loader_rejects_an_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "tenants").mkdir()
    (tmp_path / "default.yaml").write_text("output: {default_action: allow}\n")
    (tmp_path / "tenants" / "a.yaml").write_text("extends: b\n")
    (tmp_path / "tenants" / "b.yaml").write_text("extends: a\n")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy_set(tmp_path)


# -- API key parser ------------------------------------------------------------------------------------

key_alphabet = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789ABCXYZ_-.\n\r \x00é"))


@FAST
@given(st.text(max_size=200))
def test_key_parser_never_raises(raw: str) -> None:
    parsed = parse_key(raw)
    assert parsed is None or isinstance(parsed.secret, str)


@FAST
@given(st.text(alphabet=key_alphabet.filter(lambda c: c != "\n"), max_size=40),
       st.text(alphabet=key_alphabet.filter(lambda c: c != "\n"), max_size=140))
def test_key_parser_accepts_exactly_the_documented_shape(key_id: str, secret: str) -> None:
    raw = f"{KEY_PREFIX}{key_id}_{secret}"
    parsed = parse_key(raw)
    if parsed is not None:
        assert f"{KEY_PREFIX}{parsed.key_id}_{parsed.secret}" == raw, "the parsed key is the whole input"
        assert 8 <= len(parsed.key_id) <= 32 and 16 <= len(parsed.secret) <= 128


def test_key_with_a_trailing_newline_is_refused() -> None:
    assert parse_key("sk-sluice-abcdefgh_" + "s" * 32 + "\n") is None
