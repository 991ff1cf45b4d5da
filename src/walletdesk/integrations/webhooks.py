"""Signed webhooks for conversation and ticket events, with retries and a dead letter.

Events: ``conversation.created``, ``message.created`` (text already redacted),
``conversation.handoff``, ``ticket.updated``, ``ticket.solved``, ``csat.received``.

Each event becomes one ``webhook_deliveries`` row per subscribed webhook (durable; the
row id is derived from the event, so the same event is never queued twice). The
delivery function :func:`deliver_due` is standalone (database + settings in, report
out): the embedded desk runs it from an asyncio task, a job queue can run it as is.

Every POST carries::

    X-WalletDesk-Event: message.created
    X-WalletDesk-Delivery: <delivery id>        (the same on every retry)
    X-WalletDesk-Timestamp: <unix seconds>
    X-WalletDesk-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

A 2xx answer is success; anything else (or no answer within ``WEBHOOK_TIMEOUT``) is
retried after ``WEBHOOK_BACKOFF_SECONDS * 2**(attempt-1)`` (capped at 6 hours, +-20%
jitter) until ``WEBHOOK_MAX_ATTEMPTS``; then the delivery is ``dead`` and waits for a
person to retry it. Redirects are not followed.

Targets: https only (http to localhost in development); in production a URL whose host
is or resolves to a private, loopback, link-local or otherwise non-public address is
refused, when it is saved and again before each delivery (SSRF).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.logging import get_logger
from walletdesk.store import crypto
from walletdesk.store.db import Database
from walletdesk.store.models import (
    Conversation,
    Ticket,
    Webhook,
    WebhookDelivery,
    new_id,
    utcnow,
)

if TYPE_CHECKING:
    from walletdesk.config import Settings

log = get_logger("walletdesk.webhooks")

EVENTS = (
    "conversation.created",
    "message.created",
    "conversation.handoff",
    "ticket.updated",
    "ticket.solved",
    "csat.received",
)
SECRET_CONTEXT = "webhooks.secret"  # noqa: S105 (a name, not a secret)
SECRET_PREFIX = "whsec_"  # noqa: S105
MAX_WEBHOOKS = 50
MAX_BACKOFF = timedelta(hours=6)
BATCH = 50
SIGNATURE_TOLERANCE = 300  # seconds: receivers should refuse older timestamps


class WebhookRefused(ValueError):
    """A webhook URL or event list the desk will not accept; the message says why."""


# ---- signing ---------------------------------------------------------------------------
def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    tolerance: int = SIGNATURE_TOLERANCE,
    now: float | None = None,
) -> bool:
    """What a receiver does (docs/INTEGRATIONS.md): a fresh timestamp and a matching MAC,
    compared in constant time."""
    if not timestamp.isdigit():
        return False
    moment = int(timestamp)
    if abs((now if now is not None else time.time()) - moment) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, moment, body), signature.strip())


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _keyring(settings: Settings) -> crypto.Keyring:
    try:
        return crypto.active()
    except crypto.DataKeyError:
        return crypto.configure_from_settings(settings)


def seal_secret(settings: Settings, secret: str) -> str:
    return _keyring(settings).encrypt(secret, SECRET_CONTEXT)


def open_secret(settings: Settings, stored: str) -> str:
    if not stored.startswith(crypto.VERSION + ":"):
        return stored
    return _keyring(settings).decrypt(stored, SECRET_CONTEXT)


# ---- targets (SSRF) --------------------------------------------------------------------
_LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def _is_local_name(host: str) -> bool:
    return host in _LOCAL_NAMES or host.endswith(".localhost")


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast


async def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise WebhookRefused(f"the host {host} does not resolve") from exc
    return sorted({str(info[4][0]) for info in infos})


async def check_url(url: str, settings: Settings) -> str:
    """The URL as it will be called, or WebhookRefused with the reason."""
    url = url.strip()
    if not url or len(url) > 500 or re.search(r"[\s\x00-\x1f\x7f]", url):
        raise WebhookRefused("the URL is 1-500 characters without spaces")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WebhookRefused("the URL cannot be parsed") from exc
    host = (parts.hostname or "").lower()
    if not host:
        raise WebhookRefused("the URL has no host")
    if parts.username or parts.password:
        raise WebhookRefused("put credentials in the signature secret, not in the URL")
    if parts.fragment:
        raise WebhookRefused("the URL may not carry a #fragment")
    production = settings.environment == "production"
    if parts.scheme == "http":
        if production or not _is_local_name(host):
            raise WebhookRefused("webhooks use https (http only to localhost in development)")
    elif parts.scheme != "https":
        raise WebhookRefused("webhooks use https")
    if production:
        if _is_local_name(host):
            raise WebhookRefused("a production webhook may not target localhost")
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        addresses = [str(literal)] if literal else await _resolve(host, port or 443)
        if not addresses or not all(_public(a) for a in addresses):
            raise WebhookRefused(
                "the URL points to a private, loopback or otherwise non-public address"
            )
    return url


# ---- managing webhooks ---------------------------------------------------------------
def clean_events(events: Iterable[str]) -> list[str]:
    wanted = sorted({e.strip() for e in events if e.strip()})
    if "*" in wanted:
        return list(EVENTS)
    unknown = [e for e in wanted if e not in EVENTS]
    if unknown:
        raise WebhookRefused(f"unknown event {unknown[0]!r}; use any of {', '.join(EVENTS)}")
    if not wanted:
        raise WebhookRefused(f"subscribe to at least one event: {', '.join(EVENTS)}")
    return wanted


async def create_webhook(
    session: AsyncSession,
    settings: Settings,
    actor: str,
    url: str,
    events: Iterable[str],
    api_key_id: str | None = None,
) -> tuple[Webhook, str]:
    """Save a webhook; returns it and its signing secret (shown once, sealed at rest)."""
    target = await check_url(url, settings)
    wanted = clean_events(events)
    count = (
        await session.execute(select(func.count()).select_from(Webhook).where(Webhook.active))
    ).scalar_one()
    if count >= MAX_WEBHOOKS:
        raise WebhookRefused(f"at most {MAX_WEBHOOKS} webhooks; delete one first")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    hook = Webhook(
        url=target,
        secret=seal_secret(settings, secret),
        events=wanted,
        active=True,
        api_key_id=api_key_id,
        created_at=utcnow(),
    )
    session.add(hook)
    await session.flush()
    await audit.append(
        session, actor, "webhook.created", f"webhook:{hook.id}", {"url": target, "events": wanted}
    )
    return hook, secret


async def _owned(session: AsyncSession, webhook_id: str, api_key_id: str | None) -> Webhook:
    hook = await session.get(Webhook, webhook_id[:32])
    if hook is None or (api_key_id is not None and hook.api_key_id != api_key_id):
        raise LookupError("no such webhook")
    return hook


async def delete_webhook(
    session: AsyncSession, actor: str, webhook_id: str, api_key_id: str | None = None
) -> None:
    """Deleting drops the webhook's pending and dead deliveries with it."""
    hook = await _owned(session, webhook_id, api_key_id)
    await audit.append(session, actor, "webhook.deleted", f"webhook:{hook.id}", {"url": hook.url})
    await session.delete(hook)


