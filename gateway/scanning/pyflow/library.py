"""What library calls do to values: sources, sanitizers, propagators, and the sinks they reach.

`call_function` models a call by its dotted name (`os.system`, `hashlib.new`, `flask.redirect`);
`call_method` a method on a value (a list's `append`, a string's `format`, a cursor's `execute`).
Both return the call's value and, for methods that change their receiver, the receiver's new value.
"""

from __future__ import annotations

import ast
import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from gateway.scanning.pyflow.report import Report
from gateway.scanning.pyflow.values import (
    ALL,
    CLEAN,
    JUDGED,
    MAX_CONST_CHARS,
    NOCONST,
    OPAQUE,
    STRONG,
    UNKNOWN,
    WEAK,
    Val,
    combine,
    const,
    container,
    element_of,
)

Args = list[Val]
Kwargs = dict[str, Val]

_CMD = {
    *(f"os.{n}" for n in ("system", "popen", "popen2", "popen3", "popen4", "execl", "execle", "execlp", "execlpe",
                          "execv", "execve", "execvp", "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe",
                          "spawnv", "spawnve", "spawnvp", "spawnvpe", "startfile")),
    *(f"subprocess.{n}" for n in ("call", "run", "Popen", "check_output", "check_call", "getoutput",
                                  "getstatusoutput")),
    "commands.getoutput", "commands.getstatusoutput", "pty.spawn",
}
_CODE = {"eval", "exec", "builtins.eval", "builtins.exec"}
_DESER = {
    *(f"{m}.{n}" for m in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle") for n in ("loads", "load")),
    "pickle.Unpickler", "marshal.loads", "marshal.load", "jsonpickle.decode", "jsonpickle.loads", "shelve.open",
    "yaml.unsafe_load", "yaml.unsafe_load_all", "pandas.read_pickle",
}
_YAML_LOAD = {"yaml.load", "yaml.load_all"}
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader")
_WEAK_HASHES = {"md5", "sha1", "md4", "md2", "sha", "ripemd160", "md5-sha1", "sha-1"}
_HASH_CALLS = {"hashlib.md5", "hashlib.sha1", "Crypto.Hash.MD5.new", "Crypto.Hash.SHA.new", "Crypto.Hash.SHA1.new",
               "Crypto.Hash.MD4.new", "Cryptodome.Hash.MD5.new", "Cryptodome.Hash.SHA1.new",
               "cryptography.hazmat.primitives.hashes.MD5", "cryptography.hazmat.primitives.hashes.SHA1"}
_RANDOM = {f"random.{n}" for n in ("random", "randint", "randrange", "choice", "choices", "sample", "uniform",
                                   "getrandbits", "randbytes", "triangular", "gauss", "normalvariate", "betavariate",
                                   "expovariate", "shuffle")} | {"numpy.random.rand", "numpy.random.randint",
                                                                "numpy.random.random", "numpy.random.choice"}
_PATH_FUNCS = {
    "open", "io.open", "codecs.open", "os.open", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.mkdir",
    "os.makedirs", "os.listdir", "os.scandir", "os.rename", "os.renames", "os.replace", "os.stat", "os.chmod",
    "os.chown", "os.truncate", "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.getsize",
    "os.path.lexists", "os.path.getmtime", "shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move",
    "shutil.rmtree", "shutil.copytree", "flask.send_file", "send_file",
    "fileinput.input", "tarfile.open", "zipfile.ZipFile",
}
_PATH_METHODS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "exists", "is_file",
                 "is_dir", "mkdir", "rmdir", "iterdir", "touch", "stat", "rename", "replace", "glob", "rglob"}
_REDIRECT = {"flask.redirect", "redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect",
             "django.http.HttpResponseRedirect", "HttpResponseRedirect", "fastapi.responses.RedirectResponse",
             "starlette.responses.RedirectResponse", "RedirectResponse"}
_RESPONSES = {"flask.make_response", "make_response", "flask.Response", "Response", "werkzeug.Response",
              "werkzeug.wrappers.Response", "django.http.HttpResponse", "HttpResponse", "flask.wrappers.Response",
              "fastapi.responses.HTMLResponse", "HTMLResponse", "starlette.responses.HTMLResponse"}
_TEMPLATE_STRING = {"flask.render_template_string", "render_template_string", "jinja2.Template", "Template",
                    "markupsafe.Markup", "flask.Markup", "Markup", "jinja2.Markup"}
_SAFE_RESPONSES = {"flask.jsonify", "jsonify", "flask.send_from_directory", "send_from_directory",
                   "flask.render_template", "render_template", "url_for", "flask.url_for",
                   "django.http.JsonResponse", "JsonResponse", "django.shortcuts.render", "render"}
