"""Check a prompt before it leaves the gateway: size, model, deny rules, secrets, PII.

Secrets and PII are replaced by typed placeholders (`[REDACTED:aws_access_key]`) when
the policy says `redact`; findings record what was found and where, never the value.
Every pattern is RE2 (linear time, see gateway/scanning/linear_regex.py): a prompt can be
as long as the policy allows without costing more than a pass per pattern.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from gateway.policy.types import InputAction
from gateway.scanning.linear_regex import LinearPattern

# Findings recorded per type and message; past it the text is still redacted or blocked, but a
# prompt of 10,000 email addresses must not make a 10,000-entry audit record.
MAX_FINDINGS_PER_TYPE = 100
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
    pattern: LinearPattern
    action: InputAction


# Not a Unicode word character (Python's `\W`; RE2's `\W` is ASCII-only).
_NON_WORD = r"[^\pL\pN_]"
KEYWORD_GROUP = "sluice_keyword"


@dataclass(frozen=True, slots=True)
class DenyMatcher:
    id: str
    reason: str
    pattern: LinearPattern
    """The rule's regexes and its keyword alternation (group `KEYWORD_GROUP`) in one pattern."""

    def find(self, text: str) -> tuple[int, int] | None:
        match = self.pattern.search(text)
        if match is None:
            return None
        group = self.pattern.groupindex.get(KEYWORD_GROUP)
        if group is not None and match.group(group) is not None:
            # The keyword alternation consumes its neighbouring non-word characters; report the word.
            return match.span(group)
        return match.span()


def keyword_pattern(keywords: Sequence[str], ignore_case: bool) -> str:
    """Whole words or phrases; any run of whitespace matches a space in a phrase.

    RE2 has no look-around, so the word boundaries are consumed (start of text or a non-word
    character on each side) and the keyword itself is the group `KEYWORD_GROUP`.
    """
    words = [r"[\s\p{Z}]+".join(re.escape(part) for part in k.split()) for k in keywords]
    return rf"(?:^|{_NON_WORD})(?P<{KEYWORD_GROUP}>" + "|".join(words) + rf")(?:{_NON_WORD}|$)"


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
        line = _LineIndex(text)
        for rule in self.deny:
            found = rule.find(text)
            if found:
                start, end = found
                out.append(InputFinding("deny", rule.id, "block", part, line(start), start, end, rule.reason))
        spans: list[tuple[int, int, str]] = []
        recorded: dict[str, int] = {}
        for secret in self.find_secrets(text):
            kind = str(secret.kind)
            if self.secrets_action == "redact":
                spans.append((secret.start, secret.end, kind))
            if not _record(recorded, f"secret:{kind}"):
                continue
            out.append(
                InputFinding(
                    "secret",
                    kind,
                    self.secrets_action,
                    part,
                    line(secret.start),
                    secret.start,
                    secret.end,
                    f"prompt contains a credential ({kind})",
                )
            )
        for pii in self.pii:
            for match in pii.pattern.finditer(text):
                if match.end() == match.start():
                    continue
                if pii.action == "redact":
                    spans.append((match.start(), match.end(), pii.name))
                if not _record(recorded, f"pii:{pii.name}"):
                    continue
                out.append(
                    InputFinding(
                        "pii",
                        pii.name,
                        pii.action,
                        part,
                        line(match.start()),
                        match.start(),
                        match.end(),
                        f"prompt contains {pii.name}",
                    )
                )
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


def _record(recorded: dict[str, int], key: str) -> bool:
    """Whether one more finding of this type is worth recording (every one is still acted on)."""
    recorded[key] = recorded.get(key, 0) + 1
    return recorded[key] <= MAX_FINDINGS_PER_TYPE


class _LineIndex:
    """1-based line of an offset in O(log n): counting newlines per finding would be quadratic."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)
