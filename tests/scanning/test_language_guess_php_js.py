"""Untagged PHP (without `<?php`) and short JavaScript answers are recognised.

Before these signals each fragment below was detected as nothing, so no rule ran on it: a PHP
`function f($x) {...}` scored 1-2 (a `$x =` line, a `->` call) and a plain JS `function name(a, b)`
scored 2, both under the threshold of 3. The other languages' guesses must not move (a TypeScript
function keeps its annotations, a jQuery `$el.data(...)` is JavaScript, a Ruby `$global` is Ruby).
TypeScript with annotated parameters and Python's `async def` are recognised as well.
"""

from __future__ import annotations

import pytest

from gateway.scanning import detect_language

PHP_FRAGMENTS = [
    """function get_user($id) {
    global $db;
    return $db->query("SELECT * FROM users WHERE id = " . $id);
}
""",
    """function render_greeting($name) {
    $html = "<h1>Hello</h1>";
    $html .= "<p>" . $name . "</p>";
    return $html;
}
""",
    """public function show($id)
{
    $post = $this->repository->find($id);
    return view('post', ['post' => $post]);
}
""",
    """$file = $_GET['file'];
include($file);
""",
    """function download(string $path): void {
    readfile('/var/www/files/' . $path);
}
""",
    """$cmd = "ping -c 1 " . $host;
system($cmd);
""",
]

JS_FRAGMENTS = [
    """function add(a, b) {
  return a + b;
}
""",
    """function runUserCode(code) {
  return eval(code);
}
""",
    """const fs = require('fs');
fs.readFileSync(path);
""",
    """app.get('/user', (req, res) => {
  res.send(req.query.name);
});
""",
    """$.ajax({ url: '/api/items' });
$list.html(items.join(''));
""",
]

# TypeScript whose only annotations are on parameters was taken for JavaScript (no `): type`).
TS_FRAGMENTS = [
    "app.get('/u', (req: Request, res: Response) => {\n  res.send(req.query.name);\n});\n",
    "function greet(name: string) {\n  return 'hi ' + name;\n}\n",
    "export const handler = async (event: APIGatewayEvent) => {\n  return eval(event.body);\n};\n",
]

OTHERS = [
    ("function add(a: number, b: number): number {\n  return a + b;\n}\n", "typescript"),
    ("interface User { name: string }\nconst u: User = { name: 'x' };\n", "typescript"),
    ("def add(a, b):\n    return a + b\n", "python"),
    ('package main\n\nfunc add(a int, b int) int {\n\treturn a + b\n}\n', "go"),
    ("class Test\n  $key = 512\n  def run\n    OpenSSL::PKey::RSA.new($key)\n  end\nend\n", "ruby"),
    ("#include <stdio.h>\nint main(void) { char *s = \"data window.\"; printf(\"%s\", s); }\n", "c"),
    ("#!/bin/bash\necho $HOME\ncd /tmp\n", "bash"),
    ("fn add(a: i32, b: i32) -> i32 {\n    let x = a + b;\n    x\n}\n", "rust"),
    ("def f(a: int, b: str) -> bool:\n    return True\n", "python"),
    # `async def` is a Python function too (it scored nothing before)
    ('@app.get("/")\nasync def read(request: Request, response: Response):\n    return request.url\n', "python"),
]


@pytest.mark.parametrize("code", PHP_FRAGMENTS)
def test_php_without_open_tag_is_php(code: str) -> None:
    assert detect_language(code) == "php"


@pytest.mark.parametrize("code", JS_FRAGMENTS)
def test_short_javascript_is_javascript(code: str) -> None:
    assert detect_language(code) == "javascript"


@pytest.mark.parametrize("code", TS_FRAGMENTS)
def test_parameter_annotations_mean_typescript(code: str) -> None:
    assert detect_language(code) == "typescript"


@pytest.mark.parametrize(("code", "language"), OTHERS)
def test_other_languages_keep_their_guess(code: str, language: str) -> None:
    assert detect_language(code) == language
