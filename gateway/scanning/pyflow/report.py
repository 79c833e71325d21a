"""What one analysis found: sink hits (category, line, how sure) and lines it cleared."""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.scanning.pyflow.values import STRONG


@dataclass(slots=True)
class Report:
    # (category, line) -> (level, column): WEAK or STRONG, the strongest path seen
    hits: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)
    # (category, line): a sink of that category whose value was provably constant or sanitized
    cleared: set[tuple[str, int]] = field(default_factory=set)

    def hit(self, category: str, line: int, col: int, level: int = STRONG) -> None:
        key = (category, line)
        if key not in self.hits or self.hits[key][0] < level:
            self.hits[key] = (level, col)

    def clear(self, category: str, line: int) -> None:
        self.cleared.add((category, line))

    def cleared_only(self) -> set[tuple[str, int]]:
        """Cleared sinks that no other path (another caller, another entry) reached with request data."""
        return {key for key in self.cleared if key not in self.hits}
