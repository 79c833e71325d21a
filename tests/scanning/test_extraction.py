from gateway.scanning import detect_language, extract_code_blocks


def test_tagged_blocks_keep_language_offsets_and_order():
    text = "Intro\n```python\nimport os\nos.system(x)\n```\nthen\n```js\neval(a)\n```\n"
    blocks = extract_code_blocks(text)
    assert [b.language for b in blocks] == ["python", "javascript"]
    assert blocks[0].code == "import os\nos.system(x)\n"
    assert text[blocks[0].start : blocks[0].end] == blocks[0].code
    assert text[blocks[1].start : blocks[1].end] == "eval(a)\n"
    assert [b.index for b in blocks] == [0, 1]
    assert all(b.closed for b in blocks)


def test_untagged_block_takes_default_language_then_detection():
    text = "```\nx = 1\n```\n"
    assert extract_code_blocks(text, default_language="py")[0].language == "python"
    java = "```\nimport java.util.List;\npublic class A { public static void main(String[] a) {} }\n```\n"
    assert extract_code_blocks(java)[0].language == "java"


def test_unknown_tag_is_not_guessed():
    blocks = extract_code_blocks("```text\nimport os\n```\n", default_language="python")
    assert blocks[0].language is None


def test_unclosed_fence_runs_to_end_and_is_marked_open():
    text = "Sure:\n```python\ndef f():\n    return eval(x)\n"
    (block,) = extract_code_blocks(text)
    assert not block.closed
    assert block.code == "def f():\n    return eval(x)\n"
    assert block.end == len(text)


def test_longer_fence_contains_shorter_backtick_fences():
    text = "````markdown\nExample:\n```python\nprint(1)\n```\n````\nafter\n```go\npackage main\n```\n"
    blocks = extract_code_blocks(text)
    assert len(blocks) == 2
    assert blocks[0].code == "Example:\n```python\nprint(1)\n```\n"
    assert blocks[0].language is None  # "markdown" is not a scanned language
    assert blocks[1].language == "go"


def test_inline_triple_backticks_and_no_fences():
    assert extract_code_blocks("Use ```x``` inline, no block here.") == []
    assert extract_code_blocks("plain prose\nwithout code\n") == []


def test_tilde_fence_indented_fence_and_filename_hint():
    text = '1. Step\n   ~~~ title="app.py"\n   if x:\n       run()\n   ~~~\n'
    (block,) = extract_code_blocks(text)
    assert block.language == "python"
    assert block.code == "if x:\n    run()\n"  # the fence's indentation is removed (CommonMark)
    assert block.indent == 3


def test_crlf_text():
    text = "```python\r\nimport os\r\n```\r\n"
    (block,) = extract_code_blocks(text)
    assert block.code == "import os\r\n"
    assert block.closed


def test_detect_language_signals_and_hints():
    assert detect_language('package main\nimport "fmt"\nfunc main() { fmt.Println(1) }\n') == "go"
    assert detect_language('#include <stdio.h>\nint main() { printf("x"); }\n') == "c"
    assert detect_language("#include <iostream>\nint main() { std::cout << 1; }\n") == "cpp"
    assert detect_language("<?php echo $_GET['x']; ?>") == "php"
    assert detect_language('fn main() { let mut x = 1; println!("{}", x); }') == "rust"
    assert detect_language("const x = require('fs');\nconsole.log(x);\n") == "javascript"
    assert detect_language("def f(a):\n    return a\n") == "python"
    assert detect_language("hello world") is None
    assert detect_language("anything", hint="main.rs") == "rust"
    assert detect_language("anything", hint="C++") == "cpp"


def test_language_hint_from_prompt():
    from gateway.scanning.languages import language_hint_from_prompt

    assert language_hint_from_prompt("Please fix the bug in src/app/main.py and utils.py") == "python"
    assert language_hint_from_prompt("Write a function in Rust that parses a header") == "rust"
    assert language_hint_from_prompt("Write it in C++ please") == "cpp"
    assert language_hint_from_prompt("an Express server using Node.js") == "javascript"
    assert language_hint_from_prompt("Compare a.py with b.go") is None  # a tie is no hint
    assert language_hint_from_prompt("Hello there, version 1.2 is out") is None
