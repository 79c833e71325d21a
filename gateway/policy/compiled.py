"""Compile a validated `Policy` once per version into fast matchers, and evaluate with them."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgspec
import msgspec.structs

from gateway.limits.types import LimitPolicy, Limits
from gateway.policy.errors import PolicyError
from gateway.policy.globs import as_list, canonical_language, compile_globs
from gateway.policy.input_check import DenyMatcher, InputChecker, InputDecision, PiiMatcher, keyword_pattern
from gateway.policy.output_decision import (
    CONFIDENCE_RANK,
    AllowlistMatcher,
    LanguageRules,
    LicenseMatcher,
    OutputDecider,
    OutputDecision,
    RuleMatcher,
    norm_license_class,
)
from gateway.policy.request_check import RequestChecker, RequestViolation
from gateway.policy.source import Locations, PathKey, format_path, nearest_location
from gateway.policy.types import OutputRule, Policy, ScannersPolicy
from gateway.scanning.findings import Finding, Severity, normalize_cwe
from gateway.scanning.linear_regex import LinearPattern, LinearPatternError, compile_linear
from gateway.scanning.settings import ALL_SCANNERS, ScanSettings

# Prompt characters above which the input check leaves the event loop (about 1 ms of work).
OFF_LOOP_CHARS = 4000
_MAX_CACHED_LANGUAGES = 64


def policy_version(policy: Policy) -> str:
    """sha256 of the canonical JSON of the effective policy (sorted keys, no `extends`)."""
    canonical = msgspec.json.encode(msgspec.structs.replace(policy, extends=None), order="sorted")
    return hashlib.sha256(canonical).hexdigest()


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    name: str
    policy: Policy
    version: str
    sources: tuple[Path, ...]
    _input: InputChecker
    _request: RequestChecker
    _output: OutputDecider
    # enabled_scanners per canonical language: asked several times per request, and the answer only
    # changes with the policy (a new CompiledPolicy). Bounded: language tags come from clients.
    _scanner_sets: dict[str | None, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def short_version(self) -> str:
        return self.version[:12]

    @property
    def shadow(self) -> bool:
        return self.policy.mode == "shadow"

    def check_input(self, text: str, *, model: str | None = None) -> InputDecision:
        return self._input.check((text,), model=model)

    def check_inputs(self, texts: Sequence[str], *, model: str | None = None) -> InputDecision:
        """All messages of one request at once; the size limit applies to their total."""
        return self._input.check(texts, model=model)

    async def check_inputs_off_loop(self, texts: Sequence[str], *, model: str | None = None) -> InputDecision:
        """`check_inputs` in a worker thread once the texts are long enough to cost over ~1 ms.

        A long prompt is one pass per pattern (RE2 releases the GIL while it matches): other
        requests, `/healthz` included, keep being served meanwhile.
        """
        if sum(len(t) for t in texts) < OFF_LOOP_CHARS:
            return self._input.check(texts, model=model)
        return await asyncio.to_thread(self._input.check, texts, model=model)

    def model_allowed(self, name: str) -> bool:
        return self._request.model_allowed(name)

    def check_request(self, model: str, params: Mapping[str, Any]) -> list[RequestViolation]:
        return self._request.check(model, params)

    def decide_output(
        self,
        findings: Iterable[Finding],
        language: str | None,
        *,
        block_languages: Sequence[str | None] = (),
        today: datetime.date | None = None,
    ) -> OutputDecision:
        """`block_languages`: per code block of a chat answer (ScanResult.blocks), for findings'
        `block_index`; `today` (UTC date) decides allowlist expiry."""
        return self._output.decide(findings, language, block_languages=block_languages, today=today)

    def enabled_scanners(self, language: str | None) -> frozenset[str]:
        """Scanner names to run for this language (for `ScanEngine.scan(..., scanners=...)`)."""
        lang = canonical_language(language)
        cached = self._scanner_sets.get(lang)
        if cached is not None:
            return cached
        scanners = self.scanners_for(lang)
        enabled = frozenset(name for name in ALL_SCANNERS if getattr(scanners, name).enabled)
        if len(self._scanner_sets) < _MAX_CACHED_LANGUAGES:
            self._scanner_sets[lang] = enabled
        return enabled

    def scanners_for(self, language: str | None) -> ScannersPolicy:
        lang = canonical_language(language)
        override = self.policy.output.languages.get(lang or "")
        if override is not None and override.scanners is not None:
            return override.scanners
        return self.policy.output.scanners

    def scan_settings(self, base: ScanSettings | None = None) -> ScanSettings:
        """The engine settings this policy asks for (enabled scanners, license limits)."""
        base = base or ScanSettings()
        scanners = self.policy.output.scanners
        enabled = frozenset(n for n in ALL_SCANNERS if getattr(scanners, n).enabled)
        license_ = self.policy.output.license
        return replace(
            base,
            enabled_scanners=enabled,
            license_min_match_chars=license_.match_threshold_chars,
            denied_license_categories=frozenset(license_.denied_classes),
        )

    def limit_policy(self, server_default: LimitPolicy) -> LimitPolicy:
        """This tenant's limits: the policy's scopes where set, the server's defaults elsewhere."""
        own = self.policy.limits

        def scope(limits: Any, fallback: Limits) -> Limits:
            return fallback if limits is None else Limits(**msgspec.structs.asdict(limits))

        fail_open = server_default.fail_open if own.fail_open is None else own.fail_open
        return LimitPolicy(scope(own.tenant, server_default.tenant), scope(own.key, server_default.key), fail_open)

    def to_builtins(self) -> dict[str, Any]:
        data: dict[str, Any] = msgspec.to_builtins(msgspec.structs.replace(self.policy, extends=None))
        data.pop("extends", None)
        return data