async def list_webhooks(session: AsyncSession, api_key_id: str | None = None) -> list[Webhook]:
    stmt = select(Webhook).order_by(Webhook.created_at.desc()).limit(200)
    if api_key_id is not None:
        stmt = stmt.where(Webhook.api_key_id == api_key_id)
    return list((await session.execute(stmt)).scalars())


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else _aware(moment).isoformat()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def public_webhook(hook: Webhook) -> dict[str, Any]:
    return {
        "id": hook.id,
        "url": hook.url,
        "events": list(hook.events),
        "active": hook.active,
        "api_key_id": hook.api_key_id,
        "created_at": _stamp(hook.created_at),
    }


def public_delivery(row: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": row.id,
        "webhook_id": row.webhook_id,
        "event": row.event,
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": _stamp(row.next_attempt_at),
        "last_error": row.last_error,
        "created_at": _stamp(row.created_at),
        "delivered_at": _stamp(row.delivered_at),
        "payload": row.payload,
    }


async def list_deliveries(
    session: AsyncSession, status: str | None = "dead", api_key_id: str | None = None
) -> list[WebhookDelivery]:
    stmt = select(WebhookDelivery).order_by(WebhookDelivery.created_at.desc()).limit(200)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    if api_key_id is not None:
        stmt = stmt.join(Webhook, Webhook.id == WebhookDelivery.webhook_id).where(
            Webhook.api_key_id == api_key_id
        )
    return list((await session.execute(stmt)).scalars())


