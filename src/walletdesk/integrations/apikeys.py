"""API keys for integrations: scoped, shown once, stored as a SHA-256 hash.

A key looks like ``wdk_<43 url-safe characters>`` (256 random bits), so a hash without
a salt is enough: nobody can guess their way to a key, and the hash lets a request find
its key with one indexed lookup. ``prefix`` (the first 12 characters) names a key in
lists and logs without revealing it. Creation and revocation land in the audit chain.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.store.db import Database
from walletdesk.store.models import ApiKey, utcnow

TOKEN_PREFIX = "wdk_"  # noqa: S105 (a prefix, not a secret)
SCOPES: dict[str, str] = {
    "conversations:read": "read a conversation and its (redacted) messages; audited",
    "tickets:read": "list and read tickets (no message text)",
    "tickets:write": "change a ticket's status and tags",
    "webhooks:manage": "create, list and delete this key's webhooks; see and retry deliveries",
}
MAX_KEYS = 200
_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")
_TOKEN = re.compile(r"^wdk_[A-Za-z0-9_-]{20,100}$")
_TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is refreshed at most this often


def hash_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(slots=True)
class IssuedKey:
    key: ApiKey
    token: str  # shown to the admin once, never stored


def clean_scopes(scopes: list[str]) -> list[str]:
    wanted = sorted({s.strip() for s in scopes if s.strip()})
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scope {unknown[0]!r}; use any of {', '.join(SCOPES)}")
    if not wanted:
        raise ValueError(f"give at least one scope: {', '.join(SCOPES)}")
    return wanted


async def create_key(session: AsyncSession, actor: str, name: str, scopes: list[str]) -> IssuedKey:
    name = " ".join(name.split())
    if not _NAME.match(name):
        raise ValueError("the key's name is 1-100 printable characters")
    wanted = clean_scopes(scopes)
    live = (await session.execute(select(ApiKey.id).where(ApiKey.revoked_at.is_(None)))).all()
    if len(live) >= MAX_KEYS:
        raise ValueError(f"at most {MAX_KEYS} active keys; revoke one first")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name,
        key_hash=hash_key(token),
        prefix=token[:12],
        scopes=wanted,
        created_by=actor[:32],
        created_at=utcnow(),
    )
    session.add(key)
    await session.flush()
    await audit.append(
        session, actor, "apikey.created", f"apikey:{key.id}", {"name": name, "scopes": wanted}
    )
    return IssuedKey(key, token)


async def revoke_key(session: AsyncSession, actor: str, key_id: str) -> ApiKey:
    key = await session.get(ApiKey, key_id[:32])
    if key is None:
        raise LookupError("no such API key")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await audit.append(session, actor, "apikey.revoked", f"apikey:{key.id}", {})
    return key


async def list_keys(session: AsyncSession) -> list[ApiKey]:
    rows = await session.execute(select(ApiKey).order_by(ApiKey.created_at.desc()).limit(500))
    return list(rows.scalars())


def public_key(key: ApiKey) -> dict[str, Any]:
    """What anyone may see of a key: never its hash."""

    def stamp(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()

    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": list(key.scopes),
        "created_at": stamp(key.created_at),
        "last_used_at": stamp(key.last_used_at),
        "revoked_at": stamp(key.revoked_at),
    }


async def authenticate(db: Database, token: str) -> ApiKey | None:
    """The live key behind ``token``, or None. Refreshes ``last_used_at`` now and then."""
    token = token.strip()
    if not _TOKEN.match(token):
        return None
    async with db.read_session() as session:
        key = (
            await session.execute(select(ApiKey).where(ApiKey.key_hash == hash_key(token)))
        ).scalar_one_or_none()
    if key is None or key.revoked_at is not None:
        return None
    now = utcnow()
    last = key.last_used_at
    if last is None or (last if last.tzinfo else last.replace(tzinfo=UTC)) < now - _TOUCH_EVERY:
        async with db.session() as session:
            await session.execute(
                update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now)
            )
            await session.commit()
        key.last_used_at = now
    return key
