"""Language names, aliases and a cheap content-based guess for untagged code."""

from __future__ import annotations

import re

# The languages the scanners know, by their canonical Sluice name.
LANGUAGES = (
    "python", "javascript", "typescript", "java", "go", "bash",
    "c", "cpp", "csharp", "php", "ruby", "rust",
)  # fmt: skip

_ALIASES = {
    "py": "python", "python3": "python", "py3": "python", "python2": "python",
    "js": "javascript", "node": "javascript", "nodejs": "javascript", "jsx": "javascript",
    "mjs": "javascript", "cjs": "javascript",
    "ts": "typescript", "tsx": "typescript",
    "golang": "go",
    "sh": "bash", "shell": "bash", "zsh": "bash", "console": "bash", "shellscript": "bash",
    "c++": "cpp", "cxx": "cpp", "cc": "cpp", "hpp": "cpp", "h": "c",
    "c#": "csharp", "cs": "csharp", "dotnet": "csharp",
    "rb": "ruby", "rs": "rust", "php3": "php", "php7": "php", "php8": "php",
}  # fmt: skip

EXTENSIONS = {
    "python": ".py", "javascript": ".js", "typescript": ".ts", "java": ".java", "go": ".go",
    "bash": ".sh", "c": ".c", "cpp": ".cpp", "csharp": ".cs", "php": ".php", "ruby": ".rb",
    "rust": ".rs",
}  # fmt: skip

_BY_EXTENSION = {ext: lang for lang, ext in EXTENSIONS.items()} | {
    ".pyw": "python", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".tsx": "typescript", ".bash": "bash", ".zsh": "bash", ".h": "c", ".hpp": "cpp",
    ".cc": "cpp", ".cxx": "cpp", ".hh": "cpp",
}  # fmt: skip


# JSX: a closing tag (`</div>`, a fragment's `</>`) or a self-closing element (`<Item key={k} />`).
# Generics and `<T>x` type assertions have neither, and only `.ts` parses assertions.
_JSX = re.compile(r"</[A-Za-z]?[\w.:-]*>|<[A-Za-z][^<>\n]*/>")


def semgrep_extension(language: str, code: str) -> str:
    """The file extension semgrep picks its parser by: `.tsx` for TypeScript that contains JSX
    (the `.ts` parser rejects JSX, so every finding in a React component was lost)."""
    if language == "typescript" and _JSX.search(code):
        return ".tsx"
    return EXTENSIONS.get(language, "")


def normalize_language(name: str | None) -> str | None:
    """Canonical name for a tag like 'py', 'C++' or 'python {.line-numbers}'; None if unknown."""
    if not name:
        return None
    key = re.split(r"[\s{,;]", name.strip().lower(), maxsplit=1)[0].lstrip(".")
    key = _ALIASES.get(key, key)
    return key if key in LANGUAGES else None


def language_from_filename(filename: str) -> str | None:
    dot = filename.rfind(".")
    return _BY_EXTENSION.get(filename[dot:].lower()) if dot >= 0 else None


