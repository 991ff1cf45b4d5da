"""Priority from risk, emotion, amount and waiting; SLA clocks and their states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from walletdesk.desk.priority import label_for, priority_score, queue_score
from walletdesk.desk.sla import DEFAULT_SLAS, minutes_left, set_due, sla_state
from walletdesk.store.models import Ticket

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_risk_outranks_everything() -> None:
    plain = priority_score([], {"topic_intent": "transfer.pending"})
    secret = priority_score(["secret_pasted"], {"topic_intent": "transfer.pending"})
    scam = priority_score(["scam_fake_support"], {})
    theft = priority_score(
        [], {"topic_intent": "security.compromised", "urgency": "funds at risk now"}
    )
    assert label_for(plain) == "normal"
    assert label_for(secret) == "urgent" and label_for(theft) == "urgent"
    assert label_for(scam) == "high"
    assert label_for(priority_score([], {"topic_intent": "service.feedback"})) == "low"


def test_emotion_and_amount_raise_priority() -> None:
    base = {"topic_intent": "transfer.pending"}
    calm = priority_score([], base)
    upset = priority_score([], {**base, "emotion": "angry"})
    big = priority_score(
        [], {**base, "emotion": "anxious", "amount_value": "5000", "amount_token": "USDT"}
    )
    assert calm < upset < big and label_for(big) == "high"


def test_waiting_raises_a_ticket_up_to_a_cap() -> None:
    assert queue_score(10, T0, T0) == 10
    assert queue_score(10, T0, T0 + timedelta(minutes=20)) == 20
    assert queue_score(10, T0, T0 + timedelta(days=3)) == 40


def _ticket(priority: str) -> Ticket:
    ticket = Ticket(priority=priority, status="new", created_at=T0)
    set_due(ticket, DEFAULT_SLAS)
    return ticket


def test_sla_states_over_time() -> None:
    ticket = _ticket("normal")
    assert ticket.due_first_response == T0 + timedelta(minutes=60)
    assert sla_state(ticket, T0 + timedelta(minutes=10)) == "ok"
    assert sla_state(ticket, T0 + timedelta(minutes=46)) == "warning"
    assert sla_state(ticket, T0 + timedelta(minutes=61)) == "breached"
    ticket.first_response_at = T0 + timedelta(minutes=5)
    assert sla_state(ticket, T0 + timedelta(minutes=61)) == "ok", "answered in time"
    assert sla_state(ticket, T0 + timedelta(hours=23)) == "warning", "resolution clock"
    ticket.status = "solved"
    assert sla_state(ticket, T0 + timedelta(days=5)) == "ok"
    assert minutes_left(ticket.due_first_response, T0) == 60


def test_urgent_targets_are_tighter() -> None:
    assert _ticket("urgent").due_first_response == T0 + timedelta(minutes=5)
    assert sla_state(_ticket("urgent"), T0 + timedelta(minutes=6)) == "breached"
