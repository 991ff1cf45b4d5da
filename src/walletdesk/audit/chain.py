"""Hash-chained audit events: each event's hash covers the previous hash and the event,
so an edited, deleted or reordered event breaks the chain at a findable place."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.store.models import AuditEvent, utcnow

GENESIS = "0" * 64


def _canonical(
    prev_hash: str, at: datetime, actor: str, action: str, target: str, data: dict[str, Any]
) -> bytes:
    stamp = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    payload = {
        "prev": prev_hash,
        "at": stamp,
        "actor": actor,
        "action": action,
        "target": target,
        "data": data,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(
    prev_hash: str, at: datetime, actor: str, action: str, target: str, data: dict[str, Any]
) -> str:
    return hashlib.sha256(_canonical(prev_hash, at, actor, action, target, data)).hexdigest()


async def append(
    session: AsyncSession,
    actor: str,
    action: str,
    target: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the chain inside the caller's transaction."""
    data = data or {}
    last = (
        await session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    ).scalar_one_or_none()
    prev = last or GENESIS
    at = utcnow().replace(microsecond=0)
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        target=target,
        data=data,
        prev_hash=prev,
        hash=event_hash(prev, at, actor, action, target, data),
    )
    session.add(event)
    await session.flush()
    return event


@dataclass(frozen=True, slots=True)
class ChainProblem:
    event_id: int
    problem: str


async def verify(session: AsyncSession) -> tuple[int, list[ChainProblem]]:
    """Walk the chain; return (events checked, problems found)."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    count = 0
    result = await session.stream_scalars(select(AuditEvent).order_by(AuditEvent.id))
    async for event in result:
        count += 1
        if event.prev_hash != prev:
            problems.append(
                ChainProblem(
                    event.id,
                    "does not follow the previous event "
                    "(an event before it was deleted, inserted or reordered)",
                )
            )
        expected = event_hash(
            event.prev_hash, event.at, event.actor, event.action, event.target, event.data
        )
        if expected != event.hash:
            problems.append(ChainProblem(event.id, "content was edited after it was written"))
        prev = event.hash
    return count, problems
