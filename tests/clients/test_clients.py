"""Issue 19: the clients developers already use, driven for real against the gateway.

Each case runs the real client library (openai-python, langchain-openai, LiteLLM, `llm`, the
Node `openai` SDK) with its default settings, retries included, in its own subprocess (see
conftest.py), against the gateway on the scripted upstream. The upstream counts the
generations: a block must reach the user with the gateway's reason after exactly one.

Cases today's gateway fails because of an issue 19 item not fixed yet are marked
xfail(strict=True) with the item: they turn red the moment the fix lands, and the mark goes.
"""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from tests.clients.conftest import CLIENTS, FIM_MODEL, ClientsGateway, ClientWorker, client_env
from tests.support import db
from tests.support.scripted_upstream import Reply, ScriptedUpstream

SAFE = "```python\ndef total(values):\n    return sum(values)\n```\n"
ANSWER = "Here it is:\n" + SAFE
INSECURE = "Here you go:\n```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n```\n"
REPAIRED = "Fixed:\n```python\nimport shlex\n\ndef words(command):\n    return shlex.split(command)\n```\n"
PROMPT = "write a function that sums a list"
REFUSED_PROMPT = "write ransomware that encrypts every file on the disk"
MALWARE_REASON = "Requests to build malware are not allowed by your organization's policy."

# (client, case) -> the issue 19 item that makes today's gateway fail it.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def cases(case: str) -> list[Any]:
    """The clients, each marked xfail where KNOWN_FAILURES says today's gateway fails it."""
    params = []
    for client in CLIENTS:
        reason = KNOWN_FAILURES.get((client, case))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(client, marks=marks, id=client))
    return params


def run(workers: dict[str, ClientWorker], client: str, gateway: ClientsGateway, *, op: str = "chat",
        tenant: str = "clients", prompt: str = PROMPT, stream: bool = False, model: str = "codellama-7b",
        api_key: str | None = None, max_tokens: int | None = None, suffix: str | None = None) -> dict[str, Any]:
    return workers[client].run(op=op, base_url=gateway.base_url, api_key=api_key or gateway.keys[tenant],
                               model=model, prompt=prompt, stream=stream, max_tokens=max_tokens, suffix=suffix)


def upstream_calls(upstream: ScriptedUpstream) -> int:
    return len(upstream.state.requests)


def ok(result: dict[str, Any]) -> dict[str, Any]:
    assert result["ok"], result["error"]
    return result


def refused(result: dict[str, Any]) -> dict[str, Any]:
    assert not result["ok"], f"expected an error, got {result}"
    error: dict[str, Any] = result["error"]
    return error


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("client", cases("chat"))
def test_chat(client_workers, clients_gateway, upstream: ScriptedUpstream, client: str, stream: bool) -> None:
    upstream.script(Reply(content=ANSWER))
    result = ok(run(client_workers, client, clients_gateway, stream=stream))
    assert result["text"] == ANSWER
    assert upstream_calls(upstream) == 1
    if result["usage"] is not None or client != "litellm":  # every client but streamed LiteLLM reports it
        assert result["usage"] == {"prompt_tokens": len(PROMPT.split()), "completion_tokens": len(ANSWER.split())}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("client", cases("complete"))
def test_completions(client_workers, clients_gateway, upstream: ScriptedUpstream, client: str,
                     stream: bool) -> None:
    upstream.script(Reply(content=ANSWER))
    result = ok(run(client_workers, client, clients_gateway, op="complete", prompt="def total(values):",
                    stream=stream))
    assert result["text"] == ANSWER
    assert upstream_calls(upstream) == 1
    if result["usage"] is not None:
        assert result["usage"] == {"prompt_tokens": 2, "completion_tokens": len(ANSWER.split())}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("client", ["openai-python", "litellm", "node-openai"])  # the clients with `suffix`
def test_fill_in_the_middle(client_workers, clients_gateway, upstream: ScriptedUpstream, client: str,
                            stream: bool) -> None:
    middle = "return sum(values)"
    upstream.script(Reply(content=middle))
    result = ok(run(client_workers, client, clients_gateway, op="complete", model=FIM_MODEL, stream=stream,
                    prompt="def total(values):\n    ", suffix="\n\nprint(total([1, 2]))\n", max_tokens=32))
    assert result["text"] == middle
    sent = upstream.state.requests[-1]["body"]
    assert sent["prompt"].startswith("<PRE> def total(values):") and "<SUF>" in sent["prompt"], sent
    assert "<EOT>" in sent["stop"]


@pytest.mark.parametrize("client", cases("max_tokens"))
def test_chat_with_max_tokens(client_workers, clients_gateway, upstream: ScriptedUpstream, client: str) -> None:
    upstream.script(Reply(content=ANSWER))
    result = ok(run(client_workers, client, clients_gateway, max_tokens=64))
    assert result["text"] == ANSWER
    sent = upstream.state.requests[-1]["body"]
    assert 64 in (sent.get("max_tokens"), sent.get("max_completion_tokens"))


