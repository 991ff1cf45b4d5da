"""Least privilege, route by route: every route of the app (HTTP, WebSocket and mounts,
enumerated from ``app.routes``) is called as every role, and the answer must be the one
the matrix below expects. A route without a matrix entry fails the test, so a new endpoint
cannot ship without someone deciding who may call it.

Roles: anonymous; customer A (owns the conversation, ticket and reminder the calls name);
customer B calling with A's ids (IDOR); A's expired and revoked tokens; an agent of
another team; an agent of the ticket's team; a supervisor; an admin; the agent's expired
console session; an integration (API) key with every scope and one with a single scope.
``run_matrix`` is also what ``benchmarks/security_matrix.py`` runs.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from starlette.routing import Mount, Route
from starlette.websockets import WebSocketDisconnect

from tests.api.test_console import login
from tests.api.test_customer import send, start
from tests.api.test_desk import HUMAN, PASSWORD, agent, team
from walletdesk.config import Settings
from walletdesk.desk.agents import _digest as session_digest
from walletdesk.desk.conversations import hash_token
from walletdesk.store.models import (
    AgentSession,
    Conversation,
    CustomerToken,
    Reminder,
    Ticket,
    utcnow,
)

ANONYMOUS = "anonymous"
CUSTOMER_A = "customer A"
CUSTOMER_B = "customer B (A's ids)"
EXPIRED_TOKEN = "customer A, expired token"
REVOKED_TOKEN = "customer A, revoked token"
OTHER_TEAM = "agent of another team"
AGENT = "agent"
SUPERVISOR = "supervisor"
ADMIN = "admin"
EXPIRED_SESSION = "agent, expired console session"
INTEGRATOR = "integration key, all scopes"
INTEGRATOR_LIMITED = "integration key, conversations:read only"
ROLES = (
    ANONYMOUS,
    CUSTOMER_A,
    CUSTOMER_B,
    EXPIRED_TOKEN,
    REVOKED_TOKEN,
    OTHER_TEAM,
    AGENT,
    SUPERVISOR,
    ADMIN,
    EXPIRED_SESSION,
    INTEGRATOR,
    INTEGRATOR_LIMITED,
)
KEY_SCOPES = {
    INTEGRATOR: ["conversations:read", "tickets:read", "tickets:write", "webhooks:manage"],
    INTEGRATOR_LIMITED: ["conversations:read"],
}
CONSOLE_ROLES = (OTHER_TEAM, AGENT, SUPERVISOR, ADMIN)
TEAM_ROLES = (AGENT, SUPERVISOR, ADMIN)
EMAILS = {
    OTHER_TEAM: "bob@desk.example",
    AGENT: "alice@desk.example",
    SUPERVISOR: "sam@desk.example",
    ADMIN: "ada@desk.example",
}


# ---- the routes of the app ------------------------------------------------------------
def route_keys(app: FastAPI) -> set[tuple[str, str]]:
    """(METHOD, path) for every HTTP route, ("WS", path) for sockets, ("MOUNT", path)."""
    keys: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix: str = "") -> None:
        for route in routes:
            if hasattr(route, "effective_candidates"):  # an included router (FastAPI >= 0.16x)
                walk(route.effective_candidates())
                continue
            original = getattr(route, "original_route", route)
            path = getattr(route, "path", "") or (
                getattr(route, "frontend_prefix", "") + getattr(original, "path", "")
            )
            if isinstance(original, APIWebSocketRoute):
                keys.add(("WS", path))
            elif isinstance(original, APIRoute | Route):
                keys.update((m, path) for m in (original.methods or ()) if m != "HEAD")
            elif isinstance(original, Mount):
                keys.add(("MOUNT", path))
            else:  # pragma: no cover - a kind of route the matrix does not know yet
                keys.add((type(original).__name__, path))

    walk(list(app.routes))
    return keys


# ---- expectations ---------------------------------------------------------------------
@dataclass(frozen=True)
class Expect:
    allowed: bool
    statuses: frozenset[int]  # HTTP status, or WebSocket close code (0 = accepted)


ALLOW = Expect(True, frozenset())  # the spec's own "allowed" statuses apply


def deny(*codes: int) -> Expect:
    return Expect(False, frozenset(codes))


Rule = Callable[[str], Expect]


def public(role: str) -> Expect:
    return ALLOW


def optional_customer(role: str) -> Expect:
    """Anyone, with or without a token; a bearer that is not a live customer token is
    refused (expired, revoked, or an integration key)."""
    return deny(401) if role in (EXPIRED_TOKEN, REVOKED_TOKEN, *KEY_SCOPES) else ALLOW


def customer_self(role: str) -> Expect:
    """A customer acting on their own data (no id in the path): A and B both may."""
    return ALLOW if role in (CUSTOMER_A, CUSTOMER_B) else deny(401)


def customer_owned(role: str) -> Expect:
    """A's conversation or reminder: only A; B gets a 404 (nothing to learn from it)."""
    if role == CUSTOMER_A:
        return ALLOW
    return deny(404) if role == CUSTOMER_B else deny(401)


def console_any(role: str) -> Expect:
    return ALLOW if role in CONSOLE_ROLES else deny(401)


