"""JSON Schema for policy files, generated from the same types the loader validates with."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from gateway.policy.types import Policy

SCHEMA_ID = "https://sluice.dev/schemas/policy.json"


def policy_schema() -> dict[str, Any]:
    schema: dict[str, Any] = msgspec.json.schema(Policy)
    for definition in schema.get("$defs", {}).values():
        _add_list_merge_keys(definition)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Sluice policy file",
        **schema,
    }


def render_schema() -> str:
    return json.dumps(policy_schema(), indent=2, sort_keys=True) + "\n"


def _add_list_merge_keys(definition: dict[str, Any]) -> None:
    """Every list field also accepts `name+` (append) and `+name` (prepend), see merge.py."""
    properties = definition.get("properties")
    if not isinstance(properties, dict):
        return
    for name, prop in list(properties.items()):
        if _is_array(prop):
            extra = {"description": f"Adds to the inherited `{name}` list.", **_array_part(prop)}
            properties[f"{name}+"] = extra
            properties[f"+{name}"] = extra


def _is_array(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "array" or any(p.get("type") == "array" for p in prop.get("anyOf", []))


def _array_part(prop: dict[str, Any]) -> dict[str, Any]:
    if prop.get("type") == "array":
        return {"type": "array", "items": prop.get("items", {})}
    return next(p for p in prop["anyOf"] if p.get("type") == "array")
