"""Untagged TypeScript classes (NestJS handlers, CDK stacks) are TypeScript, not JavaScript.

Before these signals a decorated handler parameter (`@Param("f") f: string`), a constructor
parameter property (`private readonly ds: DataSource`) or an optional parameter (`props?: T`) scored
nothing for TypeScript, so such files were taken for JavaScript or bash (11 of 48 own TypeScript
files, 17 of 28 semgrep-rules ones) and the TypeScript parser never saw them.
"""

from __future__ import annotations

import pytest

from gateway.scanning import detect_language

TYPESCRIPT = [
    'import { Controller, Get, Param } from "@nestjs/common";\nimport { join } from "path";\n\n'
    '@Controller("attachments")\nexport class AttachmentsController {\n  @Get(":filename")\n'
    '  download(@Param("filename") filename: string) {\n    return join(process.cwd(), filename);\n  }\n}\n',
    'import { DataSource } from "typeorm";\n\nexport class ReportsController {\n'
    "  constructor(private readonly dataSource: DataSource) {}\n}\n",
    "import * as cdk from '@aws-cdk/core';\n\nexport class Stack extends cdk.Stack {\n"
    "  constructor(scope, id, props?: cdk.StackProps) {\n    super(scope, id, props);\n  }\n}\n",
    "const body = req.body as any;\nconsole.log(body.name);\n",
]

# Python annotations use `str`/`int`, JavaScript object literals have no `?:` parameter.
OTHERS = [
    ("def greet(name: str, times: int = 1) -> str:\n    return name * times\n", "python"),
    ("const user = { name: 'a', admin: false };\nfunction check(u) {\n  return u.admin;\n}\n", "javascript"),
]


@pytest.mark.parametrize("code", TYPESCRIPT)
def test_typescript_class_members_are_typescript(code: str) -> None:
    assert detect_language(code) == "typescript"


@pytest.mark.parametrize(("code", "language"), OTHERS)
def test_other_languages_keep_their_guess(code: str, language: str) -> None:
    assert detect_language(code) == language
