"""`carepack audit keygen|checkpoint|verify`, and the check before `projections rebuild audit`."""

from __future__ import annotations

import getpass
import json
import socket
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import Engine

from api.cli.support import carepack_app, read_engine, settings
from application.audit_keys import as_pem, generate_key_pair, load_public_keys
from application.settings import Settings
from projections.audit.access_log import record_access
from projections.audit.checkpoint_checks import CheckpointPolicy
from projections.audit.checkpoint_log import CheckpointLog, read_checkpoint_log
from projections.audit.checkpointing import make_checkpoints
from projections.audit.checkpoints import Signer, restore_checkpoints, signature_problem
from projections.audit.report import AuditReport, verify_audit

err = Console(stderr=True)
out = Console()

CheckpointsFile = Annotated[
    Path | None,
    typer.Option(
        "--checkpoints",
        help="A copy of the checkpoint log to check the database against "
        "(default: CAREPACK_AUDIT_CHECKPOINT_LOG when it names a file).",
    ),
]


def keygen(
    pem: Annotated[
        bool, typer.Option("--pem", help="PEM (for openssl) instead of env lines.")
    ] = False,
) -> None:
    """Make an Ed25519 key pair for signing audit checkpoints."""
    signing, public = generate_key_pair()
    if pem:
        private_pem, public_pem = as_pem(signing)
        typer.echo(private_pem + public_pem, nl=False)
    else:
        typer.echo(f"CAREPACK_AUDIT_SIGNING_KEY={signing}\nCAREPACK_AUDIT_PUBLIC_KEY={public}")
    [found] = load_public_keys(public)
    err.print(
        f"Key id {found}. Give the signing key only to the process that makes checkpoints "
        "(the projections process); verifiers need only the public key."
    )


FromLog = Annotated[
    Path | None,
    typer.Option(
        "--from-log",
        help="Instead of signing: put back the rows of this log's checkpoints that the "
        "database lacks (after restoring it from a backup); needs only the public key.",
    ),
]


def _restore(config: Settings, log: Path) -> None:
    keys = CheckpointPolicy.from_settings(config).public_keys
    if not keys:
        err.print("[red]Set CAREPACK_AUDIT_PUBLIC_KEY: only verified checkpoints are restored.")
        raise typer.Exit(2)
    try:
        found = read_checkpoint_log(log).checkpoints
    except FileNotFoundError:
        err.print(f"[red]No checkpoint log at {log}")
        raise typer.Exit(2) from None
    good = [c for c in found if signature_problem(c, keys) is None]
    with read_engine(config) as engine:
        restored = restore_checkpoints(engine, good)
    err.print(f"{restored} checkpoint(s) restored; {len(found) - len(good)} refused (signature)")
    if len(good) < len(found):
        raise typer.Exit(1)


def checkpoint(from_log: FromLog = None) -> None:
    """Sign the heads of the audit chain and the access log (needs the signing key)."""
    config = settings()
    if from_log is not None:
        _restore(config, from_log)
        return
    if not config.audit_signing_key:
        err.print("[red]Set CAREPACK_AUDIT_SIGNING_KEY (make a pair: `carepack audit keygen`).")
        raise typer.Exit(2)
    log = CheckpointLog(config.audit_checkpoint_log)
    with read_engine(config) as engine:
        made = make_checkpoints(engine, Signer(config.audit_signing_key), log)
    if log.path is not None:  # the lines went to the file; show them here too
        for signed in made:
            typer.echo(signed.line())
    err.print(f"{len(made)} checkpoint(s) written to {log}")


def _report(config: Settings, engine: Engine, app: Any, checkpoints: Path | None) -> AuditReport:
    try:
        return verify_audit(app, engine, CheckpointPolicy.from_settings(config, checkpoints))
    except FileNotFoundError:
        err.print(f"[red]No checkpoint log at {checkpoints}")
        raise typer.Exit(2) from None


def verify(checkpoints: CheckpointsFile = None) -> None:
    """Verify the audit chain and the access log against their signed checkpoints;
    exit 1 if history was altered, removed or cut short."""
    config = settings()
    with (
        carepack_app(config) as app,
        read_engine(config) as engine,
        err.status("Verifying the audit chain and the access log..."),
    ):
        report = _report(config, engine, app, checkpoints)
    out.print_json(json.dumps(asdict(report), default=str, ensure_ascii=False, indent=2))
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}")
    if not report.ok:
        raise typer.Exit(1)


def _operator() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a container user with no name
        user = "unknown"
    return f"cli:{user}@{socket.gethostname()}"[:200]


def check_before_rebuild(config: Settings, engine: Engine, app: Any, force: bool) -> None:
    """Refuse to rebuild the audit over a chain that does not verify: the rebuild would
    recompute it from the store as it is now, replacing the evidence. `--force` goes on,
    and says so in the access log (chained and checkpointed), where auditors look."""
    report = _report(config, engine, app, None)
    if report.problem is None and not report.failed_checkpoints:
        return
    what = report.problem or "; ".join(
        sorted({f"checkpoint {f.position}: {f.reason}" for f in report.failed_checkpoints})[:3]
    )
    if not force:
        err.print(
            f"[red]The audit chain does not verify ({what}).[/red] Rebuilding would replace "
            "the evidence: see `carepack audit verify`, export what is there "
            "(`carepack audit export`), and rebuild with --force only if you must."
        )
        raise typer.Exit(1)
    record_access(
        engine, actor=_operator(), role="operator", patient_id=None,
        resource=f"projections rebuild audit --force over: {what}"[:200], outcome="forced",
    )  # fmt: skip
    err.print(f"[yellow]Rebuilding over a chain that does not verify ({what}); recorded.")
