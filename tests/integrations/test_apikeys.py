"""API keys: created by admins only, shown once and stored hashed, scoped, revocable;
a conversation read through a key lands in the audit chain."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_customer import PHRASE, send, start, stored
from tests.api.test_desk import agent, as_agent, hand_off, ticket_of
from tests.integrations.conftest import admin_session, bearer, issue_key
from walletdesk.store.models import ApiKey, AuditEvent


def test_only_admins_create_keys_and_the_key_is_shown_once(client: TestClient) -> None:
    agent(client, "ann@desk.example", "Ops", ["en"])
    as_agent(client, "ann@desk.example")
    assert client.get("/console/api/integrations/keys").status_code == 403
    client.cookies.clear()
    assert client.get("/console/api/integrations/keys").status_code == 401

    csrf = admin_session(client)
    no_csrf = client.post(
        "/console/api/integrations/keys", json={"name": "x", "scopes": ["tickets:read"]}
    )
    assert no_csrf.status_code == 403
    bad = client.post(
        "/console/api/integrations/keys", json={"name": "x", "scopes": ["root"]}, headers=csrf
    )
    assert bad.status_code == 422 and "unknown scope" in bad.text

    token = issue_key(client, csrf, "tickets:read")
    listing = client.get("/console/api/integrations/keys").json()["api_keys"]
    assert [k["scopes"] for k in listing] == [["tickets:read"]]
    assert token not in str(listing) and listing[0]["prefix"] == token[:12]
    row = stored(client, ApiKey)[0]
    assert row.key_hash != token and token not in str(vars(row))
    assert stored(client, AuditEvent, action="apikey.created")


def test_scopes_are_enforced_and_reads_are_audited(client: TestClient) -> None:
    agent(client, "gus@desk.example", "General", ["en"], skills=["transactions"])
    cid, _ = hand_off(client, "my transfer is pending for hours")
    other, auth = start(client)
    send(client, other, auth, f"is this safe to share {PHRASE}")
    csrf = admin_session(client)
    reader = issue_key(client, csrf, "tickets:read", name="reporting")
    support = issue_key(client, csrf, "conversations:read", "tickets:write", name="crm")

    assert client.get("/api/v1/integrations/tickets").status_code == 401
    forged = bearer("wdk_" + "x" * 43)
    assert client.get("/api/v1/integrations/tickets", headers=forged).status_code == 401
    tickets = client.get("/api/v1/integrations/tickets", headers=bearer(reader)).json()["tickets"]
    ticket = ticket_of(client, cid)
    assert ticket.id in [t["id"] for t in tickets], "(the pasted secret is a ticket too)"
    assert "facts" not in tickets[0], "no customer words through tickets:read"
    denied = client.get(f"/api/v1/integrations/conversations/{cid}", headers=bearer(reader))
    assert denied.status_code == 403 and "conversations:read" in denied.text

    read = client.get(f"/api/v1/integrations/conversations/{other}", headers=bearer(support))
    assert read.status_code == 200
    texts = " ".join(m["text"] for m in read.json()["messages"])
    assert "sausage" not in texts, "the stored (redacted) text only"
    key_id = client.get("/api/v1/integrations/me", headers=bearer(support)).json()["id"]
    viewed = stored(client, AuditEvent, action="conversation.viewed", actor=f"apikey:{key_id}")
    assert [e.target for e in viewed] == [f"conversation:{other}"]

    patch = {"add_tags": ["crm:linked"], "status": "pending_customer"}
    path = f"/api/v1/integrations/tickets/{ticket.id}"
    assert client.patch(path, json=patch, headers=bearer(reader)).status_code == 403
    changed = client.patch(path, json=patch, headers=bearer(support))
    assert changed.status_code == 200, changed.text
    assert changed.json()["ticket"]["status"] == "pending_customer"
    assert "crm:linked" in ticket_of(client, cid).tags
    bad = client.patch(path, json={"add_tags": ["Not A Tag!"]}, headers=bearer(support))
    assert bad.status_code == 422

    revoked = client.post(f"/console/api/integrations/keys/{key_id}/revoke", headers=csrf)
    assert revoked.status_code == 200 and revoked.json()["api_key"]["revoked_at"]
    gone = client.get(f"/api/v1/integrations/conversations/{other}", headers=bearer(support))
    assert gone.status_code == 401
