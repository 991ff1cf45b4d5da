"""Ticket priority from what the desk knows: risk (suspected theft, a pasted secret, a
scam contact), emotion, the amount at stake and, in the queue, how long the customer has
been waiting. A score, so the queue can order within a label; labels map to SLAs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from walletdesk.desk.intake import large_amount

PRIORITIES = ("urgent", "high", "normal", "low")
PRIORITY_ORDER = {name: rank for rank, name in enumerate(PRIORITIES)}

_FLAG_POINTS = {
    "secret_pasted": 60,
    "funds_at_risk": 60,
    "link_blocklisted": 25,
    "link_impersonation": 25,
}
_LOW_TOPICS = frozenset({"service.feedback", "service.hours", "assets.price", "chitchat.greeting"})
WAIT_POINTS_CAP = 30  # waiting raises a ticket by a point every two minutes, this far at most


def priority_score(
    risk_flags: Iterable[str], facts: dict[str, Any], emotion: str | None = None
) -> int:
    flags = set(risk_flags)
    score = 0 if facts.get("topic_intent") in _LOW_TOPICS else 10
    score += sum(points for flag, points in _FLAG_POINTS.items() if flag in flags)
    if any(flag.startswith("scam_") for flag in flags):
        score += 40
    if facts.get("topic_intent") == "security.compromised":
        score += 40
    if facts.get("urgency") == "funds at risk now" and "funds_at_risk" not in flags:
        score += 60
    mood = emotion or facts.get("emotion")
    score += {"angry": 15, "anxious": 15, "confused": 5}.get(str(mood), 0)
    if large_amount(facts):
        score += 15
    return score


def label_for(score: int) -> str:
    if score >= 60:
        return "urgent"
    if score >= 35:
        return "high"
    if score >= 10:
        return "normal"
    return "low"


def queue_score(base: int, created_at: datetime, now: datetime) -> int:
    """Waiting counts: a normal ticket left long enough overtakes fresher ones."""
    waited_minutes = max(0.0, (now - created_at).total_seconds() / 60)
    return base + min(WAIT_POINTS_CAP, int(waited_minutes // 2))
