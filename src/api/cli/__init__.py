"""The `carepack` command line: `main` builds the typer app from the command groups here."""
