"""Hash-chained audit events: each event's hash covers the previous hash and the event,
so an edited, deleted or reordered event breaks the chain at a findable place.

What a chain alone cannot show is a cut tail or a chain recomputed from scratch by
someone with write access to the database: every link would still check. Anchors close
that gap: ``anchor_record`` writes the head (id, hash, time) somewhere the database's
writers cannot rewrite (an append-only file, a ticket, a timestamping service), and
``verify(..., anchors)`` checks that each anchored head is still in the chain.

Concurrent writers: each append reads the head and inserts the next event in the
caller's transaction, so appends must take turns until commit. On SQLite every write
transaction begins with ``BEGIN IMMEDIATE`` (store/db.py), which serialises writers, in
one process or several. On PostgreSQL ``append`` takes a transaction-scoped advisory
lock first (``pg_advisory_xact_lock``), released at commit or rollback.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.store.models import AuditEvent, utcnow

GENESIS = "0" * 64
# pg_advisory_xact_lock key for "the audit chain head" (any fixed 64-bit number)
CHAIN_LOCK_KEY = 0x57445F4155444954  # "WD_AUDIT"


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
    if session.get_bind().dialect.name == "postgresql":
        # serialise appenders until this transaction ends: two writers reading the same
        # head would otherwise fork the chain
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
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


@dataclass(frozen=True, slots=True)
class Anchor:
    """A chain head recorded outside the database."""

    event_id: int
    hash: str
    at: str  # the event's own time (ISO 8601)
    anchored_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.event_id,
            "hash": self.hash,
            "at": self.at,
            "anchored_at": self.anchored_at,
        }


async def head(session: AsyncSession) -> AuditEvent | None:
    return (
        await session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    ).scalar_one_or_none()


def anchor_of(event: AuditEvent, now: datetime | None = None) -> Anchor:
    at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    return Anchor(
        event.id,
        event.hash,
        at.astimezone(UTC).isoformat(),
        (now or utcnow()).astimezone(UTC).replace(microsecond=0).isoformat(),
    )


def append_anchor(path: Path, anchor: Anchor) -> None:
    """Append one JSON line to the anchor file (created when missing), flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(anchor.to_dict(), separators=(",", ":")) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_anchors(path: Path) -> list[Anchor]:
    """The anchors in a file written by ``append_anchor``; ValueError names a bad line."""
    anchors: list[Anchor] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                anchor = Anchor(
                    int(item["id"]),
                    str(item["hash"]),
                    str(item.get("at", "")),
                    str(item.get("anchored_at", "")),
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: not an anchor line") from exc
            if len(anchor.hash) != 64:
                raise ValueError(f"{path}:{number}: the hash is not 64 hex digits")
            anchors.append(anchor)
    return anchors


async def verify(
    session: AsyncSession, anchors: Iterable[Anchor] = ()
) -> tuple[int, list[ChainProblem]]:
    """Walk the chain; return (events checked, problems found). With ``anchors``, also
    check that every anchored head is still in the chain with the same hash."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    count = 0
    wanted = {a.event_id: a for a in anchors}
    seen: dict[int, str] = {}
    last_id = 0
    result = await session.stream_scalars(select(AuditEvent).order_by(AuditEvent.id))
    async for event in result:
        count += 1
        last_id = event.id
        if event.id in wanted:
            seen[event.id] = event.hash
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
    for event_id, anchor in sorted(wanted.items()):
        if event_id in seen:
            if seen[event_id] != anchor.hash:
                problems.append(
                    ChainProblem(
                        event_id,
                        f"differs from the head anchored at {anchor.anchored_at or anchor.at}: "
                        "the chain was rewritten (recomputed) up to here",
                    )
                )
        elif event_id > last_id:
            problems.append(
                ChainProblem(
                    event_id,
                    f"anchored at {anchor.anchored_at or anchor.at} but the chain now ends at "
                    f"event {last_id}: its tail was truncated",
                )
            )
        else:
            problems.append(
                ChainProblem(
                    event_id,
                    f"anchored at {anchor.anchored_at or anchor.at} but missing from the "
                    "chain: deleted",
                )
            )
    return count, problems
