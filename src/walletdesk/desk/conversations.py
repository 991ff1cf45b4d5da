"""Conversations and messages: the hot path of one customer message (DESIGN.md)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.bot.policy import Bot, BotTurn, ConversationState
from walletdesk.chain.rpc import diagnose_with_endpoints
from walletdesk.desk import reminders, texts
from walletdesk.desk.handoff import open_ticket, place_text, ticket_event
from walletdesk.desk.intake import Intake, absorb, ask, next_question, wants_to_skip
from walletdesk.desk.routing import queue_place
from walletdesk.language.emotion import Emotion, read_emotion
from walletdesk.language.entities import extract_entities
from walletdesk.realtime.bus import Bus
from walletdesk.safety.guard import GuardVerdict, OutgoingGuard
from walletdesk.safety.links import LinkChecker
from walletdesk.safety.scan import ScanResult, scan
from walletdesk.store.db import Database
from walletdesk.store.models import (
    AcademyProgress,
    Conversation,
    Customer,
    CustomerToken,
    Message,
    Ticket,
    TicketEvent,
    utcnow,
)

OnStored = Callable[[Message, bool], Awaitable[None]]
_NOT_A_TOPIC = frozenset({"service.human", "chitchat.greeting"})
RISK_ORDER = {"normal": 0, "elevated": 1, "high": 2}


class MessageTooLong(ValueError):
    """Longer than the desk's ``max_message_chars``; nothing was stored."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"message longer than {limit} characters")


class GuardBlocked(Exception):
    """An outgoing message failed the outgoing guard; nothing was stored or sent."""

    def __init__(self, verdict: GuardVerdict) -> None:
        self.verdict = verdict
        super().__init__("; ".join(r.message for r in verdict.reasons))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public_message(message: Message) -> dict[str, Any]:
    """What a customer may see of a message: never internal meta (intent, risk flags)."""
    return {
        "id": message.id,
        "seq": message.seq,
        "sender": message.sender,
        "text": message.text,
        "articles": message.meta.get("articles", []),
        "kind": message.meta.get("kind", ""),
        "client_id": message.client_id,
        "created_at": message.created_at.astimezone(UTC).isoformat()
        if message.created_at.tzinfo
        else message.created_at.replace(tzinfo=UTC).isoformat(),
    }


@dataclass(slots=True)
class Started:
    conversation: Conversation
    customer: Customer
    token: str
    welcome: Message


@dataclass(slots=True)
class Posted:
    message: Message
    replies: list[Message]
    duplicate: bool
    scan: ScanResult | None


