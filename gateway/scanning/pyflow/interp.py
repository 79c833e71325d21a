"""An abstract interpreter over one module's AST: values per variable, branches folded when they can be.

Each function is analysed as an entry point (route parameters and `request` are the taint sources);
calls to functions and classes of the same file are followed with the caller's values (bounded
depth, no recursion). A branch whose condition folds to a constant runs alone; otherwise both run
and their values are joined, after narrowing what the condition proves (an allow-list, a `..`
check, `realpath(...).startswith(base)`); a branch that returns or raises leaves nothing to join.
Loops run their body twice. Every step is counted: past the budget the analysis stops (what it
found so far stands), so hostile input costs bounded time.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from gateway.scanning.pyflow.library import NONE_VAL, SPREAD, Library, security_name
from gateway.scanning.pyflow.report import Report
from gateway.scanning.pyflow.values import (
    ALL,
    CLEAN,
    JUDGED,
    OPAQUE,
    STRONG,
    UNKNOWN,
    WEAK,
    Val,
    combine,
    const,
    container,
    element_of,
    join,
)

Env = dict[str, Val]
MAX_STEPS = 20_000  # expression and statement evaluations per module (copies and joins count too)
MAX_DEPTH = 60  # nesting of expressions and statements followed
MAX_CALL_DEPTH = 4  # same-file calls followed from one entry point
_ROUTE_DECORATORS = {"route", "get", "post", "put", "delete", "patch", "api_route", "websocket"}
_ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_SAFE_CONVERTERS = {"int", "float", "uuid"}
_OWN_ORIGIN_REQUEST_ATTRS = {"path", "full_path", "url", "base_url", "url_root", "host_url", "script_root", "url_rule"}
# What the framework or server decides, not the client: the method, the signed-in user, the session.
_NON_DATA_REQUEST_ATTRS = {"method", "scheme", "is_secure", "is_json", "endpoint", "blueprint", "remote_addr",
                           "user", "auth", "session", "site", "resolver_match", "authorization"}
_FOLDABLE_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod, ast.Div: operator.truediv, ast.BitAnd: operator.and_, ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
}
_COMPARES: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_TERMINATING_CALLS = {"abort", "flask.abort", "sys.exit", "exit", "werkzeug.exceptions.abort"}


class OutOfBudget(Exception):
    """The analysis spent its step budget (a huge or hostile module)."""


@dataclass(slots=True)
class Frame:
    handler: bool
    returns: Val | None = None
    name: str = ""


@dataclass(slots=True)
class Interpreter:
    tree: ast.Module
    report: Report = field(default_factory=Report)
    imports: dict[str, str] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    classes: dict[str, dict[str, ast.FunctionDef | ast.AsyncFunctionDef]] = field(default_factory=dict)
    module_env: Env = field(default_factory=dict)
    steps: int = 0
    depth: int = 0
    calls: list[str] = field(default_factory=list)
    lib: Library = field(init=False)

    def __post_init__(self) -> None:
        self.lib = Library(self.report)

    # -- entry -------------------------------------------------------------------------------------

    def run(self) -> Report:
        try:
            self._collect(self.tree.body)
            module_frame = Frame(handler=False, name="<module>")
            env = self.exec_block([s for s in self.tree.body if not isinstance(s, _DEFS)], {}, module_frame)
            self.module_env = {k: v for k, v in (env or {}).items() if k not in self.imports}
            for fn in list(self.functions.values()):  # nested definitions are added as they are met
                self._entry(fn, None)
            for name, methods in list(self.classes.items()):
                for fn in list(methods.values()):
                    self._entry(fn, Val(kind=f"instance:{name}"))
        except OutOfBudget:
            pass
        return self.report

    def _collect(self, body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                self.classes[node.name] = {
                    n.name: n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                }
            elif isinstance(node, ast.Import | ast.ImportFrom):
                self._import(node)
            elif isinstance(node, ast.If | ast.Try):  # `try: import x except ImportError: ...`
                self._collect([n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt)])

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    self.imports[root] = root
        else:
            module = node.module or ""
            for alias in node.names:
                self.imports[alias.asname or alias.name] = f"{module}.{alias.name}" if module else alias.name

    def _entry(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, self_val: Val | None) -> None:
        route_params = _route_params(fn)
        handler = route_params is not None
        env: Env = dict(self.module_env)
        params = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        for i, arg in enumerate(params):
            if i == 0 and self_val is not None:
                env[arg.arg] = self_val
            elif arg.arg == "request":
                env[arg.arg] = Val(kind="request")
            elif route_params is not None and arg.arg in route_params:
                converter = route_params[arg.arg]
                safe = frozenset({JUDGED}) if converter in _SAFE_CONVERTERS else frozenset()
                env[arg.arg] = Val(taint=STRONG, safe=safe)
            else:
                env[arg.arg] = UNKNOWN
        for extra in (fn.args.vararg, fn.args.kwarg):
            if extra is not None:
                env[extra.arg] = UNKNOWN
        self.calls = [fn.name]
        self.lib.in_handler = handler
        self.exec_block(fn.body, env, Frame(handler=handler, name=fn.name))

    # -- same-file calls ---------------------------------------------------------------------------

    def call_user(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, args: list[Val], kwargs: dict[str, Val],
                  self_val: Val | None = None) -> Val:
        if fn.name in self.calls or len(self.calls) > MAX_CALL_DEPTH:
            merged = combine([*args, *kwargs.values()])
            return Val(taint=max(OPAQUE, min(merged.taint, WEAK)), safe=merged.safe)
        env: Env = dict(self.module_env)
        params = [*fn.args.posonlyargs, *fn.args.args]
        given = ([self_val] if self_val is not None else []) + list(args)
        defaults = fn.args.defaults
        for i, arg in enumerate(params):
            if i < len(given):
                env[arg.arg] = given[i]
            elif arg.arg in kwargs:
                env[arg.arg] = kwargs[arg.arg]
            elif i >= len(params) - len(defaults):
                env[arg.arg] = self.eval(defaults[i - (len(params) - len(defaults))], env)
            else:
                env[arg.arg] = UNKNOWN
        for arg, default in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True):
            env[arg.arg] = kwargs.get(arg.arg, self.eval(default, env) if default is not None else UNKNOWN)
        if fn.args.vararg is not None:
            env[fn.args.vararg.arg] = container(elems=tuple(given[len(params):]), kind="tuple")
        if fn.args.kwarg is not None:
            env[fn.args.kwarg.arg] = container(keys=tuple(kwargs.items()))
        frame = Frame(handler=_route_params(fn) is not None, name=fn.name)
        self.calls.append(fn.name)
        try:
            self.exec_block(fn.body, env, frame)
        finally:
            self.calls.pop()
        return frame.returns if frame.returns is not None else NONE_VAL

    # -- statements --------------------------------------------------------------------------------

    def _tick(self, cost: int = 1) -> None:
        self.steps += cost
        if self.steps > MAX_STEPS:
            raise OutOfBudget

    def exec_block(self, body: list[ast.stmt], env: Env | None, frame: Frame) -> Env | None:
        for stmt in body:
            if env is None:
                return None
            env = self.exec_stmt(stmt, env, frame)
        return env

    def exec_stmt(self, node: ast.stmt, env: Env, frame: Frame) -> Env | None:
        self._tick()
        if self.depth > MAX_DEPTH:
            return env
        self.depth += 1
        try:
            return self._exec(node, env, frame)
        finally:
            self.depth -= 1

    def _exec(self, node: ast.stmt, env: Env, frame: Frame) -> Env | None:
        if isinstance(node, ast.Assign):
            value = self.eval(node.value, env)
            for target in node.targets:
                self.assign(target, value, env, node)
            return env
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.assign(node.target, self.eval(node.value, env), env, node)
            return env
        if isinstance(node, ast.AugAssign):
            current = self.eval(_load(node.target), env)
            value = self.binop(node.op, current, self.eval(node.value, env))
            self.assign(node.target, value, env, node)
            return env
        if isinstance(node, ast.Expr):
            self.eval(node.value, env)
            if isinstance(node.value, ast.Call):
                if self.qualname(node.value.func, env) in _TERMINATING_CALLS:
                    return None
                if _is_validator(node.value.func):  # validate_name(x): raises unless x is acceptable
                    for arg in node.value.args:
                        _sanitize(env, arg, JUDGED)
            return env
        if isinstance(node, ast.Return):
            value = self.eval(node.value, env) if node.value is not None else NONE_VAL
            if frame.handler:
                self.lib.returned_from_handler(value, node)
            frame.returns = value if frame.returns is None else join(frame.returns, value)
            return None
        if isinstance(node, ast.Raise):
            if node.exc is not None:
                self.eval(node.exc, env)
            return None
        if isinstance(node, ast.If):
            return self._if(node.test, node.body, node.orelse, env, frame)
        if isinstance(node, ast.For | ast.AsyncFor):
            return self._loop(node, env, frame)
        if isinstance(node, ast.While):
            test = self.eval(node.test, env)
            if test.known and not test.const:
                return self.exec_block(node.orelse, env, frame)
            return self._loop(node, env, frame)
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                value = self.eval(item.context_expr, env)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value, env, node)
            return self.exec_block(node.body, env, frame)
        if isinstance(node, ast.Try | ast.TryStar):
            return self._try(node, env, frame)
        if isinstance(node, ast.Match):
            return self._match(node, env, frame)
        if isinstance(node, ast.Delete):
            for target in node.targets:
                self._delete(target, env)
            return env
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.functions.setdefault(node.name, node)
            env[node.name] = Val(kind=f"func:{node.name}")
            return env
        if isinstance(node, ast.ClassDef):
            self.classes.setdefault(node.name, {
                n.name: n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)})
            return env
        if isinstance(node, ast.Import | ast.ImportFrom):
            self._import(node)
            for alias in node.names:
                env.pop(alias.asname or alias.name.split(".")[0], None)
            return env
        if isinstance(node, ast.Global | ast.Nonlocal | ast.Pass | ast.Break | ast.Continue | ast.Assert):
            return env
        return env

    def _if(self, test_node: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt], env: Env,
            frame: Frame) -> Env | None:
        test = self.eval(test_node, env)
        if test.known:
            return self.exec_block(body if _truthy(test.const) else orelse, env, frame)
        self._tick(len(env) // 8)  # two copies and a join of the variables
        then_env = self.exec_block(body, self.refine(test_node, dict(env), True), frame)
        else_env = self.exec_block(orelse, self.refine(test_node, dict(env), False), frame)
        return join_envs(then_env, else_env)

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While, env: Env, frame: Frame) -> Env | None:
        element = element_of(self.eval(node.iter, env)) if isinstance(node, ast.For | ast.AsyncFor) else None
        state: Env | None = env
        merged: Env | None = env
        for _ in range(2):
            if state is None:
                break
            self._tick(len(state) // 8)
            body_env = dict(state)
            if element is not None and isinstance(node, ast.For | ast.AsyncFor):
                self.assign(node.target, element, body_env, node)
            state = self.exec_block(node.body, body_env, frame)
            merged = join_envs(merged, state)
        if merged is None:
            return None
        return self.exec_block(node.orelse, merged, frame) if node.orelse else merged

    def _try(self, node: ast.Try | ast.TryStar, env: Env, frame: Frame) -> Env | None:
        before = dict(env)
        after = self.exec_block(node.body, dict(env), frame)
        if after is not None and node.orelse:
            after = self.exec_block(node.orelse, after, frame)
        handlers_start = join_envs(before, after) or before
        result = after
        for handler in node.handlers:
            handler_env = dict(handlers_start)
            if handler.name:
                handler_env[handler.name] = UNKNOWN
            result = join_envs(result, self.exec_block(handler.body, handler_env, frame))
        if node.finalbody:
            if result is None:
                self.exec_block(node.finalbody, dict(handlers_start), frame)
                return None
            result = self.exec_block(node.finalbody, result, frame)
        return result

    def _match(self, node: ast.Match, env: Env, frame: Frame) -> Env | None:
        subject = self.eval(node.subject, env)
        live: list[ast.match_case] = []
        exhaustive = False
        for case in node.cases:
            pattern = case.pattern
            literals = _pattern_literals(pattern)
            wildcard = isinstance(pattern, ast.MatchAs) and pattern.pattern is None
            if subject.known and case.guard is None and literals is not None:
                if not any(type(v) is type(subject.const) and v == subject.const for v in literals):
                    continue  # this case cannot match the folded subject
                live.append(case)
                exhaustive = True  # and it does: the cases after it are dead
                break
            live.append(case)
            if wildcard and case.guard is None:
                exhaustive = True
                break
        result: Env | None = None
        for case in live:
            case_env = dict(env)
            if isinstance(case.pattern, ast.MatchAs) and case.pattern.name:
                case_env[case.pattern.name] = subject
            result = join_envs(result, self.exec_block(case.body, case_env, frame))
        if not exhaustive:
            result = join_envs(result, env)
        return result

    def _delete(self, target: ast.expr, env: Env) -> None:
        if isinstance(target, ast.Name):
            env.pop(target.id, None)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            holder = env.get(target.value.id)
            index = self.eval(target.slice, env)
            if holder is None or not index.known:
                return
            at = index.const
            if holder.elems is not None and isinstance(at, int) and -len(holder.elems) <= at < len(holder.elems):
                rest = list(holder.elems)
                del rest[index.const]
                env[target.value.id] = container(elems=tuple(rest), kind=holder.kind)
            elif holder.keys is not None:
                env[target.value.id] = container(keys=tuple((k, v) for k, v in holder.keys if k != index.const),
                                                 kind=holder.kind)

    # -- assignment --------------------------------------------------------------------------------

    def assign(self, target: ast.expr, value: Val, env: Env, node: ast.AST) -> None:
        if isinstance(target, ast.Name):
            if "rand" in value.flags and security_name(target.id):
                self.lib.random_reaches(value, node)
            env[target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            for i, element in enumerate(target.elts):
                if isinstance(element, ast.Starred):
                    self.assign(element.value, replace(element_of(value), kind="list"), env, node)
                elif value.elems is not None and i < len(value.elems):
                    self.assign(element, value.elems[i], env, node)
                elif value.known and isinstance(value.const, tuple | list | str) and i < len(value.const):
                    self.assign(element, const(value.const[i]), env, node)
                else:
                    self.assign(element, element_of(value), env, node)
        elif isinstance(target, ast.Subscript):
            holder = self.eval(target.value, env)
            index = self.eval(target.slice, env)
            if holder.kind == "response-headers" and isinstance(index.const, str) \
                    and index.const.lower() == "content-type":
                self._content_type(target.value, value, env)
            if holder.kind == "session":
                self.lib.session_store(index, value, node)
                return
            if holder.kind == "response-headers" and index.const in {"Location", "location"}:
                self.lib.sink("open-redirect", value, node)
            if isinstance(target.value, ast.Name) and target.value.id in env:
                env[target.value.id] = _store(holder, index, value)
        elif isinstance(target, ast.Attribute):
            holder = self.eval(target.value, env)
            if holder.kind == "response" and target.attr in {"data", "body"}:
                self.lib.sink("xss", value, node)
            if holder.kind == "response" and target.attr in {"mimetype", "content_type"}:
                self._content_type(target, value, env)
            if holder.kind == "module:flask.session" or holder.kind == "session":
                self.lib.session_store(const(target.attr), value, node)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, env, node)

    def _content_type(self, where: ast.expr, value: Val, env: Env) -> None:
        """`resp.headers["Content-Type"] = "text/plain"` or `resp.mimetype = ...` on a response variable."""
        if not (isinstance(value.const, str) and "html" not in value.const.lower()):
            return
        base = where.value if isinstance(where, ast.Attribute) else where
        if isinstance(base, ast.Name) and base.id in env and env[base.id].kind == "response":
            self.lib.not_html(env[base.id])
            env[base.id] = env[base.id].sanitized("xss")

    # -- conditions --------------------------------------------------------------------------------

    def refine(self, test: ast.expr, env: Env, truth: bool) -> Env:
        """`env` on the branch where `test` is `truth`: what the condition proves about the data."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self.refine(test.operand, env, not truth)
        if isinstance(test, ast.BoolOp):
            if isinstance(test.op, ast.And) == truth:  # every part holds
                for part in test.values:
                    env = self.refine(part, env, truth)
            return env
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, left, right = test.ops[0], test.left, test.comparators[0]
            holds = truth if isinstance(op, ast.In | ast.Eq | ast.Is) else (
                not truth if isinstance(op, ast.NotIn | ast.NotEq | ast.IsNot) else None)
            if isinstance(op, ast.In | ast.NotIn):
                if isinstance(left, ast.Constant) and isinstance(left.value, str) and ".." in left.value:
                    if holds is False:  # '..' not in path
                        _sanitize(env, right, "path-traversal")
                    return env
                allowed = self.eval(right, env)
                if holds and allowed.taint == CLEAN:  # value in a constant allow-list
                    _sanitize(env, left, ALL)
            elif isinstance(op, ast.Eq | ast.NotEq) and holds:
                other = self.eval(right, env)
                if other.taint == CLEAN:
                    _sanitize(env, left, ALL)
            if _mentions_netloc(test):
                for name in _url_sources(test, env):
                    _sanitize_name(env, name, JUDGED)
            return env
        if isinstance(test, ast.Name) and truth and test.id in env and env[test.id].kind.startswith("check:"):
            for name in env[test.id].kind[6:].split(","):
                _sanitize_name(env, name, JUDGED)
            return env
        if isinstance(test, ast.Call) and truth:
            func = test.func
            if isinstance(func, ast.Attribute):
                if func.attr in {"isdigit", "isalnum", "isalpha", "isnumeric", "isdecimal", "isidentifier"}:
                    _sanitize(env, func.value, ALL)
                elif func.attr == "startswith":
                    _sanitize(env, func.value, "path-traversal", "open-redirect")
                elif func.attr in {"match", "fullmatch"} and test.args and len(test.args) >= 2:
                    _sanitize(env, test.args[1], ALL)
                elif func.attr in {"is_relative_to"}:
                    _sanitize(env, func.value, "path-traversal")
            name = self.qualname(func, env) or ""
            if name.endswith(("is_safe_url", "url_has_allowed_host_and_scheme", "is_safe_redirect_url")) and test.args:
                _sanitize(env, test.args[0], "open-redirect")
            elif _is_validator(func):  # if sid_is_valid(sid): ...
                for arg in test.args:
                    _sanitize(env, arg, JUDGED)
        return env

    # -- expressions -------------------------------------------------------------------------------

    def qualname(self, node: ast.expr, env: Env) -> str | None:
        """The dotted name of a module-level name chain (`os.path.join`), or None for local values."""
        if isinstance(node, ast.Name):
            if node.id in env:
                return None
            return self.imports.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value, env)
            return f"{base}.{node.attr}" if base is not None else None
        return None

    def eval(self, node: ast.expr | None, env: Env) -> Val:
        if node is None:
            return NONE_VAL
        self._tick()
        if self.depth > MAX_DEPTH:
            return UNKNOWN
        self.depth += 1
        try:
            return self._eval(node, env)
        finally:
            self.depth -= 1

    def _eval(self, node: ast.expr, env: Env) -> Val:
        if isinstance(node, ast.Constant):
            return const(node.value)
        if isinstance(node, ast.Name):
            return self._name(node.id, env)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, env)
        if isinstance(node, ast.Call):
            return self._call(node, env)
        if isinstance(node, ast.BinOp):
            return self.binop(node.op, self.eval(node.left, env), self.eval(node.right, env))
        if isinstance(node, ast.JoinedStr):
            parts = [self.eval(v, env) for v in node.values]
            if all(p.known for p in parts):
                return const("".join(str(p.const) for p in parts))
            return _after_prefix(parts[0], combine(parts))
        if isinstance(node, ast.FormattedValue):
            value = self.eval(node.value, env)
            return const(format(value.const)) if value.known and node.format_spec is None and node.conversion == -1 \
                else combine([value])
        if isinstance(node, ast.Subscript):
            return self._subscript(node, env)
        if isinstance(node, ast.IfExp):
            test = self.eval(node.test, env)
            if test.known:
                return self.eval(node.body if _truthy(test.const) else node.orelse, env)
            return join(self.eval(node.body, self.refine(node.test, dict(env), True)),
                        self.eval(node.orelse, self.refine(node.test, dict(env), False)))
        if isinstance(node, ast.BoolOp):
            return self._boolop(node, env)
        if isinstance(node, ast.Compare):
            return self._compare(node, env)
        if isinstance(node, ast.UnaryOp):
            operand = self.eval(node.operand, env)
            if operand.known:
                try:
                    ops: dict[type, Callable[[Any], Any]] = {ast.Not: operator.not_, ast.USub: operator.neg,
                                                             ast.UAdd: operator.pos, ast.Invert: operator.invert}
                    return const(ops[type(node.op)](operand.const))
                except Exception:
                    return Val()
            return Val() if isinstance(node.op, ast.Not) else combine([operand])
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            elems = tuple(element_of(self.eval(e.value, env)) if isinstance(e, ast.Starred) else self.eval(e, env)
                          for e in node.elts)
            value = container(elems=elems, kind="tuple" if isinstance(node, ast.Tuple) else "list")
            if isinstance(node, ast.Tuple) and all(e.known for e in elems):
                return replace(value, const=tuple(e.const for e in elems))
            return value
        if isinstance(node, ast.Dict):
            keys: list[tuple[Any, Val]] = []
            spread: list[Val] = []
            for k, v in zip(node.keys, node.values, strict=True):
                value = self.eval(v, env)
                if k is None:
                    spread.append(value)
                    continue
                key = self.eval(k, env)
                if key.known and _hashable(key.const):
                    keys.append((key.const, value))
                else:
                    spread.append(combine([key, value]))
            if spread:
                return replace(combine([container(keys=tuple(keys)), *spread]), kind="dict")
            return container(keys=tuple(keys), kind="dict")
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            inner = dict(env)
            for gen in node.generators:
                self.assign(gen.target, element_of(self.eval(gen.iter, inner)), inner, node)
                for cond in gen.ifs:
                    inner = self.refine(cond, inner, True)
            if isinstance(node, ast.DictComp):
                return replace(combine([self.eval(node.key, inner), self.eval(node.value, inner)]), kind="dict")
            return replace(combine([self.eval(node.elt, inner)]), kind="list")
        if isinstance(node, ast.NamedExpr):
            value = self.eval(node.value, env)
            self.assign(node.target, value, env, node)
            return value
        if isinstance(node, ast.Starred):
            return element_of(self.eval(node.value, env))
        if isinstance(node, ast.Await):
            return self.eval(node.value, env)
        if isinstance(node, ast.Lambda):
            return Val(kind="lambda")
        if isinstance(node, ast.Slice):
            return combine([self.eval(p, env) for p in (node.lower, node.upper, node.step) if p is not None])
        return UNKNOWN

    def _name(self, name: str, env: Env) -> Val:
        if name in env:
            return env[name]
        if name in self.imports:
            return _module_value(self.imports[name])
        if name in self.functions:
            return Val(kind=f"func:{name}")
        if name in self.classes:
            return Val(kind=f"class:{name}")
        if name in {"request"}:
            return Val(kind="request")
        if name in {"True", "False", "None"}:
            return const({"True": True, "False": False, "None": None}[name])
        return Val(taint=OPAQUE, kind=f"module:{name}")

    def _attribute(self, node: ast.Attribute, env: Env) -> Val:
        holder = self.eval(node.value, env)
        if holder.kind.startswith("module:"):
            return _module_value(f"{holder.kind[7:]}.{node.attr}")
        if holder.kind == "request":
            if node.attr in _NON_DATA_REQUEST_ATTRS:
                return UNKNOWN
            if node.attr in _OWN_ORIGIN_REQUEST_ATTRS:  # this site's own URL: not an outside redirect target
                return Val(taint=STRONG, safe=frozenset({"open-redirect"}))
            if node.attr == "files":  # uploads: file objects whose names and contents are request data
                return Val(taint=STRONG, kind="uploads")
            return Val(taint=STRONG, kind="source")
        if holder.kind == "source":
            return Val(taint=STRONG, kind="source")
        if holder.taint >= WEAK and node.attr in {"file", "stream"}:  # an upload's open file, not a path
            return Val(taint=holder.taint, safe=holder.safe, kind="upload")
        if holder.kind == "response" and node.attr == "headers":
            return Val(kind="response-headers")
        if holder.kind == "url" and node.attr in {"netloc", "scheme", "hostname", "path", "query"}:
            return Val(taint=holder.taint, safe=holder.safe)
        if holder.kind.startswith("instance:"):
            return UNKNOWN
        return Val(taint=holder.taint, safe=holder.safe, flags=holder.flags, line=holder.line) if holder.taint \
            else Val(taint=OPAQUE if holder.kind else CLEAN, flags=holder.flags, line=holder.line)

    def _subscript(self, node: ast.Subscript, env: Env) -> Val:
        holder = self.eval(node.value, env)
        index = self.eval(node.slice, env)
        if holder.kind in {"source", "request"}:
            return Val(taint=STRONG)
        if holder.kind == "uploads":  # request.files["name"]: one upload
            return Val(taint=STRONG, kind="upload")
        if holder.kind == "config" and holder.keys is not None:  # conf[section][option]
            if index.known:
                return container(keys=tuple((k[1], v) for k, v in holder.keys
                                            if isinstance(k, tuple) and k[0] == index.const), kind="dict")
        if index.known:
            if holder.elems is not None and isinstance(index.const, int) and not isinstance(index.const, bool):
                if -len(holder.elems) <= index.const < len(holder.elems):
                    return holder.elems[index.const]
                return Val()
            if holder.keys is not None and _hashable(index.const):
                table = dict(holder.keys)
                if index.const in table:
                    return table[index.const]
                return UNKNOWN
            if holder.known:
                try:
                    return const(holder.const[index.const])
                except Exception:
                    return Val()
        if isinstance(node.slice, ast.Slice) and holder.elems is not None and all(
                isinstance(p, ast.Constant | ast.UnaryOp) or p is None
                for p in (node.slice.lower, node.slice.upper, node.slice.step)):
            lower, upper, step = (self.eval(p, env).const if p is not None else None
                                  for p in (node.slice.lower, node.slice.upper, node.slice.step))
            if all(x is None or isinstance(x, int) for x in (lower, upper, step)):
                return container(elems=holder.elems[lower:upper:step], kind=holder.kind)
        if holder.known and index.known is False:
            return Val(taint=CLEAN)
        if isinstance(node.slice, ast.Slice):
            return combine([holder])
        return element_of(holder)

    def _boolop(self, node: ast.BoolOp, env: Env) -> Val:
        values: list[Val] = []
        for part in node.values:
            value = self.eval(part, env)
            if value.known:
                decided = _truthy(value.const)
                if isinstance(node.op, ast.Or) == decided:
                    return value if not values else join(_join_all(values), value)
                continue
            values.append(value)
            env = self.refine(part, dict(env), isinstance(node.op, ast.And))
        return _join_all(values) if values else const(isinstance(node.op, ast.And))

    def _compare(self, node: ast.Compare, env: Env) -> Val:
        left = self.eval(node.left, env)
        result: Any = True
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.eval(right_node, env)
            if not (left.known and right.known) or type(op) not in _COMPARES:
                if isinstance(op, ast.In | ast.NotIn) and left.known and right.elems is not None and all(
                        e.known for e in right.elems):
                    consts = [e.const for e in right.elems]
                    result = result and ((left.const in consts) == isinstance(op, ast.In))
                    left = right
                    continue
                return Val()
            try:
                result = result and _COMPARES[type(op)](left.const, right.const)
            except Exception:
                return Val()
            left = right
        return const(bool(result))

    def binop(self, op: ast.operator, left: Val, right: Val) -> Val:
        if left.known and right.known and type(op) in _FOLDABLE_BINOPS:
            if isinstance(op, ast.Mult) and _too_big(left.const, right.const):
                return Val()
            if isinstance(op, ast.Mod) and isinstance(left.const, str | bytes):  # '%999999999d' % 1
                return combine([left, right])
            try:
                return const(_FOLDABLE_BINOPS[type(op)](left.const, right.const))
            except Exception:
                return Val()
        if left.known and right.known and isinstance(op, ast.Pow) and isinstance(right.const, int) \
                and isinstance(left.const, int) and 0 <= right.const <= 64 and abs(left.const) < 1 << 16:
            return const(left.const ** right.const)
        if isinstance(op, ast.Mod) and right.keys is not None:
            right = element_of(right)
        if isinstance(op, ast.Add | ast.Mod) and left.known and isinstance(left.const, str):
            head = left.const.split("%", 1)[0] if isinstance(op, ast.Mod) else left.const
            return _after_prefix(const(head), combine([left, right]))
        if isinstance(op, ast.Div) and left.kind == "path":  # pathlib: Path(base) / name
            return replace(combine([left, right]), kind="path")
        if isinstance(op, ast.Add) and left.elems is not None and right.elems is not None:
            return container(elems=(*left.elems, *right.elems), kind=left.kind)
        return combine([left, right])

    def _call(self, node: ast.Call, env: Env) -> Val:
        func = node.func
        args = [element_of(self.eval(a.value, env)) if isinstance(a, ast.Starred) else self.eval(a, env)
                for a in node.args]
        kwargs: dict[str, Val] = {}
        for kw in node.keywords:
            value = self.eval(kw.value, env)
            if kw.arg is None:
                kwargs[SPREAD] = value
            else:
                kwargs[kw.arg] = value
        if _is_validator(func) or (isinstance(func, ast.Name | ast.Attribute) and _SAFE_URL_CHECK.search(
                func.id if isinstance(func, ast.Name) else func.attr)):
            # ok = is_safe_url(next): remember what the check was about, for `if ok:`
            checked = [a.id for a in [*node.args, *(k.value for k in node.keywords)] if isinstance(a, ast.Name)]
            if checked:
                self.lib.call_function(self.qualname(func, env) or "", args, kwargs, node)
                return Val(kind="check:" + ",".join(checked))
        if isinstance(func, ast.Name) and func.id not in env:
            if func.id in self.functions:
                return self.call_user(self.functions[func.id], args, kwargs)
            if func.id in self.classes:
                return self._instantiate(func.id, args, kwargs)
            return self._library_call(self.imports.get(func.id, func.id), args, kwargs, node)
        if isinstance(func, ast.Attribute):
            holder = self.eval(func.value, env)
            if holder.kind.startswith("module:"):
                qual = f"{holder.kind[7:]}.{func.attr}"
                if qual == "flask.request.get_json" or qual.startswith("flask.request."):
                    return self.lib.call_method(Val(kind="request"), func.attr, args, kwargs, node)[0]
                return self._library_call(qual, args, kwargs, node)
            if holder.kind.startswith("instance:"):  # one class, or several when a branch chose one
                classes = [self.classes.get(name, {}) for name in holder.kind[9:].split(",")]
                if all(func.attr in methods for methods in classes):
                    results = [self.call_user(methods[func.attr], args, kwargs, self_val=holder) for methods in classes]
                    return _join_all(results)
            if holder.kind.startswith("class:"):
                methods = self.classes.get(holder.kind[6:], {})
                if func.attr in methods:
                    return self.call_user(methods[func.attr], args, kwargs)
            result, updated = self.lib.call_method(holder, func.attr, args, kwargs, node)
            if updated is not None and isinstance(func.value, ast.Name) and func.value.id in env:
                env[func.value.id] = updated
            return result
        callee = self.eval(func, env)
        if callee.known:  # calling a constant ("..." (x,)): the program raises; no data flows
            return Val()
        if callee.kind.startswith("func:") and callee.kind[5:] in self.functions:
            return self.call_user(self.functions[callee.kind[5:]], args, kwargs)
        if callee.kind.startswith("class:"):
            return self._instantiate(callee.kind[6:], args, kwargs)
        return self.lib.unmodelled([callee, *args, *kwargs.values()], node)

    def _library_call(self, qual: str, args: list[Val], kwargs: dict[str, Val], node: ast.Call) -> Val:
        return self.lib.call_function(qual, args, kwargs, node)

    def _instantiate(self, name: str, args: list[Val], kwargs: dict[str, Val]) -> Val:
        instance = Val(taint=OPAQUE, kind=f"instance:{name}")  # its state is not followed
        init = self.classes.get(name, {}).get("__init__")
        if init is not None:
            self.call_user(init, args, kwargs, self_val=instance)
        return instance


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _module_value(qual: str) -> Val:
    if qual in {"flask.request", "werkzeug.request", "bottle.request"}:
        return Val(kind="request")
    if qual in {"flask.session"}:
        return Val(kind="session")
    if qual.endswith(("SafeLoader", "CSafeLoader", "BaseLoader")):
        return Val(kind=f"module:{qual}")
    return Val(taint=OPAQUE, kind=f"module:{qual}")


