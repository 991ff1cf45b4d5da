"""Webhooks against a real local HTTP receiver: HMAC signatures, retries with backoff
after 500s, the dead letter and its retry action, SSRF rules for target URLs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.test_customer import PHRASE, send, start, stored
from tests.api.test_desk import agent, as_agent, hand_off, post_form
from tests.integrations.conftest import Receiver, admin_session, bearer, issue_key
from walletdesk.config import Settings
from walletdesk.integrations.webhooks import WebhookRefused, check_url, verify
from walletdesk.store.models import Webhook, WebhookDelivery


@pytest.fixture
def fast_client(settings: Settings) -> Iterator[TestClient]:
    """Retries after 50 ms, 100 ms, ...; three attempts before the dead letter."""
    from walletdesk.app import create_app

    quick = settings.model_copy(update={"webhook_backoff_seconds": 0.05, "webhook_max_attempts": 3})
    with TestClient(create_app(quick)) as client:
        yield client


def subscribe(client: TestClient, token: str, url: str, events: list[str]) -> str:
    response = client.post(
        "/api/v1/integrations/webhooks", json={"url": url, "events": events}, headers=bearer(token)
    )
    assert response.status_code == 201, response.text
    secret = response.json()["secret"]
    assert secret.startswith("whsec_")
    return str(secret)


def deliveries(client: TestClient) -> list[WebhookDelivery]:
    return stored(client, WebhookDelivery)


def test_events_are_signed_retried_after_500s_and_redacted(
    fast_client: TestClient, receiver: Receiver
) -> None:
    client = fast_client
    csrf = admin_session(client)
    token = issue_key(client, csrf, "webhooks:manage")
    secret = subscribe(client, token, receiver.url, ["conversation.created", "message.created"])
    assert secret not in str([vars(w) for w in stored(client, Webhook)]), "sealed at rest"

    attempts: Counter[str] = Counter()

    def flaky(headers: dict[str, str]) -> int:
        attempts[headers["x-walletdesk-delivery"]] += 1
        return 500 if attempts[headers["x-walletdesk-delivery"]] <= 2 else 200

    receiver.answer = flaky
    cid, auth = start(client)
    send(client, cid, auth, f"someone asked for my words: {PHRASE}")

    def settled() -> bool:
        rows = deliveries(client)
        return bool(rows) and all(r.status == "delivered" for r in rows) and len(rows) >= 4

    receiver.wait_until(lambda _: settled())
    rows = deliveries(client)
    assert {r.event for r in rows} == {"conversation.created", "message.created"}
    assert all(r.attempts == 3 for r in rows), "two 500s, then delivered"
    for request in receiver.requests:
        headers = request.headers
        assert verify(secret, headers["x-walletdesk-timestamp"], request.body,
                      headers["x-walletdesk-signature"])  # fmt: skip
        assert not verify("whsec_wrong", headers["x-walletdesk-timestamp"], request.body,
                          headers["x-walletdesk-signature"])  # fmt: skip
        assert request.json["type"] == headers["x-walletdesk-event"]
        assert "sausage" not in request.body.decode(), "message text arrives redacted"
    retried = Counter(r.headers["x-walletdesk-delivery"] for r in receiver.requests)
    assert set(retried.values()) == {3}, "each retry carries the same delivery id"
    created = [r.json for r in receiver.requests if r.json["type"] == "conversation.created"]
    assert created[0]["data"]["conversation"]["id"] == cid
    customer = [
        r.json["data"]["message"]
        for r in receiver.requests
        if r.json["type"] == "message.created" and r.json["data"]["message"]["sender"] == "customer"
    ]
    assert customer and customer[0]["text"].startswith("someone asked for my words")

    tampered = receiver.requests[0]
    assert not verify(secret, tampered.headers["x-walletdesk-timestamp"],
                      tampered.body + b" ", tampered.headers["x-walletdesk-signature"])  # fmt: skip
    stale = str(int(tampered.headers["x-walletdesk-timestamp"]) - 3600)
    assert not verify(secret, stale, tampered.body, tampered.headers["x-walletdesk-signature"])


def test_dead_letter_lists_failures_and_retry_delivers(
    fast_client: TestClient, receiver: Receiver
) -> None:
    client = fast_client
    csrf = admin_session(client)
    created = client.post(
        "/console/api/integrations/webhooks",
        json={"url": receiver.url, "events": ["conversation.handoff", "ticket.solved",
                                              "csat.received"]},
        headers=csrf,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    receiver.answer = lambda _headers: 503
    agent(client, "gus@desk.example", "General", ["en"], skills=["transactions"])
    cid, auth = hand_off(client, "my transfer is pending for hours")

    receiver.wait_until(lambda _: any(r.status == "dead" for r in deliveries(client)))
    dead = client.get("/console/api/integrations/deliveries?status=dead").json()["deliveries"]
    assert [d["event"] for d in dead] == ["conversation.handoff"]
    assert dead[0]["attempts"] == 3 and dead[0]["last_error"] == "HTTP 503"
    assert len(receiver.requests) == 3

    receiver.answer = lambda _headers: 204
    retry = client.post(f"/console/api/integrations/deliveries/{dead[0]['id']}/retry", headers=csrf)
    assert retry.status_code == 200 and retry.json()["delivery"]["status"] == "pending"
    again = client.post(f"/console/api/integrations/deliveries/{dead[0]['id']}/retry", headers=csrf)
    assert again.status_code == 422 and "only dead deliveries" in again.text
    receiver.wait_until(lambda _: all(r.status == "delivered" for r in deliveries(client)))
    handoff = receiver.requests[-1].json
    assert handoff["data"]["conversation_id"] == cid and handoff["data"]["ticket"]["id"]

    # the solve and the customer's rating follow, signed like the rest
    as_agent(client, "gus@desk.example")
    assert post_form(client, cid, "status", action="solve").status_code == 303
    rating = client.post(
        f"/api/v1/conversations/{cid}/csat", headers=auth, json={"score": 5, "comment": "great"}
    )
    assert rating.status_code == 201, rating.text
    receiver.wait_until(lambda got: {"ticket.solved", "csat.received"} <= {
        json.loads(r.body)["type"] for r in got if r.status == 204
    })  # fmt: skip
    csat = next(r.json for r in receiver.requests if r.json["type"] == "csat.received")
    assert csat["data"]["score"] == 5 and csat["data"]["comment"] == "great"
    last = receiver.requests[-1]
    assert verify(secret, last.headers["x-walletdesk-timestamp"], last.body,
                  last.headers["x-walletdesk-signature"])  # fmt: skip


def test_webhook_targets_must_be_safe(client: TestClient, receiver: Receiver) -> None:
    csrf = admin_session(client)
    token = issue_key(client, csrf, "webhooks:manage")
    for url, reason in [
        ("http://crm.example.com/hook", "https"),
        ("ftp://crm.example.com/hook", "https"),
        ("https://user:pw@crm.example.com/hook", "credentials"),
        ("https://crm.example.com/hook#x", "fragment"),
    ]:
        response = client.post(
            "/api/v1/integrations/webhooks",
            json={"url": url, "events": ["message.created"]},
            headers=bearer(token),
        )
        assert response.status_code == 422 and reason in response.text, url
    unknown = client.post(
        "/api/v1/integrations/webhooks",
        json={"url": receiver.url, "events": ["everything"]},
        headers=bearer(token),
    )
    assert unknown.status_code == 422 and "unknown event" in unknown.text
    other = issue_key(client, csrf, "webhooks:manage", name="other")
    mine = subscribe(client, token, receiver.url, ["message.created"])
    assert mine
    hook_id = client.get("/api/v1/integrations/webhooks", headers=bearer(token)).json()["webhooks"][
        0
    ]["id"]
    assert client.get("/api/v1/integrations/webhooks", headers=bearer(other)).json() == {
        "webhooks": []
    }, "a key sees only its own webhooks"
    path = f"/api/v1/integrations/webhooks/{hook_id}"
    assert client.delete(path, headers=bearer(other)).status_code == 404
    assert client.delete(path, headers=bearer(token)).status_code == 204


async def test_production_refuses_private_and_loopback_targets() -> None:
    production = Settings(environment="production", public_url="https://desk.wallet.example")
    for url in (
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:192.168.1.1]/hook",
        "https://localhost/hook",
        "https://localhost./hook",  # not the name rule: refused once resolved
        "http://127.0.0.1:8080/hook",
    ):
        with pytest.raises(WebhookRefused):
            await check_url(url, production)
    assert await check_url("https://93.184.216.34/hook", production)
    development = Settings(public_url="http://127.0.0.1:8000")
    assert await check_url("http://127.0.0.1:9000/hook", development)
    with pytest.raises(WebhookRefused):
        await check_url("http://10.1.2.3/hook", development)
