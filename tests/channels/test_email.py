"""The email channel end to end, against real SMTP on both sides: mail in through the
desk's own listener, the answer out to a local SMTP server (aiosmtpd)."""

from __future__ import annotations

import smtplib

import pytest
from fastapi.testclient import TestClient

from tests.api.test_console import csrf_of
from tests.api.test_customer import PHRASE, stored
from tests.api.test_desk import agent, as_agent, team
from tests.channels.conftest import SUPPORT, Sink, compose, deliver
from walletdesk.store.models import Conversation, Customer, Message, Ticket

ALICE = "Alice Example <alice@customer.example>"


def body_of(message: object) -> str:
    part = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    return str(part.get_content())


def conversation_of(client: TestClient, sender: str) -> Conversation:
    customers = [c for c in stored(client, Customer) if c.email == sender]
    assert len(customers) == 1, customers
    rows = stored(client, Conversation, customer_id=customers[0].id)
    assert len(rows) == 1, rows
    return rows[0]  # type: ignore[no-any-return]


def test_email_in_bot_reply_out_and_the_thread_continues(
    email_client: TestClient, sink: Sink
) -> None:
    client = email_client
    first = compose(ALICE, "How do I back up my recovery phrase?", "Hi, I just installed it.")
    deliver(client, first)

    reply = sink.wait_for(1)[0]
    assert sink.recipients[0] == ["alice@customer.example"]
    assert reply["In-Reply-To"] == first["Message-ID"]
    assert first["Message-ID"] in reply["References"]
    assert reply["Subject"] == "Re: How do I back up my recovery phrase?"
    assert reply["Auto-Submitted"] == "auto-replied" and reply["Content-Language"] == "en"
    assert SUPPORT in reply["From"]
    text = body_of(reply)
    assert "/kb/en/backup-recovery-phrase" in text, "the bot's answer, with its article"
    assert "never ask for your recovery phrase" in text, "the safety footer"

    conversation = conversation_of(client, "alice@customer.example")
    assert conversation.channel == "email" and conversation.external_ref == first["Message-ID"]
    customer = stored(client, Customer, id=conversation.customer_id)[0]
    assert customer.display_name == "Alice Example"
    customer_msg = stored(client, Message, conversation_id=conversation.id, sender="customer")
    assert [m.external_id for m in customer_msg] == [first["Message-ID"]]
    bot = stored(client, Message, conversation_id=conversation.id, sender="bot")
    assert {m.external_id for m in bot} == {reply["Message-ID"]}, "stamped: sent once"

    # the customer answers in Chinese above the quoted answer: same conversation, quote cut
    quoted = "\n".join(f"> {line}" for line in text.splitlines())
    second = compose(
        ALICE,
        "Re: How do I back up my recovery phrase?",
        f"助记词丢了还能找回吗？\n\n在 2026年1月1日 10:00，TestWallet Support <{SUPPORT}> 写道：\n"
        f"{quoted}\n",
        reply_to=reply,
    )
    deliver(client, second)
    answer = sink.wait_for(2)[1]
    assert answer["In-Reply-To"] == second["Message-ID"]
    assert first["Message-ID"] in answer["References"], "the thread root stays in References"
    assert answer["Content-Language"] == "zh"
    assert "绝不会索要您的助记词" in body_of(answer), "the footer in the customer's language"
    assert conversation_of(client, "alice@customer.example").id == conversation.id
    texts = [
        m.text for m in stored(client, Message, conversation_id=conversation.id, sender="customer")
    ]
    assert texts[-1] == "助记词丢了还能找回吗？", "quoted text and attribution stripped"

    # the same message delivered twice (a retrying mail server) is stored and answered once
    deliver(client, second)
    assert len(stored(client, Message, conversation_id=conversation.id, sender="customer")) == 2
    assert len(sink.messages) == 2


def test_secret_in_an_email_is_redacted_before_storage_and_the_reply_warns(
    email_client: TestClient, sink: Sink
) -> None:
    client = email_client
    deliver(
        client,
        compose(
            "bob@customer.example",
            f"urgent {PHRASE}",
            f"Support on Telegram told me to email my phrase: {PHRASE}\nPlease verify my wallet.",
        ),
    )
    reply = sink.wait_for(1)[0]
    text = body_of(reply)
    assert "compromised" in text, "told at once: the phrase must be treated as compromised"
    for word in ("sausage", "yellow"):
        assert word not in text and word not in reply["Subject"]
    conversation = conversation_of(client, "bob@customer.example")
    assert conversation.risk == "high" and "secret_pasted" in conversation.risk_flags
    for message in stored(client, Message, conversation_id=conversation.id):
        assert "sausage" not in message.text and "yellow" not in message.text
        assert "sausage" not in str(message.meta)


def test_attachment_is_refused_and_never_stored(email_client: TestClient, sink: Sink) -> None:
    client = email_client
    message = compose("carol@customer.example", "my transfer", "See my bank statement.")
    message.add_attachment(
        b"%PDF-1.4 secret-statement-bytes", maintype="application", subtype="pdf",
        filename="statement.pdf",
    )  # fmt: skip
    deliver(client, message)
    reply = sink.wait_for(1)[0]
    assert "did not accept the attachment" in body_of(reply)
    assert not reply.is_multipart() or not list(reply.iter_attachments())
    conversation = conversation_of(client, "carol@customer.example")
    rows = stored(client, Message, conversation_id=conversation.id)
    notice = [m for m in rows if m.meta.get("kind") == "email_attachments_refused"]
    assert len(notice) == 1 and notice[0].meta["types"] == ["application/pdf"]
    for row in rows:
        assert "secret-statement-bytes" not in row.text and "statement.pdf" not in row.text


