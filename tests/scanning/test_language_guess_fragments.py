"""Untagged Java and C# method fragments (no imports, no class) are recognised, and told apart.

Models often answer with one method. Before these signals a Java method such as the one below had
no signal at all (`detect_language` answered None, so no rule ran on it) and short C# methods were
taken for Java; the other languages' guesses must not move.
"""

from __future__ import annotations

import pytest

from gateway.scanning import detect_language

JAVA_FRAGMENTS = [
    """public String fetch(String urlString) throws IOException {
    URL url = new URL(urlString);
    HttpURLConnection conn = (HttpURLConnection) url.openConnection();
    return new String(conn.getInputStream().readAllBytes());
}
""",
    """protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String target = req.getParameter("redirect");
    resp.sendRedirect(target);
}
""",
    """public boolean matches(String input, String userPattern) {
    Pattern pattern = Pattern.compile(userPattern);
    return pattern.matcher(input).matches();
}
""",
    """@GetMapping("/proxy")
public Object proxy(@RequestParam String url) {
    return rest.getForObject(url, Object.class);
}
""",
]

CSHARP_FRAGMENTS = [
    """public string ReadLog(string name)
{
    return File.ReadAllText("C:\\\\logs\\\\" + name);
}
""",
    """public int DeleteOrder(SqlConnection conn, string orderId)
{
    var cmd = conn.CreateCommand();
    cmd.CommandText = $"DELETE FROM Orders WHERE Id = '{orderId}'";
    return cmd.ExecuteNonQuery();
}
""",
    """public bool IsMatch(string input, string pattern)
{
    Regex regex = new Regex(pattern);
    return regex.IsMatch(input);
}
""",
    """public static void Ping(string host)
{
    using (var p = Process.Start("ping", host)) { p.WaitForExit(); }
}
""",
]

OTHERS = [
    ('package main\nimport "fmt"\nfunc main() { fmt.Println(1) }\n', "go"),
    ("const x = require('fs');\nconsole.log(x);\n", "javascript"),
    ("#include <iostream>\n#include <string>\nint main() { std::string s; std::cout << s; }\n", "cpp"),
    ("<?php echo $_GET['x']; ?>", "php"),
    ("def f(a):\n    return a\n", "python"),
]


@pytest.mark.parametrize("code", JAVA_FRAGMENTS)
def test_java_method_fragments_are_java(code: str) -> None:
    assert detect_language(code) == "java"


@pytest.mark.parametrize("code", CSHARP_FRAGMENTS)
def test_csharp_method_fragments_are_csharp(code: str) -> None:
    assert detect_language(code) == "csharp"


@pytest.mark.parametrize(("code", "language"), OTHERS)
def test_other_languages_keep_their_guess(code: str, language: str) -> None:
    assert detect_language(code) == language
