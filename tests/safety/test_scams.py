"""Scam-script signals on incoming customer messages, in zh/en/es/ar.

The corpus below is labelled by hand: positives must raise the named kind, negatives
(ordinary support questions, many touching the same words) must raise nothing.
"""

from __future__ import annotations

import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from walletdesk.safety.scams import (
    SCAM_ARTICLE,
    ScamKind,
    ScamSignal,
    find_scam_signals,
    fold_text,
)

POSITIVES: dict[str, list[tuple[str, ScamKind]]] = {
    "en": [
        ("someone from support on Telegram asked me for my seed phrase", "asks_for_secret"),
        ("someone from support on Telegram asked me for my seed phrase", "fake_support_contact"),
        ("a guy DMed me on X saying he is from wallet support", "fake_support_contact"),
        ("An admin messaged me on Discord after I posted my question", "fake_support_contact"),
        ("He told me to type my 12 words into a form to verify ownership", "asks_for_secret"),
        ("I already gave my recovery phrase to the support guy on WhatsApp", "asks_for_secret"),
        (
            "Got an email: you must validate your wallet or it will be closed in 24 hours",
            "wallet_validation",
        ),
        (
            "The site says I have to synchronize my wallet or my funds will be lost",
            "wallet_validation",
        ),
        ("you must rectify your wallet or it will be suspended", "wallet_validation"),
        ("claim your airdrop, connect wallet and sign", "airdrop_claim"),
        ("I'm eligible for a free airdrop, do I just connect and approve?", "airdrop_claim"),
        (
            "I found a recovery service that can get my stolen funds back for a fee",
            "recovery_service",
        ),
        (
            "A hacker on Instagram says he can recover my money if I pay 10% upfront",
            "recovery_service",
        ),
        (
            "someone sent me a seed phrase with 5000 USDT inside, I need gas to withdraw",
            "bait_seed",
        ),
        (
            "I copied the address from my history and the money went somewhere else",
            "address_poisoning",
        ),
        (
            "The first and last 4 characters are the same but it is not my address",
            "address_poisoning",
        ),
        ("downloaded the app from a link in an ad", "fake_app"),
        ("I installed the wallet from a Google ad and now my balance is zero", "fake_app"),
        ("I only signed a message and all my USDT is gone", "signature_request"),
        ("The page asked me to sign a permit to claim tokens", "signature_request"),
    ],
    "zh": [
        ("加我微信客服帮你解决", "fake_support_contact"),
        ("客服让我提供助记词", "asks_for_secret"),
        ("电报上有个管理员私信我，说是官方客服", "fake_support_contact"),
        ("有人自称官方客服，问我要私钥", "asks_for_secret"),
        ("我已经把助记词发给客服了，怎么办", "asks_for_secret"),
        ("收到短信说必须验证钱包，否则钱包将被冻结", "wallet_validation"),
        ("网站提示要同步钱包，不然账户会被锁定", "wallet_validation"),
        ("群里说有空投，连接钱包签名就能领取", "airdrop_claim"),
        ("有个黑客说能帮我追回被盗的USDT，要先付手续费", "recovery_service"),
        ("有人在群里发了一个助记词，里面有5000 USDT，但是需要矿工费才能转出", "bait_seed"),
        ("我从转账记录里复制了地址，钱转到别的地方去了", "address_poisoning"),
        ("那个地址前后几位都一样，我没仔细看", "address_poisoning"),
        ("我是从广告链接下载的钱包App", "fake_app"),
        ("我只是签了个名，币就没了", "signature_request"),
        ("网站让我签名授权领取奖励", "signature_request"),
    ],
    "es": [
        ("me escribió soporte por WhatsApp y me pidió la frase semilla", "fake_support_contact"),
        ("me escribió soporte por WhatsApp y me pidió la frase semilla", "asks_for_secret"),
        ("Un agente me pidió mi clave privada para verificar la cuenta", "asks_for_secret"),
        ("Alguien que dice que es del soporte me contactó por Telegram", "fake_support_contact"),
        ("Escribí mi frase semilla en una página que me mandaron", "asks_for_secret"),
        (
            "Me llegó un correo: debes validar tu billetera o será cerrada",
            "wallet_validation",
        ),
        ("Tienes que sincronizar tu billetera o se bloqueará", "wallet_validation"),
        ("Reclama tu airdrop gratis, conecta tu billetera y firma", "airdrop_claim"),
        (
            "Encontré un servicio de recuperación que promete devolver mis fondos robados",
            "recovery_service",
        ),
        (
            "Un hacker me dice que puede recuperar mis fondos si le pago una comisión",
            "recovery_service",
        ),
        ("me pasaron una frase semilla con fondos, pero necesito gas para retirar", "bait_seed"),
        (
            "Copié la dirección del historial y el dinero se fue a otra dirección",
            "address_poisoning",
        ),
        ("descargué la app desde un anuncio de Google", "fake_app"),
        ("Firmé un mensaje y desaparecieron mis tokens", "signature_request"),
        ("La página me pidió firmar para reclamar tokens", "signature_request"),
    ],
    "ar": [
        ("طلب مني الدعم الفني عبارة الاسترداد", "asks_for_secret"),
        ("راسلني شخص على تيليجرام يقول إنه من الدعم", "fake_support_contact"),
        ("تواصل معي الدعم عبر واتساب وطلب مني المفتاح الخاص", "asks_for_secret"),
        ("أرسلت لهم عبارة الاسترداد على الموقع", "asks_for_secret"),
        ("وصلتني رسالة: يجب التحقق من محفظتك وإلا سيتم إغلاق محفظتك", "wallet_validation"),
        ("موقع يطلب مزامنة المحفظة وإلا سيتم تجميد الحساب", "wallet_validation"),
        ("احصل على إيردروب مجاني، اربط محفظتك ووقع", "airdrop_claim"),
        ("وجدت خدمة استرداد تقول إنها تستطيع إرجاع أموالي المسروقة", "recovery_service"),
        ("أرسل لي شخص عبارة استرداد فيها 5000 USDT وأحتاج رسوم الغاز للسحب", "bait_seed"),
        ("نسخت العنوان من سجل المعاملات وذهبت الأموال إلى عنوان آخر", "address_poisoning"),
        ("حملت التطبيق من رابط في إعلان", "fake_app"),
        ("وقعت على رسالة واختفت عملاتي", "signature_request"),
        ("طلب مني الموقع التوقيع للحصول على المكافأة", "signature_request"),
    ],
}

