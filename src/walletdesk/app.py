"""create_app(settings) -> FastAPI. Wiring only."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from walletdesk import __version__
from walletdesk.api import console, customer, public
from walletdesk.api.deps import Services
from walletdesk.chain.rpc import endpoints_from_config
from walletdesk.config import Settings, default_content_dir
from walletdesk.desk.conversations import Desk
from walletdesk.desk.replies import CannedReply, load_canned
from walletdesk.desk.sweep import sweep
from walletdesk.logging import configure_logging, get_logger
from walletdesk.realtime.bus import InProcessBus
from walletdesk.safety import scams
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.setup import initialise
from walletdesk.store import kb as kb_store
from walletdesk.store.db import Database
from walletdesk.store.models import utcnow
from walletdesk.wiring import build_bot, build_links

log = get_logger("walletdesk.app")


async def build_services(settings: Settings) -> Services:
    """Migrate, seed and load everything the desk needs; used by the app and the CLI."""
    db = Database(settings.resolved_database_url)
    await initialise(settings, db)
    async with db.session() as session:
        articles = await kb_store.load_articles(session)
    bot = build_bot(settings, articles)
    links = build_links(settings)
    scams.warm_up()  # build the scam-rule prefilter now, not on the first customer message
    guard = OutgoingGuard(links)
    desk = Desk(
        db,
        InProcessBus(),
        bot,
        links,
        guard,
        settings.customer_token_days,
        settings.max_message_chars,
        endpoints_from_config(settings.rpc_endpoints),
        settings.rpc_timeout,
    )
    return Services(settings, db, bot.index, bot, links, guard, desk, canned_replies(settings))


def canned_replies(settings: Settings) -> dict[str, list[CannedReply]]:
    """The operator's canned replies, or the shipped ones when their content has none."""
    folder: Path = settings.content_dir / "canned"
    return load_canned(settings.content_dir if folder.is_dir() else default_content_dir())


async def run_sweeps(services: Services) -> None:
    """The SLA clock: warnings, escalations, auto-close, hand-out, every few seconds."""
    interval = services.settings.sla_sweep_seconds
    while True:
        await asyncio.sleep(interval)
        try:
            await sweep(services.desk, utcnow(), services.settings.ticket_autoclose_days)
        except Exception:  # keep the clock alive; the next pass retries
            log.exception("sla.sweep_failed")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, json=settings.environment == "production")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await build_services(settings)
        app.state.services = services
        log.info("desk.ready", articles=len(services.index), url=settings.base_url)
        clock = (
            asyncio.create_task(run_sweeps(services)) if settings.sla_sweep_seconds > 0 else None
        )
        try:
            yield
        finally:
            if clock is not None:
                clock.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await clock
            await services.db.dispose()

    app = FastAPI(
        title="WalletDesk",
        version=__version__,
        lifespan=lifespan,
        description="Self-hosted, security-first support desk for wallet operators.",
    )
    app.include_router(public.router)
    app.include_router(customer.router)
    app.include_router(console.router)
    app.mount("/static", StaticFiles(directory=str(public.WEB_DIR / "static")), name="static")
    return app
