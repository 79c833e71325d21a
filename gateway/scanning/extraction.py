"""Pull code blocks out of a chat answer (CommonMark fences, tolerant of model sloppiness)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gateway.scanning.languages import detect_language, language_from_filename, normalize_language

# An opening fence: up to 3 spaces of indent, 3+ backticks or tildes, then an info string.
# Backtick info strings may not contain backticks (CommonMark), which keeps inline ``` spans out.
_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_FILE_HINT = re.compile(r"""(?:title|file|filename|name)\s*=\s*["']?([^"'\s}]+)""")


@dataclass(slots=True)
class CodeBlock:
    language: str | None
    code: str
    start: int  # offset of the first code character in the full text
    end: int  # offset just past the last code character
    index: int
    closed: bool
    info: str = ""  # the raw info string after the fence
    indent: int = 0  # spaces removed from each line (fence indentation)


def _language_from_info(info: str) -> str | None:
    if not info:
        return None
    first = info.split()[0].strip("{}.")
    lang = normalize_language(first) or language_from_filename(first)
    if lang:
        return lang
    hint = _FILE_HINT.search(info)
    return language_from_filename(hint.group(1)) if hint else None


def _dedent(lines: list[str], indent: int) -> str:
    if indent == 0:
        return "".join(lines)
    out = []
    for line in lines:
        strip = len(line) - len(line.lstrip(" "))
        out.append(line[min(strip, indent) :])
    return "".join(out)


def extract_code_blocks(text: str, default_language: str | None = None) -> list[CodeBlock]:
    """Fenced blocks in order. Untagged blocks take `default_language`, else a content guess.

    An unclosed final fence (a truncated answer) yields a block running to the end, `closed=False`.
    Text without any fence yields no blocks: the caller decides whether the whole text is code.
    """
    default = normalize_language(default_language) if default_language else None
    blocks: list[CodeBlock] = []
    lines = text.splitlines(keepends=True)
    offset = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _OPEN.match(line.rstrip("\r\n"))
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            offset += len(line)
            i += 1
            continue
        fence, info, indent = match["fence"], match["info"].strip(), len(match["indent"])
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body_start = offset + len(line)
        j, cursor, closed = i + 1, body_start, False
        while j < len(lines):
            if closing.match(lines[j].rstrip("\r\n")):
                closed = True
                break
            cursor += len(lines[j])
            j += 1
        code = _dedent(lines[i + 1 : j], indent)
        # A tag we do not scan ("text", "json", "sql") stays None; only untagged blocks are guessed.
        language = _language_from_info(info) if info else (default or detect_language(code))
        blocks.append(CodeBlock(language, code, body_start, cursor, len(blocks), closed, info=info, indent=indent))
        offset = cursor + (len(lines[j]) if closed else 0)
        i = j + 1
    return blocks
