"""Views of the catalogue: packages, one or all (from the notification log)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.base import CarepackBase
from application.views.base import View, plain
from application.views.package_story import package_story, successor_of, successors
from domain.package import ServicePackage

_BATCH = 1000


def _data(app: CarepackBase, found: ServicePackage) -> dict[str, Any]:
    data: dict[str, Any] = plain(found.as_dict())
    data["id"] = str(found.id)
    data["aggregate_version"] = found.version
    data.update(package_story(app, found))
    return data


def package(app: CarepackBase, package_id: UUID) -> View:
    found = app.load(ServicePackage, package_id)
    data = _data(app, found)
    data["successor_id"] = successor_of(app, found.id, package_ids(app))
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
    app: CarepackBase,
    *,
    status: str | None = None,
    disease_code: str | None = None,
    department: str | None = None,
    q: str | None = None,
) -> list[dict[str, Any]]:
    """Every package (each with the version that replaced it), filtered; `q` matches part
    of the code or the name, ignoring case."""
    found = [_data(app, app.load(ServicePackage, pid)) for pid in package_ids(app)]
    replaced_by = successors(found)
    for data in found:
        data["successor_id"] = replaced_by.get(data["id"])
    if status is not None:
        found = [p for p in found if p["status"] == status]
    if disease_code is not None:
        found = [p for p in found if disease_code in p["disease_codes"]]
    if department is not None:
        found = [p for p in found if p["department"] == department]
    if q:
        needle = q.casefold()
        found = [
            p for p in found if needle in p["code"].casefold() or needle in p["name"].casefold()
        ]
    return found
