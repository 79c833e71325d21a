"""`sluice policy test`: run policy test cases through the gateway's own evaluator and scanners.

A case file (`policies/tests/*.yaml`) holds `cases:`; each names a tenant, a prompt
and/or a model output (chat `text`, or `code` + `language`, or ready-made
`findings`), and what to expect. Prompts go through `check_input`; outputs through
the real ScanEngine and then `decide_output`, exactly as in a request.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec

from gateway.policy.compiled import CompiledPolicy
from gateway.policy.errors import PolicyError
from gateway.policy.input_check import InputDecision
from gateway.policy.loader import PolicySet, convert_located
from gateway.policy.output_decision import OutputDecision
from gateway.policy.source import read_document
from gateway.policy.types import Action, ConfidenceName, InputAction, SeverityName
from gateway.scanning.findings import Finding, Severity

if TYPE_CHECKING:
    from gateway.scanning import ScanEngine


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class FindingSpec(_Strict):
    """A finding given directly, to test decisions without running a scanner."""

    scanner: str
    rule_id: str
    severity: SeverityName
    cwe: str | None = None
    # A finding written into a test is one the scanner is sure of unless the case says otherwise.
    confidence: ConfidenceName = "high"
    message: str = "test finding"
    line: int = 1
    extra: dict[str, Any] = msgspec.field(default_factory=dict)

    def to_finding(self) -> Finding:
        return Finding(
            scanner=self.scanner,
            rule_id=self.rule_id,
            severity=Severity(self.severity),
            message=self.message,
            start_line=self.line,
            end_line=self.line,
            cwe=self.cwe,
            confidence=self.confidence,
            extra=dict(self.extra),
        )


class OutputSpec(_Strict):
    text: str | None = None
    """A chat answer; code blocks are extracted as the gateway does."""
    code: str | None = None
    """A raw completion (all code)."""
    language: str | None = None
    prefix: str = ""
    suffix: str = ""
    findings: list[FindingSpec] | None = None


class Expect(_Strict):
    input: InputAction | None = None
    input_types: list[str] | None = None
    """Every one must be among the input findings' types (secret kinds, PII names, deny ids)."""
    redacted_contains: list[str] | None = None
    reason_contains: str | None = None
    output: Action | None = None
    """The policy's decision (in shadow mode this differs from `effective`)."""
    effective: Action | None = None
    shadow: bool | None = None
    rule_ids: list[str] | None = None
    """Globs; each must match a decided finding's rule id."""
    absent_rule_ids: list[str] | None = None
    suppressed_rule_ids: list[str] | None = None
    cwes: list[str] | None = None


class Case(_Strict):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    expect: Expect
    tenant: str = "default"
    model: str | None = None
    prompt: str | None = None
    output: OutputSpec | None = None


class CaseFile(_Strict):
    cases: list[Case]


@dataclass(slots=True)
class CaseResult:
    file: Path
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


# Findings, and the language of each code block of a chat answer.
ScanOutput = Callable[[CompiledPolicy, OutputSpec], Awaitable[tuple[list[Finding], list[str | None]]]]


def load_cases(path: Path) -> list[Case]:
    doc = read_document(path)
    cases = convert_located(doc.data, CaseFile, (), doc.locations, str(path)).cases
    for i, case in enumerate(cases):
        out = case.output
        if case.prompt is None and out is None:
            raise PolicyError(
                "a case needs `prompt` or `output`", location=doc.location(("cases", i)), field=f"cases[{i}]"
            )
        if out is not None and sum(x is not None for x in (out.text, out.code, out.findings)) != 1:
            raise PolicyError(
                "output needs exactly one of `text`, `code`, `findings`",
                location=doc.location(("cases", i, "output")),
                field=f"cases[{i}].output",
            )
    return cases


async def run_case(policies: PolicySet, case: Case, path: Path, scan: ScanOutput) -> CaseResult:
    result = CaseResult(path, case.name)
    if case.tenant != "default" and case.tenant not in policies.tenants:
        result.failures.append(f"no policy file for tenant {case.tenant!r} (it would get the default policy)")
        return result
    policy = policies.for_tenant(case.tenant)
    expect = case.expect
    if case.prompt is not None:
        _check_input(policy.check_input(case.prompt, model=case.model), expect, result.failures)
    elif case.model is not None and not policy.model_allowed(case.model):
        result.failures.append(f"model {case.model!r} is not allowed")
    if case.output is not None:
        block_languages: list[str | None] = []
        if case.output.findings is not None:
            findings = [f.to_finding() for f in case.output.findings]
        else:
            findings, block_languages = await scan(policy, case.output)
        decision = policy.decide_output(findings, case.output.language, block_languages=block_languages)
        _check_output(decision, expect, result.failures)
    return result


