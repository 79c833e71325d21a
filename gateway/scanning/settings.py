"""Configuration of the scanning engine (one small frozen dataclass)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gateway.resources import shipped
from gateway.scanning.codeshield_pack import DEFAULT_LANGUAGES as CODESHIELD_DEFAULT_LANGUAGES

ALL_SCANNERS = frozenset({"semgrep", "bandit", "secrets", "license", "pyflow"})


@dataclass(frozen=True, slots=True)
class ScanCapacity:
    """How much scanning runs at once, how much may wait, and what is remembered (docs/scanning.md).

    Past these bounds a scan is refused as overloaded (retryable), never reported incomplete.
    """

    max_concurrent_scans: int = 0  # snippets scanned at once; 0: four per core
    max_queued_scans: int = 512  # snippets waiting for a slot; one more is refused at once
    max_queue_wait_s: float = 2.0  # a snippet that waited this long for a slot is refused
    semgrep_spare_servers: int = 1  # started and idle, swapped in when a server fails or wears out
    cache_entries: int = 4096  # identical snippets answered from memory (by content hash); 0: off
    cache_ttl_s: float = 300.0  # license reuse depends on the index, which can grow
    retry_after_s: int = 1  # what an overloaded answer tells the client

    def concurrent_scans(self) -> int:
        return self.max_concurrent_scans or 4 * (os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class ScanSettings:
    rules_dir: Path = shipped("policies") / "rules" / "semgrep"
    extra_rule_paths: tuple[Path, ...] = ()  # more rule files or folders (tests, tenants)
    enabled_scanners: frozenset[str] = ALL_SCANNERS
    timeout_s: float = 2.0  # per scanner, per output
    scanner_timeouts_s: dict[str, float] = field(default_factory=dict)  # overrides per scanner name
    batch_window_ms: float = 5.0  # how long the first snippet waits for company
    max_batch: int = 64  # snippets per semgrep invocation
    max_concurrent_semgrep: int = 2  # processes at once (one per core on the reference box)
    semgrep_mode: str = "lsp"  # "lsp": resident language servers; "batch": one semgrep-core per batch
    lsp_max_in_flight: int = 16  # snippets queued at one language server
    lsp_max_scans: int = 2000  # then the server is replaced (semgrep keeps per-file state)
    semgrep_core_path: Path | None = None  # default: the binary shipped in the semgrep wheel
    codeshield_pack: bool = False  # True: Meta CodeShield's semgrep bundles for every language
    # CodeShield's bundles load for these languages anyway (measured to help; docs/scanning.md)
    codeshield_languages: frozenset[str] = CODESHIELD_DEFAULT_LANGUAGES
    license_db_url: str | None = None  # winnowing index; None disables verbatim-reuse matching
    license_min_match_chars: int = 150  # shared normalized characters that make a match
    denied_license_categories: frozenset[str] = frozenset({"strong_copyleft"})
    package_licenses: dict[str, str] = field(default_factory=dict)  # policy map: package -> SPDX
    capacity: ScanCapacity = field(default_factory=ScanCapacity)

    def timeout_for(self, scanner: str) -> float:
        return self.scanner_timeouts_s.get(scanner, self.timeout_s)