def console_team(role: str) -> Expect:
    """The ticket's team, supervisors and admins; another team's agent gets a 404."""
    if role in TEAM_ROLES:
        return ALLOW
    return deny(404) if role == OTHER_TEAM else deny(401)


def admin_only(role: str) -> Expect:
    if role == ADMIN:
        return ALLOW
    return deny(403) if role in CONSOLE_ROLES else deny(401)


def supervisor_only(role: str) -> Expect:
    if role in (SUPERVISOR, ADMIN):
        return ALLOW
    return deny(403) if role in CONSOLE_ROLES else deny(401)


def requester_only(role: str) -> Expect:
    """An approved export is downloaded by the agent who asked for it, nobody else."""
    if role == AGENT:
        return ALLOW
    return deny(404) if role in CONSOLE_ROLES else deny(401)


def api_key(scope: str | None) -> Rule:
    """Integration API: a live key (401 otherwise) that holds the scope (403 otherwise)."""

    def rule(role: str) -> Expect:
        if role not in KEY_SCOPES:
            return deny(401)
        return ALLOW if scope is None or scope in KEY_SCOPES[role] else deny(403)

    return rule


def with_status(rule: Rule, **mapping: int) -> Rule:
    """The same rule, where a denial shows up as another status (e.g. the login page)."""
    table = {int(k.removeprefix("s")): v for k, v in mapping.items()}

    def changed(role: str) -> Expect:
        expect = rule(role)
        if expect.allowed:
            return expect
        return deny(*(table.get(code, code) for code in expect.statuses))

    return changed


# ---- the world the calls act on -------------------------------------------------------
@dataclass
class Creds:
    bearer: str | None = None
    cookie: str | None = None
    csrf: str | None = None


@dataclass
class World:
    cid_a: str
    ticket_a: str
    reminder_a: str
    lesson_id: str
    quiz_answers: list[int]
    alice_id: str
    target_agent_id: str
    merge_into: str
    merge_sources: dict[str, str]
    technical: dict[str, str]
    creds: dict[str, Creds]
    customer_a: str
    erase: dict[str, str]  # a customer each supervising role may erase
    approve: dict[str, str]  # export requests (by the agent) to approve / deny, per role
    deny_export: dict[str, str]
    approved_export: str
    spare_key: str  # revoked by the admin route
    hooks: dict[str, str]  # "key", "key-delete", "admin-delete"
    dead: dict[str, str]  # a dead delivery: "key" (the key's webhook), "admin"
    counter: Iterator[int] = field(default_factory=lambda: iter(range(1, 1_000_000)))


@dataclass(frozen=True)
class Req:
    method: str
    path: str
    json: Any = None
    data: dict[str, str] | None = None
    params: dict[str, str] | None = None
    csrf_header: bool = False
    creds: Creds | None = None  # instead of the role's own (logout uses a fresh session)


Builder = Callable[[TestClient, World, str], Req]
Check = Callable[[httpx.Response, World, str], None]


@dataclass(frozen=True)
class Spec:
    rule: Rule
    build: Builder
    allowed: frozenset[int]
    check_allowed: Check | None = None
    check_denied: Check | None = None


@dataclass(frozen=True)
class SocketSpec:
    rule: Rule
    path: Callable[[World], str]
    first_frame: Callable[[World, Creds], dict[str, Any]] | None = None


def _portal(client: TestClient) -> Any:
    return client.portal  # type: ignore[attr-defined]


def _services(client: TestClient) -> Any:
    return client.app.state.services  # type: ignore[attr-defined]


def _db_call(client: TestClient, fn: Any) -> Any:
    return _portal(client).call(fn)


def _console_session(client: TestClient, email: str) -> Creds:
    client.cookies.clear()
    response = login(client, email, PASSWORD)
    assert response.status_code == 303, response.text
    token = response.cookies["wd_session"]
    page = client.get("/console")
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    client.cookies.clear()
    return Creds(cookie=token, csrf=match.group(1))


def _handed_off_again(client: TestClient, auth: dict[str, str]) -> str:
    """Another conversation of the same customer, handed to a human."""
    response = client.post("/api/v1/conversations/new", headers=auth, json={"language": "en"})
    assert response.status_code == 201, response.text
    cid = str(response.json()["id"])
    send(client, cid, auth, "my transfer has not arrived")
    send(client, cid, auth, HUMAN["en"])
    if _status_of(client, cid) == "intake":
        send(client, cid, auth, "skip")
    assert _status_of(client, cid) == "handoff"
    return cid


def _status_of(client: TestClient, cid: str) -> str:
    async def _get() -> str:
        async with _services(client).db.read_session() as session:
            row = await session.get(Conversation, cid)
            assert row is not None
            return row.status

    return str(_db_call(client, _get))


def _ticket_of(client: TestClient, cid: str) -> str:
    async def _get() -> str:
        async with _services(client).db.read_session() as session:
            rows = await session.execute(select(Ticket.id).where(Ticket.conversation_id == cid))
            return str(rows.scalar_one())

    return str(_db_call(client, _get))


