"""Personalised security reminders: the rules, creation from the message flow (once per
customer and rule), the widget API (list, dismiss, opt out), four languages through the
outgoing guard, and the email job."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_customer import PHRASE, send, start, stored
from walletdesk.config import Settings
from walletdesk.desk import reminders
from walletdesk.language.entities import Entity, extract_entities
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.store.models import Conversation, Customer, Reminder
from walletdesk.wiring import build_links


def listed(client: TestClient, auth: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/reminders", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def rules(client: TestClient, auth: dict[str, str]) -> list[str]:
    return [r["rule"] for r in listed(client, auth)["reminders"]]


def customer_id(client: TestClient, cid: str) -> str:
    return str(stored(client, Conversation, id=cid)[0].customer_id)


# ---- rules (pure) --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "large"),
    [
        ("I sent 5000 USDT", True),
        ("I sent 999 USDT", False),
        ("sent 1.5 ETH to my friend", True),
        ("sent 0.1 eth", False),
        ("0.05 BTC", True),
        ("转了两万U", True),
        ("转了五百u", False),
        ("100000 DOGE", False),  # no threshold for a token we do not know
    ],
)
def test_large_amounts_per_token(text: str, large: bool) -> None:
    amounts = [e for e in extract_entities(text) if e.kind == "amount"]
    assert any(reminders.is_large(e) for e in amounts) is large


def test_which_rules_a_turn_triggers() -> None:
    big = Entity("amount", "5000 USDT", 0, 9, {"amount": "5000", "token": "USDT"})
    assert reminders.triggered_rules("transfer.how_to_send", False, [big], []) == ["large_transfer"]
    assert reminders.triggered_rules("fees.gas", False, [big], []) == []
    assert reminders.triggered_rules("transfer.pending", True, [big], []) == []
    assert reminders.triggered_rules("wallet.import", False, [], []) == ["new_customer_import"]
    assert reminders.triggered_rules("security.scam_report", False, [], []) == ["scam_reported"]
    assert reminders.triggered_rules(
        "security.compromised", False, [], ["secret_pasted", "scam_fake_support"]
    ) == ["secret_pasted", "scam_reported"]
    assert reminders.triggered_rules("wallet.backup", False, [], ["link_suspicious"]) == []
    odd = Entity("amount", "x", 0, 1, {"amount": "1e999999", "token": "ETH"})
    assert reminders.is_large(odd) is True
    nan = Entity("amount", "x", 0, 1, {"amount": "NaN", "token": "ETH"})
    assert reminders.is_large(nan) is False


@pytest.mark.parametrize("rule", reminders.RULES)
@pytest.mark.parametrize("language", ["en", "zh", "es", "ar"])
def test_every_reminder_passes_the_guard_in_four_languages(rule: str, language: str) -> None:
    guard = OutgoingGuard(build_links(Settings()))
    title, body = reminders.reminder_text(rule, language)
    footer = reminders.EMAIL_FOOTER[language]
    verdict = guard.check(f"{title}\n{body}\n\n{footer}")
    assert verdict.allowed, verdict.to_dict()
    script = {"zh": r"[\u4e00-\u9fff]", "ar": r"[\u0600-\u06ff]"}.get(language, r"[a-z]")
    assert re.search(script, body)
    if language != "en":
        assert body != reminders.reminder_text(rule, "en")[1], "translated"


# ---- from the message flow to the widget ----------------------------------------------------
def test_pasted_secret_leaves_a_reminder_in_the_customers_language(client: TestClient) -> None:
    cid, auth = start(client, "zh")
    body = send(client, cid, auth, f"我的钱包打不开了，这是我的助记词 {PHRASE}")
    assert body["redacted"] is True
    shown = listed(client, auth)
    assert shown["opt_out"] is False
    assert [r["rule"] for r in shown["reminders"]] == ["secret_pasted"]
    reminder = shown["reminders"][0]
    assert reminder["language"] == "zh" and "助记词" in reminder["title"]
    assert "sausage" not in str(shown)
    row = stored(client, Reminder, id=reminder["id"])[0]
    assert row.shown_at is not None and row.conversation_id == cid
    # once per customer and rule, however often it happens
    send(client, cid, auth, PHRASE)
    assert len(stored(client, Reminder, customer_id=customer_id(client, cid))) == 1


def test_large_transfer_new_import_and_scam_rules(client: TestClient) -> None:
    cid, auth = start(client)
    send(client, cid, auth, "how do I send 5000 USDT to an exchange")
    assert rules(client, auth) == ["large_transfer"]
    send(client, cid, auth, "how do I import my wallet into the app")
    assert sorted(rules(client, auth)) == ["large_transfer", "new_customer_import"]

    scam_cid, scam_auth = start(client)
    send(client, scam_cid, scam_auth, "someone pretending to be support asked me to send money")
    assert rules(client, scam_auth) == ["scam_reported"]

    plain_cid, plain_auth = start(client)
    send(client, plain_cid, plain_auth, "what is gas")
    send(client, plain_cid, plain_auth, "how do I send 20 USDT")
    assert rules(client, plain_auth) == []


def test_an_older_customer_asking_about_import_gets_no_new_customer_reminder(
    client: TestClient,
) -> None:
    cid, auth = start(client)
    services = client.app.state.services  # type: ignore[attr-defined]
    who = customer_id(client, cid)

    async def _age() -> None:
        async with services.db.session() as session:
            row = await session.get(Customer, who)
            row.created_at = row.created_at - timedelta(days=reminders.NEW_CUSTOMER_DAYS + 1)
            await session.commit()

    client.portal.call(_age)  # type: ignore[union-attr]
    send(client, cid, auth, "how do I import my wallet into the app")
    assert rules(client, auth) == []


def test_dismiss_only_your_own_and_opt_out(client: TestClient) -> None:
    cid, auth = start(client)
    other_cid, other_auth = start(client)
    send(client, cid, auth, PHRASE)
    reminder_id = listed(client, auth)["reminders"][0]["id"]

    url = f"/api/v1/reminders/{reminder_id}/dismiss"
    assert client.post(url, headers=other_auth).status_code == 404
    assert client.post(url).status_code == 401
    assert client.post("/api/v1/reminders/../dismiss", headers=auth).status_code == 404
    assert client.post(url, headers=auth).json() == {"dismissed": True}
    assert client.post(url, headers=auth).status_code == 200, "idempotent"
    assert listed(client, auth)["reminders"] == []
    assert stored(client, Reminder, id=reminder_id)[0].dismissed_at is not None

    response = client.post("/api/v1/reminders/opt-out", headers=other_auth, json={"opt_out": 1.5})
    assert response.status_code == 422
    assert client.post("/api/v1/reminders/opt-out", headers=other_auth).json() == {"opt_out": True}
    send(client, other_cid, other_auth, PHRASE)
    assert listed(client, other_auth) == {"opt_out": True, "reminders": []}
    assert stored(client, Reminder, customer_id=customer_id(client, other_cid)) == []
    customer = stored(client, Customer, id=customer_id(client, other_cid))[0]
    assert customer.reminders_opt_out is True
    back_on = client.post("/api/v1/reminders/opt-out", headers=other_auth, json={"opt_out": False})
    assert back_on.json() == {"opt_out": False}


def test_a_failing_reminder_never_costs_the_customer_their_answer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> list[Reminder]:
        raise RuntimeError("boom")

    monkeypatch.setattr(reminders, "create_reminders", broken)
    cid, auth = start(client)
    body = send(client, cid, auth, PHRASE)
    assert "compromised" in body["replies"][0]["text"]
    assert listed(client, auth)["reminders"] == []


# ---- email -----------------------------------------------------------------------------------
def test_reminders_are_emailed_once_to_customers_who_left_an_address(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with_email, auth = start(client, "es")
    send(client, with_email, auth, f"mi billetera no abre, esta es mi frase: {PHRASE}")
    answer = client.post(
        f"/api/v1/conversations/{with_email}/email", headers=auth, json={"email": "ana@example.com"}
    )
    assert answer.status_code == 200, answer.text
    quiet, quiet_auth = start(client)
    send(client, quiet, quiet_auth, PHRASE)  # no address: shown in the widget only
    opted, opted_auth = start(client)
    send(client, opted, opted_auth, PHRASE)
    client.post(
        f"/api/v1/conversations/{opted}/email", headers=opted_auth, json={"email": "x@example.com"}
    )
    client.post("/api/v1/reminders/opt-out", headers=opted_auth)

    run = client.portal.call  # type: ignore[union-attr]
    assert reminders.channel_sender(services.settings) is None, "no SMTP server in this test"
    assert run(reminders.send_reminder_emails, services.db, services.guard) == 0
    assert all(r.emailed_at is None for r in stored(client, Reminder))

    sent: list[tuple[str, str, str]] = []
    languages: set[str] = set()

    async def fake_send(to: str, subject: str, body: str, language: str) -> None:
        sent.append((to, subject, body))
        languages.add(language)

    anas = stored(client, Reminder, customer_id=customer_id(client, with_email))
    count = run(reminders.send_reminder_emails, services.db, services.guard, fake_send)
    assert count == len(sent) == len(anas) >= 1
    assert {to for to, _, _ in sent} == {"ana@example.com"}
    assert reminders.reminder_text("secret_pasted", "es")[0] in [subject for _, subject, _ in sent]
    assert all("desactivar" in body for _, _, body in sent)
    assert languages == {"es"}, "the email goes out in the conversation's language"
    assert run(reminders.send_reminder_emails, services.db, services.guard, fake_send) == 0
    emailed = [r for r in stored(client, Reminder) if r.emailed_at is not None]
    assert {r.id for r in emailed} == {r.id for r in anas}


def test_reminder_email_goes_out_through_the_email_channel(client: TestClient) -> None:
    """The default sender is the email channel, against a real local SMTP server."""
    from aiosmtpd.controller import Controller

    from tests.channels.conftest import Sink, free_port
    from walletdesk.channels.email import footer

    services = client.app.state.services  # type: ignore[attr-defined]
    cid, auth = start(client, "ar")
    send(client, cid, auth, f"لا أستطيع فتح محفظتي، هذه عبارتي {PHRASE}")
    client.post(f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": "s@example.com"})
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with_smtp = services.settings.model_copy(
            update={"smtp_url": f"smtp://127.0.0.1:{controller.port}"}
        )
        run = client.portal.call  # type: ignore[union-attr]
        sent = run(
            lambda: reminders.send_reminder_emails(services.db, services.guard, settings=with_smtp)
        )
        assert sent >= 1
        # one email per reminder; two reminders made in one turn may go out in either order
        subject = reminders.reminder_text("secret_pasted", "ar")[0]
        [message] = [m for m in sink.wait_for(sent) if m["Subject"] == subject]
    finally:
        controller.stop()
    assert all(to == ["s@example.com"] for to in sink.recipients)
    body = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert reminders.EMAIL_FOOTER["ar"] in body and "sausage" not in body
    # the safety footer and Content-Language follow the customer's language, not English
    assert message["Content-Language"] == "ar"
    assert footer(services.settings, "ar") in body
