"""Decide what happens to a model answer given the scanners' findings.

Each finding gets one action from the first policy rule that matches it (language
overrides first, then the general rules, then `default_action`); license findings
for denied licenses take the license section's action and scanner failures take
`on_error`'s. The answer's action is the most severe finding action, in the order
allow < annotate < redact < repair < block. Allowlisted findings are dropped from
the decision but kept, with their justification, for the audit trail.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.policy.globs import canonical_language
from gateway.policy.types import Action, OnError
from gateway.scanning.findings import PARSE_ERROR, SCAN_INCOMPLETE, Finding, Severity

ACTION_RANK: Mapping[str, int] = {"allow": 0, "annotate": 1, "redact": 2, "repair": 3, "block": 4}
ON_ERROR_RULE = "on_error"
LICENSE_RULE = "license"
DEFAULT_RULE = "default_action"
COVERAGE_RULE = "scan_coverage"
CONFIDENCE_RANK: Mapping[str, int] = {"low": 0, "medium": 1, "high": 2}


def most_severe(actions: Iterable[str]) -> Action:
    best: Action = "allow"
    for action in actions:
        if ACTION_RANK[action] > ACTION_RANK[best]:
            best = action  # type: ignore[assignment]
    return best


@dataclass(frozen=True, slots=True)
class RuleMatcher:
    """A compiled output rule; a None condition matches everything."""

    name: str
    action: Action
    min_rank: int | None = None
    cwes: frozenset[str] | None = None
    rule_ids: re.Pattern[str] | None = None
    scanners: frozenset[str] | None = None
    languages: frozenset[str] | None = None
    min_confidence_rank: int | None = None  # CONFIDENCE_RANK; None: any confidence

    def matches(self, finding: Finding, language: str | None) -> bool:
        return (
            (self.min_rank is None or Severity(finding.severity).rank >= self.min_rank)
            and (
                self.min_confidence_rank is None
                or CONFIDENCE_RANK.get(finding.confidence, 1) >= self.min_confidence_rank
            )
            and (self.cwes is None or finding.cwe in self.cwes)
            and (self.scanners is None or finding.scanner in self.scanners)
            and (self.languages is None or language in self.languages)
            and (self.rule_ids is None or self.rule_ids.match(finding.rule_id) is not None)
        )


@dataclass(frozen=True, slots=True)
class AllowlistMatcher:
    rule_ids: re.Pattern[str]
    pattern: str
    justification: str
    expires: datetime.date | None
    scanners: frozenset[str] | None = None
    languages: frozenset[str] | None = None

    def suppresses(self, finding: Finding, language: str | None, today: datetime.date) -> bool:
        return (
            (self.expires is None or today <= self.expires)
            and finding.rule_id != SCAN_INCOMPLETE  # a failed scan is never allowlisted
            and self.rule_ids.match(finding.rule_id) is not None
            and (self.scanners is None or finding.scanner in self.scanners)
            and (self.languages is None or language in self.languages)
        )


@dataclass(frozen=True, slots=True)
class LicenseMatcher:
    denied_spdx: re.Pattern[str]
    denied_classes: frozenset[str]
    threshold_chars: int
    action: Action

    def denies(self, finding: Finding) -> bool:
        extra = finding.extra
        matched = extra.get("matched_chars")
        if isinstance(matched, int) and matched < self.threshold_chars:
            return False
        category = norm_license_class(str(extra.get("category") or ""))
        if category in self.denied_classes:
            return True
        expression = str(extra.get("spdx") or extra.get("license") or "")
        return bool(expression) and self._expression_denied(expression)

    def _expression_denied(self, expression: str) -> bool:
        """`A OR B`: denied only if every choice is; `A AND B` / `A WITH X`: if any part is."""
        flat = expression.replace("(", " ").replace(")", " ")
        choices = re.split(r"\s+OR\s+", flat.strip(), flags=re.IGNORECASE)
        return all(
            any(
                self.denied_spdx.match(part)
                for part in re.split(r"\s+(?:AND|WITH)\s+", c.strip(), flags=re.I)
            )
            for c in choices
        )


def norm_license_class(name: str) -> str:
    return name.strip().lower().replace("-", "_")


@dataclass(frozen=True, slots=True)
class FindingDecision:
    finding: Finding
    action: Action
    rule: str
    """Name of the policy rule that decided (`default_action`, `license`, `on_error` for built-ins)."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.finding.to_dict(), "action": self.action, "policy_rule": self.rule}


