"""Bulk export as in FHIR Bulk Data `$export`: one NDJSON file per resource type, and a
manifest. Streaming: one page of resources in memory at a time, whatever the store's size.

Every page's patients are written to the access log before the page is written (fail
closed, like the API's streamed exports), by the operator who ran the export.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from api.fhir import bundle
from api.fhir.codes import instant
from api.fhir.http import KINDS
from api.fhir.search import DateRange, Params, Reader, Scope, search
from application.app import Carepack
from projections.audit.access_log import NewAccess, record_accesses

PAGE = 500
# A department's export is its patients' records and the catalogue; money and the audit
# trail are hospital-wide (finance and auditors have no department).
DEPARTMENT_TYPES = ("Patient", "EpisodeOfCare", "Consent", "ChargeItem", "ChargeItemDefinition")
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class ExportRequest:
    output: Path
    department: str | None = None
    since: datetime | None = None
    operator: str = "cli"


def export(
    app: Carepack, engine: Engine, wanted: ExportRequest, progress: Progress | None = None
) -> dict[str, Any]:
    """Write `<Type>.ndjson` per resource type and `manifest.json`; returns the manifest."""
    wanted.output.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    scope = Scope(departments=None if wanted.department is None else frozenset({wanted.department}))
    reader = Reader(app, engine, scope)
    outputs = []
    for kind in KINDS:
        name = kind.source.resource_type
        if wanted.department is not None and name not in DEPARTMENT_TYPES:
            continue
        path = wanted.output / f"{name}.ndjson"
        count = _write_type(reader, kind.source, path, wanted, progress)
        outputs.append({"type": name, "url": path.name, "count": count})
    manifest = {
        "transactionTime": instant(started),
        "request": _request(wanted),
        "requiresAccessToken": False,
        "output": outputs,
        "error": [],
    }
    (wanted.output / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _write_type(
    reader: Reader, source: Any, path: Path, wanted: ExportRequest, progress: Progress | None
) -> int:
    params = Params(count=PAGE)
    if wanted.since is not None:
        params.last_updated = DateRange(start=wanted.since)
    count = 0
    with path.open("wb") as target:
        while True:
            with reader.app.unit_of_work():  # each aggregate replayed once a page, then let go
                shown, after = search(reader, source, params)
            _log(
                reader.engine, wanted, source.resource_type, [p for b in shown for p in b.patients]
            )
            for built in shown:
                target.write(bundle.encode(built.resource) + b"\n")
            count += len(shown)
            if progress is not None:
                progress(source.resource_type, count)
            if after is None:
                return count
            params.after = after


def _log(engine: Engine, wanted: ExportRequest, kind: str, patients: list[str]) -> None:
    shown = list(dict.fromkeys(patients))
    if not shown:
        return
    resource = f"export fhir {kind}" + (
        f" department={wanted.department}" if wanted.department else ""
    )
    record_accesses(
        engine,
        [NewAccess(actor=wanted.operator, role="operator", patient_id=p, resource=resource[:200],
                   outcome="allowed") for p in shown],
    )  # fmt: skip


def _request(wanted: ExportRequest) -> str:
    query = [] if wanted.since is None else [f"_since={instant(wanted.since)}"]
    where = f"Group/{wanted.department}" if wanted.department else ""
    return f"carepack export fhir {where}$export" + ("?" + "&".join(query) if query else "")