def _check_input(decision: InputDecision, expect: Expect, failures: list[str]) -> None:
    found = [f.type for f in decision.findings]
    if expect.input is not None and decision.action != expect.input:
        failures.append(
            f"input: expected {expect.input}, got {decision.action} (found: {found or 'nothing'})"
        )
    for kind in expect.input_types or ():
        if kind not in found:
            failures.append(f"input: expected a {kind!r} finding, found {found or 'nothing'}")
    for text in expect.redacted_contains or ():
        if text not in decision.redacted_text:
            failures.append(f"input: redacted prompt does not contain {text!r}")
    if expect.reason_contains is not None and expect.reason_contains not in (decision.reason or ""):
        failures.append(f"input: reason {decision.reason!r} does not contain {expect.reason_contains!r}")


def _check_output(decision: OutputDecision, expect: Expect, failures: list[str]) -> None:
    summary = ", ".join(f"{d.finding.rule_id}->{d.action}" for d in decision.findings) or "no findings"
    if expect.output is not None and decision.action != expect.output:
        failures.append(f"output: expected {expect.output}, got {decision.action} ({summary})")
    if expect.effective is not None and decision.effective_action != expect.effective:
        failures.append(
            f"output: expected effective action {expect.effective}, got {decision.effective_action}"
        )
    if expect.shadow is not None and decision.shadow != expect.shadow:
        failures.append(f"output: expected shadow={expect.shadow}, got {decision.shadow}")
    ids = decision.rule_ids
    for pattern in expect.rule_ids or ():
        if not fnmatch.filter(ids, pattern):
            failures.append(f"output: no finding with rule id {pattern!r} ({summary})")
    for pattern in expect.absent_rule_ids or ():
        if fnmatch.filter(ids, pattern):
            failures.append(f"output: unexpected finding {pattern!r} ({summary})")
    suppressed = [s.finding.rule_id for s in decision.suppressed]
    for pattern in expect.suppressed_rule_ids or ():
        if not fnmatch.filter(suppressed, pattern):
            failures.append(f"output: {pattern!r} was not allowlisted (allowlisted: {suppressed or 'none'})")
    cwes = {d.finding.cwe for d in decision.findings}
    for cwe in expect.cwes or ():
        if cwe not in cwes:
            failures.append(f"output: no finding with {cwe} ({summary})")


def case_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


async def run_all(policies: PolicySet, files: Sequence[Path], scan: ScanOutput) -> list[CaseResult]:
    results: list[CaseResult] = []
    for path in files:
        for case in load_cases(path):
            results.append(await run_case(policies, case, path, scan))
    return results


class EngineScanner:
    """Scans outputs with the real ScanEngine, one engine per distinct policy scanner setup."""

    def __init__(self) -> None:
        self._engines: dict[str, ScanEngine] = {}

    async def __call__(
        self, policy: CompiledPolicy, output: OutputSpec
    ) -> tuple[list[Finding], list[str | None]]:
        engine = await self._engine(policy)
        if output.text is not None:
            text_result = await engine.scan_text(
                output.text, output.language, scanners=policy.enabled_scanners(output.language)
            )
            return list(text_result.findings), [b.language for b in text_result.blocks]
        result = await engine.scan(
            output.code or "",
            output.language,
            prefix=output.prefix,
            suffix=output.suffix,
            scanners=policy.enabled_scanners(output.language),
        )
        return list(result.findings), []

    async def _engine(self, policy: CompiledPolicy) -> ScanEngine:
        from gateway.scanning import ScanEngine  # heavy: only when a case scans

        settings = policy.scan_settings()
        key = repr(settings)
        if key not in self._engines:
            engine = ScanEngine.from_settings(settings)
            await engine.start()
            self._engines[key] = engine
        return self._engines[key]

    async def aclose(self) -> None:
        for engine in self._engines.values():
            await engine.aclose()
        self._engines.clear()
