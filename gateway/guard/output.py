"""Output guard: scan a model answer, ask the policy, apply the action to the text.

Redaction replaces a whole offending code block (or, for a raw completion, the
whole completion) with a short notice naming the findings: partial code with
holes would be worse than no code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gateway.policy import CompiledPolicy, OutputDecision
from gateway.scanning import CodeBlock, Finding, ScanEngine, ScanResult
from gateway.scanning.base import Snippet
from gateway.scanning.findings import SCAN_INCOMPLETE


@dataclass(slots=True)
class Verdict:
    decision: OutputDecision
    scan: ScanResult
    text: str  # what may be released: the answer, or its redacted form
    attempts: list[dict[str, Any]] = field(default_factory=list)  # repair attempts, oldest first
    source: str = ""  # the model's own text that was judged (before any redaction)

    @property
    def action(self) -> str:
        return self.decision.effective_action

    @property
    def repairs(self) -> int:
        """How many times the model was asked to repair its answer."""
        return sum(1 for attempt in self.attempts if attempt["action"] == "repair")

    def findings(self) -> list[Finding]:
        return [d.finding for d in self.decision.findings]

    def summary(self) -> dict[str, Any]:
        """The `sluice` extension object clients see."""
        return {
            "decision": self.decision.action,
            "action": self.decision.effective_action,
            "shadow": self.decision.shadow,
            "policy_version": self.decision.policy_version,
            "findings": [public_finding(d.finding, d.action) for d in self.decision.findings],
            "repair_attempts": self.repairs,
        }


_WITHHELD = frozenset({"block", "repair", "redact"})


def incomplete_scanners(verdict: Verdict) -> list[str]:
    """The scanners that could not finish, when nothing but their failure withholds the answer.

    Then the refusal is a scan that did not complete (fail closed per `on_error`), not code that
    violates policy, and the client is told so; empty when any real finding withholds it.
    """
    withheld = [d.finding for d in verdict.decision.findings if d.action in _WITHHELD]
    if not withheld or any(f.rule_id != SCAN_INCOMPLETE for f in withheld):
        return []
    return sorted({f.scanner for f in withheld})


def refusal_message(verdict: Verdict, *, streamed: bool = False) -> str:
    """What a client is told when its answer is refused: a policy violation, or a scan that failed."""
    ended = "; the stream was ended" if streamed else ""
    scanners = incomplete_scanners(verdict)
    if scanners:
        return (f"The generated code could not be scanned completely ({', '.join(scanners)} failed), so it was "
                f"withheld as your organization's policy requires{ended}. Retry the request.")
    if verdict.repairs:
        return f"The generated code still violated policy after {verdict.repairs} repair attempt(s){ended}."
    return f"The generated code violates your organization's policy{ended}."


def attempt_record(text: str, action: str, decision: OutputDecision) -> dict[str, Any]:
    """One repair attempt for the audit trail: its findings and a hash of its (secret-redacted) text.

    The text itself is not kept here: `details` is chained and never purged, so bodies may
    not live in it (the last attempt's text is the record's response body).
    """
    from gateway.audit.entry import sha256_text
    from gateway.scanning.secrets import redact

    return {"action": action, "chars": len(text), "text_sha256": sha256_text(redact(text)[0]),
            "findings": [d.to_dict() for d in decision.findings]}


def public_finding(finding: Finding, action: str) -> dict[str, Any]:
    return {
        "scanner": finding.scanner,
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "cwe": finding.cwe,
        "message": finding.message,
        "start_line": finding.start_line,
        "end_line": finding.end_line,
        "block_index": finding.block_index,
        "remediation": finding.remediation,
        "action": action,
    }


def notice(findings: Sequence[Finding]) -> str:
    rules = ", ".join(sorted({f.rule_id + (f" ({f.cwe})" if f.cwe else "") for f in findings}))
    return f"[sluice: code removed by policy: {rules}]"


def redact_chat(text: str, blocks: Sequence[CodeBlock], findings: Sequence[Finding]) -> str:
    """Replace each code block that has a redact finding; prose findings blank their lines."""
    by_block: dict[int, list[Finding]] = {}
    prose: list[Finding] = []
    for finding in findings:
        if finding.block_index is None:
            prose.append(finding)
        else:
            by_block.setdefault(finding.block_index, []).append(finding)
    out = text
    for block in sorted(blocks, key=lambda b: b.start, reverse=True):
        hits = by_block.get(block.index)
        if hits:
            start, end = _fenced_span(out, block)
            out = out[:start] + notice(hits) + "\n" + out[end:]
    if prose:
        lines = out.split("\n")
        for finding in prose:
            for number in range(finding.start_line, min(finding.end_line, len(lines)) + 1):
                lines[number - 1] = notice([finding])
        out = "\n".join(lines)
    return out


def _fenced_span(text: str, block: CodeBlock) -> tuple[int, int]:
    """The block's span including its fence lines (the notice replaces the whole fenced block)."""
    start = text.rfind("\n", 0, max(block.start - 1, 0)) + 1 if block.start > 0 else 0
    if not text[start:block.start].lstrip(" ").startswith(("```", "~~~")):
        start = block.start  # unfenced (a raw answer that is all code)
    if not block.closed:
        return start, len(text)
    fence = min((i for i in (text.find("```", block.end), text.find("~~~", block.end)) if i >= 0), default=-1)
    if fence < 0:
        return start, block.end
    newline = text.find("\n", fence)
    return start, len(text) if newline < 0 else newline + 1


