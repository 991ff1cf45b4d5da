"""Handoff intake: before a human joins, the bot collects what the agent will need by
asking only for what is missing (topic, network, transaction hash, address, amount, when,
how urgent), one short question at a time and never for a secret.

Pure functions over a small JSON-able state kept on the conversation (``intake``), so the
desk can persist it between messages. Facts come from entities the language layer found
in the (already redacted) customer messages; an answer that names no entity is kept as
the customer's own words, cut short, so nothing the customer said is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from walletdesk.language.emotion import Emotion
from walletdesk.language.entities import Entity

FACT_KEYS = ("topic", "chain", "tx_hash", "address", "amount", "when", "urgency")
MAX_QUESTIONS = 3  # a customer waiting for a human answers at most this many
MAX_FACT_CHARS = 200

SKILLS = ("security", "transactions", "defi", "hardware", "general")

_SKILL_OF_PREFIX = {
    "security.": "security",
    "transfer.": "transactions",
    "fees.": "transactions",
    "assets.": "transactions",
    "dapp.": "defi",
    "swap.": "defi",
    "staking": "defi",
    "hardware.": "hardware",
}
_SKILL_OVERRIDES = {"security.approvals": "defi", "assets.price": "general"}

# What an agent needs first, by topic. Questions follow this order.
_NEEDS_TX = ("chain", "tx_hash", "amount", "when")
_NEEDS: dict[str, tuple[str, ...]] = {
    "transfer.pending": _NEEDS_TX,
    "transfer.failed": _NEEDS_TX,
    "transfer.not_received": _NEEDS_TX,
    "transfer.wrong_network": ("chain", "tx_hash", "amount"),
    "transfer.wrong_address": ("chain", "tx_hash", "amount", "when"),
    "fees.gas": ("chain", "tx_hash"),
    "assets.token_missing": ("chain", "address"),
    "assets.balance_wrong": ("chain", "address"),
    "security.compromised": ("urgency", "when", "amount", "chain"),
    "security.scam_report": ("when", "amount", "chain"),
    "security.approvals": ("chain", "address"),
    "swap.trade": ("chain", "tx_hash"),
    "staking": ("chain",),
    "dapp.connect": ("chain",),
}
_NO_TOPIC = frozenset({None, "", "out_of_scope", "service.human", "chitchat.greeting"})

_SKIP_ALL = re.compile(
    r"^\s*(?:skip|just connect me|agent now|跳过|直接转人工|omitir|saltar|تخطي|تجاوز)"
    r"\s*[.!。！]*\s*$",
    re.IGNORECASE,
)
_DONT_KNOW = re.compile(
    r"^\s*(?:(?:i )?(?:don'?t|do not) know|not sure|no idea|n/?a|no sé|no lo sé|ni idea|"
    r"不知道|不清楚|忘了|没有|لا أعرف|لا اعرف|لست متأكد[اً]?)\s*[.!。！]*\s*$",
    re.IGNORECASE,
)
_YES = re.compile(r"^\s*(?:yes|yeah|yep|y|是|是的|对|有|sí|si|نعم|أجل)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(?:no|nope|n|否|不是|没有|لا)\b", re.IGNORECASE)

# Amounts that count as large for priority, per token (roughly 1,000 US dollars or more).
_LARGE: dict[str, Decimal] = {
    "USDT": Decimal(1000),
    "USDC": Decimal(1000),
    "DAI": Decimal(1000),
    "BUSD": Decimal(1000),
    "ETH": Decimal("0.5"),
    "WETH": Decimal("0.5"),
    "BTC": Decimal("0.02"),
    "BNB": Decimal(2),
    "SOL": Decimal(10),
    "TRX": Decimal(5000),
}


def skill_for(intent: str | None) -> str:
    if not intent:
        return "general"
    if intent in _SKILL_OVERRIDES:
        return _SKILL_OVERRIDES[intent]
    for prefix, skill in _SKILL_OF_PREFIX.items():
        if intent.startswith(prefix):
            return skill
    return "general"


def is_large_amount(amount: str | None, token: str | None) -> bool:
    if not amount or not token:
        return False
    limit = _LARGE.get(token.upper())
    try:
        return limit is not None and Decimal(amount) >= limit
    except InvalidOperation:
        return False


@dataclass(slots=True)
class Intake:
    """Facts so far, the questions already asked and the one awaiting an answer."""

    facts: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    pending: str | None = None
    reason: str = ""  # why the handoff started: asked | low_confidence | high_risk

    def to_dict(self) -> dict[str, Any]:
        return {
            "facts": dict(self.facts),
            "asked": list(self.asked),
            "pending": self.pending,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Intake:
        data = data or {}
        facts = data.get("facts")
        asked = data.get("asked")
        pending = data.get("pending")
        return cls(
            facts=dict(facts) if isinstance(facts, dict) else {},
            asked=[str(a) for a in asked] if isinstance(asked, list) else [],
            pending=pending if pending in FACT_KEYS else None,
            reason=str(data.get("reason", "")),
        )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_FACT_CHARS else text[: MAX_FACT_CHARS - 1] + "…"


def absorb(
    intake: Intake,
    *,
    intent: str | None,
    entities: list[Entity],
    emotion: Emotion | None,
    text: str,
) -> None:
    """Take what one customer message says into the facts (never overwrites a known fact
    with a weaker one; a pending question's free-text answer is kept verbatim)."""
    facts = intake.facts
    if intent not in _NO_TOPIC and not facts.get("topic_intent"):
        facts["topic_intent"] = intent
    for entity in entities:
        if entity.kind == "chain":
            facts.setdefault("chain", str(entity.detail.get("chain", entity.value)))
        elif entity.kind == "tx_hash":
            facts.setdefault("tx_hash", entity.value)
        elif entity.kind == "address":
            facts.setdefault("address", entity.value)
        elif entity.kind == "amount":
            if "amount" not in facts:
                facts["amount"] = entity.value
                facts["amount_value"] = str(entity.detail.get("amount", ""))
                facts["amount_token"] = str(entity.detail.get("token", ""))
        elif entity.kind == "duration":
            facts.setdefault("when", f"{entity.value} ago")
    if emotion is not None:
        if "funds_at_risk" in emotion.urgency:
            facts["urgency"] = "funds at risk now"
        elif emotion.urgency and "urgency" not in facts:
            facts["urgency"] = ", ".join(emotion.urgency)
        if emotion.label != "calm":
            facts["emotion"] = emotion.label

    pending = intake.pending
    intake.pending = None
    if pending is None or pending in facts:
        return
    if pending == "urgency" and _YES.match(text):
        facts["urgency"] = "funds at risk now"
    elif pending == "urgency" and _NO.match(text):
        facts["urgency"] = "not urgent"
    elif _DONT_KNOW.match(text):
        facts[pending] = "unknown"
    elif pending in ("topic", "urgency") or pending in ("when", "amount"):
        facts[pending] = _short(text)
    else:  # chain / tx_hash / address not recognised: keep the words, do not ask again
        facts[f"{pending}_said"] = _short(text)
        facts[pending] = "unrecognised"


def wants_to_skip(text: str) -> bool:
    return bool(_SKIP_ALL.match(text))


def next_question(intake: Intake) -> str | None:
    """The next fact to ask for, or None when the agent has enough (or we asked enough)."""
    if len(intake.asked) >= MAX_QUESTIONS:
        return None
    facts = intake.facts
    topic = facts.get("topic_intent")
    wanted: tuple[str, ...] = _NEEDS.get(str(topic), ()) if topic else ()
    if not topic and "topic" not in facts:
        wanted = ("topic",)
    for key in wanted:
        if key not in facts and key not in intake.asked:
            return key
    return None


def ask(intake: Intake, key: str) -> None:
    intake.asked.append(key)
    intake.pending = key


def large_amount(facts: dict[str, Any]) -> bool:
    return is_large_amount(facts.get("amount_value"), facts.get("amount_token"))


def fact_lines(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for the agent's screen, in a stable order."""
    labels = {
        "topic_intent": "Topic",
        "topic": "In their words",
        "chain": "Network",
        "tx_hash": "Transaction hash",
        "address": "Address",
        "amount": "Amount",
        "when": "When",
        "urgency": "Urgency",
        "emotion": "Mood",
        "chain_said": "Network (as said)",
        "tx_hash_said": "Hash (as said)",
        "address_said": "Address (as said)",
    }
    return [(label, str(facts[key])) for key, label in labels.items() if facts.get(key)]
