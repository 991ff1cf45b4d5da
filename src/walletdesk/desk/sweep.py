"""The desk's clock: SLA warnings and breaches, escalation of unassigned urgent work to
supervisors, auto-close of solved tickets, and handing out waiting tickets. Runs every
``sla_sweep_seconds`` in the server; takes ``now`` so tests can move time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from walletdesk.audit import chain as audit
from walletdesk.desk.conversations import Desk
from walletdesk.desk.routing import OPEN_STATES, hand_out
from walletdesk.desk.sla import aware, policies, sla_state
from walletdesk.store.models import Conversation, Ticket, TicketEvent

ESCALATE_SHARE = 0.5  # unassigned urgent/high work goes to supervisors at half its SLA


@dataclass(slots=True)
class SweepReport:
    warnings: list[str] = field(default_factory=list)
    breaches: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    assigned: list[str] = field(default_factory=list)


async def sweep(desk: Desk, now: datetime, autoclose_days: int = 3) -> SweepReport:
    report = SweepReport()
    changed: list[Ticket] = []
    async with desk.db.session() as session:
        targets = await policies(session)
        open_tickets = (
            await session.execute(select(Ticket).where(Ticket.status.in_(OPEN_STATES)))
        ).scalars()
        for ticket in open_tickets:
            state = sla_state(ticket, now)
            if state != ticket.sla_state:
                if state in ("warning", "breached"):
                    session.add(
                        TicketEvent(
                            ticket_id=ticket.id, at=now, actor="sla", kind=f"sla_{state}", data={}
                        )
                    )
                    (report.warnings if state == "warning" else report.breaches).append(ticket.id)
                ticket.sla_state = state
                changed.append(ticket)
            first_minutes = targets.get(ticket.priority, (60, 0))[0]
            waited = now - aware(ticket.created_at)
            if (
                ticket.priority in ("urgent", "high")
                and ticket.assignee_id is None
                and ticket.escalated_at is None
                and waited >= timedelta(minutes=first_minutes * ESCALATE_SHARE)
            ):
                ticket.escalated_at = now
                session.add(
                    TicketEvent(
                        ticket_id=ticket.id,
                        at=now,
                        actor="sla",
                        kind="escalated",
                        data={
                            "to": "supervisors",
                            "waited_minutes": int(waited.total_seconds() // 60),
                        },
                    )
                )
                await audit.append(session, "sla", "ticket.escalated", f"ticket:{ticket.id}")
                report.escalated.append(ticket.id)
                changed.append(ticket)
        stale = now - timedelta(days=autoclose_days)
        solved = (await session.execute(select(Ticket).where(Ticket.status == "solved"))).scalars()
        for ticket in solved:
            if ticket.solved_at is not None and aware(ticket.solved_at) <= stale:
                ticket.status = "closed"
                ticket.closed_at = now
                conversation = await session.get(Conversation, ticket.conversation_id)
                if conversation is not None and conversation.status == "handoff":
                    conversation.status = "bot"
                    conversation.intake = {}
                session.add(
                    TicketEvent(
                        ticket_id=ticket.id,
                        at=now,
                        actor="sla",
                        kind="status",
                        data={"from": "solved", "to": "closed", "auto": True},
                    )
                )
                report.closed.append(ticket.id)
        given = await hand_out(session, now)
        report.assigned = [t.id for t in given]
        changed.extend(given)
        await session.commit()
    for ticket in changed:
        kind = "ticket.escalated" if ticket.id in report.escalated else "ticket.updated"
        await desk.publish_ticket(ticket, kind)
    return report
