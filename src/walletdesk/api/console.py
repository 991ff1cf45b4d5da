"""Agent console (server-rendered): login, queue, live conversation, guarded replies."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from collections.abc import Awaitable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import (
    APIRouter,
    Depends,
    Form,
    HTTPException,
    Query,
    Request,
    WebSocket,
    WebSocketDisconnect,
    status,
)
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from walletdesk.api import i18n
from walletdesk.api.deps import Services, ServicesDep
from walletdesk.api.public import templates
from walletdesk.api.schemas import IdPath
from walletdesk.api.security import (
    check_rate,
    client_ip,
    enforce_rate,
    refuse_foreign_origin,
    too_many,
)
from walletdesk.audit import chain as audit
from walletdesk.desk import admin, analytics, assist, presence, privacy, tickets
from walletdesk.desk import agents as agent_auth
from walletdesk.desk.conversations import GuardBlocked, public_message
from walletdesk.desk.intake import fact_lines
from walletdesk.desk.replies import fill
from walletdesk.desk.sla import minutes_left, policies
from walletdesk.logging import get_logger
from walletdesk.store.models import (
    Agent,
    AgentSession,
    Conversation,
    Message,
    Team,
    Ticket,
    utcnow,
)

router = APIRouter(prefix="/console", tags=["console"])
log = get_logger("walletdesk.console")
T = TypeVar("T")
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
    # bytes: compare_digest raises on non-ASCII str, and the token comes from the request
    if not supplied or not hmac.compare_digest(supplied.encode(), auth.session.csrf_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")


OptionalAgent = Annotated[ConsoleAuth | None, Depends(optional_agent)]
RequireAgent = Annotated[ConsoleAuth, Depends(require_agent)]


def _page(request: Request, name: str, context: dict[str, Any], code: int = 200) -> HTMLResponse:
    services: Services = request.app.state.services
    response = templates.TemplateResponse(
        request,
        name,
        {"brand": services.settings.brand_name, **i18n.context(request), **context},
        status_code=code,
    )
    i18n.remember(request, response)  # ?lang=zh|en|es|ar sticks (cookie)
    return response


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
    view = request.query_params.get("view", "all")
    if view not in ("all", "mine", "waiting"):
        view = "all"
    async with services.db.session() as session:
        queue = await tickets.queue_for(session, auth.agent, view)
        me = await session.get(Agent, auth.agent.id)
    await privacy.audited(
        services.db, auth.agent.id, "queue.viewed", f"view:{view}", {"tickets": len(queue)}
    )
    now = utcnow()
    return _page(
        request,
        "console_queue.html",
        {
            "agent": me or auth.agent,
            "queue": queue,
            "view": view,
            "csrf": auth.session.csrf_token,
            "due_in": lambda item: (
                minutes_left(item.ticket.due_first_response, now)
                if item.ticket.first_response_at is None
                else minutes_left(item.ticket.due_resolution, now)
            ),
        },
    )


@router.post("/login", response_class=HTMLResponse)
async def console_login(
    request: Request,
    services: ServicesDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    limit = services.settings.rate_limit_logins_per_ip
    decision = await check_rate(
        request.app, f"login:ip:{client_ip(request)}", limit, services.settings
    )
    if not decision.allowed:
        refused = too_many(decision, "login attempts from your network")
        page = _page(request, "console_login.html", {"error": refused.detail}, refused.status_code)
        page.headers.update(refused.headers or {})
        return page
    async with services.db.session() as session:
        result = await agent_auth.login(session, email, password)
    if result.token is None:
        shown = i18n.value_translator(i18n.pick_language(request))("error", result.error)
        return _page(request, "console_login.html", {"error": shown}, 401)
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
            {
                "error": i18n.value_translator(i18n.pick_language(request))("error", problem),
                "csrf": auth.session.csrf_token,
                "agent": auth.agent,
            },
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


async def _assist(
    request: Request,
    services: Services,
    auth: ConsoleAuth,
    conversation: Conversation,
    ticket: Ticket,
    messages: list[Message],
) -> assist.Assist:
    """AI assist for this agent, its summary in the console's language."""
    language = i18n.pick_language(request)
    return await assist.assist_for(
        services.desk,
        auth.agent,
        conversation,
        ticket,
        messages,
        i18n.translator(language),
        i18n.value_translator(language),
    )