async def retry_delivery(
    session: AsyncSession, actor: str, delivery_id: str, api_key_id: str | None = None
) -> WebhookDelivery:
    """Give a dead delivery a fresh set of attempts, starting now."""
    row = await session.get(WebhookDelivery, delivery_id[:32])
    if row is None:
        raise LookupError("no such delivery")
    await _owned(session, row.webhook_id, api_key_id)
    if row.status != "dead":
        raise ValueError(f"only dead deliveries are retried; this one is {row.status}")
    row.status = "pending"
    row.attempts = 0
    row.next_attempt_at = utcnow()
    await audit.append(session, actor, "webhook.retry", f"delivery:{row.id}", {})
    return row


# ---- events ----------------------------------------------------------------------------
@dataclass(slots=True)
class Event:
    type: str
    key: str | None  # natural key: the same event is queued once per webhook
    data: dict[str, Any]


def events_from(channel: str, event: dict[str, Any]) -> list[Event]:
    """What an event on the desk's bus means to integrators (pure; enriched later)."""
    kind = event.get("type")
    if kind == "message" and channel.startswith("conversation:"):
        cid = channel.partition(":")[2]
        message = dict(event.get("message") or {})
        found = [Event("message.created", f"message:{message.get('id')}", {
            "conversation_id": cid, "message": message,
        })]  # fmt: skip
        if message.get("seq") == 1:
            found.insert(0, Event("conversation.created", f"conversation:{cid}", {"id": cid}))
        if message.get("kind") == "csat_thanks":
            found.append(Event("csat.received", None, {"conversation_id": cid}))
        return found
    if channel != "supervisors" or not isinstance(event.get("ticket"), dict):
        return []
    ticket = dict(event["ticket"])
    if kind == "ticket.new":
        return [
            Event(
                "conversation.handoff",
                f"handoff:{ticket.get('id')}",
                {"conversation_id": ticket.get("conversation_id"), "ticket": ticket},
            )
        ]
    if kind == "ticket.updated":
        found = [Event("ticket.updated", None, {"ticket": ticket})]
        if ticket.get("status") == "solved":
            found.append(Event("ticket.solved", None, {"ticket": ticket}))
        return found
    return []


