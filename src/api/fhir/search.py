"""Search machinery every resource type shares: parameters, keyset paging, the page loop.

A source lists candidates in a stable key order (`fetch`, a keyset page from the read
models) and turns each into a resource (`build`, None when the caller's scope or a filter
applied after the read model leaves it out). `search` fills a page of `_count` resources
and remembers the last key consumed, so the next page starts after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from api.pagination import decode_cursor, encode_cursor
from application.app import Carepack

Key = tuple[str | int, ...]
DEFAULT_COUNT = 20
MAX_COUNT = 200
PREFIXES = ("eq", "ne", "ge", "gt", "le", "lt")


class SearchError(ValueError):
    """A search the server cannot run: answered 400 with an OperationOutcome."""


@dataclass(frozen=True)
class Scope:
    """Whose data a search may show: `departments` (staff), `patients` (the patient side),
    `published_only` (catalogue for patients); None means no such limit."""

    departments: frozenset[str] | None = None
    patients: frozenset[str] | None = None
    published_only: bool = False

    def sees_departments(self, found: frozenset[str]) -> bool:
        return self.departments is None or bool(found & self.departments)

    def sees_patient(self, patient_id: str) -> bool:
        return self.patients is None or patient_id in self.patients


@dataclass(frozen=True)
class Reader:
    app: Carepack
    engine: Any  # sqlalchemy Engine (read models)
    scope: Scope


@dataclass(frozen=True)
class Built:
    """A resource, and the patients whose data it shows (for the access log)."""

    resource: dict[str, Any]
    patient_id: str | None = None
    also: tuple[str, ...] = ()

    @property
    def patients(self) -> list[str]:
        return [p for p in (self.patient_id, *self.also) if p]


@dataclass(frozen=True)
class DateRange:
    """`[start, end)` from FHIR date parameters (`ge2026-03-01`, `lt2026-03-02T10:00:00Z`)."""

    start: datetime | None = None
    end: datetime | None = None
    excluded: tuple[tuple[datetime, datetime], ...] = ()

    def holds(self, moment: datetime | None) -> bool:
        if moment is None:
            return self.start is None and self.end is None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if self.start is not None and moment < self.start:
            return False
        if self.end is not None and moment >= self.end:
            return False
        return not any(lo <= moment < hi for lo, hi in self.excluded)


@dataclass
class Params:
    count: int = DEFAULT_COUNT
    after: Key | None = None
    # The newest access-log row a search reads: fixed on its first page and carried in the
    # cursor, since every page showing patients adds rows (else paging the log never ends).
    until: int | None = None
    last_updated: DateRange | None = None
    values: dict[str, str] = field(default_factory=dict)
    date: DateRange | None = None


class Source(Protocol):
    resource_type: str
    parameters: dict[str, str]  # name -> FHIR search parameter type, for the capability

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]: ...

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None: ...


def _moment(text: str) -> tuple[datetime, datetime]:
    """The span a FHIR date or dateTime names: a day is a whole day, an instant one tick."""
    try:
        if "T" not in text:
            found = date.fromisoformat(text)
            start = datetime.combine(found, time(), UTC)
            return start, start + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise SearchError(f"not a FHIR date or dateTime: {text!r}") from error
    if moment.tzinfo is None:
        raise SearchError(f"a dateTime needs a time zone: {text!r}")
    moment = moment.astimezone(UTC)
    return moment, moment + timedelta(microseconds=1)


def date_range(values: Sequence[str]) -> DateRange:
    start: datetime | None = None
    end: datetime | None = None
    excluded: list[tuple[datetime, datetime]] = []
    for value in values:
        prefix, text = (value[:2], value[2:]) if value[:2] in PREFIXES else ("eq", value)
        lo, hi = _moment(text)
        if prefix in ("eq", "ge", "gt"):
            bound = hi if prefix == "gt" else lo
            if start is None or bound > start:
                start = bound
        if prefix in ("eq", "le", "lt"):
            bound = lo if prefix == "lt" else hi
            end = bound if end is None else min(end, bound)
        if prefix == "ne":
            excluded.append((lo, hi))
    return DateRange(start, end, tuple(excluded))


def parse(source: Source, query: Callable[[str], list[str]], names: Sequence[str]) -> Params:
    """The search's parameters; an unknown or repeated one is a `SearchError` (a client
    misspelling `patient` must not get everyone's records)."""
    allowed = {"_count", "_cursor", "_lastUpdated", "_format", *source.parameters}
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise SearchError(
            f"unsupported search parameter(s) {unknown}; supported: {sorted(allowed)}"
        )
    params = Params()
    for name in names:
        found = query(name)
        if name == "_lastUpdated":
            params.last_updated = date_range(found)
        elif name == "date" and source.parameters.get("date") == "date":
            params.date = date_range(found)
        elif len(found) != 1 or not found[0]:
            raise SearchError(f"{name} takes one value")
        elif name == "_count":
            params.count = _count(found[0])
        elif name == "_cursor":
            params.after, params.until = _key(found[0])
        elif name == "_format" and found[0] not in ("json", "application/fhir+json"):
            raise SearchError("only JSON is served (_format=json)")
        elif name != "_format":
            params.values[name] = found[0]
    return params


def _count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_COUNT:
        raise SearchError(f"_count must be a whole number from 1 to {MAX_COUNT}")
    return int(text)


def _key(cursor: str) -> tuple[Key, int | None]:
    try:
        state = decode_cursor(cursor)
    except Exception as error:  # the API's malformed-cursor answer, as a search error here
        raise SearchError("_cursor is not one this server made") from error
    found, until = state.get("k"), state.get("u")
    if (
        not isinstance(found, list)
        or not found
        or not all(isinstance(k, str | int) and not isinstance(k, bool) for k in found)
    ):
        raise SearchError("_cursor is not one this server made")
    if until is not None and (isinstance(until, bool) or not isinstance(until, int)):
        raise SearchError("_cursor is not one this server made")
    return tuple(found), until


def cursor_of(key: Key, until: int | None = None) -> str:
    return encode_cursor({"k": list(key)} if until is None else {"k": list(key), "u": until})


def search(reader: Reader, source: Source, params: Params) -> tuple[list[Built], Key | None]:
    """One page: up to `params.count` resources, and the key to continue after (or None).
    Candidates are read in batches until the page is full or none are left."""
    shown: list[Built] = []
    after = params.after
    batch = max(params.count, 50)
    while True:
        items = source.fetch(reader, params, after, batch)
        if not items:
            return shown, None
        for index, (key, item) in enumerate(items):
            built = source.build(reader, params, item)
            after = key
            if built is None or not _updated_within(built, params.last_updated):
                continue
            shown.append(built)
            if len(shown) == params.count:
                more = index + 1 < len(items) or bool(source.fetch(reader, params, key, 1))
                return shown, key if more else None


def _updated_within(built: Built, wanted: DateRange | None) -> bool:
    if wanted is None:
        return True
    stamp = built.resource.get("meta", {}).get("lastUpdated")
    return wanted.holds(None if stamp is None else datetime.fromisoformat(stamp))
