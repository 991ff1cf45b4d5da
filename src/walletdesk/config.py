"""One Settings object for the whole desk (environment prefix ``WALLETDESK_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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
    redis_url: str | None = None  # scale-out: pub/sub, shared rate limits, the SLA clock leader
    # scale-out: web workers leave background work (SLA clock, email, webhooks, reminders,
    # retention) to `walletdesk worker` through the arq queue on redis_url (jobs.py)
    job_queue: bool = False
    job_queue_name: str = Field(default="arq:queue", pattern=r"^[A-Za-z0-9:_.-]{1,100}$")
    content_dir: Path = Field(default_factory=default_content_dir)
    model_cache_dir: Path | None = None
    embeddings: bool = True

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    public_url: str | None = None

    brand_name: str = "WalletDesk"
    official_domains: Annotated[list[str], NoDecode] = Field(default_factory=list)
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
    # email channel (channels/email.py): inbound listener "host:port", outgoing SMTP URL
    # smtp://[user:pass@]host:port | smtp+starttls://... | smtps://...
    smtp_listen: str | None = None
    smtp_url: str | None = None
    smtp_timeout: float = Field(default=15.0, gt=0, le=120)
    email_from: str | None = None  # default support@<public host>
    email_max_bytes: int = Field(default=1_000_000, ge=10_000, le=25_000_000)
    # webhooks (integrations/webhooks.py): attempts before "dead", first retry delay
    webhook_max_attempts: int = Field(default=8, ge=1, le=30)
    webhook_backoff_seconds: float = Field(default=10.0, gt=0, le=3600)
    webhook_timeout: float = Field(default=10.0, gt=0, le=60)
    log_level: str = "INFO"
    debug: bool = False
    # hostile input (api/security.py, SECURITY.md): who may frame /widget (a CSP source
    # list), which sites may open the customer socket (empty = any: the widget also runs in
    # app WebViews), rate limits (events per window; 0 turns that limit off)
    frame_ancestors: str = Field(default="*", max_length=2000)
    widget_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    rate_limit_window_seconds: float = Field(default=60.0, gt=0, le=86_400)
    rate_limit_conversations_per_ip: int = Field(default=300, ge=0)
    rate_limit_logins_per_ip: int = Field(default=30, ge=0)
    rate_limit_messages_per_customer: int = Field(default=300, ge=0)
    rate_limit_replies_per_agent: int = Field(default=120, ge=0)
    # privacy (store/crypto.py, desk/privacy.py): data key = urlsafe base64 of 32 bytes;
    # unset on the embedded SQLite desk -> generated once into <data_dir>/data.key (0600)
    data_key: SecretStr | None = None
    data_keys_old: SecretStr | None = None  # comma-separated keys that still decrypt
    retention_days: int = Field(default=0, ge=0, le=36_500)  # 0 keeps conversations forever
    export_approval_hours: int = Field(default=24, ge=1, le=720)  # an approved export expires

    @field_validator("official_domains", mode="before")
    @classmethod
    def _split_domains(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("widget_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        from walletdesk.api.security import normalize_origin

        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            return [normalize_origin(str(part)) for part in value]
        return value

    @field_validator("frame_ancestors")
    @classmethod
    def _check_frame_ancestors(cls, value: str) -> str:
        from walletdesk.api.security import frame_ancestors_source_list

        return frame_ancestors_source_list(value)

    @model_validator(mode="after")
    def _job_queue_needs_redis(self) -> Settings:
        if self.job_queue and not self.redis_url:
            raise ValueError("WALLETDESK_JOB_QUEUE needs WALLETDESK_REDIS_URL (redis://...)")
        return self

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