_XML_PARSE = {f"{m}.{n}" for m in ("lxml.etree", "xml.etree.ElementTree", "xml.etree.cElementTree",
                                   "defusedxml.ElementTree", "defusedxml.lxml")
              for n in ("parse", "fromstring", "XML", "iterparse", "XMLID", "fromstringlist")} | {
    "xml.dom.minidom.parse", "xml.dom.minidom.parseString", "xml.dom.pulldom.parse", "xml.dom.pulldom.parseString",
    "xml.sax.parse", "xml.sax.parseString"}
_XML_PARSERS = {"lxml.etree.XMLParser", "lxml.etree.XMLPullParser", "lxml.etree.ETCompatXMLParser"}
_SANITIZERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("shlex.quote", "pipes.quote", "shlex.join"), ("command-injection",)),
    **dict.fromkeys(("html.escape", "markupsafe.escape", "flask.escape", "cgi.escape", "escape", "bleach.clean",
                     "django.utils.html.escape", "jinja2.escape", "markupsafe.Markup.escape",
                     "werkzeug.utils.escape"), ("xss",)),
    **dict.fromkeys(("xml.sax.saxutils.escape", "xml.sax.saxutils.quoteattr"), ("xss", "xpath-injection")),
    # a JSON document is data for a script, not markup (Flask's jsonify sets its content type)
    **dict.fromkeys(("json.dumps",), ("xss",)),
    **dict.fromkeys(("os.path.basename", "werkzeug.utils.secure_filename", "secure_filename",
                     "werkzeug.security.safe_join", "flask.safe_join", "safe_join", "flask.helpers.safe_join"),
                    ("path-traversal",)),
    **dict.fromkeys(("ldap.filter.escape_filter_chars", "ldap3.utils.conv.escape_filter_chars",
                     "escape_filter_chars", "ldap.dn.escape_dn_chars", "ldap3.utils.dn.escape_rdn"),
                    ("ldap-injection",)),
    **dict.fromkeys(("urllib.parse.quote", "urllib.parse.quote_plus", "urllib.parse.urlencode"),
                    ("xss", "command-injection", "path-traversal", "ldap-injection", "xpath-injection")),
}
# Parsers that raise on anything but their own syntax: what they return (an address, a UUID, a number, a
# date) carries no shell metacharacters, `..` or quotes, so it is safe for every injection category.
_STRICT_PARSERS = {
    *(f"ipaddress.{n}" for n in ("ip_address", "ip_network", "ip_interface", "IPv4Address", "IPv6Address",
                                 "IPv4Network", "IPv6Network", "IPv4Interface", "IPv6Interface")),
    "uuid.UUID", "decimal.Decimal", "datetime.date.fromisoformat", "datetime.datetime.fromisoformat",
    "datetime.datetime.strptime",
}
_SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "cmd", "cmd.exe", "powershell", "pwsh", "zsh", "dash", "ksh"}
# Interpreters that run their code argument (`python -c CODE`, `perl -e CODE`): with such a flag the
# vector carries a script, so request data anywhere in it is code.
_SCRIPT_FLAGS = {"python": {"-c"}, "python3": {"-c"}, "perl": {"-e", "-E"}, "ruby": {"-e"}, "node": {"-e", "--eval"},
                 "php": {"-r"}}


def _runs_script(program: object, arguments: set[object]) -> bool:
    """Whether an argument vector runs a script given in its arguments: its program (or a program it
    launches, `sudo sh -c`, `env python3 -c`) is a shell, or an interpreter with its code flag.
    `-c` is only a script flag for shells and Python: `ping -c 1 HOST` is a count, not code."""
    names = {str(word).rsplit("/", 1)[-1].lower() for word in (program, *arguments) if isinstance(word, str)}
    if names & _SHELLS:
        return True
    return any(_SCRIPT_FLAGS[name] & arguments for name in names & _SCRIPT_FLAGS.keys())


_CLEAN_FUNCS = {"len", "int", "float", "bool", "abs", "round", "hash", "id", "ord", "uuid.UUID", "uuid.uuid4",
                "uuid.uuid1", "datetime.datetime.now", "time.time", "os.getcwd", "ast.literal_eval", "isinstance",
                "secrets.token_hex", "secrets.token_urlsafe", "secrets.token_bytes", "secrets.randbelow",
                "secrets.choice", "os.urandom", "url_for", "flask.url_for", "flask.abort", "abort", "print",
                *_STRICT_PARSERS}
_PROPAGATE_FUNCS = {"str", "repr", "bytes", "bytearray", "format", "os.path.join", "os.path.normpath",
                    "os.path.abspath", "os.path.realpath", "os.path.expanduser", "os.fspath", "os.path.splitext",
                    "os.path.dirname", "posixpath.join", "json.loads", "json.dumps", "urllib.parse.unquote",
                    "urllib.parse.unquote_plus", "codecs.encode", "codecs.decode", "re.sub", "string.Template",
                    "html.unescape", "textwrap.dedent", "sorted", "reversed", "min", "max", "next", "iter",
                    "copy.copy", "copy.deepcopy", "typing.cast", "operator.itemgetter", "enumerate", "zip",
                    "filter", "map", "io.StringIO", "io.BytesIO", "urllib.parse.parse_qs"}