NEGATIVES: dict[str, list[str]] = {
    "en": [
        "how do I back up my seed phrase?",
        "how do I claim staking rewards?",
        "I lost my recovery phrase, what can I do?",
        "How do I import my wallet with a private key?",
        "I forgot my password, can support reset it?",
        "How do I contact support?",
        "Do you have an official Telegram group?",
        "How do I sync my wallet to a new phone?",
        "How can I verify a transaction on the explorer?",
        "How do I copy my address to receive USDT?",
        "Where can I see my transaction history?",
        "Where can I download the official app?",
        "I need gas to send USDT, how much TRX do I need?",
        "How do I sign a transaction with my Ledger?",
        "My transaction has been pending for 3 hours",
        "What is an airdrop?",
        "Is it possible to recover a wallet from the 12 words?",
        "The app asked me to confirm my backup, is that normal?",
        "How do I revoke token approvals?",
        "Can I change the app PIN?",
    ],
    "zh": [
        "我的助记词丢了怎么办",
        "怎么备份助记词？",
        "怎么联系客服？",
        "你们有微信客服吗？",
        "质押奖励怎么领取？",
        "怎么同步钱包到新手机？",
        "忘记密码怎么办",
        "怎么用私钥导入钱包",
        "转账一直在等待确认",
        "官方App在哪里下载",
        "怎么复制我的收款地址",
        "交易记录在哪里看",
        "什么是空投",
        "转USDT需要多少TRX手续费",
        "怎么取消代币授权",
        "能找回钱包吗？",
    ],
    "es": [
        "¿cómo respaldo mi frase semilla?",
        "Perdí mi frase de recuperación, ¿qué hago?",
        "¿Cómo contacto con soporte?",
        "¿Cómo reclamo mis recompensas de staking?",
        "¿Cómo importo mi billetera con la clave privada?",
        "Olvidé mi contraseña de la app",
        "¿Cómo sincronizo mi billetera en un teléfono nuevo?",
        "¿Dónde descargo la app oficial?",
        "¿Cómo copio mi dirección para recibir USDT?",
        "¿Dónde veo el historial de transacciones?",
        "Mi transacción lleva horas pendiente",
        "¿Qué es un airdrop?",
        "Necesito gas para enviar USDT, ¿cuánto TRX necesito?",
        "¿Cómo revoco las aprobaciones de tokens?",
        "¿Puedo recuperar mi billetera con las 12 palabras?",
        "¿Cómo firmo una transacción con mi Ledger?",
    ],
    "ar": [
        "كيف أحفظ عبارة الاسترداد؟",
        "فقدت عبارة الاسترداد، ماذا أفعل؟",
        "كيف أتواصل مع الدعم؟",
        "كيف أستورد محفظتي باستخدام المفتاح الخاص؟",
        "نسيت كلمة المرور",
        "كيف أطالب بمكافآت التخزين؟",
        "كيف أزامن محفظتي على هاتف جديد؟",
        "من أين أحمل التطبيق الرسمي؟",
        "كيف أنسخ عنواني لاستقبال USDT؟",
        "أين أرى سجل المعاملات؟",
        "معاملتي معلقة منذ ساعات",
        "ما هو الإيردروب؟",
        "كم أحتاج من TRX لإرسال USDT؟",
        "كيف ألغي موافقات الرموز؟",
        "هل يمكن استعادة المحفظة بعبارة الاسترداد؟",
        "كيف أوقع معاملة بمحفظة Ledger؟",
    ],
}


