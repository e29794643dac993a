"""The store on PostgreSQL (psycopg 3): the same schema, statements and behaviour as SQLite, for a team.

:class:`Store` runs every statement through a connection object and an SQL class; this module gives it both
for PostgreSQL. :class:`PostgresSQL` inherits SQLite's statements (they are standard SQL with ``?``
parameters and ``ON CONFLICT`` upserts) and changes only what differs; its migrations are SQLite's, in the
same order, with the column types widened (``REAL`` -> ``DOUBLE PRECISION``, ``INTEGER`` -> ``BIGINT``), so
a migration added to the store applies to both back ends. :class:`PgConnection` turns ``?`` into psycopg's
``%s`` and runs in autocommit mode, so the store's own ``BEGIN``/``COMMIT`` delimit its transactions.

Several writers at once (``ingest`` processes on several hosts) are safe: migrations run under a
database-wide advisory lock, and each batch takes a transaction-scoped advisory lock per article id, in id
order (no deadlock), before it looks the article up, deletes its old rows and upserts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit, urlunsplit

from eventwire.store import SQLiteSQL, Store, StoreError

if TYPE_CHECKING:
    import psycopg

NAME = "store.postgresql.v1"
MIGRATION_LOCK = 0x65766E74  # pg_advisory_lock key held while the schema is checked and migrated
SCHEMES = ("postgresql://", "postgres://")

_TYPES = ((re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b", re.IGNORECASE), "BIGSERIAL PRIMARY KEY"),
          (re.compile(r"\bREAL\b", re.IGNORECASE), "DOUBLE PRECISION"),
          (re.compile(r"\bINTEGER\b", re.IGNORECASE), "BIGINT"))


def postgres_ddl(statement: str) -> str:
    """A SQLite DDL statement for PostgreSQL: the same tables with PostgreSQL's wider column types."""
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return statement


def pyformat(statement: str) -> str:
    """``?`` parameters as psycopg's ``%s`` (not inside string literals); a literal ``%`` doubled."""
    out: list[str] = []
    quoted = False
    for char in statement:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


class PostgresSQL(SQLiteSQL):
    """SQLite's statements, with PostgreSQL's DDL, transaction start, row locks and LIMIT."""

    MIGRATIONS = tuple((version, tuple(postgres_ddl(s) for s in statements))
                       for version, statements in SQLiteSQL.MIGRATIONS)
    begin = "BEGIN"
    lock_article = "SELECT pg_advisory_xact_lock(hashtext(?))"
    like_escape = " ESCAPE '\\'"

    @staticmethod
    def limit(limit: int | None, offset: int) -> tuple[str, list[Any]]:
        if limit is None and not offset:
            return "", []
        return " LIMIT ? OFFSET ?", [limit, offset]  # LIMIT NULL: no limit (SQLite wants -1)


class PgConnection:
    """The part of ``sqlite3.Connection`` the store uses, on a psycopg connection in autocommit mode."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.raw = connection

    def execute(self, statement: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        try:
            return self.raw.execute(pyformat(statement), list(params))
        except Exception as exc:
            raise _as_sqlite_error(exc) from exc

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            try:
                with self.raw.cursor() as cursor:
                    cursor.executemany(pyformat(statement), rows)
            except Exception as exc:
                raise _as_sqlite_error(exc) from exc

    def close(self) -> None:
        self.raw.close()


_DBAPI = ("IntegrityError", "DataError", "OperationalError", "ProgrammingError", "InternalError",
          "NotSupportedError", "DatabaseError")


def _as_sqlite_error(exc: Exception) -> Exception:
    """A psycopg error as the ``sqlite3`` error of the same DB-API class (IntegrityError for a broken key...),
    so that callers of the store handle both back ends alike; other exceptions pass unchanged."""
    import sqlite3

    for cls in type(exc).__mro__:
        if cls.__module__.startswith("psycopg") and cls.__name__ in _DBAPI:
            error: Exception = getattr(sqlite3, cls.__name__)(str(exc).strip())
            return error
    return exc


def is_postgres_url(url_or_path: object) -> bool:
    return str(url_or_path or "").lower().startswith(SCHEMES)


def public_location(url: str) -> str:
    """The URL with its password hidden, for messages and ``Store.location``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def open_postgres(url: str, *, create: bool = True) -> Store:
    """Open (and unless ``create`` is false, create or migrate) the store in the PostgreSQL database at
    ``url`` (``postgresql://user:password@host:port/dbname``; libpq's parameters and environment apply)."""
    import sqlite3

    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - the optional extra is missing
        raise StoreError("PostgreSQL stores need psycopg: pip install 'eventwire[scale]'") from exc
    location = public_location(url)
    try:
        raw = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise StoreError(f"cannot open the store {location}: {str(exc).strip()}") from exc
    conn = PgConnection(raw)
    try:
        if not create and conn.execute("SELECT to_regclass('schema_version')").fetchone() in (None, (None,)):
            raise StoreError(f"no store at {location}: run `eventwire ingest --db URL` first")
        conn.execute("SELECT pg_advisory_lock(?)", [MIGRATION_LOCK])  # one migrator at a time
        try:
            return Store(cast(sqlite3.Connection, conn), location, PostgresSQL)
        finally:
            conn.execute("SELECT pg_advisory_unlock(?)", [MIGRATION_LOCK])
    except (psycopg.Error, sqlite3.Error) as exc:
        raw.close()
        raise StoreError(f"cannot use the store {location}: {str(exc).strip()}") from exc
    except BaseException:
        raw.close()
        raise
