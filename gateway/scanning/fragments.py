"""Make generated fragments parse, so that every scanner sees them.

Models often answer with a method cut out of its class (indented as in the class) or with a last
line cut off by the token limit. Such
code does not parse: Bandit skips it and semgrep recovers only part of it, so whether an insecure
answer is caught would depend on how it was cut. `repair_python` tries, in order, the smallest
change that makes the code parse, and says how to map findings back onto the original lines:

1. dedent (lines kept; columns shift by the removed indentation);
2. then drop up to three trailing lines (a truncated end; lines kept).

`return`/`await` outside a function need nothing: CPython's parser accepts them (the compiler, which
no scanner runs, is what rejects them).

`repair_python` must run on the AST thread (gateway.scanning.pyast): it builds ASTs.

Other languages (`wrap_fragment`, plain text work, no parser): semgrep recovers from most partial
code (a Java or C# method without its class, C without includes or outside any function, Go
without `package`), but not from two shapes models often answer with:

* PHP without `<?php`: the whole snippet is HTML text to the PHP parser, so nothing is found;
* Java or C# statements outside any method: the parser keeps them, but taint (request data into a
  sink) needs a function body to flow through.

Both are wrapped with lines above and below the code, so the model's lines keep their numbers
after the wrapper's lines are subtracted (`Repair.line_offset`). A Java/C# answer cut off by the token
limit has its unfinished last statement dropped (and its open blocks closed): semgrep's parser drops
a whole method over one half-written call.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from gateway.scanning.findings import Finding

_MAX_TRIMMED_LINES = 3


@dataclass(frozen=True, slots=True)
class Repair:
    code: str
    how: str  # "dedent", "trim", "php-open-tag", "method-body", "close-blocks"
    line_offset: int = 0  # lines added above the original code
    col_offset: int = 0  # columns added (+) or removed (-) on every original line
    dropped_lines: int = 0  # trailing original lines the repaired code leaves out

    def relocate(self, findings: list[Finding], original_lines: int) -> list[Finding]:
        """Findings on the original lines, columns as in the original; synthetic lines dropped."""
        out = []
        for f in findings:
            start, end = f.start_line - self.line_offset, f.end_line - self.line_offset
            if end < 1 or start > original_lines:
                continue
            out.append(
                f.moved(
                    start_line=max(start, 1),
                    end_line=min(max(end, 1), original_lines),
                    start_col=None if f.start_col is None else max(f.start_col - self.col_offset, 1),
                    end_col=None if f.end_col is None else max(f.end_col - self.col_offset, 1),
                )
            )
        return out


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _common_indent(code: str) -> int:
    """Columns textwrap.dedent removes (tabs count as one column, as in semgrep and Bandit)."""
    widths = [len(line) - len(line.lstrip()) for line in code.splitlines() if line.strip()]
    return min(widths, default=0)


def repair_python(code: str) -> Repair | None:
    """None when the code parses as it is or no repair helps (the parse error is then reported)."""
    if _parses(code):
        return None
    return next((c for c in _candidates(code) if _parses(c.code)), None)


def _candidates(code: str) -> Iterator[Repair]:
    """Repairs from the smallest change to the largest; built lazily (each costs a parse)."""
    base = textwrap.dedent(code)
    shift = -_common_indent(code) if base != code else 0
    if base != code:
        yield Repair(base, "dedent", 0, shift)
    lines = base.splitlines()
    cuts = range(1, min(_MAX_TRIMMED_LINES, len(lines) - 1) + 1)
    for cut in cuts:
        yield Repair("\n".join(lines[:-cut]) + "\n", "trim", 0, shift, dropped_lines=cut)


# A type declaration or a method header: the code already has its own structure. Both checks are
# linear in the code's length (model output is hostile input): a keyword search, and a split of each
# line at its first parenthesis instead of a backtracking pattern over the words before it.
_DECLARATION = re.compile(r"\b(?:class|interface|enum|record|struct)[ \t]+\w")
_NOT_A_METHOD_NAME = frozenset(
    {"if", "for", "foreach", "while", "switch", "catch", "using", "lock", "return", "new", "else", "fixed"}
    | {"synchronized", "throw", "await", "yield"}
)
_TYPE_WORD = re.compile(r"[\w<>\[\],.?@]+")
_NAME = re.compile(r"[A-Za-z_]\w*")
_HEADER_LINE = re.compile(r"^[ \t]*(?:import|package|using|namespace)\b", re.MULTILINE)
_METHOD_WRAPPER = {
    "java": ("class SluiceFragment { void sluiceFragment() throws Exception {\n", "\n}}\n"),
    "csharp": ("class SluiceFragment { void SluiceFragmentBody() {\n", "\n}}\n"),
}


def _has_method_header(code: str) -> bool:
    """A line like `public static String run(String a) throws X {`: type words, a name, `(`, no `;`."""
    for line in code.splitlines():
        head, paren, rest = line.partition("(")
        if not paren or ";" in rest or ")" not in rest:
            continue
        words = head.split()
        if len(words) < 2 or words[-1] in _NOT_A_METHOD_NAME or not _NAME.fullmatch(words[-1]):
            continue
        if all(_TYPE_WORD.fullmatch(w) for w in words[:-1]) and words[0] not in _NOT_A_METHOD_NAME:
            return True
    return False


def _starts_in_html(code: str) -> bool:
    """Whether PHP reads the start of `code` as template text: it opens a PHP tag before any closes.

    Answers often begin with code and drop into HTML later (`$name = ...; ?> <p><?php echo $name ?>`):
    a closing tag before the first opening one means the code started in PHP. `<?xml` is not a PHP tag.
    """
    openings = [i for i in (code.find("<?php"), code.find("<?=")) if i >= 0]
    if not openings:
        return False
    closing = code.find("?>")
    return not 0 <= closing < min(openings)


# Braces and what hides them: comments, strings (C# verbatim @"..." with "" escapes), characters.
# Every alternative is linear (no nested quantifiers); an unterminated string stops at its line end.
_BRACE_TOKEN = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|@\"(?:[^\"]|\"\")*\"?|\"(?:\\.|[^\"\\\n])*\"?|'(?:\\.|[^'\\\n])*'?|[{}]",
    re.DOTALL,
)


def _open_blocks(code: str) -> int:
    """`{` minus `}` outside comments, strings and characters."""
    depth = 0
    for m in _BRACE_TOKEN.finditer(code):
        piece = m.group()
        depth += 1 if piece == "{" else -1 if piece == "}" else 0
    return depth


# A line that a cut-off answer may end on without being cut: a comment, an annotation or attribute,
# a preprocessor line. A trailing `// comment` is ignored when the line's end is judged.
_WHOLE_LINE_STARTS = ("//", "/*", "*", "#", "@", "[")
_MAX_HALF_LINES = 3


def _ends_cleanly(line: str) -> bool:
    """Whether a line ends a statement or a block. Linear: two scans, no pattern (hostile input)."""
    stripped = line.strip()
    if not stripped or stripped.startswith(_WHOLE_LINE_STARTS):
        return True
    comment = stripped.find("//", stripped.rfind('"') + 1)  # the first `//` after the last quote
    if comment > 0:
        stripped = stripped[:comment].rstrip()
    return stripped.endswith((";", "{", "}"))


def _without_half_statement(code: str) -> tuple[str, int]:
    """`code` without the statement the token limit cut in half, and how many lines that took.

    The last lines that do not end a statement or a block (at most three: a call split over lines)
    are dropped; when no complete line comes before them the code is left as it is. The engine scans
    the original as written too whenever lines are dropped.
    """
    lines = code.rstrip().split("\n")
    cut = 0
    while cut < len(lines) - 1 and cut < _MAX_HALF_LINES and not _ends_cleanly(lines[-1 - cut]):
        cut += 1
    if cut == 0 or not _ends_cleanly(lines[-1 - cut]):
        return code, 0
    return "\n".join(lines[:-cut]) + "\n", cut


def _close_open_blocks(code: str) -> tuple[str, int] | None:
    """A Java/C# answer cut off by the token limit, its blocks closed; None when nothing is open.

    semgrep's Java and C# parsers give up on a file whose class or method never closes, so a cut
    answer was scanned by no rule. Its half-written last statement is dropped first.
    """
    if _open_blocks(code) <= 0:
        return None
    body, dropped = _without_half_statement(code)
    body = body.rstrip()
    return body + "\n" + "}" * max(_open_blocks(body), 0) + "\n", dropped


def wrap_fragment(code: str, language: str | None) -> Repair | None:
    """A wrapper that lets semgrep see a PHP or Java/C# fragment whole; None when none is needed."""
    if language == "php":
        return None if _starts_in_html(code) else Repair("<?php\n" + code, "php-open-tag", line_offset=1)
    wrapper = _METHOD_WRAPPER.get(language or "")
    if wrapper is None or not code.strip():
        return None
    closed = _close_open_blocks(code)
    body, dropped = closed or (code, 0)
    if _DECLARATION.search(code) or _HEADER_LINE.search(code) or _has_method_header(code):
        return Repair(body, "close-blocks", dropped_lines=dropped) if closed else None
    if ";" not in code:  # not statements (an expression, prose, an annotation): leave it alone
        return None
    if closed is None:
        # statements cut off mid-call: semgrep's parser then drops the whole method, every line of it
        body, dropped = _without_half_statement(code)
    head, tail = wrapper
    return Repair(head + body + tail, "method-body", line_offset=1, dropped_lines=dropped)
