"""The policy file format: one msgspec Struct per section.

These types are the single source of truth: the loader validates files against
them, `sluice policy schema` publishes them as JSON Schema, and the defaults here
are the safe defaults for a regulated user (what an empty policy file means).
Every struct forbids unknown fields so a typo is an error, never a silent no-op.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

Action = Literal["allow", "annotate", "redact", "block", "repair"]
InputAction = Literal["allow", "redact", "block"]
SeverityName = Literal["info", "low", "medium", "high", "critical"]
ConfidenceName = Literal["low", "medium", "high"]
StreamingMode = Literal["holdback", "buffer", "passthrough"]
RawRelease = Literal["statement", "end"]
ChatRelease = Literal["statement", "block"]
OnError = Literal["block", "allow_with_warning"]
AuditStorage = Literal["full", "redacted", "hash_only"]
Mode = Literal["enforce", "shadow"]

# One value or a list: `scanner: semgrep` and `scanner: [semgrep, bandit]` both work.
StrOrList = str | list[str]
NonEmptyStr = Annotated[str, Meta(min_length=1)]

DEFAULT_ALLOWED_PARAMETERS = [
    "max_tokens",
    "max_completion_tokens",  # chat: OpenAI's newer name for max_tokens (what ChatOpenAI(max_tokens=) sends)
    "temperature",
    "top_p",
    "n",
    "stop",
    "stream",
    "stream_options",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "repetition_penalty",  # vLLM's extra sampling parameters
    "min_p",
    "user",
    "suffix",
    "echo",
]


class _Section(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Base for every policy struct: strict, keyword-only, immutable once loaded."""


class ModelsPolicy(_Section, frozen=True):
    allowed: Annotated[
        list[NonEmptyStr],
        Meta(description="Model names a tenant may call; `*` and globs like `codellama-*`."),
    ] = field(default_factory=lambda: ["*"])
    max_tokens: Annotated[int, Meta(ge=1, description="Largest `max_tokens` a request may ask for.")] = 4096
    max_prompt_chars: Annotated[
        int,
        Meta(
            ge=1,
            description="Largest prompt in characters (the smaller of this and input.max_prompt_chars).",
        ),
    ] = 200_000
    allowed_parameters: Annotated[
        list[NonEmptyStr],
        Meta(description="Request fields a client may set besides model, messages and prompt."),
    ] = field(default_factory=lambda: list(DEFAULT_ALLOWED_PARAMETERS))
    max_n: Annotated[int, Meta(ge=1, description="Largest `n` (choices per request).")] = 1


class PiiPattern(_Section, frozen=True):
    name: Annotated[str, Meta(pattern=r"^[a-z0-9_]+$", description="Type name used in `[REDACTED:<name>]`.")]
    pattern: Annotated[
        str, Meta(min_length=1, description="RE2 regular expression (linear time: no look-around or backreferences).")
    ]
    action: InputAction = "redact"
    ignore_case: bool = False


class DenyRule(_Section, frozen=True):
    id: NonEmptyStr
    reason: Annotated[str, Meta(min_length=1, description="Told to the client when the rule blocks a prompt.")]
    regex: Annotated[
        list[NonEmptyStr],
        Meta(description="RE2 regular expressions (linear time: no look-around or backreferences); any match denies."),
    ] = field(default_factory=list)
    keywords: Annotated[list[NonEmptyStr], Meta(description="Whole words or phrases; any match denies.")] = field(
        default_factory=list
    )
    ignore_case: bool = True


class InputPolicy(_Section, frozen=True):
    secrets: Annotated[InputAction, Meta(description="What to do with credentials found in a prompt.")] = "redact"
    pii: list[PiiPattern] = field(default_factory=list)
    deny: list[DenyRule] = field(default_factory=list)
    max_prompt_chars: Annotated[int, Meta(ge=1)] = 200_000


class ScannerToggle(_Section, frozen=True):
    enabled: bool = True
    options: Annotated[dict[str, Any], Meta(description="Passed to the scanner as-is.")] = field(default_factory=dict)


class ScannersPolicy(_Section, frozen=True):
    semgrep: ScannerToggle = field(default_factory=ScannerToggle)
    bandit: ScannerToggle = field(default_factory=ScannerToggle)
    secrets: ScannerToggle = field(default_factory=ScannerToggle)
    license: ScannerToggle = field(default_factory=ScannerToggle)
    pyflow: ScannerToggle = field(default_factory=ScannerToggle)  # Python dataflow (docs/scanning.md)


class OutputRule(_Section, frozen=True):
    """Matches a finding when every condition given matches; a list matches any of its values."""

    name: NonEmptyStr
    action: Action
    min_severity: SeverityName | None = None
    min_confidence: Annotated[
        ConfidenceName | None,
        Meta(description="The finding's confidence (`low` < `medium` < `high`): this or above."),
    ] = None
    cwe: Annotated[StrOrList | None, Meta(description="CWE ids like `CWE-78`.")] = None
    rule_id: Annotated[StrOrList | None, Meta(description="Globs over the scanner's rule id, e.g. `B6*`.")] = None
    scanner: StrOrList | None = None
    language: StrOrList | None = None


