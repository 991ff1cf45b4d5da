"""What agents do with tickets: see their team's queue, open a conversation (audited),
reply through the outgoing guard, change state and priority, tag, note, merge, assign,
escalate to the technical team, hand back to the bot. Every change is a ticket event
(the history) and privileged ones are also in the audit chain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.desk import texts
from walletdesk.desk.conversations import Desk
from walletdesk.desk.priority import PRIORITIES, queue_score
from walletdesk.desk.routing import OPEN_STATES, assign, hand_out
from walletdesk.desk.sla import aware, policies, set_due, sla_state
from walletdesk.safety.scan import scan
from walletdesk.store.models import Agent, Conversation, Message, Ticket, TicketEvent, utcnow

STATES = ("new", "open", "pending_customer", "pending_internal", "solved", "closed")
TECHNICAL_STATES = ("investigating", "fix_in_progress", "resolved")
SUPERVISING = ("supervisor", "admin")
MAX_TAGS = 20
MAX_NOTE_CHARS = 4000
_TAG = re.compile(r"^[a-z0-9][a-z0-9:_-]{0,31}$")


class Forbidden(Exception):
    """The agent may not see or act on this conversation."""


class Conflict(ValueError):
    """The change does not fit the ticket's current state; the message says why."""


@dataclass(slots=True)
class QueueItem:
    ticket: Ticket
    conversation: Conversation
    sla: str
    score: int


def _may_see(agent: Agent, ticket: Ticket) -> bool:
    return agent.role in SUPERVISING or ticket.team_id in (None, agent.team_id)


async def queue_for(
    session: AsyncSession, agent: Agent, view: str = "all", now: datetime | None = None
) -> list[QueueItem]:
    """Open tickets this agent may work, most pressing first (escalated ones on top for
    supervisors). ``view``: ``all``, ``mine`` or ``waiting`` (nobody assigned)."""
    now = now or utcnow()
    stmt = (
        select(Ticket, Conversation)
        .join(Conversation, Conversation.id == Ticket.conversation_id)
        .where(Ticket.status.in_(OPEN_STATES))
    )
    if agent.role not in SUPERVISING:
        stmt = stmt.where(or_(Ticket.team_id == agent.team_id, Ticket.team_id.is_(None)))
    if view == "mine":
        stmt = stmt.where(Ticket.assignee_id == agent.id)
    elif view == "waiting":
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    items = [
        QueueItem(t, c, sla_state(t, now), queue_score(t.priority_score, aware(t.created_at), now))
        for t, c in await session.execute(stmt.limit(500))
    ]
    supervising = agent.role in SUPERVISING
    items.sort(
        key=lambda i: (
            not (supervising and i.ticket.escalated_at is not None),
            -i.score,
            i.ticket.created_at,
        )
    )
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
    if ticket is None or not _may_see(agent, ticket):
        raise Forbidden(conversation_id)
    return ticket


def _event(ticket: Ticket, actor: str, kind: str, now: datetime, **data: object) -> TicketEvent:
    return TicketEvent(ticket_id=ticket.id, at=now, actor=actor, kind=kind, data=dict(data))


async def history(session: AsyncSession, ticket_id: str) -> list[TicketEvent]:
    rows = await session.execute(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
    )
    return list(rows.scalars())


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
    """Send as the agent; raises GuardBlocked (audited) when the guard refuses the text.
    The first reply takes an unassigned ticket and stops the first-response clock."""
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        if ticket.status == "closed" or ticket.merged_into:
            raise Conflict("this ticket is closed; the customer can start a new conversation")
        conversation = await session.get(Conversation, ticket.conversation_id)
        assert conversation is not None
        message = await desk.outgoing(
            session, conversation, "agent", text, agent.id, {"agent_name": agent.display_name}
        )
        if ticket.assignee_id is None:
            me = await session.get(Agent, agent.id)
            assert me is not None
            await assign(session, ticket, me, agent.id, now)
        if ticket.first_response_at is None:
            ticket.first_response_at = now
            session.add(_event(ticket, agent.id, "first_response", now))
        if ticket.status == "new":
            ticket.status = "open"
        ticket.updated_at = now
        await session.commit()
    await desk.publish(message)
    await desk.publish_ticket(ticket, "ticket.updated")
    return message


