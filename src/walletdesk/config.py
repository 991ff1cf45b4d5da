"""One Settings object for the whole desk (environment prefix ``WALLETDESK_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PACKAGE_DIR = Path(__file__).resolve().parent


def default_content_dir() -> Path:
    """The shipped default content: inside the wheel, or the repo's ``content/`` in a checkout."""
    packaged = _PACKAGE_DIR / "content"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / "content"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WALLETDESK_", env_file=None, extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Field(default=Path("walletdesk-data"))
    database_url: str | None = None
    content_dir: Path = Field(default_factory=default_content_dir)
    model_cache_dir: Path | None = None
    embeddings: bool = True

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    public_url: str | None = None

    brand_name: str = "WalletDesk"
    official_domains: list[str] = Field(default_factory=list)
    admin_email: str = "admin@localhost"

    rpc_endpoints: str = Field(
        default="", description="JSON-RPC per chain: 'ethereum=https://...,bsc=https://...'"
    )
    rpc_timeout: float = Field(default=5.0, gt=0, le=60)
    default_language: Literal["en", "zh", "es", "ar"] = "en"
    bot_min_score: float = Field(default=0.4, ge=0.0, le=1.0)
    customer_token_days: int = Field(default=30, ge=1, le=3650)
    max_message_chars: int = Field(default=4000, ge=1, le=100_000)
    sla_sweep_seconds: float = Field(default=30.0, ge=0)  # 0 turns the SLA clock off
    ticket_autoclose_days: int = Field(default=3, ge=1, le=365)
    log_level: str = "INFO"
    debug: bool = False

    @field_validator("official_domains", mode="before")
    @classmethod
    def _split_domains(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'walletdesk.db').resolve()}"

    @property
    def intents_dir(self) -> Path:
        return self.content_dir / "intents"

    @property
    def models_dir(self) -> Path:
        """Trained models, keyed by a fingerprint of their training data."""
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host  # noqa: S104
        return f"http://{host}:{self.port}"

    @property
    def all_official_domains(self) -> list[str]:
        """The operator's domains plus the desk's own host (article links point there)."""
        own = urlsplit(self.base_url).hostname or ""
        domains = [d for d in self.official_domains if d]
        if own and own not in domains:
            domains.append(own)
        return domains
