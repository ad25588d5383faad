"""Break-the-glass entries in the access log: their reason is hashed, listed and exported."""

from __future__ import annotations

import hashlib
import json
import struct
from datetime import UTC, datetime

from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import Engine, update

from projections.audit.access_log import NewAccess, record_accesses, verify_access_log
from projections.audit.chain import access_record_bytes
from projections.audit.export import export_access_log
from projections.audit.queries import AccessFilter, list_access
from projections.schema import access_log

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REASON = "急诊抢救：昏迷入院，家属无法联系"


def _some(engine: Engine) -> None:
    record_accesses(
        engine,
        [
            NewAccess("nurse-li", "nurse", "p-1", "GET /api/v1/patients/p-1", "allowed"),
            NewAccess("dr-2", "doctor", "p-2", "POST /api/v1/episodes", "allowed", REASON),
            NewAccess("nurse-li", "nurse", "p-3", "GET /api/v1/patients/p-3", "allowed"),
        ],
        at=T0,
    )


def _recipe(row: dict[str, object], previous: str) -> str:
    """docs/audit-chain.md, written out: seven fields, plus `emergency` and the reason."""
    fields = [str(row["seq"]), "2026-03-02T09:00:00.000000+00:00", str(row["actor"])]
    fields += [str(row["role"]), str(row["patient_id"] or ""), str(row["resource"])]
    fields += [str(row["outcome"])]
    if row["emergency"] or row["reason"]:
        fields += ["1" if row["emergency"] else "0", str(row["reason"])]
    data = b"".join(struct.pack(">I", len(f.encode())) + f.encode() for f in fields)
    return hashlib.sha256(bytes.fromhex(previous) + data).hexdigest()


def test_given_one_batch_with_an_emergency_when_recomputed_then_the_recipe_covers_the_reason(
    engine: Engine,
) -> None:
    _some(engine)

    rows = list_access(engine, AccessFilter())
    previous = "0" * 64
    for row in rows:
        assert row["hash"] == _recipe(row, previous)
        previous = str(row["hash"])
    assert [(r["seq"], r["emergency"], r["reason"]) for r in rows] == [
        (1, False, ""),
        (2, True, REASON),
        (3, False, ""),
    ]
    assert verify_access_log(engine).ok


def test_given_an_emergency_entry_when_its_reason_or_flag_is_altered_then_verify_names_it(
    engine: Engine,
) -> None:
    for change in ({"reason": "routine"}, {"emergency": False}, {"emergency": False, "reason": ""}):
        with engine.begin() as conn:
            conn.execute(access_log.delete())
        _some(engine)
        with engine.begin() as conn:
            conn.execute(update(access_log).where(access_log.c.seq == 2).values(**change))

        result = verify_access_log(engine)

        assert (result.ok, result.first_bad_position) == (False, 2), change


def test_given_emergencies_when_listed_or_exported_then_only_they_come_with_reasons(
    engine: Engine,
) -> None:
    _some(engine)

    listed = list_access(engine, AccessFilter(emergency=True))
    others = list_access(engine, AccessFilter(emergency=False))
    exported = "".join(export_access_log(engine, "jsonl", AccessFilter(emergency=True)))

    assert [(r["seq"], r["actor"], r["reason"]) for r in listed] == [(2, "dr-2", REASON)]
    assert [r["seq"] for r in others] == [1, 3]
    (line,) = exported.splitlines()
    assert json.loads(line)["reason"] == REASON and json.loads(line)["emergency"] is True


Entry = tuple[int, str, str, str | None, str, str, bool, str]
_text = st.text(max_size=12)
entries = st.tuples(
    st.integers(1, 10**9), _text, _text, st.none() | _text, _text, _text, st.booleans(), _text
)


def _bytes(entry: Entry) -> bytes:
    seq, actor, role, patient, resource, outcome, emergency, reason = entry
    return access_record_bytes(
        seq, T0, actor, role, patient, resource, outcome, emergency=emergency, reason=reason
    )


@given(entries, entries, st.lists(st.booleans(), min_size=8, max_size=8))
def test_two_different_entries_never_hash_the_same_bytes(
    first: Entry, other: Entry, mix: list[bool]
) -> None:
    # The second entry takes some fields from the first: most pairs differ in a field or two.
    second: Entry = tuple(b if m else a for a, b, m in zip(first, other, mix, strict=True))  # type: ignore[assignment]

    # An absent patient is recorded as empty text: the only equivalence the recipe has.
    def same(entry: Entry) -> Entry:
        return (*entry[:3], entry[3] or "", *entry[4:])  # type: ignore[return-value]

    assume(same(first) != same(second))
    assert _bytes(first) != _bytes(second)
