"""Which database failures are about the data and which about the connection.

The two call for opposite handling. A *data* error (a value the database refuses, a
duplicate key) fails the statement but leaves the connection fine, and the same statement
without the offending row would succeed: the audit writer isolates that row. A *lost
connection* (the server restarted while a held connection sat idle, a proxy cut it) says
nothing about the statement: reconnect once and retry where that is safe.
"""

from __future__ import annotations

import sqlite3

import asyncpg
import sqlalchemy.exc

# asyncpg raises its own classes directly (the stores and the key lookup bypass SQLAlchemy).
_DATA = (
    asyncpg.exceptions.DataError, asyncpg.exceptions.IntegrityConstraintViolationError,
    sqlite3.IntegrityError, sqlite3.DataError,
    sqlite3.InterfaceError, sqlite3.ProgrammingError,  # a parameter sqlite3 cannot bind
    # Encoding a value (JSON, UTF-8) or binding an integer past 64 bits, before anything was sent;
    # asyncpg's client-side DataError (an argument it cannot encode) is a ValueError too.
    UnicodeError, ValueError, TypeError, OverflowError,
)
_LOST = (
    asyncpg.exceptions.PostgresConnectionError,  # ConnectionDoesNotExistError: closed mid-operation
    asyncpg.exceptions.OperatorInterventionError,  # AdminShutdown, CannotConnectNow, CrashShutdown
    asyncpg.exceptions.InterfaceError,  # "connection is closed", "another operation is in progress"
    ConnectionError, TimeoutError,
)


# What a lost database looks like from the drivers we use, to a request that needs it (a key lookup
# while PostgreSQL restarts): a retryable 503, not a 500. asyncpg's refusals while PostgreSQL starts or
# stops ("the database system is shutting down") reach us as a bare DBAPIError or an InternalError, so
# the whole DBAPIError family counts, less the classes that mean our SQL is wrong (bugs: 500, not 503).
# The asyncpg fast paths (key lookup, audit append) raise the driver's own classes: a lost connection,
# or the server refusing work while it starts or stops (SQLSTATE class 57).
_OUTAGE = (
    sqlalchemy.exc.DBAPIError, sqlite3.OperationalError, ConnectionError, asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError, asyncpg.exceptions.OperatorInterventionError,
)
_SQL_BUGS = (sqlalchemy.exc.IntegrityError, sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.DataError,
             sqlalchemy.exc.NotSupportedError)


def is_database_outage(error: BaseException) -> bool:
    """True when the database is unreachable or refusing work, not when a statement is wrong."""
    return isinstance(error, _OUTAGE) and not isinstance(error, _SQL_BUGS)


def _cause(exc: BaseException) -> BaseException:
    """The driver's own exception behind SQLAlchemy's wrapper (StatementError.orig)."""
    if isinstance(exc, sqlalchemy.exc.StatementError) and exc.orig is not None:
        return exc.orig
    return exc


def is_data_error(exc: BaseException) -> bool:
    """The database (or the driver encoding parameters) refused a value: other rows would go through."""
    if isinstance(exc, sqlalchemy.exc.IntegrityError | sqlalchemy.exc.DataError):
        return True
    return isinstance(_cause(exc), _DATA)


def is_connection_lost(exc: BaseException) -> bool:
    """The connection is gone (or unusable), whatever the statement was."""
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return True
    cause = _cause(exc)
    if isinstance(cause, asyncpg.exceptions.InterfaceError) and isinstance(cause, ValueError):
        return False  # client-side DataError: the connection is fine
    return isinstance(cause, _LOST)
