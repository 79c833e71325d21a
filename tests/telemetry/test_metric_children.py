"""Memoised labelled children: same exposition as `labels()`, and a bounded memo."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from gateway.telemetry import Metrics
from gateway.telemetry import metrics as metrics_module


def _samples(m: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(m.render().decode()):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def test_repeated_updates_accumulate_on_one_child() -> None:
    m = Metrics()
    for _ in range(3):
        m.request_done("acme", "m1", 200, "allow", 0.002)
        m.stage_done("auth", 0.0004)
        m.tokens_used("acme", "m1", 5, 7)
        m.ttft("m1", 0.01)
    m.request_done("acme", "m1", 429, "none", 0.001)
    s = _samples(m)
    assert s[("sluice_requests_total", (("decision", "allow"), ("model", "m1"), ("status", "200"),
                                        ("tenant", "acme")))] == 3
    assert s[("sluice_requests_total", (("decision", "none"), ("model", "m1"), ("status", "429"),
                                        ("tenant", "acme")))] == 1
    assert s[("sluice_stage_duration_seconds_count", (("stage", "auth"),))] == 3
    assert s[("sluice_stage_duration_seconds_bucket", (("le", "0.0005"), ("stage", "auth")))] == 3
    assert s[("sluice_tokens_total", (("kind", "completion"), ("model", "m1"), ("tenant", "acme")))] == 21
    assert s[("sluice_upstream_ttft_seconds_count", (("model", "m1"),))] == 3
    assert s[("sluice_request_duration_seconds_count", (("model", "m1"),))] == 4


def test_child_memo_is_bounded_and_past_it_still_counts(monkeypatch) -> None:
    monkeypatch.setattr(metrics_module, "_CHILD_CACHE_LIMIT", 4)
    m = Metrics()
    for i in range(10):
        m.stage_done(f"stage{i}", 0.001)
    m.stage_done("stage9", 0.001)
    assert len(m._stage_seconds._cache) == 4
    s = _samples(m)
    assert all(s[("sluice_stage_duration_seconds_count", (("stage", f"stage{i}"),))] == 1 for i in range(9))
    assert s[("sluice_stage_duration_seconds_count", (("stage", "stage9"),))] == 2
