"""Client-controlled values that reach the audit record are bounded at the edge (issue 12, observation 1).

On PostgreSQL a value longer than its column (`model` VARCHAR(128), `client_addr` VARCHAR(64)) used to
fail the insert, and with it the whole group commit: the attacker got 503 instead of 404, and other
tenants' requests in the same batch lost their records; a store that cuts the value to its column instead
breaks the record's hash. Here every such value gets its normal answer
(404 `model_not_found`, 401) with its own record, the stored value fits its column, and another
tenant's concurrent requests all keep their records. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from gateway.api.record_fields import CLIENT_ADDR_CHARS, MODEL_CHARS, fit
from tests.audit.helpers import verify
from tests.support import db

MESSAGES = [{"role": "user", "content": "hello"}]

LONG_MODELS = ["m" * 129, "m" * 10_000, "m\x00" * 70, "\x00", "ḿ" * 129]
LONG_ADDRESSES = ["1" * 100, "a" * 5_000, "unknown, " + "9" * 80]


def record_for(db_url: str, request_id: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 10
    while not (rows := db.audit_rows(db_url, request_id=request_id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rows) == 1, f"{len(rows)} audit records for {request_id}"
    return rows[0]


class Victims:
    """Another tenant's clients sending ordinary requests until stopped."""

    def __init__(self, url: str, key: str, threads: int = 4) -> None:
        self.url, self.key = url, key
        self.answers: list[tuple[int, str]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def _run(self, n: int) -> None:
        with httpx.Client(timeout=30, headers={"authorization": f"Bearer {self.key}"}) as client:
            i = 0
            while not self._stop.is_set():
                i += 1
                body = {"model": "codellama-7b", "messages": [{"role": "user", "content": f"v{n} q{i}"}],
                        "stream": i % 2 == 0}
                with client.stream("POST", self.url + "/v1/chat/completions", json=body) as response:
                    response.read()
                self.answers.append((response.status_code, response.headers["x-request-id"]))

    def __enter__(self) -> Victims:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)


def test_fit_bounds_and_keeps_long_values_apart() -> None:
    assert fit("short", 10) == "short"
    assert fit("a\x00b", 10) == "a\ufffdb"
    one, two = fit("m" * 200 + "1", MODEL_CHARS), fit("m" * 200 + "2", MODEL_CHARS)
    assert one is not None and two is not None
    assert len(one) == len(two) == MODEL_CHARS and one != two


def test_hostile_fields_get_their_answer_and_record_while_others_keep_theirs(
        gateway, db_url: str, upstream) -> None:  # type: ignore[no-untyped-def]
    db.create_tenant(db_url, "edge-attacker")
    db.create_tenant(db_url, "edge-victim")
    attacker = db.create_key(db_url, "edge-attacker")
    victim = db.create_key(db_url, "edge-victim")
    sent: list[tuple[int, str]] = []  # (expected status, request id)
    with Victims(gateway.url, victim) as victims, httpx.Client(timeout=30) as client:
        time.sleep(0.3)  # the victims' requests are in flight: they share group commits with ours
        for _ in range(2):
            for model in LONG_MODELS:
                for path, body in (("/v1/chat/completions", {"model": model, "messages": MESSAGES}),
                                   ("/v1/completions", {"model": model, "prompt": "def f():", "stream": True})):
                    response = client.post(gateway.url + path, json=body,
                                           headers={"authorization": f"Bearer {attacker}"})
                    assert response.status_code == 404, response.text[:300]
                    assert response.json()["error"]["code"] == "model_not_found"
                    assert len(response.json()["error"]["message"]) < 400, "the echo is bounded"
                    sent.append((404, response.headers["x-request-id"]))
            for address in LONG_ADDRESSES:
                # no key at all: a forwarding header alone must not cost anyone a record
                response = client.post(gateway.url + "/v1/chat/completions", json={"model": "codellama-7b",
                                       "messages": MESSAGES}, headers={"x-forwarded-for": address})
                assert response.status_code == 401, response.text[:300]
                sent.append((401, response.headers["x-request-id"]))
                response = client.post(gateway.url + "/v1/chat/completions",
                                       json={"model": "m" * 300, "messages": MESSAGES},
                                       headers={"x-forwarded-for": address, "authorization": f"Bearer {attacker}"})
                assert response.status_code == 404, response.text[:300]
                sent.append((404, response.headers["x-request-id"]))
        time.sleep(0.3)
    for status, request_id in sent:
        row = record_for(db_url, request_id)
        assert row.status_code == status
        assert row.model is None or (len(row.model) <= MODEL_CHARS and "\x00" not in row.model)
        assert row.client_addr is None or len(row.client_addr) <= CLIENT_ADDR_CHARS
    assert len(victims.answers) >= 8, "the victims got answers"
    assert {status for status, _ in victims.answers} == {200}, victims.answers
    for _, request_id in victims.answers:
        record_for(db_url, request_id)
    # A value cut by the database after it was hashed (PostgreSQL's json_populate_recordset truncates
    # to VARCHAR(n)) would leave a record whose hash no longer matches: the chain must verify.
    report = verify(db_url)
    assert report.ok, report


@pytest.mark.parametrize("model", ["m" * 129, "zz-not-configured"])
def test_unknown_models_never_become_metric_labels(gateway, api_key: str, model: str) -> None:  # type: ignore[no-untyped-def]
    """A label per client-chosen model name would grow /metrics without bound."""
    response = httpx.post(gateway.url + "/v1/chat/completions", json={"model": model, "messages": MESSAGES},
                          headers={"authorization": f"Bearer {api_key}"}, timeout=30)
    assert response.status_code == 404
    assert model not in httpx.get(gateway.url + "/metrics", timeout=30).text