async def _enrich(session: AsyncSession, event: Event) -> Event | None:
    """Fill in what the bus event lacks; None drops an event that is not one after all."""
    if event.type == "conversation.created":
        conversation = await session.get(Conversation, event.data["id"])
        if conversation is None:
            return None
        event.data = {
            "conversation": {
                "id": conversation.id,
                "channel": conversation.channel,
                "language": conversation.language,
                "created_at": _stamp(conversation.created_at),
            }
        }
    elif event.type in ("ticket.updated", "ticket.solved"):
        ticket = await session.get(Ticket, str(event.data["ticket"].get("id")))
        if ticket is None:
            return None
        event.data["ticket"]["updated_at"] = _stamp(ticket.updated_at)
        event.data["ticket"]["solved_at"] = _stamp(ticket.solved_at)
        if event.type == "ticket.solved":
            if ticket.status != "solved" or ticket.solved_at is None:
                return None
            event.key = f"solved:{ticket.id}:{_stamp(ticket.solved_at)}"
    elif event.type == "csat.received":
        ticket = (
            await session.execute(
                select(Ticket)
                .where(
                    Ticket.conversation_id == event.data["conversation_id"],
                    Ticket.csat_score.is_not(None),
                )
                .order_by(Ticket.csat_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if ticket is None:
            return None
        event.key = f"csat:{ticket.id}"
        event.data = {
            "conversation_id": ticket.conversation_id,
            "ticket_id": ticket.id,
            "score": ticket.csat_score,
            "comment": ticket.csat_comment,  # redacted like every customer text
            "rated_at": _stamp(ticket.csat_at),
        }
    return event


def _delivery_id(webhook_id: str, event_id: str) -> str:
    return hashlib.sha256(f"{webhook_id}:{event_id}".encode()).hexdigest()[:32]


async def enqueue(db: Database, raw: list[tuple[str, dict[str, Any]]]) -> int:
    """Turn bus events into delivery rows for every webhook that wants them."""
    async with db.read_session() as session:
        hooks = list((await session.execute(select(Webhook).where(Webhook.active))).scalars())
        if not hooks:
            return 0
        events: list[Event] = []
        for channel, bus_event in raw:
            for found in events_from(channel, bus_event):
                if any(found.type in h.events for h in hooks):
                    enriched = await _enrich(session, found)
                    if enriched is not None:
                        events.append(enriched)
    if not events:
        return 0
    now = utcnow()
    rows: dict[str, WebhookDelivery] = {}
    for event in events:
        event_id = (
            hashlib.sha256(f"{event.type}:{event.key}".encode()).hexdigest()[:32]
            if event.key
            else new_id()
        )
        payload = {
            "id": event_id,
            "type": event.type,
            "created_at": now.isoformat(),
            "data": event.data,
        }
        for hook in hooks:
            if event.type in hook.events:
                row_id = _delivery_id(hook.id, event_id)
                rows[row_id] = WebhookDelivery(
                    id=row_id,
                    webhook_id=hook.id,
                    event=event.type,
                    payload=payload,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
    async with db.session() as session:
        existing = set(
            (
                await session.execute(
                    select(WebhookDelivery.id).where(WebhookDelivery.id.in_(list(rows)))
                )
            ).scalars()
        )
        live = set(
            (
                await session.execute(
                    select(Webhook.id).where(Webhook.id.in_([h.id for h in hooks]))
                )
            ).scalars()
        )
        fresh = [r for i, r in rows.items() if i not in existing and r.webhook_id in live]
        session.add_all(fresh)
        await session.commit()
    return len(fresh)


# ---- delivering ------------------------------------------------------------------------
@dataclass(slots=True)
class DeliveryReport:
    attempted: int = 0
    delivered: int = 0
    failed: int = 0
    dead: int = 0
    next_due: datetime | None = None
    errors: list[str] = field(default_factory=list)


def backoff(settings: Settings, attempts: int) -> timedelta:
    base = settings.webhook_backoff_seconds * 2 ** max(0, attempts - 1)
    jitter = 0.8 + 0.4 * secrets.randbelow(1001) / 1000
    return min(timedelta(seconds=base * jitter), MAX_BACKOFF)


async def _post(
    client: httpx.AsyncClient, settings: Settings, hook: Webhook, row: WebhookDelivery
) -> str | None:
    """One attempt; None on success, else why it failed (no response body is read)."""
    try:
        await check_url(hook.url, settings)  # production: resolve again before each call
    except WebhookRefused as exc:
        return f"refused: {exc}"
    body = encode(row.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "WalletDesk-Webhooks/1",
        "X-WalletDesk-Event": row.event,
        "X-WalletDesk-Delivery": row.id,
        "X-WalletDesk-Timestamp": str(timestamp),
        "X-WalletDesk-Signature": sign(open_secret(settings, hook.secret), timestamp, body),
    }
    try:
        async with client.stream("POST", hook.url, content=body, headers=headers) as response:
            if 200 <= response.status_code < 300:
                return None
            return f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}"


async def deliver_due(
    db: Database,
    settings: Settings,
    *,
    now: datetime | None = None,
    client: httpx.AsyncClient | None = None,
    limit: int = BATCH,
) -> DeliveryReport:
    """Attempt every delivery that is due (standalone: an arq job can call it as is).

    Each row is claimed first (its next attempt moved past the call's timeout), so
    several workers never post the same delivery at once; a worker that dies mid-call
    leaves the row to be retried when the claim runs out."""
    now = now or utcnow()
    report = DeliveryReport()
    async with db.read_session() as session:
        due = list(
            (
                await session.execute(
                    select(WebhookDelivery)
                    .where(
                        WebhookDelivery.status == "pending",
                        WebhookDelivery.next_attempt_at <= now,
                    )
                    .order_by(WebhookDelivery.next_attempt_at)
                    .limit(limit)
                )
            ).scalars()
        )
    own_client = client is None
    http = client or httpx.AsyncClient(
        timeout=settings.webhook_timeout, follow_redirects=False, trust_env=False
    )
    lease = now + timedelta(seconds=settings.webhook_timeout * 3 + 30)
    try:
        for row in due:
            async with db.session() as session:
                claimed = await session.execute(
                    update(WebhookDelivery)
                    .where(
                        WebhookDelivery.id == row.id,
                        WebhookDelivery.status == "pending",
                        WebhookDelivery.next_attempt_at <= now,
                    )
                    .values(next_attempt_at=lease)
                )
                hook = await session.get(Webhook, row.webhook_id)
                await session.commit()
            assert isinstance(claimed, CursorResult)
            if claimed.rowcount != 1:
                continue
            report.attempted += 1
            if hook is None or not hook.active:
                error: str | None = "webhook deleted or disabled"
            else:
                error = await _post(http, settings, hook, row)
            async with db.session() as session:
                fresh = await session.get(WebhookDelivery, row.id)
                if fresh is None:
                    continue
                fresh.attempts += 1
                if error is None:
                    fresh.status = "delivered"
                    fresh.delivered_at = utcnow()
                    fresh.next_attempt_at = None
                    report.delivered += 1
                elif fresh.attempts >= settings.webhook_max_attempts or hook is None:
                    fresh.status = "dead"
                    fresh.last_error = error
                    fresh.next_attempt_at = None
                    report.dead += 1
                    log.warning("webhook.dead", delivery_id=row.id, attempts=fresh.attempts)
                else:
                    fresh.last_error = error
                    fresh.next_attempt_at = now + backoff(settings, fresh.attempts)
                    report.failed += 1
                if error:
                    report.errors.append(error)
                await session.commit()
    finally:
        if own_client:
            await http.aclose()
    async with db.read_session() as session:
        upcoming = (
            await session.execute(
                select(func.min(WebhookDelivery.next_attempt_at)).where(
                    WebhookDelivery.status == "pending"
                )
            )
        ).scalar_one_or_none()
    report.next_due = _aware(upcoming) if upcoming is not None else None
    return report


async def prune_delivered(db: Database, keep: timedelta = timedelta(days=7)) -> int:
    """Forget delivered payloads after ``keep`` (they hold message text); dead ones stay
    until someone retries them or deletes the webhook."""
    async with db.session() as session:
        result = await session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.status == "delivered",
                WebhookDelivery.delivered_at < utcnow() - keep,
            )
        )
        await session.commit()
    assert isinstance(result, CursorResult)
    return int(result.rowcount or 0)


# ---- the in-process worker (embedded mode) ---------------------------------------------
class WebhookWorker:
    """Desk observer + delivery loop. ``observe`` only queues (never blocks the desk)."""

    MAX_QUEUE = 10_000
    IDLE_SECONDS = 30.0

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self._queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue(self.MAX_QUEUE)
        self._wake = asyncio.Event()
        self._inflight: list[tuple[str, dict[str, Any]]] = []

    def observe(self, channel: str, event: dict[str, Any]) -> None:
        try:
            if events_from(channel, event):
                self._queue.put_nowait((channel, event))
        except asyncio.QueueFull:
            log.error("webhook.queue_full")
        except Exception:  # an observer never breaks the desk's path
            log.exception("webhook.observe_failed")

    def _take(self, limit: int = 500) -> list[tuple[str, dict[str, Any]]]:
        batch: list[tuple[str, dict[str, Any]]] = []
        while not self._queue.empty() and len(batch) < limit:
            batch.append(self._queue.get_nowait())
        return batch

    async def _process(self, batch: list[tuple[str, dict[str, Any]]]) -> int:
        # kept until written: a batch cut short (shutdown) is written by the next drain;
        # delivery ids derive from the event, so writing it twice queues it once
        self._inflight.extend(batch)
        added = await enqueue(self.db, list(self._inflight))
        self._inflight.clear()
        if added:
            self._wake.set()
        return added

    async def drain(self) -> int:
        """Queue deliveries for every event seen so far (also at shutdown and in the CLI)."""
        added = 0
        while self._inflight or not self._queue.empty():
            added += await self._process(self._take())
        return added

    async def run_enqueue(self) -> None:
        while True:
            first = await self._queue.get()
            try:
                await self._process([first, *self._take()])
            except Exception:
                log.exception("webhook.enqueue_failed")
                self._inflight.clear()
                await asyncio.sleep(1)

    async def run_delivery(self) -> None:
        pruned_at = 0.0
        while True:
            wait = self.IDLE_SECONDS
            try:
                if time.monotonic() - pruned_at > 3600:
                    pruned_at = time.monotonic()
                    await prune_delivered(self.db)
                report = await deliver_due(self.db, self.settings)
                if report.attempted >= BATCH:
                    continue
                if report.next_due is not None:
                    wait = (report.next_due - utcnow()).total_seconds()
                    wait = min(max(wait, 0.05), self.IDLE_SECONDS)
            except Exception:
                log.exception("webhook.delivery_failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    def wake(self) -> None:
        self._wake.set()
