"""Agent console (server-rendered): login, queue, live conversation, guarded replies."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    Form,
    HTTPException,
    Request,
    WebSocket,
    WebSocketDisconnect,
    status,
)
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from walletdesk.api.deps import Services, ServicesDep
from walletdesk.api.public import templates
from walletdesk.desk import agents as agent_auth
from walletdesk.desk import tickets
from walletdesk.desk.conversations import GuardBlocked, public_message
from walletdesk.store.models import Agent, AgentSession

router = APIRouter(prefix="/console", tags=["console"])
COOKIE = "wd_session"


class ConsoleAuth:
    def __init__(self, agent: Agent, session: AgentSession, token: str) -> None:
        self.agent = agent
        self.session = session
        self.token = token


async def _auth(services: Services, token: str | None) -> ConsoleAuth | None:
    if not token:
        return None
    async with services.db.session() as session:
        found = await agent_auth.session_agent(session, token)
    return ConsoleAuth(found[0], found[1], token) if found else None


async def optional_agent(request: Request, services: ServicesDep) -> ConsoleAuth | None:
    return await _auth(services, request.cookies.get(COOKIE))


async def require_agent(request: Request, services: ServicesDep) -> ConsoleAuth:
    auth = await _auth(services, request.cookies.get(COOKIE))
    if auth is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in to the console first")
    if auth.agent.must_change_password:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "change your one-time password first")
    return auth


def check_csrf(auth: ConsoleAuth, supplied: str | None) -> None:
    if not supplied or not hmac.compare_digest(supplied, auth.session.csrf_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")


OptionalAgent = Annotated[ConsoleAuth | None, Depends(optional_agent)]
RequireAgent = Annotated[ConsoleAuth, Depends(require_agent)]


def _page(request: Request, name: str, context: dict[str, Any], code: int = 200) -> HTMLResponse:
    services: Services = request.app.state.services
    return templates.TemplateResponse(
        request, name, {"brand": services.settings.brand_name, **context}, status_code=code
    )


@router.get("", response_class=HTMLResponse)
async def console_home(request: Request, services: ServicesDep, auth: OptionalAgent) -> Response:
    if auth is None:
        return _page(request, "console_login.html", {"error": None})
    if auth.agent.must_change_password:
        return _page(
            request,
            "console_password.html",
            {"error": None, "csrf": auth.session.csrf_token, "agent": auth.agent},
        )
    async with services.db.session() as session:
        queue = await tickets.queue_for(session, auth.agent)
    return _page(
        request,
        "console_queue.html",
        {"agent": auth.agent, "queue": queue, "csrf": auth.session.csrf_token},
    )


@router.post("/login", response_class=HTMLResponse)
async def console_login(
    request: Request,
    services: ServicesDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    async with services.db.session() as session:
        result = await agent_auth.login(session, email, password)
    if result.token is None:
        return _page(request, "console_login.html", {"error": result.error}, 401)
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(
        COOKIE,
        result.token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
        path="/console",
    )
    return response


@router.post("/password", response_class=HTMLResponse)
async def console_password(
    request: Request,
    services: ServicesDep,
    auth: OptionalAgent,
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    if auth is None:
        return RedirectResponse("/console", status_code=303)
    check_csrf(auth, csrf)
    async with services.db.session() as session:
        agent = await session.get(Agent, auth.agent.id)
        assert agent is not None
        problem = await agent_auth.change_password(session, agent, password)
    if problem:
        return _page(
            request,
            "console_password.html",
            {"error": problem, "csrf": auth.session.csrf_token, "agent": auth.agent},
            422,
        )
    return RedirectResponse("/console", status_code=303)


@router.post("/logout")
async def console_logout(
    services: ServicesDep, auth: RequireAgent, csrf: Annotated[str, Form(max_length=100)]
) -> Response:
    check_csrf(auth, csrf)
    async with services.db.session() as session:
        await agent_auth.logout(session, auth.token)
    response = RedirectResponse("/console", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response


@router.get("/c/{conversation_id}", response_class=HTMLResponse)
async def console_conversation(
    request: Request, conversation_id: str, services: ServicesDep, auth: RequireAgent
) -> Response:
    try:
        conversation, ticket, messages = await tickets.open_conversation(
            services.desk, auth.agent, conversation_id
        )
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    return _page(
        request,
        "console_conversation.html",
        {
            "agent": auth.agent,
            "conversation": conversation,
            "ticket": ticket,
            "messages": [public_message(m) for m in messages],
            "csrf": auth.session.csrf_token,
            "last_seq": conversation.last_seq,
        },
    )


class AgentReply(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


@router.post("/c/{conversation_id}/reply", status_code=201)
async def console_reply(
    conversation_id: str,
    body: AgentReply,
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
) -> dict[str, Any]:
    check_csrf(auth, request.headers.get("x-csrf-token"))
    try:
        message = await tickets.agent_reply(services.desk, auth.agent, conversation_id, body.text)
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    except GuardBlocked as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            {
                "blocked": True,
                "reasons": [r.message for r in exc.verdict.reasons],
                "codes": [r.code for r in exc.verdict.reasons],
            },
        ) from exc
    return {"message": public_message(message)}


@router.post("/c/{conversation_id}/status")
async def console_status(
    conversation_id: str,
    services: ServicesDep,
    auth: RequireAgent,
    action: Annotated[str, Form(pattern="^(solve|to_bot)$")],
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    check_csrf(auth, csrf)
    try:
        await tickets.set_status(services.desk, auth.agent, conversation_id, action)
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    return RedirectResponse("/console", status_code=303)


@router.websocket("/ws/{conversation_id}")
async def console_socket(ws: WebSocket, conversation_id: str) -> None:
    """Live messages of one conversation for an agent (cookie session)."""
    services: Services = ws.app.state.services
    auth = await _auth(services, ws.cookies.get(COOKIE))
    if auth is None or auth.agent.must_change_password:
        await ws.close(code=4401)
        return
    try:
        async with services.db.session() as session:
            await tickets.ticket_for(session, auth.agent, conversation_id)
    except tickets.Forbidden:
        await ws.close(code=4404)
        return
    await ws.accept()
    async with services.desk.bus.subscribe(f"conversation:{conversation_id}") as sub:

        async def pump() -> None:
            while True:
                event = await sub.get()
                await ws.send_text(json.dumps(event, ensure_ascii=False))

        task = asyncio.create_task(pump())
        try:
            while True:
                await ws.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
