"""The app factory: ``create_app(settings)`` builds the API and serves the dashboard from the same process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.api import routes
from eventwire.api.security import Guard, RateLimit, content_security_policy
from eventwire.api.service import ExtractorFactory, State
from eventwire.api.settings import WRITE_COST, Settings
from eventwire.store import Store

NAME = "api.app.v1"

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def create_app(settings: Settings | None = None, *, store: Store | None = None,
               extractor_factory: ExtractorFactory | None = None) -> FastAPI:
    """The app over ``store`` (default: the store at ``settings.db``, created if missing). The extractor is
    built by ``extractor_factory`` (default: the full pipeline) on the first ingest, once per app."""
    settings = settings or Settings.from_env()
    owned = store is None
    opened = store if store is not None else Store.open(settings.db)
    state = State(settings, opened, extractor_factory)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()
        if owned:
            opened.close()

    app = FastAPI(
        title="eventwire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Sourced conflict event data: events, figures and the articles they come from. Lists "
        "return `{total, limit, offset, items}`; `format=` gives the CLI's export formats as downloads. "
        "Writes need `Authorization: Bearer <token>`.",
    )
    app.state.settings = settings
    app.state.eventwire = state
    app.include_router(routes.read)
    app.include_router(routes.write)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "PATCH"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(RateLimit, rate=settings.rate_limit, burst=settings.rate_burst, write_cost=WRITE_COST)
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes,
                       csp=content_security_policy(settings.tile_url))
    if (STATIC / "index.html").is_file():
        app.mount("/", StaticFiles(directory=STATIC, html=True), name="dashboard")
    return app
