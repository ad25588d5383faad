"""The staff console: the built single-page app at /console/, deep links to its index.html.

Vite names every asset by its content hash, so assets are cached for a year (`immutable`);
index.html names the current assets and is revalidated on every load (`no-cache`). Any
other path under /console/ is a route of the app: index.html answers it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import PathParameter
from litestar.response import Redirect

from api.requests import AnyRequest
from application.settings import Settings

CONSOLE = "/console"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>Carepack</title>"
    "<p>The staff console is not built: run <code>make run</code> (needs Node 20.19+) or "
    "<code>cd console && npm ci && npm run build</code>. The API is at /api/v1, its "
    "OpenAPI document at /schema.</p>"
)
REPOSITORY_BUNDLE = Path(__file__).resolve().parents[3] / "console" / "dist"


def console_dir(settings: Settings) -> Path:
    """Where the built console lives: CAREPACK_CONSOLE_DIR, else the repository's dist."""
    return (settings.console_dir or REPOSITORY_BUNDLE).resolve()


def _index(root: Path) -> Response[bytes]:
    index = root / "index.html"
    if not index.is_file():
        return Response(NOT_BUILT.encode(), status_code=503, media_type="text/html")
    return Response(
        index.read_bytes(), media_type="text/html; charset=utf-8",
        headers={"Cache-Control": REVALIDATE},
    )  # fmt: skip


def _file(root: Path, relative: str) -> Path | None:
    """The bundle's file at `relative`, never one outside the bundle."""
    candidate = (root / relative).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


class ConsoleController(Controller):
    """Not part of the API: left out of the OpenAPI document."""

    include_in_schema = False

    @get("/", operation_id="root")
    async def root(self) -> Redirect:
        return Redirect(f"{CONSOLE}/", status_code=302)

    @get(f"{CONSOLE}/", operation_id="consoleIndex", sync_to_thread=True)
    def index(self, request: AnyRequest) -> Response[bytes]:
        return _index(console_dir(request.app.state.settings))

    @get(f"{CONSOLE}/{{path:path}}", operation_id="consoleFile", sync_to_thread=True)
    def file(
        self, request: AnyRequest, path: Annotated[str, PathParameter(max_length=500)]
    ) -> Response[bytes]:
        root = console_dir(request.app.state.settings)
        found = _file(root, path.lstrip("/"))
        if found is None:
            # A route of the app (deep link); a missing asset is a 404, not the page.
            if path.lstrip("/").startswith("assets/"):
                return Response(b"not found", status_code=404, media_type="text/plain")
            return _index(root)
        media_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        cache = IMMUTABLE if found.parent.name == "assets" else REVALIDATE
        if found.name == "index.html":
            cache = REVALIDATE
        return Response(found.read_bytes(), media_type=media_type, headers={"Cache-Control": cache})
