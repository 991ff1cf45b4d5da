"""Privacy and insider controls: one customer's data (export, erasure), retention (purge
of old closed conversations), bulk exports behind a second person's approval, and the
audit of privileged reads. Every function here writes its audit event in the same
transaction as the change it records.

What stays after an erasure or a purge: audit events (ids, kinds and counts, never message
text) and, after an erasure, the customer's tickets as anonymous statistics (status,
priority, times, CSAT score)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, Text, delete, func, or_, select, text, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.desk.routing import OPEN_STATES
from walletdesk.logging import get_logger
from walletdesk.store.db import Database
from walletdesk.store.models import (
    AcademyProgress,
    Agent,
    Conversation,
    Customer,
    CustomerToken,
    ExportRequest,
    Message,
    OwnershipChallenge,
    Reminder,
    Ticket,
    TicketEvent,
    utcnow,
)

SUPERVISING = ("supervisor", "admin")
ERASED = "[erased]"
MAX_REASON_CHARS = 1000
MAX_EXPORT_DAYS = 366
PURGE_BATCH = 200
PURGE_EVERY_SECONDS = 3600.0
log = get_logger("walletdesk.privacy")
# ticket facts that say nothing about the person (kept after an erasure)
_ANONYMOUS_FACTS = ("topic_intent", "handoff_reason", "urgency")
# ticket-event keys that may hold someone's words (dropped by an erasure)
_EVENT_TEXT_KEYS = ("text", "comment", "customer_text", "email")


class Refused(PermissionError):
    """The actor may not do this; the message says why (shown to them)."""


class NotFound(LookupError):
    """No such customer or export request."""


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def audited(
    db: Database, actor: str, action: str, target: str, data: dict[str, Any] | None = None
) -> None:
    """Record a privileged read (a view, a download) in its own short transaction."""
    async with db.session() as session:
        await audit.append(session, actor, action, target, data or {})
        await session.commit()


# ---- one customer's data ----------------------------------------------------------------
def _customer_id(customer_id: str) -> str:
    cid = customer_id.strip()
    if not cid or len(cid) > 64:
        raise NotFound("customer not found")
    return cid


async def _collect(session: AsyncSession, customer: Customer) -> dict[str, Any]:
    conversations = list(
        (
            await session.execute(
                select(Conversation)
                .where(Conversation.customer_id == customer.id)
                .order_by(Conversation.created_at)
            )
        ).scalars()
    )
    documents: list[dict[str, Any]] = []
    for conversation in conversations:
        messages = (
            await session.execute(
                select(Message)
                .where(Message.conversation_id == conversation.id)
                .order_by(Message.seq)
            )
        ).scalars()
        tickets = (
            await session.execute(
                select(Ticket)
                .where(Ticket.conversation_id == conversation.id)
                .order_by(Ticket.created_at)
            )
        ).scalars()
        documents.append(
            {
                "id": conversation.id,
                "channel": conversation.channel,
                "language": conversation.language,
                "status": conversation.status,
                "created_at": _iso(conversation.created_at),
                "updated_at": _iso(conversation.updated_at),
                "verified_addresses": list(conversation.verified_addresses),
                "messages": [
                    {
                        "seq": m.seq,
                        "sender": m.sender,
                        "text": m.text,  # stored redacted: secrets never reach the export
                        "articles": m.meta.get("articles", []),
                        "created_at": _iso(m.created_at),
                    }
                    for m in messages
                ],
                "tickets": [
                    {
                        "id": t.id,
                        "status": t.status,
                        "priority": t.priority,
                        "subject": t.subject,
                        "facts": {k: v for k, v in t.facts.items() if not k.startswith("risk")},
                        "created_at": _iso(t.created_at),
                        "solved_at": _iso(t.solved_at),
                        "closed_at": _iso(t.closed_at),
                        "csat": None
                        if t.csat_score is None
                        else {
                            "score": t.csat_score,
                            "comment": t.csat_comment,
                            "at": _iso(t.csat_at),
                        },
                    }
                    for t in tickets
                ],
            }
        )
    progress = (
        await session.execute(
            select(AcademyProgress)
            .where(AcademyProgress.customer_id == customer.id)
            .order_by(AcademyProgress.completed_at)
        )
    ).scalars()
    reminders = (
        await session.execute(
            select(Reminder)
            .where(Reminder.customer_id == customer.id)
            .order_by(Reminder.created_at)
        )
    ).scalars()
    tokens = (
        await session.execute(
            select(CustomerToken)
            .where(CustomerToken.customer_id == customer.id)
            .order_by(CustomerToken.created_at)
        )
    ).scalars()
    return {
        "customer": {
            "id": customer.id,
            "language": customer.language,
            "display_name": customer.display_name,
            "email": customer.email,  # decrypted here, for the person it belongs to
            "phone": customer.phone,
            "points": customer.points,
            "reminders_opt_out": customer.reminders_opt_out,
            "created_at": _iso(customer.created_at),
            "deleted_at": _iso(customer.deleted_at),
        },
        "conversations": documents,
        "academy_progress": [
            {
                "lesson_id": p.lesson_id,
                "language": p.language,
                "correct": p.correct,
                "total": p.total,
                "passed": p.passed,
                "points": p.points,
                "completed_at": _iso(p.completed_at),
            }
            for p in progress
        ],
        "reminders": [
            {
                "rule": r.rule,
                "language": r.language,
                "conversation_id": r.conversation_id,
                "created_at": _iso(r.created_at),
                "shown_at": _iso(r.shown_at),
                "emailed_at": _iso(r.emailed_at),
                "dismissed_at": _iso(r.dismissed_at),
            }
            for r in reminders
        ],
        "sessions": [
            {
                "created_at": _iso(t.created_at),
                "expires_at": _iso(t.expires_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in tokens
        ],
    }


async def export_customer(db: Database, customer_id: str, actor: str) -> dict[str, Any]:
    """Everything the desk holds about one customer, as one JSON-ready document (audited).

    Not included, by design: internal notes and risk assessments written by staff (never
    shown to customers), and audit events (ids and kinds about staff actions)."""
    cid = _customer_id(customer_id)
    async with db.session() as session:
        customer = await session.get(Customer, cid)
        if customer is None:
            raise NotFound("customer not found")
        document = await _collect(session, customer)
        await audit.append(
            session,
            actor,
            "privacy.exported",
            f"customer:{cid}",
            {
                "conversations": len(document["conversations"]),
                "messages": sum(len(c["messages"]) for c in document["conversations"]),
            },
        )
        await session.commit()
    document["exported_at"] = _iso(utcnow())
    document["not_included"] = [
        "internal notes and risk assessments written by support staff",
        "audit events",
    ]
    return document


@dataclass(slots=True)
class Erasure:
    customer_id: str
    conversations: int = 0
    messages: int = 0
    tickets_kept_anonymous: int = 0
    tokens_revoked: int = 0
    already_deleted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


async def delete_customer(db: Database, customer_id: str, actor: str) -> Erasure:
    """Erase one customer: personal data and every message's text go, tickets stay as
    anonymous statistics, tokens are revoked, ``deleted_at`` is set. Idempotent."""
    cid = _customer_id(customer_id)
    now = utcnow()
    async with db.session() as session:
        customer = await session.get(Customer, cid)
        if customer is None:
            raise NotFound("customer not found")
        if db.is_sqlite:  # zero the space the old text occupied instead of leaving it free
            await session.execute(text("PRAGMA secure_delete=ON"))
        report = Erasure(cid, already_deleted=customer.deleted_at is not None)
        customer.email = None
        customer.phone = None
        customer.display_name = None
        customer.points = 0
        customer.reminders_opt_out = True
        customer.deleted_at = customer.deleted_at or now
        conversations = list(
            (
                await session.execute(select(Conversation).where(Conversation.customer_id == cid))
            ).scalars()
        )
        ids = [c.id for c in conversations]
        report.conversations = len(ids)
        for conversation in conversations:
            conversation.verified_addresses = []
            conversation.intake = {}
            conversation.external_ref = None
            conversation.status = "closed"
        for chunk in _chunks(ids):
            erased = await session.execute(
                update(Message)
                .where(Message.conversation_id.in_(chunk))
                .values(text=ERASED, meta={"erased": True}, external_id=None)
            )
            report.messages += int(getattr(erased, "rowcount", 0) or 0)
            await session.execute(
                delete(OwnershipChallenge).where(OwnershipChallenge.conversation_id.in_(chunk))
            )
            tickets = (
                await session.execute(select(Ticket).where(Ticket.conversation_id.in_(chunk)))
            ).scalars()
            for ticket in tickets:
                report.tickets_kept_anonymous += 1
                ticket.facts = {k: ticket.facts[k] for k in _ANONYMOUS_FACTS if k in ticket.facts}
                topic = ticket.facts.get("topic_intent")
                ticket.subject = str(topic)[:200] if topic else ""
                ticket.csat_comment = None
                if ticket.status in OPEN_STATES:
                    ticket.status = "closed"
                    ticket.closed_at = now
                ticket.updated_at = now
                events = (
                    await session.execute(
                        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                    )
                ).scalars()
                for event in events:
                    if any(k in event.data for k in _EVENT_TEXT_KEYS):
                        event.data = {
                            k: v for k, v in event.data.items() if k not in _EVENT_TEXT_KEYS
                        }
        await session.execute(delete(AcademyProgress).where(AcademyProgress.customer_id == cid))
        await session.execute(delete(Reminder).where(Reminder.customer_id == cid))
        revoked = await session.execute(
            update(CustomerToken)
            .where(CustomerToken.customer_id == cid, CustomerToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        report.tokens_revoked = int(getattr(revoked, "rowcount", 0) or 0)
        await audit.append(
            session,
            actor,
            "privacy.deleted",
            f"customer:{cid}",
            {
                "conversations": report.conversations,
                "messages": report.messages,
                "tickets_kept_anonymous": report.tickets_kept_anonymous,
                "tokens_revoked": report.tokens_revoked,
            },
        )
        await session.commit()
    await flush_wal(db)
    return report


async def flush_wal(db: Database) -> None:
    """On SQLite, copy the write-ahead log into the database and truncate it, so erased
    or purged text does not linger on disk in old log frames. Outside any transaction (a
    checkpoint cannot run inside one); SQLite's busy handler arbitrates with writers."""
    if not db.is_sqlite:
        return
    async with db.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await cursor.close()