def _kinds(signals: list[ScamSignal]) -> set[str]:
    return {s.kind for s in signals}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(t, k, id=f"{lang}-{i}")
        for lang, rows in POSITIVES.items()
        for i, (t, k) in enumerate(rows)
    ],
)
def test_scam_script_raises_the_right_kind(text: str, kind: ScamKind) -> None:
    signals = find_scam_signals(text)
    assert kind in _kinds(signals), signals


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(t, id=f"{lang}-{i}")
        for lang, rows in NEGATIVES.items()
        for i, t in enumerate(rows)
    ],
)
def test_plain_support_question_raises_nothing(text: str) -> None:
    assert find_scam_signals(text) == []


def test_corpus_size_per_language() -> None:
    for lang in ("en", "zh", "es", "ar"):
        assert len({t for t, _ in POSITIVES[lang]}) >= 8, lang
        assert len(NEGATIVES[lang]) >= 15, lang


def test_every_kind_is_covered_in_every_language() -> None:
    kinds = set(typing.get_args(ScamKind))
    for lang, rows in POSITIVES.items():
        assert {k for _, k in rows} == kinds, lang


def test_every_kind_points_to_an_article() -> None:
    assert set(SCAM_ARTICLE) == set(typing.get_args(ScamKind))
    assert set(SCAM_ARTICLE.values()) == {
        "fake-support-scam",
        "phishing-check-links",
        "approvals-revoke",
        "signed-message-permit",
        "recovery-services-scam",
        "address-poisoning",
        "shared-seed-bait",
        "official-download",
    }


def test_spans_point_into_the_original_text() -> None:
    text = "Hi!! 👋  Someone from SUPPORT on Telegram asked me for my Seed Phrase"
    signals = find_scam_signals(text)
    asked = [s for s in signals if s.kind == "asks_for_secret"]
    assert asked
    assert text[asked[0].start : asked[0].end].lower().startswith("asked me")
    assert text[asked[0].start : asked[0].end].endswith("Seed Phrase")
    for s in signals:
        assert 0 <= s.start < s.end <= len(text)
        assert 0.0 < s.confidence <= 1.0
        assert s.note


def test_disguised_text_is_still_caught() -> None:
    # Cyrillic look-alikes, a zero-width space and full-width letters.
    text = "sоmeone аsked me for my ｓｅｅｄ\u200b phrase"
    signals = find_scam_signals(text)
    assert "asks_for_secret" in _kinds(signals)
    s = next(s for s in signals if s.kind == "asks_for_secret")
    assert text[s.start : s.end].startswith("аsked")
    assert text[s.start : s.end].endswith("phrase")


def test_arabic_diacritics_and_variants_do_not_hide_a_script() -> None:
    assert "asks_for_secret" in _kinds(find_scam_signals("طَلَبَ مِنِّي الدَّعْمُ عِبَارَةَ الاسْتِرْدَادِ"))


def test_spanish_without_accents_is_caught() -> None:
    assert "asks_for_secret" in _kinds(find_scam_signals("me pidio la frase de recuperacion"))


def test_mixed_message_gives_several_kinds_in_order() -> None:
    text = (
        "A guy DMed me on Telegram saying he is from support. "
        "He asked me for my private key. Later I found a recovery service that charges a fee."
    )
    signals = find_scam_signals(text)
    assert {"fake_support_contact", "asks_for_secret", "recovery_service"} <= _kinds(signals)
    assert [s.start for s in signals] == sorted(s.start for s in signals)


def test_fold_text_maps_offsets_back() -> None:
    folded = fold_text("ÉNVÍANOS\u200bla frase")
    assert folded.text == "envianosla frase"
    start = folded.text.index("frase")
    assert folded.span(start, start + 5) == (12, 17)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x02", "\ud800 lone surrogate", "🙂" * 1000, "a" * 100_000, "؟" * 5000],
)
def test_odd_input_never_raises(text: str) -> None:
    assert isinstance(find_scam_signals(text), list)


def test_long_repetitive_input_is_bounded() -> None:
    text = "support asked me for my seed phrase. " * 20_000
    signals = find_scam_signals(text)
    assert signals
    assert all(s.end <= 20_000 for s in signals)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_raises_and_spans_are_valid(text: str) -> None:
    for s in find_scam_signals(text):
        assert 0 <= s.start < s.end <= len(text)
