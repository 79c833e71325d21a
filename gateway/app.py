"""Application factory: builds the services and wires them into Litestar. Nothing else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from litestar import Litestar

from gateway.admin.api.audit import AuditAdminController
from gateway.admin.dashboard import dashboard_router
from gateway.api.controllers import GuardController, HealthController, OpenAIController, api_error_handler
from gateway.api.generation import GenerationService
from gateway.audit import AuditWriter
from gateway.audit.admin_events import record_admin_event
from gateway.audit.store import chain_store_for
from gateway.auth.lookup import KeyLookup, SqlAlchemyKeyLookup, SqliteKeyLookup
from gateway.auth.service import AuthService
from gateway.db import sqlite
from gateway.db.engine import create_engine, session_factory
from gateway.guard.output import OutputGuard
from gateway.policy import PolicyStore
from gateway.routing.upstream import UpstreamClient
from gateway.scanning import ScanEngine, ScanSettings
from gateway.scanning.settings import ALL_SCANNERS
from gateway.services import Services
from gateway.settings import Settings, load_settings


def build_services(settings: Settings) -> Services:
    engine = create_engine(settings.database.url, echo=settings.database.echo)
    path = sqlite.sqlite_path(settings.database.url)
    keys: KeyLookup = SqliteKeyLookup(path) if path else SqlAlchemyKeyLookup(session_factory(engine))
    auth = AuthService(keys)
    audit = AuditWriter(chain_store_for(settings.database.url, engine))
    upstream = UpstreamClient()
    async def audit_reload(old: str, new: str) -> None:
        await record_admin_event(audit, "policy.reload", actor="gateway",
                                 details={"old_version": old, "new_version": new})

    # Raises PolicyError on an invalid policy: the gateway refuses to start.
    policies = PolicyStore(settings.policies_dir, on_reload=audit_reload)
    base = ScanSettings(
        timeout_s=settings.scanning.timeout_s,
        codeshield_pack=settings.scanning.codeshield_pack,
        license_db_url=settings.database.url,  # the `sluice license index` fingerprints
    )
    # License limits come from the default policy; every scanner stays available because
    # tenants' policies choose per request which ones run.
    scan_settings = replace(policies.current.default.scan_settings(base), enabled_scanners=ALL_SCANNERS)
    scanner = ScanEngine.from_settings(scan_settings)
    generation = GenerationService(settings, auth, audit, upstream, policies, OutputGuard(scanner))
    return Services(settings=settings, engine=engine, auth=auth, audit=audit, upstream=upstream, policies=policies,
                    scanner=scanner, generation=generation)


def create_app(settings: Settings) -> Litestar:
    services = build_services(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await services.start()
        try:
            yield
        finally:
            await services.aclose()

    app = Litestar(
        route_handlers=[OpenAIController, GuardController, HealthController, AuditAdminController, dashboard_router],
        lifespan=[lifespan],
        exception_handlers={Exception: api_error_handler},
        request_max_body_size=settings.server.max_body_bytes,
        openapi_config=None,
        logging_config=None,
    )
    app.state.services = services
    return app


def create_app_from_env() -> Litestar:
    """Factory for `uvicorn --factory` (several workers): settings from SLUICE_* variables."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app(load_settings())
