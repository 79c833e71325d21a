"""Reading a request body within `server.max_body_bytes`: a clear 413, never a framework error."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException

from gateway.errors import APIError, bad_request


def too_large(limit: int) -> APIError:
    return APIError(413, f"The request body exceeds the limit of {limit} bytes.", code="request_too_large")


async def read_body(request: Request[Any, Any, Any], limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_large(limit)  # refused before a byte of it is read
    try:
        body = await request.body()
    except HTTPException as exc:
        if exc.status_code == 413:
            raise too_large(limit) from None
        raise bad_request("The request body could not be read.") from None
    if len(body) > limit:
        raise too_large(limit)
    return body
