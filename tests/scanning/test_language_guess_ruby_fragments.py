"""Short untagged Rails fragments (a class method, a settings hash) are Ruby.

Before these signals the two below came back None (no `end`-closed `def`, no `puts`), so no Ruby rule
ran on them; JavaScript object literals and bash `${x}` must keep their language.
"""

from __future__ import annotations

import pytest

from gateway.scanning import detect_language

RUBY = [
    "class Report\n  def self.sales_for(region)\n"
    "    Order.find_by_sql(\"SELECT * FROM orders WHERE region = '#{region}'\")\n  end\nend\n",
    'ActionMailer::Base.smtp_settings = {\n  address: "smtp.example.com",\n  port: 587,\n'
    '  password: ENV.fetch("SMTP_PASSWORD"),\n  authentication: :plain\n}\n',
]

OTHERS = [
    ("const cfg = { host: 'a', port: 587 };\nconsole.log(`${cfg.host}`);\n", "javascript"),
    ('#!/bin/bash\nNAME="${1:-world}"\necho "hello ${NAME}"\n', "bash"),
]


@pytest.mark.parametrize("code", RUBY)
def test_rails_fragments_are_ruby(code: str) -> None:
    assert detect_language(code) == "ruby"


@pytest.mark.parametrize(("code", "language"), OTHERS)
def test_other_languages_keep_their_guess(code: str, language: str) -> None:
    assert detect_language(code) == language
