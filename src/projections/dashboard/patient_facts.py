"""Who the patients of a page are: name, sex, age, tier and VIP for the staff lists.

Worklists and the patient list carry these with every row, read for the whole page at once
(two queries a page, never one a row), so a screen shows people rather than ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, or_, select

from projections.dashboard.paging import Db, run
from projections.dashboard.tables import dash_patients, dash_registrations


def age_on(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (1 if before_birthday else 0)


def patient_facts(
    db: Db, rows: Iterable[dict[str, Any]], today: date
) -> dict[tuple[str, str | None], dict[str, Any]]:
    """(patient id, department) -> the patient's facts, for rows with `patient_id` and
    `department`: the tier and VIP flag are the department's (the patient list's)."""
    keys = {(str(r["patient_id"]), r.get("department")) for r in rows if r.get("patient_id")}
    ids = sorted({patient_id for patient_id, _ in keys})
    if not ids:
        return {}
    r, p = dash_registrations, dash_patients
    people = {
        str(row["patient_id"]): row
        for row in run(db, select(r.c.patient_id, r.c.name, r.c.sex, r.c.birth_date,
                                  r.c.masked_id_number).where(r.c.patient_id.in_(ids)))
    }  # fmt: skip
    tiers = {
        (str(row["patient_id"]), str(row["department"])): row
        for row in run(db, select(p.c.patient_id, p.c.department, p.c.risk_tier, p.c.vip)
                       .where(p.c.patient_id.in_(ids)))
    }  # fmt: skip
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    for patient_id, department in keys:
        person = people.get(patient_id, {})
        tier = tiers.get((patient_id, str(department)), {})
        found[(patient_id, department)] = {
            "patient_id": patient_id,
            "name": person.get("name"),
            "sex": person.get("sex"),
            "age": age_on(person.get("birth_date"), today),
            "masked_id_number": person.get("masked_id_number"),
            "risk_tier": tier.get("risk_tier"),
            "vip": bool(tier.get("vip", False)),
        }
    return found


def with_patients(db: Db, rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each row with a `patient` object (the facts above)."""
    facts = patient_facts(db, rows, today)
    return [
        {**row, "patient": facts.get((str(row["patient_id"]), row.get("department")))}
        for row in rows
    ]


def matching(text: str) -> ColumnElement[bool]:
    """Registrations whose name or phone contains `text` (wildcards taken literally)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    r = dash_registrations
    return or_(r.c.name.like(pattern, escape="\\"), r.c.phone.like(pattern, escape="\\"))
