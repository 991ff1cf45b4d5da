"""Customer API: start a conversation, send and list messages, live stream (WebSocket)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    HTTPException,
    Query,
    Request,
    WebSocket,
    WebSocketDisconnect,
    status,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from walletdesk.api.deps import CurrentCustomer, Services, ServicesDep
from walletdesk.api.schemas import (
    ConversationPublic,
    ConversationStarted,
    IdPath,
    LeaveEmail,
    MessageList,
    MessagePosted,
    MessagePublic,
    QueueStatus,
    Rating,
    SendMessage,
    StartConversation,
)
from walletdesk.api.security import (
    check_rate,
    client_ip,
    enforce_rate,
    refuse_foreign_origin,
    too_many,
)
from walletdesk.chain.ownership import OwnershipError, describe_error
from walletdesk.desk import ownership, texts
from walletdesk.desk.conversations import GuardBlocked, MessageTooLong, public_message
from walletdesk.desk.csat import RatingRefused, pending_rating, rate
from walletdesk.desk.handoff import place_text
from walletdesk.desk.routing import queue_place
from walletdesk.store.models import Conversation, Customer, Message, TicketEvent, utcnow

router = APIRouter(prefix="/api/v1", tags=["customer"])


def _conv(c: Conversation) -> ConversationPublic:
    return ConversationPublic(id=c.id, status=c.status, language=c.language, last_seq=c.last_seq)


async def _limit_new_conversations(request: Request, services: Services) -> None:
    await enforce_rate(
        request,
        f"conversations:ip:{client_ip(request)}",
        services.settings.rate_limit_conversations_per_ip,
        "new conversations from your network",
    )


async def _own(services: Services, customer_id: str, conversation_id: str) -> Conversation:
    conversation = await services.desk.conversation_of(customer_id, conversation_id[:64])
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found")
    return conversation


@router.post("/conversations", status_code=201, response_model=ConversationStarted)
async def start_conversation(
    request: Request, services: ServicesDep, body: StartConversation | None = None
) -> ConversationStarted:
    """Start a conversation as a new customer; returns the customer's opaque token."""
    await _limit_new_conversations(request, services)
    language = (body.language if body else None) or services.settings.default_language
    started = await services.desk.start_conversation(language)
    return ConversationStarted(
        conversation=_conv(started.conversation),
        customer_token=started.token,
        messages=[MessagePublic(**public_message(started.welcome))],
    )


@router.get("/conversations", response_model=list[ConversationPublic])
async def list_conversations(
    services: ServicesDep, customer: CurrentCustomer
) -> list[ConversationPublic]:
    return [_conv(c) for c in await services.desk.conversations_of(customer)]


@router.post("/conversations/new", status_code=201, response_model=ConversationPublic)
async def new_conversation(
    request: Request,
    services: ServicesDep,
    customer: CurrentCustomer,
    body: StartConversation | None = None,
) -> ConversationPublic:
    """Open another conversation for the same customer."""
    await _limit_new_conversations(request, services)
    language = (body.language if body else None) or services.settings.default_language
    return _conv(await services.desk.new_conversation_for(customer, language))


@router.post(
    "/conversations/{conversation_id}/messages", status_code=201, response_model=MessagePosted
)
async def send_message(
    request: Request,
    conversation_id: IdPath,
    body: SendMessage,
    services: ServicesDep,
    customer: CurrentCustomer,
) -> MessagePosted:
    """Store the message (redacted, durable) and return it with the bot's replies."""
    await _own(services, customer, conversation_id)
    await enforce_rate(
        request,
        f"messages:customer:{customer}",
        services.settings.rate_limit_messages_per_customer,
        "messages",
    )
    try:
        posted = await services.desk.post_customer_message(
            conversation_id, body.text, body.client_id
        )
    except MessageTooLong as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    except GuardBlocked as exc:  # the bot never writes such a reply; refuse loudly if it did
        raise HTTPException(
            status.HTTP_500_INTERNAL_SERVER_ERROR, "reply withheld by the outgoing guard"
        ) from exc
    return MessagePosted(
        message=MessagePublic(**public_message(posted.message)),
        replies=[MessagePublic(**public_message(m)) for m in posted.replies],
        duplicate=posted.duplicate,
        redacted=bool(posted.scan and posted.scan.findings),
    )


