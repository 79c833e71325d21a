"""Reading the audit trail: filters, search pages, record detail, export rows, statistics.

Shared by the admin API and the CLI. Every query goes through `AuditFilter`, whose
`tenant_id` the caller pins for a tenant-scoped reader, so no path can widen it.
Free text matches plaintext bodies in SQL; encrypted bodies are decrypted and matched
here, scanning at most `scan_limit` records per page (the cursor resumes after them).
"""

from __future__ import annotations

import base64
import binascii
import math
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, Text, and_, case, cast, exists, false, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.audit.bodies import open_body
from gateway.audit.crypto import BodyDecryptError, Keyring
from gateway.audit.findings import FINDING_FIELDS
from gateway.audit.models import UNINDEXED_DECISION, AuditFinding, AuditRecord

R = AuditRecord.__table__.c
F = AuditFinding.__table__.c
# A literal, not a bound parameter: a partial index's condition must appear in the query as written.
_DECISION_INDEXED = R.decision != literal_column(f"'{UNINDEXED_DECISION}'")

SUMMARY_COLUMNS = (
    "id", "request_id", "created_at", "tenant_id", "tenant_name", "key_id", "endpoint", "model",
    "status_code", "outcome", "decision", "error_code", "latency_ms", "findings_count", "policy_version",
    "policy_mode", "stream", "input_actions",
)
# Every column but the raw bodies (bodies are opened separately, decrypted when possible).
DETAIL_COLUMNS = tuple(c.name for c in AuditRecord.__table__.columns if c.name not in ("prompt", "response"))
GROUPS = ("day", "rule", "cwe", "tenant", "decision", "severity", "scanner")
Group = Literal["day", "rule", "cwe", "tenant", "decision", "severity", "scanner"]


class QueryError(ValueError):
    """A filter or cursor the caller sent is invalid; the message names it."""


def input_action_taken(action: str) -> ColumnElement[bool]:
    """The input guard took `action` on at least one finding of the prompt.

    `input_actions` is a JSON list of {rule, kind, action, part}; it is matched as text (the
    same SQL on SQLite and PostgreSQL), in both spellings the stores write: compact
    (msgspec, PostgreSQL's one-statement append) and with a space (json.dumps).
    """
    stored = func.coalesce(cast(R.input_actions, Text), "")  # NULL would make NOT (...) unknown
    return or_(stored.like(f'%"action":"{action}"%'), stored.like(f'%"action": "{action}"%'))


def effective_decision() -> Any:
    """The record's decision, counting a redacted prompt: the output guard's decision is kept in
    `decision`, so a request whose prompt was redacted and whose answer passed reads `allow` there;
    it was redacted all the same."""
    return case((_prompt_redacted_only(), "redact"), else_=R.decision)


def _prompt_redacted_only() -> ColumnElement[bool]:
    return and_(or_(R.decision.is_(None), R.decision == "allow"), input_action_taken("redact"))


def decision_is(decision: str) -> ColumnElement[bool]:
    """`effective_decision() == decision`, written so that the decision index still serves.

    The index holds only records whose decision is not `allow` (models.UNINDEXED_DECISION); a
    database uses a partial index only when the query states its condition, so the condition is
    repeated, as SQL text, next to the equality it follows from. `allow` matches nearly every
    record: that search walks the table newest first instead.
    """
    if decision == "redact":
        return or_(and_(R.decision == "redact", _DECISION_INDEXED), _prompt_redacted_only())
    if decision == "allow":
        return and_(R.decision == "allow", ~input_action_taken("redact"))
    return and_(R.decision == decision, _DECISION_INDEXED)


