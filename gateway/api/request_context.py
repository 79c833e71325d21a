"""What one generation request carries through the pipeline once it is validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gateway.auth.principal import Principal
from gateway.limits import Admission
from gateway.policy import CompiledPolicy
from gateway.settings import ModelSettings
from gateway.telemetry import RequestTrace

Kind = Literal["chat", "completions"]


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
