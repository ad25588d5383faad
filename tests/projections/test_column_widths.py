"""Read-model columns hold anything the domain accepts: each is at least as wide as its limit.

Columns are matched by name across every read-model table, so a new `*_by` or `department`
column is checked too. The hypothesis property in test_any_accepted_text.py proves the same
end to end, on both stores.
"""

from __future__ import annotations

import re

from sqlalchemy import String, Text

from api.tables import all_tables
from domain import limits

# Column name (a regex, matched whole) -> the domain limit of what it holds.
HOLDS = {
    r"actor|actor_id|assignee|doctor_id|\w+_by": limits.USER_ID,
    r"role|\w+_role": limits.ROLE,
    r"department": limits.IDENTIFIER,
    r"condition_code": limits.DISEASE_CODE,
    r"code|item_code": limits.CODE,
    r"name": limits.NAME,
    r"payment_ref|provider_ref": limits.REFERENCE,
    r"correlation_id": limits.CORRELATION_ID,
    r"masked_id_number": limits.ID_NUMBER,
    r"phone": limits.PHONE,
}
# Names that match a rule above but hold something else (not text from a command).
OTHER = {"projection_positions.name", "projection_failures.name"}


def test_given_every_read_model_table_then_each_text_column_is_as_wide_as_its_limit() -> None:
    checked, too_narrow = [], []
    for table in all_tables().tables.values():
        for column in table.columns:
            where = f"{table.name}.{column.name}"
            limit = next((v for k, v in HOLDS.items() if re.fullmatch(k, column.name)), None)
            if limit is None or where in OTHER:
                continue
            checked.append(where)
            kind = column.type
            wide_enough = isinstance(kind, Text) or (
                isinstance(kind, String) and (kind.length is None or kind.length >= limit)
            )
            if not wide_enough:
                too_narrow.append(f"{where}: {kind} < {limit}")
    assert too_narrow == []
    assert {"dash_follow_ups.assignee", "dash_packages.name", "audit_entries.actor_id"} <= set(
        checked
    )
