"""Where ChargeItemDefinition, ChargeItem and PaymentReconciliation come from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select

from api.fhir import money
from api.fhir.codes import PACKAGE_STATUS, REDEMPTION_STATUS
from api.fhir.search import Built, Key, Params, Reader
from api.fhir.sources_care import _after, _rows, reference_id
from application import views
from domain.errors import NotFound
from domain.package import ServicePackage
from projections.dashboard.tables_sales import dash_packages, dash_redemptions
from projections.finance.tables import (
    fin_reconciliation_lines,
    fin_reconciliations,
    fin_refunds,
    fin_subscriptions,
)
from projections.schema import audit_entries


# --- ChargeItemDefinition (packages) -----------------------------------------------------
def definition(reader: Reader, package_id: UUID) -> Built:
    found = reader.app.load(ServicePackage, package_id)
    if reader.scope.published_only and found.status != "published":
        raise NotFound(f"no package {package_id}", kind="package")
    data = views.package(reader.app, package_id).data
    replaces = None
    if found.predecessor_id is not None:
        replaces = reader.app.load(ServicePackage, found.predecessor_id).package_version
    return Built(money.charge_item_definition(data, replaces, found.modified_on))


class DefinitionSource:
    resource_type = "ChargeItemDefinition"
    parameters = {"status": "token"}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        c = dash_packages.c
        where = [c.package_id > _after(after)]
        statuses = set(PACKAGE_STATUS)
        if "status" in params.values:
            wanted = params.values["status"].split(",")
            statuses = {s for s, st in PACKAGE_STATUS.items() if st in wanted}
        if reader.scope.published_only:
            statuses &= {"published"}
        where.append(c.status.in_(sorted(statuses)))
        query = select(c.package_id).where(*where).order_by(c.package_id).limit(limit)
        return [((str(r[0]),), str(r[0])) for r in _rows(reader, query)]

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        return definition(reader, UUID(item))


# --- ChargeItem (redemptions) ------------------------------------------------------------
def _redemptions() -> Any:
    r, f, p, a = dash_redemptions.c, fin_subscriptions.c, dash_packages.c, audit_entries.c
    return (
        select(
            r.redemption_id,
            r.subscription_id,
            r.patient_id,
            r.department,
            r.item_code,
            r.status,
            f.package_version,
            p.code.label("package_code"),
            a.occurred_at.label("at"),
        )
        .select_from(dash_redemptions)
        .outerjoin(fin_subscriptions, f.subscription_id == r.subscription_id)
        .outerjoin(dash_packages, p.package_id == f.package_id)
        .outerjoin(audit_entries, a.position == r.position)
    )


def charge_item(reader: Reader, redemption_id: UUID) -> Built:
    query = _redemptions().where(dash_redemptions.c.redemption_id == str(redemption_id))
    rows = _rows(reader, query)
    if not rows:
        raise NotFound(f"no redemption {redemption_id}", kind="redemption")
    row = dict(rows[0]._mapping)
    return Built(money.charge_item(row), str(row["patient_id"]))


class ChargeItemSource:
    resource_type = "ChargeItem"
    parameters = {"patient": "reference", "status": "token"}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        r, scope = dash_redemptions.c, reader.scope
        query = _redemptions().where(r.redemption_id > _after(after))
        if scope.departments is not None:
            query = query.where(r.department.in_(sorted(scope.departments)))
        if scope.patients is not None:
            query = query.where(r.patient_id.in_(sorted(scope.patients)))
        if "patient" in params.values:
            query = query.where(r.patient_id == reference_id(params.values["patient"]))
        if "status" in params.values:
            wanted = params.values["status"].split(",")
            query = query.where(
                r.status.in_([s for s, st in REDEMPTION_STATUS.items() if st in wanted])
            )
        rows = _rows(reader, query.order_by(r.redemption_id).limit(limit))
        return [((str(row.redemption_id),), dict(row._mapping)) for row in rows]

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        return Built(money.charge_item(item), str(item["patient_id"]))


# --- PaymentReconciliation (refund payouts, settlement files) ---------------------------
def payout(reader: Reader, refund_id: str) -> Built:
    c, s = fin_refunds.c, fin_subscriptions.c
    query = (
        select(fin_refunds, s.patient_id)
        .outerjoin(fin_subscriptions, s.subscription_id == c.subscription_id)
        .where(c.refund_id == refund_id, c.paid_at.is_not(None))
    )
    rows = _rows(reader, query)
    if not rows:
        raise NotFound(f"no refund payout {refund_id}", kind="refund")
    row = dict(rows[0]._mapping)
    return Built(money.refund_payout(row), row["patient_id"])


def reconciliation(reader: Reader, report_id: str) -> Built:
    reports = _rows(
        reader, select(fin_reconciliations).where(fin_reconciliations.c.id == report_id)
    )
    if not reports:
        raise NotFound(f"no reconciliation {report_id}", kind="reconciliation")
    lines_t = fin_reconciliation_lines.c
    lines = _rows(
        reader,
        select(fin_reconciliation_lines)
        .where(lines_t.report_id == report_id)
        .order_by(lines_t.seq),
    )
    report, shown = dict(reports[0]._mapping), [dict(x._mapping) for x in lines]
    subscriptions = sorted({str(x["subscription_id"]) for x in shown if x["subscription_id"]})
    s = fin_subscriptions.c
    patients = _rows(reader, select(s.patient_id).where(s.subscription_id.in_(subscriptions)))
    return Built(
        money.settlement(report, shown), None, tuple(sorted({str(p[0]) for p in patients}))
    )


class ReconciliationSource:
    resource_type = "PaymentReconciliation"
    parameters: dict[str, str] = {}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        kind, start = (str(after[0]), str(after[1])) if after and len(after) == 2 else ("", "")
        found: list[tuple[Key, Any]] = []
        if kind <= "refund":
            c = fin_refunds.c
            query = select(c.refund_id).where(c.paid_at.is_not(None))
            query = query.where(c.refund_id > (start if kind == "refund" else ""))
            for (refund_id,) in _rows(reader, query.order_by(c.refund_id).limit(limit)):
                found.append((("refund", str(refund_id)), ("refund", str(refund_id))))
        if len(found) < limit:
            c2 = fin_reconciliations.c
            query = select(c2.id).where(c2.id > (start if kind == "settlement" else ""))
            for (report_id,) in _rows(reader, query.order_by(c2.id).limit(limit - len(found))):
                found.append((("settlement", str(report_id)), ("settlement", str(report_id))))
        return found

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        kind, key = item
        return payout(reader, key) if kind == "refund" else reconciliation(reader, key)
