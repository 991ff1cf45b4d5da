"""Routing: which team a ticket goes to (language, then skill, then load) and which online
agent takes it (language, skill, free capacity, least loaded, longest since the last
assignment). A ticket nobody can take waits in its team's queue, ordered by priority and
waiting time, and is handed out as soon as an agent comes online or frees a slot."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.desk.priority import queue_score
from walletdesk.desk.sla import aware, policies
from walletdesk.store.models import Agent, Team, Ticket, TicketEvent

OPEN_STATES = ("new", "open", "pending_customer", "pending_internal")
WORKING_ROLES = ("agent", "supervisor")


async def pick_team(session: AsyncSession, language: str, skill: str) -> str | None:
    teams = list((await session.execute(select(Team).order_by(Team.name))).scalars())
    if not teams:
        return None
    speaking = [t for t in teams if language in t.languages] or teams
    skilled = [t for t in speaking if skill in t.skills] or speaking
    rows = await session.execute(
        select(Ticket.team_id, func.count())
        .where(Ticket.status.in_(("new", "open")))
        .group_by(Ticket.team_id)
    )
    load: dict[str | None, int] = {team_id: count for team_id, count in rows}
    return min(skilled, key=lambda t: (load.get(t.id, 0), t.name)).id


async def agent_loads(session: AsyncSession, team_id: str | None = None) -> dict[str, int]:
    stmt = (
        select(Ticket.assignee_id, func.count())
        .where(Ticket.status.in_(OPEN_STATES), Ticket.assignee_id.is_not(None))
        .group_by(Ticket.assignee_id)
    )
    if team_id is not None:
        stmt = stmt.where(Ticket.team_id == team_id)
    return {str(agent_id): count for agent_id, count in await session.execute(stmt)}


async def online_agents(session: AsyncSession, team_id: str | None) -> list[Agent]:
    stmt = select(Agent).where(
        Agent.active.is_(True), Agent.presence == "online", Agent.role.in_(WORKING_ROLES)
    )
    if team_id is not None:
        stmt = stmt.where(Agent.team_id == team_id)
    return list((await session.execute(stmt)).scalars())


def _fits(agent: Agent, language: str, skill: str, strict_skill: bool) -> bool:
    speaks = not agent.languages or language in agent.languages
    skilled = not strict_skill or not agent.skills or skill in agent.skills or skill == "general"
    return speaks and skilled


async def pick_agent(session: AsyncSession, ticket: Ticket) -> Agent | None:
    """An online agent of the ticket's team with room; skill is preferred, not required."""
    agents = await online_agents(session, ticket.team_id)
    if not agents:
        return None
    loads = await agent_loads(session)
    free = [a for a in agents if loads.get(a.id, 0) < a.capacity]
    for strict in (True, False):
        fitting = [a for a in free if _fits(a, ticket.language, ticket.skill, strict)]
        if fitting:
            return min(
                fitting,
                key=lambda a: (
                    loads.get(a.id, 0) / max(1, a.capacity),
                    aware(a.last_assigned_at).timestamp() if a.last_assigned_at else 0.0,
                    a.email,
                ),
            )
    return None


async def assign(
    session: AsyncSession, ticket: Ticket, agent: Agent, actor: str, now: datetime
) -> None:
    previous = ticket.assignee_id
    ticket.assignee_id = agent.id
    ticket.assigned_at = now
    ticket.updated_at = now
    if agent.team_id and ticket.team_id != agent.team_id:
        ticket.team_id = agent.team_id
    agent.last_assigned_at = now
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=now,
            actor=actor,
            kind="assigned",
            data={"agent": agent.id, "agent_name": agent.display_name, "previous": previous},
        )
    )


async def route(session: AsyncSession, ticket: Ticket, now: datetime) -> Agent | None:
    """Place a new ticket: its team, then an agent if one is free."""
    if ticket.team_id is None:
        ticket.team_id = await pick_team(session, ticket.language, ticket.skill)
    agent = await pick_agent(session, ticket)
    if agent is not None:
        await assign(session, ticket, agent, "router", now)
    return agent


async def waiting_tickets(session: AsyncSession, team_id: str | None) -> list[Ticket]:
    stmt = select(Ticket).where(Ticket.status == "new", Ticket.assignee_id.is_(None))
    if team_id is not None:
        stmt = stmt.where(Ticket.team_id == team_id)
    return list((await session.execute(stmt)).scalars())


def queue_order(tickets: list[Ticket], now: datetime) -> list[Ticket]:
    return sorted(
        tickets,
        key=lambda t: (-queue_score(t.priority_score, aware(t.created_at), now), t.created_at),
    )


async def hand_out(
    session: AsyncSession, now: datetime, team_id: str | None = None
) -> list[Ticket]:
    """Give waiting tickets to agents with room, most pressing first; returns them."""
    given: list[Ticket] = []
    for ticket in queue_order(await waiting_tickets(session, team_id), now):
        agent = await pick_agent(session, ticket)
        if agent is None:
            continue
        await assign(session, ticket, agent, "router", now)
        await session.flush()
        given.append(ticket)
    return given


@dataclass(frozen=True, slots=True)
class QueuePlace:
    assigned: bool
    position: int  # 1 = next; 0 when assigned or not waiting
    agents_online: int
    estimate_minutes: int | None  # None when nobody is online to give an honest figure

    def to_dict(self) -> dict[str, object]:
        return {
            "assigned": self.assigned,
            "position": self.position,
            "agents_online": self.agents_online,
            "estimate_minutes": self.estimate_minutes,
        }


async def recent_first_response_minutes(session: AsyncSession, team_id: str | None) -> float | None:
    """Median minutes from handoff to first agent reply over the team's last 50 answers."""
    stmt = (
        select(Ticket.created_at, Ticket.first_response_at)
        .where(Ticket.first_response_at.is_not(None))
        .order_by(Ticket.first_response_at.desc())
        .limit(50)
    )
    if team_id is not None:
        stmt = stmt.where(Ticket.team_id == team_id)
    waits = [
        (aware(answered) - aware(created)).total_seconds() / 60
        for created, answered in await session.execute(stmt)
        if answered is not None
    ]
    return statistics.median(waits) if waits else None


async def queue_place(session: AsyncSession, ticket: Ticket, now: datetime) -> QueuePlace:
    """Where a waiting customer stands, with an estimate from what the team really does:
    the recent median time to first answer, scaled by place in line per online agent
    (the SLA target stands in until there is history)."""
    online = len(await online_agents(session, ticket.team_id))
    if ticket.assignee_id is not None or ticket.status != "new":
        return QueuePlace(ticket.assignee_id is not None, 0, online, None)
    ordered = queue_order(await waiting_tickets(session, ticket.team_id), now)
    position = next((i for i, t in enumerate(ordered, 1) if t.id == ticket.id), len(ordered))
    if online == 0:
        return QueuePlace(False, position, 0, None)
    typical = await recent_first_response_minutes(session, ticket.team_id)
    if typical is None:
        typical = float((await policies(session)).get(ticket.priority, (60, 0))[0])
    rounds = math.ceil(position / online)
    return QueuePlace(False, position, online, max(1, math.ceil(typical * rounds)))
