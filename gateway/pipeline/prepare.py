"""The stages before the model, in two steps around admission.

`check`: authenticate, policy, then the body decoded and validated (cheap: no prompt is read
beyond its length). `screen`, once the request is admitted: the input guard over the prompt
texts, and the upstream body. Admission sits between them, so an over-limit caller is refused
before any prompt work (the guard's scan of a 200 KB prompt costs milliseconds).

Each refusal is an `APIError` (401/403, 400 naming the field, 404 unknown model, 403 policy);
each stage's result goes into the request's `Ledger` as soon as it is known, so a refusal's
record names the caller, the policy version and the model.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request

from gateway.api import schemas
from gateway.api.context_room import context_length, default_max_tokens
from gateway.api.record_fields import fit_model
from gateway.api.request_body import read_body
from gateway.auth.principal import Principal
from gateway.auth.service import AuthFailure, AuthService
from gateway.errors import bad_request, model_not_found, policy_violation
from gateway.pipeline.infill import infill
from gateway.pipeline.request import GenerationRequest, Kind
from gateway.pipeline.results import Decoded, Identified, Ledger, PolicyChosen, Screened
from gateway.policy import CompiledPolicy, InputDecision, PolicyStore
from gateway.settings import ModelSettings, Settings
from gateway.telemetry import RequestTrace

GenerationBody = schemas.ChatCompletionRequest | schemas.CompletionRequest
_FIM_MARK = "\n[fill-in-the-middle suffix]\n"  # between a FIM prompt and its suffix in the record


@functools.cache
def _field_defaults(struct_type: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) per request field, computed once per type (structs.fields is slow)."""
    return tuple(
        (info.name, info.default)
        for info in msgspec.structs.fields(struct_type)
        if info.name not in {"model", "messages", "prompt"}
    )


def _explicit_params(req: msgspec.Struct) -> dict[str, Any]:
    """Fields the client set (differing from the defaults), for the policy's parameter allowlist."""
    out = {}
    for name, default in _field_defaults(type(req)):
        value = getattr(req, name)
        if value is None or (default is not msgspec.NODEFAULT and value == default):
            continue
        out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class Checked:
    """A request past auth, policy and validation, not yet screened: what admission reserves for."""

    kind: Kind
    req: GenerationBody
    principal: Principal
    model: ModelSettings
    policy: CompiledPolicy

    def prompt_chars(self) -> int:
        """The prompt's length as the record will hold it (chat: "role: text" lines), before the
        input guard; a redaction changes it by a few characters, the upstream's usage settles it."""
        req = self.req
        if isinstance(req, schemas.ChatCompletionRequest):
            return sum(len(m.role) + 2 + len(m.text()) for m in req.messages) + max(0, len(req.messages) - 1)
        prompt = len(schemas.prompt_of(req))
        return prompt + (len(_FIM_MARK) + len(req.suffix) if req.suffix else 0)

    def completion_bound(self) -> int:
        """The most tokens the completion may use: the client's limit, else the room the prompt leaves
        (estimated high), else the whole context. The upstream body never asks for more (`screen`)."""
        req = self.req
        # as `_upstream_body` sends it: max_completion_tokens, where set, goes on as max_tokens
        explicit = getattr(req, "max_completion_tokens", None)
        if explicit is None:
            explicit = req.max_tokens
        if explicit is not None:
            return int(explicit)
        if isinstance(req, schemas.ChatCompletionRequest):
            raw: dict[str, Any] = {"messages": [{"content": m.text()} for m in req.messages]}
        else:
            raw = {"prompt": schemas.prompt_of(req) + (req.suffix or "")}
        return default_max_tokens(self.model, raw) or context_length(self.model)

    @property
    def choices(self) -> int:
        return self.req.n or 1


class Preparer:
    def __init__(self, settings: Settings, auth: AuthService, policies: PolicyStore) -> None:
        self._settings = settings
        self._auth = auth
        self._policies = policies

    async def check(self, request: Request[Any, Any, Any], kind: Kind, ledger: Ledger,
                    trace: RequestTrace) -> Checked:
        """auth, policy; the body decoded, the model and parameters checked against the policy."""
        try:
            with trace.stage("auth"):
                principal = await self._auth.authenticate(request.headers, "generate")
        except AuthFailure as failure:
            if failure.principal is not None:
                ledger.identified = Identified.of(failure.principal)
            raise
        ledger.identified = Identified.of(principal)
        trace.identify(tenant=principal.tenant_name)
        with trace.stage("policy"):
            policy = self._policies.current.for_tenant(principal.tenant_name)
        ledger.policy = PolicyChosen(policy.version)
        body = await read_body(request, self._settings.server.max_body_bytes)
        req = schemas.decode_chat(body) if kind == "chat" else schemas.decode_completion(body)
        # any string a client sends: bounded to its column
        ledger.decoded = Decoded(model=fit_model(req.model), stream=req.stream)
        model = self._settings.model(req.model)
        if model is None or not principal.may_use(req.model) or not policy.model_allowed(req.model):
            raise model_not_found(req.model)
        trace.identify(model=model.name)  # a configured name only: metric labels stay bounded
        _validate(req, model, policy)
        return Checked(kind, req, principal, model, policy)

    async def screen(self, checked: Checked, request: Request[Any, Any, Any], ledger: Ledger,
                     trace: RequestTrace) -> GenerationRequest:
        """input_guard, then the upstream body (its completion bounded by what admission reserved)."""
        req, model, policy = checked.req, checked.model, checked.policy
        with trace.stage("input_guard"):
            ledger.screened, sent, refusal = await _input_guard(req, policy)
            if refusal is not None:  # recorded with the screening: the prompt as redacted, what the guard found
                raise policy_violation(refusal)
        upstream, prefix, suffix = _upstream_body(req, model, sent)
        if upstream.get("max_tokens") is None:
            # Bound the completion by what is reserved: the room the prompt leaves, as vLLM fills it, capped.
            # Unset (no room known): the runtime fills the exact room, and prompt + completion never exceed
            # the context, which admission reserved.
            room = default_max_tokens(model, upstream)
            if room is not None:
                upstream["max_tokens"] = min(room, checked.completion_bound())
        return GenerationRequest(
            kind=checked.kind, principal=checked.principal, model=model, policy=policy, upstream_body=upstream,
            stream=req.stream, include_usage=bool(req.stream_options and req.stream_options.include_usage),
            language=request.headers.get("x-sluice-language") or None, prefix=prefix, suffix=suffix, trace=trace,
            echo=isinstance(req, schemas.CompletionRequest) and req.echo,
            fim=isinstance(req, schemas.CompletionRequest) and req.suffix is not None,
        )


