"""Shared fixtures: one knowledge index per session (built from the shipped content)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

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


@pytest.fixture
def settings(tmp_path: Path, model_cache: Path) -> Settings:
    from walletdesk.config import Settings

    return Settings(
        model_cache_dir=model_cache,
        data_dir=tmp_path / "data",
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