def _chunks(items: Sequence[str], size: int = PURGE_BATCH) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


async def rekey(db: Database, actor: str) -> int:
    """Re-seal every encrypted customer field with the current data key (after a rotation,
    or to seal values written before encryption existed). Returns customers rewritten."""
    from walletdesk.store.crypto import VERSION, active, email_index

    keyring = active()
    changed = 0
    last = ""
    while True:
        async with db.session() as session:
            # the stored form (type_coerce skips decryption): which rows need re-sealing
            rows = list(
                await session.execute(
                    select(
                        Customer.id,
                        Customer.email_index,
                        type_coerce(Customer.email, Text),
                        type_coerce(Customer.phone, Text),
                    )
                    .where(Customer.id > last)
                    .order_by(Customer.id)
                    .limit(PURGE_BATCH)
                )
            )
            if not rows:
                await session.commit()
                break
            last = rows[-1][0]
            for cid, index, *stored in rows:
                plain = {
                    name: keyring.decrypt(raw, f"customers.{name}")
                    if raw.startswith(VERSION + ":")
                    else raw
                    for name, raw in zip(("email", "phone"), stored, strict=True)
                    if raw is not None
                }
                values: dict[str, str | None] = {
                    name: plain[name]
                    for name, raw in zip(("email", "phone"), stored, strict=True)
                    if raw is not None and not keyring.is_current(raw)
                }
                wanted = email_index(plain.get("email"))
                if index != wanted:  # the blind index follows the current key too
                    values["email_index"] = wanted
                if values:  # plaintext in, the column type seals it with the current key
                    await session.execute(
                        update(Customer).where(Customer.id == cid).values(**values)
                    )
                    changed += 1
            await session.commit()
    await audited(db, actor, "privacy.rekeyed", "customers", {"customers": changed})
    return changed