@dataclass(frozen=True, slots=True)
class SuppressedFinding:
    finding: Finding
    allowlist_rule_id: str
    justification: str
    expires: datetime.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.finding.to_dict(),
            "allowlist_rule_id": self.allowlist_rule_id,
            "justification": self.justification,
            "expires": self.expires.isoformat() if self.expires else None,
        }


@dataclass(frozen=True, slots=True)
class OutputDecision:
    action: Action
    """What the policy decided."""
    effective_action: Action
    """What the gateway does: `action`, or `allow` in shadow mode."""
    shadow: bool
    findings: tuple[FindingDecision, ...]
    suppressed: tuple[SuppressedFinding, ...] = ()
    warnings: tuple[str, ...] = ()
    policy_version: str = ""
    repair_max_attempts: int = 0

    @property
    def rule_ids(self) -> list[str]:
        return [d.finding.rule_id for d in self.findings]

    def findings_with(self, action: str) -> list[Finding]:
        return [d.finding for d in self.findings if d.action == action]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "effective_action": self.effective_action,
            "shadow": self.shadow,
            "policy_version": self.policy_version,
            "findings": [d.to_dict() for d in self.findings],
            "suppressed": [s.to_dict() for s in self.suppressed],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class LanguageRules:
    rules: tuple[RuleMatcher, ...]
    default_action: Action


@dataclass(frozen=True, slots=True)
class OutputDecider:
    base: LanguageRules
    by_language: Mapping[str, LanguageRules]
    allowlist: tuple[AllowlistMatcher, ...]
    license: LicenseMatcher
    on_error: OnError
    shadow: bool
    repair_max_attempts: int
    version: str = ""

    def decide(
        self,
        findings: Iterable[Finding],
        language: str | None,
        *,
        block_languages: Sequence[str | None] = (),
        today: datetime.date | None = None,
    ) -> OutputDecision:
        today = today or datetime.datetime.now(datetime.UTC).date()
        default_language = canonical_language(language)
        decided: list[FindingDecision] = []
        suppressed: list[SuppressedFinding] = []
        warnings: list[str] = []
        for finding in findings:
            lang = self._language_of(finding, default_language, block_languages)
            entry = next((a for a in self.allowlist if a.suppresses(finding, lang, today)), None)
            if entry is not None:
                suppressed.append(
                    SuppressedFinding(finding, entry.pattern, entry.justification, entry.expires)
                )
                continue
            action, rule = self._action_for(finding, lang)
            if rule == ON_ERROR_RULE and action != "block":
                warnings.append(f"scan incomplete ({finding.scanner}): {finding.message}")
            decided.append(FindingDecision(finding, action, rule))
        action = most_severe(d.action for d in decided)
        if action == "repair" and self.repair_max_attempts == 0:
            action = "block"
        return OutputDecision(
            action=action,
            effective_action="allow" if self.shadow else action,
            shadow=self.shadow,
            findings=tuple(decided),
            suppressed=tuple(suppressed),
            warnings=tuple(warnings),
            policy_version=self.version,
            repair_max_attempts=self.repair_max_attempts,
        )

    @staticmethod
    def _language_of(
        finding: Finding, default: str | None, block_languages: Sequence[str | None]
    ) -> str | None:
        """A chat answer mixes languages: a finding in a code block takes its block's language."""
        index = finding.block_index
        if index is not None and 0 <= index < len(block_languages) and block_languages[index]:
            return canonical_language(block_languages[index])
        tagged = finding.extra.get("language") if finding.extra else None
        if isinstance(tagged, str) and tagged:
            return canonical_language(tagged)
        return default

    def _action_for(self, finding: Finding, language: str | None) -> tuple[Action, str]:
        if finding.rule_id == SCAN_INCOMPLETE:
            return ("block" if self.on_error == "block" else "annotate"), ON_ERROR_RULE
        if finding.rule_id == PARSE_ERROR:
            # Code that does not parse is scan coverage, recorded for the audit; whether an answer is
            # released must not depend on whether the model happened to emit a complete file.
            return "allow", COVERAGE_RULE
        if finding.scanner == "license" and self.license.denies(finding):
            return self.license.action, LICENSE_RULE
        rules = self.by_language.get(language, self.base) if language else self.base
        for rule in rules.rules:
            if rule.matches(finding, language):
                return rule.action, rule.name
        return rules.default_action, DEFAULT_RULE
