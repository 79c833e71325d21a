"""Read a YAML policy file into plain data plus the source location of every value.

PyYAML's composed node tree carries marks; we walk it once to build a map from
field path (a tuple of keys and list indices) to location, so errors found later
(validation, merge, compilation) can name the file and line they came from.
Duplicate keys, which PyYAML silently accepts, are errors here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gateway.policy.errors import PolicyError, SourceLocation

PathKey = tuple[str | int, ...]
Locations = dict[PathKey, SourceLocation]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    path: Path
    data: Any
    locations: Locations

    def location(self, path: PathKey) -> SourceLocation:
        return nearest_location(self.locations, path, str(self.path))


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def nearest_location(locations: Locations, path: PathKey, fallback_file: str) -> SourceLocation:
    """The location of `path`, or of its closest ancestor that has one."""
    for end in range(len(path), -1, -1):
        found = locations.get(path[:end])
        if found is not None:
            return found
    return SourceLocation(fallback_file)


def read_document(path: Path) -> SourceDocument:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(
            f"cannot read file: {exc.__class__.__name__}: {getattr(exc, 'strerror', None) or exc}",
            location=SourceLocation(name),
        ) from None
    return parse_document(text, name, path)


class _Loader(yaml.SafeLoader):
    """SafeLoader whose value errors (a date like 2026-13-01) carry the node's mark."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid value ({exc})", node.start_mark
            ) from None


def parse_document(text: str, name: str, path: Path | None = None) -> SourceDocument:
    try:
        # The reader rejects control characters (NUL...) already in the constructor.
        loader = _Loader(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"invalid YAML: {exc.__class__.__name__} (control characters?)",
                          location=SourceLocation(name)) from None
    loader.name = name
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # Our own wording, without PyYAML's snippet of the line (it may hold a secret).
        message = f"invalid YAML: {exc.problem or exc.context}"
        raise PolicyError(message, location=_location(name, mark)) from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"invalid YAML: {exc.__class__.__name__}", location=SourceLocation(name)) from None
    finally:
        loader.dispose()
    locations: Locations = {}
    if node is not None:
        try:
            _index(node, (), name, locations)
        except RecursionError:  # an alias that contains itself (`a: &x [*x]`)
            raise PolicyError("invalid YAML: a recursive alias (an anchor used inside itself)",
                              location=_location(name, node.start_mark)) from None
    return SourceDocument(path or Path(name), data, locations)


def _location(name: str, mark: yaml.Mark | None) -> SourceLocation:
    if mark is None:
        return SourceLocation(name)
    return SourceLocation(name, mark.line + 1, mark.column + 1)


def _index(node: yaml.Node, path: PathKey, name: str, out: Locations) -> None:
    out.setdefault(path, _location(name, node.start_mark))
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child = (*path, str(key))
            if key in seen:
                raise PolicyError(
                    "duplicate key", location=_location(name, key_node.start_mark), field=format_path(child)
                )
            seen.add(key)
            # The key's line is the most useful place to point at for a field.
            out[child] = _location(name, key_node.start_mark)
            _index(value_node, child, name, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*path, index), name, out)