def _contains(column: Any, value: str) -> ColumnElement[bool]:
    pattern = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return column.ilike(pattern, escape="\\")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    tenant_id: int | None = None
    key_id: str | None = None
    model: str | None = None
    decision: str | None = None
    outcome: str | None = None
    status_code: int | None = None
    endpoint: str | None = None
    # Finding filters: a record matches when one finding matches all of them.
    rule_id: str | None = None
    cwe: str | None = None
    severity: str | None = None
    scanner: str | None = None
    action: str | None = None
    text: str | None = None
    input_action: str | None = None  # the input guard's action on the prompt (redact, block, allow)

    def finding_conditions(self) -> list[ColumnElement[bool]]:
        pairs = ((F.cwe, self.cwe), (F.severity, self.severity), (F.scanner, self.scanner), (F.action, self.action))
        conditions = [column == value for column, value in pairs if value is not None]
        if self.rule_id is not None:  # part of an id finds it: "shell" finds python.command-injection-shell
            conditions.append(_contains(F.rule_id, self.rule_id))
        return conditions

    def record_conditions(
        self, keyring: Keyring | None, *, findings: bool = True
    ) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.since is not None:
            conditions.append(R.created_at >= self.since)
        if self.until is not None:
            conditions.append(R.created_at < self.until)
        pairs = ((R.tenant_id, self.tenant_id), (R.key_id, self.key_id), (R.model, self.model),
                 (R.outcome, self.outcome), (R.status_code, self.status_code), (R.endpoint, self.endpoint))
        conditions += [column == value for column, value in pairs if value is not None]
        if self.decision is not None:
            conditions.append(decision_is(self.decision))
        if self.input_action is not None:
            conditions.append(input_action_taken(self.input_action))
        finding = self.finding_conditions() if findings else []
        if finding:
            conditions.append(exists().where(F.record_id == R.id, *finding))
        if self.text:
            pattern = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            plain = and_(R.body_key_id.is_(None),
                         or_(R.prompt.ilike(pattern, escape="\\"), R.response.ilike(pattern, escape="\\")))
            encrypted = R.body_key_id.is_not(None) if keyring is not None else false()
            conditions.append(or_(plain, encrypted))
        return conditions


# Orders the log can be read in: newest first (the default) and its reverse, and by latency,
# status or number of findings, each either way. The record id breaks ties, so every order is
# total and a cursor (the last row's key) resumes exactly after it.
SORT_KEYS: dict[str, Any] = {
    "time": None,  # the id itself: ids are in commit order
    "latency": R.latency_ms,
    "status": R.status_code,
    "findings": func.coalesce(R.findings_count, 0),
}
SORTS = frozenset(SORT_KEYS) | frozenset(f"-{name}" for name in SORT_KEYS)
DEFAULT_SORT = "-time"


@dataclass(frozen=True, slots=True)
class Order:
    key: Any  # a column expression, or None for the id
    descending: bool
    name: str = "time"

    @classmethod
    def parse(cls, sort: str | None) -> Order:
        sort = sort or DEFAULT_SORT
        if sort not in SORTS:
            raise QueryError(f"sort: expected one of {', '.join(sorted(SORTS))}")
        return cls(SORT_KEYS[sort.lstrip("-")], sort.startswith("-"), sort.lstrip("-"))

    def order_by(self) -> list[Any]:
        columns = [R.id] if self.key is None else [self.key, R.id]
        return [c.desc() if self.descending else c.asc() for c in columns]

    def after(self, position: tuple[float | None, int]) -> ColumnElement[bool]:
        """Rows strictly after `position` (the last row's key and id) in this order."""
        value, record_id = position
        if self.key is None:
            return R.id < record_id if self.descending else R.id > record_id
        if self.descending:
            return or_(self.key < value, and_(self.key == value, R.id < record_id))
        return or_(self.key > value, and_(self.key == value, R.id > record_id))

    def position(self, row: Any) -> tuple[float | None, int]:
        if self.key is None:
            return None, row["id"]
        return row["_sort"], row["id"]


def encode_cursor(position: tuple[float | None, int]) -> str:
    value, record_id = position
    raw = f"r{record_id}" if value is None else f"k{value!r}:{record_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# Bounds of a decoded cursor: record ids are BIGINT (PostgreSQL) / INTEGER (SQLite), and the
# integer sort keys (status, findings) are 32-bit columns; a cursor outside them would make the
# driver fail instead of the caller get a 400.
MAX_RECORD_ID = 2**63 - 1
INTEGER_SORT_KEYS = ("status", "findings")
MAX_INT32 = 2**31 - 1
_DIGITS = frozenset("0123456789")


def _record_id(text: str) -> int:
    # ASCII digits only: str.isdigit() also accepts '²', which int() refuses.
    if not text or len(text) > 19 or not set(text) <= _DIGITS or not 0 <= int(text) <= MAX_RECORD_ID:
        raise QueryError("invalid cursor")
    return int(text)


