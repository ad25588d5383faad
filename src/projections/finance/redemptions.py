"""The finance projector's ledger side: which units were redeemed, hence the value delivered."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select, update

from domain.ledger import EntitlementLedger as L
from domain.ledger import ledger_id_for
from projections.finance.writes import refresh_balance, refresh_item, upsert
from projections.projector import Projector, handles


class RedemptionHandlers(Projector):
    """One row per redemption (claimed units too, whose item a later confirmation needs)."""

    @staticmethod
    def ledger_id(subscription_id: UUID) -> UUID:
        return ledger_id_for(subscription_id)

    @handles(L.Redeemed, L.RedemptionClaimed)
    def taken(self, conn: Connection, position: int, event: Any) -> None:
        sub_id = self._subscription_of(conn, event)
        if sub_id is None:
            return
        status = "redeemed" if isinstance(event, L.Redeemed) else "claimed"
        upsert(
            conn,
            self.t["fin_redemptions"],
            {
                "redemption_id": str(event.redemption_id),
                "subscription_id": sub_id,
                "item_code": event.item_code,
                "status": status,
            },
            ("redemption_id",),
            keep_existing=True,
        )
        self._refresh(conn, sub_id, event.item_code)

    @handles(L.RedemptionConfirmed)
    def confirmed(self, conn: Connection, position: int, event: Any) -> None:
        self._move(conn, event, "confirmed")

    @handles(L.RedemptionUpheld)
    def upheld(self, conn: Connection, position: int, event: Any) -> None:
        self._move(conn, event, "upheld")

    @handles(L.RedemptionDisputed)
    def disputed(self, conn: Connection, position: int, event: Any) -> None:
        self._move(conn, event, "disputed")

    @handles(L.RedemptionReversed)
    def reversed(self, conn: Connection, position: int, event: Any) -> None:
        self._move(conn, event, "reversed")

    def _move(self, conn: Connection, event: Any, status: str) -> None:
        table = self.t["fin_redemptions"]
        found = conn.execute(
            select(table.c.subscription_id, table.c.item_code).where(
                table.c.redemption_id == str(event.redemption_id)
            )
        ).first()
        if found is None:
            return
        conn.execute(
            update(table)
            .where(table.c.redemption_id == str(event.redemption_id))
            .values(status=status)
        )
        self._refresh(conn, found.subscription_id, found.item_code)

    def _refresh(self, conn: Connection, subscription_id: str, item_code: str) -> None:
        refresh_item(conn, self.t, subscription_id, item_code)
        refresh_balance(conn, self.t, subscription_id)

    def _subscription_of(self, conn: Connection, event: Any) -> str | None:
        subs = self.t["fin_subscriptions"]
        found: str | None = conn.execute(
            select(subs.c.subscription_id).where(subs.c.ledger_id == str(event.originator_id))
        ).scalar_one_or_none()
        return found
