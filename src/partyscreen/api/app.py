"""The FastAPI app: ``create_app()`` builds it (uvicorn calls it once per worker)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from partyscreen import __version__
from partyscreen.api import errors
from partyscreen.api.limits import BodyLimit
from partyscreen.api.routers import admin, batches, cases, lists, match, screening
from partyscreen.api.service import Service, ServiceConfig

UPLOAD_PATHS = ("/batches", "/lists/import", "/ui/batches")


def _config_from_env() -> ServiceConfig:
    # `partyscreen serve` hands its options to the workers through the environment.
    settings = os.environ.get("PARTYSCREEN_CONFIG")
    return ServiceConfig(db=os.environ.get("PARTYSCREEN_DB"), settings=Path(settings) if settings else None)


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    config = config or _config_from_env()
    service = Service(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.screener()  # loaded before the first request, not during it
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="partyscreen",
        version=__version__,
        description=(
            "Restricted-party screening over HTTP. `POST /match/{dataset}` speaks yente's request and response shapes; "
            "every other endpoint is partyscreen's own. Every endpoint except `/healthz` needs "
            "`Authorization: Bearer TOKEN` (or `ApiKey TOKEN`); tokens come from `partyscreen token create`."
        ),
    )
    app.state.service = service
    errors.install(app)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:  # async: no thread hand-off for a probe that may come often
        """Liveness; the only endpoint without a token."""
        return {"status": "ok"}

    for module in (match, screening, cases, lists, batches, admin):
        app.include_router(module.router)
    from partyscreen.web import routes as web

    web.install(app)
    app.add_middleware(BodyLimit, max_body=config.max_body, max_upload=config.max_upload,
                       is_upload=lambda path: path.startswith(UPLOAD_PATHS))
    return app