_FOLD_BYTES: dict[str, Callable[[Any], Any]] = {
    "base64.b64encode": base64.b64encode, "base64.b64decode": base64.b64decode,
    "base64.urlsafe_b64encode": base64.urlsafe_b64encode, "base64.urlsafe_b64decode": base64.urlsafe_b64decode,
    "base64.b32encode": base64.b32encode, "base64.b32decode": base64.b32decode,
    "base64.b16encode": base64.b16encode, "base64.b16decode": base64.b16decode,
    "base64.encodebytes": base64.encodebytes, "base64.decodebytes": base64.decodebytes,
    "binascii.hexlify": binascii.hexlify, "binascii.unhexlify": binascii.unhexlify,
}
_FOLD_BUILTINS: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "bool": bool, "abs": abs,
                                                 "round": round, "len": len, "ord": ord}
_STR_SAME = {"upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize", "casefold", "swapcase", "zfill",
             "center", "ljust", "rjust", "expandtabs", "encode", "decode", "replace", "format", "format_map",
             "translate", "removeprefix", "removesuffix", "__str__", "copy", "read", "getvalue", "strip_tags"}
_STR_PREDICATES = {"startswith", "endswith", "isdigit", "isalnum", "isalpha", "isnumeric", "isdecimal",
                   "isidentifier", "islower", "isupper", "isspace", "find", "rfind", "index", "rindex", "count"}
# What the first parameter of a sink is called when it is passed by keyword.
_FIRST_ARG_NAMES = ("file", "path", "filename", "name", "cmd", "args", "location", "url", "data", "s", "source",
                    "stream", "expression", "query", "sql", "text", "response", "object", "src")
_MAPPING_READS = {"get", "getlist", "pop", "setdefault", "keys", "values", "items", "copy", "to_dict"}
_SQL_METHODS = {"execute", "executemany", "executescript", "mogrify", "raw", "read_sql", "read_sql_query"}
_LDAP_SEARCH = {"search_s", "search_st", "search_ext", "search_ext_s", "search"}
_SECURITY_NAMES = ("token", "secret", "key", "password", "passwd", "salt", "nonce", "otp", "session", "cookie",
                   "remember", "auth", "csrf", "code", "pin", "uuid", "guid")


def _kw(kwargs: Kwargs, name: str, args: Args, position: int) -> Val | None:
    if name in kwargs:
        return kwargs[name]
    return args[position] if position < len(args) else None


def _fold(fn: Callable[..., Any], *values: Any) -> Val:
    try:
        return const(fn(*values))
    except Exception:  # a constant the call rejects: the real program would raise here too
        return Val()


def _pure(parts: list[Val], level_cap: int = STRONG) -> Val:
    """The result of a call we model as passing its inputs' data through."""
    return combine(parts, level_cap=level_cap)


