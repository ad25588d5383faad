"""Wiring of the event store (eventsourcing's own recorders); the read side's engine is
`projections.engine`."""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg
import sqlalchemy
import sqlalchemy.exc
from eventsourcing import persistence
from eventsourcing.cipher import AESCipher

from application.settings import Settings, sqlite_path

# Seconds. The library's defaults are 30 s to connect and one hour per connection.
# The connect timeout is how long the event store waits for a pooled connection; the
# library retries a failed call 10 times (0.2 s apart), so during an outage a request
# waits at most ~22 s before its 503, and a restart of a few seconds is ridden out.
_PG_CONNECT_TIMEOUT = "2"
_PG_CONN_MAX_AGE = "600"
_GROUP_COMMIT = "application.group_commit:GroupCommitRecorder"


# Errors that mean "the database cannot be reached or is restarting", whichever layer
# raised them: the event store (eventsourcing wraps psycopg's and sqlite3's errors), the
# read models and API tables (SQLAlchemy's, its pool's timeout), or psycopg itself (its
# pool). The API answers them 503 `service_unavailable` with Retry-After (`api.problems`);
# a busy SQLite ("database is locked") is one too: a retry soon succeeds. Never data or
# integrity errors: those are bugs or lost races, not outages.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    persistence.OperationalError,
    persistence.InterfaceError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
# sqlite3 raises OperationalError for bugs too (no such table, a syntax error): only these
# mean "try again shortly".
_SQLITE_TRANSIENT = (
    "database is locked",
    "database table is locked",
    "unable to open database",
    "disk i/o error",
)


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database cannot serve us now (down, restarting, busy),
    rather than a bug: one of `DATABASE_UNAVAILABLE`, and if SQLite's, a transient one."""
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return False
    seen: BaseException | None = error
    for _ in range(5):  # the driver's error, wrapped by SQLAlchemy or eventsourcing
        if seen is None:
            break
        if isinstance(seen, sqlite3.OperationalError):
            return any(text in str(seen).lower() for text in _SQLITE_TRANSIENT)
        seen = getattr(seen, "orig", None) or seen.__cause__
    return True


def generate_cipher_key() -> str:
    """A new random AES-256 key, base64-encoded, for `CAREPACK_CIPHER_KEY`."""
    return AESCipher.create_key(32)


def event_store_environment(settings: Settings) -> dict[str, str]:
    """The `env` for an `eventsourcing.application.Application` over the configured store."""
    url = settings.event_store_url()
    env = _postgres_environment(url, settings) if settings.is_postgres else _sqlite_environment(url)
    if settings.cipher_key:
        # Explicit topic: CIPHER_KEY alone would also select this AES-GCM cipher in 9.5.6.
        env["CIPHER_TOPIC"] = "eventsourcing.cipher:AESCipher"
        env["CIPHER_KEY"] = settings.cipher_key
    return env


def _sqlite_environment(url: str) -> dict[str, str]:
    path = sqlite_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def _postgres_environment(url: str, settings: Settings) -> dict[str, str]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    # libpq style: `postgresql:///db?host=/run/postgresql` names a socket directory.
    host = query.get("host", [parts.hostname or ""])[0]
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise ValueError(f"PostgreSQL URL names no database: {url!r}")
    # POSTGRES_ENABLE_DB_FUNCTIONS stays unset on purpose: see LIBRARY_NOTES.md.
    group = {"APPLICATION_RECORDER_TOPIC": _GROUP_COMMIT} if settings.pg_group_commit else {}
    return group | {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": str(parts.port or 5432),
        # Empty user, password or host: libpq's defaults (OS user, .pgpass, socket).
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": str(settings.pg_pool_size),
        "POSTGRES_MAX_OVERFLOW": str(settings.pg_max_overflow),
        "POSTGRES_PRE_PING": "yes" if settings.pg_pre_ping else "no",
        "POSTGRES_CONNECT_TIMEOUT": _PG_CONNECT_TIMEOUT,
        "POSTGRES_CONN_MAX_AGE": _PG_CONN_MAX_AGE,
        # The first use opens the pool full (POSTGRES_POOL_SIZE connections), so it does
        # not fill itself in its worker threads while the first commands run. Those
        # threads draw the connections' expiry jitter from the global `random`, which
        # hypothesis forbids anything to touch while it draws an example (seen: a
        # PostgreSQL property test failing at random on its first example).
        "POSTGRES_POOL_OPEN_TIMEOUT": _PG_CONNECT_TIMEOUT,
    }
