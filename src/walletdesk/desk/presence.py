"""Agent presence that follows the console, on every worker.

"Online" is what the agent chose (``tickets.set_presence``); it only holds while a console
of theirs is connected. Each open console socket, on whichever worker, stamps
``agents.last_seen_at`` every :data:`HEARTBEAT_SECONDS`. The SLA clock calls
:func:`drop_lost` each pass: an agent marked online but not seen for :data:`GRACE` (a
closed laptop, a dead network, a crashed worker) goes away, and the tickets they were
given but never answered go back to the queue for someone who is there.

The stamp lives in the database, not in Redis: routing reads presence in the same
transaction that assigns a ticket, and a Redis restart must not make the whole team look
offline.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update

from walletdesk.audit import chain as audit
from walletdesk.desk.routing import hand_out
from walletdesk.logging import get_logger
from walletdesk.store.models import Agent, Ticket, TicketEvent, utcnow

if TYPE_CHECKING:
    from walletdesk.desk.conversations import Desk
    from walletdesk.store.db import Database

log = get_logger("walletdesk.presence")
HEARTBEAT_SECONDS = 30.0
GRACE = timedelta(seconds=120)  # four missed heartbeats


@dataclass(slots=True)
class PresenceReport:
    went_away: list[str] = field(default_factory=list)  # agent ids
    requeued: list[str] = field(default_factory=list)  # ticket ids given back to the queue
    assigned: list[str] = field(default_factory=list)  # ticket ids handed to someone present


async def seen(db: Database, agent_id: str, now: datetime | None = None) -> None:
    """The agent's console is connected right now."""
    async with db.session() as session:
        await session.execute(
            update(Agent).where(Agent.id == agent_id).values(last_seen_at=now or utcnow())
        )
        await session.commit()


async def heartbeat(db: Database, agent_id: str, every: float = HEARTBEAT_SECONDS) -> None:
    """Stamp ``last_seen_at`` while a console socket is open (run as a task; cancelled
    when the socket closes). A failed stamp is logged and retried at the next beat."""
    while True:
        try:
            await seen(db, agent_id)
        except Exception:
            log.warning("presence.stamp_failed", agent=agent_id)
        await asyncio.sleep(every)


async def drop_lost(desk: Desk, now: datetime, grace: timedelta = GRACE) -> PresenceReport:
    """Agents online without a console for ``grace`` go away; their unanswered tickets
    return to the queue and are handed to whoever is present."""
    report = PresenceReport()
    cutoff = now - grace
    async with desk.db.session() as session:
        lost = list(
            (
                await session.execute(
                    select(Agent).where(
                        Agent.presence == "online",
                        or_(Agent.last_seen_at.is_(None), Agent.last_seen_at < cutoff),
                    )
                )
            ).scalars()
        )
        if not lost:
            return report
        for agent in lost:
            agent.presence = "away"
            report.went_away.append(agent.id)
            await audit.append(session, "presence", "agent.presence_lost", f"agent:{agent.id}", {})
        unanswered = (
            await session.execute(
                select(Ticket).where(
                    Ticket.assignee_id.in_([a.id for a in lost]),
                    Ticket.status == "new",
                    Ticket.first_response_at.is_(None),
                )
            )
        ).scalars()
        changed: dict[str, Ticket] = {}
        for ticket in unanswered:
            session.add(
                TicketEvent(
                    ticket_id=ticket.id,
                    at=now,
                    actor="presence",
                    kind="unassigned",
                    data={"from": ticket.assignee_id, "reason": "agent_offline"},
                )
            )
            ticket.assignee_id = None
            ticket.assigned_at = None
            ticket.updated_at = now
            report.requeued.append(ticket.id)
            changed[ticket.id] = ticket
        if changed:  # back in the queue: to whoever is present and has room, most pressing first
            await session.flush()
            given = await hand_out(session, now)
            report.assigned = [t.id for t in given]
            changed.update((t.id, t) for t in given)
        await session.commit()
    log.info("presence.lost", agents=len(report.went_away), requeued=len(report.requeued))
    for ticket in changed.values():
        await desk.publish_ticket(ticket, "ticket.updated")
    return report
