"""Load a policy directory: resolve `extends` chains, merge, validate, compile.

Layout: `<dir>/default.yaml` and `<dir>/tenants/<tenant>.yaml`.
`extends` names a parent: `default`, another tenant, or a relative `.yaml` path.
A tenant file without `extends` extends `default`; `extends: null` starts from the
built-in defaults. The built-in defaults (types.py) are always the bottom layer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi

from gateway.policy.compiled import CompiledPolicy, compile_policy
from gateway.policy.errors import PolicyError, SourceLocation
from gateway.policy.merge import merge
from gateway.policy.source import (
    Locations,
    PathKey,
    SourceDocument,
    format_path,
    nearest_location,
    read_document,
)
from gateway.policy.types import LanguageOverride, Policy

DEFAULT_NAME = "default"
BUILTIN = "<built-in defaults>"
T = TypeVar("T")
_TENANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MSGSPEC_PATH = re.compile(r" - at `\$([^`]*)`$")
_PATH_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Every tenant's compiled policy from one directory snapshot; immutable."""

    directory: Path
    default: CompiledPolicy
    tenants: dict[str, CompiledPolicy]
    version: str

    def for_tenant(self, name: str) -> CompiledPolicy:
        return self.tenants.get(name, self.default)


@dataclass(frozen=True, slots=True)
class _Resolved:
    data: dict[str, Any]
    locations: Locations
    sources: tuple[Path, ...]


def load_policy_set(directory: Path) -> PolicySet:
    directory = Path(directory)
    default_path = directory / f"{DEFAULT_NAME}.yaml"
    if not default_path.is_file():
        raise PolicyError("no default.yaml in the policy directory", location=SourceLocation(str(directory)))
    resolver = _Resolver(directory)
    default = resolver.compile(DEFAULT_NAME, default_path)
    tenants: dict[str, CompiledPolicy] = {}
    tenant_dir = directory / "tenants"
    if tenant_dir.is_dir():
        for path in sorted(tenant_dir.iterdir()):
            if path.suffix in {".yml", ".json"}:
                raise PolicyError("policy files must end in .yaml", location=SourceLocation(str(path)))
            if path.suffix != ".yaml":
                continue
            if not _TENANT_NAME.match(path.stem) or path.stem == DEFAULT_NAME:
                raise PolicyError(
                    f"invalid tenant file name {path.stem!r}", location=SourceLocation(str(path))
                )
            tenants[path.stem] = resolver.compile(path.stem, path)
    digest = hashlib.sha256(default.version.encode())
    for name in sorted(tenants):
        digest.update(f"\n{name}={tenants[name].version}".encode())
    return PolicySet(directory, default, tenants, digest.hexdigest())


def load_policy_file(path: Path, directory: Path | None = None) -> CompiledPolicy:
    """One policy file with its `extends` chain (resolved in `directory`, default: its folder's root)."""
    path = Path(path)
    if directory is None:
        directory = path.parent.parent if path.parent.name == "tenants" else path.parent
    is_default = path.resolve() == (directory / f"{DEFAULT_NAME}.yaml").resolve()
    return _Resolver(directory).compile(DEFAULT_NAME if is_default else path.stem, path)


