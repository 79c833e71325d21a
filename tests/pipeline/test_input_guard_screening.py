"""What the input guard tells the audit writer about the recorded prompt (`Screened.prompt_redacted`).

The writer scans a stored prompt for credentials unless it is marked as already clean. The guard
scans every prompt text with the same scanner, so a prompt it found no credential in is marked
clean (one scan per request instead of two); a prompt it left unscanned (over the size limit)
or that still holds a credential it did not redact is not, and the writer redacts it itself.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import msgspec
import pytest

from gateway.api import schemas
from gateway.audit.bodies import BodySealer
from gateway.pipeline.prepare import _input_guard
from gateway.policy import CompiledPolicy, load_policy_file
from gateway.scanning.secrets import find_secrets

AWS_KEY = "AKIAQ3EGRJ5LZ7NWXK4P"


def policy(tmp_path: Path, secrets: str, max_prompt_chars: int = 10_000) -> CompiledPolicy:
    path = tmp_path / f"p-{secrets}-{max_prompt_chars}.yaml"
    path.write_text(
        "extends: null\n"
        f"input:\n  secrets: {secrets}\n  max_prompt_chars: {max_prompt_chars}\n"
        "output:\n  default_action: allow\n  rules: []\n"
    )
    return load_policy_file(path, tmp_path)


def chat(*texts: str) -> schemas.ChatCompletionRequest:
    body = {"model": "m", "messages": [{"role": "user", "content": t} for t in texts]}
    return schemas.decode_chat(msgspec.json.encode(body))


def screened(req: schemas.ChatCompletionRequest, compiled: CompiledPolicy):  # type: ignore[no-untyped-def]
    return asyncio.run(_input_guard(req, compiled))[0]


def test_the_scanner_knows_the_sample_key() -> None:
    assert find_secrets(f"key = {AWS_KEY}")


@pytest.mark.parametrize("secrets", ["allow", "block", "redact"])
def test_a_prompt_the_guard_found_clean_is_marked_clean(tmp_path: Path, secrets: str) -> None:
    result = screened(chat("write a function", "that adds two numbers"), policy(tmp_path, secrets))
    assert result.prompt == "user: write a function\nuser: that adds two numbers"
    assert result.prompt_redacted is True


@pytest.mark.parametrize("secrets", ["allow", "block"])
def test_a_credential_kept_in_the_prompt_leaves_it_to_the_writer(tmp_path: Path, secrets: str) -> None:
    result = screened(chat("deploy with", f"key {AWS_KEY}"), policy(tmp_path, secrets))
    assert AWS_KEY in result.prompt and result.prompt_redacted is False
    # ... which redacts it before the record is stored.
    row = {"request_id": "r", "prompt": result.prompt, "response": None, "prompt_redacted": result.prompt_redacted}
    BodySealer().seal(row)
    assert AWS_KEY not in row["prompt"]


def test_a_redacted_credential_is_marked_clean(tmp_path: Path) -> None:
    result = screened(chat(f"key {AWS_KEY}"), policy(tmp_path, "redact"))
    assert AWS_KEY not in result.prompt and result.prompt_redacted is True


def test_an_oversized_prompt_is_not_scanned_and_not_marked_clean(tmp_path: Path) -> None:
    result = screened(chat("x" * 50 + f" {AWS_KEY}"), policy(tmp_path, "redact", max_prompt_chars=40))
    assert result.prompt_redacted is False
