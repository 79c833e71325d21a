"""Hot reload in the running gateway: atomic per request, audited, last good version kept."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import httpx

from tests.support import db
from tests.support.scripted_upstream import Reply

ANSWER = "```python\nimport subprocess\nsubprocess.call(cmd, shell=True)\n```\n"
BLOCK = "output:\n  default_action: block\n  rules: []\n"
ANNOTATE = "output:\n  default_action: annotate\n  rules: []\n"


def replace_file(path: Path, text: str) -> None:
    """How policy files should be updated: write aside, then rename over (git and kubectl do this)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def post(gateway, key: str) -> httpx.Response:
    return httpx.post(gateway.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"}, timeout=60,
                      json={"model": "codellama-7b", "messages": [{"role": "user", "content": "run a command"}]})


def wait_for_version(gateway, key: str, upstream, predicate, timeout_s: float = 10.0) -> httpx.Response:
    deadline = time.monotonic() + timeout_s
    while True:
        upstream.script(Reply(content=ANSWER))
        response = post(gateway, key)
        if predicate(response) or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_reload_is_atomic_audited_and_keeps_last_good(gateway, upstream, db_url: str, policies_dir: Path,
                                                      backend: str) -> None:
    tenant = f"flip-{backend}"
    db.create_tenant(db_url, tenant)
    key = db.create_key(db_url, tenant)
    path = policies_dir / "tenants" / f"{tenant}.yaml"
    path.write_text(BLOCK)
    first = wait_for_version(gateway, key, upstream, lambda r: r.status_code == 403)
    assert first.status_code == 403
    version_block = first.headers["x-sluice-policy-version"]

    path.write_text(ANNOTATE)
    second = wait_for_version(gateway, key, upstream, lambda r: r.status_code == 200)
    assert second.status_code == 200 and second.headers["x-sluice-decision"] == "annotate"
    version_annotate = second.headers["x-sluice-policy-version"]
    assert version_annotate != version_block

    events = db.rows(db_url, "SELECT details FROM audit_records WHERE endpoint = 'admin:policy.reload'")
    assert events, "policy reloads are audited"

    # Flip the file while requests run: each answer must match the version it names.
    stop = threading.Event()

    def flipper() -> None:
        body = [BLOCK, ANNOTATE]
        i = 0
        while not stop.is_set():
            replace_file(path, body[i % 2])
            i += 1
            time.sleep(0.15)

    thread = threading.Thread(target=flipper)
    thread.start()
    try:
        upstream.script(*[Reply(content=ANSWER) for _ in range(40)])
        seen = set()
        for _ in range(25):
            response = post(gateway, key)
            version = response.headers["x-sluice-policy-version"]
            seen.add(version)
            expected = 403 if version == version_block else 200
            assert version in {version_block, version_annotate}
            assert response.status_code == expected, f"a request saw a mix of versions: {response.text}"
    finally:
        stop.set()
        thread.join()

    # An invalid file is rejected: the last good version stays in force.
    path.write_text(ANNOTATE)
    wait_for_version(gateway, key, upstream, lambda r: r.status_code == 200)
    path.write_text("output:\n  default_action: explode\n")
    time.sleep(2.5)
    upstream.script(Reply(content=ANSWER))
    response = post(gateway, key)
    assert response.status_code == 200 and response.headers["x-sluice-policy-version"] == version_annotate
    path.unlink()
