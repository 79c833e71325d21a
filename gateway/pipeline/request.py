"""What one generation request carries through the pipeline once it is validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gateway.api.views import Usage
from gateway.auth.principal import Principal
from gateway.limits import Admission
from gateway.policy import CompiledPolicy
from gateway.settings import ModelSettings
from gateway.telemetry import RequestTrace

Kind = Literal["chat", "completions"]


@dataclass(slots=True)
class RepairUsage:
    """The tokens of the repair calls: the answer's usage, its audit record and quotas count every call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    def add(self, usage: Usage | None) -> None:
        self.calls += 1
        if usage is not None:
            self.prompt_tokens += usage.prompt_tokens or 0
            self.completion_tokens += usage.completion_tokens or 0

    def into(self, usage: dict[str, Any] | None) -> dict[str, Any] | None:
        """An OpenAI usage object with the repair calls added (the same object, changed)."""
        if usage is None or not self.calls:
            return usage
        usage["prompt_tokens"] = (usage.get("prompt_tokens") or 0) + self.prompt_tokens
        usage["completion_tokens"] = (usage.get("completion_tokens") or 0) + self.completion_tokens
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        return usage


@dataclass(slots=True)
class GenerationRequest:
    kind: Kind
    principal: Principal
    model: ModelSettings
    policy: CompiledPolicy
    upstream_body: dict[str, Any]  # what goes to the runtime (redacted, renamed, FIM-built)
    stream: bool
    include_usage: bool
    language: str | None  # hint for the scanners (header, model profile), None: detect
    prefix: str = ""  # completions: the prompt, for scanning the completion in context
    suffix: str = ""  # FIM: the code after the cursor
    echo: bool = False  # completions: the answer starts with the prompt (as the model received it)
    fim: bool = False  # completions with `suffix`: prompts are built in the profile's infill format
    repairs: RepairUsage = field(default_factory=RepairUsage)
    headers: dict[str, str] = field(default_factory=dict)  # extra headers to the runtime
    trace: RequestTrace | None = None
    admission: Admission | None = None

    @property
    def tenant(self) -> str:
        """Routing key: cache_salt and replica stickiness."""
        return str(self.principal.tenant_id)

    def echoed(self, text: str) -> str:
        """A completion's text as the client asked for it: after the prompt when `echo` is set."""
        return self.prefix + text if self.echo else text

    @property
    def path(self) -> str:
        return "/chat/completions" if self.kind == "chat" else "/completions"