class _Compiler:
    def __init__(self, locations: Locations, file: str) -> None:
        self.locations = locations
        self.file = file

    def error(self, path: PathKey, message: str) -> PolicyError:
        return PolicyError(message, location=nearest_location(self.locations, path, self.file), field=format_path(path))

    def regex(self, path: PathKey, pattern: str, ignore_case: bool = False) -> LinearPattern:
        """RE2 only: every policy regex runs on prompts, so it must run in linear time."""
        try:
            return compile_linear(pattern, ignore_case=ignore_case)
        except LinearPatternError as exc:
            raise self.error(path, f"invalid regular expression: {exc}") from None

    def names(
        self,
        path: PathKey,
        values: str | list[str] | None,
        known: Iterable[str] | None = None,
        normalize: Any = None,
    ) -> frozenset[str] | None:
        items = as_list(values)
        if items is None:
            return None
        out = set()
        for item in items:
            value = normalize(item) if normalize else item
            if value is None or (known is not None and value not in known):
                raise self.error(
                    path, f"unknown value {item!r}" + (f"; expected one of {sorted(known)}" if known else "")
                )
            out.add(value)
        return frozenset(out)

    def cwes(self, path: PathKey, values: str | list[str] | None) -> frozenset[str] | None:
        items = as_list(values)
        if items is None:
            return None
        out = set()
        for item in items:
            cwe = normalize_cwe(item)
            if cwe is None:
                raise self.error(path, f"{item!r} is not a CWE id (expected like CWE-78)")
            out.add(cwe)
        return frozenset(out)

    def rule(self, path: PathKey, rule: OutputRule) -> RuleMatcher:
        ids = as_list(rule.rule_id)
        return RuleMatcher(
            name=rule.name,
            action=rule.action,
            min_rank=Severity(rule.min_severity).rank if rule.min_severity else None,
            min_confidence_rank=CONFIDENCE_RANK[rule.min_confidence] if rule.min_confidence else None,
            cwes=self.cwes((*path, "cwe"), rule.cwe),
            rule_ids=compile_globs(ids) if ids is not None else None,
            scanners=self.names((*path, "scanner"), rule.scanner, ALL_SCANNERS),
            languages=self.names((*path, "language"), rule.language, normalize=canonical_language),
        )

    def rules(self, path: PathKey, rules: list[OutputRule]) -> tuple[RuleMatcher, ...]:
        seen: set[str] = set()
        out = []
        for i, rule in enumerate(rules):
            if rule.name in seen:
                raise self.error((*path, i, "name"), f"duplicate rule name {rule.name!r}")
            seen.add(rule.name)
            out.append(self.rule((*path, i), rule))
        return tuple(out)