async def backfill_email_index(db: Database, batch: int = PURGE_BATCH) -> int:
    """Give customers stored before the blind index existed (migration 0004) their
    ``email_index``; cheap when there are none. Returns the rows indexed."""
    done = 0
    while True:
        async with db.session() as session:
            rows = list(
                (
                    await session.execute(
                        select(Customer)
                        .where(Customer.email.is_not(None), Customer.email_index.is_(None))
                        .limit(batch)
                    )
                ).scalars()
            )
            for customer in rows:
                customer.email = customer.email  # the set event computes the index
            await session.commit()
        done += len(rows)
        if len(rows) < batch:
            return done


# ---- retention --------------------------------------------------------------------------
@dataclass(slots=True)
class PurgeReport:
    cutoff: str
    dry_run: bool
    conversations: int = 0
    messages: int = 0
    tickets: int = 0
    customers: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _purgeable(cutoff: datetime) -> Any:
    busy = select(Ticket.conversation_id).where(
        or_(Ticket.status.in_(OPEN_STATES), Ticket.updated_at >= cutoff)
    )
    return select(Conversation.id).where(
        Conversation.updated_at < cutoff,
        Conversation.id.not_in(busy),  # an open ticket, or one touched since: kept
    )


def _idle_customers(cutoff: datetime, leaving: Any = None) -> Any:
    """Customers created before the cutoff with no conversation left (besides those in
    ``leaving``, about to go), no sign-in and no lesson since the cutoff."""
    remaining = select(Conversation.id).where(Conversation.customer_id == Customer.id)
    if leaving is not None:
        remaining = remaining.where(Conversation.id.not_in(leaving))
    recent_token = select(CustomerToken.customer_id).where(CustomerToken.created_at >= cutoff)
    recent_lesson = select(AcademyProgress.customer_id).where(
        AcademyProgress.completed_at >= cutoff
    )
    return select(Customer.id).where(
        Customer.created_at < cutoff,
        ~remaining.exists(),
        Customer.id.not_in(recent_token),
        Customer.id.not_in(recent_lesson),
    )


