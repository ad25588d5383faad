"""`carepack export fhir`: the bulk export (FHIR Bulk Data NDJSON), with a progress bar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from api.cli.audit import _operator
from api.cli.support import carepack_app, read_engine, settings
from api.params import as_utc

export_cli = typer.Typer(help="Export in standard formats.", no_args_is_help=True)
err = Console(stderr=True)


@export_cli.command("fhir")
def fhir(
    output: Annotated[Path, typer.Option(help="Directory for the NDJSON files (made if need be).")],
    department: Annotated[
        str | None, typer.Option(help="Only this department's patients (and the catalogue).")
    ] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only resources changed at or after this time (UTC).")
    ] = None,
) -> None:
    """One NDJSON file per resource type and a manifest.json, as FHIR Bulk Data $export."""
    from api.fhir.export import ExportRequest, export

    config = settings()
    wanted = ExportRequest(
        output, department, None if since is None else as_utc(since), _operator()
    )
    tasks: dict[str, TaskID] = {}
    columns = (SpinnerColumn(), TextColumn("{task.description:<22}"),
               TextColumn("{task.completed} resources"), TimeElapsedColumn())  # fmt: skip
    with (
        carepack_app(config) as app,
        read_engine(config) as engine,
        Progress(*columns, console=err) as bar,
    ):

        def progress(kind: str, done: int) -> None:
            if kind not in tasks:
                tasks[kind] = bar.add_task(kind, total=None)
            bar.update(tasks[kind], completed=done)

        manifest = export(app, engine, wanted, progress)
    total = sum(int(o["count"]) for o in manifest["output"])
    err.print(f"[green]Exported {total} resources[/green] to {output} (manifest.json lists them)")