@router.get("/c/{conversation_id}", response_class=HTMLResponse)
async def console_conversation(
    request: Request, conversation_id: IdPath, services: ServicesDep, auth: RequireAgent
) -> Response:
    try:
        conversation, ticket, messages = await tickets.open_conversation(
            services.desk, auth.agent, conversation_id
        )
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    helper = await _assist(request, services, auth, conversation, ticket, messages)
    async with services.db.session() as session:
        events = await tickets.history(session, ticket.id)
        teammates = list(
            (
                await session.execute(
                    select(Agent).where(Agent.active.is_(True)).order_by(Agent.display_name)
                )
            ).scalars()
        )
    if auth.agent.role not in tickets.SUPERVISING:
        teammates = [a for a in teammates if a.id == auth.agent.id]
    canned = [
        {
            "id": reply.id,
            "title": reply.title,
            "text": fill(
                reply,
                customer_name="",
                agent_name=auth.agent.display_name,
                brand=services.settings.brand_name,
            ),
        }
        for reply in services.canned.get(conversation.language, services.canned.get("en", []))
    ]
    return _page(
        request,
        "console_conversation.html",
        {
            "agent": auth.agent,
            "conversation": conversation,
            "ticket": ticket,
            "facts": fact_lines(ticket.facts),
            "messages": [public_message(m) for m in messages],
            "csrf": auth.session.csrf_token,
            "last_seq": conversation.last_seq,
            "assist": helper,
            "events": events,
            "teammates": teammates,
            "canned": canned,
            "states": tickets.STATES,
            "technical_states": tickets.TECHNICAL_STATES,
            "priorities": ("urgent", "high", "normal", "low"),
        },
    )


class AgentReply(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    text: str = Field(min_length=1, max_length=4000)


@router.post("/c/{conversation_id}/reply", status_code=201)
async def console_reply(
    conversation_id: IdPath,
    body: AgentReply,
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
) -> dict[str, Any]:
    check_csrf(auth, request.headers.get("x-csrf-token"))
    await enforce_rate(
        request,
        f"replies:agent:{auth.agent.id}",
        services.settings.rate_limit_replies_per_agent,
        "replies",
    )
    try:
        message = await tickets.agent_reply(services.desk, auth.agent, conversation_id, body.text)
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    except tickets.Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
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
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    action: Annotated[
        str,
        Form(pattern="^(solve|to_bot|new|open|pending_customer|pending_internal|solved|closed)$"),
    ],
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.set_status(services.desk, auth.agent, conversation_id, action))
    target = "/console" if action in ("solve", "solved", "closed", "to_bot") else None
    return RedirectResponse(target or f"/console/c/{conversation_id}", status_code=303)


async def _act(work: Awaitable[T]) -> T:
    """Run a ticket action, turning the desk's refusals into clear HTTP errors."""
    try:
        return await work
    except tickets.Forbidden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    except tickets.Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except LookupError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc).strip("'\"")) from exc
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


def _back(conversation_id: str) -> Response:
    return RedirectResponse(f"/console/c/{conversation_id}", status_code=303)


Csrf = Annotated[str, Form(max_length=100)]


@router.post("/c/{conversation_id}/priority")
async def console_priority(
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    priority: Annotated[str, Form(max_length=10)],
    csrf: Csrf,
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.set_priority(services.desk, auth.agent, conversation_id, priority))
    return _back(conversation_id)