# Signals per language: (pattern, weight). Strong, distinctive syntax only; ties go to None.
# Indentation is `[ \t]*`, never `\s*`: after `^` in MULTILINE, `\s*` runs across every
# following blank line, which made a run of 8,000 newlines take 24 s (quadratic).
_SIGNALS: dict[str, list[tuple[re.Pattern[str], int]]] = {
    lang: [(re.compile(p, re.MULTILINE), w) for p, w in sigs]
    for lang, sigs in {
        "python": [
            (r"^[ \t]*(async[ \t]+)?def \w+\(.*\)\s*(->\s*[^:]+)?:\s*$", 3),
            (r"^[ \t]*(from [\w.]+ )?import [\w.]+", 1),
            (r"^[ \t]*class \w+(\(.*\))?:\s*$", 3),
            (r"^[ \t]*(if|elif|for|while|with|try)\b.*:\s*$", 1),
            (r"\bself\.\w+", 1),
            (r"^[ \t]*@\w+", 1),
            (r"\bprint\(", 1),
            (r"\bNone\b|\bTrue\b|\bFalse\b", 1),
            # module-level code without a def (settings, app setup): `from x import y` (JS/TS write
            # `import y from 'x'`) and lower-case dunders (PHP and C spell theirs `__FILE__`)
            (r"^[ \t]*from[ \t]+\.*[\w.]*[ \t]+import[ \t]+[\w*(]", 2),
            (r"\b__[a-z]+__\b", 2),
        ],
        "javascript": [
            (r"\b(const|let|var)\s+\w+\s*=", 2),
            (r"\bfunction\s*\w*\s*\(", 2),
            (r"=>", 1),
            (r"\brequire\(['\"]", 3),
            (r"\bconsole\.log\(", 3),
            (r"\bmodule\.exports\b", 3),
            (r"^[ \t]*import .* from ['\"]", 2),
            (r"\bdocument\.|\bwindow\.", 2),
            # DOM calls, not just the words (a C++ string saying "the image's data window." is not one)
            (r"\bdocument\.(getElement|querySelector|write|cookie|location|createElement|body)"
             r"|\bwindow\.(location|open|addEventListener|localStorage|sessionStorage)\b", 1),
            # short untagged answers: a plain `function name(a, b) {` (no PHP `$` sigils, no TypeScript
            # annotations), a require() binding, an arrow function body
            (r"\bfunction[ \t]+\w+[ \t]*\([ \t]*(\w+[ \t]*(,[ \t]*\w+[ \t]*)*)?\)[ \t]*\{", 3),
            (r"\b(const|let)[ \t]+\w+[ \t]*=[ \t]*require\(", 2),
            (r"=>[ \t]*\{", 2),
            # jQuery-style `$.ajax(` / `$el.data(`: a `$` name with a `.` method call (PHP calls with `->`)
            (r"\$\w*\.\w+\(", 3),
        ],
        "typescript": [
            (r"^[ \t]*(export\s+)?(interface|type)\s+\w+\s*[={<]", 3),
            (r"\b(const|let)\s+\w+\s*:\s*\w+", 3),
            (r"\):\s*(string|number|boolean|void|Promise<)", 3),
            # annotated parameters of a `function` (Python's `def f(a: int)` has no `function`)
            (r"\bfunction[ \t]*\w*[ \t]*\([ \t]*\w+\??[ \t]*:[ \t]*[\w{\[]", 3),
            (r"\(\w+[ \t]*:[ \t]*(string|number|boolean|any)\b", 3),
            # an arrow function with annotated parameters, `(req: Request, res: Response) =>`
            (r"\([ \t]*\w+[ \t]*:[ \t]*[\w.<>\[\]]+([ \t]*,[ \t]*\w+[ \t]*:[ \t]*[\w.<>\[\]]+)*[ \t]*\)"
             r"[ \t]*(:[ \t]*[\w.<>\[\]]+[ \t]*)?=>", 3),
            (r"^[ \t]*import .* from ['\"]", 1),
            # class members and decorated handlers: annotated parameters after a decorator or a comma,
            # constructor parameter properties, optional parameters, `as` casts (Python writes `str`,
            # C# parameter properties have no colon)
            (r"[(,][ \t]*(@\w+\([^()\n]{0,100}\)[ \t]*)?\w+\??[ \t]*:[ \t]*(string|number|boolean|any|unknown)\b", 3),
            (r"[(,][ \t]*(private|public|protected)[ \t]+(readonly[ \t]+)?\w+\??[ \t]*:", 3),
            (r"[(,][ \t]*\w+\?:[ \t]*[\w{\[]", 2),
            (r"\bas[ \t]+(string|number|boolean|any|unknown|const)\b", 3),
        ],
        "java": [
            (r"\bpublic\s+(static\s+)?(class|void|final|interface)\b", 3),
            (r"^[ \t]*import java\.", 4),
            (r"\bSystem\.out\.print", 3),
            (r"^[ \t]*package [\w.]+;", 3),
            (r"@Override\b", 2),
            (r"\bString\[\]\s+\w+", 2),
            (r"\bnew \w+(<.*>)?\(", 1),
            # method fragments without imports: a throws clause, String/boolean parameters and types,
            # servlet and Spring names, lower-case JDK method names (C# would write ToString, Length)
            (r"\)[ \t]*throws[ \t]+\w+", 4),
            (r"^[ \t]*import (javax?|org|com)\.[\w.]+(\.\*)?;", 2),
            (r"[(,][ \t]*(final[ \t]+)?String[ \t]+\w+[ \t]*[,)]", 2),
            (r"\bboolean\b", 2),
            (r"\bHttpServlet(Request|Response)\b", 3),
            (r"@(RequestParam|PathVariable|GetMapping|PostMapping|RestController)\b", 3),
            (r"\.(equals|getBytes|printStackTrace|getParameter|getMessage|readLine)\(", 1),
            # statement fragments (no class, no imports): JDK / Android / Jakarta class names that C# spells
            # differently, lower-camel JDK calls, `String x =`, and a method declared `name(...) {`
            (r"\b(MessageDigest|KeyGenerator|SecretKeySpec|SAXParserFactory|DocumentBuilderFactory"
             r"|XMLInputFactory|XMLDecoder|ObjectMapper|DriverManager|ObjectInputStream|PreparedStatement|ResultSet"
             r"|SharedPreferences|WebView|HttpURLConnection|ProcessBuilder)\b", 3),
            (r"\.(getInstance|executeQuery|executeUpdate|prepareStatement|createStatement|createQuery"
             r"|getResultList|queryForList|addCookie|sendRedirect|getWriter|getInputStream|readObject"
             r"|getDeclaredConstructor|getSharedPreferences|nextBytes|nextInt|toUriString)\(", 3),
            (r"\bLog\.[dewiv]\(|\bfindViewById\(|\bgetSharedPreferences\(|\bnew File\(", 3),
            (r"^[ \t]*(final[ \t]+)?String[ \t]+\w+[ \t]*=|\bString\.(format|valueOf|join)\(", 3),
            (r"^[ \t]*(public|private|protected)[ \t]+((static|final|synchronized)[ \t]+){0,3}(?!async\b)"
             r"[\w<>\[\],? ]{1,80}?[ \t][a-z]\w*[ \t]*\([^()\n]{0,200}\)[ \t]*(throws[ \t]+[\w., ]{1,100})?\{", 3),
            # a typed local (`Cookie c = ...`, shared with C#) and lower-camel calls (C# writes them PascalCase)
            (r"^[ \t]*[A-Z]\w*(<[^<>\n]{0,80}>)?(\[\])?[ \t]+[a-z]\w*[ \t]*=(?!=)", 2),
            (r"\.[a-z]+[A-Z]\w*\(", 1),
        ],
        "go": [
            (r"^[ \t]*package \w+\s*$", 3),
            (r"^[ \t]*func\s+(\(.*\)\s*)?\w+\(", 3),
            (r":=", 2),
            (r"\bfmt\.\w+\(", 3),
            (r"^[ \t]*import \(", 2),
            (r"\berr != nil\b", 3),
        ],
        "bash": [
            (r"^#!/(usr/)?bin/(env )?(ba|z)?sh", 5),
            (r"^[ \t]*(sudo|apt-get|echo|export|cd|curl|chmod)\s", 2),
            (r"\$\{?\w+\}?", 1),
            (r"^[ \t]*fi\s*$|^[ \t]*done\s*$|^[ \t]*esac\s*$", 3),
            (r"\[\[ .* \]\]", 2),
        ],
        "c": [
            (r"^[ \t]*#include\s*<(stdio|stdlib|string|unistd|sys/\w+)\.h>", 4),
            (r"\bprintf\s*\(", 2),
            (r"\bmalloc\s*\(|\bfree\s*\(", 2),
            (r"\bint\s+main\s*\(", 2),
            (r"\bchar\s*\*\s*\w+", 2),
            # function bodies without includes (Juliet's bad()/good() methods, generated helpers): libc
            # memory and string calls PHP and Ruby lack, fixed-width types, pointer declarations, a bare
            # `static void f(...)` definition (Java's carry an access modifier or `throws`)
            (r"\b(memcpy|memmove|memset|strcpy|strncpy|strcat|strncat|wcs(n?cpy|n?cat|len)|swprintf|snprintf"
             r"|v?f?printf|va_start|va_end|alloca|calloc|realloc|execv|execvp|execl|execlp)[ \t]*\(", 2),
            (r"\b(wchar_t|size_t|u?int(8|16|32|64)_t)\b", 2),
            (r"^[ \t]*((const|unsigned|struct)[ \t]+){0,3}[A-Za-z_]\w*[ \t]*\*+[ \t]*\w+[ \t]*(=|;|\[)", 2),
            (r"^[ \t]*(static[ \t]+)?(void|int|char|long|short|unsigned|double|float)[ \t]*\*?[ \t]*\w+[ \t]*\(", 2),
            (r"\bsizeof[ \t]*\(|\bNULL\b", 1),
        ],
        "cpp": [
            (r"^[ \t]*#include\s*<(iostream|vector|string|memory|map|algorithm)>", 4),
            (r"\bstd::", 3),
            (r"\bcout\s*<<|\bcin\s*>>", 3),
            (r"\btemplate\s*<", 3),
            (r"^[ \t]*using namespace\b", 3),
            # method bodies without includes: delete / delete[], a pointer declared from `new`, file streams
            (r"\bdelete[ \t]*\[\]|^[ \t]*delete[ \t]+\w+[ \t]*;", 3),
            (r"\w[ \t]*\*[ \t]*\w+[ \t]*=[ \t]*new\b|\bw?[io]?fstream\b", 3),
        ],
        "csharp": [
            (r"^[ \t]*using System(\.\w+)*;", 4),
            (r"\bnamespace\s+[\w.]+", 2),
            (r"\bConsole\.Write", 3),
            (r"\bpublic\s+(async\s+)?\w+(<.*>)?\s+\w+\s*\(.*\)\s*$", 1),
            (r"\bvar\s+\w+\s*=\s*new\b", 2),
            (r"\[(HttpGet|HttpPost|Route|ApiController)", 3),
            # method fragments without usings: lower-case string/bool types, properties, using/foreach
            # with var, interpolated strings, PascalCase BCL calls (Java would write toString, length)
            (r"(?<![:\w])(string|bool)[ \t]+\w+[ \t]*[=;,)]", 2),
            (r"\{[ \t]*get;", 3),
            (r"\b(using|foreach)[ \t]*\([ \t]*var\b|^[ \t]*using[ \t]+var\b", 3),
            (r"\$@?\"", 2),
            (r"\b(IActionResult|ActionResult|Task<|Encoding\.UTF8|Process\.Start|Path\.Combine)", 3),
            (r"\bFile\.(ReadAll|WriteAll|AppendAll)\w*\(", 3),
            (r"\.(ToString|Equals|ToLower|ToUpper|Trim|Substring|StartsWith|Contains)\(", 1),
            # statement fragments: object initialisers (`new X { Prop = ...}`), BCL / ASP.NET / ADO.NET names
            # Java spells differently, DI and logging idioms, `string.Format`, `using (T x = ...)`, a method
            # declared `Name(...)` with its brace on the next line, PascalCase calls
            (r"\bnew[ \t]+[A-Z][\w.<>]*[ \t]*(\([^()\n]{0,200}\))?[ \t]*\n?[ \t]*\{[ \t]*\n?[ \t]*[A-Z]\w*[ \t]*=", 3),
            (r"\b(JsonConvert|JsonSerializerSettings|SqlCommand|SqlConnection|SqlDataAdapter|ServicePointManager"
             r"|HttpClientHandler|\w+CryptoServiceProvider|XmlDocument|XmlReaderSettings|XmlTextReader|HttpCookie"
             r"|EventArgs|CookieOptions|TokenValidationParameters|XslCompiledTransform|XsltSettings"
             r"|RandomNumberGenerator|Rfc2898DeriveBytes)\b", 3),
            (r"\b_logger\.Log\w*\(|\bservices\.Add\w+\(|\b_context\.|\bRequest\.QueryString\b", 3),
            (r"\b(string|String)\.(Format|IsNullOrEmpty|IsNullOrWhiteSpace|Join|Concat|Empty)\b", 3),
            (r"\busing[ \t]*\([ \t]*[A-Z]\w*[ \t]+\w+[ \t]*=", 3),
            (r"\b(public|private|protected|internal)[ \t]+(static[ \t]+)?(const|readonly)[ \t]+[\w<>\[\]]+"
             r"[ \t]+\w+", 3),
            (r"^[ \t]*(public|private|protected|internal)[ \t]+[^\n(]{1,80}?[ \t][A-Z]\w*[ \t]*\([^()\n]{0,200}\)"
             r"[ \t]*\n[ \t]*\{", 3),
            (r"(?<![:\w])object[ \t]+\w+[ \t]*[=;,)]", 2),
            (r"^[ \t]*[A-Z]\w*(<[^<>\n]{0,80}>)?(\[\])?[ \t]+[a-z]\w*[ \t]*=(?!=)", 2),
            (r"\.[A-Z][a-z]\w*\(", 1),
        ],
        "php": [
            (r"<\?php", 6),
            (r"\$\w+\s*=", 1),
            (r"\$_(GET|POST|REQUEST|COOKIE|SERVER|SESSION|FILES)\b", 4),
            (r"\becho\s+\$", 2),
            (r"->\w+\(", 1),
            # PHP without `<?php` (a function or method body): `$` parameters, $this->, `.=` on a variable
            (r"\bfunction[ \t]+&?\w+[ \t]*\([ \t]*(\??[\w\\]+[ \t]+)?&?\$", 4),
            # a typed `$` parameter outweighs TypeScript's `): void` (PHP 7 return types look alike)
            (r"\bfunction[ \t]+&?\w+[ \t]*\([ \t]*\??[\w\\]+[ \t]+&?\$", 3),
            (r"\$this->\w+", 3),
            (r"\$\w+[ \t]*\.=", 3),
            # statements on `$` variables ending in `;` (bash assigns without the sigil, Ruby globals
            # have no `;`) and `$` arguments to plain functions (jQuery's `$el.f($x)` is a method call)
            (r"^[ \t]*\$\w+[ \t]*(\[[^\]\n]*\][ \t]*)?=(?!=)[^\n]*;[ \t]*$", 2),
            (r"\$\w+->\w+", 2),
            (r"(?<![.$\w])[A-Za-z_]\w*\([ \t]*\$\w+", 2),
        ],
        "ruby": [
            (r"^[ \t]*def \w+[?!]?(\(.*\))?\s*$", 2),
            (r"^[ \t]*end\s*$", 2),
            (r"^[ \t]*require ['\"]", 2),
            (r"\bputs\b", 2),
            (r"\.each do\b|\bdo \|\w+\|", 3),
            (r"^[ \t]*class \w+ < \w+", 3),
            (r"@\w+\s*=", 1),
            # short Rails fragments: class methods, `"#{x}"` interpolation, symbols as values, ENV lookups
            (r"^[ \t]*def[ \t]+self\.\w+", 3),
            (r"\"[^\"\n]{0,200}#\{", 2),
            (r"(=>|,|\(|=)[ \t]*:[a-z_]\w*\b|\w:[ \t]+:[a-z_]\w*\b", 2),
            (r"\bENV(\.fetch\(|\[)", 2),
        ],
        "rust": [
            (r"\bfn\s+\w+\s*(<.*>)?\(", 3),
            (r"\blet\s+mut\b", 4),
            (r"\bimpl\b.*\{", 2),
            (r"^[ \t]*use \w+(::\w+)+", 3),
            (r"\bprintln!\(", 4),
            (r"\bunsafe\s*\{", 2),
            (r"&str\b|\bVec<", 2),
            # short functions that also say `std::` (C++'s signal): `pub fn`, `.unwrap()` / `.expect(`
            (r"\bpub(\([\w ]+\))?[ \t]+(fn|struct|enum|mod|trait)\b", 2),
            (r"\.(unwrap|expect|unwrap_or_default)\(|\?;", 2),
        ],
    }.items()
}


