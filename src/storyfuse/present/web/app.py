"""The web app factory: FastAPI with the HTML views, the JSON API, bundled static files, safe errors.

Safety: templates autoescape; a Content-Security-Policy allows only this server's own scripts and
styles; the only files served are the bundled static ones; every error is a short message (HTML for
pages, JSON for /api), never a stack trace.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyfuse import __version__
from storyfuse.errors import StoryfuseError
from storyfuse.present.web import api, views
from storyfuse.present.web import edit as web_edit
from storyfuse.present.web.pages import Links, render
from storyfuse.store.open import is_postgres, open_store

STATIC_DIR = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 422: "Bad request"}
log = logging.getLogger(__name__)

DESCRIPTION = """Read-only access to a storyfuse store: stories (most recent first), one story in the
story-JSON contract (docs/story-json.md), cleaned articles, and full-text search. Errors are JSON
objects with a one-line `detail`."""


class SecurityHeaders:
    """Adds the security headers to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    db_path: str | Path,
    *,
    poll_seconds: float = 15,
    allowed_hosts: Sequence[str] | None = None,
    edit: bool = False,
) -> FastAPI:
    """The web app over the store at `db_path`, opened read-only once per request.

    The story list asks /api/status every `poll_seconds` and offers a reload when `ingest` has added
    something. With `allowed_hosts`, requests naming another host get a 400: a server on loopback
    then cannot be read by a web page through DNS rebinding. Raises StoryfuseError now, in one line,
    when there is no readable store at `db_path`. With `edit`, the pages offer the corrections of
    present/web/edit.py (rename, merge, split, move) behind a token made now.
    """
    path: str | Path = db_path if is_postgres(db_path) else Path(db_path).resolve()
    open_store(path, readonly=True).close()
    app = FastAPI(
        title="storyfuse",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN; the JSON description is enough
        redoc_url=None,
    )
    app.state.db_path = path
    app.state.links = Links()
    app.state.poll_ms = int(poll_seconds * 1000)
    app.state.edit_token = secrets.token_urlsafe(24) if edit else None
    app.include_router(api.router)
    app.include_router(views.router)
    if edit:
        app.include_router(web_edit.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoryfuseError, _storyfuse_error)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts is not None:
        # A Host header writes an IPv6 address in brackets ("[::1]:8000"), and is compared so.
        hosts = [f"[{h}]" if ":" in h and not h.startswith("[") else h for h in allowed_hosts]
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=status)
    title = TITLES.get(status, "Something went wrong" if status >= 500 else "Bad request")
    html = render("error.html", links=request.app.state.links, status=status, title=title, message=message)
    return HTMLResponse(html, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    response = _error(request, exc.status_code, message)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors()[:3]:
        where = " ".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
        problems.append(
            f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))
        )
    return _error(request, 422, "; ".join(problems) or "invalid request")


async def _storyfuse_error(request: Request, exc: Exception) -> Response:
    return _error(request, 503, str(exc))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("error serving %s", request.url.path, exc_info=exc)
    return _error(request, 500, "internal error; the server's log has the details")
