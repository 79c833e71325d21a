"""Model allowlist and request parameter limits from the `models` section."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Fields that carry the request itself, not tunable parameters.
_CORE_FIELDS = frozenset({"model", "messages", "prompt"})


@dataclass(frozen=True, slots=True)
class RequestViolation:
    param: str
    message: str


@dataclass(frozen=True, slots=True)
class RequestChecker:
    allowed_models: re.Pattern[str]
    allowed_parameters: frozenset[str]
    max_tokens: int
    max_n: int

    def model_allowed(self, name: str) -> bool:
        return self.allowed_models.match(name) is not None

    def check(self, model: str, params: Mapping[str, Any]) -> list[RequestViolation]:
        """Every way the request breaks the policy; empty when it is allowed."""
        out: list[RequestViolation] = []
        if not self.model_allowed(model):
            out.append(RequestViolation("model", f"model {model!r} is not allowed by the policy"))
        for name in sorted(set(params) - _CORE_FIELDS - self.allowed_parameters):
            out.append(RequestViolation(name, f"parameter {name!r} is not allowed by the policy"))
        max_tokens = params.get("max_tokens")
        if isinstance(max_tokens, int) and max_tokens > self.max_tokens:
            out.append(RequestViolation("max_tokens", f"max_tokens may be at most {self.max_tokens}"))
        n = params.get("n")
        if isinstance(n, int) and n > self.max_n:
            out.append(RequestViolation("n", f"n may be at most {self.max_n}"))
        return out