def _route_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str] | None:
    """The parameters a route decorator fills from the URL (name -> converter), or None if no route."""
    for deco in fn.decorator_list:
        call = deco if isinstance(deco, ast.Call) else None
        target = call.func if call is not None else deco
        if isinstance(target, ast.Attribute) and target.attr in _ROUTE_DECORATORS:
            params: dict[str, str] = {}
            if call is not None and call.args and isinstance(call.args[0], ast.Constant) \
                    and isinstance(call.args[0].value, str):
                for converter, name in _ROUTE_PARAM.findall(call.args[0].value[:2000]):
                    params[name] = converter or "string"
            # FastAPI-style handlers: every parameter comes from the request.
            if target.attr in {"get", "post", "put", "delete", "patch", "api_route"} and not params:
                for arg in fn.args.args:
                    params[arg.arg] = "string"
            return params
    return None


_SAFE_URL_CHECK = re.compile(r"is_safe_url|url_has_allowed_host_and_scheme|is_safe_redirect_url")
# A function of the code's own whose name says it accepts or rejects its argument.
_VALIDATOR = re.compile(
    r"(?:^|_)(?:is_?)?(?:valid|validate|safe|allowed|permitted|authori[sz]ed|whitelisted|allowlisted|sanitize|verify"
    r"|ensure)(?:_|$)|^(?:is|check|validate|verify|ensure)_?[a-z]*(?:valid|safe|allowed|name|path|id|input|url)$",
    re.IGNORECASE,
)


