"""``create_app``: the FastAPI application ``sitrep serve`` runs, over one store.

Layers, outermost first: security headers (CSP) → request ids and unexpected errors (JSON 500
E069) → body-size cap → CORS (only when origins are configured) → routes and the static web page.
Every 4xx and 5xx answer is ``{"error": code, "detail": message}`` with a code from ``errors.py``;
query parameters FastAPI cannot read become 400 E060 naming the parameter. There are no
interactive docs pages (they load script from a CDN, which the CSP forbids and an offline laptop
lacks); the schema is at ``/openapi.json``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles

from sitrep.api import review
from sitrep.api.config import ApiConfig
from sitrep.api.routes import ApiState, router
from sitrep.api.security import BodyLimit, RequestErrors, SecurityHeaders, TokenError
from sitrep.errors import Errors, StoreError
from sitrep.pipeline import Pipeline
from sitrep.store import Store

__all__ = ["create_app", "static_dir"]

logger = logging.getLogger(__name__)


def static_dir() -> Path:
    """The built web page shipped in the package (``sitrep/web/static``)."""
    return Path(str(resources.files("sitrep.web") / "static"))


def _error(status: int, code: str, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, str]:
    first: dict[str, Any] = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
    name = loc[-1] if loc else "query"
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    if first.get("type") == "extra_forbidden":
        message = "unknown parameter; see /openapi.json for the ones this endpoint takes"
    return name, message


def create_app(store: Store, *, config: ApiConfig | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """The API and web page over ``store``.

    config (ApiConfig | None): tokens and caps; default ``ApiConfig()`` (open reads, no writes).
    pipeline (Pipeline | None): the coder ``POST /articles`` uses; default a ``Pipeline()`` loaded
        on the first ingest.
    """
    config = config or ApiConfig()
    app = FastAPI(
        title="sitrep",
        summary="ACLED-coded conflict events from news articles, over HTTP.",
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.sitrep = ApiState(store=store, config=config, pipeline_given=pipeline)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        name, message = _validation_message(exc)
        return _error(400, "E060", Errors.E060.format(name=name, detail=message))

    @app.exception_handler(TokenError)
    async def no_token(request: Request, exc: TokenError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error(exc.status, exc.code, str(exc), headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc.detail, dict) and "error" in exc.detail:
            return JSONResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
        return _error(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail), exc.headers)

    @app.exception_handler(StoreError)
    async def store_down(request: Request, exc: StoreError) -> JSONResponse:
        message = str(exc)
        code = message[1:5] if message.startswith("[E") else "E068"
        request_id = request.scope.get("state", {}).get("request_id", "-")
        logger.error("request %s: store error on %s %s: %s", request_id, request.method, request.url.path, message)
        # the busy message is safe to show; others may name the database's host: say less
        detail = message if code == "E040" else Errors.E068.format(code=code)
        return _error(503, code, detail, {"Retry-After": "5"})

    app.include_router(router)
    app.include_router(review.router)

    static = static_dir()
    assets = Starlette()
    assets.mount("/", StaticFiles(directory=static))
    assets.add_middleware(GZipMiddleware, minimum_size=1024)
    app.mount("/static", assets, name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type", "If-Match"],
            expose_headers=["X-Total-Count", "ETag"],
        )
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.add_middleware(RequestErrors)
    app.add_middleware(SecurityHeaders)
    return app