class OutputGuard:
    def __init__(self, engine: ScanEngine) -> None:
        self._engine = engine

    async def review_chat(self, text: str, policy: CompiledPolicy, language: str | None) -> Verdict:
        scanners = policy.enabled_scanners(language)
        if not scanners:  # nothing to run: skip extraction and detection too
            return Verdict(policy.decide_output([], language), ScanResult(language, [], [], 0.0), text, source=text)
        scan = await self._engine.scan_text(text, language, scanners=scanners)
        decision = policy.decide_output(scan.findings, scan.language, block_languages=[b.language for b in scan.blocks])
        released = text
        if decision.effective_action == "redact":
            released = redact_chat(text, scan.blocks, decision.findings_with("redact"))
        return Verdict(decision, scan, released, source=text)

    async def review_prose(self, text: str, policy: CompiledPolicy, *, context: str = "", line: int = 1) -> Verdict:
        """A piece of streamed chat prose, for credentials only (the prose scan of `review_chat`).

        `context` is the part of the piece's line already released: scanned with it (a secret's
        name), but findings that end inside it were judged with the piece that released it.
        `line` is the answer's line the piece starts on, so findings point into the whole answer.
        """
        scanner = self._engine.scanners.get("secrets")
        if scanner is None or "secrets" not in policy.enabled_scanners(None):
            return Verdict(policy.decide_output([], None), ScanResult(None, [], [], 0.0), text, source=text)
        found = await scanner.scan(Snippet(context + text, None))
        fresh = [
            f.moved(start_line=f.start_line + line - 1, end_line=f.end_line + line - 1)
            for f in found
            if f.end_line > 1 or f.end_col is None or f.end_col > len(context) + 1
        ]
        decision = policy.decide_output(fresh, None)
        released = text
        if decision.effective_action == "redact":
            released = notice(decision.findings_with("redact")) + ("\n" if text.endswith("\n") else " ")
        return Verdict(decision, ScanResult(None, fresh, [], 0.0), released, source=text)

    async def review_completion(
        self, text: str, policy: CompiledPolicy, language: str | None, *, prefix: str = "", suffix: str = "",
        from_line: int = 1,
    ) -> Verdict:
        """`from_line`: judge only findings that reach this line or later (the part not yet released)."""
        scanners = policy.enabled_scanners(language)
        if not scanners:
            return Verdict(policy.decide_output([], language), ScanResult(language, [], [], 0.0), text, source=text)
        scan = await self._engine.scan(text, language, prefix=prefix, suffix=suffix, scanners=scanners)
        findings = [f for f in scan.findings if f.end_line >= from_line]
        decision = policy.decide_output(findings, scan.language)
        released = text
        if decision.effective_action == "redact":
            released = notice(decision.findings_with("redact"))
        return Verdict(decision, scan, released, source=text)