class RepairPolicy(_Section, frozen=True):
    max_attempts: Annotated[int, Meta(ge=0, le=10, description="Repair attempts before falling back to block.")] = 2


class LicensePolicy(_Section, frozen=True):
    denied_spdx: Annotated[list[NonEmptyStr], Meta(description="SPDX ids; globs like `GPL-*` allowed.")] = field(
        default_factory=lambda: ["GPL-*", "AGPL-*", "SSPL-*", "EUPL-*", "OSL-*"]
    )
    denied_classes: Annotated[
        list[NonEmptyStr], Meta(description="License classes, e.g. strong_copyleft, network_copyleft.")
    ] = field(default_factory=lambda: ["strong_copyleft", "network_copyleft"])
    match_threshold_chars: Annotated[
        int, Meta(ge=1, description="A match shorter than this many characters is not a license hit.")
    ] = 150
    action: Action = "block"


class AllowlistEntry(_Section, frozen=True):
    rule_id: Annotated[str, Meta(min_length=1, description="Glob over rule ids.")]
    justification: Annotated[
        str, Meta(min_length=10, description="Why this is acceptable; kept in decisions and the audit trail.")
    ]
    expires: Annotated[datetime.date | None, Meta(description="Last day the entry applies (inclusive, UTC).")] = None
    language: StrOrList | None = None
    scanner: StrOrList | None = None


class LanguageOverride(_Section, frozen=True):
    rules: Annotated[list[OutputRule], Meta(description="Checked before the general rules.")] = field(
        default_factory=list
    )
    default_action: Action | None = None
    scanners: ScannersPolicy | None = None


class OutputPolicy(_Section, frozen=True):
    scanners: ScannersPolicy = field(default_factory=ScannersPolicy)
    rules: Annotated[list[OutputRule], Meta(description="Ordered; the first match decides a finding.")] = field(
        default_factory=list
    )
    default_action: Annotated[Action, Meta(description="Action for a finding no rule matches.")] = "annotate"
    repair: RepairPolicy = field(default_factory=RepairPolicy)
    license: LicensePolicy = field(default_factory=LicensePolicy)
    languages: Annotated[
        dict[str, LanguageOverride], Meta(description="Per-language overrides, keyed by language name.")
    ] = field(default_factory=dict)
    allowlist: list[AllowlistEntry] = field(default_factory=list)


class StreamingPolicy(_Section, frozen=True):
    mode: StreamingMode = "holdback"
    raw_release: Annotated[
        RawRelease,
        Meta(description="Raw completions: release scanned chunks at statement boundaries or at the end."),
    ] = "statement"
    chat_release: Annotated[
        ChatRelease,
        Meta(description="Chat code blocks under holdback: release each complete statement once the block so "
                         "far scans clean, or hold each block until it closes."),
    ] = "statement"


class AuditPolicy(_Section, frozen=True):
    store: Annotated[AuditStorage, Meta(description="How prompts and responses are kept.")] = "redacted"
    retention_days: Annotated[int, Meta(ge=1)] = 365


Quota = Annotated[int, Meta(ge=0, description="0 allows nothing; leave it out for no limit.")]


class RateLimits(_Section, frozen=True):
    requests_per_minute: Quota | None = None
    tokens_per_minute: Annotated[Quota | None, Meta(description="Prompt + completion tokens.")] = None
    tokens_per_day: Quota | None = None
    concurrent_requests: Quota | None = None


class LimitsPolicy(_Section, frozen=True):
    """Rate limits and quotas; a scope left out uses the server's `limits:` from sluice.yaml."""

    tenant: Annotated[RateLimits | None, Meta(description="For the whole tenant, all its keys together.")] = None
    key: Annotated[RateLimits | None, Meta(description="For each API key of the tenant.")] = None
    fail_open: Annotated[
        bool | None, Meta(description="Shared limiter (Redis) unreachable: admit unchecked (true) or refuse (false).")
    ] = None


class Policy(_Section, frozen=True):
    """A whole policy file; a missing section is inherited (or the default above)."""

    extends: Annotated[
        str | None, Meta(description="Parent policy: `default`, a tenant name, or a relative `.yaml` path.")
    ] = None
    description: str = ""
    mode: Annotated[Mode, Meta(description="shadow: decide and record, never act.")] = "enforce"
    models: ModelsPolicy = field(default_factory=ModelsPolicy)
    input: InputPolicy = field(default_factory=InputPolicy)
    output: OutputPolicy = field(default_factory=OutputPolicy)
    streaming: StreamingPolicy = field(default_factory=StreamingPolicy)
    on_error: Annotated[OnError, Meta(description="Scanner failure: block, or allow with a warning.")] = "block"
    audit: AuditPolicy = field(default_factory=AuditPolicy)
    limits: LimitsPolicy = field(default_factory=LimitsPolicy)