_Matchers = tuple[InputChecker, RequestChecker, OutputDecider]
# Compiled matchers by policy version: tenants sharing a policy, and unchanged tenants
# across hot reloads, are compiled once. Bounded: old versions fall out.
_CACHE: OrderedDict[str, _Matchers] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()  # hot reloads compile in a worker thread


def compile_policy(
    name: str, policy: Policy, sources: Sequence[Path], locations: Locations, *, secret_finder: Any = None
) -> CompiledPolicy:
    """Check what the types cannot (regexes, names, CWE ids) and build the matchers."""
    version = policy_version(policy)
    with _CACHE_LOCK:
        cached = _CACHE.get(version) if secret_finder is None else None
        if cached is not None:
            _CACHE.move_to_end(version)
    if cached is None:
        cached = _build(policy, version, _Compiler(locations, str(sources[-1]) if sources else name), secret_finder)
        if secret_finder is None:
            with _CACHE_LOCK:
                _CACHE[version] = cached
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
    return CompiledPolicy(name, policy, version, tuple(sources), *cached)


def _build(policy: Policy, version: str, c: _Compiler, secret_finder: Any) -> _Matchers:
    shadow = policy.mode == "shadow"
    models = policy.models
    request = RequestChecker(
        allowed_models=compile_globs(models.allowed),
        allowed_parameters=frozenset(models.allowed_parameters),
        max_tokens=models.max_tokens,
        max_n=models.max_n,
    )
    inp = policy.input
    pii = tuple(
        PiiMatcher(
            p.name,
            c.regex(("input", "pii", i, "pattern"), p.pattern, p.ignore_case),
            p.action,
        )
        for i, p in enumerate(inp.pii)
    )
    deny = []
    deny_ids: set[str] = set()
    for i, d in enumerate(inp.deny):
        path: PathKey = ("input", "deny", i)
        if d.id in deny_ids:
            raise c.error((*path, "id"), f"duplicate deny rule id {d.id!r}")
        deny_ids.add(d.id)
        if not d.regex and not d.keywords:
            raise c.error(path, "a deny rule needs `regex` or `keywords`")
        for j, pattern in enumerate(d.regex):
            c.regex((*path, "regex", j), pattern, d.ignore_case)
        parts = [f"(?:{p})" for p in d.regex]
        if d.keywords:
            parts.append(keyword_pattern(d.keywords, d.ignore_case))
        deny.append(DenyMatcher(d.id, d.reason, c.regex(path, "|".join(parts), d.ignore_case)))
    if secret_finder is None:
        from gateway.scanning.secrets import find_secrets as secret_finder
    input_checker = InputChecker(
        max_prompt_chars=min(inp.max_prompt_chars, models.max_prompt_chars),
        secrets_action=inp.secrets,
        pii=pii,
        deny=tuple(deny),
        model_allowed=request.model_allowed,
        find_secrets=secret_finder,
        shadow=shadow,
        version=version,
    )
    out = policy.output
    base = LanguageRules(c.rules(("output", "rules"), out.rules), out.default_action)
    by_language: dict[str, LanguageRules] = {}
    for lang, override in out.languages.items():
        key = canonical_language(lang)
        if key != lang:
            raise c.error(("output", "languages", lang), f"language keys use canonical names: write {key!r}")
        extra = c.rules(("output", "languages", lang, "rules"), override.rules)
        by_language[key] = LanguageRules((*extra, *base.rules), override.default_action or out.default_action)
    allowlist = []
    for i, entry in enumerate(out.allowlist):
        path = ("output", "allowlist", i)
        allowlist.append(
            AllowlistMatcher(
                rule_ids=compile_globs([entry.rule_id]),
                pattern=entry.rule_id,
                justification=entry.justification,
                expires=entry.expires,
                scanners=c.names((*path, "scanner"), entry.scanner, ALL_SCANNERS),
                languages=c.names((*path, "language"), entry.language, normalize=canonical_language),
            )
        )
    lic = out.license
    decider = OutputDecider(
        base=base,
        by_language=by_language,
        allowlist=tuple(allowlist),
        license=LicenseMatcher(
            compile_globs(lic.denied_spdx),
            frozenset(norm_license_class(x) for x in lic.denied_classes),
            lic.match_threshold_chars,
            lic.action,
        ),
        on_error=policy.on_error,
        shadow=shadow,
        repair_max_attempts=out.repair.max_attempts,
        version=version,
    )
    return input_checker, request, decider
