"""The repair loop's prompts: the model gets its own answer back with the findings.

The findings text is ours (rule messages), never model or user text, and the
original conversation stays in its own role-separated messages, so content in the
prompt cannot rewrite the repair instructions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.scanning import Finding

MAX_FINDINGS_LISTED = 20


def findings_list(findings: Sequence[Finding]) -> str:
    lines = []
    for f in list(findings)[:MAX_FINDINGS_LISTED]:
        where = f"line {f.start_line}" + (f" of code block {f.block_index + 1}" if f.block_index is not None else "")
        fix = f" Fix: {f.remediation}" if f.remediation else ""
        lines.append(f"- {f.rule_id}{' (' + f.cwe + ')' if f.cwe else ''} at {where}: {f.message}.{fix}")
    return "\n".join(lines)


def repair_messages(messages: list[dict[str, Any]], answer: str, findings: Sequence[Finding]) -> list[dict[str, Any]]:
    instruction = (
        "A security review of your previous answer found these problems:\n"
        f"{findings_list(findings)}\n\n"
        "Rewrite your answer so that it does the same job without these problems. "
        "Keep the same format (code in fenced blocks). Do not mention this review."
    )
    return [*messages, {"role": "assistant", "content": answer}, {"role": "user", "content": instruction}]


def repair_prompt(prompt: str, findings: Sequence[Finding], comment: str = "#") -> str:
    """Completions have no roles: the findings go in a comment header above the original prompt."""
    header = "\n".join(f"{comment} {line}" for line in (
        "Security review of the previous completion found:", *findings_list(findings).splitlines(),
        "Write the code again without these problems.",
    ))
    return f"{header}\n{prompt}"
