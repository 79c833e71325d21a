"""Verbatim reuse of indexed code is found in generated output and decided by policy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support import db
from tests.support.scripted_upstream import Reply

GPL_SOURCE = '''def levenshtein(a, b):
    """Edit distance between two strings, by dynamic programming over prefixes."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            insert_cost = current[j - 1] + 1
            delete_cost = previous[j] + 1
            replace_cost = previous[j - 1] + (char_a != char_b)
            current.append(min(insert_cost, delete_cost, replace_cost))
        previous = current
    return previous[-1]
'''


def test_indexed_copyleft_code_is_blocked(gateway, db_url: str, upstream, tmp_path: Path) -> None:
    source = tmp_path / "strings_gpl.py"
    source.write_text(GPL_SOURCE)
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "license", "index", str(source), "--license", "GPL-3.0-only",
         "--package", "editdist"],
        env={**os.environ, "SLUICE_DATABASE_URL": db_url}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    db.create_tenant(db_url, "licensing")  # one database per backend: created once in each
    key = db.create_key(db_url, "licensing")
    # The model "writes" the indexed function with different indentation.
    answer = "Here:\n```python\n" + GPL_SOURCE.replace("    ", "  ") + "```\n"
    upstream.script(Reply(content=answer))
    response = httpx.post(gateway.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                          timeout=60, json={"model": "codellama-7b",
                                            "messages": [{"role": "user", "content": "edit distance in python"}]})
    assert response.status_code == 403, response.text
    findings = response.json()["error"]["findings"]
    reuse = [f for f in findings if f["rule_id"] == "license.verbatim_reuse"]
    assert reuse and "strings_gpl.py" in reuse[0]["message"] and "GPL-3.0-only" in reuse[0]["message"]
