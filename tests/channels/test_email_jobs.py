"""Outgoing email across processes: senders claim replies in the database (never the same
reply twice, a crashed sender's claim expires), and with ``WALLETDESK_JOB_QUEUE`` the web
worker only enqueues while ``walletdesk worker`` sends, retries and dead-letters (arq on
a real Redis, a real local SMTP server)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from tests import services, support
from tests.api.test_customer import PHRASE, send, start, stored
from tests.channels.conftest import Sink, compose, deliver, free_port
from tests.channels.test_email import ALICE, conversation_of
from walletdesk import jobs
from walletdesk.channels.email import CLAIM, EmailBusy, EmailOutbox
from walletdesk.config import Settings
from walletdesk.desk import reminders
from walletdesk.store.models import Conversation, Message, Reminder, utcnow

needs_redis = pytest.mark.skipif(not services.REDIS, reason="WALLETDESK_TEST_REDIS not set")


def _services(client: TestClient) -> Any:
    return client.app.state.services  # type: ignore[attr-defined]


def _bot_replies(client: TestClient, conversation_id: str) -> list[Message]:
    return stored(client, Message, conversation_id=conversation_id, sender="bot")  # type: ignore[no-any-return]


def _stamp(client: TestClient, conversation_id: str, value: str | None) -> None:
    """Set the bot replies' ``external_id`` (as a crashed or busy sender leaves it)."""

    async def run() -> None:
        async with _services(client).db.session() as session:
            await session.execute(
                update(Message)
                .where(Message.conversation_id == conversation_id, Message.sender == "bot")
                .values(external_id=value)
            )
            await session.commit()

    client.portal.call(run)  # type: ignore[union-attr]


# ---- claims: several senders, one email ----------------------------------------------------
def _unsent_reply(client: TestClient, subject: str, body: str) -> Conversation:
    """An email conversation whose bot reply is stored but not sent: this process's own
    outbox stays out of the way, so the test's senders are the only ones."""
    client.app.state.integrations.email.outbox.enabled = False  # type: ignore[attr-defined]
    deliver(client, compose(ALICE, subject, body))
    conversation = conversation_of(client, "alice@customer.example")
    assert _bot_replies(client, conversation.id), "the bot answered"
    return conversation


def test_two_senders_at_once_send_a_reply_once(email_client: TestClient, sink: Sink) -> None:
    client = email_client
    conversation = _unsent_reply(client, "How do I back up my recovery phrase?", "Hi there.")
    assert sink.messages == []

    desk = _services(client).desk
    settings = _services(client).settings
    senders = [EmailOutbox(settings, desk) for _ in range(4)]  # four processes, say

    async def race() -> list[int]:
        return list(await asyncio.gather(*(s.flush(conversation.id) for s in senders)))

    assert sum(client.portal.call(race)) == 1  # type: ignore[union-attr]
    assert len(sink.wait_for(1)) == 1
    again = client.portal.call(lambda: senders[0].sweep())  # type: ignore[union-attr]
    assert again == 0 and len(sink.messages) == 1, "stamped once: nothing left to send"
    assert {m.external_id for m in _bot_replies(client, conversation.id)} == {
        sink.messages[0]["Message-ID"]
    }


def test_a_claim_left_by_a_crash_expires_and_the_sweep_sends_it(
    email_client: TestClient, sink: Sink
) -> None:
    client = email_client
    conversation = _unsent_reply(client, "My transfer is pending", "Sent USDT an hour ago.")
    outbox = EmailOutbox(_services(client).settings, _services(client).desk)
    now = int(utcnow().timestamp())

    _stamp(client, conversation.id, f"{CLAIM}{now + 3600}:<wd.busy@wallet.example>")
    assert client.portal.call(outbox.sweep) == 0, "another sender is at work"  # type: ignore[union-attr]
    with pytest.raises(EmailBusy):
        client.portal.call(lambda: outbox.flush(conversation.id, strict=True))  # type: ignore[union-attr]
    assert sink.messages == []

    _stamp(client, conversation.id, f"{CLAIM}{now - 5}:<wd.crashed@wallet.example>")
    assert client.portal.call(outbox.sweep) == 1  # type: ignore[union-attr]
    [reply] = sink.wait_for(1)
    assert reply["Subject"] == "Re: My transfer is pending"
    assert {m.external_id for m in _bot_replies(client, conversation.id)} == {reply["Message-ID"]}


