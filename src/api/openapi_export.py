"""Print the API's OpenAPI document as `create_app()` builds it, without serving anything.

`make console-client` turns it into the console's typed client; `make console-check`
fails when the committed client differs (the console and the API cannot drift).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any


def openapi_document() -> dict[str, Any]:
    """The document of an app over a scratch data directory (demo keys, no projections)."""
    from litestar.testing import TestClient

    from api.app import create_app
    from application.settings import Settings

    with tempfile.TemporaryDirectory(prefix="carepack-openapi-") as folder:
        settings = Settings(data_dir=Path(folder), demo=True, run_projections=False)
        app = create_app(settings)
        # Exactly what the app serves (Litestar's encoders, with the pydantic plugin's).
        with TestClient(app) as client:
            answer = client.get("/schema/openapi.json")
            answer.raise_for_status()
            document: dict[str, Any] = answer.json()
    return document


def main() -> None:
    json.dump(openapi_document(), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
