"""SLA targets per priority (first response, resolution) and the state of a ticket
against them: ``ok``, ``warning`` (three quarters of the time used) or ``breached``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.store.models import SlaPolicy, Ticket

DEFAULT_SLAS: dict[str, tuple[int, int]] = {  # minutes: first response, resolution
    "urgent": (5, 240),
    "high": (15, 480),
    "normal": (60, 1440),
    "low": (240, 4320),
}
WARNING_SHARE = 0.75
SLA_STATES = ("ok", "warning", "breached")


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def policies(session: AsyncSession) -> dict[str, tuple[int, int]]:
    rows = (await session.execute(select(SlaPolicy))).scalars()
    found = {p.priority: (p.first_response_minutes, p.resolution_minutes) for p in rows}
    return {**DEFAULT_SLAS, **found}


def set_due(ticket: Ticket, targets: dict[str, tuple[int, int]]) -> None:
    first, resolve = targets.get(ticket.priority, DEFAULT_SLAS["normal"])
    start = aware(ticket.created_at)
    ticket.due_first_response = start + timedelta(minutes=first)
    ticket.due_resolution = start + timedelta(minutes=resolve)


def _state(start: datetime, due: datetime | None, done: datetime | None, now: datetime) -> str:
    if due is None or done is not None:
        return "ok"
    due = aware(due)
    if now > due:
        return "breached"
    window = (due - start).total_seconds()
    used = (now - start).total_seconds()
    return "warning" if window > 0 and used >= WARNING_SHARE * window else "ok"


def sla_state(ticket: Ticket, now: datetime) -> str:
    """The worse of the first-response and the resolution clocks (solved stops both)."""
    if ticket.status in ("solved", "closed"):
        return "ok"
    start = aware(ticket.created_at)
    first = _state(start, ticket.due_first_response, ticket.first_response_at, now)
    resolve = _state(start, ticket.due_resolution, None, now)
    return max(first, resolve, key=SLA_STATES.index)


def minutes_left(due: datetime | None, now: datetime) -> int | None:
    if due is None:
        return None
    return int((aware(due) - now).total_seconds() // 60)
