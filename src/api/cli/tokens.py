"""`carepack token`: a token the server accepts, signed with whatever key the server uses."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from litestar.exceptions import NotAuthorizedException
from rich.console import Console

from api.auth import decode_token, mint_token
from api.cli.support import settings
from api.token_keys import AuthConfigurationError, token_keys
from application.settings import Settings

err = Console(stderr=True)


def token(
    sub: Annotated[str, typer.Option(help="The subject (user id).")],
    role: Annotated[list[str], typer.Option(help="A role; repeat for more.")],
    department: Annotated[list[str] | None, typer.Option(help="A department in scope.")] = None,
    patient: Annotated[list[str] | None, typer.Option(help="A patient acted for.")] = None,
    hours: Annotated[float, typer.Option(min=0.01, help="Lifetime in hours.")] = 8.0,
    source: Annotated[
        str | None, typer.Option(help="An integration's platform; it acts for it only.")
    ] = None,
    private_key: Annotated[
        Path | None,
        typer.Option(
            "--private-key",
            exists=True,
            dir_okay=False,
            help="RS256 private key (PEM) matching CAREPACK_JWT_PUBLIC_KEY.",
        ),
    ] = None,
) -> None:
    """Print a signed token (and nothing else): with CAREPACK_JWT_SECRET, else the demo's
    development secret in the data directory, or RS256 with --private-key."""
    config = _signing_settings(settings(), private_key)
    if hours > config.jwt_max_lifetime_hours:
        cap = config.jwt_max_lifetime_hours
        _fail(f"--hours {hours:g} is above CAREPACK_JWT_MAX_LIFETIME_HOURS ({cap:g}):"
              " the server would refuse the token.")  # fmt: skip
    pem = private_key.read_text(encoding="utf-8") if private_key else None
    try:
        minted = mint_token(
            config, sub, list(role), list(department or []), list(patient or []),
            ttl=timedelta(hours=hours), private_key=pem, source=source,
        )  # fmt: skip
        decode_token(config, minted)  # the server's own check: a mismatched key fails here
    except AuthConfigurationError as error:
        _fail(str(error))
    except (NotAuthorizedException, ValueError, TypeError):
        _fail("--private-key does not sign tokens CAREPACK_JWT_PUBLIC_KEY verifies.")
    typer.echo(minted)


def _signing_settings(config: Settings, private_key: Path | None) -> Settings:
    """The settings to sign with; without a configured key, the demo server's secret."""
    if private_key is not None and config.jwt_public_key is None:
        _fail("--private-key is for a server that verifies with CAREPACK_JWT_PUBLIC_KEY (RS256);"
              " this one uses an HS256 secret.")  # fmt: skip
    if config.jwt_public_key is not None and private_key is None:
        _fail("The server verifies tokens with CAREPACK_JWT_PUBLIC_KEY (RS256): pass"
              " --private-key FILE with the matching private key (or get a token from the"
              " identity provider that holds it).")  # fmt: skip
    if config.jwt_public_key is None and config.jwt_secret is None:
        config = config.model_copy(update={"demo": True})
        try:
            keys = token_keys(config)
        except AuthConfigurationError as error:
            _fail(str(error))
        err.print(
            f"[yellow]No CAREPACK_JWT_SECRET: signed with the demo's development secret in "
            f"{keys.demo_file}; only a demo server (`carepack serve --demo`) accepts it."
        )
    return config


def _fail(message: str) -> NoReturn:
    err.print(f"[red]{message}")
    raise typer.Exit(2)