def detect_language(code: str, hint: str | None = None) -> str | None:
    """A hint (tag, language name or file name) wins; otherwise the best-scoring syntax signals."""
    if hint:
        by_name = normalize_language(hint) or language_from_filename(hint)
        if by_name:
            return by_name
    sample = code[:8000]
    scores = {lang: sum(w for pattern, w in sigs if pattern.search(sample)) for lang, sigs in _SIGNALS.items()}
    # C++ is a superset of C and TypeScript of JavaScript: the richer language needs its own signals.
    if scores["cpp"] > 0:
        scores["cpp"] += scores["c"]
    if scores["typescript"] > 1:
        scores["typescript"] += scores["javascript"]
    best = max(scores.values())
    if best < 3:
        return None
    leaders = [lang for lang, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else None


_FILE_NAME = re.compile(
    r"(?<![\w/.-])[\w./-]*\w\.(py|pyw|js|mjs|cjs|jsx|ts|tsx|java|go|sh|bash|c|h|cc|cpp|cxx|hpp|cs|php|rb|rs)\b"
)
_NAMED = re.compile(r"\b(?:in|using|with|write|written in)\s+(" + "|".join(
    ["python", "javascript", "typescript", "java", "golang", "go", "bash", "rust", "ruby", "php", "c\\+\\+", "c#",
     "csharp", "node\\.?js"]
) + r")(?![\w+#])", re.IGNORECASE)  # fmt: skip


def language_hint_from_prompt(prompt: str) -> str | None:
    """The language a prompt asks for: file names first ("fix app.py"), then "in Rust"-style phrases."""
    counts: dict[str, int] = {}
    for m in _FILE_NAME.finditer(prompt[-20000:]):
        lang = language_from_filename(m.group(0))
        if lang:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        for m in _NAMED.finditer(prompt[-20000:]):
            lang = normalize_language(m.group(1).replace(".", ""))
            if lang:
                counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    leaders = [lang for lang, n in counts.items() if n == best]
    return leaders[0] if len(leaders) == 1 else None
