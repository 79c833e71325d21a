"""CompiledPolicy.enabled_scanners is cached per language, per policy, and bounded."""

from __future__ import annotations

from pathlib import Path

from gateway.policy.compiled import _MAX_CACHED_LANGUAGES, CompiledPolicy
from gateway.policy.loader import load_policy_file

POLICY = """
description: t
output:
  scanners:
    semgrep: {enabled: true}
    bandit: {enabled: true}
    secrets: {enabled: true}
    license: {enabled: false}
  languages:
    python:
      scanners:
        semgrep: {enabled: false}
        bandit: {enabled: true}
        secrets: {enabled: true}
        license: {enabled: false}
"""


def _policy(tmp_path: Path) -> CompiledPolicy:
    path = tmp_path / "default.yaml"
    path.write_text(POLICY)
    return load_policy_file(path)


def test_per_language_answers_are_right_and_repeatable(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    for _ in range(2):  # the second round is answered from the cache
        assert "semgrep" not in policy.enabled_scanners("python")
        assert "semgrep" not in policy.enabled_scanners("py")  # alias, same canonical language
        assert "semgrep" in policy.enabled_scanners("go")
        assert "license" not in policy.enabled_scanners(None)


def test_hostile_language_tags_cannot_grow_the_cache(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    for i in range(1000):
        assert "semgrep" in policy.enabled_scanners(f"lang-{i}")
    assert len(policy._scanner_sets) <= _MAX_CACHED_LANGUAGES
    assert "semgrep" not in policy.enabled_scanners("python")