async def _count(session: AsyncSession, stmt: Any) -> int:
    source = stmt.subquery() if isinstance(stmt, Select) else stmt
    return int((await session.execute(select(func.count()).select_from(source))).scalar_one())


async def purge(
    db: Database, now: datetime, retention_days: int, *, dry_run: bool = False, actor: str
) -> PurgeReport:
    """Delete conversations (messages, tickets and their history, ownership challenges)
    that are closed or solved and untouched for ``retention_days``, then customers left
    with nothing. Audit events are kept. Works in batches so writers are not held up."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = _aware(now) - timedelta(days=retention_days)
    report = PurgeReport(cutoff=_iso(cutoff) or "", dry_run=dry_run)
    if dry_run:
        async with db.read_session() as session:
            ids = _purgeable(cutoff).subquery()
            report.conversations = await _count(session, ids)
            report.messages = await _count(
                session, select(Message.id).where(Message.conversation_id.in_(select(ids.c.id)))
            )
            report.tickets = await _count(
                session, select(Ticket.id).where(Ticket.conversation_id.in_(select(ids.c.id)))
            )
            report.customers = await _count(session, _idle_customers(cutoff, select(ids.c.id)))
        return report
    while True:
        async with db.session() as session:
            if db.is_sqlite:
                await session.execute(text("PRAGMA secure_delete=ON"))
            ids = list((await session.execute(_purgeable(cutoff).limit(PURGE_BATCH))).scalars())
            if not ids:
                await session.commit()
                break
            tickets = select(Ticket.id).where(Ticket.conversation_id.in_(ids))
            await session.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(tickets)))
            gone = await session.execute(delete(Ticket).where(Ticket.conversation_id.in_(ids)))
            report.tickets += int(getattr(gone, "rowcount", 0) or 0)
            gone = await session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
            report.messages += int(getattr(gone, "rowcount", 0) or 0)
            await session.execute(
                delete(OwnershipChallenge).where(OwnershipChallenge.conversation_id.in_(ids))
            )
            await session.execute(
                update(Reminder)
                .where(Reminder.conversation_id.in_(ids))
                .values(conversation_id=None)
            )
            await session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
            report.conversations += len(ids)
            await session.commit()
    while True:
        async with db.session() as session:
            ids = list(
                (await session.execute(_idle_customers(cutoff).limit(PURGE_BATCH))).scalars()
            )
            if not ids:
                await session.commit()
                break
            for model in (CustomerToken, AcademyProgress, Reminder):
                await session.execute(delete(model).where(model.customer_id.in_(ids)))
            await session.execute(delete(Customer).where(Customer.id.in_(ids)))
            report.customers += len(ids)
            await session.commit()
    if report.conversations or report.customers:
        await flush_wal(db)
    if report.conversations or report.customers or actor != "retention":
        data = report.to_dict()
        data.pop("dry_run")
        await audited(db, actor, "privacy.purged", f"retention:{retention_days}d", data)
    return report


# ---- bulk exports: an agent asks, a different supervisor or admin approves --------------
@dataclass(frozen=True, slots=True)
class ExportView:
    id: str
    requested_by: str
    reason: str
    since: str
    until: str
    status: str  # pending | approved | denied | used | expired
    decided_by: str | None
    created_at: str | None
    expires_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pack(reason: str, since: date, until: date) -> str:
    # the schema has no period columns: the period travels with the reason, as JSON
    return json.dumps(
        {"reason": reason, "since": since.isoformat(), "until": until.isoformat()},
        ensure_ascii=False,
    )


def _unpack(raw: str) -> tuple[str, date, date]:
    item = json.loads(raw)
    return str(item["reason"]), date.fromisoformat(item["since"]), date.fromisoformat(item["until"])


def _view(row: ExportRequest, now: datetime) -> ExportView:
    reason, since, until = _unpack(row.reason)
    status = row.status
    if status == "approved" and row.expires_at is not None and _aware(row.expires_at) <= now:
        status = "expired"
    return ExportView(
        row.id,
        row.requested_by,
        reason,
        since.isoformat(),
        until.isoformat(),
        status,
        row.decided_by,
        _iso(row.created_at),
        _iso(row.expires_at),
    )


def check_period(since: date, until: date) -> None:
    if until < since:
        raise ValueError("the period ends before it starts")
    if (until - since).days + 1 > MAX_EXPORT_DAYS:
        raise ValueError(f"an export covers at most {MAX_EXPORT_DAYS} days")


async def request_export(
    db: Database, agent: Agent, reason: str, since: date, until: date
) -> ExportView:
    reason = " ".join(reason.split())
    if not 10 <= len(reason) <= MAX_REASON_CHARS:
        raise ValueError(f"say why in 10-{MAX_REASON_CHARS} characters")
    check_period(since, until)
    async with db.session() as session:
        row = ExportRequest(requested_by=agent.id, scope="bulk", reason=_pack(reason, since, until))
        session.add(row)
        await session.flush()
        await audit.append(
            session,
            agent.id,
            "export.requested",
            f"export:{row.id}",
            {"since": since.isoformat(), "until": until.isoformat()},
        )
        await session.commit()
    return _view(row, utcnow())


async def list_exports(db: Database, agent: Agent) -> list[ExportView]:
    """Supervisors and admins see every request (to decide them); agents their own."""
    stmt = select(ExportRequest).where(ExportRequest.scope == "bulk")
    if agent.role not in SUPERVISING:
        stmt = stmt.where(ExportRequest.requested_by == agent.id)
    async with db.read_session() as session:
        rows = await session.execute(stmt.order_by(ExportRequest.created_at.desc()).limit(200))
        now = utcnow()
        return [_view(r, now) for r in rows.scalars()]


async def decide_export(
    db: Database, approver: Agent, request_id: str, approve: bool, hours: int
) -> ExportView:
    if approver.role not in SUPERVISING:
        raise Refused("only a supervisor or an admin decides exports")
    now = utcnow()
    async with db.session() as session:
        row = await session.get(ExportRequest, request_id[:64])
        if row is None or row.scope != "bulk":
            raise NotFound("export request not found")
        if row.requested_by == approver.id:
            raise Refused("a different supervisor or admin must decide your own request")
        if row.status != "pending":
            raise ValueError(f"this request is {row.status} already")
        row.status = "approved" if approve else "denied"
        row.decided_by = approver.id
        row.decided_at = now
        row.expires_at = now + timedelta(hours=hours) if approve else None
        await audit.append(
            session,
            approver.id,
            "export.approved" if approve else "export.denied",
            f"export:{row.id}",
            {"requested_by": row.requested_by, "expires_at": _iso(row.expires_at)},
        )
        await session.commit()
    return _view(row, now)


@dataclass(frozen=True, slots=True)
class ExportGrant:
    request_id: str
    since: datetime
    until: datetime  # exclusive


async def start_export(db: Database, agent: Agent, request_id: str, fmt: str) -> ExportGrant:
    """Use an approval, once: only its requester, only before it expires (audited)."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError("format is jsonl or csv")
    now = utcnow()
    async with db.session() as session:
        row = await session.get(ExportRequest, request_id[:64])
        if row is None or row.scope != "bulk" or row.requested_by != agent.id:
            raise NotFound("export request not found")
        view = _view(row, now)
        if view.status != "approved":
            raise Refused(f"this export is {view.status}; it needs a fresh approval")
        used = await session.execute(
            update(ExportRequest)
            .where(ExportRequest.id == row.id, ExportRequest.status == "approved")
            .values(status="used")
        )
        if not getattr(used, "rowcount", 0):
            raise Refused("this export was used already")
        _, since, until = _unpack(row.reason)
        await audit.append(
            session,
            agent.id,
            "export.downloaded",
            f"export:{row.id}",
            {"since": since.isoformat(), "until": until.isoformat(), "format": fmt},
        )
        await session.commit()
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(until, time.min, tzinfo=UTC) + timedelta(days=1)
    return ExportGrant(row.id, start, end)


