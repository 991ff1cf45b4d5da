"""Wrong-network diagnosis from what users actually write, in zh, en, es and ar."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from walletdesk.chain.addresses import evm_to_tron, tron_to_evm
from walletdesk.chain.networks import (
    LANGUAGES,
    MAX_TEXT_CHARS,
    NetworkDiagnosis,
    diagnose_network,
)

# a real TRON/EVM pair (tests/chain/data/tron_address_vectors.json) and the EIP-55 example
TRON = "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"
TRON_AS_EVM = "0x8840e6c55b9ada326d211d818c34a994aeced808"
EVM = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
BURN = "0x000000000000000000000000000000000000dEaD"


class Case(NamedTuple):
    text: str
    case: str
    sent_on: str | None
    family: str | None
    recoverable: str
    exchange: str | None = None
    expected: str | None = None


XT = "tron_token_to_evm_address"
TX = "evm_token_to_tron_address"
EE = "evm_to_evm_other_chain"
EXU = "exchange_unsupported_network"
BTC = "bitcoin_family_mismatch"
SAME = "same_network"
UNK = "unknown"
KEY = "yes_by_key_holder"
OWNER = "yes_by_owner"
ONLY_EX = "only_exchange"

MESSAGES: dict[str, list[Case]] = {
    "en": [
        Case("I sent USDT TRC20 to my 0x address", XT, "tron", "evm", KEY),
        Case("sent USDT ERC20 to a T address", TX, "ethereum", "tron", KEY),
        Case(
            "I sent USDT via BEP20 to an exchange that only takes TRC20",
            EXU,
            "bsc",
            "tron",
            ONLY_EX,
            "exchange",
            "tron",
        ),
        Case(
            "I sent 500 USDC on Polygon instead of Ethereum to my MetaMask",
            EE,
            "polygon",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(
            f"Withdrew USDT from Binance on BEP20 to {TRON}, where is it?", TX, "bsc", "tron", KEY
        ),
        Case(
            f"I sent USDT TRC20 to {EVM} by mistake, it was my own wallet", XT, "tron", "evm", KEY
        ),
        Case(
            "I deposited ETH to Coinbase using Arbitrum but Coinbase only supports Ethereum here",
            EXU,
            "arbitrum",
            "evm",
            ONLY_EX,
            "Coinbase",
            "ethereum",
        ),
        Case(
            "sent BNB on BSC to my friend's Ethereum address, he can't see it",
            EE,
            "bsc",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(
            "I sent Bitcoin Cash to my BTC address",
            BTC,
            "bitcoin-cash",
            "bitcoin",
            KEY,
            None,
            "bitcoin",
        ),
        Case("I sent USDT TRC20 to my TRON wallet and it's not showing", SAME, "tron", "tron", UNK),
        Case(f"I sent USDT on Arbitrum to {BURN}", EE, "arbitrum", "evm", "no"),
        Case("Sent USDT on the wrong network to Kraken", EXU, None, None, ONLY_EX, "Kraken"),
        Case(
            "I sent USDT TRC20 to my Binance deposit address, still not credited after 2 hours",
            SAME,
            "tron",
            None,
            ONLY_EX,
            "Binance",
        ),
        Case(
            "I withdrew USDC from OKX on Polygon but my MetaMask is on Ethereum",
            EE,
            "polygon",
            "evm",
            OWNER,
        ),
        Case("Sent 200 USDT BEP20 to a T... address, help", TX, "bsc", "tron", KEY),
        Case("my transfer didn't arrive, can you help?", UNK, None, None, UNK),
    ],
    "zh": [
        Case("我把USDT用TRC20转到了我的0x开头的地址", XT, "tron", "evm", KEY),
        Case("用ERC20转了USDT到一个T开头的地址，怎么办", TX, "ethereum", "tron", KEY),
        Case(
            "我用BEP20把USDT充到币安，但币安只支持TRC20",
            EXU,
            "bsc",
            "tron",
            ONLY_EX,
            "Binance",
            "tron",
        ),
        Case(
            "USDT转错网络了，用马蹄链转到了我的以太坊地址",
            EE,
            "polygon",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(f"从欧易提币选了BEP20，地址填的是{TRON}", TX, "bsc", "tron", KEY),
        Case(f"我用波场转了100U到{EVM}", XT, "tron", "evm", KEY),
        Case("在火币充值用了Arbitrum，交易所不支持这个网络", EXU, "arbitrum", None, ONLY_EX, "HTX"),
        Case(
            "帮朋友转USDT，用BSC转到了他的以太坊地址",
            EE,
            "bsc",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(
            "我把比特币现金转到了我的比特币地址",
            BTC,
            "bitcoin-cash",
            "bitcoin",
            KEY,
            None,
            "bitcoin",
        ),
        Case("转错链了怎么办", UNK, None, None, UNK),
        Case("用TRC20转到了我自己的TRON钱包，为什么没到账", SAME, "tron", "tron", UNK),
        Case(
            "USDT本来应该用ERC20，结果用Polygon转到了交易所",
            EXU,
            "polygon",
            "evm",
            ONLY_EX,
            "exchange",
            "ethereum",
        ),
        Case("我用Base链转ETH到了小狐狸钱包地址", EE, "base", "evm", OWNER),
        Case("我从币安提USDT到小狐狸钱包，选的是BSC网络，小狐狸里看不到", EE, "bsc", "evm", OWNER),
    ],
    "es": [
        Case("Envié USDT por TRC20 a mi dirección 0x", XT, "tron", "evm", KEY),
        Case("mandé USDT ERC20 a una dirección que empieza por T", TX, "ethereum", "tron", KEY),
        Case(
            "envié USDT por BEP20 a Binance pero solo acepta TRC20",
            EXU,
            "bsc",
            "tron",
            ONLY_EX,
            "Binance",
            "tron",
        ),
        Case(
            "Envié USDC por Polygon en vez de Ethereum a mi billetera 0x",
            EE,
            "polygon",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(f"Retiré USDT de OKX por BEP20 a {TRON}", TX, "bsc", "tron", KEY),
        Case(
            f"Transferí USDT por la red TRON a {EVM}, era mi propia billetera",
            XT,
            "tron",
            "evm",
            KEY,
        ),
        Case(
            "Hice un depósito en Kraken por Arbitrum y no aparece, creo que me equivoqué de red",
            EXU,
            "arbitrum",
            None,
            ONLY_EX,
            "Kraken",
        ),
        Case(
            "Le envié USDT por BSC a mi amigo a su dirección de Ethereum",
            EE,
            "bsc",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(
            "Envié Litecoin a una dirección de Bitcoin",
            BTC,
            "litecoin",
            "bitcoin",
            KEY,
            None,
            "bitcoin",
        ),
        Case("¿Qué hago si envié a la red equivocada?", UNK, None, None, UNK),
        Case("Envié USDT TRC20 a mi billetera de TRON y no llega", SAME, "tron", "tron", UNK),
        Case(
            "envié USDT a una casa de cambio por la red de Avalanche pero solo admiten ERC20",
            EXU,
            "avalanche",
            "evm",
            ONLY_EX,
            "exchange",
            "ethereum",
        ),
        Case(
            f"Mandé ETH por Optimism a {EVM} y mi billetera no lo muestra",
            EE,
            "optimism",
            "evm",
            OWNER,
        ),
        Case(
            "Compré USDT en Binance y lo retiré por Arbitrum a mi MetaMask, pero no lo veo",
            EE,
            "arbitrum",
            "evm",
            OWNER,
        ),
    ],
    "ar": [
        Case("أرسلت USDT على شبكة TRC20 إلى عنواني الذي يبدأ بـ 0x", XT, "tron", "evm", KEY),
        Case("حولت USDT عبر ERC20 إلى عنوان يبدأ بحرف T", TX, "ethereum", "tron", KEY),
        Case(
            "أرسلت USDT على شبكة BEP20 إلى بينانس لكنها تقبل TRC20 فقط",
            EXU,
            "bsc",
            "tron",
            ONLY_EX,
            "Binance",
            "tron",
        ),
        Case(
            "أرسلت USDT على شبكة بوليغون بدل إيثيريوم",
            EE,
            "polygon",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(f"سحبت USDT من منصة OKX على شبكة BEP20 إلى {TRON}", TX, "bsc", "tron", KEY),
        Case(f"أرسلت USDT على شبكة ترون إلى {EVM} وهو عنوان محفظتي", XT, "tron", "evm", KEY),
        Case(
            "قمت بإيداع USDT في منصة Bybit عبر شبكة Arbitrum وهي لا تدعم هذه الشبكة",
            EXU,
            "arbitrum",
            None,
            ONLY_EX,
            "Bybit",
        ),
        Case(
            "أرسلت BNB عبر BSC إلى عنوان إيثيريوم الخاص بصديقي",
            EE,
            "bsc",
            "evm",
            OWNER,
            None,
            "ethereum",
        ),
        Case(
            "أرسلت بيتكوين كاش إلى عنوان بيتكوين",
            BTC,
            "bitcoin-cash",
            "bitcoin",
            KEY,
            None,
            "bitcoin",
        ),
        Case("أرسلت إلى شبكة خاطئة، ماذا أفعل؟", UNK, None, None, UNK),
        Case("أرسلت USDT TRC20 إلى عنوان ترون الخاص بي ولا يظهر", SAME, "tron", "tron", UNK),
        Case(
            "أرسلت USDT عبر شبكة أفالانش إلى منصة تداول لا تقبل إلا ERC20",
            EXU,
            "avalanche",
            "evm",
            ONLY_EX,
            "exchange",
            "ethereum",
        ),
        Case(f"أرسلت ETH على شبكة Base إلى {EVM}", EE, "base", "evm", OWNER),
        Case(
            "سحبت USDT من بينانس عبر شبكة بوليغون إلى محفظتي ميتاماسك ولا أراها",
            EE,
            "polygon",
            "evm",
            OWNER,
        ),
    ],
}

ALL = [(lang, case) for lang, cases in MESSAGES.items() for case in cases]

ARTICLES = {
    XT: "tron-evm-crossed",
    TX: "tron-evm-crossed",
    EE: "wrong-network-evm",
    BTC: "wrong-network-evm",
    UNK: "wrong-network-evm",
}

# a reply must never ask the user to hand over a phrase or key (WALLETDESK invariant 2)
FORBIDDEN = (
    "send us",
    "send me",
    "share your",
    "give us",
    "tell us your",
    "发给我们",
    "发给我",
    "告诉我们你的助记词",
    "提供你的私钥",
    "envíanos",
    "envíame",
    "compártenos",
    "danos tu",
    "أرسل لنا",
    "أرسلها لنا",
    "شاركنا",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def texts(d: NetworkDiagnosis) -> list[str]:
    return [d.who_can_help, d.explanation, *d.steps]


def assert_never_asks_for_a_secret(d: NetworkDiagnosis) -> None:
    for text in texts(d):
        lowered = text.lower()
        for phrase in FORBIDDEN:
            assert phrase not in lowered, (phrase, text)
        assert "{" not in text and "}" not in text, text  # every placeholder was filled


@pytest.mark.parametrize("language", list(MESSAGES))
def test_at_least_twelve_messages_per_language(language: str) -> None:
    assert len(MESSAGES[language]) >= 12


@pytest.mark.parametrize(("language", "case"), ALL, ids=[c.text[:40] for _, c in ALL])
def test_realistic_messages(language: str, case: Case) -> None:
    d = diagnose_network(case.text, language)
    assert d.case == case.case
    assert d.sent_on == case.sent_on
    assert d.destination_family == case.family
    assert d.recoverable == case.recoverable
    assert d.exchange == case.exchange
    if case.expected is not None:
        assert d.expected_network == case.expected
    expected_article = "exchange-deposit-memo" if case.exchange else ARTICLES.get(case.case)
    if expected_article is not None:
        assert d.article_id == expected_article
    assert d.language == language
    assert_never_asks_for_a_secret(d)


@pytest.mark.parametrize(("language", "case"), ALL, ids=[c.text[:40] for _, c in ALL])
def test_answers_are_in_the_users_language(language: str, case: Case) -> None:
    d = diagnose_network(case.text, language)
    body = d.explanation + d.who_can_help + "".join(d.steps)
    if language == "zh":
        assert _CJK.search(d.explanation) and not _ARABIC.search(body)
    elif language == "ar":
        assert _ARABIC.search(d.explanation) and not _CJK.search(body)
    else:
        assert not _CJK.search(body) and not _ARABIC.search(body)
    if language == "es":
        assert re.search(r"\b(?:la|de|los|que)\b", d.explanation)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answer_ends_with_the_no_secret_reminder(language: str) -> None:
    reminders = {diagnose_network(c.text, language).steps[-1] for _, c in ALL}
    assert len(reminders) == 1  # the same closing step everywhere, in that language


# --------------------------------------------------------------------------- the facts


def test_tron_token_to_evm_address_names_the_t_address_with_the_same_bytes() -> None:
    d = diagnose_network(f"I sent USDT TRC20 to {EVM}", "en")
    assert d.related_address == evm_to_tron(EVM)
    assert d.destination_address == EVM
    assert d.related_address in d.explanation
    assert any("export" in s and "not the recovery phrase" in s for s in d.steps)
    assert any(d.related_address in s for s in d.steps)


def test_evm_token_to_tron_address_names_the_0x_address_with_the_same_bytes() -> None:
    d = diagnose_network(f"sent USDT BEP20 to {TRON}", "en")
    assert d.related_address is not None
    assert d.related_address.lower() == TRON_AS_EVM == tron_to_evm(TRON).lower()
    assert "BNB" in " ".join(d.steps)  # fees on BNB Smart Chain are paid in BNB


@pytest.mark.parametrize("language", LANGUAGES)
def test_crossed_chains_say_export_the_key_not_the_phrase(language: str) -> None:
    words = {
        "en": ("private key", "recovery phrase"),
        "zh": ("私钥", "助记词"),
        "es": ("clave privada", "frase de recuperación"),
        "ar": ("المفتاح الخاص", "عبارة الاسترداد"),
    }[language]
    for text in (f"TRC20 -> {EVM}", f"ERC20 -> {TRON}"):
        d = diagnose_network(text, language)
        assert d.recoverable == "yes_by_key_holder"
        assert any(words[0] in s and words[1] in s for s in d.steps)


def test_described_address_asks_for_the_address_to_show_its_other_form() -> None:
    d = diagnose_network("I sent USDT TRC20 to my 0x address", "en")
    assert d.related_address is None
    assert d.steps[0].startswith("Paste the receiving address")


def test_same_evm_address_on_another_chain_is_reached_by_switching_network() -> None:
    d = diagnose_network("sent USDC on Polygon instead of Ethereum to my own wallet", "en")
    assert d.case == "evm_to_evm_other_chain"
    assert d.who_can_help.startswith("You.")
    assert "Polygon" in d.steps[1] and "switch" in d.steps[1]
    assert "POL" in d.steps[3]


def test_exchange_deposit_on_unsupported_network_only_the_exchange_can_help() -> None:
    d = diagnose_network("BEP20 to an exchange that only takes TRC20", "en")
    assert d.recoverable == "only_exchange"
    assert "exchange" in d.who_can_help.lower()
    assert not any("export" in s for s in d.steps)  # the user has no key to export here


def test_crossed_deposit_to_an_exchange_still_needs_the_exchange() -> None:
    d = diagnose_network(f"sent USDT TRC20 to my Binance deposit address {EVM}", "en")
    assert d.case == "exchange_unsupported_network"
    assert d.recoverable == "only_exchange"
    assert d.related_address == evm_to_tron(EVM)


def test_burn_address_is_not_recoverable_and_nothing_is_promised() -> None:
    d = diagnose_network(f"sent ETH on Base to {BURN}", "en")
    assert d.recoverable == "no"
    assert "burn" in d.explanation
    assert any("can't be done" in s for s in d.steps)


def test_someone_elses_address_points_at_its_owner() -> None:
    d = diagnose_network("sent BNB on BSC to my friend's Ethereum address", "en")
    assert d.who_can_help.startswith("The owner of the receiving address")


def test_address_the_money_came_from_is_not_the_destination() -> None:
    d = diagnose_network(f"sent USDT BEP20 from {EVM} to {TRON}", "en")
    assert d.destination_address == TRON
    assert d.case == "evm_token_to_tron_address"


# --------------------------------------------------------------------------- arguments


def test_arguments_override_the_text() -> None:
    d = diagnose_network("it never arrived", "en", sent_on="TRC20", destination=EVM)
    assert (d.case, d.sent_on, d.related_address) == (
        "tron_token_to_evm_address",
        "tron",
        evm_to_tron(EVM),
    )
    d = diagnose_network("me equivoqué de red", "es", sent_on="bsc", destination="Binance")
    assert (d.case, d.exchange, d.recoverable) == (
        "exchange_unsupported_network",
        "Binance",
        "only_exchange",
    )
    # nothing says the network was wrong: a deposit that is late, not lost
    d = diagnose_network("no ha llegado", "es", sent_on="bsc", destination="Binance")
    assert (d.case, d.recoverable, d.article_id) == (
        "same_network",
        "only_exchange",
        "exchange-deposit-memo",
    )
    assert diagnose_network("x", sent_on="no such network").sent_on is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-CN", "zh"), ("es_MX", "es"), ("AR", "ar"), ("fr", "en"), ("", "en"), (None, "en")],
)
def test_language_tags(tag: Any, expected: str) -> None:
    assert diagnose_network("TRC20 to my 0x address", tag).language == expected


# --------------------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "How do I buy USDT?"),
        ("en", "What's the exchange rate of ETH today?"),
        ("en", "I love the new design"),
        ("zh", "我想知道比特币价格"),
        ("zh", "怎么备份助记词"),
        ("es", "¿Cuál es la comisión de retiro?"),
        ("es", "Hola, buenos días"),
        ("ar", "كيف أشتري USDT؟"),
        ("ar", "مرحبا"),
    ],
)
def test_messages_without_a_wrong_network_story_stay_unknown(language: str, text: str) -> None:
    d = diagnose_network(text, language)
    assert d.case == "unknown"
    assert d.recoverable == "unknown"
    assert d.related_address is None
    assert_never_asks_for_a_secret(d)


def test_transaction_hash_is_not_taken_for_an_address() -> None:
    d = diagnose_network("sent TRC20, tx 0x" + "ab" * 32, "en")
    assert d.destination_family is None and d.case == "unknown"


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00" * 10_000,
        "\ud800\udfff lone surrogates",
        "\u202eTRC20 0x\u202c",
        "TRC20 " * 50_000,
        "0x" * 100_000,
        "T... " * 100_000,
        ("币安" + "交易所" + "BEP20" + EVM) * 2_000,
        "a" * 1_000_000,
    ],
)
def test_hostile_text_never_raises(text: str) -> None:
    d = diagnose_network(text, "en")
    json.dumps(d.to_dict())
    assert_never_asks_for_a_secret(d)


@pytest.mark.parametrize("text", [None, 123, b"TRC20 to 0x", ["TRC20"]])
def test_non_text_input_is_an_unknown_case(text: Any) -> None:
    assert diagnose_network(text).case == "unknown"


def test_only_the_first_part_of_a_huge_message_is_read() -> None:
    tail = " TRC20 to my 0x address"
    assert diagnose_network("x" * MAX_TEXT_CHARS + tail).case == "unknown"
    assert diagnose_network("x" * 10 + tail).case == "tron_token_to_evm_address"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=400),
    language=st.sampled_from([*LANGUAGES, "xx"]),
    sent_on=st.one_of(st.none(), st.text(max_size=30)),
    destination=st.one_of(st.none(), st.text(max_size=60)),
)
def test_any_input_gives_a_complete_answer(
    text: str, language: str, sent_on: str | None, destination: str | None
) -> None:
    d = diagnose_network(text, language, sent_on=sent_on, destination=destination)
    assert d.explanation and d.who_can_help and d.steps
    assert d.article_id in ("wrong-network-evm", "tron-evm-crossed", "exchange-deposit-memo")
    assert_never_asks_for_a_secret(d)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            [
                "TRC20",
                "ERC20",
                "BEP20",
                "Polygon",
                "波场",
                "以太坊",
                "بوليغون",
                "ترون",
                "Binance",
                "交易所",
                "منصة",
                "instead of",
                "只支持",
                "solo acepta",
                "بدل",
                "my",
                "0x",
                "T...",
                "address",
                "地址",
                "dirección",
                "عنوان",
                EVM,
                TRON,
                BURN,
                "from",
                "to",
                "从",
                "到",
                "desde",
                "إلى",
                "wrong network",
                "不支持",
            ]
        ),
        max_size=12,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_any_mix_of_wallet_words_gives_a_consistent_answer(words: list[str], language: str) -> None:
    d = diagnose_network(" ".join(words), language)
    if d.case in ("tron_token_to_evm_address", "evm_token_to_tron_address"):
        assert d.recoverable in ("yes_by_key_holder", "no")
    if d.case == "exchange_unsupported_network":
        assert d.recoverable in ("only_exchange", "no") and d.exchange is not None
    if d.related_address is not None:
        assert d.destination_address is not None
        pair = {d.related_address.lower(), d.destination_address.lower()}
        pairs = [{evm_to_tron(a).lower(), a.lower()} for a in (EVM, BURN)]
        assert pair in [*pairs, {TRON.lower(), TRON_AS_EVM}]
    assert_never_asks_for_a_secret(d)


def test_to_dict_is_plain_json() -> None:
    d = diagnose_network(f"TRC20 to {EVM}", "zh")
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert data["case"] == "tron_token_to_evm_address"
    assert data["steps"] == d.steps
    assert set(data) >= {
        "case",
        "sent_on",
        "destination_family",
        "recoverable",
        "who_can_help",
        "explanation",
        "steps",
        "related_address",
        "article_id",
    }
