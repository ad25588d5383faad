"""The finance projector's ledger side: which units were redeemed, hence the value delivered."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.ledger import EntitlementLedger as L
from domain.ledger import ledger_id_for
from projections.batch_projector import BatchProjector
from projections.finance.state import State
from projections.projector import handles_in_memory


class RedemptionHandlers(BatchProjector):
    """One row per redemption (claimed units too, whose item a later confirmation needs)."""

    @staticmethod
    def ledger_id(subscription_id: UUID) -> UUID:
        return ledger_id_for(subscription_id)

    @handles_in_memory(L.Redeemed, L.RedemptionClaimed)
    def taken(self, s: State, position: int, event: Any) -> None:
        sub_id = s.subscription_of_ledger(str(event.originator_id))
        if sub_id is None:
            return
        status = "redeemed" if isinstance(event, L.Redeemed) else "claimed"
        taken = event.occurred_at if isinstance(event, L.Redeemed) else event.timestamp
        s.redemptions.insert_new(
            {
                "redemption_id": str(event.redemption_id),
                "subscription_id": sub_id,
                "item_code": event.item_code,
                "status": status,
                "taken_on": self.day_of(taken),
            }
        )
        self._refresh(s, sub_id, event.item_code)

    @handles_in_memory(L.RedemptionConfirmed)
    def confirmed(self, s: State, position: int, event: Any) -> None:
        self._move(s, event, "confirmed")

    @handles_in_memory(L.RedemptionUpheld)
    def upheld(self, s: State, position: int, event: Any) -> None:
        self._move(s, event, "upheld")

    @handles_in_memory(L.RedemptionDisputed)
    def disputed(self, s: State, position: int, event: Any) -> None:
        self._move(s, event, "disputed")

    @handles_in_memory(L.RedemptionReversed)
    def reversed(self, s: State, position: int, event: Any) -> None:
        self._move(s, event, "reversed")

    def _move(self, s: State, event: Any, status: str) -> None:
        found = s.redemptions.change(str(event.redemption_id), status=status)
        if found is not None:
            self._refresh(s, str(found["subscription_id"]), str(found["item_code"]))

    def _refresh(self, s: State, subscription_id: str, item_code: str) -> None:
        """The item's redeemed count and the balance are redone at the end of the batch."""
        s.items_touched.add((subscription_id, item_code))
        s.balances.add(subscription_id)
