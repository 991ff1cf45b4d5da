"""Handoff intake: ask only what is missing, in order, never for a secret; skip and
"don't know" are respected; at most three questions."""

from __future__ import annotations

import pytest

from walletdesk.config import Settings
from walletdesk.desk.intake import (
    MAX_QUESTIONS,
    Intake,
    absorb,
    ask,
    fact_lines,
    is_large_amount,
    next_question,
    skill_for,
    wants_to_skip,
)
from walletdesk.desk.texts import TEXTS
from walletdesk.language.emotion import read_emotion
from walletdesk.language.entities import extract_entities
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.wiring import build_links


def _say(intake: Intake, text: str, intent: str | None = None) -> None:
    absorb(
        intake,
        intent=intent,
        entities=extract_entities(text),
        emotion=read_emotion(text),
        text=text,
    )


def test_asks_only_what_is_missing_in_order() -> None:
    intake = Intake()
    _say(
        intake,
        "I sent 200 USDT on Tron 3 hours ago and it has not arrived",
        "transfer.not_received",
    )
    assert intake.facts["chain"] == "tron" and intake.facts["amount"] == "200 USDT"
    assert intake.facts["when"] == "3 hours ago"
    assert next_question(intake) == "tx_hash"


def test_unknown_topic_asks_the_topic_first_then_follows_it() -> None:
    intake = Intake()
    _say(intake, "human please", "service.human")
    assert next_question(intake) == "topic"
    ask(intake, "topic")
    _say(intake, "my transfer failed", "transfer.failed")
    assert intake.facts["topic"] == "my transfer failed"
    assert intake.facts["topic_intent"] == "transfer.failed"
    assert next_question(intake) == "chain"


def test_free_text_answers_are_kept_and_not_asked_again() -> None:
    intake = Intake(facts={"topic_intent": "transfer.pending"})
    ask(intake, "chain")
    _say(intake, "the yellow one, I think")
    assert intake.facts["chain"] == "unrecognised"
    assert intake.facts["chain_said"] == "the yellow one, I think"
    assert next_question(intake) == "tx_hash"
    ask(intake, "tx_hash")
    _say(intake, "不知道")
    assert intake.facts["tx_hash"] == "unknown"


def test_urgency_yes_no_in_four_languages() -> None:
    for answer, expected in (
        ("yes", "funds at risk now"),
        ("是的", "funds at risk now"),
        ("no", "not urgent"),
        ("نعم", "funds at risk now"),
        ("sí", "funds at risk now"),
        ("没有", "not urgent"),
    ):
        intake = Intake(facts={"topic_intent": "security.compromised"})
        assert next_question(intake) == "urgency"
        ask(intake, "urgency")
        _say(intake, answer)
        assert intake.facts["urgency"] == expected, answer


def test_never_more_than_three_questions() -> None:
    intake = Intake(facts={"topic_intent": "transfer.not_received"})
    asked = []
    while (key := next_question(intake)) is not None:
        ask(intake, key)
        asked.append(key)
        _say(intake, "no idea")
    assert len(asked) == MAX_QUESTIONS


@pytest.mark.parametrize("text", ["skip", "Skip!", "跳过", "omitir", "تخطي", "just connect me"])
def test_skip_words(text: str) -> None:
    assert wants_to_skip(text)


def test_skip_is_not_a_substring_match() -> None:
    assert not wants_to_skip("I skipped the backup step")


def test_state_survives_json_and_rejects_garbage() -> None:
    intake = Intake(facts={"chain": "bsc"}, asked=["chain"], pending="tx_hash", reason="asked")
    assert Intake.from_dict(intake.to_dict()) == intake
    broken = Intake.from_dict({"facts": "x", "asked": 3, "pending": "password"})
    assert broken == Intake(reason="")


def test_skills_and_large_amounts() -> None:
    assert skill_for("security.scam_report") == "security"
    assert skill_for("transfer.failed") == "transactions"
    assert skill_for("security.approvals") == "defi"
    assert skill_for("hardware.wallet") == "hardware"
    assert skill_for(None) == "general"
    assert is_large_amount("1500", "USDT") and not is_large_amount("15", "USDT")
    assert is_large_amount("0.8", "eth") and not is_large_amount("abc", "ETH")
    assert not is_large_amount("1000000", "SHIB")


def test_fact_lines_for_the_agent() -> None:
    lines = dict(fact_lines({"chain": "tron", "tx_hash": "0xab", "secret": "never shown"}))
    assert lines == {"Network": "tron", "Transaction hash": "0xab"}


def test_every_desk_sentence_passes_the_outgoing_guard() -> None:
    guard = OutgoingGuard(build_links(Settings()))
    for key, table in TEXTS.items():
        for language, template in table.items():
            filled = template.format(position="3", minutes="12", agent="Ana", email="a@b.example")
            verdict = guard.check(filled)
            assert verdict.allowed, (key, language, [r.message for r in verdict.reasons])