def decode_cursor(cursor: str, order: Order | None = None) -> tuple[float | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise QueryError("invalid cursor") from None
    keyed = order is not None and order.key is not None
    if not keyed and raw.startswith("r"):
        return None, _record_id(raw[1:])
    if keyed and raw.startswith("k") and ":" in raw:
        value, _, record_id = raw[1:].rpartition(":")
        if len(value) > 32 or not value.isascii():
            raise QueryError("invalid cursor")
        try:
            number = float(value)
        except ValueError:
            raise QueryError("invalid cursor") from None
        if not math.isfinite(number):
            raise QueryError("invalid cursor")
        if order is not None and order.key is not None and order.name in INTEGER_SORT_KEYS:
            if not number.is_integer() or abs(number) > MAX_INT32:
                raise QueryError("invalid cursor")
            return int(number), _record_id(record_id)
        return number, _record_id(record_id)
    raise QueryError("invalid cursor")


def _text_matches(row: Any, text: str, keyring: Keyring | None) -> bool:
    needle = text.lower()
    for body in ("prompt", "response"):
        try:
            value = open_body(row, body, keyring)
        except BodyDecryptError:
            continue
        if value is not None and needle in value.lower():
            return True
    return False


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    scanned: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


async def search(
    conn: AsyncConnection,
    flt: AuditFilter,
    *,
    keyring: Keyring | None,
    limit: int = 50,
    cursor: str | None = None,
    scan_limit: int = 5000,
    sort: str | None = None,
) -> Page:
    """Newest first unless `sort` says otherwise (see SORTS). `next_cursor` is None at the end."""
    order = Order.parse(sort)
    position = decode_cursor(cursor, order) if cursor else None
    conditions = flt.record_conditions(keyring)
    columns = [R[name] for name in SUMMARY_COLUMNS]
    if order.key is not None:
        columns.append(order.key.label("_sort"))
    if flt.text:
        columns += [R.prompt, R.response, R.body_key_id]
    items: list[dict[str, Any]] = []
    scanned = 0
    batch = limit + 1
    while len(items) < limit and scanned < scan_limit:
        query = select(*columns).where(*conditions).order_by(*order.order_by()).limit(batch)
        if position is not None:
            query = query.where(order.after(position))
        rows = (await conn.execute(query)).mappings().all()
        for row in rows:
            if len(items) == limit:  # a further row exists: there is a next page
                return Page(items, encode_cursor(position) if position is not None else None, scanned)
            scanned += 1
            position = order.position(row)
            if flt.text and row["body_key_id"] is not None and not _text_matches(row, flt.text, keyring):
                continue
            items.append({name: row[name] for name in SUMMARY_COLUMNS})
        if len(rows) < batch:
            return Page(items, None, scanned)  # nothing further is left
    # The page is full, or the scan budget for encrypted text search is spent.
    return Page(items, encode_cursor(position) if position is not None else None, scanned)


# Counting stops here: a count over millions of rows would cost more than the page it labels.
COUNT_CAP = 100_000


async def count_matching(conn: AsyncConnection, flt: AuditFilter, *, keyring: Keyring | None) -> int | None:
    """How many records match `flt` (at most COUNT_CAP, which reads as "COUNT_CAP or more").

    None when it cannot be known without opening bodies: a text search over encrypted bodies is
    matched in Python page by page.
    """
    if flt.text and keyring is not None:
        return None
    inner = select(R.id).where(*flt.record_conditions(keyring)).limit(COUNT_CAP).subquery()
    return int((await conn.execute(select(func.count()).select_from(inner))).scalar_one())


async def rule_ids(conn: AsyncConnection, tenant_id: int | None, limit: int = 500) -> list[str]:
    """The rule ids that have findings (in `tenant_id`'s records when given), for a filter's picker."""
    query = select(F.rule_id).group_by(F.rule_id).order_by(F.rule_id).limit(limit)
    if tenant_id is not None:
        query = query.where(F.tenant_id == tenant_id)
    return [row[0] for row in (await conn.execute(query)).all()]


async def findings_for(conn: AsyncConnection, record_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not record_ids:
        return grouped
    query = (select(F.record_id, *[F[name] for name in FINDING_FIELDS])
             .where(F.record_id.in_(list(record_ids))).order_by(F.record_id, F.position))
    for row in (await conn.execute(query)).mappings():
        grouped[row["record_id"]].append({name: row[name] for name in FINDING_FIELDS})
    return grouped


async def record_detail(
    conn: AsyncConnection, request_id: str, *, tenant_id: int | None, keyring: Keyring | None
) -> dict[str, Any] | None:
    """The full record with bodies, findings and its chain status; None if absent or out of scope."""
    from gateway.audit.verify import record_link_status

    query = select(*AuditRecord.__table__.columns).where(R.request_id == request_id)
    if tenant_id is not None:
        query = query.where(R.tenant_id == tenant_id)
    row = (await conn.execute(query)).mappings().one_or_none()
    if row is None:
        return None
    record = dict(row)
    findings = (await findings_for(conn, [record["id"]])).get(record["id"], [])
    detail = {name: record[name] for name in DETAIL_COLUMNS}
    for body in ("prompt", "response"):
        try:
            detail[body] = open_body(record, body, keyring)
        except BodyDecryptError:
            detail[body] = None
        detail[f"{body}_stored"] = _body_state(record, body, keyring)
    detail["findings"] = findings
    detail["chain"] = await record_link_status(conn, record, findings, keyring)
    return detail


def _body_state(record: dict[str, Any], body: str, keyring: Keyring | None) -> str:
    if record[body] is None:
        return "hash_only" if record[f"{body}_sha256"] is not None else "none"
    if record["body_key_id"] is None:
        return "plaintext"
    return "encrypted" if keyring is not None and keyring.has(record["body_key_id"]) else "encrypted_no_key"


async def export_rows(
    conn: AsyncConnection, flt: AuditFilter, *, keyring: Keyring | None, bodies: bool, batch: int = 500
) -> AsyncIterator[dict[str, Any]]:
    """Oldest first, in keyset batches: memory stays flat whatever the size."""
    conditions = flt.record_conditions(keyring)
    columns = [R[name] for name in DETAIL_COLUMNS]
    if bodies or flt.text:
        columns += [R.prompt, R.response]
    after = 0
    while True:
        query = select(*columns).where(*conditions, R.id > after).order_by(R.id).limit(batch)
        rows = (await conn.execute(query)).mappings().all()
        if not rows:
            return
        findings = await findings_for(conn, [row["id"] for row in rows])
        for row in rows:
            after = row["id"]
            if flt.text and row["body_key_id"] is not None and not _text_matches(row, flt.text, keyring):
                continue
            item = {name: row[name] for name in DETAIL_COLUMNS}
            if bodies:
                for body in ("prompt", "response"):
                    try:
                        item[body] = open_body(row, body, keyring)
                    except BodyDecryptError:
                        item[body] = None
            item["findings"] = findings.get(row["id"], [])
            yield item


READ_EVENT = "admin:audit.read"


async def reads_of(
    conn: AsyncConnection, record: dict[str, Any], *, tenant_id: int | None, limit: int = 50
) -> list[dict[str, Any]]:
    """Who read this record's detail and bodies (`audit.read` admin events), newest first.

    Reads can only follow the record, so the scan starts at its time (indexed); the request id
    is matched in the event's JSON text, then checked exactly.
    """
    wanted = str(record["request_id"])
    needle = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        select(R.request_id, R.created_at, R.key_id, R.client_addr, R.details)
        .where(R.endpoint == READ_EVENT, R.created_at >= record["created_at"],
               cast(R.details, Text).like(needle, escape="\\"))
        .order_by(R.id.desc())
        .limit(limit)
    )
    if tenant_id is not None:
        query = query.where(R.tenant_id == tenant_id)
    reads = []
    for row in (await conn.execute(query)).mappings():
        details = row["details"] or {}
        if details.get("record_request_id") == wanted:
            reads.append({"request_id": row["request_id"], "created_at": row["created_at"],
                          "actor": details.get("actor") or row["key_id"], "client_addr": row["client_addr"],
                          "via": details.get("via"), "bodies": details.get("bodies") or []})
    return reads


def _day(conn: AsyncConnection, column: Any) -> Any:
    if conn.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column)


async def finding_stats(conn: AsyncConnection, flt: AuditFilter, group: Group) -> list[dict[str, Any]]:
    """Finding counts (and distinct records) per group, largest first."""
    if group not in GROUPS:
        raise QueryError(f"group_by must be one of {', '.join(GROUPS)}")
    key: Any = {
        "day": _day(conn, F.created_at), "rule": F.rule_id, "cwe": F.cwe, "tenant": R.tenant_name,
        "decision": R.decision, "severity": F.severity, "scanner": F.scanner,
    }[group]
    conditions = flt.record_conditions(None, findings=False) + flt.finding_conditions()
    query: Select[Any] = (
        select(key.label("key"), func.count().label("findings"),
               func.count(func.distinct(F.record_id)).label("records"))
        .select_from(AuditFinding.__table__.join(AuditRecord.__table__, F.record_id == R.id))
        .where(*conditions)
        .group_by(key)
        .order_by(func.count().desc(), key)
    )
    return [dict(row) for row in (await conn.execute(query)).mappings()]


__all__ = [
    "AuditFilter", "Page", "QueryError", "count_matching", "decision_is", "effective_decision", "export_rows",
    "finding_stats", "input_action_taken", "reads_of", "record_detail", "rule_ids", "search",
]