class Library:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.in_handler = False  # the entry point being analysed is a route handler

    def unmodelled(self, parts: list[Val], node: ast.AST) -> Val:
        """A call we cannot see: request data may come out of it, but we are not sure."""
        merged = combine(parts)
        if any(p.kind in {"request", "source"} for p in parts):  # get_param(request): its data may come back
            merged = replace(merged, taint=max(merged.taint, WEAK))
        if "rand" in merged.flags and self.in_handler:
            # A weak random number handed to code we cannot see while answering a request (a
            # remember-me helper, an id maker): likely an identifier or token, so reported, not sure.
            line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
            self.report.hit("weak-random", line, col, WEAK)
        return Val(taint=max(OPAQUE, min(merged.taint, WEAK)), safe=merged.safe)

    # -- sinks -------------------------------------------------------------------------------------

    def sink(self, category: str, value: Val | None, node: ast.AST, *, weak_only: bool = False) -> None:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        if value is None:
            return
        level = value.dangerous_for(category)
        if level:
            self.report.hit(category, line, col, WEAK if weak_only else level)
        elif value.cleared_for(category) and not _literal_argument(node):
            # A literal in the call itself is what pattern rules already judge (and what their
            # test files use to show the API): a proof is only news when the constant came by dataflow.
            self.report.clear(category, line)
        if category in {"xss", "trust-boundary", "open-redirect"}:
            self.random_reaches(value, node)

    def random_reaches(self, value: Val, node: ast.AST) -> None:
        """A value handed to the client (cookie, session, body): a weak random number in it is guessable."""
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        if "rand" in value.flags:
            self.report.hit("weak-random", line, col)
        elif value.taint != OPAQUE:
            self.report.clear("weak-random", line)

    def misuse(self, category: str, node: ast.AST, bad: bool) -> None:
        """An API used unsafely whatever the data (a weak hash, a cookie without `secure`)."""
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        if bad:
            self.report.hit(category, line, col)
        else:
            self.report.clear(category, line)

    def _xml_judged(self, node: ast.AST, bad: bool, safe: bool) -> None:
        """An XML parser is reported when set up unsafely, cleared only when its safe setup is seen."""
        if bad or safe:
            self.misuse("xxe", node, bad)

    def returned_from_handler(self, value: Val, node: ast.AST) -> None:
        """What a route handler returns is the response body (or a response object made earlier)."""
        if value.kind == "response":
            self.random_reaches(value, node)
            return
        if value.elems is not None and value.kind == "tuple" and value.elems:  # (body, status, headers)
            value = value.elems[0]
            if value.kind == "response":
                return
        if value.taint == WEAK:  # what an unseen call returned: maybe a response, maybe not HTML
            return
        if value.kind == "dict" or value.keys is not None or isinstance(
                getattr(node, "value", None), ast.Dict | ast.DictComp | ast.List | ast.ListComp):
            # Flask, FastAPI and Litestar serialise a returned dict or list as JSON: data, not markup
            self.report.clear("xss", getattr(node, "lineno", 1))
            self.random_reaches(value, node)
            return
        self.sink("xss", value, node)

    # -- calls by name -----------------------------------------------------------------------------

    def call_function(self, qual: str, args: Args, kwargs: Kwargs, node: ast.Call) -> Val:
        everything = [*args, *kwargs.values()]
        first = args[0] if args else next((kwargs[k] for k in _FIRST_ARG_NAMES if k in kwargs), None)
        if qual in _CMD:
            self._command(qual, args, kwargs, node)
            return UNKNOWN
        if qual in _CODE:
            self.sink("code-injection", first, node)
            return UNKNOWN
        if qual in _DESER:
            self.sink("deserialization", first, node)
            return _pure(everything, WEAK)
        if qual in _YAML_LOAD:
            loader = _kw(kwargs, "Loader", args, 1)
            safe_loader = loader is not None and loader.kind.endswith(_SAFE_YAML_LOADERS)
            if safe_loader:
                self.report.clear("deserialization", node.lineno)
            else:
                self.sink("deserialization", first, node)
            return _pure(everything, WEAK)
        if qual in _HASH_CALLS:
            self.misuse("weak-hash", node, not _not_for_security(kwargs))
            return Val(kind="hash")
        if qual == "hashlib.new":
            name = first.const if first is not None and isinstance(first.const, str) else None
            if name is not None:
                self.misuse("weak-hash", node, name.lower() in _WEAK_HASHES and not _not_for_security(kwargs))
            return Val(kind="hash")
        if qual in _RANDOM:
            return Val(taint=CLEAN, flags=frozenset({"rand"}), line=node.lineno)
        if qual == "random.Random":  # a seeded Mersenne Twister: its methods are as weak as the module's
            return Val(kind="weakrandom")
        if qual == "random.SystemRandom" or qual.startswith("secrets."):
            return Val(kind="sysrandom")
        if qual in _PATH_FUNCS and first is not None and first.kind == "upload":
            return Val(taint=OPAQUE, kind="file")  # ZipFile(request.files["a"]): a file object, not a path
        if qual in _PATH_FUNCS:
            self.sink("path-traversal", first if qual not in {"shutil.move", "shutil.copy", "shutil.copyfile",
                                                               "shutil.copy2", "os.rename", "os.replace"}
                      else combine(args[:2]), node)
            return Val(taint=OPAQUE, kind="file")
        if qual in {"pathlib.Path", "pathlib.PurePath", "Path", "pathlib.PosixPath"}:
            return replace(_pure(everything), kind="path")
        if qual in _REDIRECT:
            self.sink("open-redirect", first, node)
            return Val(kind="response")
        if qual in _RESPONSES:
            return self._response(first, args, kwargs, node)
        if qual in _TEMPLATE_STRING:
            self.sink("xss", first, node)
            return replace(_pure(everything), kind="response" if "render" in qual else "")
        if qual in _SAFE_RESPONSES:
            if "send_from_directory" in qual:  # the safe API for serving a named file
                self.report.clear("path-traversal", node.lineno)
            self.random_reaches(combine(everything), node)
            return Val(kind="response")
        if qual in {"sqlalchemy.text", "sqlalchemy.sql.text", "text", "pandas.read_sql", "pandas.read_sql_query"}:
            self.sink("sql-injection", first, node)
            return Val(kind="sql")
        if qual in {"lxml.etree.XPath", "lxml.etree.ETXPath", "elementpath.select", "XPath"}:
            query = first if qual != "elementpath.select" else (args[1] if len(args) > 1 else None)
            self.sink("xpath-injection", query, node)
            return Val(kind="xpath")
        if qual in _XML_PARSERS:
            resolve = kwargs.get("resolve_entities")
            network = kwargs.get("no_network")
            bad = (resolve is not None and resolve.const is True) or (network is not None and network.const is False)
            # Proven safe only when entities are switched off and no DTD is loaded: lxml's defaults
            # resolve (internal) entities, so a bare XMLParser() is neither reported nor cleared.
            safe = resolve is not None and resolve.const is False and not any(
                kwargs[k].const is not False for k in ("load_dtd", "dtd_validation") if k in kwargs)
            self._xml_judged(node, bad, safe)
            flags = frozenset({"xxe"}) if bad else frozenset({"xxe-safe"}) if safe else frozenset()
            return Val(kind="xmlparser", flags=flags)
        if qual in _XML_PARSE:
            parser = _kw(kwargs, "parser", args, 1)
            if parser is not None and ("xxe" in parser.flags or parser.kind == "xmlparser"):
                self._xml_judged(node, "xxe" in parser.flags, "xxe-safe" in parser.flags)
            elif qual.startswith("defusedxml."):  # refuses DTDs, entities and external references
                self.report.clear("xxe", node.lineno)
            # A stdlib parser given request data is Bandit's to judge (B313-B320): nothing to clear.
            return replace(_pure(args[:1]), kind="xml")
        if qual in {"xml.sax.make_parser", "xml.sax.expatreader.create_parser"}:
            return Val(kind="saxparser")
        if qual in {"ldap.initialize", "ldap3.Connection", "ldap.ldapobject.LDAPObject", "Connection"}:
            return Val(kind="ldap")
        if qual in {"configparser.ConfigParser", "configparser.RawConfigParser", "ConfigParser"}:
            return container(keys=(), kind="config")
        if qual in {"dict", "collections.OrderedDict", "collections.defaultdict"} and not args:
            return container(keys=tuple((k, v) for k, v in kwargs.items()))
        if qual in {"list", "tuple", "set", "frozenset", "collections.deque"}:
            if not args:
                return container(elems=())
            return replace(args[0], const=_tuple_const(args[0]), kind="") if args[0].elems is not None \
                else Val(taint=args[0].taint, safe=args[0].safe, flags=args[0].flags, line=args[0].line)
        if qual in _SANITIZERS or qual.rsplit(".", 1)[-1] in {"escape_for_html", "html_escape", "escape_html"}:
            categories = _SANITIZERS.get(qual, ("xss",))
            base = _pure(args[:1] if qual not in {"werkzeug.security.safe_join", "flask.safe_join", "safe_join",
                                                  "flask.helpers.safe_join"} else everything)
            return base.sanitized(*categories)
        if qual in _CLEAN_FUNCS:
            if qual in _FOLD_BUILTINS and args and args[0].known:
                return _fold(_FOLD_BUILTINS[qual], args[0].const)
            if (qual in {"int", "float", "bool", "len"} or qual in _STRICT_PARSERS) and args:
                return args[0].sanitized(ALL) if args[0].taint >= WEAK else Val(taint=min(args[0].taint, OPAQUE))
            if qual == "ast.literal_eval" and args:
                return replace(args[0], const=NOCONST).sanitized("code-injection")
            return Val()
        if qual in _FOLD_BYTES:
            if args and args[0].known and isinstance(args[0].const, bytes | str):
                return _fold(_FOLD_BYTES[qual], args[0].const)
            return _pure(args[:1])
        if qual in {"str", "repr"} and args and args[0].known:
            return _fold(str if qual == "str" else repr, args[0].const)
        if qual in {"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse", "urlsplit"}:
            return replace(_pure(args[:1]), kind="url")
        if qual == "os.path.join" and args and all(a.known and isinstance(a.const, str) for a in args):
            import posixpath

            return _fold(posixpath.join, *(a.const for a in args))
        if qual in _PROPAGATE_FUNCS:
            return _pure(everything)
        if _SANITIZER_NAME.search(qual.rsplit(".", 1)[-1]):  # the code's own sanitize_path(x), clean(x)
            return combine(everything).sanitized(JUDGED)
        return self.unmodelled(everything, node)

    def _command(self, qual: str, args: Args, kwargs: Kwargs, node: ast.Call) -> None:
        command = args[0] if args else kwargs.get("args")
        if command is None:
            return
        shell = kwargs.get("shell")
        uses_shell = qual.startswith("os.") and qual.split(".")[1] in {"system", "popen", "popen2", "popen3",
                                                                         "popen4", "startfile"}
        uses_shell = uses_shell or qual in {"subprocess.getoutput", "subprocess.getstatusoutput",
                                            "commands.getoutput", "commands.getstatusoutput"}
        uses_shell = uses_shell or (shell is not None and shell.const is not False and shell.known) or (
            shell is not None and not shell.known)
        if uses_shell or command.elems is None:
            self.sink("command-injection", command if qual.startswith(("subprocess", "os.system", "os.popen",
                                                                        "commands"))
                      else combine(args), node)
            return
        # An argument vector: request data is only dangerous as the program or a shell's script. A
        # program chosen on a branch (`cmd.exe /c` or `sh -c`) is not known: the vector is judged whole.
        program = command.elems[0] if command.elems else Val()
        if program.known and not _runs_script(program.const, {e.const for e in command.elems[1:]}):
            self.sink("command-injection", program, node)
        else:
            self.sink("command-injection", command, node)

    def _response(self, body: Val | None, args: Args, kwargs: Kwargs, node: ast.Call) -> Val:
        # Response(body, status, headers, mimetype, content_type); make_response takes no mimetype
        ctype = kwargs.get("content_type", kwargs.get("mimetype"))
        plain = ctype is not None and isinstance(ctype.const, str) and "html" not in ctype.const.lower()
        headers = kwargs.get("headers")
        if headers is not None and headers.keys is not None:
            location = dict(headers.keys).get("Location", dict(headers.keys).get("location"))
            if location is not None:
                self.sink("open-redirect", location, node)
        if body is None:
            return Val(kind="response")
        if body.kind == "response":
            return body
        if plain:
            self.report.clear("xss", node.lineno)
        elif body.taint != WEAK:  # what an unseen call returned is rarely markup (a model, a response)
            self.sink("xss", body, node)
        return replace(body, kind="response", elems=None, keys=None, line=node.lineno)

    def not_html(self, response: Val) -> None:
        """The response's content type was set to something other than HTML after it was made."""
        if response.line and self.report.hits.pop(("xss", response.line), None) is not None:
            self.report.clear("xss", response.line)

    # -- methods -----------------------------------------------------------------------------------

    def call_method(self, recv: Val, name: str, args: Args, kwargs: Kwargs, node: ast.Call) -> tuple[Val, Val | None]:
        """(the call's value, the receiver's new value when the method changes it)."""
        everything = [*args, *kwargs.values()]
        kind = recv.kind
        if kind == "request":
            if name in {"get_json", "get_data", "json", "get", "form", "values"}:
                return Val(taint=STRONG), None
            return UNKNOWN, None
        if kind == "source":
            return Val(taint=STRONG), None
        if kind == "uploads" and name == "get":  # request.files.get("name"): one upload
            return Val(taint=STRONG, kind="upload"), None
        if kind == "session":
            return self._session_method(recv, name, args, node)
        if kind in {"list", "dict", "config"} or recv.elems is not None or recv.keys is not None:
            modelled = self._container_method(recv, name, args, kwargs)
            if modelled is not None:
                return modelled
        if recv.taint >= WEAK and name in _MAPPING_READS:  # a mapping made of request data (a JSON body)
            return Val(taint=recv.taint, safe=recv.safe), None
        if name == "set_cookie":
            return self._set_cookie(args, kwargs, node), None
        if kind == "path" and name in _PATH_METHODS:
            self.sink("path-traversal", recv, node)
            return UNKNOWN, None
        if kind == "path" and name in {"resolve", "absolute", "joinpath", "with_name", "with_suffix", "expanduser"}:
            return replace(combine([recv, *everything]), kind="path"), None
        if name in _SQL_METHODS and kind not in {"xml", "xmlparser"}:
            self.sink("sql-injection", args[0] if args else kwargs.get("sql", kwargs.get("statement")), node)
            return Val(taint=OPAQUE, kind="cursor"), None
        ldap_search = kind == "ldap" or name != "search" or "search_filter" in kwargs or len(args) >= 2
        if name in _LDAP_SEARCH and ldap_search and kind not in {"xml", "source", "request"}:
            position = 1 if name == "search" else 2
            positional = args[position] if len(args) > position else None
            query = kwargs.get("search_filter", kwargs.get("filterstr", positional))
            self.sink("ldap-injection", query, node)
            return UNKNOWN, None
        if name == "xpath":
            self.sink("xpath-injection", args[0] if args else kwargs.get("_path"), node)
            return UNKNOWN, None
        if name in {"find", "findall", "iterfind", "findtext"} and kind == "xml":
            self.sink("xpath-injection", args[0] if args else None, node)
            return UNKNOWN, None
        if name == "setFeature" and kind == "saxparser" and len(args) >= 2:
            feature = args[0]
            external = "external" in (feature.kind + str(feature.const if feature.known else ""))
            if external:
                self.misuse("xxe", node, args[1].const is not False and args[1].const != 0)
                return UNKNOWN, recv.with_flags("xxe") if args[1].const else None
            return UNKNOWN, None
        if name in {"parse", "parseString", "feed"} and kind == "saxparser":
            # expat, the stdlib's parser: reported when external entities were switched on, never
            # cleared (entity expansion is still Bandit's finding)
            self._xml_judged(node, "xxe" in recv.flags, False)
            return UNKNOWN, None
        if kind == "sysrandom":
            return Val(), None
        if kind == "weakrandom" and name != "seed":
            return Val(flags=frozenset({"rand"}), line=node.lineno), None
        if kind == "xml" and name in {"getroot", "find", "getchildren", "iter", "getparent"}:
            if name == "find" and args:
                self.sink("xpath-injection", args[0], node)
            return replace(combine([recv]), kind="xml"), None
        if kind == "hash" or name in {"hexdigest", "digest"}:
            return Val(taint=min(recv.taint, OPAQUE)), None
        if name in _STR_SAME:
            return self._string_method(recv, name, args, kwargs), None
        if name in _STR_PREDICATES:
            if recv.known and all(a.known for a in args):
                fn = getattr(recv.const, name, None)
                if fn is not None:
                    return _fold(fn, *(a.const for a in args)), None
            return Val(), None
        if name in {"split", "rsplit", "splitlines", "partition", "rpartition"}:
            if recv.known and all(a.known for a in args) and isinstance(recv.const, str | bytes):
                folded = _fold(getattr(recv.const, name), *(a.const for a in args))
                if isinstance(folded.const, list | tuple):
                    return container(elems=tuple(const(x) for x in folded.const), kind="list"), None
            part = Val(taint=recv.taint, safe=recv.safe, flags=recv.flags)
            return Val(taint=recv.taint, safe=recv.safe, flags=recv.flags, kind="list") if recv.taint else part, None
        if name == "join":
            items = args[0] if args else Val()
            if recv.known and items.elems is not None and all(e.known for e in items.elems):
                return _fold(recv.const.join, [e.const for e in items.elems]), None
            return combine([recv, element_of(items)]), None
        if name in {"hexdigest", "digest", "update"}:
            return Val(taint=min(recv.taint, OPAQUE)), None
        # A method we do not model (a helper object's `doSomething`): its data may pass through.
        if _SANITIZER_NAME.search(name):
            return combine(everything).sanitized(JUDGED), None
        return self.unmodelled([recv, *everything], node), None

    def _string_method(self, recv: Val, name: str, args: Args, kwargs: Kwargs) -> Val:
        if kwargs and name in {"format", "format_map"}:  # "{id}".format(id=value)
            args = [*args, *kwargs.values()]
        elif kwargs:
            return combine([recv, *args, *kwargs.values()])
        if recv.known and all(a.known for a in args) and _bounded_fold(recv.const, name, [a.const for a in args]):
            fn = getattr(recv.const, name, None)
            if fn is not None:
                return _fold(fn, *(a.const for a in args))
        parts = [recv, *args] if name in {"format", "format_map", "replace"} else [recv]
        if name in {"format", "format_map"} and args:
            parts = [recv, *(element_of(a) if a.keys is not None else a for a in args)]
        return combine(parts)

    def _session_method(self, recv: Val, name: str, args: Args, node: ast.Call) -> tuple[Val, Val | None]:
        if name in {"update", "setdefault", "__setitem__"}:
            self.sink("trust-boundary", combine(args), node)
            return UNKNOWN, None
        return UNKNOWN, None

    def session_store(self, key: Val, value: Val, node: ast.AST) -> None:
        self.sink("trust-boundary", combine([key, value]), node)

    def _set_cookie(self, args: Args, kwargs: Kwargs, node: ast.Call) -> Val:
        if len(args) + len(kwargs) < 2:  # http.cookiejar's set_cookie(cookie): not a response header
            return NONE_VAL
        secure = _kw(kwargs, "secure", args, 6)
        httponly = _kw(kwargs, "httponly", args, 7)
        if secure is None and SPREAD not in kwargs:
            self.misuse("insecure-cookie", node, True)
        elif secure is not None and secure.known and not secure.const:
            self.misuse("insecure-cookie", node, True)
        elif secure is not None and secure.known and httponly is not None and httponly.known and httponly.const:
            self.report.clear("insecure-cookie", node.lineno)  # both flags: the cookie family (614, 1004) is clear
        # a flag from settings or **options: not ours to judge
        value = _kw(kwargs, "value", args, 1)
        if value is not None:
            self.random_reaches(value, node)
        return NONE_VAL

    def _container_method(self, recv: Val, name: str, args: Args, kwargs: Kwargs) -> tuple[Val, Val | None] | None:
        elems = recv.elems
        keys = recv.keys
        kind = recv.kind or ("dict" if keys is not None else "list")
        if elems is not None:
            if name in {"append", "add", "appendleft"} and args:
                new = (*elems, args[0]) if name != "appendleft" else (args[0], *elems)
                return NONE_VAL, container(elems=new, kind=kind)
            if name == "extend" and args:
                more = args[0].elems
                if more is None:
                    return NONE_VAL, Val(taint=combine([recv, args[0]]).taint, safe=combine([recv, args[0]]).safe,
                                         kind=kind)
                return NONE_VAL, container(elems=(*elems, *more), kind=kind)
            if name == "insert" and len(args) == 2 and isinstance(args[0].const, int):
                at = args[0].const
                return NONE_VAL, container(elems=(*elems[:at], args[1], *elems[at:]), kind=kind)
            if name in {"pop", "popleft"}:
                at = args[0].const if args else (0 if name == "popleft" else -1)
                if isinstance(at, int) and -len(elems) <= at < len(elems):
                    rest = list(elems)
                    got = rest.pop(at)
                    return got, container(elems=tuple(rest), kind=kind)
                return element_of(recv), None
            if name in {"remove", "discard"} and args:
                if args[0].known:
                    rest = list(elems)
                    for i, e in enumerate(rest):
                        if e.known and e.const == args[0].const:
                            del rest[i]
                            break
                    return NONE_VAL, container(elems=tuple(rest), kind=kind)
                return NONE_VAL, replace(recv, elems=None)
            if name == "clear":
                return NONE_VAL, container(elems=(), kind=kind)
            if name == "reverse":
                return NONE_VAL, container(elems=tuple(reversed(elems)), kind=kind)
            if name in {"copy"}:
                return recv, None
            if name == "index":
                return Val(), None
        if keys is not None:
            table = dict(keys)
            if name in {"get", "pop"} and args:
                default = args[1] if len(args) > 1 else Val(const=None)
                key = args[0].const if args[0].known else NOCONST
                if kind == "config" and len(args) >= 2 and args[1].known:  # conf.get(section, option)
                    key, default = (args[0].const, args[1].const), Val(const=None)
                if key is not NOCONST and _hashable(key):
                    got = table.get(key, default)
                    if name == "pop":
                        table.pop(key, None)
                        return got, container(keys=tuple(table.items()), kind=kind)
                    return got, None
                return element_of(recv), None
            if name == "set" and kind == "config" and len(args) >= 3:
                key = (args[0].const, args[1].const) if args[0].known and args[1].known else NOCONST
                if key is NOCONST:
                    return NONE_VAL, replace(combine([recv, args[2]]), keys=None, kind=kind)
                table[key] = args[2]
                return NONE_VAL, container(keys=tuple(table.items()), kind=kind)
            if name in {"add_section", "read", "read_string"} and kind == "config":
                return NONE_VAL, None
            if name == "setdefault" and args and args[0].known and _hashable(args[0].const):
                table.setdefault(args[0].const, args[1] if len(args) > 1 else Val(const=None))
                return table[args[0].const], container(keys=tuple(table.items()), kind=kind)
            if name == "update" and args and args[0].keys is not None:
                table.update(dict(args[0].keys))
                table.update(kwargs)
                return NONE_VAL, container(keys=tuple(table.items()), kind=kind)
            if name == "keys":
                return container(elems=tuple(const(k) for k in table), kind="list"), None
            if name == "values":
                return container(elems=tuple(table.values()), kind="list"), None
            if name == "items":
                return container(elems=tuple(container(elems=(const(k), v), kind="tuple") for k, v in table.items()),
                                 kind="list"), None
            if name == "copy":
                return recv, None
            if name == "clear":
                return NONE_VAL, container(keys=(), kind=kind)
        return None


