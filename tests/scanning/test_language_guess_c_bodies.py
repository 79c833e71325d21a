"""Untagged C and C++ function bodies (no includes, as Juliet's bad()/good() methods and generated
helpers arrive) are recognised; short Rust functions that say `std::` stay Rust, not C++.

Before these signals 856 of 924 Juliet C functions and 422 of 427 Juliet C++ functions came back None
(nothing ran on them).
"""

from __future__ import annotations

import time

import pytest

from gateway.scanning import detect_language

C_BODIES = [
    "void bad()\n{\n    int64_t * data;\n    int64_t source[100] = {0};\n"
    "    memcpy(data, source, 100*sizeof(int64_t));\n}\n",
    "static void goodG2BVaSink(char * data, ...)\n{\n    va_list args;\n    va_start(args, data);\n"
    "    vprintf(data, args);\n    va_end(args);\n}\n",
    "static void goodG2B()\n{\n    wchar_t * data;\n    wchar_t dataBuffer[100] = L\"\";\n    data = dataBuffer;\n"
    '    wcscat(data, L"*.*");\n}\n',
    "void copy_name(char *dst, const char *src)\n{\n    strcpy(dst, src);\n}\n",
]

CPP_BODIES = [
    "static void goodG2B()\n{\n    TwoIntsClass * data;\n    data = NULL;\n    data = new TwoIntsClass[100];\n"
    "    delete [] data;\n}\n",
    "void bad()\n{\n    char * data = new char[100];\n    data[0] = '\\0';\n    delete [] data;\n}\n",
    "static void goodG2B()\n{\n    char * data;\n    strcat(data, \"file.txt\");\n    {\n"
    "        ifstream inputFile;\n        inputFile.open((char *)data);\n    }\n}\n",
]

RUST_WITH_STD = [
    "pub fn build_client() -> reqwest::Result<reqwest::Client> {\n    reqwest::Client::builder()\n"
    "        .danger_accept_invalid_certs(true)\n        .timeout(std::time::Duration::from_secs(10))\n"
    "        .build()\n}\n",
    "pub fn issue(claims: &Claims) -> String {\n"
    '    let secret = std::env::var("JWT_SECRET").expect("JWT_SECRET must be set");\n'
    "    encode(&Header::default(), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()\n}\n",
]


@pytest.mark.parametrize("code", C_BODIES)
def test_c_function_bodies_are_c(code: str) -> None:
    assert detect_language(code) == "c"


@pytest.mark.parametrize("code", CPP_BODIES)
def test_cpp_function_bodies_are_cpp(code: str) -> None:
    assert detect_language(code) == "cpp"


@pytest.mark.parametrize("code", RUST_WITH_STD)
def test_rust_saying_std_is_rust(code: str) -> None:
    assert detect_language(code) == "rust"


@pytest.mark.parametrize(
    "line",
    [
        "const " * 3 + "x" * 50 + " " + "*" * 200,
        "static int " + "f" * 100 + " (",
        "a * b = new " * 30,
        "memcpy" + " " * 300,
    ],
)
def test_hostile_megabyte_snippet_finishes_fast(line: str) -> None:
    code = (line + "\n") * (1_000_000 // (len(line) + 1))
    start = time.perf_counter()
    detect_language(code)
    assert time.perf_counter() - start < 1.0
