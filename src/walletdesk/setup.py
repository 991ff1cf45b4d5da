"""First-run setup shared by ``walletdesk init`` and ``walletdesk serve``: data dir,
migrations, default content, first admin. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from walletdesk.audit import chain as audit
from walletdesk.config import Settings
from walletdesk.desk.agents import create_agent
from walletdesk.knowledge.articles import KnowledgeBaseError, load_directory
from walletdesk.store import kb as kb_store
from walletdesk.store.db import Database
from walletdesk.store.migrate import upgrade
from walletdesk.store.models import Agent, Team


@dataclass(slots=True)
class SetupReport:
    articles_loaded: int = 0
    admin_email: str | None = None
    admin_password: str | None = None
    notes: list[str] = field(default_factory=list)


_SETUP_LOCK = 0x57445345  # "WDSE": PostgreSQL advisory lock held while one process sets up


async def initialise(settings: Settings, db: Database) -> SetupReport:
    """Migrate and seed. With several workers starting at once on PostgreSQL, they take
    turns on an advisory lock, so one migrates and seeds and the others find it done."""
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return await _initialise(settings, db)
    async with db.engine.connect() as lock:
        await lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SETUP_LOCK})
        try:
            return await _initialise(settings, db)
        finally:
            await lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SETUP_LOCK})
            await lock.commit()


async def _initialise(settings: Settings, db: Database) -> SetupReport:
    report = SetupReport()
    await upgrade(db.engine)
    from walletdesk.desk.privacy import backfill_email_index

    if indexed := await backfill_email_index(db):
        report.notes.append(f"indexed the email of {indexed} customers")
    async with db.session() as session:
        if await kb_store.count_articles(session) == 0:
            loaded = load_directory(settings.content_dir)
            if loaded.errors:
                raise KnowledgeBaseError(loaded.errors)
            added, _ = await kb_store.upsert_articles(session, loaded.articles)
            report.articles_loaded = added
            await audit.append(
                session, "system", "kb.seeded", str(settings.content_dir), {"articles": added}
            )
        agents = int((await session.execute(select(func.count()).select_from(Agent))).scalar_one())
        if agents == 0:
            team = (
                await session.execute(select(Team).where(Team.name == "Support"))
            ).scalar_one_or_none()
            if team is None:  # a desk whose agents were all removed keeps its team
                team = Team(
                    name="Support",
                    languages=["en", "zh", "es", "ar"],
                    skills=["security", "transactions", "defi", "hardware"],
                )
                session.add(team)
                await session.flush()
            _, password = await create_agent(
                session,
                settings.admin_email,
                "Administrator",
                "admin",
                team.id,
                ["en", "zh", "es", "ar"],
            )
            report.admin_email = settings.admin_email
            report.admin_password = password
        await session.commit()
    return report
