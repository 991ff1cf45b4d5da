"""Invariant 1: secrets are found and redacted before anything else sees the text.

Covers every official BIP39 wordlist (vectors and generated phrases in many formattings),
partial and mistyped phrases, raw hex keys versus transaction hashes, WIF, extended private
keys, keystore JSON, and the false-positive side: ordinary support messages stay untouched.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import base58
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from walletdesk.safety.secrets import (
    REDACTION_MARK,
    Redaction,
    SecretFinding,
    find_secrets,
    redact,
)

DATA = Path(__file__).parent / "data"
BIP39 = json.loads((DATA / "bip39_vectors.json").read_text(encoding="utf-8"))
KEYSTORES = json.loads((DATA / "keystore_vectors.json").read_text(encoding="utf-8"))
BENIGN = json.loads((DATA / "benign_messages.json").read_text(encoding="utf-8"))

LANGUAGES = [
    "english",
    "chinese_simplified",
    "chinese_traditional",
    "czech",
    "french",
    "italian",
    "japanese",
    "korean",
    "portuguese",
    "spanish",
]
CHINESE = {"chinese_simplified", "chinese_traditional"}
ACCENTED = {"spanish", "french", "czech", "portuguese", "italian"}

KEY_HEX = KEYSTORES["secret"]  # a real private key (the keystore vectors decrypt to it)
TX_HASH = "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------


def split_words(phrase: str) -> list[str]:
    return phrase.replace("\u3000", " ").split(" ")


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def assert_covered(text: str, start: int, end: int, *, kind: str, min_conf: float = 0.0) -> None:
    """text[start:end] is inside one finding of kind, and gone from the redacted text."""
    result = redact(text)
    covering = [f for f in result.findings if f.start <= start and f.end >= end]
    assert covering, f"not redacted: {text!r} -> {result.text!r}"
    finding = covering[0]
    assert finding.kind == kind, finding
    assert finding.confidence >= min_conf, finding
    assert text[start:end] not in result.text
    assert REDACTION_MARK[finding.kind] in result.text


def assert_phrase_redacted(pre: str, body: str, post: str) -> Redaction:
    """The phrase (body, words from its first to its last letter) is one confirmed finding,
    and no phrase word survives in the redacted text (apart from words of the wrapper)."""
    text = pre + body + post
    letters = [i for i, c in enumerate(body) if c.isalpha()]
    start, end = len(pre) + letters[0], len(pre) + letters[-1] + 1
    result = redact(text)
    covering = [f for f in result.findings if f.start <= start and f.end >= end]
    assert covering, f"phrase not covered: {text!r} -> {result.text!r} {result.findings}"
    assert covering[0].kind == "mnemonic"
    assert covering[0].confidence == 1.0, covering[0]
    assert_only_wrapper_left(result.text, pre + post)
    return result


def assert_only_wrapper_left(redacted: str, wrapper: str) -> None:
    """Apart from the marks, every word left in the redacted text comes from the wrapper."""
    rest = redacted
    for mark in REDACTION_MARK.values():
        rest = rest.replace(mark, " ")
    for word in re.findall(r"[^\W\d_]+", rest):
        assert word in wrapper, (word, redacted)


def formattings(words: list[str], lang: str) -> Iterator[tuple[str, str, str, str]]:
    """(name, prefix, phrase as typed, suffix)"""
    joiner = "\u3000" if lang == "japanese" else " "
    yield "plain", "", joiner.join(words), ""
    yield "ascii-spaces", "", " ".join(words), ""
    yield "numbered", "", " ".join(f"{i}. {w}" for i, w in enumerate(words, 1)), ""
    yield "numbered-paren", "", "".join(f"{i}){w} " for i, w in enumerate(words, 1)), ""
    yield "comma", "", ", ".join(words), ""
    yield "newline", "", "\n".join(words), ""
    yield "numbered-lines", "", "\n".join(f"{i}. {w}" for i, w in enumerate(words, 1)), ""
    yield "extra-spaces", "  ", "   ".join(words), "\n"
    yield "uppercase", "", " ".join(w.upper() for w in words), ""
    yield "mixed-case", "", " ".join(w.capitalize() for w in words), ""
    yield "nfc", "", unicodedata.normalize("NFC", joiner.join(words)), ""
    yield "zh-sentence", "我的助记词是：", " ".join(words), "，请帮我看看钱包"
    yield "en-sentence", "Hi support, my recovery phrase is ", " ".join(words), " please help"
    yield "es-sentence", "Hola, mi frase semilla es: ", " ".join(words), ". ¿Me ayudan?"
    yield "ar-sentence", "مرحبا، عبارة الاسترداد الخاصة بي هي ", " ".join(words), " شكرا لكم"
    if lang in ACCENTED:
        yield "accents-dropped", "", " ".join(fold(w) for w in words), ""
    if lang in CHINESE:
        yield "unspaced", "", "".join(words), ""
        yield "unspaced-in-zh-sentence", "我的助记词是", "".join(words), "，请帮我看看"


def generated(lang: str, strength: int, count: int, seed: int) -> list[str]:
    rng = random.Random(f"{lang}-{strength}-{seed}")
    m = Mnemonic(lang)
    return [m.to_mnemonic(rng.randbytes(strength // 8)) for _ in range(count)]


# ---------------------------------------------------------------------------------------
# full phrases
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_bip39_vector_is_confirmed_and_redacted_in_every_formatting(lang: str) -> None:
    for vector in BIP39[lang]:
        words = split_words(vector[1])
        for _name, pre, body, post in formattings(words, lang):
            assert_phrase_redacted(pre, body, post)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("strength", [128, 160, 192, 224, 256])
def test_generated_phrases_are_confirmed_in_every_language_and_length(
    lang: str, strength: int
) -> None:
    for phrase in generated(lang, strength, 6, seed=1):
        words = split_words(phrase)
        assert len(words) == strength * 3 // 32
        for name, pre, body, post in formattings(words, lang):
            if name.startswith("unspaced"):
                continue  # unspaced Chinese: see the dedicated test below
            assert_phrase_redacted(pre, body, post)


@pytest.mark.parametrize("lang", sorted(CHINESE))
def test_unspaced_chinese_phrases_are_confirmed(lang: str) -> None:
    for strength in (128, 192, 256):
        for phrase in generated(lang, strength, 4, seed=7):
            words = split_words(phrase)
            assert_phrase_redacted("", "".join(words), "")
            assert_phrase_redacted("助记词：", "".join(words), "。谢谢")


def test_freshly_generated_phrases_are_found() -> None:
    for lang in LANGUAGES:
        m = Mnemonic(lang)
        for strength in (128, 256):
            phrase = m.generate(strength)
            words = split_words(phrase)
            assert_phrase_redacted("seed: ", " ".join(words), "")


def test_numbers_glued_to_words_and_decomposed_accents() -> None:
    words = split_words(BIP39["english"][1][1])
    glued = " ".join(f"{i}{w}" for i, w in enumerate(words, 1))
    assert_phrase_redacted("", glued, "")
    spanish = split_words(BIP39["spanish"][4][1])
    decomposed = unicodedata.normalize("NFD", " ".join(spanish))
    assert_phrase_redacted("frase: ", decomposed, "")


def test_phrase_finding_note_names_count_and_language_but_no_word() -> None:
    phrase = BIP39["english"][1][1]  # legal winner thank year ...
    findings = find_secrets(f"my words: {phrase}")
    assert len(findings) == 1
    note = findings[0].note
    assert "12 English BIP39 words" in note and "checksum valid" in note
    for word in phrase.split():
        assert word not in note


def test_two_phrases_in_one_message_are_both_redacted() -> None:
    a, b = (split_words(p) for p in generated("english", 128, 2, seed=3))
    text = f"old wallet: {' '.join(a)}\nnew wallet: {' '.join(b)}"
    result = redact(text)
    assert all(w not in result.text.split() for w in a + b if w not in ("old", "new", "wallet"))
    assert all(f.confidence == 1.0 for f in result.findings)


def test_phrase_with_a_mistyped_word_is_still_redacted() -> None:
    words = split_words(BIP39["english"][2][1])  # letter advice cage absurd ...
    typo = list(words)
    typo[5] = "docter"  # doctor, one letter wrong
    text = " ".join(typo)
    assert_covered(text, 0, len(text), kind="mnemonic", min_conf=0.8)


def test_phrase_abbreviated_to_four_letters_is_confirmed() -> None:
    words = split_words(BIP39["english"][2][1])
    text = " ".join(w[:4] if len(w) > 4 else w for w in words)
    findings = find_secrets(text)
    assert [(f.start, f.end, f.confidence) for f in findings] == [(0, len(text), 1.0)]


def test_twelve_words_with_a_failing_checksum_are_still_redacted() -> None:
    words = split_words(BIP39["english"][0][1])  # abandon x11 about
    words[-1] = "ability"  # valid wordlist word, wrong checksum
    text = "my phrase: " + " ".join(words)
    assert_covered(text, text.index("abandon"), len(text), kind="mnemonic", min_conf=0.6)
    assert find_secrets(text)[0].confidence < 1.0
    assert "checksum not" in find_secrets(text)[0].note


def test_wrong_checksum_in_other_languages_is_still_redacted() -> None:
    for lang in ("spanish", "japanese", "korean", "chinese_simplified"):
        m = Mnemonic(lang)
        words = split_words(generated(lang, 128, 1, seed=11)[0])
        for replacement in m.wordlist[:20]:
            candidate = [*words[:-1], replacement]
            if not m.check(" ".join(candidate)):
                break
        text = " ".join(candidate)
        assert_covered(text, 0, len(text), kind="mnemonic", min_conf=0.6)


# ---------------------------------------------------------------------------------------
# partial phrases
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", range(6, 12))
@pytest.mark.parametrize("lang", ["english", "spanish", "french", "italian", "korean"])
def test_partial_phrases_are_redacted_with_lower_confidence(lang: str, count: int) -> None:
    words = split_words(generated(lang, 256, 1, seed=count)[0])[:count]
    for text in (
        " ".join(words),
        " ".join(f"{i}. {w}" for i, w in enumerate(words, 1)),
        "\n".join(words),
    ):
        findings = find_secrets(text)
        assert len(findings) == 1, (text, findings)
        f = findings[0]
        assert f.kind == "mnemonic" and 0.5 <= f.confidence < 1.0
        assert "partial" in f.note
        assert all(w not in redact(text).text for w in words)


def test_partial_spaced_chinese_is_redacted() -> None:
    words = split_words(generated("chinese_simplified", 128, 1, seed=5)[0])[:8]
    text = "前面几个字是 " + " ".join(words)
    result = redact(text)
    assert result.findings and result.findings[0].kind == "mnemonic"
    assert result.text.startswith("前面几个字是 [redacted")


def test_five_words_are_not_a_phrase() -> None:
    assert find_secrets("abandon ability able about above") == []


def test_ordinary_english_runs_of_wordlist_words_read_as_sentences() -> None:
    # Every word here is in the English wordlist, but it reads as a sentence.
    text = "you can check that this will work again and again"
    assert find_secrets(text) == []


# ---------------------------------------------------------------------------------------
# raw private keys and transaction hashes
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{k}",
        "0x{k}",
        "0X{ku}",
        "here it is {k} can you check",
        "私钥: {k}",
        "my private key is 0x{k}",
        "clave privada: {k}",
        "المفتاح الخاص: {k}",
        "key={k}&x=1",
        "{ku}",
    ],
)
def test_hex_private_keys_are_redacted(template: str) -> None:
    text = template.format(k=KEY_HEX, ku=KEY_HEX.upper())
    hex_part = re.search(r"(?:0[xX])?[0-9a-fA-F]{64}", text)
    assert hex_part is not None
    assert_covered(text, hex_part.start(), hex_part.end(), kind="private_key", min_conf=0.8)
    assert KEY_HEX not in redact(text).text.lower()


@pytest.mark.parametrize(
    "template",
    [
        "tx hash: 0x{h}",
        "txid {h}",
        "TxHash 0x{h} failed",
        "transaction hash 0x{h}",
        "Transaction ID: {h}",
        "the hash is {h}",
        "0x{h} is my tx",
        "https://etherscan.io/tx/0x{h}",
        "see https://bscscan.com/tx/0x{h} please",
        "https://tronscan.org/#/transaction/{h}",
        "https://mempool.space/tx/{h}",
        "https://blockchair.com/bitcoin/transaction/{h}",
        "交易哈希：0x{h}",
        "哈希 {h}",
        "交易ID {h} 还没到账",
        "hash de la transacción: 0x{h}",
        "hash de transacción {h}",
        "معرف المعاملة 0x{h}",
        "هاش {h}",
        "block hash {h}",
    ],
)
def test_same_hex_as_transaction_hash_in_context_is_not_flagged(template: str) -> None:
    text = template.format(h=TX_HASH)
    assert find_secrets(text) == []
    assert redact(text).text == text


def test_key_and_tx_hash_in_one_message_only_the_key_is_redacted() -> None:
    text = f"tx hash 0x{TX_HASH} failed. my private key is {KEY_HEX} is that safe?"
    result = redact(text)
    assert TX_HASH in result.text
    assert KEY_HEX not in result.text
    assert [f.kind for f in result.findings] == ["private_key"]


def test_unsure_hex_is_redacted() -> None:
    # No context at all: a bare 64-hex value may be a key, so it is redacted.
    assert find_secrets(f"0x{TX_HASH}")[0].kind == "private_key"


def test_addresses_and_short_hex_are_not_flagged() -> None:
    for text in (
        "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe",
        "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "0x" + "ab" * 31,  # 62 hex digits
        "0x" + "ab" * 65,  # 130 hex digits: a signature
    ):
        assert find_secrets(text) == [], text


def test_private_key_shape_with_a_non_hex_token() -> None:
    sol_like = base58.b58encode(bytes(range(64))).decode()
    text = f"my private key: {sol_like}"
    assert_covered(text, text.index(sol_like), len(text), kind="private_key", min_conf=0.8)


def test_private_key_words_without_a_key_are_not_flagged() -> None:
    assert find_secrets("What is a private key and why should I never share it?") == []
    assert find_secrets("私钥是什么？我应该怎么保管") == []


# ---------------------------------------------------------------------------------------
# WIF and extended private keys
# ---------------------------------------------------------------------------------------


def wif(key_hex: str, *, compressed: bool, testnet: bool = False) -> str:
    payload = (b"\xef" if testnet else b"\x80") + bytes.fromhex(key_hex)
    return base58.b58encode_check(payload + (b"\x01" if compressed else b"")).decode()


@pytest.mark.parametrize(
    ("compressed", "testnet", "first"),
    [(False, False, "5"), (True, False, "KL"), (False, True, "9"), (True, True, "c")],
)
def test_wif_keys_are_confirmed(compressed: bool, testnet: bool, first: str) -> None:
    key = wif(KEY_HEX, compressed=compressed, testnet=testnet)
    assert key[0] in first
    text = f"import this WIF please: {key}"
    assert_covered(text, text.index(key), len(text), kind="wif", min_conf=1.0)
    assert "base58check valid" in find_secrets(text)[0].note
    assert key not in find_secrets(text)[0].note


def test_wif_with_a_typo_is_still_redacted_with_lower_confidence() -> None:
    key = wif(KEY_HEX, compressed=True)
    broken = key[:10] + ("A" if key[10] != "A" else "B") + key[11:]
    [finding] = find_secrets(broken)
    assert finding.kind == "wif" and finding.confidence < 1.0


def test_xprv_from_the_bip39_vectors_are_confirmed() -> None:
    for lang in LANGUAGES:
        for vector in BIP39[lang][:6]:
            xprv = vector[3]
            text = f"my master key {xprv} thanks"
            [finding] = find_secrets(text)
            assert finding.kind == "extended_private_key"
            assert finding.confidence == 1.0
            assert text[finding.start : finding.end] == xprv
            assert xprv not in redact(text).text


@pytest.mark.parametrize(
    ("prefix", "version"),
    [
        ("tprv", "04358394"),
        ("yprv", "049d7878"),
        ("zprv", "04b2430c"),
        ("uprv", "044a4e28"),
        ("vprv", "045f18bc"),
    ],
)
def test_other_extended_private_key_versions_are_confirmed(prefix: str, version: str) -> None:
    raw = base58.b58decode_check(BIP39["english"][0][3])
    key = base58.b58encode_check(bytes.fromhex(version) + raw[4:]).decode()
    assert key.startswith(prefix)
    [finding] = find_secrets(key)
    assert (finding.kind, finding.confidence) == ("extended_private_key", 1.0)


def test_extended_private_key_with_a_typo_is_still_redacted() -> None:
    xprv = BIP39["english"][0][3]
    broken = xprv[:50] + ("a" if xprv[50] != "a" else "b") + xprv[51:]
    [finding] = find_secrets(broken)
    assert finding.kind == "extended_private_key" and 0.5 <= finding.confidence < 1.0


def test_extended_public_key_is_not_flagged() -> None:
    xpub = (
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8Yt"
        "GqsefD265TMg7usUDFdp6W1EGMcet8"
    )
    assert find_secrets(f"my xpub is {xpub}") == []


# ---------------------------------------------------------------------------------------
# keystore JSON
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kdf", ["pbkdf2", "scrypt"])
@pytest.mark.parametrize("indent", [None, 1, 4])
def test_keystore_json_is_redacted_whole(kdf: str, indent: int | None) -> None:
    keystore = json.dumps(KEYSTORES[kdf], indent=indent)
    text = f"Here is my keystore file:\n{keystore}\nand the password is in my notes"
    start = text.index("{")
    assert_covered(text, start, start + len(keystore), kind="keystore", min_conf=1.0)
    result = redact(text)
    assert result.text == (
        "Here is my keystore file:\n[redacted: keystore file]\nand the password is in my notes"
    )
    assert len(result.findings) == 1


def test_keystore_with_capital_crypto_and_address_field() -> None:
    body = dict(KEYSTORES["scrypt"])
    body["Crypto"] = body.pop("crypto")
    body["address"] = "008aeeda4d805471df9b2a5b0f38a0c3bcba786b"
    text = "ks " + json.dumps(body) + " end"
    [finding] = find_secrets(text)
    assert finding.kind == "keystore" and finding.confidence == 1.0
    assert redact(text).text == "ks [redacted: keystore file] end"


def test_truncated_keystore_is_redacted_to_the_end() -> None:
    keystore = json.dumps(KEYSTORES["pbkdf2"], indent=2)
    text = "please check " + keystore[: len(keystore) // 2]
    result = redact(text)
    assert result.text == "please check [redacted: keystore file]"


def test_keystore_after_prose_with_braces_and_quotes() -> None:
    keystore = json.dumps(KEYSTORES["pbkdf2"])
    text = 'I said "hi" :-{ then pasted ' + keystore + " {ok}"
    result = redact(text)
    assert result.text == 'I said "hi" :-{ then pasted [redacted: keystore file] {ok}'


def test_plain_json_without_ciphertext_is_not_a_keystore() -> None:
    text = json.dumps({"crypto": "USDT", "amount": 5, "kdf": "none"})
    assert find_secrets(text) == []


# ---------------------------------------------------------------------------------------
# false positives
# ---------------------------------------------------------------------------------------


def test_benign_corpus_is_large_and_multilingual() -> None:
    langs = {m["lang"] for m in BENIGN}
    assert langs == {"en", "zh", "es", "ar"}
    assert len(BENIGN) >= 60
    for lang in langs:
        assert sum(m["lang"] == lang for m in BENIGN) >= 10


@pytest.mark.parametrize("message", BENIGN, ids=lambda m: m["text"][:40])
def test_benign_messages_have_no_findings(message: dict[str, str]) -> None:
    assert find_secrets(message["text"]) == []
    assert redact(message["text"]).text == message["text"]


def test_common_chinese_sentences_are_not_phrases() -> None:
    # Most characters here are in the Chinese wordlist; unspaced, they need a checksum.
    for text in (
        "我的钱包转账一直没到账怎么办",
        "我想问一下为什么我的钱包余额一直显示为零呢",
        "请问你们的客服什么时候上班我有很重要的问题",
        "我的助记词丢了还能找回来吗我真的很着急",
    ):
        assert find_secrets(text) == [], text


# ---------------------------------------------------------------------------------------
# API shape and robustness
# ---------------------------------------------------------------------------------------


def test_findings_are_sorted_non_overlapping_and_offsets_point_into_the_original() -> None:
    phrase = BIP39["french"][5][1]
    keystore = json.dumps(KEYSTORES["scrypt"])
    xprv = BIP39["english"][3][3]
    text = f"é 你好 {phrase}\nkey {KEY_HEX}\n{keystore}\n{xprv}"
    findings = find_secrets(text)
    assert [f.kind for f in findings] == [
        "mnemonic",
        "private_key",
        "keystore",
        "extended_private_key",
    ]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start
    assert text[findings[0].start : findings[0].end] == phrase
    assert text[findings[1].start : findings[1].end] == KEY_HEX
    assert text[findings[2].start : findings[2].end] == keystore
    result = redact(text)
    assert result.findings == findings
    assert result.text.count("[redacted: ") == 4


def test_mark_constants_and_dataclasses() -> None:
    assert set(REDACTION_MARK) == {
        "mnemonic",
        "private_key",
        "extended_private_key",
        "wif",
        "keystore",
    }
    f = SecretFinding("wif", 0, 1, 1.0, "x")
    with pytest.raises(AttributeError):
        f.start = 3  # type: ignore[misc]


def test_notes_never_contain_a_secret() -> None:
    phrase = BIP39["english"][7][1]
    texts = [
        phrase,
        KEY_HEX,
        wif(KEY_HEX, compressed=True),
        BIP39["english"][7][3],
        json.dumps(KEYSTORES["pbkdf2"]),
    ]
    for text in texts:
        for f in find_secrets(text):
            assert text[f.start : f.end] not in f.note
            assert KEY_HEX[:16] not in f.note
    for f in find_secrets(phrase):
        assert not any(word in f.note.split() for word in phrase.split())


@pytest.mark.parametrize(
    "make",
    [
        lambda: "",
        lambda: "a" * 200_000,
        lambda: "abandon " * 50_000,
        lambda: "的" * 100_000,
        lambda: "{" * 50_000 + '"ciphertext":' + "}" * 10,
        lambda: '"ciphertext":' * 5_000,
        lambda: "0" * 100_000,
        lambda: "\x00\ud800\uffff\u0301" * 10_000,
        lambda: "1. " * 30_000,
        lambda: "private key: " * 10_000,
        lambda: "助记词" * 20_000,
    ],
)
def test_hostile_inputs_do_not_raise(make: Callable[[], str]) -> None:
    text = make()
    result = redact(text)
    assert isinstance(result.text, str)


def test_long_all_wordlist_text_is_redacted_whole() -> None:
    text = " ".join(["abandon"] * 5000)
    [finding] = find_secrets(text)
    assert (finding.start, finding.end) == (0, len(text))


def test_redaction_marks_are_not_rescanned_as_secrets() -> None:
    text = " ".join(REDACTION_MARK.values()) + " tx hash " + TX_HASH
    assert find_secrets(text) == []


# ---------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------

_WORDS = [w for lang in ("english", "french", "spanish") for w in Mnemonic(lang).wordlist[:200]]
_WORDS += Mnemonic("chinese_simplified").wordlist[:100]
_FRAGMENTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(_WORDS),
    st.sampled_from([" ", "\n", ", ", "1. ", "。", "：", "\u3000", "{", "}", '"', "tx ", "key "]),
    st.sampled_from([KEY_HEX, "0x" + TX_HASH, wif(KEY_HEX, compressed=True), "助记词"]),
    st.sampled_from(list(REDACTION_MARK.values())),
    st.just(json.dumps(KEYSTORES["pbkdf2"])),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_raises_and_redaction_is_stable(text: str) -> None:
    result = redact(text)
    assert redact(result.text).findings == []
    check_findings_shape(text, result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
def test_secret_shaped_text_redaction_is_stable(text: str) -> None:
    result = redact(text)
    assert redact(result.text).findings == [], (text, result.text)
    check_findings_shape(text, result)


def check_findings_shape(text: str, result: Redaction) -> None:
    last_end = 0
    for f in result.findings:
        assert 0 <= last_end <= f.start < f.end <= len(text)
        assert 0.0 < f.confidence <= 1.0
        last_end = f.end


def test_checksum_helper_agrees_with_the_mnemonic_package() -> None:
    # A quick cross-check of the scanner's checksum on many random 12-word sequences.
    m = Mnemonic("english")
    rng = random.Random(42)
    agree = 0
    for _ in range(400):
        words = [m.wordlist[rng.randrange(2048)] for _ in range(12)]
        text = " ".join(words)
        confirmed = any(f.confidence == 1.0 for f in find_secrets(text))
        agree += confirmed == m.check(text)
    assert agree == 400


def test_short_run_inside_a_sentence_is_prose_not_a_phrase() -> None:
    prose = "If you sent to another person, they can switch network in their own wallet."
    assert find_secrets(prose) == []
    # the same words pasted on their own, or after a label, are still redacted
    assert find_secrets("legal winner thank year wave sausage worth useful")
    assert find_secrets("my words are: legal winner thank year wave sausage worth")
