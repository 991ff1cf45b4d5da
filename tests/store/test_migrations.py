"""The Alembic migrations build exactly the schema the models describe, and the upgrade
from the first released schema keeps existing rows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine

from walletdesk.store.migrate import alembic_config
from walletdesk.store.models import Base


def _diff(url: str) -> list[object]:
    async def run() -> list[object]:
        engine = create_async_engine(url)

        def migrate_and_compare(connection: Connection) -> list[object]:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            return list(compare_metadata(context, Base.metadata))

        async with engine.begin() as conn:
            diff = await conn.run_sync(migrate_and_compare)
        await engine.dispose()
        return diff

    return asyncio.run(run())


def test_migrations_match_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}") == []


def test_upgrade_from_0001_keeps_rows_and_seeds_slas(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'u.db'}"

    async def run() -> tuple[object, ...]:
        engine = create_async_engine(url)

        def step(connection: Connection, target: str) -> None:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, target)

        async with engine.begin() as conn:
            await conn.run_sync(step, "0001")
            await conn.execute(
                text(
                    "INSERT INTO teams (id, name, languages, skills, created_at) "
                    "VALUES ('t1', 'Old', '[]', '[]', '2026-01-01')"
                )
            )
        async with engine.begin() as conn:
            await conn.run_sync(step, "head")
            team = (await conn.execute(text("SELECT name FROM teams"))).scalar_one()
            slas = (await conn.execute(text("SELECT count(*) FROM sla_policies"))).scalar_one()
        await engine.dispose()
        return team, slas

    assert asyncio.run(run()) == ("Old", 4)