def _validate(req: GenerationBody, model: ModelSettings, policy: CompiledPolicy) -> None:
    if isinstance(req, schemas.ChatCompletionRequest):
        schemas.validate_chat(req, max_tokens_limit=model.max_tokens, max_n=model.max_n)
    else:
        schemas.validate_completion(req, max_tokens_limit=model.max_tokens, max_n=model.max_n)
    for violation in policy.check_request(req.model, _explicit_params(req)):
        if violation.param != "model":
            raise bad_request(f"Policy: {violation.message}.", param=violation.param, code="policy_violation")
    completion_limit = getattr(req, "max_completion_tokens", None)
    if completion_limit is not None and completion_limit > policy.policy.models.max_tokens:
        # one limit under two names: the policy's max_tokens bounds max_completion_tokens too
        raise bad_request(f"Policy: max_completion_tokens may be at most {policy.policy.models.max_tokens}.",
                          param="max_completion_tokens", code="policy_violation")


async def _input_guard(req: GenerationBody, policy: CompiledPolicy) -> tuple[Screened, list[str], str | None]:
    """Deny rules and redaction over the prompt texts: what the record keeps, the texts to send on,
    and the refusal message when the prompt is blocked."""
    if isinstance(req, schemas.ChatCompletionRequest):
        texts = [m.text() for m in req.messages]
    else:
        texts = [schemas.prompt_of(req)] + ([req.suffix] if req.suffix else [])
    decision = await policy.check_inputs_off_loop(texts, model=req.model)
    # Secrets never reach the audit store in clear: record the redacted texts.
    redacted = list(decision.redacted_texts)
    if isinstance(req, schemas.ChatCompletionRequest):
        prompt = "\n".join(f"{m.role}: {t}" for m, t in zip(req.messages, redacted, strict=True))
    else:
        prompt = redacted[0]
        if len(redacted) > 1:  # fill-in-the-middle: the suffix is part of the prompt body
            prompt += _FIM_MARK + redacted[1]
    screened = Screened(
        prompt=prompt,
        policy_mode=policy.policy.mode,
        store_bodies=policy.policy.audit.store,
        prompt_redacted=_secret_free(decision, policy),
        input_actions=tuple(
            {"rule": f.type, "kind": f.kind, "action": f.action, "part": f.part} for f in decision.findings
        ),
        input_details=decision.to_dict() if decision.findings else None,
    )
    if decision.effective_action == "block":
        return screened, [], decision.reason or "The prompt is not allowed by your organization's policy."
    return screened, list(decision.texts), None


def _secret_free(decision: InputDecision, policy: CompiledPolicy) -> bool:
    """True when the recorded prompt holds no credential the audit writer's own scan would find, so
    the writer need not scan it again (~30 µs on a short prompt).

    The guard scanned every text with the secrets scanner the writer uses, unless a size limit
    blocked the prompt first. Where the policy redacts, what it found is replaced; elsewhere
    (`allow`, `block`) the texts are kept as sent, so they count as clean only when it found none.
    """
    if any(f.kind == "limit" and f.action == "block" for f in decision.findings):
        return False  # not scanned: an oversized prompt is refused unread
    if policy.policy.input.secrets == "redact":
        return True
    return not any(f.kind == "secret" for f in decision.findings)


def _upstream_body(req: GenerationBody, model: ModelSettings, sent: list[str]) -> tuple[dict[str, Any], str, str]:
    """What goes to the runtime (redacted, renamed, FIM-built), with the completion's prefix and suffix."""
    upstream: dict[str, Any] = msgspec.to_builtins(req)
    upstream["model"] = model.served_name
    prefix = suffix = ""
    if isinstance(req, schemas.ChatCompletionRequest):
        for message, text in zip(upstream["messages"], sent, strict=True):
            message["content"] = text
        if "max_completion_tokens" in upstream:  # the name every vLLM version and the CPU runtime know
            upstream["max_tokens"] = upstream.pop("max_completion_tokens")
    else:
        upstream.pop("echo", None)  # the gateway echoes the prompt itself: the scanned text stays the answer
        prefix = sent[0]
        upstream["prompt"] = prefix
        if req.suffix is not None:
            suffix = sent[1] if len(sent) > 1 else ""
            upstream.update(infill(model, prefix, suffix, upstream.get("stop")))
    if req.stream:
        # Always ask for usage: the audit record and quotas need token counts.
        upstream["stream_options"] = {"include_usage": True}
    return upstream, prefix, suffix