def build_world(client: TestClient) -> World:
    # routing by language: English tickets go to "English", Chinese ones to "China"
    team(client, "Support", ["ar"], [])
    alice_id = agent(client, EMAILS[AGENT], "English", ["en"])
    agent(client, EMAILS[OTHER_TEAM], "China", ["zh"])
    agent(client, EMAILS[SUPERVISOR], "English", ["en"], role="supervisor")
    agent(client, EMAILS[ADMIN], "English", ["en"], role="admin")
    target_agent_id = agent(client, "target@desk.example", "English", ["en"], online=False)
    agent(client, "door@desk.example", "English", ["en"], online=False)  # for /console/login

    cid_a, auth_a = start(client)
    send(client, cid_a, auth_a, "my transfer has not arrived")
    send(client, cid_a, auth_a, HUMAN["en"])
    if _status_of(client, cid_a) == "intake":
        send(client, cid_a, auth_a, "skip")
    ticket_a = _ticket_of(client, cid_a)
    merge_into = _ticket_of(client, _handed_off_again(client, auth_a))
    merge_sources = {role: _handed_off_again(client, auth_a) for role in TEAM_ROLES}
    _, auth_b = start(client)
    token_a = auth_a["Authorization"].removeprefix("Bearer ")
    token_b = auth_b["Authorization"].removeprefix("Bearer ")

    customer_a = str(_db_call(client, lambda: _customer_of(client, cid_a)))
    expired, revoked = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    reminder_holder: dict[str, str] = {}

    async def _tokens_and_reminder() -> None:
        async with _services(client).db.session() as session:
            now = utcnow()
            session.add_all(
                [
                    CustomerToken(
                        customer_id=customer_a,
                        token_hash=hash_token(expired),
                        expires_at=now - timedelta(minutes=1),
                    ),
                    CustomerToken(
                        customer_id=customer_a,
                        token_hash=hash_token(revoked),
                        expires_at=now + timedelta(days=30),
                        revoked_at=now,
                    ),
                ]
            )
            reminder = Reminder(customer_id=customer_a, rule="scam_reported", language="en")
            session.add(reminder)
            await session.flush()
            reminder_holder["id"] = reminder.id
            await session.commit()

    _db_call(client, _tokens_and_reminder)

    creds = {
        ANONYMOUS: Creds(),
        CUSTOMER_A: Creds(bearer=token_a),
        CUSTOMER_B: Creds(bearer=token_b),
        EXPIRED_TOKEN: Creds(bearer=expired),
        REVOKED_TOKEN: Creds(bearer=revoked),
        **{role: _console_session(client, email) for role, email in EMAILS.items()},
    }
    stale = _console_session(client, EMAILS[AGENT])

    async def _expire() -> None:
        async with _services(client).db.session() as session:
            await session.execute(
                update(AgentSession)
                .where(AgentSession.token_hash == session_digest(stale.cookie or ""))
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            await session.commit()

    _db_call(client, _expire)
    creds[EXPIRED_SESSION] = stale

    erase = {role: _new_customer(client) for role in (SUPERVISOR, ADMIN)}
    exports = _exports(client)
    keys = _integration_setup(client)
    for role in KEY_SCOPES:
        creds[role] = Creds(bearer=keys[role])

    lessons = client.get("/api/v1/academy/lessons", params={"lang": "en"}).json()["lessons"]
    lesson_id = lessons[0]["id"]
    quiz = client.get(f"/api/v1/academy/lessons/{lesson_id}").json()["quiz"]
    return World(
        cid_a=cid_a,
        ticket_a=ticket_a,
        reminder_a=reminder_holder["id"],
        lesson_id=lesson_id,
        quiz_answers=[0] * len(quiz),
        alice_id=alice_id,
        target_agent_id=target_agent_id,
        merge_into=merge_into,
        merge_sources=merge_sources,
        technical={AGENT: "investigating", SUPERVISOR: "fix_in_progress", ADMIN: "resolved"},
        creds=creds,
        customer_a=customer_a,
        erase=erase,
        approve={SUPERVISOR: exports["approve-s"], ADMIN: exports["approve-a"]},
        deny_export={SUPERVISOR: exports["deny-s"], ADMIN: exports["deny-a"]},
        approved_export=exports["approved"],
        spare_key=keys["spare"],
        hooks={k: keys[k] for k in ("key", "key-delete", "admin-delete")},
        dead={"key": keys["dead-key"], "admin": keys["dead-admin"]},
    )


def _new_customer(client: TestClient) -> str:
    cid, _ = start(client)
    return str(_db_call(client, lambda: _customer_of(client, cid)))


def _exports(client: TestClient) -> dict[str, str]:
    """Bulk export requests by the agent: pending ones to decide, one approved."""
    from walletdesk.desk import privacy
    from walletdesk.store.models import Agent

    services = _services(client)
    today = utcnow().date()

    async def _make() -> dict[str, str]:
        async with services.db.read_session() as session:
            rows = await session.execute(select(Agent).where(Agent.email.in_(EMAILS.values())))
            by_email = {a.email: a for a in rows.scalars()}
        alice, sam = by_email[EMAILS[AGENT]], by_email[EMAILS[SUPERVISOR]]
        made = {}
        for name in ("approve-s", "approve-a", "deny-s", "deny-a", "approved"):
            view = await privacy.request_export(
                services.db, alice, "monthly quality review", today, today
            )
            made[name] = view.id
        await privacy.decide_export(services.db, sam, made["approved"], True, 24)
        return made

    return dict(_db_call(client, _make))


def _integration_setup(client: TestClient) -> dict[str, str]:
    """Keys for the two key roles, a spare key, webhooks and dead deliveries."""
    from walletdesk.integrations import apikeys, webhooks
    from walletdesk.store.models import WebhookDelivery

    services = _services(client)

    async def _make() -> dict[str, str]:
        made: dict[str, str] = {}
        async with services.db.session() as session:
            ids: dict[str, str] = {}
            for role, scopes in KEY_SCOPES.items():
                issued = await apikeys.create_key(session, "system", role[:40], scopes)
                made[role], ids[role] = issued.token, issued.key.id
            spare = await apikeys.create_key(session, "system", "spare", ["tickets:read"])
            made["spare"] = spare.key.id
            for name, owner in (
                ("key", ids[INTEGRATOR]),
                ("key-delete", ids[INTEGRATOR]),
                ("admin", None),
                ("admin-delete", None),
            ):
                hook, _ = await webhooks.create_webhook(
                    session,
                    services.settings,
                    "system",
                    "http://localhost:9/hook",
                    ["message.created"],
                    owner,
                )
                await session.flush()
                made[name] = hook.id
            for name, hook_name in (("dead-key", "key"), ("dead-admin", "admin")):
                row = WebhookDelivery(
                    webhook_id=made[hook_name], event="message.created", status="dead"
                )
                session.add(row)
                await session.flush()
                made[name] = row.id
            await session.commit()
        return made

    return dict(_db_call(client, _make))


async def _customer_of(client: TestClient, cid: str) -> str:
    async with _services(client).db.read_session() as session:
        row = await session.get(Conversation, cid)
        assert row is not None
        return row.customer_id


# ---- the matrix -----------------------------------------------------------------------
def _get(path: str, **params: str) -> Builder:
    return lambda c, w, r: Req("GET", path.format(w=w), params=params or None)


def _post_json(path: str, body: Callable[[World, str], Any]) -> Builder:
    return lambda c, w, r: Req("POST", path.format(w=w), json=body(w, r))


def _form(path: str, data: Callable[[World, str], dict[str, str]]) -> Builder:
    return lambda c, w, r: Req("POST", path.format(w=w), data=data(w, r))


def _fresh_logout(client: TestClient, world: World, role: str) -> Req:
    """Logging out ends a session, so each console role logs out a session of its own."""
    own = world.creds[role]
    creds = _console_session(client, EMAILS[role]) if role in CONSOLE_ROLES else own
    return Req("POST", "/console/logout", data={}, creds=creds)


def _only_own_conversations(response: httpx.Response, world: World, role: str) -> None:
    listed = {c["id"] for c in response.json()}
    assert (world.cid_a in listed) == (role == CUSTOMER_A), f"{role} lists {listed}"


def _only_own_reminders(response: httpx.Response, world: World, role: str) -> None:
    listed = {r["id"] for r in response.json()["reminders"]}
    assert (world.reminder_a in listed) == (role == CUSTOMER_A), f"{role} lists {listed}"


def _queue_scoped(response: httpx.Response, world: World, role: str) -> None:
    ids = {t["conversation_id"] for t in response.json()["tickets"]}
    assert (world.cid_a in ids) == (role in TEAM_ROLES), (role, ids)


def _queue_page(response: httpx.Response, world: World, role: str) -> None:
    assert 'id="c-queue"' in response.text


def _login_form(response: httpx.Response, world: World, role: str) -> None:
    assert 'action="/console/login"' in response.text and 'id="c-queue"' not in response.text


def _ownership_refused(response: httpx.Response, world: World, role: str) -> None:
    assert response.json()["detail"]["code"]  # the handler ran: the nonce is unknown


def _to_console(response: httpx.Response, world: World, role: str) -> None:
    assert response.headers["location"] == "/console"


S = frozenset
CONV = "/api/v1/conversations/{w.cid_a}"
CONSOLE_C = "/console/c/{w.cid_a}"


def _merge_source(world: World, role: str) -> str:
    return world.merge_sources.get(role, world.cid_a)


MATRIX: dict[tuple[str, str], Spec | SocketSpec] = {
    # ---- public: ops, docs, knowledge, widget, static files
    ("GET", "/healthz"): Spec(public, _get("/healthz"), S({200})),
    ("GET", "/readyz"): Spec(public, _get("/readyz"), S({200})),
    ("GET", "/metrics"): Spec(public, _get("/metrics"), S({200})),
    ("GET", "/openapi.json"): Spec(public, _get("/openapi.json"), S({200})),
    ("GET", "/docs"): Spec(public, _get("/docs"), S({200})),
    ("GET", "/docs/oauth2-redirect"): Spec(public, _get("/docs/oauth2-redirect"), S({200})),
    ("GET", "/redoc"): Spec(public, _get("/redoc"), S({200})),
    ("GET", "/api/v1/kb/search"): Spec(public, _get("/api/v1/kb/search", q="backup"), S({200})),
    ("GET", "/kb/{language}/{article_id}"): Spec(
        public, _get("/kb/en/backup-recovery-phrase"), S({200})
    ),
    ("GET", "/widget"): Spec(public, _get("/widget"), S({200})),
    ("MOUNT", "/static"): Spec(public, _get("/static/widget.js"), S({200})),
    # ---- customers
    ("POST", "/api/v1/conversations"): Spec(
        public, _post_json("/api/v1/conversations", lambda w, r: {"language": "en"}), S({201})
    ),
    ("GET", "/api/v1/conversations"): Spec(
        customer_self, _get("/api/v1/conversations"), S({200}), _only_own_conversations
    ),
    ("POST", "/api/v1/conversations/new"): Spec(
        customer_self, _post_json("/api/v1/conversations/new", lambda w, r: {}), S({201})
    ),
    ("POST", "/api/v1/conversations/{conversation_id}/messages"): Spec(
        customer_owned, _post_json(CONV + "/messages", lambda w, r: {"text": "any news?"}), S({201})
    ),
    ("GET", "/api/v1/conversations/{conversation_id}/messages"): Spec(
        customer_owned, _get(CONV + "/messages"), S({200})
    ),
    ("GET", "/api/v1/conversations/{conversation_id}/queue"): Spec(
        customer_owned, _get(CONV + "/queue"), S({200})
    ),
    ("POST", "/api/v1/conversations/{conversation_id}/email"): Spec(
        customer_owned,
        _post_json(CONV + "/email", lambda w, r: {"email": "a@mail.example"}),
        S({200}),
    ),
    ("POST", "/api/v1/conversations/{conversation_id}/csat"): Spec(
        # no solved case yet: 409 means the call got past the ownership check
        customer_owned,
        _post_json(CONV + "/csat", lambda w, r: {"score": 5}),
        S({201, 409}),
    ),
    ("POST", "/api/v1/conversations/{conversation_id}/ownership/challenge"): Spec(
        customer_owned,
        _post_json(CONV + "/ownership/challenge", lambda w, r: {"address": "0x" + "ab" * 20}),
        S({201}),
    ),
    ("POST", "/api/v1/conversations/{conversation_id}/ownership/verify"): Spec(
        customer_owned,
        _post_json(
            CONV + "/ownership/verify", lambda w, r: {"nonce": "abcdefgh12", "signature": "0x00"}
        ),
        S({422}),
        _ownership_refused,
    ),
    ("WS", "/api/v1/ws"): SocketSpec(
        with_status(customer_owned, s404=4401, s401=4401),
        lambda w: "/api/v1/ws",
        lambda w, creds: {"type": "auth", "token": creds.bearer or "", "conversation_id": w.cid_a},
    ),
    # ---- academy (a token is optional) and reminders (a token is required)
    ("GET", "/api/v1/academy/lessons"): Spec(
        optional_customer, _get("/api/v1/academy/lessons"), S({200})
    ),
    ("GET", "/api/v1/academy/lessons/{lesson_id}"): Spec(
        optional_customer, _get("/api/v1/academy/lessons/{w.lesson_id}"), S({200})
    ),
    ("POST", "/api/v1/academy/lessons/{lesson_id}/answers"): Spec(
        optional_customer,
        _post_json(
            "/api/v1/academy/lessons/{w.lesson_id}/answers",
            lambda w, r: {"language": "en", "answers": w.quiz_answers},
        ),
        S({200}),
    ),
    ("GET", "/academy/{lang}"): Spec(public, _get("/academy/en"), S({200})),
    ("GET", "/academy/{lang}/{lesson_id}"): Spec(
        public, _get("/academy/en/{w.lesson_id}"), S({200})
    ),
    ("GET", "/api/v1/reminders"): Spec(
        customer_self,
        _get("/api/v1/reminders"),
        S({200}),
        _only_own_reminders,
    ),
    ("POST", "/api/v1/reminders/{reminder_id}/dismiss"): Spec(
        customer_owned,
        lambda c, w, r: Req("POST", f"/api/v1/reminders/{w.reminder_a}/dismiss"),
        S({200}),
    ),
    ("POST", "/api/v1/reminders/opt-out"): Spec(
        customer_self,
        _post_json("/api/v1/reminders/opt-out", lambda w, r: {"opt_out": False}),
        S({200}),
    ),
    # ---- console: log in, out, own password
    ("GET", "/console"): Spec(
        with_status(console_any, s401=200), _get("/console"), S({200}), _queue_page, _login_form
    ),
    ("POST", "/console/login"): Spec(
        public,
        _form("/console/login", lambda w, r: {"email": "door@desk.example", "password": PASSWORD}),
        S({303}),
    ),
    ("POST", "/console/password"): Spec(
        with_status(console_any, s401=303),
        _form("/console/password", lambda w, r: {"password": "short"}),
        S({422}),  # the handler ran and refused a weak password
        None,
        _to_console,
    ),
    ("POST", "/console/logout"): Spec(console_any, _fresh_logout, S({303})),
    # ---- console: a conversation of the English team
    ("GET", "/console/c/{conversation_id}"): Spec(console_team, _get(CONSOLE_C), S({200})),
    ("GET", "/console/c/{conversation_id}/assist"): Spec(
        console_team, _get(CONSOLE_C + "/assist"), S({200})
    ),
    ("POST", "/console/c/{conversation_id}/reply"): Spec(
        console_team,
        lambda c, w, r: Req(
            "POST",
            f"/console/c/{w.cid_a}/reply",
            json={"text": "Thank you for waiting, I am looking into it now."},
            csrf_header=True,
        ),
        S({201}),
    ),
    ("POST", "/console/c/{conversation_id}/status"): Spec(
        console_team,
        _form(CONSOLE_C + "/status", lambda w, r: {"action": "pending_customer"}),
        S({303}),
    ),
    ("POST", "/console/c/{conversation_id}/priority"): Spec(
        console_team, _form(CONSOLE_C + "/priority", lambda w, r: {"priority": "normal"}), S({303})
    ),
    ("POST", "/console/c/{conversation_id}/note"): Spec(
        console_team, _form(CONSOLE_C + "/note", lambda w, r: {"text": "matrix note"}), S({303})
    ),
    ("POST", "/console/c/{conversation_id}/tags"): Spec(
        console_team, _form(CONSOLE_C + "/tags", lambda w, r: {"add": "matrix"}), S({303})
    ),
    ("POST", "/console/c/{conversation_id}/assign"): Spec(
        console_team, _form(CONSOLE_C + "/assign", lambda w, r: {"agent_id": w.alice_id}), S({303})
    ),
    ("POST", "/console/c/{conversation_id}/technical"): Spec(
        console_team,
        _form(CONSOLE_C + "/technical", lambda w, r: {"state": w.technical.get(r, "resolved")}),
        S({303}),
    ),
    ("POST", "/console/c/{conversation_id}/merge"): Spec(
        console_team,
        lambda c, w, r: Req(
            "POST", f"/console/c/{_merge_source(w, r)}/merge", data={"into": w.merge_into}
        ),
        S({303}),
    ),
    ("WS", "/console/ws/{conversation_id}"): SocketSpec(
        with_status(console_team, s404=4404, s401=4401), lambda w: f"/console/ws/{w.cid_a}"
    ),
    # ---- console: queue and presence (any agent, scoped to what they may see)
    ("GET", "/console/api/queue"): Spec(
        console_any, _get("/console/api/queue"), S({200}), _queue_scoped
    ),
    ("POST", "/console/presence"): Spec(
        console_any, _form("/console/presence", lambda w, r: {"presence": "online"}), S({303})
    ),
    ("WS", "/console/ws"): SocketSpec(with_status(console_any, s401=4401), lambda w: "/console/ws"),
    # ---- console: admin
    ("GET", "/console/admin"): Spec(admin_only, _get("/console/admin"), S({200})),
    ("POST", "/console/admin/teams"): Spec(
        admin_only,
        _form("/console/admin/teams", lambda w, r: {"name": "Matrix", "languages": "en"}),
        S({200}),
    ),
    ("POST", "/console/admin/agents"): Spec(
        admin_only,
        _form(
            "/console/admin/agents",
            lambda w, r: {"email": f"new{next(w.counter)}@desk.example", "name": "New"},
        ),
        S({200}),
    ),
    ("POST", "/console/admin/agents/{agent_id}"): Spec(
        admin_only,
        lambda c, w, r: Req(
            "POST",
            f"/console/admin/agents/{w.target_agent_id}",
            data={"role": "agent", "team": "English", "languages": "en", "active": "true"},
        ),
        S({200}),
    ),
    ("POST", "/console/admin/sla"): Spec(
        admin_only,
        _form(
            "/console/admin/sla",
            lambda w, r: {"priority": "low", "first_response": "600", "resolution": "6000"},
        ),
        S({200}),
    ),
    # ---- console: supervisors (analytics, data-subject requests, export approvals)
    ("GET", "/console/analytics"): Spec(supervisor_only, _get("/console/analytics"), S({200})),
    ("GET", "/console/analytics.csv"): Spec(
        supervisor_only, _get("/console/analytics.csv"), S({200})
    ),
    ("GET", "/console/privacy/customers/{customer_id}"): Spec(
        supervisor_only, _get("/console/privacy/customers/{w.customer_a}"), S({200})
    ),
    ("POST", "/console/privacy/customers/{customer_id}/delete"): Spec(
        supervisor_only,
        lambda c, w, r: Req(
            "POST",
            f"/console/privacy/customers/{_erasable(w, r)}/delete",
            json={"confirm": _erasable(w, r)},
            csrf_header=True,
        ),
        S({200}),
    ),
    ("GET", "/console/exports"): Spec(console_any, _get("/console/exports"), S({200})),
    ("POST", "/console/exports"): Spec(
        console_any,
        lambda c, w, r: Req(
            "POST",
            "/console/exports",
            json={"reason": "quarterly audit", "since": "2026-01-01", "until": "2026-01-31"},
            csrf_header=True,
        ),
        S({201}),
    ),
    ("POST", "/console/exports/{request_id}/approve"): Spec(
        supervisor_only,
        lambda c, w, r: Req(
            "POST",
            f"/console/exports/{w.approve.get(r, w.approve[ADMIN])}/approve",
            csrf_header=True,
        ),
        S({200}),
    ),
    ("POST", "/console/exports/{request_id}/deny"): Spec(
        supervisor_only,
        lambda c, w, r: Req(
            "POST",
            f"/console/exports/{w.deny_export.get(r, w.deny_export[ADMIN])}/deny",
            csrf_header=True,
        ),
        S({200}),
    ),
    ("POST", "/console/exports/{request_id}/download"): Spec(
        requester_only,
        lambda c, w, r: Req(
            "POST", f"/console/exports/{w.approved_export}/download", csrf_header=True
        ),
        S({200}),
    ),
    # ---- console: integrations and background jobs (admins)
    ("GET", "/console/api/jobs/dead"): Spec(admin_only, _get("/console/api/jobs/dead"), S({200})),
    ("GET", "/console/api/integrations/scopes"): Spec(
        admin_only, _get("/console/api/integrations/scopes"), S({200})
    ),
    ("GET", "/console/api/integrations/keys"): Spec(
        admin_only, _get("/console/api/integrations/keys"), S({200})
    ),
    ("POST", "/console/api/integrations/keys"): Spec(
        admin_only,
        lambda c, w, r: Req(
            "POST",
            "/console/api/integrations/keys",
            json={"name": "matrix", "scopes": ["tickets:read"]},
            csrf_header=True,
        ),
        S({201}),
    ),
    ("POST", "/console/api/integrations/keys/{key_id}/revoke"): Spec(
        admin_only,
        lambda c, w, r: Req(
            "POST", f"/console/api/integrations/keys/{w.spare_key}/revoke", csrf_header=True
        ),
        S({200}),
    ),
    ("GET", "/console/api/integrations/webhooks"): Spec(
        admin_only, _get("/console/api/integrations/webhooks"), S({200})
    ),
    ("POST", "/console/api/integrations/webhooks"): Spec(
        admin_only,
        lambda c, w, r: Req(
            "POST",
            "/console/api/integrations/webhooks",
            json={"url": "http://localhost:9/admin", "events": ["message.created"]},
            csrf_header=True,
        ),
        S({201}),
    ),
    ("DELETE", "/console/api/integrations/webhooks/{webhook_id}"): Spec(
        admin_only,
        lambda c, w, r: Req(
            "DELETE",
            f"/console/api/integrations/webhooks/{w.hooks['admin-delete']}",
            csrf_header=True,
        ),
        S({204}),
    ),
    ("GET", "/console/api/integrations/deliveries"): Spec(
        admin_only, _get("/console/api/integrations/deliveries"), S({200})
    ),
    ("POST", "/console/api/integrations/deliveries/{delivery_id}/retry"): Spec(
        admin_only,
        lambda c, w, r: Req(
            "POST",
            f"/console/api/integrations/deliveries/{w.dead['admin']}/retry",
            csrf_header=True,
        ),
        S({200}),
    ),
    # ---- integration API (scoped keys)
    ("GET", "/api/v1/integrations/me"): Spec(
        api_key(None), _get("/api/v1/integrations/me"), S({200})
    ),
    ("GET", "/api/v1/integrations/tickets"): Spec(
        api_key("tickets:read"), _get("/api/v1/integrations/tickets"), S({200})
    ),
    ("GET", "/api/v1/integrations/tickets/{ticket_id}"): Spec(
        api_key("tickets:read"), _get("/api/v1/integrations/tickets/{w.ticket_a}"), S({200})
    ),
    ("PATCH", "/api/v1/integrations/tickets/{ticket_id}"): Spec(
        api_key("tickets:write"),
        lambda c, w, r: Req(
            "PATCH", f"/api/v1/integrations/tickets/{w.ticket_a}", json={"add_tags": ["api"]}
        ),
        S({200}),
    ),
    ("GET", "/api/v1/integrations/conversations/{conversation_id}"): Spec(
        api_key("conversations:read"),
        _get("/api/v1/integrations/conversations/{w.cid_a}"),
        S({200}),
    ),
    ("GET", "/api/v1/integrations/webhooks"): Spec(
        api_key("webhooks:manage"), _get("/api/v1/integrations/webhooks"), S({200})
    ),
    ("POST", "/api/v1/integrations/webhooks"): Spec(
        api_key("webhooks:manage"),
        _post_json(
            "/api/v1/integrations/webhooks",
            lambda w, r: {"url": "http://localhost:9/key", "events": ["message.created"]},
        ),
        S({201}),
    ),
    ("DELETE", "/api/v1/integrations/webhooks/{webhook_id}"): Spec(
        api_key("webhooks:manage"),
        lambda c, w, r: Req("DELETE", f"/api/v1/integrations/webhooks/{w.hooks['key-delete']}"),
        S({204}),
    ),
    ("GET", "/api/v1/integrations/deliveries"): Spec(
        api_key("webhooks:manage"), _get("/api/v1/integrations/deliveries"), S({200})
    ),
    ("POST", "/api/v1/integrations/deliveries/{delivery_id}/retry"): Spec(
        api_key("webhooks:manage"),
        lambda c, w, r: Req("POST", f"/api/v1/integrations/deliveries/{w.dead['key']}/retry"),
        S({200}),
    ),
}


def _erasable(world: World, role: str) -> str:
    return world.erase.get(role, world.erase[ADMIN])


# ---- running it -----------------------------------------------------------------------
@dataclass
class Outcome:
    route: tuple[str, str]
    role: str
    expected: Expect
    got: int
    ok: bool
    why: str = ""


@dataclass
class MatrixReport:
    outcomes: list[Outcome]
    unmapped: list[tuple[str, str]]
    stale: list[tuple[str, str]]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def figures(self) -> dict[str, Any]:
        denied = [o for o in self.outcomes if not o.expected.allowed]
        return {
            "routes": len({o.route for o in self.outcomes}),
            "roles": len(ROLES),
            "calls": len(self.outcomes),
            "expected_denied": len(denied),
            "denied_as_expected": sum(o.ok for o in denied),
            "allowed_as_expected": sum(o.ok for o in self.outcomes if o.expected.allowed),
            "idor_calls": sum(1 for o in self.outcomes if o.role == CUSTOMER_B),
            "failures": len(self.failures),
            "unmapped_routes": [" ".join(k) for k in self.unmapped],
        }


def _headers(creds: Creds) -> dict[str, str]:
    headers = {}
    if creds.bearer is not None:
        headers["Authorization"] = f"Bearer {creds.bearer}"
    if creds.cookie is not None:
        headers["Cookie"] = f"wd_session={creds.cookie}"
    return headers


def _call_http(
    client: TestClient, key: tuple[str, str], spec: Spec, world: World, role: str
) -> Outcome:
    req = spec.build(client, world, role)
    creds = req.creds or world.creds[role]
    headers = _headers(creds)
    data = req.data
    # roles without a console session send a made-up token, as a forged form would
    csrf = creds.csrf or "forged-csrf-token"
    if data is not None:
        data = {"csrf": csrf, **data}
    if req.csrf_header:
        headers["X-CSRF-Token"] = csrf
    client.cookies.clear()
    response = client.request(
        req.method,
        req.path,
        headers=headers,
        json=req.json,
        data=data,
        params=req.params,
        follow_redirects=False,
    )
    client.cookies.clear()
    expected = spec.rule(role)
    wanted = spec.allowed if expected.allowed else expected.statuses
    ok = response.status_code in wanted
    why = "" if ok else f"wanted {sorted(wanted)}: {response.text[:200]}"
    if ok:
        check = spec.check_allowed if expected.allowed else spec.check_denied
        try:
            if check is not None:
                check(response, world, role)
        except AssertionError as exc:
            ok, why = False, str(exc)[:300]
    return Outcome(key, role, expected, response.status_code, ok, why)


def _call_socket(client: TestClient, spec: SocketSpec, world: World, role: str) -> Outcome:
    creds = world.creds[role]
    path = spec.path(world)
    expected = spec.rule(role)
    client.cookies.clear()
    got = -1
    try:
        with client.websocket_connect(path, headers=_headers(creds)) as ws:
            if spec.first_frame is None:
                got = 0  # the handshake was accepted
            else:
                ws.send_json(spec.first_frame(world, creds))
                got = 0 if ws.receive_json()["type"] != "error" else -2
                if got == -2:
                    ws.receive_text()  # the close that follows the error
    except WebSocketDisconnect as closed:
        got = closed.code
    client.cookies.clear()
    ok = got == 0 if expected.allowed else got in expected.statuses
    why = "" if ok else f"socket answered {got}"
    return Outcome(("WS", path), role, expected, got, ok, why)


def run_matrix(client: TestClient) -> MatrixReport:
    app: FastAPI = client.app  # type: ignore[assignment]
    keys = route_keys(app)
    unmapped = sorted(keys - MATRIX.keys())
    stale = sorted(MATRIX.keys() - keys)
    world = build_world(client)
    outcomes: list[Outcome] = []
    for key in sorted(keys & MATRIX.keys()):
        spec = MATRIX[key]
        for role in ROLES:
            if isinstance(spec, SocketSpec):
                outcome = _call_socket(client, spec, world, role)
                outcome.route = key
            else:
                outcome = _call_http(client, key, spec, world, role)
            outcomes.append(outcome)
    return MatrixReport(outcomes, unmapped, stale)


def matrix_settings(settings: Settings) -> Settings:
    """Rate limits off: the matrix logs in and starts conversations many times."""
    return settings.model_copy(
        update={
            "rate_limit_logins_per_ip": 0,
            "rate_limit_conversations_per_ip": 0,
            "rate_limit_messages_per_customer": 0,
            "rate_limit_replies_per_agent": 0,
        }
    )


@pytest.fixture
def matrix_client(settings: Settings) -> Iterator[TestClient]:
    from walletdesk.app import create_app

    with TestClient(create_app(matrix_settings(settings))) as test_client:
        yield test_client


def test_every_route_has_a_matrix_entry(matrix_client: TestClient) -> None:
    keys = route_keys(matrix_client.app)  # type: ignore[arg-type]
    assert len(keys) >= 50
    assert sorted(keys - MATRIX.keys()) == [], "new routes need an access-matrix entry"
    assert sorted(MATRIX.keys() - keys) == [], "matrix entries for routes that are gone"


def test_every_role_gets_exactly_what_the_matrix_allows(matrix_client: TestClient) -> None:
    report = run_matrix(matrix_client)
    failures = [
        f"{o.route[0]} {o.route[1]} as {o.role}: got {o.got}; {o.why}" for o in report.failures
    ]
    assert failures == [], "\n".join(failures)
    figures = report.figures()
    print("access matrix:", figures)  # the figure SECURITY.md reports
    assert figures["calls"] == figures["routes"] * len(ROLES)
    assert figures["expected_denied"] > figures["calls"] // 2
