"""Application factory: builds the services and wires them into Litestar. Nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from litestar import Litestar
from litestar.di import Provide

from gateway.admin.api.audit import AuditAdminController
from gateway.admin.dashboard import dashboard_router
from gateway.api.controllers import GuardController, HealthController, OpenAIController, api_error_handler
from gateway.api.openapi import openapi_json
from gateway.audit.admin_events import record_admin_event
from gateway.audit.config import build_audit_writer
from gateway.auth.lookup import KeyLookup, PostgresKeyLookup, SqlAlchemyKeyLookup, SqliteKeyLookup
from gateway.auth.service import AuthService
from gateway.db import sqlite
from gateway.db.engine import create_engine, session_factory
from gateway.edge import HeadAsGet, TrustedProxies
from gateway.guard.output import OutputGuard
from gateway.limits import build_limiter
from gateway.pipeline.service import GenerationService
from gateway.policy import PolicyStore
from gateway.policy.snapshots import record_snapshots
from gateway.routing.cache_salt import CacheSalter
from gateway.routing.replicas import ReplicaRouter
from gateway.routing.transport import UpstreamTransport
from gateway.routing.upstream import UpstreamClient
from gateway.runtime_profiles import RuntimeProfiles
from gateway.scanning import ScanEngine
from gateway.services import Services
from gateway.settings import Settings, load_settings
from gateway.telemetry import Metrics, build_tracing, configure_logging, metrics_route


def build_services(settings: Settings) -> Services:
    profiles = RuntimeProfiles.load(settings.models)  # a broken or unknown profile stops start-up here
    engine = create_engine(settings.database.url, echo=settings.database.echo)
    path = sqlite.sqlite_path(settings.database.url)
    keys: KeyLookup
    if path:
        keys = SqliteKeyLookup(path)
    elif engine.dialect.name == "postgresql" and engine.dialect.driver == "asyncpg":
        keys = PostgresKeyLookup(engine)
    else:
        keys = SqlAlchemyKeyLookup(session_factory(engine))
    auth = AuthService(keys)
    audit = build_audit_writer(settings.database.url, engine, settings.audit)
    upstream: UpstreamTransport = UpstreamClient()  # the seam ReplicaRouter sends through
    metrics = Metrics()
    tracing = build_tracing(settings.telemetry.tracing.exporters, metrics,
                            default_service_name=settings.telemetry.tracing.default_service_name)
    limiter = build_limiter(settings.redis.url, observer=metrics, workers=settings.server.workers)
    salter = CacheSalter.from_secret(settings.routing.cache_salt_secret)
    router = ReplicaRouter(upstream, settings.models, salter=salter, observer=metrics)
    metrics.on_scrape(lambda: metrics.replicas(router.snapshot()))
    metrics.on_scrape(lambda: metrics.audit_queue_depth.set(audit.queue_depth))
    async def audit_reload(old: str, new: str) -> None:
        # The new texts first, so the reload event's versions can be read on the dashboard.
        await record_snapshots(engine, policies.current)
        await record_admin_event(audit, "policy.reload", actor="gateway",
                                 details={"old_version": old, "new_version": new})

    # Raises PolicyError on an invalid policy: the gateway refuses to start.
    policies = PolicyStore(settings.policies_dir, on_reload=audit_reload)
    # The license index (`sluice license index` fingerprints) lives in the gateway's database.
    scanning = replace(settings.scanning, license_db_url=settings.database.url)
    scanner = ScanEngine.from_settings(scanning, observer=metrics)
    generation = GenerationService(settings, auth, audit, router, policies, OutputGuard(scanner), limiter=limiter,
                                   tracing=tracing)
    return Services(settings=settings, engine=engine, auth=auth, audit=audit, upstream=upstream, policies=policies,
                    scanner=scanner, generation=generation, router=router, limiter=limiter, metrics=metrics,
                    tracing=tracing, profiles=profiles)


def create_app(settings: Settings) -> Litestar:
    services = build_services(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await services.start()
        await record_snapshots(services.engine, services.policies.current)  # the set it starts with
        try:
            yield
        finally:
            await services.aclose()

    app = Litestar(
        route_handlers=[
            OpenAIController,
            GuardController,
            HealthController,
            AuditAdminController,
            dashboard_router,
            openapi_json,
            metrics_route(services.metrics, token=settings.telemetry.metrics_token),
        ],
        lifespan=[lifespan],
        # The API's handlers get their services injected (`services: Services`), built once above.
        dependencies={"services": Provide(lambda: services, use_cache=True, sync_to_thread=False)},
        exception_handlers={Exception: api_error_handler},
        request_max_body_size=settings.server.max_body_bytes,
        openapi_config=None,
        logging_config=None,
    )
    app.state.services = services
    # Outside the router, so they apply to every path: the client address every handler and
    # audit record sees, and HEAD wherever GET is served (the router alone would answer 405).
    app.asgi_handler = HeadAsGet(TrustedProxies(app.asgi_handler, settings.server.trusted_proxies))
    return app


def create_app_from_env() -> Litestar:
    """Factory for `uvicorn --factory` (several workers): settings from SLUICE_* variables."""
    settings = load_settings()
    configure_logging(settings.telemetry.log_level)  # JSON lines with request and trace ids
    return create_app(settings)