CSV_HEADER = [
    "conversation_id",
    "customer_id",
    "channel",
    "language",
    "seq",
    "sender",
    "author_id",
    "created_at",
    "text",
]


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: formulas are quoted as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def bulk_conversations(
    db: Database, grant: ExportGrant, batch: int = 100
) -> AsyncIterator[dict[str, Any]]:
    """Conversations started in the granted period, oldest first, with their (redacted)
    messages; no email or phone. Read in batches from a read-only session."""
    after: tuple[datetime, str] | None = None
    while True:
        async with db.read_session() as session:
            stmt = select(Conversation).where(
                Conversation.created_at >= grant.since, Conversation.created_at < grant.until
            )
            if after is not None:
                stmt = stmt.where(
                    or_(
                        Conversation.created_at > after[0],
                        (Conversation.created_at == after[0]) & (Conversation.id > after[1]),
                    )
                )
            conversations = list(
                (
                    await session.execute(
                        stmt.order_by(Conversation.created_at, Conversation.id).limit(batch)
                    )
                ).scalars()
            )
            if not conversations:
                return
            ids = [c.id for c in conversations]
            messages: dict[str, list[Message]] = {cid: [] for cid in ids}
            rows = await session.execute(
                select(Message)
                .where(Message.conversation_id.in_(ids))
                .order_by(Message.conversation_id, Message.seq)
            )
            for message in rows.scalars():
                messages[message.conversation_id].append(message)
        for conversation in conversations:
            yield {
                "conversation_id": conversation.id,
                "customer_id": conversation.customer_id,
                "channel": conversation.channel,
                "language": conversation.language,
                "status": conversation.status,
                "created_at": _iso(conversation.created_at),
                "messages": [
                    {
                        "seq": m.seq,
                        "sender": m.sender,
                        "author_id": m.author_id,
                        "created_at": _iso(m.created_at),
                        "text": m.text,
                    }
                    for m in messages[conversation.id]
                ],
            }
        last = conversations[-1]
        after = (last.created_at, last.id)


