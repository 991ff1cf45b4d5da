"""Insider controls through the console: privileged reads land in the audit chain, one
customer's export and erasure are for supervisors and admins only, and a bulk export
needs a second person's approval, expires, and is downloaded once by whoever asked."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from tests.api.test_console import csrf_of
from tests.api.test_customer import send, start, stored
from tests.api.test_desk import _call, _services, agent, as_agent, hand_off, team
from walletdesk.store.models import AuditEvent, Conversation, Customer, ExportRequest

EMAIL = "mallory.customer@example.org"


@pytest.fixture
def desk(client: TestClient) -> TestClient:
    team(client, "Support", ["ar"], [])
    agent(client, "kim@desk.example", "General", ["en"])
    agent(client, "lee@desk.example", "General", ["en"])
    agent(client, "sam@desk.example", "General", ["en"], role="supervisor")
    agent(client, "ada@desk.example", "General", ["en"], role="admin")
    return client


def actions_by(client: TestClient, email: str) -> list[tuple[str, str]]:
    agent_id = _agent_id(client, email)
    return [(e.action, e.target) for e in stored(client, AuditEvent, actor=agent_id)]


def _agent_id(client: TestClient, email: str) -> str:
    from walletdesk.store.models import Agent

    return str(stored(client, Agent, email=email)[0].id)


def csrf(client: TestClient) -> dict[str, str]:
    return {"x-csrf-token": csrf_of(client)}


# ---- privileged reads are audited -------------------------------------------------------
def test_every_privileged_read_is_an_audit_event(desk: TestClient) -> None:
    client = desk
    cid, _ = hand_off(client, "my transfer has been pending for hours")
    as_agent(client, "kim@desk.example")
    assert client.get("/console").status_code == 200
    assert client.get("/console/api/queue?view=waiting").status_code == 200
    assert client.get(f"/console/c/{cid}/assist").status_code == 200
    with client.websocket_connect(f"/console/ws/{cid}"):
        pass
    with client.websocket_connect("/console/ws"):
        pass
    seen = actions_by(client, "kim@desk.example")
    assert ("queue.viewed", "view:all") in seen
    assert ("queue.viewed", "view:waiting") in seen
    assert ("conversation.viewed", f"conversation:{cid}") in seen, "assist JSON is a view"
    assert ("conversation.watched", f"conversation:{cid}") in seen
    assert ("queue.watched", "live") in seen
    as_agent(client, "ada@desk.example")
    assert client.get("/console/admin").status_code == 200
    assert ("admin.viewed", "agents") in actions_by(client, "ada@desk.example")


# ---- one customer's data ----------------------------------------------------------------
def test_customer_export_and_erasure_are_for_supervisors_and_audited(desk: TestClient) -> None:
    client = desk
    cid, auth = start(client)
    send(client, cid, auth, "my swap failed, please help")
    assert (
        client.post(
            f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": EMAIL}
        ).status_code
        == 200
    )
    customer_id = stored(client, Conversation, id=cid)[0].customer_id
    url = f"/console/privacy/customers/{customer_id}"

    client.cookies.clear()
    assert client.get(url).status_code == 401
    as_agent(client, "kim@desk.example")
    assert client.get(url).status_code == 403, "agents cannot pull a customer's data"
    refused = client.post(f"{url}/delete", json={"confirm": customer_id}, headers=csrf(client))
    assert refused.status_code == 403

    as_agent(client, "sam@desk.example")
    exported = client.get(url)
    assert exported.status_code == 200
    document = exported.json()
    assert document["customer"]["email"] == EMAIL
    assert any("swap failed" in m["text"] for m in document["conversations"][0]["messages"])
    assert client.get("/console/privacy/customers/" + "f" * 32).status_code == 404
    assert client.get("/console/privacy/customers/bad%20id").status_code == 422

    no_csrf = client.post(f"{url}/delete", json={"confirm": customer_id})
    assert no_csrf.status_code == 403
    wrong = client.post(f"{url}/delete", json={"confirm": "someone"}, headers=csrf(client))
    assert wrong.status_code == 422 and "confirm" in wrong.text
    erased = client.post(f"{url}/delete", json={"confirm": customer_id}, headers=csrf(client))
    assert erased.status_code == 200 and erased.json()["tokens_revoked"] == 1
    assert stored(client, Customer, id=customer_id)[0].email is None
    assert client.get("/api/v1/conversations", headers=auth).status_code == 401
    seen = actions_by(client, "sam@desk.example")
    target = f"customer:{customer_id}"
    assert ("privacy.exported", target) in seen and ("privacy.deleted", target) in seen


# ---- bulk export: four eyes, expiry, once -----------------------------------------------
def _period() -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {"since": (today - timedelta(days=1)).isoformat(), "until": today.isoformat()}


def _ask(client: TestClient, reason: str = "quarterly quality review of answers") -> str:
    response = client.post(
        "/console/exports", json={"reason": reason, **_period()}, headers=csrf(client)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "pending"
    return str(body["id"])


def test_bulk_export_needs_a_second_person_and_is_downloaded_once(desk: TestClient) -> None:
    client = desk
    cid, auth = start(client)
    send(client, cid, auth, '=HYPERLINK("http://evil.example","click") my swap failed')
    client.post(f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": EMAIL})

    as_agent(client, "kim@desk.example")
    bad = client.post(
        "/console/exports",
        json={"reason": "x", "since": "2026-02-01", "until": "2026-01-01"},
        headers=csrf(client),
    )
    assert bad.status_code == 422
    backwards = client.post(
        "/console/exports",
        json={"reason": "a long enough reason", "since": "2026-02-01", "until": "2026-01-01"},
        headers=csrf(client),
    )
    assert backwards.status_code == 422 and "ends before" in backwards.text
    request_id = _ask(client)
    download = f"/console/exports/{request_id}/download"
    assert client.post(download, headers=csrf(client)).status_code == 403, "not approved yet"
    assert (
        client.post(f"/console/exports/{request_id}/approve", headers=csrf(client)).status_code
        == 403
    )

    as_agent(client, "sam@desk.example")
    own = _ask(client, "a supervisor wants data too")
    mine = client.post(f"/console/exports/{own}/approve", headers=csrf(client))
    assert mine.status_code == 403 and "different" in mine.json()["detail"]
    listed = client.get("/console/exports").json()["exports"]
    assert {e["id"] for e in listed} >= {request_id, own}, "supervisors see every request"
    approved = client.post(f"/console/exports/{request_id}/approve", headers=csrf(client))
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = client.post(f"/console/exports/{request_id}/deny", headers=csrf(client))
    assert again.status_code == 409

    as_agent(client, "lee@desk.example")
    assert [e["id"] for e in client.get("/console/exports").json()["exports"]] == []
    assert client.post(download, headers=csrf(client)).status_code == 404, "not theirs"

    as_agent(client, "kim@desk.example")
    got = client.post(download, headers=csrf(client))
    assert got.status_code == 200 and got.headers["cache-control"] == "no-store"
    lines = [json.loads(line) for line in got.text.splitlines()]
    ours = [line for line in lines if line["conversation_id"] == cid]
    assert len(ours) == 1 and any("swap failed" in m["text"] for m in ours[0]["messages"])
    assert EMAIL not in got.text, "bulk exports carry no email or phone"
    used = client.post(download, headers=csrf(client))
    assert used.status_code == 403 and "used" in used.json()["detail"]

    seen = actions_by(client, "kim@desk.example")
    assert ("export.requested", f"export:{request_id}") in seen
    assert ("export.downloaded", f"export:{request_id}") in seen
    assert ("export.approved", f"export:{request_id}") in actions_by(client, "sam@desk.example")


def test_csv_export_is_formula_safe_and_approvals_expire(desk: TestClient) -> None:
    client = desk
    cid, auth = start(client)
    send(client, cid, auth, '=HYPERLINK("http://evil.example","click") my swap failed')

    as_agent(client, "kim@desk.example")
    first, second = _ask(client), _ask(client, "second look at the same period")
    as_agent(client, "ada@desk.example")
    for request_id in (first, second):
        ok = client.post(f"/console/exports/{request_id}/approve", headers=csrf(client))
        assert ok.status_code == 200

    async def _expire() -> None:
        async with _services(client).db.session() as session:
            await session.execute(
                update(ExportRequest)
                .where(ExportRequest.id == second)
                .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            )
            await session.commit()

    _call(client, _expire)

    as_agent(client, "kim@desk.example")
    got = client.post(f"/console/exports/{first}/download?format=csv", headers=csrf(client))
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0][:2] == ["conversation_id", "customer_id"]
    texts = [row[-1] for row in rows[1:] if row[0] == cid]
    assert any(t.startswith("'=HYPERLINK") for t in texts), "formulas are quoted as text"
    assert not any(t.startswith("=") for row in rows for t in row)
    expired = client.post(f"/console/exports/{second}/download", headers=csrf(client))
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]
    bad_format = client.post(
        f"/console/exports/{second}/download?format=xlsx", headers=csrf(client)
    )
    assert bad_format.status_code == 422
