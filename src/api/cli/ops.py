"""`carepack projections|audit|finance ...`: run and check the read models from a shell."""

from __future__ import annotations

import json
import os
import signal
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from api.cli import audit as cli_audit
from api.cli.support import carepack_app, catch_up_with_progress, migrate, read_engine, settings
from api.heap import freeze_startup_heap
from api.params import as_utc
from domain.context import Actor
from projections import rebuild as rebuilding
from projections.host import ProjectionsHost, UnknownProjection
from projections.status import ProjectionStatus

err = Console(stderr=True)
out = Console()
projections_cli = typer.Typer(
    help="Run, inspect and rebuild the read models.", no_args_is_help=True
)
audit_cli = typer.Typer(help="The compliance audit: verify, sign, export.", no_args_is_help=True)
finance_cli = typer.Typer(help="Finance: settlement reconciliation.", no_args_is_help=True)

Names = Annotated[list[str] | None, typer.Option("--name", help="Only these projections.")]


def _json(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, indent=2)


@projections_cli.command("run")
def run(names: Names = None) -> None:
    """Follow the event store in the foreground until interrupted (production mode)."""
    config = settings()
    migrate(config)
    if config.projections_nice:
        os.nice(config.projections_nice)  # background work: the API's answers come first
    with carepack_app(config) as app, read_engine(config) as engine:
        host = ProjectionsHost(app, engine, list(names or []) or None)
        catch_up_with_progress(app, config, err)

        def stop(signum: int, frame: FrameType | None) -> None:
            host.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        freeze_startup_heap()
        host.start()
        err.print(f"Following the event store: {', '.join(host.names)} (Ctrl-C stops)")
        host.wait()
        host.stop()


@projections_cli.command("status")
def status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Each projection's position, the store's head and the lag."""
    config = settings()
    with carepack_app(config) as app, read_engine(config) as engine:
        found = ProjectionsHost(app, engine).statuses()
    if as_json:
        out.print_json(_json([asdict(s) for s in found]))
        return
    table = Table("projection", "position", "head", "lag", "seconds behind", "updated", "failing")
    for s in found:
        table.add_row(
            s.name, str(s.position), str(s.head), str(s.lag), f"{s.seconds_behind:.1f}",
            s.updated_at.isoformat(timespec="seconds") if s.updated_at else "-", _failing(s),
        )  # fmt: skip
    out.print(table)


Force = Annotated[
    bool, typer.Option("--force", help="Rebuild the audit even over a chain that does not verify.")
]


def _failing(status: ProjectionStatus) -> str:
    """Where a projection is stuck: the position and type of the event, never the error."""
    f = status.failing
    if f is None:
        return "-"
    since = f.since.isoformat(timespec="seconds")
    return f"[red]at {f.position} ({f.event_type}) since {since}, {f.attempts} attempts"


@projections_cli.command("rebuild")
def rebuild(name: str, force: Force = False) -> None:
    """Rebuild one projection from position 0 into fresh tables, then swap them in."""
    config = settings()
    migrate(config)
    with carepack_app(config) as app, read_engine(config) as engine:
        try:
            runner = ProjectionsHost(app, engine, [name]).runner(name)
        except UnknownProjection as error:
            err.print(f"[red]{error.args[0]}")
            raise typer.Exit(2) from None
        if name == "audit":
            cli_audit.check_before_rebuild(config, engine, app, force)
        with err.status(f"Rebuilding {name}..."):
            applied = rebuilding.rebuild(runner)
    err.print(f"[green]Rebuilt {name}:[/green] {applied} events applied")


audit_cli.command("keygen")(cli_audit.keygen)
audit_cli.command("checkpoint")(cli_audit.checkpoint)
audit_cli.command("verify")(cli_audit.verify)


@audit_cli.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    output: Annotated[Path | None, typer.Option(help="File to write (default stdout).")] = None,
    access_log: Annotated[bool, typer.Option(help="Export the access log instead.")] = False,
    emergency: Annotated[
        bool, typer.Option(help="With --access-log: only break-the-glass accesses.")
    ] = False,
    since: Annotated[datetime | None, typer.Option()] = None,
    until: Annotated[datetime | None, typer.Option()] = None,
) -> None:
    """Export the audit entries (or the access log) as JSON Lines or CSV."""
    from projections.audit.export import export_access_log, export_audit
    from projections.audit.queries import AccessFilter, AuditFilter

    if fmt not in ("jsonl", "csv"):
        err.print("[red]--format must be jsonl or csv")
        raise typer.Exit(2)
    # typer's formats carry no offset: the times are UTC, as the API takes them.
    since, until = (None if t is None else as_utc(t) for t in (since, until))
    if emergency and not access_log:
        err.print("[red]--emergency selects entries of the access log: add --access-log")
        raise typer.Exit(2)
    wanted = AccessFilter(since=since, until=until, emergency=True if emergency else None)
    with read_engine(settings()) as engine:
        chunks = (
            export_access_log(engine, fmt, wanted)  # type: ignore[arg-type]
            if access_log
            else export_audit(engine, fmt, AuditFilter(since=since, until=until))  # type: ignore[arg-type]
        )
        target = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            for chunk in chunks:
                target.write(chunk)
        finally:
            if output:
                target.close()


@finance_cli.command("reconcile")
def reconcile(
    file: Path,
    fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
) -> None:
    """Import a provider settlement CSV and print the reconciliation report."""
    from projections.finance.queries import get_report
    from projections.finance.reconcile import import_settlement
    from projections.finance.report_csv import report_csv
    from projections.finance.settlement import SettlementError

    if fmt not in ("json", "csv"):
        err.print("[red]--format must be json or csv")
        raise typer.Exit(2)
    config = settings()
    with read_engine(config) as engine:
        try:
            report_id = import_settlement(
                engine, file.read_bytes(), Actor("cli", "finance"), zone=config.zone
            )
        except SettlementError as error:
            err.print(f"[red]{error}")
            raise typer.Exit(2) from None
        report = get_report(engine, report_id)
    if fmt == "csv" and report is not None:
        typer.echo(report_csv(report), nl=False)
        return
    out.print_json(_json(report))