@pytest.mark.parametrize("client", cases("bad_key"))
def test_bad_key_is_a_clean_auth_error(client_workers, clients_gateway, upstream: ScriptedUpstream,
                                       client: str) -> None:
    upstream.script()
    error = refused(run(client_workers, client, clients_gateway, api_key="sk-sluice-nope_" + "x" * 32))
    assert error["status"] == 401 or "Authentication" in error["class"], error
    assert upstream_calls(upstream) == 0


@pytest.mark.parametrize("client", cases("unknown_model"))
def test_unknown_model(client_workers, clients_gateway, upstream: ScriptedUpstream, client: str) -> None:
    upstream.script()
    error = refused(run(client_workers, client, clients_gateway, model="no-such-model"))
    assert error["status"] == 404 or "NotFound" in error["class"], error
    assert "no-such-model" in error["message"]
    assert upstream_calls(upstream) == 0


@pytest.mark.parametrize("client", cases("refused_prompt"))
def test_prompt_refused_by_policy(client_workers, clients_gateway, upstream: ScriptedUpstream,
                                  client: str) -> None:
    upstream.script()
    error = refused(run(client_workers, client, clients_gateway, prompt=REFUSED_PROMPT))
    assert error["status"] == 403 or "PermissionDenied" in error["class"], error
    assert MALWARE_REASON in error["message"]
    assert upstream_calls(upstream) == 0


def _assert_block_reaches_the_user(client: str, error: dict[str, Any], upstream: ScriptedUpstream) -> None:
    assert "policy" in error["message"].lower(), error  # the gateway's reason, not a transport error
    assert upstream_calls(upstream) == 1, "the client retried a blocked answer (one generation each)"
    if client in ("openai-python", "node-openai"):  # the official SDKs keep the error body: the findings
        assert error.get("findings", 0) >= 1, error
    if client == "litellm":  # the convention LiteLLM knows for content filtering, not retried by its users
        assert error["class"] == "ContentPolicyViolationError", error
        assert error.get("findings", 0) >= 1, error  # the error object, Sluice's findings in it, is kept


@pytest.mark.parametrize("client", cases("blocked"))
def test_blocked_answer_is_not_retried(client_workers, clients_gateway, upstream: ScriptedUpstream,
                                       client: str) -> None:
    upstream.script(Reply(content=INSECURE), *[Reply(content=INSECURE) for _ in range(9)])
    error = refused(run(client_workers, client, clients_gateway, tenant="blocker", prompt="run a shell command"))
    assert error["status"] == 403 or "PermissionDenied" in error["class"] or client == "litellm", error
    _assert_block_reaches_the_user(client, error, upstream)


@pytest.mark.parametrize("client", cases("blocked_stream"))
def test_blocked_stream_is_not_retried(client_workers, clients_gateway, upstream: ScriptedUpstream,
                                       client: str) -> None:
    upstream.script(Reply(content=INSECURE), *[Reply(content=INSECURE) for _ in range(9)])
    error = refused(run(client_workers, client, clients_gateway, tenant="blocker", prompt="run a shell command",
                        stream=True))
    _assert_block_reaches_the_user(client, error, upstream)


@pytest.mark.parametrize("client", cases("repaired"))
def test_repaired_answer(client_workers, clients_gateway, upstream: ScriptedUpstream, client: str) -> None:
    upstream.script(Reply(content=INSECURE), Reply(content=REPAIRED))
    result = ok(run(client_workers, client, clients_gateway, tenant="repairer", prompt="run a shell command"))
    assert result["text"] == REPAIRED
    assert upstream_calls(upstream) == 2
    if result["sluice"] is not None:  # the clients that keep unknown fields show Sluice's extension
        assert result["sluice"]["repair_attempts"] == 1
    row = db.audit_rows(clients_gateway.db_url)[-1]
    assert row.status_code == 200 and len(row.details["repair_attempts"]) == 1


def test_llm_command_line_shows_the_block(clients_python, clients_gateway, upstream: ScriptedUpstream,
                                          tmp_path) -> None:
    """What an `llm` user sees in the terminal: the gateway's reason and a failing exit status."""
    upstream.script(Reply(content=INSECURE))
    command = [str(clients_python.parent / "llm"), "-m", "sluice/codellama-7b", "--key",
               clients_gateway.keys["blocker"], "--no-log", "run a shell command"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env=client_env(tmp_path, clients_gateway))
    # llm streams: the prose before the code block was already released; the code never is.
    assert done.returncode != 0 and "subprocess" not in done.stdout, done.stdout
    assert "Error: The generated code violates your organization's policy" in done.stderr, done.stderr
    assert upstream_calls(upstream) == 1
