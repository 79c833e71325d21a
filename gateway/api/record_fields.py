"""Client-supplied values on their way into an audit record: made to fit their column at the edge.

PostgreSQL refuses a value longer than its `VARCHAR(n)` column, and one refused row fails the
whole group commit it shares with other tenants' records. So every value a client controls
(the request's `model`, the peer address a forwarding proxy reports) is bounded here, before the
record is queued, and never reaches the store longer than its column or holding a NUL byte.
The answer itself is unchanged (an unknown 129-character model is still a 404 `model_not_found`).

Column sizes are read from the table definition, so a migration that widens a column widens the
bound with it.
"""

from __future__ import annotations

import hashlib

from gateway.audit.models import AuditRecord

# Marks a cut value and keeps distinct long values distinct: "…#" and 16 hex digits of SHA-256.
_DIGEST_CHARS = 16
_MARK = "…#"


def column_length(column: str) -> int:
    """The declared length of a string column of `audit_records`."""
    length = getattr(AuditRecord.__table__.c[column].type, "length", None)
    if not isinstance(length, int):
        raise ValueError(f"audit_records.{column} has no declared length")
    return length


MODEL_CHARS = column_length("model")
CLIENT_ADDR_CHARS = column_length("client_addr")


def fit(value: str | None, limit: int) -> str | None:
    """`value` without NUL bytes and at most `limit` characters; a longer value is cut and ends
    with a digest of the whole, so the record still tells two long values apart."""
    if value is None:
        return None
    if "\x00" in value:  # PostgreSQL text cannot hold U+0000 (the writer stores U+FFFD, as here)
        value = value.replace("\x00", "\ufffd")
    if len(value) <= limit:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST_CHARS]
    return value[: limit - len(_MARK) - _DIGEST_CHARS] + _MARK + digest


def fit_model(model: str | None) -> str | None:
    return fit(model, MODEL_CHARS)


def client_address(host: str | None) -> str | None:
    """The peer address for the record: normally an IP address, but a forwarding header may set
    any text (`unknown`, a host name, garbage), which is kept, bounded."""
    return fit(host or None, CLIENT_ADDR_CHARS)
