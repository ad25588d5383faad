"""Uniqueness across aggregates: a reference (payment, receipt, refund, redemption) is taken once.

Its id derives from the kind and value, so two writers racing for the same reference
collide on version 1 in the event store and exactly one wins.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.base import CarepackAggregate
from domain.context import Actor, Ctx

_REFERENCE_NS = uuid5(NAMESPACE_URL, "https://carepack/reference")
KINDS = frozenset({"payment", "receipt", "refund", "redemption"})


def reference_id(kind: str, value: str) -> UUID:
    return uuid5(_REFERENCE_NS, f"{kind}:{value}")


class Reference(CarepackAggregate):
    class Taken(CarepackAggregate.Created):
        kind: str
        value: str
        owner_id: UUID
        result: dict[str, Any]

    @classmethod
    def take(
        cls, kind: str, value: str, owner_id: UUID, ctx: Ctx, result: dict[str, Any] | None = None
    ) -> Reference:
        """`owner_id` is the aggregate the reference points to; `result` what it produced."""
        return cls._create(
            cls.Taken,
            id=reference_id(kind, value),
            kind=kind,
            value=value,
            owner_id=owner_id,
            result=result or {},
            **ctx.meta,
        )

    @event(Taken)
    def __init__(
        self,
        kind: str,
        value: str,
        owner_id: UUID,
        result: dict[str, Any],
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.kind = kind
        self.value = value
        self.owner_id = owner_id
        self.result = dict(result)