class _Resolver:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.default_path = (directory / f"{DEFAULT_NAME}.yaml").resolve()
        self.cache: dict[Path, _Resolved] = {}

    def compile(self, name: str, path: Path) -> CompiledPolicy:
        resolved = self.resolve(path, ())
        policy = validate(resolved.data, resolved.locations, str(path))
        return compile_policy(name, policy, resolved.sources, resolved.locations)

    def resolve(self, path: Path, chain: tuple[Path, ...]) -> _Resolved:
        path = path.resolve()
        if path in self.cache:
            return self.cache[path]
        doc = read_document(path)
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            raise PolicyError("a policy file must be a mapping of sections", location=doc.location(()))
        parent = self._parent(doc, data, path, (*chain, path))
        own = {k: v for k, v in data.items() if k != "extends"}
        merged, locations = merge(parent.data, parent.locations, own, doc.locations, str(path))
        merged.pop("extends", None)
        result = _Resolved(merged, locations, (*parent.sources, path))
        self.cache[path] = result
        return result

    def _parent(
        self, doc: SourceDocument, data: dict[str, Any], path: Path, chain: tuple[Path, ...]
    ) -> _Resolved:
        if "extends" in data:
            target = data["extends"]
        else:
            target = None if path == self.default_path else DEFAULT_NAME
        if target is None:
            return _builtin()
        where = doc.location(("extends",))
        if not isinstance(target, str) or not target:
            raise PolicyError(
                "extends must be a policy name or a relative .yaml path", location=where, field="extends"
            )
        parent_path = self._locate(target, path).resolve()
        if not parent_path.is_file():
            raise PolicyError(
                f"extends {target!r}: no such policy ({parent_path})", location=where, field="extends"
            )
        if parent_path in chain:
            cycle = " -> ".join(p.name for p in (*chain, parent_path))
            raise PolicyError(f"extends cycle: {cycle}", location=where, field="extends")
        return self.resolve(parent_path, chain)

    def _locate(self, target: str, child: Path) -> Path:
        if target.endswith((".yaml", ".yml")) or "/" in target:
            return child.parent / target
        if target == DEFAULT_NAME:
            return self.directory / f"{DEFAULT_NAME}.yaml"
        return self.directory / "tenants" / f"{target}.yaml"


def _builtin() -> _Resolved:
    data = msgspec.to_builtins(Policy())
    return _Resolved(data, {(): SourceLocation(BUILTIN)}, ())


def validate(data: dict[str, Any], locations: Locations, file: str) -> Policy:
    """Convert merged data to a `Policy`, turning msgspec's message into file:line: field: message."""
    languages = data.get("output", {}).get("languages") if isinstance(data.get("output"), dict) else None
    if isinstance(languages, dict):
        # msgspec reports dict entries as `[...]`; check them one by one to name the language.
        for lang, override in languages.items():
            convert_located(override, LanguageOverride, ("output", "languages", str(lang)), locations, file)
    return convert_located(data, Policy, (), locations, file)


def convert_located(data: Any, kind: type[T], prefix: PathKey, locations: Locations, file: str) -> T:
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        message = str(exc)
        path: PathKey = prefix
        match = _MSGSPEC_PATH.search(message)
        if match:
            message = message[: match.start()]
            path = (*prefix, *_parse_path(match.group(1)))
        if message.startswith("Invalid enum value"):
            allowed = _literal_values(kind, path[len(prefix) :])
            if allowed:
                message += f"; expected one of: {', '.join(allowed)}"
        unknown = re.match(r"Object contains unknown field `(.+)`$", message)
        if unknown:
            path = (*path, unknown.group(1))
            message = "unknown field"
        raise PolicyError(
            message, location=nearest_location(locations, path, file), field=format_path(path)
        ) from None


def _parse_path(text: str) -> PathKey:
    parts: list[str | int] = []
    for name, index in _PATH_TOKEN.findall(text):
        if name:
            parts.append(name)
        elif index.isdigit():
            parts.append(int(index))
        else:
            break  # `[...]`: a dict key msgspec does not name; point at the dict itself
    return tuple(parts)


def _literal_values(kind: Any, path: PathKey) -> tuple[str, ...]:
    """The allowed values of the Literal field at `path` (for a friendlier enum error)."""
    info: Any = mi.type_info(kind)
    for part in path:
        info = _unwrap(info)
        if isinstance(info, mi.StructType) and isinstance(part, str):
            info = next((f.type for f in info.fields if f.name == part), None)
        elif isinstance(info, mi.ListType) and isinstance(part, int):
            info = info.item_type
        elif isinstance(info, mi.DictType):
            info = info.value_type
        else:
            return ()
    info = _unwrap(info)
    return tuple(str(v) for v in info.values) if isinstance(info, mi.LiteralType) else ()


def _unwrap(info: Any) -> Any:
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        # A policy union is "X | None" or "str | list[str]": the structured member matters.
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        structured = [t for t in members if isinstance(t, mi.StructType | mi.ListType | mi.LiteralType)]
        info = (structured or members or [info])[0]
    return info
