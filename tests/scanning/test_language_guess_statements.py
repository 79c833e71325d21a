"""Untagged Java and C# statement fragments (no method, no class, no imports) are recognised.

Generated answers are often a few bare statements. Before these signals, 56 of the 180 JVM probes
(tests/data/jvm_llm, sent without a language) came back None, so almost no rule ran on them, and two
C# object initialisers were taken for JavaScript. Python, TypeScript and the other languages must not
be pulled towards Java or C# by the new, shared-looking signals (`Cipher`, `private readonly`).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from gateway.scanning import detect_language

PROBES = Path(__file__).resolve().parents[1] / "data" / "jvm_llm"
EXPECTED = {".java": "java", ".cs": "csharp"}

JAVA_STATEMENTS = [
    'MessageDigest sha1 = MessageDigest.getInstance("SHA-1");\nbyte[] hash = sha1.digest(data);\n',
    'Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");\ncipher.init(Cipher.ENCRYPT_MODE, key);\n',
    'String sql = String.format("SELECT * FROM t WHERE c = \'%s\'", c);\nResultSet rs = statement.executeQuery(sql);\n',
    "ObjectMapper mapper = new ObjectMapper();\nmapper.enableDefaultTyping();\n",
    'Log.d("LoginActivity", "User logged in with password: " + password);\n',
    'SharedPreferences prefs = getSharedPreferences("p", Context.MODE_WORLD_READABLE);\n',
    'Cookie cookie = new Cookie("JSESSIONID", session.getId());\ncookie.setSecure(true);\n'
    "response.addCookie(cookie);\n",
    "public Object load(InputStream in) {\n    XMLDecoder decoder = new XMLDecoder(in);\n"
    "    return decoder.readObject();\n}\n",
]

CSHARP_STATEMENTS = [
    "var settings = new JsonSerializerSettings\n{\n    TypeNameHandling = TypeNameHandling.All\n};\n"
    "var obj = JsonConvert.DeserializeObject(json, settings);\n",
    "JsonConvert.DefaultSettings = () => new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };\n",
    "var handler = new HttpClientHandler();\n"
    "handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true;\n",
    '_logger.LogInformation("User {User} logged in", user);\n',
    'services.AddCors(options =>\n{\n    options.AddPolicy("AllowAll", b => b.AllowAnyOrigin());\n});\n',
    'private const string ApiKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";\n',
    'string sql = string.Format("SELECT * FROM Accounts WHERE Owner = \'{0}\'", owner);\n'
    "using (SqlCommand cmd = new SqlCommand(sql, connection))\n{\n    cmd.ExecuteReader();\n}\n",
    "options.TokenValidationParameters = new TokenValidationParameters\n{\n    ValidateLifetime = false\n};\n",
    "public static byte[] GenerateKey()\n{\n    byte[] key = new byte[32];\n    new Random().NextBytes(key);\n"
    "    return key;\n}\n",
]

# Look-alikes the new signals must leave alone (each was recognised correctly before).
OTHERS = [
    (
        "from Crypto.Cipher import AES\n\ndef encrypt(key, data):\n    cipher = AES.new(key, AES.MODE_ECB)\n"
        "    return cipher.encrypt(data)\n",
        "python",
    ),
    (
        "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms\n\n"
        "def encrypt(key):\n    cipher = Cipher(algorithms.ARC4(key), mode=None)\n    return cipher.encryptor()\n",
        "python",
    ),
    ("const sb = new StringBuilder();\nconsole.log(sb.toString());\n", "javascript"),
    ('package main\n\nfunc main() {\n\tr := strings.NewReader("x")\n\tfmt.Println(r.Len())\n}\n', "go"),
]


@pytest.mark.parametrize("code", JAVA_STATEMENTS)
def test_java_statement_fragments_are_java(code: str) -> None:
    assert detect_language(code) == "java"


@pytest.mark.parametrize("code", CSHARP_STATEMENTS)
def test_csharp_statement_fragments_are_csharp(code: str) -> None:
    assert detect_language(code) == "csharp"


@pytest.mark.parametrize(("code", "language"), OTHERS)
def test_look_alikes_keep_their_language(code: str, language: str) -> None:
    assert detect_language(code) == language


def test_typescript_constructor_parameter_is_not_csharp() -> None:
    code = (
        "@Controller()\nexport class AppController {\n"
        "  constructor(private readonly appService: AppService) {}\n"
        "  @Get('x')\n  getDocs(@Query('input') userInput) {\n    return { url: userInput };\n  }\n}\n"
    )
    assert detect_language(code) != "csharp"


def test_jvm_probe_set_is_recognised_without_a_tag() -> None:
    """Every probe is guessed as its own language or not at all, and at most one is missed."""
    guesses = {p.name: detect_language(p.read_text()) for p in sorted(PROBES.rglob("*")) if p.suffix in EXPECTED}
    assert len(guesses) >= 180  # the probe set grows as rules are added
    wrong = {name: g for name, g in guesses.items() if g is not None and g != EXPECTED[Path(name).suffix]}
    missed = [name for name, g in guesses.items() if g is None]
    assert wrong == {}
    assert len(missed) <= 1, missed


@pytest.mark.parametrize(
    "line",
    [
        "public " * 20 + "x",
        "private readonly " + "a " * 40,
        "new Foo(" + "a" * 190 + ")\n{" * 3,
        "Foo" + "<a>" * 30 + " x =",
        "String x = y.getA(" * 10,
    ],
)
def test_hostile_megabyte_snippet_finishes_fast(line: str) -> None:
    code = (line + "\n") * (1_000_000 // (len(line) + 1))
    start = time.perf_counter()
    detect_language(code)
    assert time.perf_counter() - start < 1.0
