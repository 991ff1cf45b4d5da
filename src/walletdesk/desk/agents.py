"""Agent accounts and console sessions: argon2 passwords, lockout, revocable sessions."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.store.models import Agent, AgentSession, utcnow

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# verify against this when the email is unknown, so timing does not reveal accounts
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class LoginResult:
    agent: Agent | None
    token: str | None
    error: str | None


async def login(session: AsyncSession, email: str, password: str) -> LoginResult:
    agent = (
        await session.execute(select(Agent).where(Agent.email == email.strip().lower()[:254]))
    ).scalar_one_or_none()
    if agent is None or not agent.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return LoginResult(None, None, "wrong email or password")
    if agent.locked_until and _aware(agent.locked_until) > datetime.now(UTC):
        await audit.append(session, agent.id, "agent.login_locked", agent.email)
        await session.commit()
        return LoginResult(None, None, "too many failed attempts; try again in 15 minutes")
    try:
        _hasher.verify(agent.password_hash, password)
    except (VerificationError, InvalidHashError):
        agent.failed_logins += 1
        if agent.failed_logins >= MAX_FAILURES:
            agent.locked_until = utcnow() + LOCKOUT
            agent.failed_logins = 0
        await audit.append(session, agent.id, "agent.login_failed", agent.email)
        await session.commit()
        return LoginResult(None, None, "wrong email or password")
    agent.failed_logins = 0
    agent.locked_until = None
    token = secrets.token_urlsafe(32)
    session.add(
        AgentSession(
            agent_id=agent.id,
            token_hash=_digest(token),
            csrf_token=secrets.token_urlsafe(24),
            expires_at=utcnow() + SESSION_TTL,
        )
    )
    await audit.append(session, agent.id, "agent.login", agent.email)
    await session.commit()
    return LoginResult(agent, token, None)


async def session_agent(session: AsyncSession, token: str) -> tuple[Agent, AgentSession] | None:
    if not token or len(token) > 200:
        return None
    row = (
        await session.execute(select(AgentSession).where(AgentSession.token_hash == _digest(token)))
    ).scalar_one_or_none()
    if row is None or _aware(row.expires_at) <= datetime.now(UTC):
        return None
    agent = await session.get(Agent, row.agent_id)
    if agent is None or not agent.active:
        return None
    return agent, row


async def logout(session: AsyncSession, token: str) -> None:
    await session.execute(delete(AgentSession).where(AgentSession.token_hash == _digest(token)))
    await session.commit()


def password_problem(password: str, email: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"use at least {MIN_PASSWORD} characters"
    if len(password) > 200:
        return "use at most 200 characters"
    if password.lower() in email.lower() or len(set(password)) < 5:
        return "choose a less guessable password"
    return None


async def change_password(session: AsyncSession, agent: Agent, new_password: str) -> str | None:
    problem = password_problem(new_password, agent.email)
    if problem:
        return problem
    agent.password_hash = _hasher.hash(new_password)
    agent.must_change_password = False
    await audit.append(session, agent.id, "agent.password_changed", agent.email)
    await session.commit()
    return None


ROLES = ("agent", "supervisor", "admin")


def set_password(agent: Agent, password: str) -> None:
    """Set a password chosen by its owner (no change required at next login)."""
    agent.password_hash = _hasher.hash(password)
    agent.must_change_password = False


class AdminRefused(ValueError):
    """An admin change the desk will not make. ``str()`` is the English reason; ``code``
    and ``params`` let the console say it in the admin's language."""

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


async def create_agent(
    session: AsyncSession,
    email: str,
    display_name: str,
    role: str,
    team_id: str | None,
    languages: list[str],
    password: str | None = None,
) -> tuple[Agent, str]:
    """Create an agent; returns it with its password (a one-time one unless given)."""
    if role not in ROLES:
        raise AdminRefused(
            "role_invalid", f"role must be one of {', '.join(ROLES)}", allowed=", ".join(ROLES)
        )
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AdminRefused("email_invalid", "email must look like name@example.com")
    if (await session.execute(select(Agent).where(Agent.email == email))).first():
        raise AdminRefused(
            "email_taken", f"an agent with email {email} already exists", email=email
        )
    one_time = password is None
    secret = password or secrets.token_urlsafe(12)
    agent = Agent(
        email=email,
        display_name=display_name[:100],
        role=role,
        team_id=team_id,
        languages=languages,
        password_hash=_hasher.hash(secret),
        must_change_password=one_time,
    )
    session.add(agent)
    await session.flush()
    await audit.append(session, "system", "agent.created", email, {"role": role})
    return agent, secret