def _is_validator(func: ast.expr) -> bool:
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in {
            "os", "subprocess", "re", "shlex", "hmac", "secrets"}:
        return False
    return (bool(name) and bool(_VALIDATOR.search(name))) or name.startswith(("validate", "verify", "check_valid"))


# A constant start that fixes where a URL points: a path on this site, or a named host and then a path.
_FIXED_ORIGIN = re.compile(r"^(?:/[^/\\]|https?://[^/?#]+[/?#])")


def _after_prefix(first: Val, result: Val) -> Val:
    """`'/profile/' + name` cannot send the browser to another site: not an open redirect."""
    if result.taint >= WEAK and first.known and isinstance(first.const, str) and _FIXED_ORIGIN.match(first.const):
        return result.sanitized("open-redirect")
    return result


def _truthy(value: Any) -> bool:
    try:
        return bool(value)
    except Exception:
        return True


def _too_big(a: Any, b: Any) -> bool:
    for seq, count in ((a, b), (b, a)):
        if isinstance(seq, str | bytes | tuple | list) and isinstance(count, int) and len(seq) * count > 4096:
            return True
    if isinstance(a, int) and isinstance(b, int) and abs(a).bit_length() + abs(b).bit_length() > 128:
        return True
    return False


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _pattern_literals(pattern: ast.pattern) -> list[Any] | None:
    """The constants a literal pattern (or an `|` of them) matches; None for any other pattern."""
    if isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant):
        return [pattern.value.value]
    if isinstance(pattern, ast.MatchSingleton):
        return [pattern.value]
    if isinstance(pattern, ast.MatchOr):
        out: list[Any] = []
        for option in pattern.patterns:
            values = _pattern_literals(option)
            if values is None:
                return None
            out.extend(values)
        return out
    return None


