"""What the bot says, in four languages, and that everything it says passes the guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from walletdesk.bot.policy import Bot, BotTurn, ConversationState, defang
from walletdesk.config import Settings
from walletdesk.knowledge.articles import load_directory
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.safety.links import LinkChecker
from walletdesk.safety.scan import scan
from walletdesk.wiring import build_bot, build_links

PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


@pytest.fixture(scope="module")
def parts(
    tmp_path_factory: pytest.TempPathFactory, model_cache: Path
) -> tuple[Bot, LinkChecker, OutgoingGuard]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("bot"), model_cache_dir=model_cache)
    bot = build_bot(settings, load_directory(settings.content_dir).articles)
    links = build_links(settings)
    return bot, links, OutgoingGuard(links)


def ask(
    parts: tuple[Bot, LinkChecker, OutgoingGuard], text: str, language: str = "en", streak: int = 0
) -> BotTurn:
    bot, links, guard = parts
    turn = bot.reply(
        scan(text, links), ConversationState(language=language, low_confidence_streak=streak)
    )
    verdict = guard.check(turn.answer)
    assert verdict.allowed, (turn.answer, verdict.to_dict())
    return turn


@pytest.mark.parametrize(
    ("text", "language", "article"),
    [
        ("how do I back up my recovery phrase?", "en", "backup-recovery-phrase"),
        ("助记词怎么备份", "zh", "backup-recovery-phrase"),
        ("¿cómo respaldo mi frase semilla?", "es", "backup-recovery-phrase"),
        ("كيف احفظ الكلمات السرية للمحفظة", "ar", "backup-recovery-phrase"),
        ("olvidé mi contraseña de la billetera", "es", "password-forgot"),
        ("转账一直没到账怎么办", "zh", "not-received"),
    ],
)
def test_answers_from_the_right_article_in_the_customers_language(
    parts: tuple[Bot, LinkChecker, OutgoingGuard], text: str, language: str, article: str
) -> None:
    turn = ask(parts, text)
    assert turn.language == language
    assert turn.articles and turn.articles[0].id == article
    assert turn.articles[0].url.endswith(f"/kb/{language}/{article}")
    assert not turn.out_of_scope and not turn.handoff


def test_pasted_phrase_gets_the_protective_reply(
    parts: tuple[Bot, LinkChecker, OutgoingGuard],
) -> None:
    for text, language, words in [
        (f"my phrase is {PHRASE}", "en", "compromised"),
        (f"我的助记词是 {PHRASE}", "zh", "泄露"),
    ]:
        turn = ask(parts, text)
        assert turn.language == language and words in turn.answer
        assert "secret_pasted" in turn.risk_flags and turn.handoff
        assert "sausage" not in turn.answer


def test_phishing_link_is_named_defanged(parts: tuple[Bot, LinkChecker, OutgoingGuard]) -> None:
    turn = ask(parts, "is metamask-login.io the official site?")
    assert "metamask-login[.]io" in turn.answer
    assert any(flag.startswith("link_") for flag in turn.risk_flags)
    assert defang("a.b-c.io and x.y") == "a[.]b-c[.]io and x[.]y"


def test_scam_contact_steers_to_the_fake_support_article(
    parts: tuple[Bot, LinkChecker, OutgoingGuard],
) -> None:
    turn = ask(parts, "a support agent on telegram asked me for my seed phrase to fix my wallet")
    assert turn.articles[0].id == "fake-support-scam"
    assert any(flag.startswith("scam_") for flag in turn.risk_flags)
    assert turn.handoff, "a scam contact is high risk: a human follows up"


def test_wrong_network_diagnosis_in_chinese(parts: tuple[Bot, LinkChecker, OutgoingGuard]) -> None:
    turn = ask(parts, "我把USDT用TRC20转到了我的0x52908400098527886E0F7030069857D2E4169EE7地址")
    assert "THVmXun9u721tBiYcT3VfLQKcwYBmoY1xX" in turn.answer  # the same-bytes TRON address
    assert turn.articles[0].id == "tron-evm-crossed"


def test_bad_checksum_address_is_flagged(parts: tuple[Bot, LinkChecker, OutgoingGuard]) -> None:
    turn = ask(parts, "can I send to 0x52908400098527886e0F7030069857D2E4169EE7 ?")
    assert "bad_checksum" in turn.answer


def test_out_of_scope_then_handoff_on_second_miss(
    parts: tuple[Bot, LinkChecker, OutgoingGuard],
) -> None:
    first = ask(parts, "what's the weather like in paris tomorrow")
    assert first.out_of_scope and not first.handoff
    second = ask(parts, "what's the weather like in paris tomorrow", streak=1)
    assert second.handoff


def test_greeting_and_human_request(parts: tuple[Bot, LinkChecker, OutgoingGuard]) -> None:
    assert ask(parts, "hola").intent == "chitchat.greeting"
    human = ask(parts, "أريد التحدث مع موظف")
    assert human.handoff and human.language == "ar"


def test_answer_links_the_next_step_from_the_knowledge_graph(
    parts: tuple[Bot, LinkChecker, OutgoingGuard],
) -> None:
    turn = ask(parts, "my transaction has been pending for hours")
    assert len(turn.articles) == 2  # the answer and the graph's next step
    bot = parts[0]
    first = bot.index.get(turn.articles[0].id, "en")
    assert first is not None
    assert turn.articles[1].id in (*first.next_steps, *first.related)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("still not working", "en"),
        ("还是不行", "zh"),
        ("sigue sin funcionar", "es"),
        ("ما زال لا يعمل", "ar"),
    ],
)
def test_follow_up_moves_along_the_last_topic(
    parts: tuple[Bot, LinkChecker, OutgoingGuard], text: str, language: str
) -> None:
    bot, links, guard = parts
    state = ConversationState(
        language=language, last_intent="transfer.pending", last_article="transaction-pending"
    )
    turn = bot.reply(scan(text, links), state)
    assert guard.check(turn.answer).allowed
    assert turn.intent == "transfer.pending" and turn.articles
    pending = bot.index.get("transaction-pending", language)
    assert pending is not None
    assert turn.articles[0].id in (*pending.next_steps, *pending.related)