async def _system_message(
    desk: Desk, session: AsyncSession, conversation: Conversation, key: str, kind: str
) -> Message:
    return await desk.outgoing(
        session,
        conversation,
        "bot",
        texts.text(key, conversation.language),
        None,
        {"kind": kind},
    )


async def set_status(desk: Desk, agent: Agent, conversation_id: str, action: str) -> Ticket:
    """Move the ticket to one of STATES, or ``to_bot`` (hand the conversation back).

    ``solved`` asks the customer for a rating; a customer reply reopens it. ``closed``
    is final: the conversation returns to the bot and a new handoff opens a new ticket.
    """
    if action == "solve":
        action = "solved"
    if action not in (*STATES, "to_bot"):
        raise ValueError(f"unknown status {action!r}; use one of {', '.join(STATES)} or to_bot")
    now = utcnow()
    notice: Message | None = None
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
        assert conversation is not None
        previous = ticket.status
        if previous == "closed" and action != "closed":
            raise Conflict("a closed ticket cannot change; a new handoff opens a new ticket")
        if action == "to_bot":
            ticket.status = "solved"
            ticket.solved_at = now
            conversation.status = "bot"
            conversation.low_confidence_streak = 0
            conversation.intake = {}
        else:
            ticket.status = action
            if action == "solved":
                ticket.solved_at = now
                if ticket.csat_score is None:
                    notice = await _system_message(
                        desk, session, conversation, "csat_request", "csat_request"
                    )
            elif action == "closed":
                ticket.closed_at = now
                conversation.status = "bot"
                conversation.intake = {}
            else:
                ticket.solved_at = None
        ticket.updated_at = now
        session.add(_event(ticket, agent.id, "status", now, **{"from": previous, "to": action}))
        await audit.append(
            session,
            agent.id,
            f"ticket.{action}",
            f"ticket:{ticket.id}",
            {"from": previous},
        )
        await session.commit()
    if notice is not None:
        await desk.publish(notice)
    await desk.publish_ticket(ticket, "ticket.updated")
    return ticket


async def set_priority(desk: Desk, agent: Agent, conversation_id: str, priority: str) -> Ticket:
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}; use one of {', '.join(PRIORITIES)}")
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        previous = ticket.priority
        ticket.priority = priority
        set_due(ticket, await policies(session))
        ticket.updated_at = now
        session.add(_event(ticket, agent.id, "priority", now, **{"from": previous, "to": priority}))
        await session.commit()
    await desk.publish_ticket(ticket, "ticket.updated")
    return ticket


