"""The `carepack` command line: serve, seed the demo, mint tokens, run and check read models."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.console import Console

from api.cli.fhir import export_cli
from api.cli.ops import audit_cli, finance_cli, projections_cli
from api.cli.support import (
    carepack_app,
    migrate,
    open_read_engine,
    seed_with_progress,
    served,
    settings,
)
from api.cli.tokens import token
from api.token_keys import AuthConfigurationError, TokenKeys, demo_notice, token_keys
from application.settings import Settings
from domain.context import Actor, Ctx

err = Console(stderr=True)
out = Console()

cli = typer.Typer(
    name="carepack",
    help="Carepack: patient management for an internet hospital.",
    no_args_is_help=True,
    add_completion=False,
)
db_cli = typer.Typer(help="The read-model database.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(projections_cli, name="projections")
cli.add_typer(audit_cli, name="audit")
cli.add_typer(finance_cli, name="finance")
cli.add_typer(export_cli, name="export")
cli.command()(token)

Patients = Annotated[int, typer.Option(min=1, max=5000, help="How many demo patients.")]


@cli.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Seed the demo hospital first (empty store).")] = False,
    patients: Patients = 300,
    workers: Annotated[int, typer.Option(min=1, max=64, help="API worker processes.")] = 1,
) -> None:
    """Migrate the read models, then serve the API (and, embedded, the projections)."""
    import uvicorn

    from api.app import create_app

    config = settings()
    if demo:
        # Workers started by uvicorn read the environment, not this process's settings.
        os.environ["CAREPACK_DEMO"] = "true"
        config = config.model_copy(update={"demo": True})
    if workers > 1 and config.run_projections:
        # Every worker would run every projection: wasted work and lock contention.
        err.print(
            "[red]With --workers above 1, set CAREPACK_RUN_PROJECTIONS=false and run"
            " `carepack projections run` once, in its own process."
        )
        raise typer.Exit(2)
    keys = _token_keys(config)
    migrate(config)
    if demo:
        with carepack_app(config) as app:
            if app.recorder.max_notification_id():
                err.print("[yellow]The event store is not empty: serving it without seeding.")
            else:
                # The embedded projections catch up in the background: /ready says when.
                seed_with_progress(app, config, patients, err, catch_up=False)
    notice = demo_notice(keys)
    if notice is not None:
        err.print(f"[yellow]{notice}")
    err.print(f"Serving on http://{config.host}:{config.port} (OpenAPI at /schema)")
    if workers == 1:
        uvicorn.run(served(create_app(config)), host=config.host, port=config.port,
                    log_level="info", access_log=config.http_access_log)  # fmt: skip
        return
    uvicorn.run("api.cli.support:app_from_environment", factory=True, host=config.host,
                port=config.port, workers=workers, log_level="info",
                access_log=config.http_access_log)  # fmt: skip


def _token_keys(config: Settings) -> TokenKeys:
    """The server's token keys; without a usable one it refuses to start (exit 2)."""
    try:
        return token_keys(config)
    except AuthConfigurationError as error:
        err.print(f"[red]Refusing to serve:[/red] {error}")
        raise typer.Exit(2) from None


@cli.command()
def demo(
    patients: Patients = 300,
    seed: Annotated[int, typer.Option(help="Seed of the demo's random choices.")] = 20260302,
) -> None:
    """Seed the demo hospital into an empty store and bring the read models up to date."""
    config = settings()
    migrate(config)
    with carepack_app(config) as app:
        if app.recorder.max_notification_id():
            err.print("[red]The event store is not empty: the demo seeds only an empty store.")
            raise typer.Exit(1)
        seed_with_progress(app, config, patients, err, seed=seed)


@cli.command("expire-due")
def expire_due() -> None:
    """Expire the subscriptions whose validity has ended (run daily)."""
    config = settings()
    with carepack_app(config) as app:
        now = datetime.now(UTC)
        ctx = Ctx(Actor.system(), f"expire-due-{now:%Y%m%dT%H%M%S}", now, config.zone)
        done = app.expire_due(ctx)
        expired = [str(d.id) for d in done if d.outcome.status == "expired"]
    out.print_json(json.dumps({"expired": expired, "count": len(expired)}))


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the read-model tables (alembic upgrade head)."""
    config = settings()
    migrate(config)
    engine = open_read_engine(config)
    engine.dispose()
    err.print("[green]Read models are at the latest migration.")


def main(argv: list[str] | None = None) -> Any:
    """The console script's entry point."""
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    return cli(args=argv)
