"""Process configuration, read from `CAREPACK_*` environment variables."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from application.audit_keys import check_key_pair, load_public_keys, load_signing_key

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
SQLALCHEMY_POSTGRES_PREFIX = "postgresql+psycopg://"
_AES_KEY_SIZES = (16, 24, 32)


def is_postgres_url(url: str) -> bool:
    """Whether a (validated) database URL points at PostgreSQL."""
    return url.startswith(POSTGRES_PREFIXES)


def sqlite_path(url: str) -> Path:
    """The file of a `sqlite:///` URL (`sqlite:////abs` is absolute, as in SQLAlchemy)."""
    return Path(url.removeprefix(SQLITE_PREFIX))


def to_sqlalchemy_url(url: str) -> str:
    """Name the psycopg 3 driver explicitly: SQLAlchemy would otherwise pick psycopg2."""
    for prefix in POSTGRES_PREFIXES:
        if url.startswith(prefix):
            return SQLALCHEMY_POSTGRES_PREFIX + url.removeprefix(prefix)
    return url


def _check_url(url: str | None) -> str | None:
    if url is None or url.strip() == "":
        return None
    url = url.strip()
    if url.startswith(SQLITE_PREFIX):
        if not url.removeprefix(SQLITE_PREFIX) or ":memory:" in url:
            raise ValueError(
                f"sqlite URL needs a file path, e.g. sqlite:///var/events.db, got {url!r}"
            )
        return url
    if url.startswith(POSTGRES_PREFIXES):
        return url
    scheme = url.split(":", 1)[0]
    raise ValueError(
        f"unsupported database URL scheme {scheme!r}: use sqlite:///<file> "
        "or postgresql://user:password@host:port/dbname"
    )


class Settings(BaseSettings):
    """Everything a Carepack process needs to know; each field is `CAREPACK_<NAME>`."""

    # Errors never echo a value: several settings are keys and secrets.
    model_config = SettingsConfigDict(
        env_prefix="CAREPACK_", extra="ignore", hide_input_in_errors=True
    )

    data_dir: Path = Path("var")
    database_url: str | None = None
    read_database_url: str | None = None
    cipher_key: str | None = None
    # Audit checkpoints (docs/audit-chain.md): Ed25519, the signing key only where
    # checkpoints are made; verification needs only the public key(s).
    audit_signing_key: str | None = None
    audit_public_key: str | None = None
    audit_checkpoint_log: str | None = None  # an append-only file; unset: stdout
    audit_checkpoint_minutes: int = Field(default=5, ge=1, le=1440)
    # Retired (HMAC: a key that verifies also forges); set, it stops the process.
    audit_key: str | None = None
    # No default: `api.token_keys` refuses to serve without an HS256 secret of 32+ bytes
    # or an RS256 public key (demo mode alone makes a development secret of its own).
    jwt_secret: str | None = None
    jwt_public_key: str | None = None
    # When set, tokens must carry exactly this audience / issuer (and minted ones do).
    jwt_audience: str | None = None
    jwt_issuer: str | None = None
    # The longest lifetime (exp - iat) a token may claim; a token without iat is refused.
    jwt_max_lifetime_hours: float = Field(default=12.0, gt=0, le=24 * 31)
    # Requests per minute per token subject and per client address (0: no limit). Generous:
    # a person at the console makes a few a second at most; these stop a runaway client
    # or a stolen token from reading everything, and each worker process counts alone.
    rate_limit_per_subject: int = Field(default=1200, ge=0)
    rate_limit_per_ip: int = Field(default=6000, ge=0)
    # The service is reached over HTTPS only (a TLS proxy in front): answers carry HSTS.
    behind_tls: bool = False
    # Bearer token for /metrics and /ready's detail (32+ characters); unset: /metrics is
    # closed and /ready answers its status code and one word.
    ops_token: str | None = Field(default=None, min_length=32)
    # A request body larger than this answers 413 before it is read (Content-Length or,
    # when absent or wrong, the bytes counted as they arrive).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Stored answers to Idempotency-Key requests are replayable this long, then purged.
    idempotency_ttl_hours: float = Field(default=24.0, gt=0, le=24 * 31)
    # A reservation not renewed for this long belongs to a request that died (its process,
    # or the database under it): the key's retry then runs. Live requests renew it.
    idempotency_lease_seconds: float = Field(default=30.0, ge=1.0, le=3600.0)
    host: str = "127.0.0.1"
    port: int = 8000
    # uvicorn's line per HTTP request on stderr (client, method, path, status). Off by
    # default: the TLS proxy in front keeps the HTTP access log, reads of patient data go
    # to the audited access log either way, and the line is formatted and written on the
    # event loop before each answer's first byte (about 4 % of a worker's CPU, profiled).
    http_access_log: bool = False
    run_projections: bool = True
    # Seconds a projection waits after a commit signal before reading, so concurrent
    # commands share one batch; adds at most this much to the projection lag.
    projection_gather_seconds: float = Field(default=0.05, ge=0.0, le=1.0)
    # `carepack projections run` lowers its own CPU priority by this much (nice, 0-19):
    # on a machine it shares with the API, answers come first and the projections' lag
    # absorbs the wait (0: the same priority as the API).
    projections_nice: int = Field(default=5, ge=0, le=19)
    # A projection that cannot apply an event retries it alone, waiting 1 s, 2 s, 4 s...
    # after each attempt, at most this long.
    projection_retry_max_seconds: float = Field(default=60.0, gt=0.0, le=3600.0)
    pg_pool_size: int = 5
    pg_max_overflow: int = 10
    # Test each pooled PostgreSQL connection with a round trip before handing it out.
    # Off: a dead connection (server restart) fails the requests in flight, the pool is
    # then discarded; on costs one extra round trip on every checkout.
    pg_pre_ping: bool = False
    # Concurrent commands' events saved in one PostgreSQL transaction (one lock, one commit;
    # application/group_commit.py). Off: the library's recorder, a transaction per save.
    pg_group_commit: bool = True
    # Aggregates each process keeps at their last known version (least recently used go
    # first; 0: none). A command or answer then reads only the events stored after that
    # version, still from the store (application/aggregate_cache.py).
    aggregate_cache_size: int = Field(default=5000, ge=0)
    app_name: str = "carepack"
    # Demo mode (`carepack serve --demo`, `make run`): a demo hospital on a development
    # machine. Conveniences that must never reach production (a generated development
    # secret, the console's demo sign-in) are on only here.
    demo: bool = False
    # Integration sources (a token's `source` claim) that record purchases and refund
    # payouts: the online mall takes the money (product §1); other platforms send receipts.
    payment_sources: Annotated[list[str], NoDecode] = ["mall"]
    # The hospital's time zone (IANA name): every business day — "today", daily totals,
    # ISO weeks, validity and expiry — runs from midnight to midnight here.
    timezone: str = "Asia/Shanghai"
    # The staff console's built bundle (`vite build` of console/), served at /console/.
    # Unset: the repository's console/dist next to src/.
    console_dir: Path | None = None

    @field_validator("database_url", "read_database_url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return _check_url(value)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(
                f"unknown time zone {value!r} (an IANA name, e.g. Asia/Shanghai)"
            ) from error
        return value

    @field_validator("payment_sources", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        # CAREPACK_PAYMENT_SOURCES=mall,pharmacy-mall: a list without JSON quoting.
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("cipher_key", "audit_key", "jwt_public_key")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        # An exported-but-empty variable means "not configured", not "empty key".
        return value if value else None

    @field_validator("jwt_secret", "jwt_audience", "jwt_issuer", "ops_token", mode="before")
    @classmethod
    def _empty_auth_is_unset(cls, value: str | None) -> str | None:
        # As above: an empty secret is no secret (it was once accepted and signed tokens).
        return value if value else None

    @field_validator("cipher_key")
    @classmethod
    def _valid_cipher_key(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            size = len(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError) as error:
            raise ValueError("cipher_key must be base64 (see `generate_cipher_key`)") from error
        if size not in _AES_KEY_SIZES:
            raise ValueError(f"cipher_key must decode to 16, 24 or 32 bytes, not {size}")
        return value

    @field_validator("audit_key")
    @classmethod
    def _retired_audit_key(cls, value: str | None) -> str | None:
        if value is not None:
            raise ValueError(
                "CAREPACK_AUDIT_KEY (HMAC checkpoints) is retired: make an Ed25519 pair with "
                "`carepack audit keygen` and set CAREPACK_AUDIT_SIGNING_KEY / _PUBLIC_KEY"
            )
        return None

    @field_validator("audit_signing_key", "audit_public_key", "audit_checkpoint_log")
    @classmethod
    def _valid_audit_keys(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value or not value.strip():
            return None  # exported but empty: not configured
        if info.field_name == "audit_signing_key":
            load_signing_key(value)
        elif info.field_name == "audit_public_key":
            load_public_keys(value)
        return value

    @model_validator(mode="after")
    def _signing_key_is_verifiable(self) -> Settings:
        if self.audit_signing_key and self.audit_public_key:
            check_key_pair(self.audit_signing_key, self.audit_public_key)
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The hospital's time zone (`timezone`)."""
        return ZoneInfo(self.timezone)

    @property
    def is_postgres(self) -> bool:
        """Whether the event store is PostgreSQL."""
        return is_postgres_url(self.event_store_url())

    def event_store_url(self) -> str:
        """The event store's URL; by default a SQLite file in `data_dir`."""
        return self.database_url or f"{SQLITE_PREFIX}{self.data_dir / 'events.db'}"

    def read_models_url(self) -> str:
        """The read models' URL as configured (scheme not yet translated for SQLAlchemy)."""
        if self.read_database_url:
            return self.read_database_url
        if self.is_postgres:
            return self.event_store_url()
        # A separate file, so read-model writers never wait on the event store's lock.
        return f"{SQLITE_PREFIX}{self.data_dir / 'readmodels.db'}"

    def read_models_sqlalchemy_url(self) -> str:
        """The read models' SQLAlchemy URL; creates the directory of a SQLite file."""
        url = self.read_models_url()
        if not is_postgres_url(url):
            sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
        return to_sqlalchemy_url(url)
