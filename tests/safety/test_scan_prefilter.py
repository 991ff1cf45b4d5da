"""The fast paths of the incoming scan give exactly what the plain paths give.

Scam signals: a rule's regex runs only when every clause derived from it (sets of strings,
one of which each match contains) has a key in the message. Checked here on a large
corpus (every string in tests/safety, the intent examples, the knowledge-base articles,
the benchmark's held-out messages) and on generated text that mixes the rules' own words:
whenever a rule matches, its clauses hold and the prefilter lets it run; and
``find_scam_signals`` / ``fold_text`` equal their plain references. Secrets and links:
the phrase pre-check and the link-token finder against the plain code paths.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletdesk.safety import links, scams, secrets
from walletdesk.safety.scams import (
    MAX_SCAN_CHARS,
    _clauses,
    _compiled_rules,
    _find_scam_signals_reference,
    _fold_char,
    _fold_text_reference,
    _matches,
    _plan,
    _present_bits,
    _rule_clauses,
    _sentence_bounds,
    find_scam_signals,
    fold_text,
)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- corpus


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_in(v)


@cache
def corpus() -> tuple[str, ...]:
    texts: list[str] = []
    for path in sorted(HERE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts += [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
    for path in sorted((HERE / "data").glob("*.json")):
        texts += _strings_in(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "content" / "intents").glob("*.yaml")):
        texts += _strings_in(yaml.safe_load(path.read_text(encoding="utf-8")))
    articles = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "content" / "kb").rglob("*.md"))
    ]
    for article in articles:
        texts.append(article)
        texts += article.split("\n\n")
    eval_csv = ROOT / "benchmarks" / "data" / "wallet_intents_eval.csv"
    if eval_csv.exists():
        with eval_csv.open(encoding="utf-8") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    # Past the scan limit, and past the 200-signal cap.
    texts.append("\n\n".join(articles)[: MAX_SCAN_CHARS + 5_000])
    texts.append("support asked me for my seed phrase. " * 600)
    return tuple(dict.fromkeys(t for t in texts if t.strip()))


def test_the_corpus_is_large_and_varied() -> None:
    texts = corpus()
    assert len(texts) > 5_000
    for script in ("助记词", "عبارة", "frase", "seed"):
        assert any(script in t for t in texts), script


# ----------------------------------------------------------------------------- scams


def _folded(text: str) -> str:
    return _fold_text_reference(text[:MAX_SCAN_CHARS]).text


def _matching_rules(ftext: str) -> Iterator[int]:
    starts, ends = _sentence_bounds(ftext)
    for i, rule in enumerate(_compiled_rules()):
        if next(_matches(rule, ftext, starts, ends), None) is not None:
            yield i


def _check_prefilter(text: str) -> None:
    """Whenever a rule matches: each of its clauses has a string in the folded text, and
    the prefilter (clause bits read from the original tokens) lets the rule run."""
    ftext = _folded(text)
    present = _present_bits(text[:MAX_SCAN_CHARS])
    plan = _plan()
    for i in _matching_rules(ftext):
        rule, need = plan.rules[i]
        for clause in _rule_clauses(rule):
            assert any(lit in ftext for lit in clause), (i, sorted(clause), text[:200])
        assert present & need == need, (i, text[:200])


def test_fast_scan_equals_the_plain_scan_and_matching_rules_pass_the_prefilter() -> None:
    for text in corpus():
        assert fold_text(text) == _fold_text_reference(text)
        assert find_scam_signals(text) == _find_scam_signals_reference(text), text[:200]
        _check_prefilter(text)


def test_clause_bits_cover_every_key_in_the_folded_text() -> None:
    plan = _plan()
    keys = {k for clause in plan.clause_keys for k in clause}
    for text in corpus()[::4]:
        ftext = _folded(text)
        found = {k for k in keys if k in ftext}
        present = _present_bits(text[:MAX_SCAN_CHARS])
        for bit, clause in enumerate(plan.clause_keys):
            if not found.isdisjoint(clause):
                assert present >> bit & 1, (sorted(clause), text[:200])


def test_the_prefilter_skips_most_rules_on_ordinary_messages() -> None:
    plan = _plan()
    assert all(need for _, need in plan.rules)  # every rule has something to check
    messages = [t for t in corpus() if len(t) < 300]
    run = 0
    for text in messages:
        present = _present_bits(text)
        run += sum(1 for _, need in plan.rules if present & need == need)
    assert run / len(messages) < 0.05 * len(plan.rules)


def test_whitespace_folds_to_whitespace() -> None:
    # _present_bits reads tokens of the original text: sound only while no whitespace
    # character folds to something else.
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.isspace():
            assert _fold_char(ch) and _fold_char(ch).isspace(), hex(code)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bfoo(?:bar|baz)\s+qux\b", {frozenset({"foobar", "foobaz"}), frozenset({"qux"})}),
        (r"(?:ab|cd)ef", {frozenset({"abef", "cdef"})}),
        (r"ask(?:s|ed|ing)?", {frozenset({"ask"})}),
        (r"x[- ]?y", {frozenset({"xy", "x-y", "x y"})}),
        (r"(?:alpha\w+beta|gamma)", {frozenset({"alpha", "gamma"}), frozenset({"beta", "gamma"})}),
        (r"a?", set()),
        (r"\w+", set()),
        (r"(?i)seed", set()),  # case-insensitive: not read, so the rule always runs
        (r"(?i:seed) phrase", {frozenset({" phrase"})}),
    ],
)
def test_clauses_of_small_patterns(pattern: str, expected: set[frozenset[str]]) -> None:
    assert set(_clauses(re.compile(pattern))) == expected


_PATTERNS = [
    pytest.param(p, id=f"rule{i}-{name}")
    for i, rule in enumerate(_compiled_rules())
    for name, p in (("pattern", rule.pattern), ("requires", rule.requires))
    if p is not None
]


@pytest.mark.parametrize("pattern", _PATTERNS)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_clauses_hold_on_text_the_pattern_generates(pattern: re.Pattern[str], data: Any) -> None:
    text = data.draw(st.from_regex(pattern))
    if pattern.search(text):
        for clause in _clauses(pattern):
            assert any(lit in text for lit in clause), (sorted(clause), text)


@cache
def _vocabulary() -> tuple[str, ...]:
    words = {lit for rule in _compiled_rules() for cl in _rule_clauses(rule) for lit in cl}
    words |= {w for t in corpus() if len(t) < 120 for w in t.split()}
    return tuple(sorted(words))


_DISGUISES = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "i": "і"})


def _disguise(word: str, how: int) -> str:
    if how == 1:
        return word.upper()
    if how == 2:
        return word.translate(_DISGUISES)  # Cyrillic look-alikes
    if how == 3:
        return "\u200b".join(word)  # zero-width spaces
    if how == 4:
        return word.replace("ا", "أ").replace("ي", "ى") + "\u064e"  # hamza, alef maqsura, fatha
    if how == 5:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)  # full-width
    return word


@st.composite
def scam_like_text(draw: st.DrawFn) -> str:
    vocab = _vocabulary()
    parts = []
    for _ in range(draw(st.integers(1, 24))):
        word = draw(st.sampled_from(vocab) | st.text(max_size=6))
        parts.append(_disguise(word, draw(st.integers(0, 8))))
        parts.append(draw(st.sampled_from([" ", " ", " ", "", "\n", ". ", ", ", "，", "。", "؟ "])))
    return "".join(parts)


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=scam_like_text())
def test_fast_scan_equals_the_plain_scan_on_generated_text(text: str) -> None:
    assert fold_text(text) == _fold_text_reference(text)
    assert find_scam_signals(text) == _find_scam_signals_reference(text)
    _check_prefilter(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_fast_scan_equals_the_plain_scan_on_random_text(text: str) -> None:
    assert fold_text(text) == _fold_text_reference(text)
    assert find_scam_signals(text) == _find_scam_signals_reference(text)


def test_a_cold_token_cache_gives_the_same_signals() -> None:
    texts = [t for t in corpus() if 20 < len(t) < 400][:300]
    warm = [find_scam_signals(t) for t in texts]
    scams._TOKEN_BITS.clear()
    assert [find_scam_signals(t) for t in texts] == warm


# ----------------------------------------------------------------------------- secrets


def _plain_find_secrets(text: str) -> list[secrets.SecretFinding]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(secrets, "_may_hold_run", lambda _text: True)
        return secrets.find_secrets(text)


def _check_phrase_precheck(text: str) -> None:
    if not secrets._may_hold_run(text):
        runs = secrets._runs(text)
        assert runs.runs == [], text[:200]
        han = [(m.start(), m.group()) for m in secrets._HAN_RUN_RE.finditer(text)]
        assert runs.han_runs == han, text[:200]
    assert secrets.find_secrets(text) == _plain_find_secrets(text), text[:200]


def test_phrase_precheck_never_hides_a_phrase_on_the_corpus() -> None:
    for text in corpus():
        _check_phrase_precheck(text)


@st.composite
def phrase_like_text(draw: st.DrawFn) -> str:
    words = secrets._lexicon().index
    pool = [*sorted(words)[::37], "the", "seed", "xyzzy", "abou", "abandn", "12.", "[redacted: "]
    parts = []
    for _ in range(draw(st.integers(1, 30))):
        parts.append(draw(st.sampled_from(pool) | st.text(max_size=4)))
        parts.append(draw(st.sampled_from([" ", "\n", ", ", "", "1. ", " \u0301", "。"])))
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=phrase_like_text())
def test_phrase_precheck_never_hides_a_phrase_on_generated_text(text: str) -> None:
    _check_phrase_precheck(text)


# ----------------------------------------------------------------------------- links


def _plain_extract_links(text: str) -> list[links.LinkSpan]:
    """extract_links as it was: every token, the dots translated character by character."""
    scan = text[: links._MAX_SCAN_CHARS].translate(links._UNICODE_DOTS)
    found: list[links.LinkSpan] = []
    for token in links._TOKEN_RE.finditer(scan):
        for start, end in links._links_in_token(token.group(), token.start()):
            found.append(links.LinkSpan(text[start:end], start, end))
            if len(found) >= links._MAX_LINKS:
                return found
    return found


def _check_links(text: str) -> None:
    scan = text.translate(links._UNICODE_DOTS)
    tokens = [
        (m.start(), m.group())
        for m in links._TOKEN_RE.finditer(scan)
        if "." in m.group() or ":" in m.group()
    ]
    assert list(links._link_tokens(scan)) == tokens
    assert links.extract_links(text) == _plain_extract_links(text)


def test_link_tokens_equal_the_plain_tokens_on_the_corpus() -> None:
    for text in corpus():
        _check_links(text)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab.:/ \n中。．｡«»<>\"'-_wx?#@io1\u2010\u3000", max_size=60))
def test_link_tokens_equal_the_plain_tokens_on_generated_text(text: str) -> None:
    _check_links(text)
