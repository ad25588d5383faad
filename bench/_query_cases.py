"""The queries bench/queries.py asks: API paths, tokens, and the SQL each one issues.

Each case calls the same query function the controller calls, with the same arguments,
once per variant (a patient, a subscription) while a SQLAlchemy `before_cursor_execute`
hook records the statements: the raw-SQL baseline replays exactly those.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, text

from api.auth import mint_token
from application.settings import Settings
from projections.audit.queries import AuditFilter, list_audit_entries
from projections.dashboard import queries as dashboard
from projections.finance import queries as finance

P = "/api/v1"
DEPT = "endocrinology"
VARIANTS = 50

Statements = list[tuple[str, Any]]


@dataclass
class Case:
    name: str
    token: str
    paths: list[str]
    statements: list[Statements] = field(default_factory=list)


def capture(engine: Engine, call: Callable[[], object]) -> Statements:
    """The statements (and parameters) `call()` sends through `engine`."""
    found: Statements = []

    def hook(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        found.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", hook)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    return found


def _ids(engine: Engine, query: str) -> list[str]:
    with engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(text(query), {"n": VARIANTS})]


def cases(engine: Engine, settings: Settings) -> list[Case]:
    nurse = mint_token(settings, "nurse-li", ["nurse"], [DEPT])
    auditor = mint_token(settings, "aud-zhou", ["auditor"])
    money = mint_token(settings, "fin-qian", ["finance"])
    scope, day = [DEPT], datetime.now(UTC).date()
    patients = _ids(engine, "SELECT DISTINCT patient_id FROM dash_patients "
                    "WHERE department = 'endocrinology' ORDER BY patient_id LIMIT :n")  # fmt: skip
    subscriptions = _ids(
        engine, "SELECT subscription_id FROM fin_subscriptions ORDER BY subscription_id LIMIT :n"
    )
    found = [
        Case("dashboard_summary", nurse, [f"{P}/dashboard/summary"],
             [capture(engine, lambda: dashboard.summary(engine, scope, day))]),
        Case("dashboard_patients", nurse, [f"{P}/dashboard/patients?limit=50"],
             [capture(engine, lambda: dashboard.patients(engine, scope, limit=50))]),
        Case("dashboard_worklist", nurse, [f"{P}/dashboard/worklists/follow_ups_due?limit=50"],
             [capture(engine, lambda: dashboard.worklist(
                 engine, "follow_ups_due", scope, day, limit=50))]),
        Case("audit_events_patient", auditor,
             [f"{P}/audit/events?patient_id={p}&limit=100" for p in patients],
             [capture(engine, lambda p=p: list_audit_entries(  # type: ignore[misc]
                 engine, AuditFilter(patient_id=p), after=0, limit=100)) for p in patients]),
        Case("finance_refunds", money, [f"{P}/finance/refunds?limit=50"],
             [capture(engine, lambda: finance.refunds(engine, cursor=None, limit=50))]),
        Case("finance_balance", money,
             [f"{P}/finance/subscriptions/{s}/balance" for s in subscriptions],
             [capture(engine, lambda s=s: finance.balance(engine, s))  # type: ignore[misc]
              for s in subscriptions]),
    ]  # fmt: skip
    return found