class Desk:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        bot: Bot,
        links: LinkChecker,
        guard: OutgoingGuard,
        token_days: int,
        max_chars: int,
        rpc_endpoints: dict[str, str] | None = None,
        rpc_timeout: float = 5.0,
    ) -> None:
        self.db = db
        self.bus = bus
        self.bot = bot
        self.links = links
        self.guard = guard
        self.token_days = token_days
        self.max_chars = max_chars
        self.rpc_endpoints = rpc_endpoints or {}
        self.rpc_timeout = rpc_timeout
        # one lock per conversation keeps "customer message, then bot reply" in order
        # held weakly: a lock lives while someone uses it, idle conversations cost nothing
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # integrations (email replies, webhooks) see each event this process publishes,
        # after its commit: (channel, event); they only enqueue, never block or raise
        self.observers: list[Callable[[str, dict[str, Any]], None]] = []

    # ---- customers and tokens -------------------------------------------------------
    async def start_conversation(self, language: str, channel: str = "web") -> Started:
        token = secrets.token_urlsafe(32)
        async with self.db.session() as session:
            customer = Customer(language=language)
            session.add(customer)
            await session.flush()
            session.add(
                CustomerToken(
                    customer_id=customer.id,
                    token_hash=hash_token(token),
                    expires_at=utcnow() + timedelta(days=self.token_days),
                )
            )
            conversation = Conversation(customer_id=customer.id, channel=channel, language=language)
            session.add(conversation)
            await session.flush()
            welcome = await self._add_message(
                session, conversation, "bot", self.bot.welcome(language), None, {}
            )
            await session.commit()
        await self.publish(welcome)
        return Started(conversation, customer, token, welcome)

    async def new_conversation_for(self, customer_id: str, language: str) -> Conversation:
        async with self.db.session() as session:
            conversation = Conversation(customer_id=customer_id, language=language)
            session.add(conversation)
            await session.flush()
            welcome = await self._add_message(
                session, conversation, "bot", self.bot.welcome(language), None, {}
            )
            await session.commit()
        await self.publish(welcome)
        return conversation

    async def customer_for_token(self, token: str) -> str | None:
        if not token or len(token) > 200:
            return None
        async with self.db.read_session() as session:
            row = (
                await session.execute(
                    select(CustomerToken).where(CustomerToken.token_hash == hash_token(token))
                )
            ).scalar_one_or_none()
        if row is None or row.revoked_at is not None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires <= datetime.now(UTC):
            return None
        return row.customer_id

    async def conversation_of(self, customer_id: str, conversation_id: str) -> Conversation | None:
        async with self.db.read_session() as session:
            conversation = await session.get(Conversation, conversation_id)
        if conversation is None or conversation.customer_id != customer_id:
            return None
        return conversation

    async def conversations_of(self, customer_id: str) -> list[Conversation]:
        async with self.db.read_session() as session:
            rows = await session.execute(
                select(Conversation)
                .where(Conversation.customer_id == customer_id)
                .order_by(Conversation.created_at.desc())
                .limit(100)
            )
        return list(rows.scalars())

    # ---- messages ---------------------------------------------------------------------
    async def messages(
        self, conversation_id: str, after: int = 0, limit: int = 200
    ) -> list[Message]:
        async with self.db.read_session() as session:
            rows = await session.execute(
                select(Message)
                .where(Message.conversation_id == conversation_id, Message.seq > after)
                .order_by(Message.seq)
                .limit(limit)
            )
        return list(rows.scalars())

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = self._locks[conversation_id] = asyncio.Lock()
        return lock

    async def post_customer_message(
        self,
        conversation_id: str,
        text: str,
        client_id: str | None = None,
        on_stored: OnStored | None = None,
    ) -> Posted:
        """Scan, store durably (redacted), then let the bot answer if it owns the conversation.

        The customer's message is committed before anything else happens, so once this
        returns (or the API acknowledges) it survives a crash. ``client_id`` makes retries
        idempotent: the same id returns the stored message instead of a second copy.
        """
        if len(text) > self.max_chars:
            raise MessageTooLong(self.max_chars)
        async with self._lock(conversation_id):
            if client_id:
                existing = await self._by_client_id(conversation_id, client_id)
                if existing is not None:
                    if on_stored is not None:
                        await on_stored(existing, True)
                    return Posted(existing, [], True, None)
            result = scan(text, self.links)
            async with self.db.session() as session:
                conversation = await session.get(Conversation, conversation_id)
                if conversation is None:
                    raise LookupError(conversation_id)
                meta: dict[str, Any] = {}
                if result.findings:
                    meta["secrets_redacted"] = [f.kind for f in result.findings]
                try:
                    stored = await self._add_message(
                        session, conversation, "customer", result.redacted, client_id, meta
                    )
                    if result.findings:
                        self._raise_risk(conversation, "high", "secret_pasted")
                        await audit.append(
                            session,
                            "system",
                            "secret.redacted",
                            f"conversation:{conversation.id}",
                            {
                                "kinds": sorted({f.kind for f in result.findings}),
                                "message_seq": stored.seq,
                            },
                        )
                    await session.commit()
                except IntegrityError:
                    await session.rollback()
                    existing = await self._by_client_id(conversation_id, client_id or "")
                    if existing is None:
                        raise
                    if on_stored is not None:
                        await on_stored(existing, True)
                    return Posted(existing, [], True, None)
                status = conversation.status
                state = ConversationState(
                    conversation.language,
                    conversation.last_intent,
                    conversation.low_confidence_streak,
                    conversation.last_article,
                    channel=conversation.channel,
                )
            await self.publish(stored)
            if on_stored is not None:
                await on_stored(stored, False)
            replies: list[Message] = []
            if status == "bot":
                state.lessons_passed = await self._lessons_passed(conversation_id)
                replies = await self._bot_turn(conversation_id, result, state)
            elif status == "intake":
                replies = await self._intake_turn(conversation_id, result, state)
            elif status == "handoff":
                await self._customer_replied(conversation_id)
            return Posted(stored, replies, False, result)

    async def _lessons_passed(self, conversation_id: str) -> frozenset[str]:
        """The academy lessons this conversation's customer passed (the bot does not offer
        them again)."""
        async with self.db.read_session() as session:
            rows = await session.execute(
                select(AcademyProgress.lesson_id)
                .join(Conversation, Conversation.customer_id == AcademyProgress.customer_id)
                .where(Conversation.id == conversation_id, AcademyProgress.passed.is_(True))
            )
            return frozenset(rows.scalars())

    async def _bot_turn(
        self,
        conversation_id: str,
        result: ScanResult,
        state: ConversationState,
        force_handoff: bool = False,
    ) -> list[Message]:
        turn: BotTurn = self.bot.reply(result, state)
        handoff = turn.handoff or force_handoff
        ticket: Ticket | None = None
        meta = {
            "intent": turn.intent,
            "confidence": round(turn.confidence, 4),
            "articles": [a.to_dict() for a in turn.articles],
            "emotion": turn.emotion.to_dict(),
            "flags": turn.risk_flags,
        }
        async with self.db.session() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None:
                return []
            conversation.language = turn.language
            if not turn.out_of_scope and turn.intent not in _NOT_A_TOPIC:
                conversation.last_intent = turn.intent  # "a human please" keeps the topic
            conversation.low_confidence_streak = (
                conversation.low_confidence_streak + 1 if turn.out_of_scope else 0
            )
            if turn.articles and not turn.out_of_scope:
                conversation.last_article = turn.articles[0].id
            for flag in turn.risk_flags:
                level = (
                    "high"
                    if flag in ("secret_pasted", "funds_at_risk") or flag.startswith("scam_")
                    else "elevated"
                )
                self._raise_risk(conversation, level, flag)
            answer = turn.answer
            if handoff:
                question = await self._start_intake(session, conversation, turn)
                if question is not None:
                    answer += (
                        f"\n\n{texts.text('intake_intro', turn.language)}\n"
                        f"{texts.text('ask_' + question, turn.language)}"
                    )
            reply = await self.outgoing(session, conversation, "bot", answer, None, meta)
            if handoff and conversation.status != "intake":
                conversation.status = "handoff"
                ticket = await open_ticket(
                    session, conversation, Intake.from_dict(conversation.intake), utcnow()
                )
            await session.commit()
        await reminders.after_bot_turn(self.db, conversation_id, turn)  # before the widget hears
        await self.publish(reply)
        replies = [reply]
        if ticket is not None:
            replies.append(await self._after_handoff(conversation_id, ticket, None))
        checked = await self._tx_check(conversation_id, turn)
        if checked is not None:
            replies.append(checked)
        return replies

    async def _tx_check(self, conversation_id: str, turn: BotTurn) -> Message | None:
        """Bot tool: a pasted transaction hash is looked up on the operator's node, and the
        diagnosis (plain status, reason, advice) follows the answer as its own message."""
        hashes = [e.value for e in turn.entities if e.kind == "tx_hash"]
        if not hashes or not self.rpc_endpoints:
            return None
        chain = next(
            (str(e.detail["chain"]) for e in turn.entities if e.kind == "chain"), "ethereum"
        )
        if chain not in self.rpc_endpoints:
            chain = next(iter(self.rpc_endpoints))
        try:
            diagnosis = await diagnose_with_endpoints(
                self.rpc_endpoints, hashes[0], chain, rpc_timeout=self.rpc_timeout
            )
        except ValueError:
            return None
        reason, steps = diagnosis.render(turn.language)
        advice = "\n".join(f"- {step}" for step in steps)
        text = f"{reason}\n{advice}".strip()
        async with self.db.session() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None:
                return None
            try:
                message = await self.outgoing(
                    session,
                    conversation,
                    "bot",
                    text,
                    None,
                    {"tool": "tx", "status": diagnosis.status},
                )
            except GuardBlocked:
                return None  # audited by outgoing(); the customer still has the answer
            await session.commit()
        await self.publish(message)
        return message

    async def _start_intake(
        self, session: AsyncSession, conversation: Conversation, turn: BotTurn
    ) -> str | None:
        """Begin collecting facts for the agent; returns the first question to ask, or
        None when the case is urgent (a human now beats a complete form) or nothing is
        missing. Earlier messages count: facts already given are never asked again."""
        intake = Intake.from_dict(conversation.intake)
        intake.reason = (
            "high_risk"
            if conversation.risk == "high"
            else ("asked" if turn.intent == "service.human" else "low_confidence")
        )
        history = await self._customer_history(session, conversation.id)
        topic = turn.intent if turn.intent != "service.human" else conversation.last_intent
        if turn.out_of_scope:
            topic = conversation.last_intent
        earlier = read_emotion(history)
        emotion = Emotion(
            turn.emotion.label if turn.emotion.label != "calm" else earlier.label,
            sorted({*turn.emotion.urgency, *earlier.urgency}),
        )
        absorb(intake, intent=topic, entities=extract_entities(history), emotion=emotion, text="")
        question = None if conversation.risk == "high" else next_question(intake)
        if question is not None:
            ask(intake, question)
            conversation.status = "intake"
        conversation.intake = intake.to_dict()
        return question

    async def _customer_history(self, session: AsyncSession, conversation_id: str) -> str:
        rows = await session.execute(
            select(Message.text)
            .where(Message.conversation_id == conversation_id, Message.sender == "customer")
            .order_by(Message.seq.desc())
            .limit(8)
        )
        return "\n".join(reversed([str(t) for t in rows.scalars()]))

    async def _intake_turn(
        self, conversation_id: str, result: ScanResult, state: ConversationState
    ) -> list[Message]:
        """One answer to an intake question: take the facts, ask the next or hand off."""
        if result.findings or result.scam_signals or result.risky_links:
            # safety first: the bot's protective answer, then straight to a human
            return await self._bot_turn(conversation_id, result, state, force_handoff=True)
        understood = self.bot.understander.understand(result.redacted, state.language)
        language = state.language
        ticket: Ticket | None = None
        async with self.db.session() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None or conversation.status != "intake":
                return []
            intake = Intake.from_dict(conversation.intake)
            skip = wants_to_skip(result.redacted) or (
                understood.intent == "service.human" and understood.confidence >= 0.6
            )
            question = None
            if not skip:
                absorb(
                    intake,
                    intent=None if understood.out_of_scope else understood.intent,
                    entities=understood.entities,
                    emotion=understood.emotion,
                    text=result.redacted,
                )
                question = next_question(intake)
            if question is not None:
                ask(intake, question)
                conversation.intake = intake.to_dict()
                reply = await self.outgoing(
                    session,
                    conversation,
                    "bot",
                    texts.text("ask_" + question, language),
                    None,
                    {"intake": question},
                )
            else:
                intake.pending = None
                conversation.intake = intake.to_dict()
                conversation.status = "handoff"
                ticket = await open_ticket(session, conversation, intake, utcnow())
                reply = None
            await session.commit()
        if ticket is not None:
            return [await self._after_handoff(conversation_id, ticket, "intake_done")]
        assert reply is not None
        await self.publish(reply)
        return [reply]

    async def _after_handoff(
        self, conversation_id: str, ticket: Ticket, lead: str | None
    ) -> Message:
        """Tell the customer where they stand, and every console that should know."""
        async with self.db.session() as session:
            conversation = await session.get(Conversation, conversation_id)
            fresh = await session.get(Ticket, ticket.id)
            assert conversation is not None and fresh is not None
            place = await queue_place(session, fresh, utcnow())
            line = place_text(place, conversation.language, conversation.channel)
            if lead:
                gap = "" if conversation.language == "zh" else " "
                line = f"{texts.text(lead, conversation.language)}{gap}{line}"
            message = await self.outgoing(
                session, conversation, "bot", line, None, {"kind": "queue", **place.to_dict()}
            )
            await session.commit()
        await self.publish(message)
        await self.publish_ticket(fresh, "ticket.new")
        return message

    async def publish_ticket(self, ticket: Ticket, kind: str) -> None:
        event = ticket_event(ticket, kind)
        await self.bus.publish(f"team:{ticket.team_id}", event)
        await self.bus.publish("supervisors", event)
        if ticket.assignee_id:
            await self.bus.publish(f"agent:{ticket.assignee_id}", event)
        for observer in self.observers:
            observer("supervisors", event)

    async def latest_ticket(self, session: AsyncSession, conversation_id: str) -> Ticket | None:
        return (
            await session.execute(
                select(Ticket)
                .where(Ticket.conversation_id == conversation_id)
                .order_by(Ticket.created_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    async def _customer_replied(self, conversation_id: str) -> None:
        """A customer writing on a solved or pending ticket reopens it (the bot stays
        silent: a human owns this conversation until one hands it back)."""
        now = utcnow()
        notice: Message | None = None
        async with self.db.session() as session:
            ticket = await self.latest_ticket(session, conversation_id)
            conversation = await session.get(Conversation, conversation_id)
            if ticket is None or conversation is None:
                return
            previous = ticket.status
            if previous in ("solved", "pending_customer"):
                ticket.status = "open"
                ticket.solved_at = None
                session.add(
                    TicketEvent(
                        ticket_id=ticket.id,
                        at=now,
                        actor="customer",
                        kind="reopened" if previous == "solved" else "status",
                        data={"from": previous, "to": "open"},
                    )
                )
                if previous == "solved":
                    notice = await self.outgoing(
                        session,
                        conversation,
                        "bot",
                        texts.text("reopened", conversation.language),
                        None,
                        {"kind": "reopened"},
                    )
            ticket.updated_at = now
            await session.commit()
        if notice is not None:
            await self.publish(notice)
        await self.publish_ticket(ticket, "ticket.updated")

    async def outgoing(
        self,
        session: AsyncSession,
        conversation: Conversation,
        sender: str,
        text: str,
        author_id: str | None,
        meta: dict[str, Any],
    ) -> Message:
        """Every message the desk sends passes the outgoing guard first (invariant 2)."""
        verdict = self.guard.check(text)
        if not verdict.allowed:
            await audit.append(
                session,
                author_id or sender,
                "message.blocked",
                f"conversation:{conversation.id}",
                {"reasons": [r.code for r in verdict.reasons]},
            )
            await session.commit()
            raise GuardBlocked(verdict)
        return await self._add_message(session, conversation, sender, text, None, meta)

    # ---- internals ----------------------------------------------------------------------
    @staticmethod
    def _raise_risk(conversation: Conversation, level: str, flag: str) -> None:
        if RISK_ORDER[level] > RISK_ORDER.get(conversation.risk, 0):
            conversation.risk = level
        if flag not in conversation.risk_flags:
            conversation.risk_flags = [*conversation.risk_flags, flag]

    async def _by_client_id(self, conversation_id: str, client_id: str) -> Message | None:
        async with self.db.read_session() as session:
            return (
                await session.execute(
                    select(Message).where(
                        Message.conversation_id == conversation_id, Message.client_id == client_id
                    )
                )
            ).scalar_one_or_none()

    async def _add_message(
        self,
        session: AsyncSession,
        conversation: Conversation,
        sender: str,
        text: str,
        client_id: str | None,
        meta: dict[str, Any],
    ) -> Message:
        seq = (
            await session.execute(
                update(Conversation)
                .where(Conversation.id == conversation.id)
                .values(last_seq=Conversation.last_seq + 1, updated_at=utcnow())
                .returning(Conversation.last_seq)
            )
        ).scalar_one()
        conversation.last_seq = seq
        message = Message(
            conversation_id=conversation.id,
            seq=seq,
            sender=sender,
            text=text,
            client_id=client_id,
            meta=meta,
            created_at=utcnow(),
        )
        session.add(message)
        await session.flush()
        return message

    async def publish(self, message: Message) -> None:
        channel = f"conversation:{message.conversation_id}"
        event = {"type": "message", "message": public_message(message)}
        await self.bus.publish(channel, event)
        for observer in self.observers:
            observer(channel, event)
