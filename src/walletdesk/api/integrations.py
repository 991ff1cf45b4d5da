"""Integrations API: scoped API keys (``Authorization: Bearer wdk_...``) for tickets,
conversations and webhooks, and the admin endpoints that manage keys, webhooks and
dead deliveries from a console session (JSON; CSRF header ``X-CSRF-Token``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.api.console import RequireAgent, check_csrf
from walletdesk.api.deps import Services, ServicesDep
from walletdesk.api.schemas import IdPath
from walletdesk.audit import chain as audit
from walletdesk.desk import tickets
from walletdesk.desk.conversations import public_message
from walletdesk.integrations import apikeys, webhooks
from walletdesk.store.models import Agent, ApiKey, Conversation, Ticket

router = APIRouter(tags=["integrations"])
T = TypeVar("T")


# ---- authentication --------------------------------------------------------------------
async def current_key(
    services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> ApiKey:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip().startswith(apikeys.TOKEN_PREFIX):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API key: send Authorization: Bearer wdk_...",
            headers={"WWW-Authenticate": "Bearer"},
        )
    key = await apikeys.authenticate(services.db, token)
    if key is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid or revoked API key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return key


CurrentKey = Annotated[ApiKey, Depends(current_key)]


def scoped(scope: str) -> Callable[[ApiKey], Awaitable[ApiKey]]:
    async def check(key: CurrentKey) -> ApiKey:
        if scope not in key.scopes:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this API key lacks the {scope} scope")
        return key

    return check


ConversationsRead = Annotated[ApiKey, Depends(scoped("conversations:read"))]
TicketsRead = Annotated[ApiKey, Depends(scoped("tickets:read"))]
TicketsWrite = Annotated[ApiKey, Depends(scoped("tickets:write"))]
WebhooksManage = Annotated[ApiKey, Depends(scoped("webhooks:manage"))]


def _actor(key: ApiKey) -> str:
    return f"apikey:{key.id}"


def _key_agent(key: ApiKey) -> Agent:
    """Ticket actions run as the key (never stored): sees every team, as an admin would."""
    return Agent(id=_actor(key), email="", display_name=key.name, role="admin", team_id=None)


async def _write(services: Services, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """One change in its own transaction; refusals become clear 4xx answers."""
    async with services.db.session() as session:
        try:
            result = await work(session)
            await session.commit()
        except LookupError as exc:
            await session.rollback()
            raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc).strip("'\"")) from exc
        except ValueError as exc:
            await session.rollback()
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return result


def _stamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def public_ticket(ticket: Ticket) -> dict[str, Any]:
    """A ticket for integrations: state and timing, no facts, notes or customer words."""
    return {
        "id": ticket.id,
        "conversation_id": ticket.conversation_id,
        "status": ticket.status,
        "priority": ticket.priority,
        "skill": ticket.skill,
        "tags": list(ticket.tags),
        "language": ticket.language,
        "subject": ticket.subject,
        "team_id": ticket.team_id,
        "assignee_id": ticket.assignee_id,
        "sla_state": ticket.sla_state,
        "csat_score": ticket.csat_score,
        "created_at": _stamp(ticket.created_at),
        "updated_at": _stamp(ticket.updated_at),
        "first_response_at": _stamp(ticket.first_response_at),
        "solved_at": _stamp(ticket.solved_at),
    }


# ---- API key endpoints -----------------------------------------------------------------
@router.get("/api/v1/integrations/me")
async def whoami(key: CurrentKey) -> dict[str, Any]:
    return apikeys.public_key(key)


TicketStatus = Literal["new", "open", "pending_customer", "pending_internal", "solved", "closed"]


@router.get("/api/v1/integrations/tickets")
async def list_tickets(
    services: ServicesDep,
    key: TicketsRead,
    status_: Annotated[TicketStatus | None, Query(alias="status")] = None,
    updated_after: Annotated[datetime | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Tickets, most recently updated first."""
    stmt = select(Ticket).order_by(Ticket.updated_at.desc()).limit(limit)
    if status_:
        stmt = stmt.where(Ticket.status == status_)
    if updated_after is not None:
        moment = updated_after if updated_after.tzinfo else updated_after.replace(tzinfo=UTC)
        stmt = stmt.where(Ticket.updated_at > moment)
    async with services.db.read_session() as session:
        rows = list((await session.execute(stmt)).scalars())
    return {"tickets": [public_ticket(t) for t in rows]}


