"""The human desk through its HTTP API: routing by language, skill and capacity, SLA
timers and escalation, team isolation, the ticket lifecycle (notes, tags, merge,
technical escalation, solve, CSAT, reopen), AI assist, queue place and admin."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from tests.api.test_console import csrf_of, login
from tests.api.test_customer import send, start, stored
from walletdesk.desk.agents import create_agent
from walletdesk.desk.sweep import SweepReport, sweep
from walletdesk.store.models import (
    Agent,
    AuditEvent,
    Conversation,
    Customer,
    Message,
    Team,
    Ticket,
    TicketEvent,
)

PASSWORD = "correct horse battery"
HUMAN = {
    "en": "talk to a human",
    "zh": "转人工",
    "es": "quiero hablar con un agente",
    "ar": "أريد التحدث مع موظف",
}


def _call(client: TestClient, fn: Any) -> Any:
    return client.portal.call(fn)  # type: ignore[union-attr]


def _services(client: TestClient) -> Any:
    return client.app.state.services  # type: ignore[attr-defined]


def team(client: TestClient, name: str, languages: list[str], skills: list[str]) -> str:
    async def _upsert() -> str:
        async with _services(client).db.session() as session:
            row = (
                await session.execute(select(Team).where(Team.name == name))
            ).scalar_one_or_none()
            if row is None:
                row = Team(name=name)
                session.add(row)
            row.languages, row.skills = languages, skills
            await session.commit()
            return row.id

    return str(_call(client, _upsert))


def agent(
    client: TestClient,
    email: str,
    team_name: str,
    languages: list[str],
    *,
    role: str = "agent",
    skills: list[str] | None = None,
    capacity: int = 5,
    online: bool = True,
) -> str:
    team_id = team(client, team_name, languages, skills or [])

    async def _add() -> str:
        async with _services(client).db.session() as session:
            row, _ = await create_agent(
                session, email, email.split("@")[0], role, team_id, languages, PASSWORD
            )
            row.skills = skills or []
            row.capacity = capacity
            row.presence = "online" if online else "away"
            await session.commit()
            return row.id

    return str(_call(client, _add))


@pytest.fixture
def desk_client(client: TestClient) -> TestClient:
    """The default team only speaks Arabic here, so the teams a test makes decide routing."""
    team(client, "Support", ["ar"], [])
    return client


def hand_off(
    client: TestClient, text: str, language: str = "en", *, skip: bool = True
) -> tuple[str, dict[str, str]]:
    cid, auth = start(client, language)
    send(client, cid, auth, text)
    send(client, cid, auth, HUMAN[language])
    if skip:
        status = stored(client, Conversation, id=cid)[0].status
        if status == "intake":
            send(client, cid, auth, "skip")
    return cid, auth


def ticket_of(client: TestClient, cid: str) -> Ticket:
    rows = stored(client, Ticket, conversation_id=cid)
    assert len(rows) == 1, rows
    return rows[0]  # type: ignore[no-any-return]


def run_sweep(client: TestClient, ticket: Ticket, minutes: float) -> SweepReport:
    created = ticket.created_at
    moment = created if created.tzinfo else created.replace(tzinfo=UTC)

    async def _run() -> SweepReport:
        return await sweep(_services(client).desk, moment + timedelta(minutes=minutes))

    return _call(client, _run)  # type: ignore[no-any-return]


def as_agent(client: TestClient, email: str) -> None:
    client.cookies.clear()
    assert login(client, email, PASSWORD).status_code == 303


def agent_reply(client: TestClient, cid: str, text: str) -> Any:
    """The logged-in agent answers in the conversation, as the console page does."""
    csrf = csrf_of(client, f"/console/c/{cid}")
    return client.post(
        f"/console/c/{cid}/reply", json={"text": text}, headers={"x-csrf-token": csrf}
    )


def post_form(client: TestClient, cid: str, endpoint: str, **data: str) -> Any:
    csrf = csrf_of(client, f"/console/c/{cid}")
    return client.post(
        f"/console/c/{cid}/{endpoint}", data={"csrf": csrf, **data}, follow_redirects=False
    )


# ---- routing ---------------------------------------------------------------------------
def test_routing_by_language_skill_and_capacity(desk_client: TestClient) -> None:
    client = desk_client
    zh_a = agent(client, "li@desk.example", "China", ["zh"], skills=["transactions"], capacity=1)
    zh_b = agent(client, "wang@desk.example", "China", ["zh"], skills=["transactions"], capacity=1)
    security = agent(client, "sam@desk.example", "Security", ["en"], skills=["security"])
    agent(client, "gus@desk.example", "General", ["en"], skills=["transactions"])
    team(client, "Security", ["en"], ["security"])
    team(client, "General", ["en"], ["transactions", "general"])

    first, _ = hand_off(client, "我的USDT转账三个小时了还没到账", "zh")
    second, _ = hand_off(client, "转账一直在等待确认，怎么办", "zh")
    third, _ = hand_off(client, "我转的币没有到账", "zh")
    tickets = [ticket_of(client, cid) for cid in (first, second, third)]
    china = team(client, "China", ["zh"], ["transactions"])
    assert {t.team_id for t in tickets} == {china}
    assert {tickets[0].assignee_id, tickets[1].assignee_id} == {zh_a, zh_b}, "load balanced"
    assert tickets[2].assignee_id is None, "both Chinese agents are at capacity: it waits"

    stolen, _ = hand_off(client, "Someone drained my wallet, all my ETH is gone!")
    ticket = ticket_of(client, stolen)
    assert ticket.skill == "security" and ticket.assignee_id == security
    assert ticket.priority == "urgent"

    # an agent frees a slot: the clock hands the waiting ticket out
    as_agent(client, "li@desk.example")
    first_owner = tickets[0].assignee_id
    owner_email = "li@desk.example" if first_owner == zh_a else "wang@desk.example"
    as_agent(client, owner_email)
    assert post_form(client, first, "status", action="solve").status_code == 303
    report = run_sweep(client, tickets[2], 1)
    assert tickets[2].id in report.assigned
    assert ticket_of(client, third).assignee_id == first_owner


def test_going_online_takes_waiting_work_and_queue_place_is_honest(
    desk_client: TestClient,
) -> None:
    client = desk_client
    agent(client, "ana@desk.example", "Spain", ["es"], online=False, capacity=1)
    cid, auth = hand_off(client, "¿Dónde está mi transferencia? Lleva horas pendiente", "es")
    place = client.get(f"/api/v1/conversations/{cid}/queue", headers=auth).json()
    assert place["position"] == 1 and place["agents_online"] == 0
    assert place["estimate_minutes"] is None and "correo" in place["text"], "honest: nobody on"
    assert client.get(f"/api/v1/conversations/{cid}/queue").status_code == 401

    bad = client.post(f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": "x"})
    assert bad.status_code == 422
    ok = client.post(
        f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": "Ana@Example.com"}
    )
    assert ok.status_code == 200 and "correo" in ok.json()["text"]
    assert stored(client, Customer)[-1].email is not None
    assert "email-followup" in ticket_of(client, cid).tags

    other, other_auth = hand_off(client, "Mi transacción falló y perdí la comisión", "es")
    as_agent(client, "ana@desk.example")
    csrf = csrf_of(client)
    client.post("/console/presence", data={"presence": "online", "csrf": csrf})
    assert ticket_of(client, cid).assignee_id is not None, "online: takes the oldest at once"
    waiting = client.get(f"/api/v1/conversations/{other}/queue", headers=other_auth).json()
    assert waiting["agents_online"] == 1 and waiting["position"] == 1
    assert waiting["estimate_minutes"] and waiting["estimate_minutes"] >= 1
    assert str(waiting["estimate_minutes"]) in waiting["text"]


# ---- isolation ------------------------------------------------------------------------
def test_an_agent_cannot_open_another_teams_ticket(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "zoe@desk.example", "China", ["zh"])
    agent(client, "eve@desk.example", "General", ["en"])
    theirs, _ = hand_off(client, "我的转账没有到账", "zh")
    as_agent(client, "eve@desk.example")
    assert client.get(f"/console/c/{theirs}").status_code == 404
    assert client.get(f"/console/c/{theirs}/assist").status_code == 404
    csrf = csrf_of(client)
    for action, data in (
        ("status", {"action": "solve"}),
        ("note", {"text": "peek"}),
        ("priority", {"priority": "low"}),
        ("tags", {"add": "x"}),
    ):
        response = client.post(f"/console/c/{theirs}/{action}", data={"csrf": csrf, **data})
        assert response.status_code == 404, action
    reply = client.post(
        f"/console/c/{theirs}/reply", json={"text": "hi"}, headers={"x-csrf-token": csrf}
    )
    assert reply.status_code == 404
    assert all(
        t["conversation_id"] != theirs for t in client.get("/console/api/queue").json()["tickets"]
    )
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect(f"/console/ws/{theirs}") as ws,
    ):
        ws.receive_text()
    assert closed.value.code == 4404


# ---- SLA ------------------------------------------------------------------------------
def test_sla_warning_breach_and_supervisor_escalation(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "sue@desk.example", "General", ["en"], role="supervisor", online=False)
    cid, _ = hand_off(client, "How do I add a custom token?")
    ticket = ticket_of(client, cid)
    assert ticket.priority == "normal" and ticket.due_first_response is not None
    assert run_sweep(client, ticket, 30).warnings == []
    assert run_sweep(client, ticket, 50).warnings == [ticket.id], "75% of the 60-minute target"
    assert run_sweep(client, ticket, 61).breaches == [ticket.id]
    assert run_sweep(client, ticket, 62).breaches == [], "each change is reported once"
    kinds = [e.kind for e in stored(client, TicketEvent, ticket_id=ticket.id)]
    assert "sla_warning" in kinds and "sla_breached" in kinds

    urgent_cid, _ = hand_off(client, "I pasted my seed phrase on a site and my USDT is gone")
    urgent = ticket_of(client, urgent_cid)
    assert urgent.priority == "urgent" and urgent.due_first_response is not None
    assert run_sweep(client, urgent, 1).escalated == []
    assert run_sweep(client, urgent, 3).escalated == [urgent.id], "half of the 5-minute target"
    as_agent(client, "sue@desk.example")
    queue = client.get("/console/api/queue").json()["tickets"]
    assert queue[0]["id"] == urgent.id and queue[0]["escalated"]
    assert run_sweep(client, urgent, 4).warnings == [urgent.id], "4 of 5 minutes used"


def test_priority_comes_from_risk_emotion_and_amount(desk_client: TestClient) -> None:
    client = desk_client
    calm, _ = hand_off(client, "How do I change the app language?")
    assert ticket_of(client, calm).priority in ("normal", "low")
    scared, _ = hand_off(client, "I'm so worried, my 5000 USDT transfer is stuck, please help!")
    assert ticket_of(client, scared).priority in ("high", "urgent")
    assert ticket_of(client, scared).priority_score > ticket_of(client, calm).priority_score


# ---- lifecycle ------------------------------------------------------------------------
def test_ticket_lifecycle_notes_tags_solve_rate_reopen_close(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "kim@desk.example", "General", ["en"])
    cid, auth = hand_off(client, "My swap failed and I lost the gas fee")
    as_agent(client, "kim@desk.example")
    sent = agent_reply(client, cid, "Hi, I'm looking at it now.")
    assert sent.status_code == 201
    ticket = ticket_of(client, cid)
    assert ticket.first_response_at is not None and ticket.status == "open"

    phrase = "abandon " * 11 + "about"
    assert post_form(client, cid, "note", text=f"customer said {phrase}").status_code == 303
    assert post_form(client, cid, "note", text="   ").status_code == 422
    assert post_form(client, cid, "tags", add="swap, Gas Fee").status_code == 303
    assert post_form(client, cid, "tags", add="<script>").status_code == 422
    assert post_form(client, cid, "priority", priority="high").status_code == 303
    assert post_form(client, cid, "priority", priority="whenever").status_code == 422
    ticket = ticket_of(client, cid)
    assert ticket.tags[-2:] == ["swap", "gas-fee"] and ticket.priority == "high"
    notes = [e for e in stored(client, TicketEvent, ticket_id=ticket.id) if e.kind == "note"]
    assert "abandon" not in notes[0].data["text"], "notes are redacted like messages"
    customer_view = client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()
    assert all("customer said" not in m["text"] for m in customer_view["messages"])
    page = client.get(f"/console/c/{cid}").text
    assert "customer said" in page and "gas-fee" in page, "notes and tags on the agent's page"

    post_form(client, cid, "status", action="pending_customer")
    send(client, cid, auth, "Here is the screenshot description: it says out of gas")
    assert ticket_of(client, cid).status == "open", "a customer reply reopens pending work"

    post_form(client, cid, "status", action="solve")
    messages = client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()
    assert messages["messages"][-1]["kind"] == "csat_request"
    queue = client.get(f"/api/v1/conversations/{cid}/queue", headers=auth).json()
    assert queue["csat_pending"] is True

    send(client, cid, auth, "Actually it happened again")
    assert ticket_of(client, cid).status == "open"
    kinds = [
        m["kind"]
        for m in client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()[
            "messages"
        ]
    ]
    assert kinds[-1] == "reopened"

    post_form(client, cid, "status", action="solve")
    early = client.post(f"/api/v1/conversations/{cid}/csat", headers=auth, json={"score": 6})
    assert early.status_code == 422
    rated = client.post(
        f"/api/v1/conversations/{cid}/csat",
        headers=auth,
        json={"score": 5, "comment": f"great, my words were {phrase}"},
    )
    assert rated.status_code == 201 and rated.json()["message"]["kind"] == "csat_thanks"
    again = client.post(f"/api/v1/conversations/{cid}/csat", headers=auth, json={"score": 1})
    assert again.status_code == 409
    ticket = ticket_of(client, cid)
    assert ticket.csat_score == 5 and "abandon" not in (ticket.csat_comment or "")

    post_form(client, cid, "status", action="closed")
    assert stored(client, Conversation, id=cid)[0].status == "bot"
    assert send(client, cid, auth, "how do I back up my recovery phrase")["replies"], "bot again"
    history = [e.kind for e in stored(client, TicketEvent, ticket_id=ticket.id)]
    for kind in (
        "created",
        "assigned",
        "first_response",
        "note",
        "tags",
        "priority",
        "reopened",
        "csat",
    ):
        assert kind in history, kind


def test_merge_duplicates_of_the_same_customer_only(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "max@desk.example", "General", ["en"])
    cid, auth = hand_off(client, "My transfer is stuck")
    again = client.post("/api/v1/conversations/new", headers=auth, json={"language": "en"})
    second = again.json()["id"]
    send(client, second, auth, "My transfer is still stuck")
    send(client, second, auth, "talk to a human")
    send(client, second, auth, "skip")
    stranger, _ = hand_off(client, "My transfer is stuck too")
    as_agent(client, "max@desk.example")
    target = ticket_of(client, cid)
    refused = post_form(client, stranger, "merge", into=target.id)
    assert refused.status_code == 409 and "same customer" in refused.text
    assert post_form(client, second, "merge", into=target.id).status_code == 303
    merged = ticket_of(client, second)
    assert merged.status == "closed" and merged.merged_into == target.id
    assert post_form(client, cid, "merge", into=target.id).status_code == 409
    assert any(e.action == "ticket.merged" for e in stored(client, AuditEvent))


def test_technical_escalation_keeps_the_customer_informed(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "tia@desk.example", "China", ["zh"])
    cid, auth = hand_off(client, "App 一打开就闪退", "zh")
    as_agent(client, "tia@desk.example")
    assert post_form(client, cid, "technical", state="investigating").status_code == 303
    assert ticket_of(client, cid).status == "pending_internal"
    assert post_form(client, cid, "technical", state="investigating").status_code == 409
    assert post_form(client, cid, "technical", state="fixed?").status_code == 422
    post_form(client, cid, "technical", state="resolved")
    told = [
        m
        for m in client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()[
            "messages"
        ]
        if m["kind"] == "technical_status"
    ]
    assert len(told) == 2 and "技术团队" in told[0]["text"] and "解决" in told[1]["text"]
    assert ticket_of(client, cid).status == "open"


# ---- assist --------------------------------------------------------------------------
def test_assist_suggests_articles_a_draft_similar_cases_and_a_summary(
    desk_client: TestClient,
) -> None:
    client = desk_client
    agent(client, "ada@desk.example", "General", ["en"])
    old, _ = hand_off(client, "I sent USDT on the wrong network to my exchange deposit address")
    as_agent(client, "ada@desk.example")
    csrf = csrf_of(client, f"/console/c/{old}")
    client.post(
        f"/console/c/{old}/reply",
        json={"text": "Please contact the exchange with the transaction hash; they can credit it."},
        headers={"x-csrf-token": csrf},
    )
    post_form(client, old, "status", action="solve")

    new, _ = hand_off(client, "I sent my USDT on the wrong network to an exchange address")
    helper = client.get(f"/console/c/{new}/assist").json()
    assert helper["articles"], "suggested articles"
    assert any("network" in a["title"].lower() for a in helper["articles"])
    assert (
        helper["draft"].startswith("Hi, this is ada")
        and helper["articles"][0]["url"] in helper["draft"]
    )
    assert helper["similar"] and helper["similar"][0]["conversation_id"] == old
    assert "exchange" in helper["similar"][0]["answer"]
    assert any("Last from the customer" in line for line in helper["summary"])
    assert helper["context"]["past_conversations"] == []
    page = client.get(f"/console/c/{new}").text
    assert "Suggested reply" in page and "Similar solved cases" in page
    assert "Canned reply" in page, "canned replies in the customer's language"


def test_draft_follows_the_customer_language(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "omar@desk.example", "Arabic", ["ar"])
    cid, _ = hand_off(client, "أرسلت USDT ولم تصل إلى المحفظة منذ ساعتين", "ar")
    as_agent(client, "omar@desk.example")
    helper = client.get(f"/console/c/{cid}/assist").json()
    assert re.search(r"[\u0600-\u06FF]", helper["draft"]), "the draft is in Arabic"
    page = client.get(f"/console/c/{cid}").text
    assert re.search(r"<option value=\"0\">[^<]*[\u0600-\u06FF]", page), "Arabic canned replies"


# ---- admin ---------------------------------------------------------------------------
def test_admin_manages_teams_agents_and_slas(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "ned@desk.example", "General", ["en"])
    agent(client, "root@desk.example", "General", ["en"], role="admin")
    as_agent(client, "ned@desk.example")
    assert client.get("/console/admin").status_code == 403
    csrf = csrf_of(client)
    denied = client.post("/console/admin/teams", data={"csrf": csrf, "name": "X"})
    assert denied.status_code == 403

    as_agent(client, "root@desk.example")
    csrf = csrf_of(client, "/console/admin")
    made = client.post(
        "/console/admin/teams",
        data={"csrf": csrf, "name": "DeFi", "languages": "en, es", "skills": "defi"},
    )
    assert made.status_code == 200 and "Team saved" in made.text
    wrong = client.post(
        "/console/admin/teams", data={"csrf": csrf, "name": "Bad", "languages": "fr"}
    )
    assert wrong.status_code == 422 and "unknown language: fr" in wrong.text
    added = client.post(
        "/console/admin/agents",
        data={
            "csrf": csrf,
            "email": "dee@desk.example",
            "name": "Dee",
            "role": "agent",
            "team": "DeFi",
            "languages": "es",
            "skills": "defi",
            "capacity": "3",
        },
    )
    assert added.status_code == 200 and "One-time password" in added.text
    dee = stored(client, Agent, email="dee@desk.example")[0]
    assert dee.must_change_password and dee.capacity == 3 and dee.skills == ["defi"]
    sla = client.post(
        "/console/admin/sla",
        data={"csrf": csrf, "priority": "normal", "first_response": "30", "resolution": "10"},
    )
    assert sla.status_code == 422 and "cannot be shorter" in sla.text
    sla = client.post(
        "/console/admin/sla",
        data={"csrf": csrf, "priority": "normal", "first_response": "30", "resolution": "600"},
    )
    assert sla.status_code == 200
    cid, _ = hand_off(client, "How do I add a custom token?")
    ticket = ticket_of(client, cid)
    assert ticket.due_first_response is not None
    assert (ticket.due_first_response - ticket.created_at) == timedelta(minutes=30)
    me = stored(client, Agent, email="root@desk.example")[0]
    demote = client.post(
        f"/console/admin/agents/{me.id}", data={"csrf": csrf, "role": "agent", "active": "true"}
    )
    assert demote.status_code == 422 and "your own admin role" in demote.text
    actions = {e.action for e in stored(client, AuditEvent)}
    assert {"team.created", "agent.added", "sla.updated"} <= actions


def test_console_queue_socket_shows_a_new_handoff_live(desk_client: TestClient) -> None:
    client = desk_client
    agent(client, "liv@desk.example", "General", ["en"])
    as_agent(client, "liv@desk.example")
    with client.websocket_connect("/console/ws") as ws:
        cid, _ = hand_off(client, "I want to speak to someone about a failed transfer")
        event = ws.receive_json()
        assert event["type"] == "ticket.new"
        assert event["ticket"]["conversation_id"] == cid
        assert "text" not in event["ticket"], "events carry no message text"
    assert stored(client, Message, conversation_id=cid)