def _join_all(values: list[Val]) -> Val:
    out = values[0]
    for v in values[1:]:
        out = join(out, v)
    return out


def _load(target: ast.expr) -> ast.expr:
    return target


def _store(holder: Val, index: Val, value: Val) -> Val:
    if index.known and holder.keys is not None and _hashable(index.const):
        table = dict(holder.keys)
        table[index.const] = value
        return container(keys=tuple(table.items()), kind=holder.kind or "dict")
    if index.known and holder.elems is not None and isinstance(index.const, int) \
            and -len(holder.elems) <= index.const < len(holder.elems):
        elems = list(holder.elems)
        elems[index.const] = value
        return container(elems=tuple(elems), kind=holder.kind)
    merged = combine([holder, value, index])
    return replace(merged, kind=holder.kind)


def join_envs(a: Env | None, b: Env | None) -> Env | None:
    if a is None:
        return b
    if b is None:
        return a
    out: Env = {}
    for name in a.keys() | b.keys():
        if name in a and name in b:
            out[name] = join(a[name], b[name])
        else:
            out[name] = a.get(name) or b[name]
    return out


def _sanitize(env: Env, node: ast.expr, *categories: str) -> None:
    """Mark the variable (or the variable inside `f(x)`, `x.attr`) as sanitized for `categories`."""
    while isinstance(node, ast.Call) and node.args:
        node = node.args[0] if not isinstance(node.func, ast.Attribute) or node.func.attr in {
            "realpath", "abspath", "normpath", "resolve", "join", "lower", "strip"} else node.func.value
    while isinstance(node, ast.Attribute | ast.Subscript):  # validate(data['key']): the data it came from
        node = node.value
    if isinstance(node, ast.Name):
        _sanitize_name(env, node.id, *categories)


def _sanitize_name(env: Env, name: str, *categories: str) -> None:
    if name in env and env[name].taint >= WEAK:
        env[name] = env[name].sanitized(*categories)


def _mentions_netloc(test: ast.expr) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in {"netloc", "hostname", "scheme"} for n in ast.walk(test))


def _url_sources(test: ast.expr, env: Env) -> list[str]:
    """Names whose parsed URL the condition inspects: `urlparse(x).netloc` or `p.netloc` with p = urlparse(x)."""
    names = []
    for n in ast.walk(test):
        if isinstance(n, ast.Attribute) and n.attr in {"netloc", "hostname", "scheme"}:
            inner = n.value
            if isinstance(inner, ast.Call) and inner.args and isinstance(inner.args[0], ast.Name):
                names.append(inner.args[0].id)
            elif isinstance(inner, ast.Name):
                names.append(inner.id)
    # every tainted variable: the URL was judged, and the parsed object's source is the request value
    if names:
        names.extend(k for k, v in env.items() if v.taint >= WEAK and v.kind in {"", "url"})
    return names


# Values whose taint came from module constants: nothing to see (keeps `ALL` referenced for readers).
_ = (ALL, CLEAN, OPAQUE, STRONG, WEAK)
