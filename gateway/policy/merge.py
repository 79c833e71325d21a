"""Deep merge of a child policy onto its parent, keeping every value's source location.

Semantics (documented in docs/policy.md):
- mappings merge key by key, recursively;
- any other value (scalar or list) in the child replaces the parent's;
- `key+: [...]` appends the child's list after the parent's, `+key: [...]` puts it
  before (first-match-wins lists such as `output.rules`); either sets the list when
  the parent has none; using `key` together with `key+` or `+key` is an error.
"""

from __future__ import annotations

from typing import Any

from gateway.policy.errors import PolicyError
from gateway.policy.source import Locations, PathKey, format_path, nearest_location

APPEND = "+"


def merge(
    base: Any, base_locs: Locations, over: Any, over_locs: Locations, file: str
) -> tuple[Any, Locations]:
    """Merge `over` onto `base`; both are plain YAML data. Returns new data and locations."""
    locs = dict(base_locs)
    data = _merge_value(base, over, (), (), locs, over_locs, file)
    return data, locs


def _merge_value(
    base: Any, over: Any, path: PathKey, over_path: PathKey, locs: Locations, over_locs: Locations, file: str
) -> Any:
    if isinstance(over, dict):
        return _merge_mapping(
            base if isinstance(base, dict) else None, over, path, over_path, locs, over_locs, file
        )
    _replace_locations(locs, path, over_locs, over_path)
    return over


def _merge_mapping(
    base: dict[str, Any] | None,
    over: dict[Any, Any],
    path: PathKey,
    over_path: PathKey,
    locs: Locations,
    over_locs: Locations,
    file: str,
) -> dict[str, Any]:
    if base is None:
        # Replacing a non-mapping (or nothing): forget the parent's locations under here.
        _replace_locations(locs, path, {}, ())
        locs[path] = nearest_location(over_locs, over_path, file)
        base = {}
    result = dict(base)
    for raw_key, value in over.items():
        key = str(raw_key)
        child_over = (*over_path, key)
        append, prepend = key.endswith(APPEND), key.startswith(APPEND)
        if (append or prepend) and len(key) > 1:
            name = key[:-1] if append else key[1:]
            if name in over:
                raise PolicyError(
                    f"use either `{name}` or `{key}`, not both",
                    location=nearest_location(over_locs, child_over, file),
                    field=format_path((*path, key)),
                )
            result[name] = _extend(
                result.get(name), value, prepend, (*path, name), child_over, key, locs, over_locs, file
            )
        else:
            result[key] = _merge_value(
                result.get(key), value, (*path, key), child_over, locs, over_locs, file
            )
    return result


def _extend(
    base: Any,
    value: Any,
    prepend: bool,
    path: PathKey,
    over_path: PathKey,
    written: str,
    locs: Locations,
    over_locs: Locations,
    file: str,
) -> list[Any]:
    where = nearest_location(over_locs, over_path, file)
    field = format_path((*path[:-1], written))
    if not isinstance(value, list):
        raise PolicyError("`+` adds a list; the value here is not a list", location=where, field=field)
    if base is None:
        base = []
    elif not isinstance(base, list):
        raise PolicyError(
            "`+` adds to a list, but the inherited value is not a list", location=where, field=field
        )
    depth = len(path)
    inherited = {k: v for k, v in locs.items() if k[:depth] == path and len(k) > depth}
    if prepend:
        # Inherited items move down by len(value).
        for key in inherited:
            del locs[key]
        for key, loc in inherited.items():
            index = key[depth]
            shifted = index + len(value) if isinstance(index, int) else index
            locs[(*path, shifted, *key[depth + 1 :])] = loc
    offset = 0 if prepend else len(base)
    locs.setdefault(path, where)
    over_depth = len(over_path)
    for key, loc in over_locs.items():
        if key[:over_depth] == over_path and len(key) > over_depth:
            index = key[over_depth]
            if isinstance(index, int):
                locs[(*path, index + offset, *key[over_depth + 1 :])] = loc
    return [*value, *base] if prepend else [*base, *value]


def _replace_locations(locs: Locations, path: PathKey, over_locs: Locations, over_path: PathKey) -> None:
    depth = len(path)
    for key in [k for k in locs if k[:depth] == path]:
        del locs[key]
    over_depth = len(over_path)
    for key, loc in over_locs.items():
        if key[:over_depth] == over_path:
            locs[(*path, *key[over_depth:])] = loc