@router.post("/c/{conversation_id}/note")
async def console_note(
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    text: Annotated[str, Form(max_length=tickets.MAX_NOTE_CHARS)],
    csrf: Csrf,
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.add_note(services.desk, auth.agent, conversation_id, text))
    return _back(conversation_id)


@router.post("/c/{conversation_id}/tags")
async def console_tags(
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    csrf: Csrf,
    add: Annotated[str, Form(max_length=500)] = "",
    remove: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    check_csrf(auth, csrf)

    def split(raw: str) -> list[str]:
        return [t for t in (p.strip() for p in raw.split(",")) if t]

    await _act(
        tickets.change_tags(services.desk, auth.agent, conversation_id, split(add), split(remove))
    )
    return _back(conversation_id)


@router.post("/c/{conversation_id}/merge")
async def console_merge(
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    into: Annotated[str, Form(max_length=64)],
    csrf: Csrf,
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.merge(services.desk, auth.agent, conversation_id, into.strip()))
    return RedirectResponse("/console", status_code=303)


@router.post("/c/{conversation_id}/assign")
async def console_assign(
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    agent_id: Annotated[str, Form(max_length=64)],
    csrf: Csrf,
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.assign_to(services.desk, auth.agent, conversation_id, agent_id))
    return _back(conversation_id)


@router.post("/c/{conversation_id}/technical")
async def console_technical(
    conversation_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    state: Annotated[str, Form(max_length=20)],
    csrf: Csrf,
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.set_technical(services.desk, auth.agent, conversation_id, state))
    return _back(conversation_id)


@router.get("/c/{conversation_id}/assist")
async def console_assist(
    request: Request, conversation_id: IdPath, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    """AI assist as JSON (the page shows the same): articles, draft, similar, summary (in
    the console's language: ``?lang=`` or the ``wd_lang`` cookie)."""
    conversation, ticket, messages = await _act(
        tickets.open_conversation(services.desk, auth.agent, conversation_id)
    )
    helper = await _assist(request, services, auth, conversation, ticket, messages)
    return {
        "ticket": {
            "id": ticket.id,
            "status": ticket.status,
            "priority": ticket.priority,
            "facts": dict(fact_lines(ticket.facts)),
        },
        **helper.to_dict(),
    }


@router.get("/api/queue")
async def console_queue_json(
    services: ServicesDep,
    auth: RequireAgent,
    view: Annotated[str, Query(max_length=10)] = "all",
) -> dict[str, Any]:
    if view not in ("all", "mine", "waiting"):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "view is all, mine or waiting")
    async with services.db.session() as session:
        queue = await tickets.queue_for(session, auth.agent, view)
    await privacy.audited(
        services.db, auth.agent.id, "queue.viewed", f"view:{view}", {"tickets": len(queue)}
    )
    return {
        "tickets": [
            {
                "id": i.ticket.id,
                "conversation_id": i.conversation.id,
                "priority": i.ticket.priority,
                "score": i.score,
                "status": i.ticket.status,
                "language": i.ticket.language,
                "skill": i.ticket.skill,
                "subject": i.ticket.subject,
                "assignee_id": i.ticket.assignee_id,
                "sla": i.sla,
                "escalated": i.ticket.escalated_at is not None,
                "tags": list(i.ticket.tags),
            }
            for i in queue
        ]
    }


@router.post("/presence")
async def console_presence(
    services: ServicesDep,
    auth: RequireAgent,
    presence: Annotated[str, Form(pattern="^(online|away)$")],
    csrf: Csrf,
) -> Response:
    check_csrf(auth, csrf)
    await _act(tickets.set_presence(services.desk, auth.agent, presence))
    return RedirectResponse("/console", status_code=303)


# ---- admin: teams, agents, SLAs ------------------------------------------------------------
def _require_admin(auth: ConsoleAuth) -> None:
    if auth.agent.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")


async def _admin_page(
    request: Request,
    services: Services,
    auth: ConsoleAuth,
    notice: str | None = None,
    error: str | None = None,
    code: int = 200,
) -> HTMLResponse:
    async with services.db.session() as session:
        teams = list((await session.execute(select(Team).order_by(Team.name))).scalars())
        agents = list((await session.execute(select(Agent).order_by(Agent.email))).scalars())
        slas = await policies(session)
    names = {t.id: t.name for t in teams}
    return _page(
        request,
        "console_admin.html",
        {
            "agent": auth.agent,
            "csrf": auth.session.csrf_token,
            "teams": teams,
            "agents": agents,
            "team_names": names,
            "slas": slas,
            "notice": notice,
            "error": error,
            "jobs": await _dead_jobs(services),
        },
        code,
    )


def _refusal(request: Request, exc: Exception) -> str:
    """Why an admin change was refused, in the admin's language when the desk gave a code
    (``desk.agents.AdminRefused``), else as the desk said it."""
    code = getattr(exc, "code", None)
    template = i18n.CATALOGUE.get(f"admin_error.{code}") if code else None
    if template is None:
        return str(exc).strip("'\"")
    text = template.get(i18n.pick_language(request)) or template["en"]
    try:
        return text.format(**getattr(exc, "params", {}))
    except (KeyError, IndexError):  # a catalogue entry out of step with the code
        return str(exc).strip("'\"")


async def _dead_jobs(services: Services) -> dict[str, Any]:
    """The dead-letter list for the admin page: jobs that failed after every retry. Redis
    being down shows as such on the page; it never breaks the page."""
    if not services.settings.redis_url:
        return {"queue": "in-process", "dead": [], "unavailable": False}
    from walletdesk.jobs import dead_letters

    try:
        dead = await dead_letters(services.settings, limit=20, retries=0)
    except Exception as exc:
        log.warning("jobs.dead_letters_unavailable", error=type(exc).__name__)
        return {"queue": "arq", "dead": [], "unavailable": True}
    return {"queue": "arq", "dead": dead, "unavailable": False}


@router.get("/admin", response_class=HTMLResponse)
async def console_admin(request: Request, services: ServicesDep, auth: RequireAgent) -> Response:
    _require_admin(auth)
    await privacy.audited(services.db, auth.agent.id, "admin.viewed", "agents")
    return await _admin_page(request, services, auth)


async def _admin_change(
    request: Request, services: Services, auth: ConsoleAuth, change: Any, notice: str
) -> Response:
    """Run one admin change in its own transaction; errors re-render the page with why.
    ``notice`` is a catalogue key (i18n.CATALOGUE), shown in the agent's language."""
    message: str | None = None
    async with services.db.session() as session:
        try:
            result = await change(session)
            await session.commit()
        except (ValueError, LookupError) as exc:
            await session.rollback()
            message = _refusal(request, exc)
    if message is not None:
        return await _admin_page(request, services, auth, error=message, code=422)
    shown = i18n.translator(i18n.pick_language(request))(notice)
    return await _admin_page(request, services, auth, notice=shown.format(result=result))


@router.post("/admin/teams", response_class=HTMLResponse)
async def admin_team(
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
    name: Annotated[str, Form(max_length=100)],
    csrf: Csrf,
    languages: Annotated[str, Form(max_length=100)] = "",
    skills: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(auth, csrf)
    _require_admin(auth)
    return await _admin_change(
        request,
        services,
        auth,
        lambda s: admin.save_team(s, auth.agent.id, name, languages, skills),
        "notice_team_saved",
    )


@router.post("/admin/agents", response_class=HTMLResponse)
async def admin_add_agent(
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
    email: Annotated[str, Form(max_length=254)],
    name: Annotated[str, Form(max_length=100)],
    csrf: Csrf,
    role: Annotated[str, Form(max_length=20)] = "agent",
    team: Annotated[str, Form(max_length=100)] = "",
    languages: Annotated[str, Form(max_length=100)] = "",
    skills: Annotated[str, Form(max_length=200)] = "",
    capacity: Annotated[int, Form(ge=1, le=admin.MAX_CAPACITY)] = 5,
) -> Response:
    check_csrf(auth, csrf)
    _require_admin(auth)

    async def change(session: Any) -> str:
        _, password = await admin.add_agent(
            session,
            auth.agent.id,
            email=email,
            name=name,
            role=role,
            team=team,
            languages=languages,
            skills=skills,
            capacity=capacity,
        )
        return password

    return await _admin_change(
        request,
        services,
        auth,
        change,
        "notice_agent_added",
    )


@router.post("/admin/agents/{agent_id}", response_class=HTMLResponse)
async def admin_update_agent(
    request: Request,
    agent_id: IdPath,
    services: ServicesDep,
    auth: RequireAgent,
    csrf: Csrf,
    role: Annotated[str, Form(max_length=20)],
    team: Annotated[str, Form(max_length=100)] = "",
    languages: Annotated[str, Form(max_length=100)] = "",
    skills: Annotated[str, Form(max_length=200)] = "",
    capacity: Annotated[int, Form(ge=1, le=admin.MAX_CAPACITY)] = 5,
    active: Annotated[bool, Form()] = False,
) -> Response:
    check_csrf(auth, csrf)
    _require_admin(auth)
    return await _admin_change(
        request,
        services,
        auth,
        lambda s: admin.update_agent(
            s,
            auth.agent,
            agent_id,
            role=role,
            team=team,
            languages=languages,
            skills=skills,
            capacity=capacity,
            active=active,
        ),
        "notice_agent_updated",
    )


@router.post("/admin/sla", response_class=HTMLResponse)
async def admin_sla(
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
    csrf: Csrf,
    priority: Annotated[str, Form(max_length=10)],
    first_response: Annotated[int, Form(ge=1, le=admin.MAX_SLA_MINUTES)],
    resolution: Annotated[int, Form(ge=1, le=admin.MAX_SLA_MINUTES)],
) -> Response:
    check_csrf(auth, csrf)
    _require_admin(auth)
    return await _admin_change(
        request,
        services,
        auth,
        lambda s: admin.set_sla(s, auth.agent.id, priority, first_response, resolution),
        "notice_sla_saved",
    )


@router.websocket("/ws/{conversation_id}")
async def console_socket(ws: WebSocket, conversation_id: str) -> None:
    """Live messages of one conversation for an agent (cookie session)."""
    services: Services = ws.app.state.services
    if await refuse_foreign_origin(ws, services.settings, widget=False):
        return
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
    await privacy.audited(
        services.db, auth.agent.id, "conversation.watched", f"conversation:{conversation_id}"
    )
    await ws.accept()
    async with services.desk.bus.subscribe(f"conversation:{conversation_id}") as sub:

        async def pump() -> None:
            while True:
                event = await sub.get()
                await ws.send_text(json.dumps(event, ensure_ascii=False))

        tasks = [
            asyncio.create_task(pump()),
            asyncio.create_task(presence.heartbeat(services.db, auth.agent.id)),
        ]
        try:
            while True:
                await ws.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


@router.websocket("/ws")
async def console_queue_socket(ws: WebSocket) -> None:
    """Live ticket events for an agent: their team's queue, their own assignments, and
    escalations for supervisors. Events carry no message text."""
    services: Services = ws.app.state.services
    if await refuse_foreign_origin(ws, services.settings, widget=False):
        return
    auth = await _auth(services, ws.cookies.get(COOKIE))
    if auth is None or auth.agent.must_change_password:
        await ws.close(code=4401)
        return
    await privacy.audited(services.db, auth.agent.id, "queue.watched", "live")
    await ws.accept()
    channels = [f"agent:{auth.agent.id}", f"team:{auth.agent.team_id}"]
    if auth.agent.role in tickets.SUPERVISING:
        channels = [f"agent:{auth.agent.id}", "supervisors"]
    async with contextlib.AsyncExitStack() as stack:
        subs = [await stack.enter_async_context(services.desk.bus.subscribe(c)) for c in channels]

        async def pump(sub: Any) -> None:
            while True:
                event = await sub.get()
                await ws.send_text(json.dumps(event, ensure_ascii=False))

        tasks = [asyncio.create_task(pump(sub)) for sub in subs]
        tasks.append(asyncio.create_task(presence.heartbeat(services.db, auth.agent.id)))
        try:
            while True:
                await ws.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


@router.get("/api/jobs/dead")
async def console_dead_jobs(services: ServicesDep, auth: RequireAgent) -> dict[str, Any]:
    """Background jobs that failed after every retry (scale-out mode; admins only)."""
    _require_admin(auth)
    if not services.settings.redis_url:
        return {"queue": "in-process", "dead": []}
    from walletdesk.jobs import dead_letters

    return {"queue": "arq", "dead": await dead_letters(services.settings)}


# ---- privacy and insider controls (desk/privacy.py) ----------------------------------------
def _require_supervisor(auth: ConsoleAuth) -> None:
    if auth.agent.role not in tickets.SUPERVISING:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "supervisors and admins only")


async def _privacy(work: Awaitable[T]) -> T:
    """Run a privacy action, turning refusals into clear HTTP errors (never a trace)."""
    from walletdesk.store.crypto import DecryptionError

    try:
        return await work
    except privacy.NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc).strip("'\"")) from exc
    except privacy.Refused as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from exc
    except DecryptionError as exc:
        raise HTTPException(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            "stored personal data does not open with the configured data key",
        ) from exc
    except ValueError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


