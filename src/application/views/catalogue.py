"""Views of the catalogue: packages, one or all (from the notification log)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.base import CarepackBase
from application.views.base import View, plain
from domain.package import ServicePackage

_BATCH = 1000


def package(app: CarepackBase, package_id: UUID) -> View:
    found = app.load(ServicePackage, package_id)
    data = plain(found.as_dict())
    data["id"] = str(found.id)
    data["aggregate_version"] = found.version
    return View(data, found.version)


def package_ids(app: CarepackBase) -> list[UUID]:
    """Every package ever drafted, oldest first, from the notification log."""
    topic = get_topic(ServicePackage.Drafted)
    ids: list[UUID] = []
    start = 1
    while True:
        batch = app.recorder.select_notifications(start, _BATCH, topics=[topic])
        ids.extend(UUID(str(n.originator_id)) for n in batch)
        if len(batch) < _BATCH:
            return ids
        start = batch[-1].id + 1


def packages(
    app: CarepackBase, *, status: str | None = None, disease_code: str | None = None
) -> list[dict[str, Any]]:
    found = [package(app, pid).data for pid in package_ids(app)]
    if status is not None:
        found = [p for p in found if p["status"] == status]
    if disease_code is not None:
        found = [p for p in found if disease_code in p["disease_codes"]]
    return found
