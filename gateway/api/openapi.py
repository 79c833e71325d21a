"""The OpenAPI 3.1 document of the public and admin HTTP API, served at `/openapi.json`.

Request bodies come from the same msgspec structs that validate them (`schemas.py`),
so the document cannot drift from what the gateway accepts. Responses are described
as far as clients rely on them: the OpenAI shapes' stable fields and the one error
shape every failure uses. Litestar's own OpenAPI generation is off (`openapi_config=None`):
the handlers take raw requests to keep validation and errors in our hands.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec
from litestar import Response, get

from gateway.api.controllers import ScanRequest
from gateway.api.schemas import ChatCompletionRequest, CompletionRequest

REF = "#/components/schemas/{name}"

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "param", "code"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "param": {"type": ["string", "null"]},
                "code": {"type": ["string", "null"]},
            },
            "additionalProperties": True,  # e.g. `findings` on a policy violation
        }
    },
}

_CHOICES = {"type": "array", "items": {"type": "object", "required": ["index"],
                                       "properties": {"index": {"type": "integer"}}}}
COMPLETION = {
    "type": "object",
    "required": ["id", "object", "created", "model", "choices"],
    "properties": {
        "id": {"type": "string"},
        "object": {"enum": ["chat.completion", "text_completion"]},
        "created": {"type": "integer"},
        "model": {"type": "string"},
        "choices": _CHOICES,
        "usage": {"type": ["object", "null"]},
        "sluice": {"type": "object", "description": "The gateway's decision and findings for this answer."},
    },
}
MODELS = {
    "type": "object",
    "required": ["object", "data"],
    "properties": {
        "object": {"const": "list"},
        "data": {"type": "array", "items": {"type": "object", "required": ["id", "object"],
                                            "properties": {"id": {"type": "string"}, "object": {"const": "model"},
                                                           "max_model_len": {"type": "integer"}}}},
    },
}
SCAN_RESULT = {
    "type": "object",
    "required": ["language", "findings", "decision", "policy_version", "incomplete", "duration_ms"],
    "properties": {
        "language": {"type": ["string", "null"]},
        "findings": {"type": "array", "items": {"type": "object"}},
        "decision": {"type": "string"},
        "policy_version": {"type": "string"},
        "incomplete": {"type": "array", "items": {"type": "string"}},
        "duration_ms": {"type": "number"},
    },
}
HEALTH = {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}
ANY_OBJECT = {"type": "object"}
# OpenAPI before 3.2: the schema of `text/event-stream` describes each event.
SSE = {"type": "object", "required": ["data"], "properties": {"data": {"type": "string"}, "event": {"type": "string"}},
       "description": "One server-sent event: a chunk or an `error` object as JSON, the last one `[DONE]`."}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": REF.format(name="Error")}}}}


def _ok(schema: dict[str, Any], description: str = "Success.", media: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    reasons = {
        400: "Invalid request (body, parameter or input policy).",
        401: "Missing, malformed, unknown, expired or revoked API key.",
        403: "Scope or policy forbids it.",
        404: "Unknown model or record.",
        413: "Request body too large.",
        429: "Rate limit or quota exceeded (see Retry-After).",
        502: "The model runtime failed or is unreachable.",
        503: "The audit store or the model runtime is unavailable (fail closed).",
        504: "The model runtime timed out.",
    }
    return {str(s): _error(reasons[s]) for s in statuses}


_GENERATION_ERRORS = (400, 401, 403, 404, 413, 429, 502, 503, 504)
_SECURED: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def _generation(summary: str, body: str) -> dict[str, Any]:
    return {"post": {
        "summary": summary,
        "security": _SECURED,
        "parameters": [{"name": "x-sluice-language", "in": "header", "required": False,
                        "schema": {"type": "string"}, "description": "Language hint for the output scanners."}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": REF.format(name=body)}}}},
        "responses": {
            "200": {"description": "The answer (JSON), or a stream when `stream` is true.",
                    "content": {"application/json": {"schema": COMPLETION}, "text/event-stream": {"schema": SSE}}},
            **_errors(*_GENERATION_ERRORS),
        },
    }}


_FILTERS = ("since", "until", "tenant", "key_id", "model", "decision", "outcome", "status", "endpoint", "rule_id",
            "cwe", "severity", "scanner", "action", "q")


def _or_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """Admin query parameters treat an empty value (`?limit=`, as HTML forms send) as not given."""
    return {"anyOf": [schema, {"const": ""}], "description": "An empty value means the default."}


def _query(*names: str, **enums: tuple[str, ...]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
                                    for n in names]
    params += [{"name": n, "in": "query", "required": False, "schema": _or_empty({"enum": list(values)})}
               for n, values in enums.items()]
    return params


def _admin(summary: str, parameters: list[dict[str, Any]], ok: dict[str, Any], *errors: int) -> dict[str, Any]:
    return {"get": {"summary": summary, "security": _SECURED, "parameters": parameters,
                    "responses": {"200": ok, **_errors(*errors)}}}


def build_document() -> dict[str, Any]:
    _, components = msgspec.json.schema_components(
        [ChatCompletionRequest, CompletionRequest, ScanRequest], ref_template=REF
    )
    components["Error"] = ERROR
    limit = {"name": "limit", "in": "query", "required": False,
             "schema": _or_empty({"type": "integer", "minimum": 1, "maximum": 500})}
    paths: dict[str, Any] = {
        "/v1/chat/completions": _generation("Chat completion (OpenAI-compatible).", "ChatCompletionRequest"),
        "/v1/completions": _generation("Text completion, with fill-in-the-middle via `suffix`.",
                                       "CompletionRequest"),
        "/v1/models": {"get": {"summary": "Models this key and its tenant's policy may use.", "security": _SECURED,
                               "responses": {"200": _ok(MODELS), **_errors(401, 403, 429)}}},
        "/v1/guard/scan": {"post": {
            "summary": "Scan code with the tenant's policy, outside generation (CI, editors).",
            "security": _SECURED,
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": {"$ref": REF.format(name="ScanRequest")}}}},
            "responses": {"200": _ok(SCAN_RESULT), **_errors(400, 401, 403, 413, 429)},
        }},
        "/healthz": {"get": {"summary": "Liveness.", "security": [],
                             "responses": {"200": _ok(HEALTH)}}},
        "/readyz": {"get": {"summary": "Readiness: database and every model runtime.", "security": [],
                            "responses": {"200": _ok(HEALTH), "503": _ok(HEALTH, "Not ready.")}}},
        "/admin/api/audit/records": _admin(
            "Audit records, newest first (tenant-scoped unless the key is an admin's).",
            [*_query(*_FILTERS, "cursor"), limit], _ok(ANY_OBJECT), 400, 401, 403, 429, 503),
        "/admin/api/audit/records/{record_request_id}": _admin(
            "One audit record with its findings.",
            [{"name": "record_request_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            _ok(ANY_OBJECT), 400, 401, 403, 404, 429, 503),
        "/admin/api/audit/export": _admin(
            "Export records as JSON lines or CSV (the export itself is audited first).",
            _query(*_FILTERS, format=("jsonl", "csv"), bodies=("0", "1", "false", "true")),
            {"description": "The export.", "content": {"application/x-ndjson": {"schema": {"type": "string"}},
                                                       "text/csv": {"schema": {"type": "string"}}}},
            400, 401, 403, 429, 503),
        "/admin/api/audit/stats": _admin(
            "Finding counts grouped by day, rule, CWE, tenant, decision, severity or scanner.",
            _query(*_FILTERS, group_by=("day", "rule", "cwe", "tenant", "decision", "severity", "scanner")),
            _ok(ANY_OBJECT), 400, 401, 403, 429, 503),
        "/admin/api/audit/verify": _admin(
            "Verify the audit hash chain (admin keys only).",
            [{"name": n, "in": "query", "required": False,
              "schema": _or_empty({"type": "integer", "minimum": 1, "maximum": 2**62})} for n in ("from", "to")],
            _ok(ANY_OBJECT), 400, 401, 403, 429, 503),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sluice gateway", "version": "1",
                 "description": "OpenAI-compatible secure code-generation gateway. Every request is audited."},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "API key `sk-sluice-<id>_<secret>`."}},
        },
    }


@cache
def document_bytes() -> bytes:
    return msgspec.json.encode(build_document())


@get("/openapi.json", include_in_schema=False, sync_to_thread=False)
def openapi_json() -> Response[bytes]:
    """The document; public like the API's shape (it holds no tenant data)."""
    return Response(content=document_bytes(), media_type="application/json")
