"""TypeScript answers with JSX (React components) are written for semgrep as `.tsx`.

semgrep's `.ts` parser rejects JSX: a component that renders `dangerouslySetInnerHTML={{__html: x}}`
was a parse error and the XSS finding on that line was lost. `.tsx` in turn rejects the old
`<T>x` type assertion, so plain TypeScript keeps `.ts`. Real semgrep, product rule packs, both
the resident language servers and per-batch semgrep-core.
"""

from __future__ import annotations

import asyncio

import pytest

from gateway.scanning import PARSE_ERROR, ScanEngine, ScanSettings
from gateway.scanning.languages import semgrep_extension

REACT_COMPONENT = """import React from 'react';

export function Comment(props: { body: string }) {
  const title: string = props.body.slice(0, 10);
  return <div className="comment" dangerouslySetInnerHTML={{__html: props.body}} />;
}
"""

TYPE_ASSERTION = """function parse(input: unknown): number {
  const n = <number>input;
  eval(String(n));
  return n;
}
"""


def _scan(code: str, mode: str):
    async def main():
        settings = ScanSettings(max_concurrent_semgrep=1, semgrep_mode=mode, codeshield_languages=frozenset())
        async with ScanEngine.from_settings(settings) as engine:
            return await engine.scan(code, "typescript")

    return asyncio.run(main())


def test_extension_follows_jsx() -> None:
    assert semgrep_extension("typescript", REACT_COMPONENT) == ".tsx"
    assert semgrep_extension("typescript", "const x = <>{a}</>;") == ".tsx"
    assert semgrep_extension("typescript", "return <Item key={k}>{k}</Item>;") == ".tsx"
    # type assertions and generics are not JSX: `.tsx` would fail to parse them
    assert semgrep_extension("typescript", TYPE_ASSERTION) == ".ts"
    assert semgrep_extension("typescript", "const m: Map<string, Array<number>> = new Map();") == ".ts"
    assert semgrep_extension("javascript", REACT_COMPONENT) == ".js"
    assert semgrep_extension("python", "x = '<a/>'") == ".py"


@pytest.mark.parametrize("mode", ["lsp", "batch"])
def test_jsx_in_typescript_is_scanned(mode: str) -> None:
    result = _scan(REACT_COMPONENT, mode)
    xss = [f for f in result.findings if f.cwe == "CWE-79"]
    assert xss and {f.start_line for f in xss} == {5}
    assert not [f for f in result.findings if f.rule_id == PARSE_ERROR]


@pytest.mark.parametrize("mode", ["lsp", "batch"])
def test_type_assertions_still_parse(mode: str) -> None:
    result = _scan(TYPE_ASSERTION, mode)
    assert [f for f in result.findings if f.cwe in {"CWE-94", "CWE-95"} and f.start_line == 3]
    assert not [f for f in result.findings if f.rule_id == PARSE_ERROR]
