"""What agents do with handed-off conversations: see their team's queue, open a
conversation (audited), reply through the outgoing guard, solve, hand back to the bot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.desk.conversations import PRIORITY_ORDER, Desk
from walletdesk.store.models import Agent, Conversation, Message, Ticket, utcnow

OPEN_STATES = ("new", "open", "pending_customer", "pending_internal")


class Forbidden(Exception):
    """The agent may not see or act on this conversation."""


@dataclass(slots=True)
class QueueItem:
    ticket: Ticket
    conversation: Conversation


async def queue_for(session: AsyncSession, agent: Agent) -> list[QueueItem]:
    stmt = (
        select(Ticket, Conversation)
        .join(Conversation, Conversation.id == Ticket.conversation_id)
        .where(Ticket.status.in_(OPEN_STATES))
    )
    if agent.role not in ("supervisor", "admin"):
        stmt = stmt.where(or_(Ticket.team_id == agent.team_id, Ticket.team_id.is_(None)))
    items = [QueueItem(t, c) for t, c in await session.execute(stmt)]
    items.sort(key=lambda i: (PRIORITY_ORDER.get(i.ticket.priority, 9), i.ticket.created_at))
    return items


async def ticket_for(session: AsyncSession, agent: Agent, conversation_id: str) -> Ticket:
    """The conversation's latest ticket, if this agent may work it."""
    ticket = (
        await session.execute(
            select(Ticket)
            .where(Ticket.conversation_id == conversation_id[:64])
            .order_by(Ticket.created_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    if ticket is None:
        raise Forbidden(conversation_id)
    if agent.role not in ("supervisor", "admin") and ticket.team_id not in (None, agent.team_id):
        raise Forbidden(conversation_id)
    return ticket


async def open_conversation(
    desk: Desk, agent: Agent, conversation_id: str
) -> tuple[Conversation, Ticket, list[Message]]:
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
        assert conversation is not None  # the foreign key guarantees it
        await audit.append(
            session, agent.id, "conversation.viewed", f"conversation:{conversation.id}"
        )
        await session.commit()
    return conversation, ticket, await desk.messages(conversation.id, 0, 1000)


async def agent_reply(desk: Desk, agent: Agent, conversation_id: str, text: str) -> Message:
    """Send as the agent; raises GuardBlocked (audited) when the guard refuses the text."""
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
        assert conversation is not None
        message = await desk.outgoing(
            session, conversation, "agent", text, agent.id, {"agent_name": agent.display_name}
        )
        if ticket.assignee_id is None:
            ticket.assignee_id = agent.id
        if ticket.status == "new":
            ticket.status = "open"
        ticket.updated_at = utcnow()
        await session.commit()
    await desk.publish(message)
    return message


async def set_status(desk: Desk, agent: Agent, conversation_id: str, action: str) -> Ticket:
    """``solve`` closes the ticket; ``to_bot`` hands the conversation back to the bot."""
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
        assert conversation is not None
        if action == "solve":
            ticket.status = "solved"
        elif action == "to_bot":
            ticket.status = "solved"
            conversation.status = "bot"
            conversation.low_confidence_streak = 0
        else:
            raise ValueError(action)
        ticket.updated_at = utcnow()
        await audit.append(session, agent.id, f"ticket.{action}", f"ticket:{ticket.id}")
        await session.commit()
    return ticket
