"""What admins manage: teams (languages, skills), agents (role, team, languages, skills,
capacity, active) and SLA targets. Every change is audited with the admin as actor."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.desk.agents import ROLES, AdminRefused, create_agent
from walletdesk.desk.intake import SKILLS
from walletdesk.desk.priority import PRIORITIES
from walletdesk.intents import LANGUAGES
from walletdesk.store.models import Agent, SlaPolicy, Team

MAX_CAPACITY = 50
MAX_SLA_MINUTES = 60 * 24 * 30
__all__ = ["AdminRefused", "AgentNotFound"]


class AgentNotFound(LookupError):
    code = "no_agent"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.params: dict[str, str] = {}


def parse_list(raw: str, allowed: tuple[str, ...], what: str) -> list[str]:
    """``"en, zh"`` -> ``["en", "zh"]``, refusing anything not in ``allowed``."""
    items = [part.strip().lower() for part in raw.replace(";", ",").split(",") if part.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise AdminRefused(
            f"unknown_{what}",
            f"unknown {what}: {', '.join(unknown)}; use {', '.join(allowed)}",
            unknown=", ".join(unknown),
            allowed=", ".join(allowed),
        )
    return list(dict.fromkeys(items))


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 1 <= len(name) <= 100:
        raise AdminRefused("name_length", "a name is 1-100 characters")
    return name


async def save_team(
    session: AsyncSession, actor: str, name: str, languages: str, skills: str
) -> Team:
    """Create the team, or update it when a team of that name exists."""
    name = _name(name)
    langs = parse_list(languages, LANGUAGES, "language")
    skill_list = parse_list(skills, SKILLS, "skill")
    team = (await session.execute(select(Team).where(Team.name == name))).scalar_one_or_none()
    created = team is None
    if team is None:
        team = Team(name=name)
        session.add(team)
    team.languages = langs
    team.skills = skill_list
    await session.flush()
    await audit.append(
        session,
        actor,
        "team.created" if created else "team.updated",
        f"team:{team.id}",
        {"name": name, "languages": langs, "skills": skill_list},
    )
    return team


async def _team_id(session: AsyncSession, team_name: str) -> str | None:
    if not team_name.strip():
        return None
    team = (
        await session.execute(select(Team).where(Team.name == " ".join(team_name.split())))
    ).scalar_one_or_none()
    if team is None:
        raise AdminRefused("no_team", f"no team named {team_name!r}", name=team_name[:100])
    return team.id


def _capacity(raw: int) -> int:
    if not 1 <= raw <= MAX_CAPACITY:
        raise AdminRefused(
            "capacity_range", f"capacity is 1-{MAX_CAPACITY} open tickets", max=str(MAX_CAPACITY)
        )
    return raw


async def add_agent(
    session: AsyncSession,
    actor: str,
    *,
    email: str,
    name: str,
    role: str,
    team: str,
    languages: str,
    skills: str,
    capacity: int,
) -> tuple[Agent, str]:
    """Returns the agent and its one-time password (shown once to the admin)."""
    agent, password = await create_agent(
        session,
        email,
        _name(name),
        role,
        await _team_id(session, team),
        parse_list(languages, LANGUAGES, "language"),
    )
    agent.skills = parse_list(skills, SKILLS, "skill")
    agent.capacity = _capacity(capacity)
    await audit.append(session, actor, "agent.added", f"agent:{agent.id}", {"role": role})
    return agent, password


async def update_agent(
    session: AsyncSession,
    actor: Agent,
    agent_id: str,
    *,
    role: str,
    team: str,
    languages: str,
    skills: str,
    capacity: int,
    active: bool,
) -> Agent:
    agent = await session.get(Agent, agent_id[:64])
    if agent is None:
        raise AgentNotFound("no such agent")
    if role not in ROLES:
        raise AdminRefused(
            "role_invalid", f"role must be one of {', '.join(ROLES)}", allowed=", ".join(ROLES)
        )
    if agent.id == actor.id and (role != "admin" or not active):
        raise AdminRefused(
            "self_demotion", "you cannot remove your own admin role or deactivate yourself"
        )
    changes = {"role": [agent.role, role], "active": [agent.active, active]}
    agent.role = role
    agent.team_id = await _team_id(session, team)
    agent.languages = parse_list(languages, LANGUAGES, "language")
    agent.skills = parse_list(skills, SKILLS, "skill")
    agent.capacity = _capacity(capacity)
    agent.active = active
    if not active:
        agent.presence = "away"
    await audit.append(session, actor.id, "agent.updated", f"agent:{agent.id}", changes)
    return agent


async def set_sla(
    session: AsyncSession, actor: str, priority: str, first_response: int, resolution: int
) -> SlaPolicy:
    if priority not in PRIORITIES:
        raise AdminRefused(
            "priority_invalid",
            f"priority must be one of {', '.join(PRIORITIES)}",
            allowed=", ".join(PRIORITIES),
        )
    for minutes in (first_response, resolution):
        if not 1 <= minutes <= MAX_SLA_MINUTES:
            raise AdminRefused(
                "sla_range",
                f"SLA targets are 1-{MAX_SLA_MINUTES} minutes",
                max=str(MAX_SLA_MINUTES),
            )
    if resolution < first_response:
        raise AdminRefused(
            "sla_order", "the resolution target cannot be shorter than the first response"
        )
    policy = await session.get(SlaPolicy, priority)
    if policy is None:
        policy = SlaPolicy(priority=priority)
        session.add(policy)
    policy.first_response_minutes = first_response
    policy.resolution_minutes = resolution
    await audit.append(
        session,
        actor,
        "sla.updated",
        f"sla:{priority}",
        {"first_response": first_response, "resolution": resolution},
    )
    return policy
