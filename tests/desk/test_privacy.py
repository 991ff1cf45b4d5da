"""Privacy through the real desk: one customer's export and erasure, the retention purge,
and logs that never carry message text."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import structlog
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from tests import support
from tests.api.test_console import csrf_of
from tests.api.test_customer import send, start, stored
from tests.api.test_desk import (
    _call,
    _services,
    agent,
    as_agent,
    hand_off,
    post_form,
    team,
    ticket_of,
)
from walletdesk.audit.chain import verify
from walletdesk.config import Settings
from walletdesk.desk import privacy
from walletdesk.logging import WITHHELD, configure_logging, scrub_sensitive
from walletdesk.store.db import Database
from walletdesk.store.models import (
    AuditEvent,
    Conversation,
    Customer,
    CustomerToken,
    Message,
    Ticket,
    TicketEvent,
    utcnow,
)

NAME = "Bartholomew"
EMAIL = "bart.holo@example.org"
PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


@pytest.fixture
def desk_client(client: TestClient) -> TestClient:
    """As in tests/api/test_desk.py: the default team only speaks Arabic here."""
    team(client, "Support", ["ar"], [])
    return client


def solved_case(client: TestClient) -> tuple[str, dict[str, str], str]:
    """A customer who left an email, talked to an agent (who wrote a note), got a solve
    and rated it. Returns (conversation id, customer auth, customer id)."""
    agent(client, "kim@desk.example", "General", ["en"])
    cid, auth = hand_off(client, f"My swap failed and I lost the gas fee, I am {NAME}")
    left = client.post(f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": EMAIL})
    assert left.status_code == 200
    as_agent(client, "kim@desk.example")
    reply = client.post(
        f"/console/c/{cid}/reply",
        json={"text": f"Hi {NAME}, I'm looking at it now."},
        headers={"x-csrf-token": csrf_of(client, f"/console/c/{cid}")},
    )
    assert reply.status_code == 201
    assert post_form(client, cid, "note", text=f"{NAME} sounds upset").status_code == 303
    assert post_form(client, cid, "status", action="solve").status_code == 303
    rated = client.post(
        f"/api/v1/conversations/{cid}/csat",
        headers=auth,
        json={"score": 4, "comment": f"thanks, {NAME} here"},
    )
    assert rated.status_code == 201
    return cid, auth, stored(client, Conversation, id=cid)[0].customer_id


def audit_actions(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    return [(e.action, e.target, e.data) for e in stored(client, AuditEvent)]


def chain_ok(client: TestClient) -> bool:
    async def _verify() -> bool:
        async with _services(client).db.read_session() as session:
            return not (await verify(session))[1]

    return bool(_call(client, _verify))


# ---- one customer's data ----------------------------------------------------------------
def test_export_holds_everything_about_the_customer_and_is_audited(
    desk_client: TestClient,
) -> None:
    client = desk_client
    cid, _, customer_id = solved_case(client)

    async def _export() -> dict[str, Any]:
        return await privacy.export_customer(_services(client).db, customer_id, "admin-1")

    document = _call(client, _export)
    assert document["customer"]["email"] == EMAIL, "decrypted for the person it belongs to"
    [conversation] = document["conversations"]
    texts = [m["text"] for m in conversation["messages"]]
    assert any(NAME in t for t in texts) and conversation["id"] == cid
    [ticket] = conversation["tickets"]
    assert ticket["csat"]["score"] == 4 and NAME in ticket["csat"]["comment"]
    dumped = json.dumps(document, ensure_ascii=False)
    assert "sounds upset" not in dumped, "internal notes are not part of the export"
    assert "risk_flags" not in dumped
    assert ("privacy.exported", f"customer:{customer_id}") in [
        (a, t) for a, t, _ in audit_actions(client)
    ]

    async def _missing() -> None:
        await privacy.export_customer(_services(client).db, "nobody", "admin-1")

    with pytest.raises(privacy.NotFound):
        _call(client, _missing)


def test_delete_erases_personal_data_keeps_anonymous_stats_and_revokes_tokens(
    desk_client: TestClient,
) -> None:
    client = desk_client
    cid, auth, customer_id = solved_case(client)
    other_cid, other_auth = start(client)
    send(client, other_cid, other_auth, "unrelated customer with a question about fees")

    async def _delete() -> privacy.Erasure:
        return await privacy.delete_customer(_services(client).db, customer_id, "admin-1")

    report = _call(client, _delete)
    assert report.conversations == 1 and report.messages >= 5 and report.tokens_revoked == 1
    customer = stored(client, Customer, id=customer_id)[0]
    assert customer.email is None and customer.deleted_at is not None
    for message in stored(client, Message, conversation_id=cid):
        assert message.text == privacy.ERASED and NAME not in json.dumps(message.meta)
    ticket = ticket_of(client, cid)
    assert ticket.csat_score == 4 and ticket.status == "solved", "anonymous statistics stay"
    assert ticket.csat_comment is None and NAME not in json.dumps(ticket.facts)
    for event in stored(client, TicketEvent, ticket_id=ticket.id):
        assert NAME not in json.dumps(event.data) and "upset" not in json.dumps(event.data)
    assert stored(client, CustomerToken, customer_id=customer_id)[0].revoked_at is not None
    assert client.get("/api/v1/conversations", headers=auth).status_code == 401
    # the other customer is untouched
    assert client.get("/api/v1/conversations", headers=other_auth).status_code == 200
    others = [m.text for m in stored(client, Message, conversation_id=other_cid)]
    assert any("unrelated customer" in t for t in others)
    assert ("privacy.deleted", f"customer:{customer_id}") in [
        (a, t) for a, t, _ in audit_actions(client)
    ]
    assert chain_ok(client)
    settings = _services(client).settings
    if settings.is_sqlite:  # not in old log frames or free pages either: nowhere on disk
        files = list(settings.data_dir.glob("walletdesk.db*"))
        assert files and not any(NAME.encode() in f.read_bytes() for f in files)
    again = _call(client, _delete)
    assert again.already_deleted and again.tokens_revoked == 0, "erasing twice is harmless"


# ---- retention --------------------------------------------------------------------------
def _age(client: TestClient, conversation_id: str, days: int) -> None:
    """Move a conversation (and its tickets) ``days`` into the past."""
    past = utcnow() - timedelta(days=days)

    async def _move() -> None:
        async with _services(client).db.session() as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id)
                .values(updated_at=past, created_at=past)
            )
            await session.execute(
                update(Ticket)
                .where(Ticket.conversation_id == conversation_id)
                .values(updated_at=past)
            )
            customer = (
                await session.execute(
                    text("SELECT customer_id FROM conversations WHERE id = :id"),
                    {"id": conversation_id},
                )
            ).scalar_one()
            await session.execute(
                update(Customer).where(Customer.id == customer).values(created_at=past)
            )
            await session.execute(
                update(CustomerToken)
                .where(CustomerToken.customer_id == customer)
                .values(created_at=past)
            )
            await session.commit()

    _call(client, _move)


def test_purge_removes_old_closed_conversations_and_keeps_the_rest(
    desk_client: TestClient,
) -> None:
    client = desk_client
    solved, _, solved_customer = solved_case(client)
    old_bot, old_auth = start(client)
    send(client, old_bot, old_auth, "how do I back up my recovery phrase?")
    still_open, _ = hand_off(client, "my transfer is stuck since yesterday")
    recent, _ = start(client)
    for cid in (solved, old_bot, still_open):
        _age(client, cid, 120)
    events_before = len(stored(client, AuditEvent))
    db = _services(client).db

    async def _dry() -> privacy.PurgeReport:
        return await privacy.purge(db, utcnow(), 90, dry_run=True, actor="cli")

    dry = _call(client, _dry)
    assert (dry.conversations, dry.tickets, dry.customers) == (2, 1, 2)
    assert len(stored(client, Conversation, id=solved)) == 1, "a dry run deletes nothing"

    async def _purge() -> privacy.PurgeReport:
        return await privacy.purge(db, utcnow(), 90, actor="cli")

    report = _call(client, _purge)
    assert (report.conversations, report.tickets, report.customers) == (2, 1, 2)
    assert report.messages == dry.messages > 5
    for gone in (solved, old_bot):
        assert stored(client, Conversation, id=gone) == []
        assert stored(client, Message, conversation_id=gone) == []
    assert stored(client, Customer, id=solved_customer) == []
    assert len(stored(client, Conversation, id=still_open)) == 1, "open tickets are kept"
    assert len(stored(client, Conversation, id=recent)) == 1, "recent conversations are kept"
    events = stored(client, AuditEvent)
    assert len(events) == events_before + 1, "audit events are kept, and the purge is one"
    assert events[-1].action == "privacy.purged" and events[-1].data["conversations"] == 2
    assert chain_ok(client)


def test_retention_clock_runs_hourly_and_only_when_on(desk_client: TestClient) -> None:
    client = desk_client
    db = _services(client).db
    now = utcnow()
    off = privacy.RetentionClock(0)
    on = privacy.RetentionClock(30, every=3600)

    async def _ticks() -> list[object]:
        return [
            await off.tick(db, now),
            await on.tick(db, now),
            await on.tick(db, now + timedelta(minutes=10)),
            await on.tick(db, now + timedelta(hours=2)),
        ]

    results = _call(client, _ticks)
    assert results[0] is None and results[2] is None, "off, then not again within the hour"
    assert isinstance(results[1], privacy.PurgeReport)
    assert isinstance(results[3], privacy.PurgeReport)
    assert not [e for e in stored(client, AuditEvent) if e.action == "privacy.purged"], (
        "an empty scheduled purge leaves no audit noise"
    )


# ---- logs -------------------------------------------------------------------------------
def test_a_full_conversation_leaves_no_text_in_the_logs(
    desk_client: TestClient, capfd: pytest.CaptureFixture[str]
) -> None:
    client = desk_client
    # as in production (JSON lines, INFO), bound to the captured stderr of this test
    configure_logging("INFO", json=True, debug=False)
    cid, auth = start(client)
    marker = "Zanzibar-umbrella-1893"
    send(client, cid, auth, f"my swap failed {marker}, here is my phrase {PHRASE}")
    send(client, cid, auth, f"talk to a human, I am {NAME} {marker}")
    structlog.get_logger("walletdesk.test").info(
        "probe", text=f"{marker} {PHRASE}", email=EMAIL, password="hunter2", count=3
    )
    logging.getLogger("walletdesk.std").warning("plain stdlib line without text")
    captured = capfd.readouterr()
    logs = captured.out + captured.err
    assert '"probe"' in logs and '"count": 3' in logs, "the logs themselves are there"
    for needle in (marker, NAME, EMAIL, "sausage", "hunter2"):
        assert needle not in logs, needle


def test_debug_keeps_text_but_redacts_secrets_and_never_credentials() -> None:
    quiet = scrub_sensitive(debug=False)
    loud = scrub_sensitive(debug=True)
    event = {
        "event": "x",
        "text": f"hi {PHRASE}",
        "nested": {"comment": "c", "id": 1},
        "password": "p",
        "ticket_id": "t1",
    }
    withheld = quiet(None, "info", dict(event))
    assert withheld["text"] == WITHHELD and withheld["nested"]["comment"] == WITHHELD
    assert withheld["password"] == WITHHELD and withheld["ticket_id"] == "t1"
    assert withheld["event"] == "x"
    shown = loud(None, "info", dict(event))
    assert shown["text"].startswith("hi ") and "sausage" not in shown["text"]
    assert "[redacted" in shown["text"] and shown["password"] == WITHHELD


@pytest.fixture(autouse=True)
def _logging_back_to_stderr() -> Iterator[None]:
    """The log test binds logging to its captured stream; later tests get stderr back."""
    yield
    configure_logging("INFO")


# ---- command line -----------------------------------------------------------------------
_cli = support.run_cli


def test_cli_export_purge_delete(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "WALLETDESK_DATA_DIR": str(data)}
    env.pop("WALLETDESK_DATABASE_URL", None)
    env.pop("WALLETDESK_RETENTION_DAYS", None)
    assert _cli(env, "init").returncode == 0
    long_ago = utcnow() - timedelta(days=400)

    async def seed() -> str:
        from walletdesk.store import crypto

        before = crypto._ACTIVE
        crypto.configure_from_settings(Settings(data_dir=data))  # the desk's own key file
        db = Database(f"sqlite+aiosqlite:///{data / 'walletdesk.db'}")
        try:
            async with db.session() as session:
                customer = Customer(language="en", email=EMAIL, created_at=long_ago)
                session.add(customer)
                await session.flush()
                conversation = Conversation(
                    customer_id=customer.id, created_at=long_ago, updated_at=long_ago
                )
                session.add(conversation)
                await session.flush()
                session.add(
                    Message(
                        conversation_id=conversation.id,
                        seq=1,
                        sender="customer",
                        text=f"hello, {NAME} here",
                        created_at=long_ago,
                    )
                )
                await session.commit()
                return customer.id
        finally:
            await db.dispose()
            crypto._ACTIVE = before

    customer_id = asyncio.run(seed())
    exported = _cli(env, "privacy", "export", customer_id, "--json")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["customer"]["email"] == EMAIL
    assert document["conversations"][0]["messages"][0]["text"] == f"hello, {NAME} here"
    missing = _cli(env, "privacy", "export", "nobody", "--json")
    assert missing.returncode == 2 and "customer not found" in missing.stderr
    off = _cli(env, "privacy", "purge", "--json")
    assert off.returncode == 2 and "retention is off" in off.stderr
    dry = _cli(env, "privacy", "purge", "--dry-run", "--days", "365", "--json")
    assert dry.returncode == 0 and json.loads(dry.stdout)["conversations"] == 1
    erased = _cli(env, "privacy", "delete", customer_id, "--yes", "--json")
    assert erased.returncode == 0 and json.loads(erased.stdout)["messages"] == 1
    after = json.loads(_cli(env, "privacy", "export", customer_id, "--json").stdout)
    assert after["customer"]["email"] is None and NAME not in json.dumps(after)
    env["WALLETDESK_RETENTION_DAYS"] = "365"
    purged = _cli(env, "privacy", "purge", "--json")
    assert json.loads(purged.stdout) | {"cutoff": ""} == {
        "cutoff": "",
        "dry_run": False,
        "conversations": 1,
        "messages": 1,
        "tickets": 0,
        "customers": 1,
    }
    verified = _cli(env, "audit", "verify", "--json")
    assert json.loads(verified.stdout)["ok"] is True