def test_an_smtp_outage_gives_the_replies_back_for_later(
    email_client: TestClient, sink: Sink
) -> None:
    client = email_client
    conversation = _unsent_reply(client, "How do I back up my recovery phrase?", "Hi there.")
    down = _services(client).settings.model_copy(
        update={"smtp_url": f"smtp://127.0.0.1:{free_port()}", "smtp_timeout": 2.0}
    )
    outbox = EmailOutbox(down, _services(client).desk)
    assert client.portal.call(lambda: outbox.flush(conversation.id)) == 0  # type: ignore[union-attr]
    assert {m.external_id for m in _bot_replies(client, conversation.id)} == {None}, (
        "released, not lost and not marked as sent"
    )
    up = EmailOutbox(_services(client).settings, _services(client).desk)
    assert client.portal.call(up.sweep) == 1  # type: ignore[union-attr]
    assert len(sink.wait_for(1)) == 1


# ---- the job queue ---------------------------------------------------------------------------
@pytest.fixture
def queue_name() -> str:
    return f"arq:test:{uuid.uuid4().hex[:10]}"  # a queue of its own: no other worker takes these


@pytest.fixture
def queued_client(email_settings: Settings, queue_name: str) -> Iterator[TestClient]:
    from walletdesk.app import create_app

    settings = email_settings.model_copy(
        update={"job_queue": True, "redis_url": services.REDIS, "job_queue_name": queue_name}
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def run_worker(client: TestClient, queue_name: str) -> None:
    """``walletdesk worker --burst`` on the app's own event loop and services (the app's
    database engine lives on that loop), with no backoff between tries."""
    app_services = _services(client)

    async def run() -> None:
        worker = jobs.build_worker(
            app_services.settings,
            burst=True,
            poll_delay=0.05,
            backoff=(0, 0, 0, 0),
            queue_name=queue_name,
        )
        worker.ctx["services"] = app_services
        worker.on_startup = None
        worker.on_shutdown = None  # the app owns its services
        try:
            await worker.main()
        finally:
            await worker.close()

    client.portal.call(run)  # type: ignore[union-attr]


def _queued(settings: Settings, queue_name: str) -> int:
    async def count() -> int:
        from arq import create_pool

        pool = await create_pool(jobs.redis_settings(settings))
        try:
            return int(await pool.zcard(queue_name))
        finally:
            await pool.aclose()

    return asyncio.run(count())


@needs_redis
def test_with_the_job_queue_the_worker_sends_the_reply(
    queued_client: TestClient, sink: Sink, queue_name: str
) -> None:
    client = queued_client
    settings = _services(client).settings
    first = compose(ALICE, "How do I back up my recovery phrase?", "Hi, I just installed it.")
    deliver(client, first)
    conversation = conversation_of(client, "alice@customer.example")
    assert _bot_replies(client, conversation.id)
    assert _queued(settings, queue_name) == 1, "one email_flush job for the new reply"
    assert sink.messages == [], "the web worker does not send"

    outbox = client.app.state.integrations.email.outbox  # type: ignore[attr-defined]
    latest = _bot_replies(client, conversation.id)[-1]
    for _ in range(2):  # the same reply seen again (a re-delivered event) is not queued twice
        outbox.observe(
            f"conversation:{conversation.id}",
            {"type": "message", "message": {"sender": "bot", "id": latest.id}},
        )
        client.portal.call(lambda: outbox.dispatch(conversation.id))  # type: ignore[union-attr]
    assert _queued(settings, queue_name) == 1

    run_worker(client, queue_name)
    [reply] = sink.wait_for(1)
    assert reply["In-Reply-To"] == first["Message-ID"]
    assert "/kb/en/backup-recovery-phrase" in reply.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert {m.external_id for m in _bot_replies(client, conversation.id)} == {reply["Message-ID"]}
    assert _queued(settings, queue_name) == 0
    run_worker(client, queue_name)  # the crons that may run again send nothing twice
    assert len(sink.messages) == 1


@needs_redis
def test_the_worker_command_sends_what_the_web_worker_queued(
    queued_client: TestClient, sink: Sink
) -> None:
    """`walletdesk worker --burst` as an operator runs it: its own process, its own
    services built from the environment, the same database and data key."""
    client = queued_client
    settings: Settings = _services(client).settings
    deliver(client, compose(ALICE, "How do I back up my recovery phrase?", "Hi there."))
    conversation = conversation_of(client, "alice@customer.example")
    assert _queued(settings, settings.job_queue_name) == 1 and sink.messages == []
    env = {
        **os.environ,
        "WALLETDESK_DATA_DIR": str(settings.data_dir),
        "WALLETDESK_MODEL_CACHE_DIR": str(settings.model_cache_dir),
        "WALLETDESK_PUBLIC_URL": str(settings.public_url),
        "WALLETDESK_OFFICIAL_DOMAINS": ",".join(settings.official_domains),
        "WALLETDESK_BRAND_NAME": settings.brand_name,
        "WALLETDESK_REDIS_URL": str(settings.redis_url),
        "WALLETDESK_JOB_QUEUE_NAME": settings.job_queue_name,
        "WALLETDESK_SMTP_URL": str(settings.smtp_url),
        "WALLETDESK_EMAIL_FROM": str(settings.email_from),
        "WALLETDESK_EMBEDDINGS": "false",
    }
    if settings.database_url:
        env["WALLETDESK_DATABASE_URL"] = settings.database_url
    result = support.run_cli(env, "worker", "--burst")
    assert result.returncode == 0, result.stderr[-2000:]
    [reply] = sink.wait_for(1)
    assert {m.external_id for m in _bot_replies(client, conversation.id)} == {reply["Message-ID"]}
    assert _queued(settings, settings.job_queue_name) == 0


@needs_redis
def test_an_smtp_outage_is_retried_then_dead_lettered_and_the_sweep_sends_later(
    email_settings: Settings, sink: Sink, queue_name: str
) -> None:
    from walletdesk.app import create_app

    down = email_settings.model_copy(
        update={
            "job_queue": True,
            "redis_url": services.REDIS,
            "smtp_url": f"smtp://127.0.0.1:{free_port()}",
            "smtp_timeout": 2.0,
            "job_queue_name": queue_name,
        }
    )
    with TestClient(create_app(down)) as client:
        deliver(client, compose(ALICE, "My transfer is pending", "Sent USDT an hour ago."))
        conversation = conversation_of(client, "alice@customer.example")
        run_worker(client, queue_name)
        dead = asyncio.run(jobs.dead_letters(down))
        mine = [d for d in dead if str(d["job_id"]).startswith(f"email:{conversation.id}:")]
        assert mine and mine[0]["function"] == "email_flush"
        assert mine[0]["tries"] == jobs.MAX_TRIES
        assert "SMTP server unreachable" in str(mine[0]["error"])
        assert sink.messages == []
        assert {m.external_id for m in _bot_replies(client, conversation.id)} == {None}

        # SMTP is back: the sweep (a cron job of the worker) sends what was left
        up = _services(client).settings.model_copy(update={"smtp_url": email_settings.smtp_url})
        sent = client.portal.call(
            lambda: jobs.email_sweep(SimpleNamespace(settings=up, desk=_services(client).desk))
        )  # type: ignore[union-attr]
        assert sent == 1 and len(sink.wait_for(1)) == 1


@needs_redis
def test_reminder_emails_go_out_from_the_job_worker(
    queued_client: TestClient, sink: Sink, queue_name: str
) -> None:
    client = queued_client
    cid, auth = start(client)
    send(client, cid, auth, f"my wallet will not open, here is my phrase {PHRASE}")
    left = client.post(
        f"/api/v1/conversations/{cid}/email", headers=auth, json={"email": "bo@example.com"}
    )
    assert left.status_code == 200, left.text
    assert sink.messages == [], "no SLA clock in the web worker: nothing sent from here"

    settings = _services(client).settings
    asyncio.run(jobs.enqueue(settings, "reminder_emails", queue_name=queue_name))
    run_worker(client, queue_name)
    made = stored(client, Reminder)
    assert made, "pasting a phrase makes a reminder"
    subjects = {m["Subject"] for m in sink.wait_for(len(made))}
    assert reminders.reminder_text("secret_pasted", "en")[0] in subjects
    assert all(r.emailed_at is not None for r in stored(client, Reminder))
    assert all(to == ["bo@example.com"] for to in sink.recipients)


def test_the_worker_runs_every_background_duty(settings: Settings) -> None:
    if not services.REDIS:
        settings = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    else:
        settings = settings.model_copy(update={"redis_url": services.REDIS})

    async def build() -> Any:  # arq's Worker wants a running loop
        return jobs.build_worker(settings, burst=True)

    worker = asyncio.run(build())
    crons = {c.name for c in worker.cron_jobs}
    assert crons == {
        "cron:sla_sweep",
        "cron:webhooks_deliver_due",
        "cron:webhooks_prune",
        "cron:email_sweep",
        "cron:reminder_emails",
        "cron:retention_purge",
    }
    assert {"email_flush", "email_sweep", "reminder_emails"} <= set(worker.functions)


def test_job_queue_without_redis_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(ValueError, match="WALLETDESK_JOB_QUEUE needs WALLETDESK_REDIS_URL"):
        Settings(**{**settings.model_dump(), "job_queue": True, "redis_url": None})
