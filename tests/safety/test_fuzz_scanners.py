"""Property-based fuzzing of the safety layer on hostile, mixed-script text: the scanners
never raise, every span they report lies inside the text, redaction is idempotent and the
redacted text holds no finding, and the outgoing guard never lets through a message that
contains a valid BIP39 phrase (any of the ten official wordlists, any entropy length).

``WALLETDESK_SECURITY_FIGURES=FILE`` appends the number of examples run as JSON
(``benchmarks/security_matrix.py`` collects it).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from walletdesk.safety.guard import OutgoingGuard
from walletdesk.safety.links import LinkChecker, extract_links
from walletdesk.safety.scan import scan
from walletdesk.safety.secrets import REDACTION_MARK, find_secrets, redact

EXAMPLES: Counter[str] = Counter()
VERDICTS = {"official", "known_safe", "blocklisted", "impersonation", "suspicious", "unknown"}
# the ten official BIP39 wordlists (the mnemonic package also ships two unofficial ones)
BIP39 = (
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
)
FUZZ = settings(
    max_examples=int(os.environ.get("WALLETDESK_FUZZ_EXAMPLES_SAFETY", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    figures = os.environ.get("WALLETDESK_SECURITY_FIGURES")
    if figures:
        with open(figures, "a", encoding="utf-8") as out:
            out.write(json.dumps({"hypothesis": dict(EXAMPLES)}) + "\n")


@cache
def checker() -> LinkChecker:
    return LinkChecker(official_domains=["wallet.example"], brands=["Acme Wallet"])


@cache
def guard() -> OutgoingGuard:
    return OutgoingGuard(checker())


@cache
def wordlists() -> dict[str, Mnemonic]:
    return {lang: Mnemonic(lang) for lang in BIP39}


# ---- strategies -------------------------------------------------------------------------
HOSTILE_PIECES = [
    " ",
    "\n",
    "\t",
    ", ",
    "。",
    "\u3000",
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u202e",  # right-to-left override
    "\ufeff",
    "\x00",
    "ا",
    "助记词",
    "私钥",
    "frase de recuperación",
    "seed phrase: ",
    "private key ",
    "0x",
    "0x" + "ab" * 20,
    "0x" + "5f" * 32,
    "5" * 51,
    "xprv9s21ZrQH143K",
    '{"crypto": {"ciphertext": "',
    "https://",
    "http://",
    "hxxps://",
    "metamask-login.io",
    "wallet.example",
    "xn--mtamask-5za.io",
    "wallet.example.evil.example",
    "/wp-login?next=",
    "@",
    "[.]",
    "．",
    "%2F",
    *REDACTION_MARK.values(),
]


@st.composite
def bip39_words(draw: st.DrawFn) -> str:
    lang = draw(st.sampled_from(BIP39))
    return str(draw(st.sampled_from(wordlists()[lang].wordlist)))


hostile_text = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(HOSTILE_PIECES),
        bip39_words(),
        st.characters(),
    ),
    max_size=60,
).map("".join)
any_text = st.one_of(st.text(max_size=600), hostile_text)


@st.composite
def phrase_in_a_message(draw: st.DrawFn) -> tuple[str, str]:
    """(message, phrase): a valid phrase as a wallet prints it, inside surrounding text."""
    lang = draw(st.sampled_from(BIP39))
    size = draw(st.sampled_from([16, 20, 24, 28, 32]))  # 12, 15, 18, 21 or 24 words
    entropy = draw(st.binary(min_size=size, max_size=size))
    phrase = wordlists()[lang].to_mnemonic(entropy)
    separator = draw(st.sampled_from([" ", "  ", "\n"])) if lang != "japanese" else "\u3000"
    phrase = separator.join(phrase.split())
    before = draw(st.text(max_size=80))
    after = draw(st.text(max_size=80))
    glue = draw(st.sampled_from([" ", "\n", ": ", " - ", "\n\n"]))
    return f"{before}{glue}{phrase}{glue}{after}", phrase


# ---- properties -------------------------------------------------------------------------
def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    last = 0
    for start, end in spans:
        assert 0 <= last <= start < end <= len(text), (start, end, len(text))
        last = end


@FUZZ
@given(any_text)
def test_find_secrets_and_redact_never_raise_and_are_idempotent(text: str) -> None:
    EXAMPLES["find_secrets/redact"] += 1
    findings = find_secrets(text)
    _check_spans(text, [(f.start, f.end) for f in findings])
    result = redact(text)
    assert [(f.start, f.end) for f in result.findings] == [(f.start, f.end) for f in findings]
    assert find_secrets(result.text) == [], "redacted text holds no finding"
    assert redact(result.text).text == result.text, "redaction is idempotent"


@FUZZ
@given(any_text)
def test_scan_never_raises_and_reads_links_and_scams_from_redacted_text(text: str) -> None:
    EXAMPLES["scan"] += 1
    result = scan(text, checker())
    _check_spans(text, [(f.start, f.end) for f in result.findings])
    assert find_secrets(result.redacted) == []
    assert scan(result.redacted, checker()).redacted == result.redacted
    assert all(v.verdict in VERDICTS for v in result.links)
    for signal in result.scam_signals:
        assert 0 <= signal.start < signal.end <= len(result.redacted)


@FUZZ
@given(any_text)
def test_extract_links_spans_are_the_text_and_every_link_gets_a_verdict(text: str) -> None:
    EXAMPLES["extract_links/check"] += 1
    for span in extract_links(text):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert checker().check(span.text).verdict in VERDICTS
    assert checker().check(text).verdict in VERDICTS, "any string, even a whole message"


@FUZZ
@given(any_text)
def test_guard_never_raises_and_its_reasons_point_into_the_text(text: str) -> None:
    EXAMPLES["guard.check"] += 1
    verdict = guard().check(text)
    assert verdict.allowed == (verdict.reasons == [])
    for reason in verdict.reasons:
        assert 0 <= reason.start <= reason.end <= len(text)
        assert reason.message


@FUZZ
@given(phrase_in_a_message())
def test_guard_never_allows_a_message_holding_a_valid_phrase(sample: tuple[str, str]) -> None:
    EXAMPLES["guard vs BIP39 phrase"] += 1
    text, _ = sample
    verdict = guard().check(text)
    assert not verdict.allowed, (text, verdict)
    assert "contains_secret" in {r.code for r in verdict.reasons}


@FUZZ
@given(phrase_in_a_message())
def test_a_pasted_phrase_never_survives_the_scan(sample: tuple[str, str]) -> None:
    EXAMPLES["scan vs BIP39 phrase"] += 1
    text, phrase = sample
    result = scan(text, checker())
    assert result.has_secret
    assert phrase not in result.redacted
    assert find_secrets(result.redacted) == [], "no run of phrase words is left behind"
    assert "contains_secret" not in {r.code for r in guard().check(result.redacted).reasons}
