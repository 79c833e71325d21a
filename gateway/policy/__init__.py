"""Policy-as-code: load, validate, compile and evaluate tenant policies.

policies = load_policy_set(Path("policies"))
policy = policies.for_tenant("acme")
policy.check_input(prompt, model="codellama-7b")  -> InputDecision
policy.decide_output(findings, "python")          -> OutputDecision
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from gateway.policy.compiled import CompiledPolicy, policy_version
from gateway.policy.errors import PolicyError, SourceLocation
from gateway.policy.input_check import InputDecision, InputFinding
from gateway.policy.loader import PolicySet, load_policy_file, load_policy_set
from gateway.policy.output_decision import ACTION_RANK, FindingDecision, OutputDecision, SuppressedFinding
from gateway.policy.request_check import RequestViolation
from gateway.policy.store import PolicyStore
from gateway.policy.types import Policy
from gateway.resources import shipped
from gateway.scanning.findings import Finding

POLICY_DIR = shipped("policies")

__all__ = [
    "ACTION_RANK",
    "POLICY_DIR",
    "CompiledPolicy",
    "FindingDecision",
    "InputDecision",
    "InputFinding",
    "OutputDecision",
    "Policy",
    "PolicyError",
    "PolicySet",
    "PolicyStore",
    "RequestViolation",
    "SourceLocation",
    "SuppressedFinding",
    "default_decision",
    "default_policy",
    "load_policy_file",
    "load_policy_set",
    "policy_version",
]


@lru_cache(maxsize=1)
def default_policy() -> CompiledPolicy:
    """The shipped `policies/default.yaml`, loaded once per process."""
    return load_policy_file(POLICY_DIR / "default.yaml", POLICY_DIR)


def default_decision(findings: Iterable[Finding], language: str | None) -> str:
    """The action the shipped default policy takes on these findings (used by `sluice scan`)."""
    return default_policy().decide_output(findings, language).action
