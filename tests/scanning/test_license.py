import asyncio
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from gateway.db.base import Base
from gateway.scanning.license import (
    LicenseCategory,
    LicenseIndex,
    classify_expression,
    find_license_signals,
    models,  # noqa: F401  (registers the tables on Base.metadata)
)
from gateway.scanning.license.classify import classify_license_name
from gateway.scanning.license.imports import javascript_imports, license_of, python_imports
from gateway.scanning.license.winnowing import GUARANTEE, fingerprints, normalize
from tests.scanning.conftest import run_with_engine

P, W, S, U = (LicenseCategory.PERMISSIVE, LicenseCategory.WEAK_COPYLEFT, LicenseCategory.STRONG_COPYLEFT,
              LicenseCategory.UNKNOWN)  # fmt: skip


@pytest.mark.parametrize(
    ("expression", "category"),
    [
        ("MIT", P), ("Apache-2.0", P), ("BSD-3-Clause", P), ("LGPL-2.1-or-later", W), ("MPL-2.0", W),
        ("GPL-3.0-only", S), ("AGPL-3.0-or-later", S), ("GPL-2.0+", S),
        ("MIT OR GPL-3.0-only", P),  # the licensee may choose the permissive option
        ("MIT AND GPL-3.0-only", S),  # both apply: the most restrictive wins
        ("GPL-2.0-only WITH Classpath-exception-2.0", W),
        ("LicenseRef-Proprietary", U), ("not a license ((", U),
    ],
)  # fmt: skip
def test_classify_expression(expression, category):
    assert classify_expression(expression)[1] is category


def test_classify_free_text_names_from_package_metadata():
    assert classify_license_name("GNU General Public License v3 (GPLv3)") == ("GPL-3.0-only", S)
    assert classify_license_name("GNU Lesser General Public License v2 or later (LGPLv2+)") == (
        "LGPL-2.0-or-later", W)
    assert classify_license_name("BSD License")[1] is P
    assert classify_license_name("Proprietary, all rights reserved")[1] is U


def test_signals_spdx_texts_and_copyright():
    code = (
        "// SPDX-License-Identifier: GPL-2.0-only\n"
        "/* Copyright (c) 2019 Example Corp */\n"
        "# This program is free software; you can redistribute it under the terms of the\n"
        "# GNU General Public License as published by the Free Software Foundation\n"
        "# Permission is hereby granted, free of charge, to any person obtaining a copy\n"
    )
    signals = find_license_signals(code)
    kinds = [(s.kind, s.expression, s.category, s.line) for s in signals]
    assert ("spdx", "GPL-2.0-only", S, 1) in kinds
    assert ("copyright", "", U, 2) in kinds
    # No version stated: the GPL lets the licensee pick any version ever published.
    assert ("text", "GPL-1.0-or-later", S, 4) in kinds
    assert ("text", "MIT", P, 5) in kinds
    assert not any(s.expression.startswith("LGPL") for s in signals)