async def export_lines(db: Database, grant: ExportGrant, fmt: str) -> AsyncIterator[str]:
    """The export as text chunks: JSONL (one conversation a line) or CSV (one message a
    row, formula-safe)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_HEADER)
        yield buffer.getvalue()
    async for item in bulk_conversations(db, grant):
        if fmt == "jsonl":
            yield json.dumps(item, ensure_ascii=False) + "\n"
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for m in item["messages"]:
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        item["conversation_id"],
                        item["customer_id"],
                        item["channel"],
                        item["language"],
                        m["seq"],
                        m["sender"],
                        m["author_id"],
                        m["created_at"],
                        m["text"],
                    )
                ]
            )
        yield buffer.getvalue()


class RetentionClock:
    """Runs the retention purge from the desk's clock (app.run_sweeps), at most once per
    ``every`` seconds; off when ``retention_days`` is 0. A failed purge is logged and
    retried at the next turn; it never stops the clock."""

    def __init__(self, retention_days: int, every: float = PURGE_EVERY_SECONDS) -> None:
        self.retention_days = retention_days
        self.every = every
        self._next: datetime | None = None

    async def tick(self, db: Database, now: datetime) -> PurgeReport | None:
        if self.retention_days < 1 or (self._next is not None and now < self._next):
            return None
        self._next = now + timedelta(seconds=self.every)
        try:
            report = await purge(db, now, self.retention_days, actor="retention")
        except Exception:
            log.exception("privacy.purge_failed")
            return None
        if report.conversations or report.customers:
            log.info(
                "privacy.purged",
                conversations=report.conversations,
                messages=report.messages,
                tickets=report.tickets,
                customers=report.customers,
            )
        return report
