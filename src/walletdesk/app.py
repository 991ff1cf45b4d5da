"""create_app(settings) -> FastAPI. Wiring only."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from walletdesk import __version__
from walletdesk.academy import Lesson, load_lessons
from walletdesk.api import academy, console, customer, public, reminders
from walletdesk.api import integrations as integrations_api
from walletdesk.api.deps import Services
from walletdesk.api.security import SecurityHeaders, document_refusals
from walletdesk.chain.rpc import endpoints_from_config
from walletdesk.config import Settings, default_content_dir
from walletdesk.desk import presence
from walletdesk.desk.conversations import Desk
from walletdesk.desk.privacy import RetentionClock
from walletdesk.desk.reminders import send_reminder_emails
from walletdesk.desk.replies import CannedReply, load_canned
from walletdesk.desk.sweep import sweep
from walletdesk.integrations import runtime as integrations
from walletdesk.logging import configure_logging, get_logger
from walletdesk.realtime.bus import Bus, InProcessBus
from walletdesk.realtime.ratelimit import InMemoryRateLimiter, RedisRateLimiter
from walletdesk.safety import scams
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.setup import initialise
from walletdesk.store import kb as kb_store
from walletdesk.store.crypto import configure_from_settings as configure_data_key
from walletdesk.store.db import Database
from walletdesk.store.models import utcnow
from walletdesk.wiring import build_bot, build_links

log = get_logger("walletdesk.app")


async def build_services(settings: Settings) -> Services:
    """Migrate, seed and load everything the desk needs; used by the app and the CLI."""
    configure_data_key(settings)  # customer email/phone are encrypted at rest
    db = Database(settings.resolved_database_url)
    await initialise(settings, db)
    async with db.session() as session:
        articles = await kb_store.load_articles(session)
    bot = build_bot(settings, articles)
    bot.lessons = academy_lessons(settings)
    links = build_links(settings)
    scams.warm_up()  # build the scam-rule prefilter now, not on the first customer message
    guard = OutgoingGuard(links)
    bus: Bus = _redis_bus(settings.redis_url) if settings.redis_url else InProcessBus()
    desk = Desk(
        db,
        bus,
        bot,
        links,
        guard,
        settings.customer_token_days,
        settings.max_message_chars,
        endpoints_from_config(settings.rpc_endpoints),
        settings.rpc_timeout,
    )
    return Services(settings, db, bot.index, bot, links, guard, desk, canned_replies(settings))


def academy_lessons(settings: Settings) -> dict[str, dict[str, Lesson]]:
    """The operator's academy lessons, or the shipped ones when their content has none."""
    folder: Path = settings.content_dir / "academy"
    return load_lessons(settings.content_dir if folder.is_dir() else default_content_dir())


def canned_replies(settings: Settings) -> dict[str, list[CannedReply]]:
    """The operator's canned replies, or the shipped ones when their content has none."""
    folder: Path = settings.content_dir / "canned"
    return load_canned(settings.content_dir if folder.is_dir() else default_content_dir())


async def run_sweeps(services: Services) -> None:
    """The SLA clock: warnings, escalations, auto-close, hand-out, every few seconds."""
    interval = services.settings.sla_sweep_seconds
    retention = RetentionClock(services.settings.retention_days)  # purge, hourly at most
    while True:
        await asyncio.sleep(interval)
        try:
            if await _sweep_turn(services.desk.bus, interval):
                await sweep(services.desk, utcnow(), services.settings.ticket_autoclose_days)
                await presence.drop_lost(services.desk, utcnow())
                await retention.tick(services.db, utcnow())
                await send_reminder_emails(services.db, services.guard, settings=services.settings)
        except Exception:  # keep the clock alive; the next pass retries
            log.exception("sla.sweep_failed")


def _redis_bus(url: str) -> Bus:
    """The scale-out bus. Imported here, not at the top: the embedded desk is installed
    without the ``scale`` extra (redis-py, arq) and must start without it."""
    try:
        from walletdesk.realtime.redis_bus import RedisBus
    except ImportError as exc:
        raise RuntimeError(
            "WALLETDESK_REDIS_URL is set but the scale-out packages are missing: "
            "pip install 'walletdesk[scale]'"
        ) from exc
    return RedisBus(url)


def redis_of(bus: Bus) -> Any | None:
    """The Redis client behind a scale-out bus; None for the embedded in-process bus."""
    return getattr(bus, "redis", None)


async def _sweep_turn(bus: Bus, interval: float) -> bool:
    """With several workers on Redis, one of them runs each pass of the SLA clock."""
    redis = redis_of(bus)
    if redis is None:
        return True
    lease_ms = max(1, int(interval * 900))
    return bool(await redis.set("wd:lock:sla-sweep", "1", nx=True, px=lease_ms))


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A lost database connection (a restart, a failover) is a 503 the client retries with
    the same idempotency key, not a 500: nothing was acknowledged, nothing is lost."""
    transient = isinstance(exc, OperationalError | InterfaceError) or bool(
        getattr(exc, "connection_invalidated", False)
    )
    log.warning("db.error", path=request.url.path, transient=transient, error=type(exc).__name__)
    if transient:
        return JSONResponse(
            {"detail": "the database is unavailable for a moment; retry"},
            status_code=503,
            headers={"Retry-After": "1"},
        )
    return JSONResponse({"detail": "internal error"}, status_code=500)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(
        settings.log_level, json=settings.environment == "production", debug=settings.debug
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await build_services(settings)
        app.state.services = services
        redis = redis_of(services.desk.bus)
        if redis is not None:  # limits shared by every worker
            app.state.rate_limiter = RedisRateLimiter(redis)
        # email listener + outbox, webhook worker (observers of the desk's events)
        app.state.integrations = await integrations.start(services)
        log.info("desk.ready", articles=len(services.index), url=settings.base_url)
        # the SLA clock, retention and reminder emails: here, or in `walletdesk worker`
        in_process = settings.sla_sweep_seconds > 0 and not settings.job_queue
        clock = asyncio.create_task(run_sweeps(services)) if in_process else None
        try:
            yield
        finally:
            if clock is not None:
                clock.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await clock
            await app.state.integrations.stop()
            await services.desk.bus.close()
            await services.db.dispose()

    app = FastAPI(
        title="WalletDesk",
        version=__version__,
        lifespan=lifespan,
        description="Self-hosted, security-first support desk for wallet operators.",
    )
    app.add_exception_handler(DBAPIError, _database_unavailable)
    app.include_router(public.router)
    app.include_router(customer.router)
    app.include_router(console.router)
    app.include_router(academy.router)
    app.include_router(reminders.router)
    app.include_router(integrations_api.router)
    app.mount("/static", StaticFiles(directory=str(public.WEB_DIR / "static")), name="static")
    app.add_middleware(SecurityHeaders, settings=settings)  # headers, CSP, body cap
    document_refusals(app)
    app.state.rate_limiter = InMemoryRateLimiter()
    return app
