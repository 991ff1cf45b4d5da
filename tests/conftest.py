"""Shared fixtures: one knowledge index per session (built from the shipped content)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import services
from walletdesk.config import default_content_dir
from walletdesk.knowledge.articles import load_directory
from walletdesk.knowledge.search import KnowledgeIndex

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from walletdesk.config import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def content_dir() -> Path:
    return default_content_dir()


@pytest.fixture(scope="session")
def kb_index(content_dir: Path) -> KnowledgeIndex:
    loaded = load_directory(content_dir)
    assert not loaded.errors, "\n".join(map(str, loaded.errors))
    return KnowledgeIndex(loaded.articles)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trained intent models shared by every test (training happens once per session)."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """With WALLETDESK_TEST_POSTGRES set: one migrated, seeded database that each test's
    own database is copied from (a copy is fast; migrating and seeding each time is not)."""
    if services.DATABASE != "postgres":
        yield None
        return
    if not services.POSTGRES:
        pytest.fail("WALLETDESK_TEST_DATABASE=postgres needs WALLETDESK_TEST_POSTGRES")
    import asyncio

    from sqlalchemy import text

    from walletdesk.config import Settings
    from walletdesk.setup import initialise
    from walletdesk.store.db import Database

    name = services.create_database(prefix="wd_tpl")
    url = services.database_url(name)

    async def _prepare() -> None:
        db = Database(url)
        try:
            await initialise(Settings(database_url=url, data_dir=tmp_path_factory.mktemp("t")), db)
            async with db.session() as session:  # each copy makes its own first admin
                await session.execute(text("DELETE FROM agents"))
                await session.commit()
        finally:
            await db.dispose()

    asyncio.run(_prepare())
    yield name
    services.drop_database(name)


@pytest.fixture
def database_url(postgres_template: str | None) -> Iterator[str | None]:
    """None on SQLite (the settings' data dir holds the database), else a fresh database."""
    if postgres_template is None:
        yield None
        return
    name = services.create_database(template=postgres_template)
    yield services.database_url(name)
    services.drop_database(name)


@pytest.fixture
def settings(tmp_path: Path, model_cache: Path, database_url: str | None) -> Settings:
    from walletdesk.config import Settings

    return Settings(
        model_cache_dir=model_cache,
        data_dir=tmp_path / "data",
        database_url=database_url,
        public_url="http://testserver",
        brand_name="TestWallet",
        official_domains=["wallet.example"],
        sla_sweep_seconds=0,  # tests run the SLA clock themselves, with their own "now"
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from walletdesk.app import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client
