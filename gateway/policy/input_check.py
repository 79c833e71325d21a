"""Check a prompt before it leaves the gateway: size, model, deny rules, secrets, PII.

Secrets and PII are replaced by typed placeholders (`[REDACTED:aws_access_key]`) when
the policy says `redact`; findings record what was found and where, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from gateway.policy.types import InputAction

FindingKind = Literal["limit", "model", "deny", "secret", "pii"]
_RANK = {"allow": 0, "redact": 1, "block": 2}
SecretFinder = Callable[[str], Sequence[Any]]


@dataclass(frozen=True, slots=True)
class InputFinding:
    kind: FindingKind
    type: str
    """Secret kind, PII pattern name, deny rule id, or the limit that was hit."""
    action: InputAction
    part: int = 0
    """Index of the text (message) it was found in."""
    line: int | None = None
    start: int | None = None
    end: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class InputDecision:
    action: InputAction
    """What the policy decided."""
    effective_action: InputAction
    """What the gateway does: `action`, or `allow` in shadow mode."""
    shadow: bool
    texts: tuple[str, ...]
    """The texts to send upstream: redacted when effective_action is `redact`, else unchanged."""
    redacted_texts: tuple[str, ...]
    """The texts with every redactable finding replaced (for the audit store, even in shadow mode)."""
    findings: tuple[InputFinding, ...]
    reason: str | None
    policy_version: str = ""

    @property
    def redacted_text(self) -> str:
        return self.redacted_texts[0] if self.redacted_texts else ""

    @property
    def text(self) -> str:
        return self.texts[0] if self.texts else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "effective_action": self.effective_action,
            "shadow": self.shadow,
            "reason": self.reason,
            "policy_version": self.policy_version,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class PiiMatcher:
    name: str
    pattern: re.Pattern[str]
    action: InputAction


@dataclass(frozen=True, slots=True)
class DenyMatcher:
    id: str
    reason: str
    pattern: re.Pattern[str]


def keyword_pattern(keywords: Sequence[str], ignore_case: bool) -> str:
    """Whole words or phrases; any run of whitespace matches a space in a phrase."""
    words = [r"\s+".join(re.escape(part) for part in k.split()) for k in keywords]
    return r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)"


@dataclass(frozen=True, slots=True)
class InputChecker:
    max_prompt_chars: int
    secrets_action: InputAction
    pii: tuple[PiiMatcher, ...]
    deny: tuple[DenyMatcher, ...]
    model_allowed: Callable[[str], bool]
    find_secrets: SecretFinder
    shadow: bool
    version: str = ""

    def check(self, texts: Sequence[str], *, model: str | None) -> InputDecision:
        texts = tuple(texts)
        findings = self._limits(texts, model)
        redacted = texts
        if not any(f.action == "block" and f.kind == "limit" for f in findings):
            # Scanning an oversized prompt would only burn CPU: it is blocked anyway.
            redacted = tuple(self._scan(i, text, findings) for i, text in enumerate(texts))
        action: InputAction = "allow"
        for f in findings:
            if _RANK[f.action] > _RANK[action]:
                action = f.action
        reason = next((f.reason for f in findings if f.action == action and action != "allow"), None)
        effective: InputAction = "allow" if self.shadow else action
        return InputDecision(
            action=action,
            effective_action=effective,
            shadow=self.shadow,
            texts=redacted if effective == "redact" else texts,
            redacted_texts=redacted,
            findings=tuple(findings),
            reason=reason,
            policy_version=self.version,
        )

    def _limits(self, texts: tuple[str, ...], model: str | None) -> list[InputFinding]:
        out: list[InputFinding] = []
        size = sum(len(t) for t in texts)
        if size > self.max_prompt_chars:
            out.append(
                InputFinding(
                    "limit",
                    "max_prompt_chars",
                    "block",
                    reason=f"prompt has {size} characters; the policy allows {self.max_prompt_chars}",
                )
            )
        if model is not None and not self.model_allowed(model):
            out.append(
                InputFinding(
                    "model",
                    "model_not_allowed",
                    "block",
                    reason=f"model {model!r} is not allowed by the policy",
                )
            )
        return out

    def _scan(self, part: int, text: str, out: list[InputFinding]) -> str:
        for rule in self.deny:
            match = rule.pattern.search(text)
            if match:
                out.append(
                    InputFinding(
                        "deny",
                        rule.id,
                        "block",
                        part,
                        _line(text, match.start()),
                        match.start(),
                        match.end(),
                        rule.reason,
                    )
                )
        spans: list[tuple[int, int, str]] = []
        for secret in self.find_secrets(text):
            kind = str(secret.kind)
            out.append(
                InputFinding(
                    "secret",
                    kind,
                    self.secrets_action,
                    part,
                    _line(text, secret.start),
                    secret.start,
                    secret.end,
                    f"prompt contains a credential ({kind})",
                )
            )
            if self.secrets_action == "redact":
                spans.append((secret.start, secret.end, kind))
        for pii in self.pii:
            for match in pii.pattern.finditer(text):
                if match.end() == match.start():
                    continue
                out.append(
                    InputFinding(
                        "pii",
                        pii.name,
                        pii.action,
                        part,
                        _line(text, match.start()),
                        match.start(),
                        match.end(),
                        f"prompt contains {pii.name}",
                    )
                )
                if pii.action == "redact":
                    spans.append((match.start(), match.end(), pii.name))
        return redact(text, spans)


def redact(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace spans by `[REDACTED:<type>]`; overlapping spans merge under the first one's type."""
    if not spans:
        return text
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[list[Any]] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, kind])
    pieces: list[str] = []
    cursor = 0
    for start, end, kind in merged:
        pieces.append(text[cursor:start])
        pieces.append(f"[REDACTED:{kind}]")
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