@router.get("/api/v1/integrations/tickets/{ticket_id}")
async def get_ticket(ticket_id: IdPath, services: ServicesDep, key: TicketsRead) -> dict[str, Any]:
    async with services.db.read_session() as session:
        ticket = await session.get(Ticket, ticket_id[:32])
    if ticket is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such ticket")
    return {"ticket": public_ticket(ticket)}


class TicketChange(BaseModel):
    status: TicketStatus | None = None
    add_tags: list[Annotated[str, Field(max_length=32)]] = Field(default=[], max_length=20)
    remove_tags: list[Annotated[str, Field(max_length=32)]] = Field(default=[], max_length=20)


@router.patch("/api/v1/integrations/tickets/{ticket_id}")
async def change_ticket(
    ticket_id: IdPath, body: TicketChange, services: ServicesDep, key: TicketsWrite
) -> dict[str, Any]:
    """Change a ticket's status and tags (as the desk's own actions do, audited)."""
    async with services.db.read_session() as session:
        ticket = await session.get(Ticket, ticket_id[:32])
        latest = (
            await services.desk.latest_ticket(session, ticket.conversation_id) if ticket else None
        )
    if ticket is None or latest is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such ticket")
    if latest.id != ticket.id:
        raise HTTPException(status.HTTP_409_CONFLICT, "a newer ticket replaced this one")
    actor = _key_agent(key)
    try:
        if body.add_tags or body.remove_tags:
            ticket = await tickets.change_tags(
                services.desk, actor, ticket.conversation_id, body.add_tags, body.remove_tags
            )
        if body.status is not None:
            ticket = await tickets.set_status(
                services.desk, actor, ticket.conversation_id, body.status
            )
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such ticket") from exc
    except tickets.Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return {"ticket": public_ticket(ticket)}