def test_someone_else_cannot_write_into_a_customers_thread(
    email_client: TestClient, sink: Sink
) -> None:
    client = email_client
    deliver(client, compose(ALICE, "Where is my ETH?", "My transfer has been pending for hours"))
    reply = sink.wait_for(1)[0]
    alice = conversation_of(client, "alice@customer.example")
    forged = compose("mallory@attacker.example", "Re: Where is my ETH?", "ok", reply_to=reply)
    deliver(client, forged)
    mallory = conversation_of(client, "mallory@attacker.example")
    assert mallory.id != alice.id, "a reply from another address starts its own conversation"
    assert len(stored(client, Message, conversation_id=alice.id, sender="customer")) == 1


def test_auto_replies_bounces_and_oversized_mail_are_not_answered(
    email_client: TestClient, sink: Sink
) -> None:
    client = email_client
    deliver(
        client,
        compose(
            "dave@customer.example",
            "Out of office",
            "I am away until Monday.",
            headers={"Auto-Submitted": "auto-replied"},
        ),
    )
    deliver(client, compose("mailer-daemon@customer.example", "Undelivered", "failed"))
    assert not stored(client, Conversation, channel="email"), "no conversation, no reply loop"

    huge = compose("erin@customer.example", "big", "x" * 300_000)
    with pytest.raises(smtplib.SMTPException) as refused:
        deliver(client, huge)
    assert "552" in str(refused.value) or getattr(refused.value, "smtp_code", 0) == 552
    assert sink.messages == []


def test_agent_reply_goes_out_by_email_in_the_thread(email_client: TestClient, sink: Sink) -> None:
    client = email_client
    team(client, "Support", ["ar"], [])
    agent(client, "ana@desk.example", "English", ["en"], skills=["transactions"])
    first = compose(ALICE, "Transfer missing", "I want to talk to a human agent please")
    deliver(client, first)
    sink.wait_for(1)
    conversation = conversation_of(client, "alice@customer.example")
    if stored(client, Conversation, id=conversation.id)[0].status == "intake":
        deliver(client, compose(ALICE, "Re: Transfer missing", "skip", reply_to=sink.messages[-1]))
        sink.wait_for(2)
    assert stored(client, Ticket, conversation_id=conversation.id), "handed off to a human"
    sent_before = len(sink.messages)
    last_customer = stored(client, Message, conversation_id=conversation.id, sender="customer")[-1]

    as_agent(client, "ana@desk.example")
    csrf = csrf_of(client, f"/console/c/{conversation.id}")
    response = client.post(
        f"/console/c/{conversation.id}/reply",
        json={"text": "Hi Alice, I am checking your transfer now."},
        headers={"x-csrf-token": csrf},
    )
    assert response.status_code == 201, response.text
    mail = sink.wait_for(sent_before + 1)[-1]
    assert "I am checking your transfer now." in body_of(mail)
    assert "Auto-Submitted" not in mail, "a person wrote this one"
    assert mail["In-Reply-To"] == last_customer.external_id
    assert first["Message-ID"] in mail["References"]

    blocked = client.post(
        f"/console/c/{conversation.id}/reply",
        json={"text": "Please send us your 12-word recovery phrase so we can verify."},
        headers={"x-csrf-token": csrf},
    )
    assert blocked.status_code == 422, "the same outgoing guard as the widget"
    assert len(sink.messages) == sent_before + 1


def test_an_email_from_a_known_address_joins_that_customer(
    email_client: TestClient, sink: Sink
) -> None:
    """A customer who left their address in the widget and later writes by email is the
    same customer (found by the address's blind index, never by decrypting everyone)."""
    from tests.api.test_customer import send, start

    client = email_client
    cid, auth = start(client)
    send(client, cid, auth, "my transfer is pending")
    left = client.post(
        f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": "Alice@Customer.example"}
    )
    assert left.status_code == 200, left.text
    widget_customer = [c for c in stored(client, Customer) if c.email == "alice@customer.example"]
    assert len(widget_customer) == 1 and widget_customer[0].email_index

    deliver(client, compose(ALICE, "Still pending", "Any news about my transfer?"))
    sink.wait_for(1)
    by_email = stored(client, Conversation, channel="email")
    assert [c.customer_id for c in by_email] == [widget_customer[0].id]
    assert len(stored(client, Customer)) == 1, "no second customer for the same address"

    from walletdesk.desk.privacy import delete_customer

    db = client.app.state.services.db  # type: ignore[attr-defined]
    client.portal.call(lambda: delete_customer(db, widget_customer[0].id, "test"))  # type: ignore[union-attr]
    deliver(client, compose(ALICE, "Hello again", "Is anyone there?"))
    sink.wait_for(2)
    customers = stored(client, Customer)
    assert len(customers) == 2, "an erased customer is never matched again"
    assert [c.email_index for c in customers if c.deleted_at is not None] == [None]


def test_an_email_customer_handed_to_a_person_is_told_to_reply_by_email(
    email_client: TestClient, sink: Sink
) -> None:
    from walletdesk.bot.messages import message
    from walletdesk.desk.texts import text as desk_text

    first = compose(ALICE, "Need a person", "I want to talk to a human agent")
    deliver(email_client, first)
    [reply] = sink.wait_for(1)
    body = " ".join(body_of(reply).split())
    assert " ".join(message("handoff_email", "en").split()) in body
    assert "window" not in body, "an email has no window to keep open"

    deliver(email_client, compose(ALICE, "Re: Need a person", "skip", reply_to=reply))
    queued = " ".join(body_of(sink.wait_for(2)[1]).split())
    # nobody is online in this test desk: the email version of "no agent right now"
    assert " ".join(desk_text("queue_offline_email", "en").split()) in queued
    assert "window" not in queued and "Leave your email" not in queued