NONE_VAL = Val(const=None)
SPREAD = "**"  # the key under which a call's `**mapping` arguments are passed


# A function of the code's own (or another module's) whose name says it makes its input safe.
_SANITIZER_NAME = re.compile(r"saniti[sz]|escape|clean|secure_|safe_|quote|strip_tags|purify", re.IGNORECASE)


def _literal_argument(node: ast.AST) -> bool:
    """Every positional argument written as a literal: `yaml.unsafe_load("!!python/object ...")`."""
    return isinstance(node, ast.Call) and bool(node.args) and all(isinstance(a, ast.Constant) for a in node.args)


def _bounded_fold(text: Any, name: str, args: list[Any]) -> bool:
    """Whether folding `text.name(*args)` stays small: a hostile width or replacement is not computed."""
    if name in {"format", "format_map"}:  # '{:>999999999}'.format(1)
        return False
    if any(isinstance(a, int) and a > MAX_CONST_CHARS for a in args):
        return False
    if name == "replace" and len(args) >= 2 and isinstance(args[1], str | bytes) and isinstance(text, str | bytes):
        return len(text) * max(len(args[1]), 1) <= 16 * MAX_CONST_CHARS
    return True


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _tuple_const(v: Val) -> Any:
    return NOCONST


def _not_for_security(kwargs: Kwargs) -> bool:
    flag = kwargs.get("usedforsecurity")
    return flag is not None and flag.const is False


_ID_NAME = re.compile(r"user_?id|session_?id|sess_?id|login_?id|auth_?id|account_?id")


def security_name(name: str) -> bool:
    """A variable name that says its value must be unguessable (a token, a key, an identifier)."""
    lowered = name.lower()
    return any(word in lowered for word in _SECURITY_NAMES) or bool(_ID_NAME.search(lowered))