@router.get("/conversations/{conversation_id}/messages", response_model=MessageList)
async def list_messages(
    conversation_id: IdPath,
    services: ServicesDep,
    customer: CurrentCustomer,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> MessageList:
    conversation = await _own(services, customer, conversation_id)
    rows = await services.desk.messages(conversation_id, after, limit)
    return MessageList(
        messages=[MessagePublic(**public_message(m)) for m in rows], last_seq=conversation.last_seq
    )


@router.get("/conversations/{conversation_id}/queue", response_model=QueueStatus)
async def queue_status(
    conversation_id: IdPath, services: ServicesDep, customer: CurrentCustomer
) -> QueueStatus:
    """Where the customer stands after a handoff: place in line and an honest estimate."""
    conversation = await _own(services, customer, conversation_id)
    async with services.db.session() as session:
        ticket = await services.desk.latest_ticket(session, conversation.id)
        csat = await pending_rating(services.desk, session, conversation.id) is not None
        if ticket is None or conversation.status != "handoff":
            return QueueStatus(
                status=conversation.status,
                ticket_status=ticket.status if ticket else None,
                assigned=False,
                position=0,
                agents_online=0,
                estimate_minutes=None,
                text="",
                csat_pending=csat,
            )
        place = await queue_place(session, ticket, utcnow())
    return QueueStatus(
        status=conversation.status,
        ticket_status=ticket.status,
        assigned=place.assigned,
        position=place.position,
        agents_online=place.agents_online,
        estimate_minutes=place.estimate_minutes,
        text=place_text(place, conversation.language) if ticket.status == "new" else "",
        csat_pending=csat,
    )


@router.post("/conversations/{conversation_id}/email")
async def leave_email(
    conversation_id: IdPath, body: LeaveEmail, services: ServicesDep, customer: CurrentCustomer
) -> dict[str, str]:
    """Leave an email to be answered later (kept on the customer, noted on the ticket)."""
    conversation = await _own(services, customer, conversation_id)
    async with services.db.session() as session:
        row = await session.get(Customer, customer)
        assert row is not None  # the token names an existing customer
        row.email = body.email.strip().lower()
        ticket = await services.desk.latest_ticket(session, conversation.id)
        if ticket is not None:
            if "email-followup" not in ticket.tags:
                ticket.tags = [*ticket.tags, "email-followup"]
            session.add(
                TicketEvent(ticket_id=ticket.id, actor="customer", kind="email_left", data={})
            )
        await session.commit()
    return {"text": texts.text("email_saved", conversation.language)}


@router.post("/conversations/{conversation_id}/csat", status_code=201)
async def rate_case(
    conversation_id: IdPath, body: Rating, services: ServicesDep, customer: CurrentCustomer
) -> dict[str, Any]:
    """Rate the solved case of this conversation (1-5, optional comment), once."""
    await _own(services, customer, conversation_id)
    try:
        thanks = await rate(services.desk, conversation_id, body.score, body.comment)
    except RatingRefused as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return {"message": public_message(thanks)}


class OwnershipRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    address: str = Field(min_length=42, max_length=42, pattern=r"^0x[0-9a-fA-F]{40}$")
    chain_id: int = Field(default=1, ge=1, le=2**32)


class OwnershipProof(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    nonce: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9]+$")
    signature: str = Field(min_length=2, max_length=200)


@router.post("/conversations/{conversation_id}/ownership/challenge", status_code=201)
async def ownership_challenge(
    conversation_id: IdPath,
    body: OwnershipRequest,
    services: ServicesDep,
    customer: CurrentCustomer,
) -> dict[str, str]:
    """A Sign-In with Ethereum message to sign in the customer's own wallet (no secret is
    ever needed: the signature proves control of the address)."""
    await _own(services, customer, conversation_id)
    try:
        challenge = await ownership.issue(
            services.desk, conversation_id, body.address, body.chain_id, services.settings.base_url
        )
    except OwnershipError as exc:  # e.g. a mixed-case address whose EIP-55 checksum fails
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            {"code": exc.code, "reason": describe_error(exc.code)},
        ) from exc
    return {
        "message": challenge.message,
        "nonce": challenge.nonce,
        "expires_at": challenge.expires_at.isoformat(),
    }


@router.post("/conversations/{conversation_id}/ownership/verify")
async def ownership_verify(
    conversation_id: IdPath, body: OwnershipProof, services: ServicesDep, customer: CurrentCustomer
) -> dict[str, object]:
    await _own(services, customer, conversation_id)
    try:
        proven = await ownership.prove(services.desk, conversation_id, body.nonce, body.signature)
    except OwnershipError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            {"code": exc.code, "reason": describe_error(exc.code)},
        ) from exc
    return {"verified": True, "address": proven.address, "chain_id": proven.chain_id}


async def _ws_send(ws: WebSocket, payload: dict[str, Any]) -> None:
    await ws.send_text(json.dumps(payload, ensure_ascii=False))