async def add_note(desk: Desk, agent: Agent, conversation_id: str, text: str) -> TicketEvent:
    """An internal note: never shown to the customer, and redacted like every message."""
    text = text.strip()
    if not text:
        raise ValueError("the note is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"a note is at most {MAX_NOTE_CHARS} characters")
    redacted = scan(text, desk.links).redacted
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        event = _event(ticket, agent.id, "note", now, text=redacted, agent_name=agent.display_name)
        session.add(event)
        ticket.updated_at = now
        await session.commit()
    return event


def clean_tag(tag: str) -> str:
    tag = tag.strip().lower().replace(" ", "-")
    if not _TAG.match(tag):
        raise ValueError(
            "a tag is 1-32 characters: lowercase letters, digits, ':', '_' or '-', "
            "starting with a letter or digit"
        )
    return tag


async def change_tags(
    desk: Desk, agent: Agent, conversation_id: str, add: list[str], remove: list[str]
) -> Ticket:
    added = [clean_tag(t) for t in add]
    removed = {clean_tag(t) for t in remove}
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        tags = [t for t in ticket.tags if t not in removed]
        tags.extend(t for t in added if t not in tags)
        if len(tags) > MAX_TAGS:
            raise ValueError(f"a ticket carries at most {MAX_TAGS} tags")
        ticket.tags = tags
        session.add(_event(ticket, agent.id, "tags", now, added=added, removed=sorted(removed)))
        await session.commit()
    return ticket


async def merge(desk: Desk, agent: Agent, conversation_id: str, into_ticket_id: str) -> Ticket:
    """Close this ticket as a duplicate of another ticket of the same customer."""
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        target = await session.get(Ticket, into_ticket_id[:64])
        if target is None or not _may_see(agent, target):
            raise Forbidden(into_ticket_id)
        if target.id == ticket.id:
            raise Conflict("a ticket cannot be merged into itself")
        if target.status == "closed" or target.merged_into:
            raise Conflict("the target ticket is closed")
        source_conv = await session.get(Conversation, ticket.conversation_id)
        target_conv = await session.get(Conversation, target.conversation_id)
        assert source_conv is not None and target_conv is not None
        if source_conv.customer_id != target_conv.customer_id:
            raise Conflict("only tickets of the same customer can be merged")
        ticket.merged_into = target.id
        ticket.status = "closed"
        ticket.closed_at = now
        source_conv.status = "bot"
        target.tags = sorted({*target.tags, *ticket.tags})[:MAX_TAGS]
        target_facts = dict(target.facts)
        for key, value in ticket.facts.items():
            target_facts.setdefault(key, value)
        target.facts = target_facts
        session.add(_event(ticket, agent.id, "merged", now, into=target.id))
        session.add(_event(target, agent.id, "merged_in", now, source=ticket.id))
        await audit.append(
            session, agent.id, "ticket.merged", f"ticket:{ticket.id}", {"into": target.id}
        )
        await session.commit()
    await desk.publish_ticket(ticket, "ticket.updated")
    return ticket


async def assign_to(desk: Desk, agent: Agent, conversation_id: str, assignee_id: str) -> Ticket:
    """Take a ticket yourself, or (supervisors) give it to an agent of its team."""
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        if assignee_id != agent.id and agent.role not in SUPERVISING:
            raise Forbidden("only supervisors assign tickets to others")
        assignee = await session.get(Agent, assignee_id[:64])
        if assignee is None or not assignee.active:
            raise Conflict("no such active agent")
        if agent.role not in SUPERVISING and assignee.team_id != ticket.team_id:
            raise Forbidden("not your team's ticket")
        await assign(session, ticket, assignee, agent.id, now)
        await audit.append(
            session, agent.id, "ticket.assigned", f"ticket:{ticket.id}", {"to": assignee.id}
        )
        await session.commit()
    await desk.publish_ticket(ticket, "ticket.updated")
    return ticket


async def set_technical(desk: Desk, agent: Agent, conversation_id: str, state: str) -> Ticket:
    """Escalation to the technical team; the customer is told each time it changes."""
    if state not in TECHNICAL_STATES:
        raise ValueError(f"unknown escalation state; use one of {', '.join(TECHNICAL_STATES)}")
    now = utcnow()
    async with desk.db.session() as session:
        ticket = await ticket_for(session, agent, conversation_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
        assert conversation is not None
        if ticket.technical_status == state:
            raise Conflict(f"the escalation is already {state}")
        previous = ticket.technical_status
        ticket.technical_status = state
        ticket.status = "open" if state == "resolved" else "pending_internal"
        ticket.updated_at = now
        notice = await _system_message(
            desk, session, conversation, f"technical_{state}", "technical_status"
        )
        session.add(_event(ticket, agent.id, "technical", now, **{"from": previous, "to": state}))
        await session.commit()
    await desk.publish(notice)
    await desk.publish_ticket(ticket, "ticket.updated")
    return ticket


async def set_presence(desk: Desk, agent: Agent, presence: str) -> int:
    """online/away; going online hands waiting tickets out at once. Returns how many."""
    if presence not in ("online", "away"):
        raise ValueError("presence is online or away")
    now = utcnow()
    async with desk.db.session() as session:
        me = await session.get(Agent, agent.id)
        assert me is not None
        me.presence = presence
        me.last_seen_at = now  # the console that asked is here (presence.py keeps it)
        await session.flush()
        given = await hand_out(session, now, me.team_id) if presence == "online" else []
        await session.commit()
    for ticket in given:
        await desk.publish_ticket(ticket, "ticket.updated")
    return len(given)
