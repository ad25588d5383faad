"""What a package's page shows beyond its content: who did what and when (from its stored
events), its authors (none of whom may review it) and the version that replaced it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.base import CarepackBase
from application.views.base import plain
from domain.package import ServicePackage

P = ServicePackage
STEPS: dict[type, str] = {
    P.Drafted: "drafted",
    P.Revised: "revised",
    P.Submitted: "submitted",
    P.Approved: "approved",
    P.Rejected: "rejected",
    P.ReturnedToDraft: "returned_to_draft",
    P.Published: "published",
    P.Delisted: "delisted",
    P.PriceChanged: "price_changed",
    P.DisplayChanged: "display_changed",
}


def _step(event: Any) -> dict[str, Any]:
    step: dict[str, Any] = {
        "step": next(name for kind, name in STEPS.items() if isinstance(event, kind)),
        "at": plain(event.timestamp),
        "actor": event.actor.user_id,
        "role": event.actor.role,
    }
    if isinstance(event, P.Rejected | P.Delisted):
        step["reason"] = event.reason
    elif isinstance(event, P.PriceChanged):
        step["price"] = plain(event.price)
    elif isinstance(event, P.DisplayChanged):
        step["fields"] = sorted(event.texts)
    return step


def package_story(app: CarepackBase, found: ServicePackage) -> dict[str, Any]:
    """`history`, `author_ids` and `reviewed_by` (who approved or rejected it last)."""
    history = [_step(e) for e in app.events.get(found.id)]
    reviews = [s for s in history if s["step"] in ("approved", "rejected")]
    return {
        "history": history,
        "author_ids": list(found.author_ids),
        "reviewed_by": reviews[-1]["actor"] if reviews else None,
    }


def successors(packages: list[dict[str, Any]]) -> dict[str, str]:
    """predecessor id -> the id of the version drafted from it."""
    return {p["predecessor_id"]: p["id"] for p in packages if p.get("predecessor_id")}


def successor_of(app: CarepackBase, package_id: UUID, ids: list[UUID]) -> str | None:
    """The version drafted from this one: looked for among the packages drafted after it."""
    later = ids[ids.index(package_id) + 1 :] if package_id in ids else []
    for other in later:
        if app.load(ServicePackage, other).predecessor_id == package_id:
            return str(other)
    return None