@router.websocket("/ws")
async def customer_socket(ws: WebSocket) -> None:
    """Live stream. The first frame authenticates:
    ``{"type":"auth","token":...,"conversation_id":...,"after":N}``; the server replays every
    message after N, then streams new ones. ``{"type":"send","text":...,"client_id":...}``
    sends a message and is answered with ``{"type":"ack","client_id","seq"}`` once stored."""
    services: Services = ws.app.state.services
    if await refuse_foreign_origin(ws, services.settings, widget=True):
        return
    await ws.accept()
    try:
        raw_first = await asyncio.wait_for(ws.receive_text(), timeout=10)
        if len(raw_first) > 4096:  # token, id and a number
            raise ValueError("auth frame too large")
        first = json.loads(raw_first)
        if not isinstance(first, dict) or first.get("type") != "auth":
            raise ValueError("first frame must be auth")
        token = str(first.get("token", ""))
        conversation_id = str(first.get("conversation_id", ""))[:64]
        after = int(first.get("after", 0))
    except (TimeoutError, ValueError, TypeError, json.JSONDecodeError):
        await _ws_send(ws, {"type": "error", "reason": "expected an auth frame"})
        await ws.close(code=4400)
        return
    except WebSocketDisconnect:
        return
    customer = await services.desk.customer_for_token(token)
    conversation = (
        await services.desk.conversation_of(customer, conversation_id) if customer else None
    )
    if conversation is None:
        await _ws_send(ws, {"type": "error", "reason": "invalid token or conversation"})
        await ws.close(code=4401)
        return

    channel = f"conversation:{conversation_id}"
    async with services.desk.bus.subscribe(channel) as sub:
        last_sent = max(after, 0)

        async def replay() -> None:
            nonlocal last_sent
            while True:
                rows = await services.desk.messages(conversation_id, last_sent, 500)
                for row in rows:
                    await _ws_send(ws, {"type": "message", "message": public_message(row)})
                    last_sent = row.seq
                if len(rows) < 500:
                    return

        await replay()
        await _ws_send(ws, {"type": "ready", "last_seq": last_sent})

        async def pump() -> None:
            nonlocal last_sent
            while True:
                event = await sub.get()
                if event.get("type") == "resync":
                    await replay()
                    continue
                seq = int(event["message"]["seq"])
                if seq <= last_sent:
                    continue  # already replayed
                if seq > last_sent + 1:
                    await replay()  # fill any gap from the database, in order
                    continue
                await _ws_send(ws, event)
                last_sent = seq

        pump_task = asyncio.create_task(pump())
        try:
            while True:
                raw = await ws.receive_text()
                await _handle_frame(ws, services, conversation_id, raw, customer)
        except WebSocketDisconnect:
            pass
        finally:
            pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pump_task


async def _handle_frame(
    ws: WebSocket, services: Services, conversation_id: str, raw: str, customer: str | None
) -> None:
    frame: object = None
    try:
        # a frame holds one message: refuse megabytes before parsing them
        if len(raw) > services.settings.max_message_chars * 6 + 1024:
            raise ValueError("frame too large")
        frame = json.loads(raw)
        if not isinstance(frame, dict):
            raise ValueError("frame must be an object")
        if frame.get("type") == "ping":
            await _ws_send(ws, {"type": "pong"})
            return
        if frame.get("type") != "send":
            raise ValueError("unknown frame type")
        body = SendMessage.model_validate(
            {"text": frame.get("text"), "client_id": frame.get("client_id")}
        )
    except (ValueError, ValidationError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        await _ws_send(
            ws,
            {
                "type": "error",
                "reason": reason,
                "client_id": frame.get("client_id") if isinstance(frame, dict) else None,
            },
        )
        return

    limit = services.settings.rate_limit_messages_per_customer
    decision = await check_rate(ws.app, f"messages:customer:{customer}", limit, services.settings)
    if not decision.allowed:
        refused = too_many(decision, "messages")
        await _ws_send(
            ws,
            {
                "type": "error",
                "reason": refused.detail,
                "retry_after": decision.retry_after_seconds,
                "client_id": body.client_id,
            },
        )
        return

    async def ack(stored: Message, duplicate: bool) -> None:
        await _ws_send(
            ws,
            {"type": "ack", "client_id": body.client_id, "seq": stored.seq, "duplicate": duplicate},
        )

    try:
        await services.desk.post_customer_message(
            conversation_id, body.text, body.client_id, on_stored=ack
        )
    except MessageTooLong as exc:
        await _ws_send(ws, {"type": "error", "reason": str(exc), "client_id": body.client_id})