@router.get("/privacy/customers/{customer_id}")
async def privacy_export_customer(
    customer_id: IdPath, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    """Everything held about one customer (a data subject request). Audited."""
    _require_supervisor(auth)
    return await _privacy(privacy.export_customer(services.db, customer_id, auth.agent.id))


class CustomerErasure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirm: str = Field(min_length=1, max_length=64, description="the customer's id, again")


@router.post("/privacy/customers/{customer_id}/delete")
async def privacy_delete_customer(
    customer_id: IdPath,
    body: CustomerErasure,
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
) -> dict[str, Any]:
    """Erase one customer's personal data and message text; tickets stay as anonymous
    statistics; tokens are revoked. Audited; cannot be undone."""
    check_csrf(auth, request.headers.get("x-csrf-token"))
    _require_supervisor(auth)
    if not hmac.compare_digest(body.confirm.encode(), customer_id.encode()):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "confirm with the customer's id")
    report = await _privacy(privacy.delete_customer(services.db, customer_id, auth.agent.id))
    return report.to_dict()


class ExportAsk(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=10, max_length=privacy.MAX_REASON_CHARS)
    since: date
    until: date


@router.post("/exports", status_code=201)
async def export_request(
    body: ExportAsk, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    """Ask for a bulk export of the conversations started in a period; a different
    supervisor or admin must approve it before it can be downloaded, once."""
    check_csrf(auth, request.headers.get("x-csrf-token"))
    try:
        view = await privacy.request_export(
            services.db, auth.agent, body.reason, body.since, body.until
        )
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return view.to_dict()


@router.get("/exports")
async def export_list(services: ServicesDep, auth: RequireAgent) -> dict[str, Any]:
    """Supervisors and admins see every request; agents their own."""
    return {"exports": [v.to_dict() for v in await privacy.list_exports(services.db, auth.agent)]}


async def _decide(
    request: Request, services: Services, auth: ConsoleAuth, request_id: str, approve: bool
) -> dict[str, Any]:
    check_csrf(auth, request.headers.get("x-csrf-token"))
    _require_supervisor(auth)
    hours = services.settings.export_approval_hours
    view = await _privacy(
        privacy.decide_export(services.db, auth.agent, request_id, approve, hours)
    )
    return view.to_dict()


@router.post("/exports/{request_id}/approve")
async def export_approve(
    request_id: IdPath, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    """Approve someone else's export request; it expires after EXPORT_APPROVAL_HOURS."""
    return await _decide(request, services, auth, request_id, True)


@router.post("/exports/{request_id}/deny")
async def export_deny(
    request_id: IdPath, request: Request, services: ServicesDep, auth: RequireAgent
) -> dict[str, Any]:
    return await _decide(request, services, auth, request_id, False)


@router.post("/exports/{request_id}/download")
async def export_download(
    request_id: IdPath,
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
    fmt: Annotated[str, Query(alias="format", pattern="^(jsonl|csv)$")] = "jsonl",
) -> StreamingResponse:
    """The approved export, once, to the agent who asked for it (JSONL or CSV). Audited."""
    check_csrf(auth, request.headers.get("x-csrf-token"))
    grant = await _privacy(privacy.start_export(services.db, auth.agent, request_id, fmt))
    filename = f"walletdesk-export-{grant.request_id}.{fmt}"
    return StreamingResponse(
        privacy.export_lines(services.db, grant, fmt),
        media_type="text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


# ---- analytics (supervisors and admins) -----------------------------------------------------
_DAY = r"^\d{4}-\d{2}-\d{2}$"
FromDay = Annotated[str | None, Query(alias="from", max_length=10, pattern=_DAY)]
ToDay = Annotated[str | None, Query(alias="to", max_length=10, pattern=_DAY)]


async def _analytics(
    services: Services, auth: ConsoleAuth, start: str | None, end: str | None
) -> analytics.Report:
    if auth.agent.role not in tickets.SUPERVISING:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "supervisors and admins only")
    now = utcnow()
    try:
        period = analytics.parse_period(start, end, now)
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return await analytics.build_report(services.db, period, now)


@router.get("/analytics", response_class=HTMLResponse)
async def console_analytics(
    request: Request,
    services: ServicesDep,
    auth: RequireAgent,
    start: FromDay = None,
    end: ToDay = None,
) -> Response:
    """Conversations, deflection and handoff, times against SLA, CSAT, top intents,
    unanswered questions and feedback topics, safety counts; charts are server-side SVG."""
    report = await _analytics(services, auth, start, end)
    t = i18n.translator(i18n.pick_language(request))
    rtl = i18n.pick_language(request) in i18n.RTL_LANGUAGES
    series = analytics.chart_rows(report)
    charts = {
        "daily": analytics.daily_chart_svg(
            report.daily, title=t("daily"), labels=(t("conversations"), t("handoffs"))
        ),
        "intents": analytics.bar_chart_svg(series["intents"], title=t("top_intents"), rtl=rtl)
        if series["intents"]
        else "",
        "csat_team": analytics.bar_chart_svg(
            series["csat_team"], title=t("by_team"), rtl=rtl, max_value=5
        )
        if series["csat_team"]
        else "",
    }
    return _page(
        request,
        "console_analytics.html",
        {
            "agent": auth.agent,
            "csrf": auth.session.csrf_token,
            "report": report,
            "charts": charts,
            "from_day": report.period.first_day.isoformat(),
            "to_day": report.period.last_day.isoformat(),
        },
    )


@router.get("/analytics.csv")
async def console_analytics_csv(
    services: ServicesDep,
    auth: RequireAgent,
    start: FromDay = None,
    end: ToDay = None,
) -> Response:
    """The same figures as CSV (section, key, metric, value); every export is audited."""
    report = await _analytics(services, auth, start, end)
    body = analytics.report_csv(report)
    first, last = report.period.first_day.isoformat(), report.period.last_day.isoformat()
    filename = f"walletdesk-analytics-{first}-{last}.csv"
    async with services.db.session() as session:
        await audit.append(
            session,
            auth.agent.id,
            "analytics.exported",
            "analytics",
            {"from": first, "to": last, "bytes": len(body.encode())},
        )
        await session.commit()
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
