"""Presence follows the console: an agent marked online whose console went silent goes
away, and the tickets they never answered go to someone who is there."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_console import csrf_of
from tests.api.test_customer import stored
from tests.api.test_desk import (
    _call,
    _services,
    agent,
    agent_reply,
    as_agent,
    desk_client,
    hand_off,
    ticket_of,
)
from walletdesk.desk import presence
from walletdesk.store.models import Agent, AuditEvent, TicketEvent, utcnow

__all__ = ["desk_client"]  # the fixture, re-exported for pytest


def _agent(client: TestClient, agent_id: str) -> Agent:
    return stored(client, Agent, id=agent_id)[0]  # type: ignore[no-any-return]


def _seen(client: TestClient, agent_id: str, minutes_ago: float) -> None:
    moment = utcnow() - timedelta(minutes=minutes_ago)
    _call(client, lambda: presence.seen(_services(client).db, agent_id, moment))


def _drop(client: TestClient, minutes_ahead: float = 0) -> Any:
    moment = utcnow() + timedelta(minutes=minutes_ahead)
    return _call(client, lambda: presence.drop_lost(_services(client).desk, moment))


def test_a_silent_agent_goes_away_and_the_ticket_goes_to_someone_present(
    desk_client: TestClient,
) -> None:
    client = desk_client
    gone = agent(client, "gone@desk.example", "General", ["en"])
    _seen(client, gone, minutes_ago=0)
    cid, _ = hand_off(client, "my USDT transfer failed")
    ticket = ticket_of(client, cid)
    assert ticket.assignee_id == gone

    here = agent(client, "here@desk.example", "General", ["en"], online=False)
    as_agent(client, "here@desk.example")
    with client.websocket_connect("/console/ws"):  # "here" has the console open
        online = client.post(
            "/console/presence",
            data={"presence": "online", "csrf": csrf_of(client)},
            follow_redirects=False,
        )
        assert online.status_code in (200, 303), online.text
        assert ticket_of(client, cid).assignee_id == gone, "still with the first agent"
        _seen(client, gone, minutes_ago=5)  # gone's laptop closed five minutes ago
        report = _drop(client)

    assert report.went_away == [gone]
    assert report.requeued == [ticket.id] and report.assigned == [ticket.id]
    assert _agent(client, gone).presence == "away"
    assert _agent(client, here).presence == "online", "a live console keeps its agent"
    assert ticket_of(client, cid).assignee_id == here
    events = stored(client, TicketEvent, ticket_id=ticket.id, kind="unassigned")
    assert [e.data for e in events] == [{"from": gone, "reason": "agent_offline"}]
    assert [a.target for a in stored(client, AuditEvent, action="agent.presence_lost")] == [
        f"agent:{gone}"
    ]
    assert _drop(client).went_away == [], "nothing more to do"


def test_an_answered_ticket_stays_with_its_agent(desk_client: TestClient) -> None:
    client = desk_client
    busy = agent(client, "busy@desk.example", "General", ["en"])
    _seen(client, busy, minutes_ago=0)
    cid, _ = hand_off(client, "my USDT transfer failed")
    as_agent(client, "busy@desk.example")
    answered = agent_reply(client, cid, "Looking into it now.")
    assert answered.status_code == 201, answered.text
    report = _drop(client, minutes_ahead=5)
    assert report.went_away == [busy] and report.requeued == []
    assert ticket_of(client, cid).assignee_id == busy, "their conversation, when they return"


def test_the_console_socket_keeps_presence_alive(desk_client: TestClient) -> None:
    client = desk_client
    live = agent(client, "live@desk.example", "General", ["en"])
    _seen(client, live, minutes_ago=10)
    as_agent(client, "live@desk.example")
    cid, _ = hand_off(client, "my USDT transfer failed")
    with client.websocket_connect(f"/console/ws/{cid}") as ws:  # the ticket page alone
        ws.send_text("ping")
        assert _stamped_within(client, live, timedelta(minutes=1)), "stamped at connect"
        assert _drop(client).went_away == [], "seen just now, by its open ticket page"
    assert _drop(client, minutes_ahead=3).went_away == [live], "closed: gone after the grace"


def _stamped_within(client: TestClient, agent_id: str, window: timedelta) -> bool:
    """Wait (up to a deadline, not a timing assert) for the socket's first heartbeat."""
    import time

    from walletdesk.desk.sla import aware

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        seen = _agent(client, agent_id).last_seen_at
        if seen is not None and aware(seen) >= utcnow() - window:
            return True
        time.sleep(0.05)
    return False
