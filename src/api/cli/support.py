"""Helpers of the CLI: settings, the application and engine as context managers, progress."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from litestar import Litestar
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import Engine

from api.heap import freeze_startup_heap
from application.app import Carepack
from application.settings import Settings
from demo.seed import DEFAULT_SEED, seed_demo
from projections.engine import create_read_engine
from projections.host import ProjectionsHost
from projections.migrations import upgrade


def settings() -> Settings:
    """The CAREPACK_* settings; a bad value is a clear message, not a traceback."""
    try:
        return Settings()
    except ValidationError as error:
        Console(stderr=True).print(f"[red]Bad configuration:[/red] {error}")
        raise typer.Exit(2) from None


def app_from_environment() -> Litestar:
    """The ASGI app from the CAREPACK_* settings: each uvicorn worker builds its own."""
    from api.app import create_app

    return served(create_app(Settings()))


def served(app: Litestar) -> Litestar:
    """`app` as a server process runs it: its startup heap frozen once it has started."""
    app.on_startup.append(freeze_startup_heap)
    return app


def migrate(config: Settings) -> None:
    upgrade(config)


def open_read_engine(config: Settings) -> Engine:
    return create_read_engine(config)


@contextmanager
def carepack_app(config: Settings) -> Iterator[Carepack]:
    app = Carepack(config)
    try:
        yield app
    finally:
        app.close()


@contextmanager
def read_engine(config: Settings) -> Iterator[Engine]:
    engine = create_read_engine(config)
    try:
        yield engine
    finally:
        engine.dispose()


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def seed_with_progress(
    app: Carepack,
    config: Settings,
    patients: int,
    console: Console,
    *,
    seed: int | None = None,
    catch_up: bool = True,
) -> None:
    """Seed the demo with a progress bar per phase, then (unless told not to) catch the
    projections up; `serve` leaves that to its embedded projection threads."""
    tasks: dict[str, TaskID] = {}
    with _bar(console) as bar:

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done)

        report = seed_demo(app, patients=patients, seed=seed or DEFAULT_SEED, progress=progress)
    console.print(
        f"[green]Demo hospital seeded:[/green] {report.patients} patients, "
        f"{report.events} events in {report.seconds:.1f} s"
    )
    if catch_up:
        catch_up_with_progress(app, config, console, total=report.events)


def catch_up_with_progress(
    app: Carepack, config: Settings, console: Console, *, total: int | None = None
) -> None:
    with read_engine(config) as engine:
        host = ProjectionsHost(app, engine)
        head = total or app.recorder.max_notification_id() or 0
        with _bar(console) as bar:
            tasks = {name: bar.add_task(f"{name}", total=head) for name in host.names}

            def progress(name: str, applied: int) -> None:
                bar.update(tasks[name], completed=applied)

            host.catch_up(progress)
            for task in tasks.values():
                bar.update(task, completed=head)
