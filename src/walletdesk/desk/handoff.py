"""Opening a ticket when a conversation goes to a human: facts from the intake, priority
from risk, emotion and amount, SLA due times, a team and (if one is free) an agent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.desk.intake import Intake, skill_for
from walletdesk.desk.priority import label_for, priority_score
from walletdesk.desk.routing import QueuePlace, route
from walletdesk.desk.sla import policies, set_due
from walletdesk.desk.texts import text
from walletdesk.store.models import Conversation, Message, Ticket, TicketEvent

CUSTOMER_TEXT_CHARS = 600  # what similar-case search and the summary read of the customer


async def customer_text(session: AsyncSession, conversation_id: str) -> str:
    """The customer's recent words (already redacted), newest last, cut to a budget."""
    rows = await session.execute(
        select(Message.text)
        .where(Message.conversation_id == conversation_id, Message.sender == "customer")
        .order_by(Message.seq.desc())
        .limit(6)
    )
    parts = list(reversed([str(t) for t in rows.scalars()]))
    joined = " / ".join(" ".join(p.split()) for p in parts)
    return joined[-CUSTOMER_TEXT_CHARS:]


async def open_ticket(
    session: AsyncSession, conversation: Conversation, intake: Intake, now: datetime
) -> Ticket:
    facts: dict[str, Any] = dict(intake.facts)
    facts["risk_flags"] = list(conversation.risk_flags)
    facts["customer_text"] = await customer_text(session, conversation.id)
    facts["handoff_reason"] = intake.reason
    topic = facts.get("topic_intent") or conversation.last_intent
    if topic:
        facts.setdefault("topic_intent", topic)
    score = priority_score(conversation.risk_flags, facts)
    ticket = Ticket(
        conversation_id=conversation.id,
        priority=label_for(score),
        priority_score=score,
        skill=skill_for(topic),
        language=conversation.language,
        subject=str(topic or facts.get("topic") or "")[:200],
        facts=facts,
        tags=sorted({f"risk:{flag}" for flag in conversation.risk_flags})[:10],
        created_at=now,
        updated_at=now,
    )
    session.add(ticket)
    await session.flush()
    set_due(ticket, await policies(session))
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=now,
            actor="bot",
            kind="created",
            data={"priority": ticket.priority, "score": score, "skill": ticket.skill},
        )
    )
    await route(session, ticket, now)
    await audit.append(
        session,
        "bot",
        "conversation.handoff",
        f"conversation:{conversation.id}",
        {"ticket": ticket.id, "priority": ticket.priority, "team": ticket.team_id},
    )
    return ticket


def place_text(place: QueuePlace, language: str, channel: str = "widget") -> str:
    if place.assigned:
        return text("queue_assigned", language)
    if place.estimate_minutes is None:  # email customers are already answered by email
        return text("queue_offline_email" if channel == "email" else "queue_offline", language)
    return text(
        "queue_place",
        language,
        position=str(place.position),
        minutes=str(place.estimate_minutes),
    )


def ticket_event(ticket: Ticket, kind: str) -> dict[str, Any]:
    """What a console learns live about a ticket (no message text, no secrets)."""
    return {
        "type": kind,
        "ticket": {
            "id": ticket.id,
            "conversation_id": ticket.conversation_id,
            "priority": ticket.priority,
            "status": ticket.status,
            "language": ticket.language,
            "subject": ticket.subject,
            "skill": ticket.skill,
            "team_id": ticket.team_id,
            "assignee_id": ticket.assignee_id,
            "created_at": ticket.created_at.isoformat(),
        },
    }
