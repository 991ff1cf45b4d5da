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

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.audit import chain as audit
from walletdesk.bot.policy import Bot, BotTurn, ConversationState
from walletdesk.chain.rpc import diagnose_with_endpoints
from walletdesk.realtime.bus import InProcessBus
from walletdesk.safety.guard import GuardVerdict, OutgoingGuard
from walletdesk.safety.links import LinkChecker
from walletdesk.safety.scan import ScanResult, scan
from walletdesk.store.db import Database
from walletdesk.store.models import (
    Conversation,
    Customer,
    CustomerToken,
    Message,
    Team,
    Ticket,
    utcnow,
)

OnStored = Callable[[Message, bool], Awaitable[None]]
PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
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


async def pick_team(session: AsyncSession, language: str) -> str | None:
    """Routing v1: a team that speaks the language, the least loaded first."""
    teams = list((await session.execute(select(Team))).scalars())
    if not teams:
        return None
    speaking = [t for t in teams if language in t.languages] or teams
    rows = await session.execute(
        select(Ticket.team_id, func.count())
        .where(Ticket.status.in_(("new", "open")))
        .group_by(Ticket.team_id)
    )
    load: dict[str | None, int] = {team_id: count for team_id, count in rows}
    return min(speaking, key=lambda t: (load.get(t.id, 0), t.name)).id


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
        bus: InProcessBus,
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
        async with self.db.session() as session:
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
        async with self.db.session() as session:
            conversation = await session.get(Conversation, conversation_id)
        if conversation is None or conversation.customer_id != customer_id:
            return None
        return conversation

    async def conversations_of(self, customer_id: str) -> list[Conversation]:
        async with self.db.session() as session:
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
        async with self.db.session() as session:
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
                )
            await self.publish(stored)
            if on_stored is not None:
                await on_stored(stored, False)
            replies: list[Message] = []
            if status == "bot":
                replies = await self._bot_turn(conversation_id, result, state)
            return Posted(stored, replies, False, result)

    async def _bot_turn(
        self, conversation_id: str, result: ScanResult, state: ConversationState
    ) -> list[Message]:
        turn: BotTurn = self.bot.reply(result, state)
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
            conversation.last_intent = (
                turn.intent if not turn.out_of_scope else conversation.last_intent
            )
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
            reply = await self.outgoing(session, conversation, "bot", turn.answer, None, meta)
            if turn.handoff:
                await self._handoff(session, conversation, turn)
            await session.commit()
        await self.publish(reply)
        replies = [reply]
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
        advice = "\n".join(f"- {step}" for step in diagnosis.advice)
        text = f"{diagnosis.reason}\n{advice}".strip()
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

    async def _handoff(
        self, session: AsyncSession, conversation: Conversation, turn: BotTurn
    ) -> None:
        conversation.status = "handoff"
        priority = (
            "urgent"
            if conversation.risk == "high"
            else ("high" if turn.emotion.label in ("anxious", "angry") else "normal")
        )
        team_id = await pick_team(session, turn.language)
        ticket = Ticket(
            conversation_id=conversation.id,
            priority=priority,
            team_id=team_id,
            language=turn.language,
            subject=conversation.last_intent or "",
            facts={
                "risk_flags": list(conversation.risk_flags),
                "last_intent": conversation.last_intent,
            },
        )
        session.add(ticket)
        await session.flush()
        await audit.append(
            session,
            "bot",
            "conversation.handoff",
            f"conversation:{conversation.id}",
            {"ticket": ticket.id, "priority": priority},
        )

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
        async with self.db.session() as session:
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
        await self.bus.publish(
            f"conversation:{message.conversation_id}",
            {"type": "message", "message": public_message(message)},
        )