@router.get("/api/v1/integrations/conversations/{conversation_id}")
async def get_conversation(
    conversation_id: IdPath,
    services: ServicesDep,
    key: ConversationsRead,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> dict[str, Any]:
    """A conversation and its messages (text as stored: secrets already redacted). Every
    read lands in the audit chain under the key."""
    async with services.db.session() as session:
        conversation = await session.get(Conversation, conversation_id[:32])
        if conversation is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such conversation")
        await audit.append(
            session, _actor(key), "conversation.viewed", f"conversation:{conversation.id}"
        )
        await session.commit()
    messages = await services.desk.messages(conversation.id, after, limit)
    return {
        "conversation": {
            "id": conversation.id,
            "customer_id": conversation.customer_id,
            "channel": conversation.channel,
            "language": conversation.language,
            "status": conversation.status,
            "risk": conversation.risk,
            "created_at": _stamp(conversation.created_at),
            "updated_at": _stamp(conversation.updated_at),
        },
        "messages": [public_message(m) for m in messages],
    }


class WebhookCreate(BaseModel):
    url: str = Field(min_length=1, max_length=500)
    events: list[Annotated[str, Field(max_length=40)]] = Field(min_length=1, max_length=10)


def _wake(request: Request) -> None:
    runtime = getattr(request.app.state, "integrations", None)
    if runtime is not None:
        runtime.webhooks.wake()


async def _create_hook(
    services: Services, actor: str, body: WebhookCreate, api_key_id: str | None
) -> dict[str, Any]:
    async def work(session: AsyncSession) -> dict[str, Any]:
        hook, secret = await webhooks.create_webhook(
            session, services.settings, actor, body.url, body.events, api_key_id
        )
        return {"webhook": webhooks.public_webhook(hook), "secret": secret}

    return await _write(services, work)


@router.post("/api/v1/integrations/webhooks", status_code=201)
async def key_create_webhook(
    body: WebhookCreate, services: ServicesDep, key: WebhooksManage
) -> dict[str, Any]:
    """Subscribe a URL to events; the signing secret is in this answer only."""
    return await _create_hook(services, _actor(key), body, key.id)


@router.get("/api/v1/integrations/webhooks")
async def key_list_webhooks(services: ServicesDep, key: WebhooksManage) -> dict[str, Any]:
    async with services.db.read_session() as session:
        hooks = await webhooks.list_webhooks(session, key.id)
    return {"webhooks": [webhooks.public_webhook(h) for h in hooks]}


@router.delete("/api/v1/integrations/webhooks/{webhook_id}", status_code=204)
async def key_delete_webhook(
    webhook_id: IdPath, services: ServicesDep, key: WebhooksManage
) -> None:
    await _write(services, lambda s: webhooks.delete_webhook(s, _actor(key), webhook_id, key.id))


DeliveryStatus = Literal["pending", "delivered", "dead"]


@router.get("/api/v1/integrations/deliveries")
async def key_deliveries(
    services: ServicesDep,
    key: WebhooksManage,
    status_: Annotated[DeliveryStatus, Query(alias="status")] = "dead",
) -> dict[str, Any]:
    async with services.db.read_session() as session:
        rows = await webhooks.list_deliveries(session, status_, key.id)
    return {"deliveries": [webhooks.public_delivery(r) for r in rows]}


@router.post("/api/v1/integrations/deliveries/{delivery_id}/retry")
async def key_retry(
    delivery_id: IdPath, request: Request, services: ServicesDep, key: WebhooksManage
) -> dict[str, Any]:
    row = await _write(
        services, lambda s: webhooks.retry_delivery(s, _actor(key), delivery_id, key.id)
    )
    _wake(request)
    return {"delivery": webhooks.public_delivery(row)}


# ---- admin (console session) -----------------------------------------------------------
def _admin(request: Request, auth: Any) -> str:
    if auth.agent.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    if request.method != "GET":
        check_csrf(auth, request.headers.get("x-csrf-token"))
    return str(auth.agent.id)


class KeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[Annotated[str, Field(max_length=40)]] = Field(min_length=1, max_length=10)


@router.get("/console/api/integrations/scopes")
async def admin_scopes(request: Request, auth: RequireAgent) -> dict[str, Any]:
    _admin(request, auth)
    return {"scopes": apikeys.SCOPES, "events": list(webhooks.EVENTS)}


@router.post("/console/api/integrations/keys", status_code=201)
async def admin_create_key(
    body: KeyCreate, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    """Create an API key; the key itself is in this answer only (stored hashed)."""
    actor = _admin(request, auth)

    async def work(session: AsyncSession) -> dict[str, Any]:
        issued = await apikeys.create_key(session, actor, body.name, body.scopes)
        return {"api_key": apikeys.public_key(issued.key), "key": issued.token}

    return await _write(services, work)


@router.get("/console/api/integrations/keys")
async def admin_list_keys(
    request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    _admin(request, auth)
    async with services.db.read_session() as session:
        keys = await apikeys.list_keys(session)
    return {"api_keys": [apikeys.public_key(k) for k in keys]}


@router.post("/console/api/integrations/keys/{key_id}/revoke")
async def admin_revoke_key(
    key_id: IdPath, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    actor = _admin(request, auth)
    key = await _write(services, lambda s: apikeys.revoke_key(s, actor, key_id))
    return {"api_key": apikeys.public_key(key)}


@router.post("/console/api/integrations/webhooks", status_code=201)
async def admin_create_webhook(
    body: WebhookCreate, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    return await _create_hook(services, _admin(request, auth), body, None)


@router.get("/console/api/integrations/webhooks")
async def admin_list_webhooks(
    request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    _admin(request, auth)
    async with services.db.read_session() as session:
        hooks = await webhooks.list_webhooks(session)
    return {"webhooks": [webhooks.public_webhook(h) for h in hooks]}


@router.delete("/console/api/integrations/webhooks/{webhook_id}", status_code=204)
async def admin_delete_webhook(
    webhook_id: IdPath, request: Request, services: ServicesDep, auth: RequireAgent
) -> None:
    actor = _admin(request, auth)
    await _write(services, lambda s: webhooks.delete_webhook(s, actor, webhook_id))


@router.get("/console/api/integrations/deliveries")
async def admin_deliveries(
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
    status_: Annotated[DeliveryStatus, Query(alias="status")] = "dead",
) -> dict[str, Any]:
    """The dead-letter view (``?status=dead``, the default), or pending / delivered."""
    _admin(request, auth)
    async with services.db.read_session() as session:
        rows = await webhooks.list_deliveries(session, status_)
    return {"deliveries": [webhooks.public_delivery(r) for r in rows]}


@router.post("/console/api/integrations/deliveries/{delivery_id}/retry")
async def admin_retry(
    delivery_id: IdPath, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    actor = _admin(request, auth)
    row = await _write(services, lambda s: webhooks.retry_delivery(s, actor, delivery_id))
    _wake(request)
    return {"delivery": webhooks.public_delivery(row)}