@pytest.mark.parametrize(
    ("name", "spdx"),
    [
        ("GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
        ("GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"),
        ("GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"),
        ("GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0-only"),
        ("GNU Library or Lesser General Public License (LGPL)", "LGPL-2.0-or-later"),
        ("GNU Affero General Public License v3 or later (AGPLv3+)", "AGPL-3.0-or-later"),
        ("LGPLv2.1", "LGPL-2.1-only"),
    ],
)
def test_gnu_package_classifiers_keep_their_version(name, spdx):
    assert classify_license_name(name)[0] == spdx


def test_license_findings_through_the_engine():
    code = "# SPDX-License-Identifier: AGPL-3.0-or-later\nprint('hi')\n"
    result = run_with_engine(lambda e: e.scan(code, "python", scanners=frozenset({"license"})))
    (finding,) = result.findings
    assert finding.rule_id == "license.spdx.strong_copyleft"
    assert finding.severity.value == "high"
    assert finding.extra["license"] == "AGPL-3.0-or-later"


def test_denied_imports_from_policy_map_and_installed_metadata():
    assert [i.module for i in python_imports("import os\nfrom yaml import safe_load\nimport a.b as c\n")] == [
        "os", "yaml", "a",
    ]  # fmt: skip
    js = "const x = require('left-pad');\nimport y from '@s/p/q';\n"
    assert [i.module for i in javascript_imports(js)] == ["left-pad", "@s/p"]
    assert license_of("os", {}) is None  # standard library
    yaml_license = license_of("yaml", {})  # PyYAML's installed metadata
    assert yaml_license is not None and yaml_license.category is P and yaml_license.source == "metadata"
    code = "import gplpkg\nimport yaml\n"
    result = run_with_engine(
        lambda e: e.scan(code, "python", scanners=frozenset({"license"})),
        package_licenses={"gplpkg": "GPL-3.0-only"},
    )
    (finding,) = result.findings
    assert (finding.rule_id, finding.start_line, finding.extra["package"]) == (
        "license.denied_import",
        1,
        "gplpkg",
    )


def test_winnowing_guarantee_on_shared_runs():
    base = normalize("".join(f"value_{i} = compute({i}, factor={i * 7})\n" for i in range(40))).text
    other = "unrelated_prefix_" * 10 + base[300 : 300 + GUARANTEE] + "_unrelated_suffix" * 10
    shared = set(h for h, _ in fingerprints(base)) & set(h for h, _ in fingerprints(other))
    assert shared  # any run of GUARANTEE characters shares a fingerprint


REFERENCE = "".join(
    f"def reference_function_{i}(alpha, beta):\n    result = alpha * {i} + beta ** 2\n    return result - {i}\n"
    for i in range(12)
)


def _index(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'index.db'}"
    sync = create_engine(url)
    Base.metadata.create_all(
        sync, tables=[Base.metadata.tables[n] for n in ("license_sources", "license_fingerprints")]
    )
    sync.dispose()
    return url


def test_index_finds_near_verbatim_reuse_and_ignores_short_overlap(tmp_path: Path):
    url = _index(tmp_path)

    async def main():
        index = LicenseIndex.from_url(url)
        try:
            added = await index.add("vendor/gpl_lib.py", REFERENCE, "GPL-3.0-only", package="gpl-lib")
            again = await index.add("elsewhere.py", REFERENCE, "GPL-3.0-only")
            # Reflowed whitespace around a copied fragment still matches (normalization drops it).
            copied = REFERENCE[200:700].replace("    ", "\t").replace(" = ", "=")
            generated = "import os\n\n" + copied + "\nprint('done')\n"
            hits = await index.search(generated, min_chars=150)
            short = await index.search("x = 1\n" + REFERENCE[200:300], min_chars=150)
            listing = await index.list_sources()
            return added, again, hits, short, listing
        finally:
            await index.aclose()

    added, again, hits, short, listing = asyncio.run(main())
    assert added is not None and added.fingerprints > 0
    assert again is None  # identical normalized content is stored once
    (hit,) = hits
    assert hit.source_path == "vendor/gpl_lib.py" and hit.package == "gpl-lib"
    assert hit.category is S
    assert hit.matched_chars >= 300
    assert short == []
    assert [s.path for s in listing] == ["vendor/gpl_lib.py"]


def test_verbatim_reuse_finding_through_the_engine(tmp_path: Path):
    url = _index(tmp_path)

    async def seed():
        index = LicenseIndex.from_url(url)
        await index.add("lib/ref.py", REFERENCE, "MPL-2.0", package="ref")
        await index.aclose()

    asyncio.run(seed())
    code = "x = 1\n" + REFERENCE[:600]
    result = run_with_engine(lambda e: e.scan(code, "python", scanners=frozenset({"license"})), license_db_url=url)
    (finding,) = [f for f in result.findings if f.rule_id == "license.verbatim_reuse"]
    assert finding.extra["source"] == "lib/ref.py"
    assert finding.extra["category"] == "weak_copyleft"
    assert finding.start_line == 2
    assert finding.severity.value == "medium"


def test_models_create_the_expected_schema(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 's.db'}")
    Base.metadata.create_all(
        engine, tables=[Base.metadata.tables[n] for n in ("license_sources", "license_fingerprints")]
    )
    insp = inspect(engine)
    assert {c["name"] for c in insp.get_columns("license_fingerprints")} == {"source_id", "position", "hash"}
    assert "ix_license_fingerprints_hash" in {i["name"] for i in insp.get_indexes("license_fingerprints")}
    engine.dispose()


def test_python_imports_without_the_keyword_skip_the_parse_and_find_the_same() -> None:
    import ast

    from gateway.scanning.license.imports import python_imports

    samples = ["def add(a, b):\n    return a + b\n", "import os\nfrom yaml import load\n", "x = __import__('os')\n",
               "from . import sibling\nimport a.b as c, d\n", "    import requests\n"]
    for code in samples:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            tree = ast.parse("")
        expected = sum(len(n.names) if isinstance(n, ast.Import) else int(bool(n.module) and n.level == 0)
                       for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))
        found = python_imports(code)
        assert len(found) == expected or (code.startswith("    ") and [i.module for i in found] == ["requests"])
    assert python_imports("def add(a, b):\n    return a + b\n") == []
