"""Agent console: login with lockout, one-time password change, team-scoped queue,
live conversation, replies through the outgoing guard (blocked attempts are audited)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.test_customer import send, start, stored
from walletdesk.desk.agents import create_agent
from walletdesk.store.models import AuditEvent, Conversation, Message, Team, Ticket


def add_agent(
    client: TestClient,
    email: str,
    password: str | None,
    role: str = "agent",
    team: str | None = "Support",
    team_languages: tuple[str, ...] = ("en",),
) -> str:
    services = client.app.state.services  # type: ignore[attr-defined]

    async def _add() -> str:
        async with services.db.session() as session:
            team_id = None
            if team:
                row = (
                    await session.execute(select(Team).where(Team.name == team))
                ).scalar_one_or_none()
                if row is None:
                    row = Team(name=team, languages=list(team_languages), skills=[])
                    session.add(row)
                    await session.flush()
                team_id = row.id
            _, secret = await create_agent(
                session, email, email.split("@")[0], role, team_id, ["en", "zh"], password
            )
            await session.commit()
            return secret

    return client.portal.call(_add)  # type: ignore[union-attr]


def login(client: TestClient, email: str, password: str) -> Any:
    return client.post(
        "/console/login", data={"email": email, "password": password}, follow_redirects=False
    )


def csrf_of(client: TestClient, path: str = "/console") -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def handed_off(client: TestClient, text: str = "I need a human please") -> str:
    """A conversation handed to a human: asks for one, skips the intake questions."""
    cid, auth = start(client)
    send(client, cid, auth, text)
    if conversation_status(client, cid) == "intake":
        send(client, cid, auth, "skip")
    assert conversation_status(client, cid) == "handoff"
    return cid


def conversation_status(client: TestClient, cid: str) -> str:
    services = client.app.state.services  # type: ignore[attr-defined]

    async def _get() -> str:
        async with services.db.session() as session:
            conversation = await session.get(Conversation, cid)
            assert conversation is not None
            return conversation.status

    return str(client.portal.call(_get))  # type: ignore[union-attr]


def test_login_page_and_wrong_password(client: TestClient) -> None:
    assert "Log in" in client.get("/console").text
    add_agent(client, "ann@desk.example", "correct horse battery")
    response = login(client, "ann@desk.example", "wrong")
    assert response.status_code == 401 and "wrong email or password" in response.text
    assert login(client, "nobody@desk.example", "x").status_code == 401


def test_lockout_after_repeated_failures(client: TestClient) -> None:
    add_agent(client, "bob@desk.example", "correct horse battery")
    for _ in range(5):
        login(client, "bob@desk.example", "nope")
    response = login(client, "bob@desk.example", "correct horse battery")
    assert response.status_code == 401 and "too many failed attempts" in response.text


def test_one_time_password_must_be_changed(client: TestClient) -> None:
    one_time = add_agent(client, "cy@desk.example", None)
    assert login(client, "cy@desk.example", one_time).status_code == 303
    page = client.get("/console")
    assert "Choose your password" in page.text
    csrf = csrf_of(client)
    assert (
        client.post("/console/password", data={"password": "short", "csrf": csrf}).status_code
        == 422
    )
    assert (
        client.post("/console/password", data={"password": "x" * 20, "csrf": "bad"}).status_code
        == 403
    )
    done = client.post(
        "/console/password",
        data={"password": "a much longer secret 42", "csrf": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Queue" in client.get("/console").text


def test_agent_sees_handoff_replies_live_and_solves(client: TestClient) -> None:
    add_agent(client, "dee@desk.example", "correct horse battery")
    cid = handed_off(client)
    login(client, "dee@desk.example", "correct horse battery")
    queue = client.get("/console").text
    assert f"/console/c/{cid}" in queue
    page = client.get(f"/console/c/{cid}")
    assert page.status_code == 200 and "I need a human please" in page.text
    assert stored(client, AuditEvent, action="conversation.viewed")
    csrf = csrf_of(client, f"/console/c/{cid}")
    with client.websocket_connect(f"/console/ws/{cid}") as ws:
        reply = client.post(
            f"/console/c/{cid}/reply",
            json={"text": "Hi, I'm Dee. Which network did you send on?"},
            headers={"X-CSRF-Token": csrf},
        )
        assert reply.status_code == 201
        assert ws.receive_json()["message"]["sender"] == "agent"
    customer_view = [m for m in stored(client, Message, conversation_id=cid) if m.sender == "agent"]
    assert customer_view and "Which network" in customer_view[0].text
    ticket = stored(client, Ticket, conversation_id=cid)[0]
    assert ticket.status == "open" and ticket.assignee_id is not None
    client.post(f"/console/c/{cid}/status", data={"action": "solve", "csrf": csrf})
    assert stored(client, Ticket, conversation_id=cid)[0].status == "solved"


def test_guard_blocks_agent_asking_for_phrase_and_audits_it(client: TestClient) -> None:
    add_agent(client, "eve@desk.example", "correct horse battery")
    cid = handed_off(client)
    login(client, "eve@desk.example", "correct horse battery")
    csrf = csrf_of(client, f"/console/c/{cid}")
    response = client.post(
        f"/console/c/{cid}/reply",
        headers={"X-CSRF-Token": csrf},
        json={"text": "Please send me your 12 word recovery phrase so I can check your wallet"},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["blocked"] is True and "asks_for_secret" in detail["codes"]
    assert not [m for m in stored(client, Message, conversation_id=cid) if m.sender == "agent"]
    assert stored(client, AuditEvent, action="message.blocked")


def test_reply_needs_csrf_and_login(client: TestClient) -> None:
    add_agent(client, "fay@desk.example", "correct horse battery")
    cid = handed_off(client)
    assert client.post(f"/console/c/{cid}/reply", json={"text": "hi"}).status_code == 401
    login(client, "fay@desk.example", "correct horse battery")
    assert client.post(f"/console/c/{cid}/reply", json={"text": "hi"}).status_code == 403


def test_agent_cannot_open_another_teams_conversation(client: TestClient) -> None:
    add_agent(
        client,
        "gus@desk.example",
        "correct horse battery",
        team="Arabic team",
        team_languages=("ar",),
    )
    cid = handed_off(client)  # English: routed to the Support team, which speaks it
    login(client, "gus@desk.example", "correct horse battery")
    assert f"/console/c/{cid}" not in client.get("/console").text
    assert client.get(f"/console/c/{cid}").status_code == 404
    csrf = csrf_of(client)
    assert (
        client.post(
            f"/console/c/{cid}/reply", json={"text": "hello"}, headers={"X-CSRF-Token": csrf}
        ).status_code
        == 404
    )


def test_hand_back_to_bot(client: TestClient) -> None:
    add_agent(client, "hal@desk.example", "correct horse battery")
    cid, auth = start(client)
    send(client, cid, auth, "talk to a human")
    send(client, cid, auth, "skip")
    login(client, "hal@desk.example", "correct horse battery")
    csrf = csrf_of(client, f"/console/c/{cid}")
    client.post(f"/console/c/{cid}/status", data={"action": "to_bot", "csrf": csrf})
    assert send(client, cid, auth, "how do I back up my recovery phrase")["replies"]
