"""Find and redact wallet secrets before anything else sees the text (invariant 1).

Detected: BIP39 recovery phrases in the ten official wordlists (also partial, mistyped
and four-letter-abbreviated ones), raw hex private keys (unless the context says
transaction hash; unsure means redact), "private key: <token>" shapes, WIF keys, extended
private keys (xprv/yprv/zprv/tprv...) and keystore JSON.

How a run of wordlist words is judged: 12+ words are always redacted (confidence 1.0 when
a BIP39 checksum confirms them); 6-11 words are redacted when they read like a phrase
(numbered, one per line, comma-separated, or few very common words and no sentence
punctuation). Every Chinese word is one character and most common characters are in the
list, so unspaced Chinese needs a full-length checksum-valid run that does not read as a
sentence (judged by how many dictionary words its characters form).

Everything is linear in the input: one regex pass per detector, dict look-ups per token,
and fixed caps on the checksum windows tried. Word lists load once, lazily (warm_up()).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

import base58
from mnemonic import Mnemonic

SecretKind = Literal["mnemonic", "private_key", "extended_private_key", "wif", "keystore"]

REDACTION_MARK: dict[SecretKind, str] = {
    "mnemonic": "[redacted: recovery phrase]",
    "private_key": "[redacted: private key]",
    "extended_private_key": "[redacted: extended private key]",
    "wif": "[redacted: private key (WIF)]",
    "keystore": "[redacted: keystore file]",
}


@dataclass(frozen=True, slots=True)
class SecretFinding:
    kind: SecretKind
    start: int
    end: int
    confidence: float
    note: str


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    findings: list[SecretFinding]


# ---------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------

_LANGS: tuple[str, ...] = (
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
_LANG_NAMES: tuple[str, ...] = (
    "English",
    "Chinese (simplified)",
    "Chinese (traditional)",
    "Czech",
    "French",
    "Italian",
    "Japanese",
    "Korean",
    "Portuguese",
    "Spanish",
)
_ZH_S, _ZH_T = 1, 2
_HAN_LANGS = frozenset({_ZH_S, _ZH_T})
_LATIN_LANGS = frozenset({0, 3, 4, 5, 8, 9})
_VALID_LENGTHS = frozenset({12, 15, 18, 21, 24})
_PARTIAL_MIN = 6

# Very frequent words that are also BIP39 words. Many of them in a run means a sentence,
# not a phrase (a random phrase draws them with a probability of about 5% each).
_COMMON_EN = (
    "about above across again all also always among any around away because before behind "
    "below between can check come during either else enough find first give good great "
    "have help hold home hour into just keep know later like little long make more much "
    "must need never next nice nothing now once only over own please rather real right "
    "same second since someone soon sorry still such sure tell thank that then there they "
    "thing this time today together toward try under until upon use very wait want way "
    "what when where will with work wrong you "
)
_COMMON_ES = (
    "ayer ayuda bien cambio casa cero dia dinero dos estar favor gente hacer hora manana "
    "mejor mensaje mes mismo mucho mundo otro poco red saldo ser sobre todo tres una uno "
    "vida "
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_COMMON: dict[int, frozenset[str]] = {0: _word_set(_COMMON_EN), 9: _word_set(_COMMON_ES)}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    # normalised word (NFKD, casefolded; accent-folded too for the Latin lists) ->
    # {lang: word index}; exact spellings win over accent-folded ones
    index: dict[str, dict[int, int]]
    # Chinese simplified list, to read traditional characters as simplified ones
    zh_simplified: tuple[str, ...]


def _fold(word: str) -> str:
    return "".join(c for c in word if not unicodedata.combining(c))


@cache
def _lexicon() -> _Lexicon:
    index: dict[str, dict[int, int]] = {}
    folded: list[tuple[str, int, int]] = []
    simplified: tuple[str, ...] = ()
    for lang_no, lang in enumerate(_LANGS):
        words = Mnemonic(lang).wordlist
        if lang_no == _ZH_S:
            simplified = tuple(words)
        for word_no, word in enumerate(words):
            key = unicodedata.normalize("NFKD", word).casefold()
            index.setdefault(key, {})[lang_no] = word_no
            if lang_no in _LATIN_LANGS:
                folded.append((_fold(key), lang_no, word_no))
    for key, lang_no, word_no in folded:
        index.setdefault(key, {}).setdefault(lang_no, word_no)
    return _Lexicon(index, simplified)


@cache
def _fuzzy_index() -> dict[str, tuple[tuple[int, int], ...]]:
    """Single-deletion neighbourhood of every Latin-list word (SymSpell style), plus the
    unique four-letter prefixes BIP39 guarantees: finds a word typed with one typo or
    abbreviated to its first four letters."""
    index: dict[str, set[tuple[int, int]]] = {}
    for lang_no in _LATIN_LANGS:
        for word_no, word in enumerate(Mnemonic(_LANGS[lang_no]).wordlist):
            w = _fold(unicodedata.normalize("NFKD", word).casefold())
            for variant in _deletes(w):
                index.setdefault(variant, set()).add((lang_no, word_no))
            index.setdefault("^" + w[:4], set()).add((lang_no, word_no))
    return {k: tuple(v) for k, v in index.items()}


def _deletes(word: str) -> Iterator[str]:
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


@cache
def _zh_words() -> frozenset[str]:
    """Chinese words of 2-4 characters (jieba's dictionary, frequency >= 10) written with
    wordlist characters: tells a Chinese sentence from a run of random wordlist characters.
    Loaded (about 0.4 s) only when a Chinese checksum candidate needs judging, or by
    warm_up()."""
    chars = re.escape("".join(sorted(set(_lexicon().zh_simplified))))
    entry = re.compile(f"^([{chars}]{{2,4}}) [0-9]{{2,}} ", re.MULTILINE)
    try:
        data = resources.files("jieba").joinpath("dict.txt").read_bytes().decode("utf-8")
    except (OSError, ModuleNotFoundError, UnicodeDecodeError):
        return frozenset()
    return frozenset(entry.findall(data))


def warm_up() -> None:
    """Load every lazily built table now (call at server start, off the hot path)."""
    _lexicon()
    _fuzzy_index()
    _zh_words()


# ---------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARK_RE = re.compile("|".join(re.escape(m) for m in REDACTION_MARK.values()))
_COMBINING = "\u0300-\u036f\u3099-\u309c"
_COMBINING_RE = re.compile(f"[{_COMBINING}]")
# Words: a run of Chinese characters (split into characters later) or of other letters
# and digits (a word glued to its number, "1abandon", or a hash: one unknown word).
_TOKEN_RE = re.compile(rf"(?P<han>[{_HAN}]+)|[^\W_{_HAN}]+")
# The same, for decomposed input where accents are separate combining characters.
_TOKEN_NFD_RE = re.compile(rf"(?P<han>[{_HAN}]+)|(?:[^\W_{_HAN}]|[{_COMBINING}])+")
_NUMBERED_RE = re.compile(r"[0-9]*([A-Za-z]+)[0-9]*")
_MAX_GAP = 24  # characters allowed between two words of one phrase ("23. ", " ,\n")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    langs: dict[int, int]  # lang -> word index
    fuzzy: bool
    han: bool
    glued: bool  # attached to the previous character (Chinese: not typed on its own)
    key: str  # normalised, accent-folded
    abbrev: bool = False  # the unique four-letter start of a word ("abou" for about)


@lru_cache(maxsize=1 << 16)
def _word_langs(word: str) -> tuple[dict[int, int] | None, str]:
    """Wordlist matches of one word (None if none) and its folded key."""
    index = _lexicon().index
    if word.isascii():
        low = word.lower()
        return index.get(low), low
    key = unicodedata.normalize("NFKD", word).casefold()
    folded = _fold(key)
    exact = index.get(key)
    loose = index.get(folded) if folded != key else None
    if exact is None or loose is None:
        return exact if exact is not None else loose, folded
    return {**loose, **exact}, folded


@lru_cache(maxsize=1 << 12)
def _abbrev_lookup(key: str) -> dict[int, int]:
    if not key.isascii() or not key.isalpha():
        return {}
    found: dict[int, list[int]] = {}
    for lang, word_no in _fuzzy_index().get("^" + key, ()):
        found.setdefault(lang, []).append(word_no)
    return {lang: nos[0] for lang, nos in found.items() if len(nos) == 1}


@lru_cache(maxsize=1 << 14)
def _fuzzy_lookup(folded: str) -> dict[int, int]:
    if not 4 <= len(folded) <= 12 or not folded.isalpha():
        return {}
    index = _fuzzy_index()
    found: dict[int, set[int]] = {}
    for k in (*_deletes(folded), "^" + folded[:4]):
        for lang, word_no in index.get(k, ()):
            found.setdefault(lang, set()).add(word_no)
    # Only an unambiguous correction counts: it must be checkable by the checksum.
    return {lang: nos.pop() for lang, nos in found.items() if len(nos) == 1}


def _split_letters(start: int, word: str) -> Iterator[tuple[int, str]]:
    """Letter runs of a regex word that also holds letter-like non-letters (①, ²)."""
    begin = -1
    for i, ch in enumerate(word):
        ok = ch.isalpha() or unicodedata.combining(ch) != 0
        if ok and begin < 0:
            begin = i
        elif not ok and begin >= 0:
            yield start + begin, word[begin:i]
            begin = -1
    if begin >= 0:
        yield start + begin, word[begin:]


class _RunBuilder:
    """Collects maximal runs of wordlist words with short gaps. A mistyped word may
    bridge a run (never start or end one, never two in a row); words abbreviated to their
    four unique letters may stand anywhere (the checksum decides about those)."""

    __slots__ = ("han_runs", "run", "runs")

    def __init__(self) -> None:
        self.run: list[_Tok] = []
        self.runs: list[list[_Tok]] = []
        self.han_runs: list[tuple[int, str]] = []  # unbroken Chinese runs of 12+

    def close(self) -> None:
        run = self.run
        while run and run[-1].fuzzy and not run[-1].abbrev:
            run.pop()
        if len(run) >= _PARTIAL_MIN:
            self.runs.append(run)
        self.run = []

    def add(self, tok: _Tok) -> None:
        run = self.run
        if run and tok.start - run[-1].end > _MAX_GAP:
            self.close()
        self.run.append(tok)

    def unknown(self, start: int, end: int, key: str, glued: bool) -> None:
        if len(key) == 4:
            langs = _abbrev_lookup(key)
            if langs:
                self.add(_Tok(start, end, langs, True, False, glued, key, abbrev=True))
                return
        run = self.run
        if len(run) >= 2 and not run[-1].fuzzy and start - run[-1].end <= _MAX_GAP:
            langs = _fuzzy_lookup(key)
            if langs:
                run.append(_Tok(start, end, langs, True, False, glued, key))
                return
        if run:
            self.close()


def _han_langs(index: dict[str, dict[int, int]], ch: str) -> dict[int, int] | None:
    langs = index.get(ch)
    if langs is None and "\uf900" <= ch <= "\ufaff":
        langs = index.get(unicodedata.normalize("NFKC", ch))
    return langs


def _han_edges(
    builder: _RunBuilder, index: dict[str, dict[int, int]], raw: str, start: int
) -> None:
    first = _han_langs(index, raw[0])
    if first is None:
        builder.close()
    else:
        builder.add(_Tok(start, start + 1, first, False, True, True, raw[0]))
    builder.close()
    last = _han_langs(index, raw[-1])
    if last is not None:
        end = start + len(raw)
        builder.add(_Tok(end - 1, end, last, False, True, True, raw[-1]))


def _runs(text: str) -> _RunBuilder:
    """One pass over the words of text (each Chinese character is a word)."""
    if "[redacted: " in text:
        # A redaction mark ends a phrase: read it as one unknown word.
        text = _MARK_RE.sub(lambda m: "q" * len(m.group()), text)
    token_re = _TOKEN_NFD_RE if _COMBINING_RE.search(text) else _TOKEN_RE
    index = _lexicon().index
    builder = _RunBuilder()
    prev_end = -1
    for m in token_re.finditer(text):
        group, start = m.lastgroup, m.start()
        raw = m.group()
        if group == "han":
            if len(raw) >= 12:
                builder.han_runs.append((start, raw))
            if len(raw) > 4:
                # Too long to be typed in groups (an unspaced phrase is judged on its
                # own): only its edge characters can belong to a phrase spaced around it.
                _han_edges(builder, index, raw, start)
                prev_end = start + len(raw)
                continue
            for pos, ch in enumerate(raw, start):
                langs = _han_langs(index, ch)
                if langs is None:
                    if builder.run:
                        builder.close()
                else:
                    glued = pos > start or pos == prev_end
                    builder.add(_Tok(pos, pos + 1, langs, False, True, glued, ch))
            prev_end = start + len(raw)
            continue
        if raw.isdigit():  # a number between words ("12. zoo") is only a gap
            continue
        if raw.isalpha():
            pieces: Iterator[tuple[int, str]] | tuple[tuple[int, str], ...] = ((start, raw),)
        elif raw.isascii():
            numbered = _NUMBERED_RE.fullmatch(raw)
            if numbered is None:  # letters and digits mixed: a hash, an address, a key
                builder.unknown(start, start + len(raw), "", False)
                prev_end = start + len(raw)
                continue
            pieces = ((start + numbered.start(1), numbered.group(1)),)
        else:
            pieces = _split_letters(start, raw)
        for pos, word in pieces:
            langs, key = _word_langs(word)
            end = pos + len(word)
            if langs is None:
                builder.unknown(pos, end, key, pos == prev_end)
            else:
                builder.add(_Tok(pos, end, langs, False, False, pos == prev_end, key))
            prev_end = end
    builder.close()
    return builder


# A quick proof that no run can form: _runs makes _Tok objects for every word, while most
# messages hold no six wordlist words in a row. These see the same tokens as _TOKEN_RE and
# _TOKEN_NFD_RE (the groups only name them) and mark each word as _runs would treat it.
_WORDS_RE = re.compile(rf"[{_HAN}]+|[^\W_{_HAN}]+")
_WORDS_NFD_RE = re.compile(rf"[{_HAN}]+|(?:[^\W_{_HAN}]|[{_COMBINING}])+")
_HAN_START_RE = re.compile(rf"[{_HAN}]")
_HAN_RUN_RE = re.compile(rf"[{_HAN}]{{12,}}")  # the han_runs of _runs: maximal runs of 12+
_RUN_OF_WORDS = "1" * _PARTIAL_MIN


def _word_marks(raw: str) -> str:
    """One mark per word _runs reads in this token: "1" for a word that may join a run (a
    wordlist word, an abbreviation, a possible typo), "0" for one that ends the run;
    nothing for a number. Mirrors the branches of _runs."""
    index = _lexicon().index
    if _HAN_START_RE.match(raw):
        if len(raw) > 4:  # only the edge characters, with the run closed between them
            first = "0" if _han_langs(index, raw[0]) is None else "1"
            return first + "0" + ("" if _han_langs(index, raw[-1]) is None else "1")
        return "".join("0" if _han_langs(index, ch) is None else "1" for ch in raw)
    if raw.isdigit():
        return ""
    if raw.isalpha():
        words: Sequence[str] = (raw,)
    elif raw.isascii():
        numbered = _NUMBERED_RE.fullmatch(raw)
        if numbered is None:
            return "0"
        words = (numbered.group(1),)
    else:
        words = [word for _, word in _split_letters(0, raw)]
    marks = []
    for word in words:
        langs, key = _word_langs(word)
        joins = (
            langs is not None
            or (len(key) == 4 and bool(_abbrev_lookup(key)))
            or bool(_fuzzy_lookup(key))
        )
        marks.append("1" if joins else "0")
    return "".join(marks)


class _ChunkMarks(dict[str, str]):
    """The marks of the words in one whitespace-free chunk of text (words never hold
    whitespace, so a text's marks are its chunks' marks in order); a cache for the chunks
    people keep writing (bounded)."""

    __slots__ = ()

    def __missing__(self, chunk: str) -> str:
        marks = "".join(map(_word_marks, _WORDS_RE.findall(chunk)))
        if len(chunk) <= 40:
            if len(self) >= 1 << 15:
                self.clear()
            self[chunk] = marks
        return marks


_CHUNK_MARKS = _ChunkMarks()


def _may_hold_run(text: str) -> bool:
    """False only when _runs(text).runs is sure to be empty: no _PARTIAL_MIN words in a row
    that could join a run (gaps and typo rules, which only end runs, are left out)."""
    if "[redacted: " in text or _COMBINING_RE.search(text):
        if "[redacted: " in text:
            text = _MARK_RE.sub(lambda m: "q" * len(m.group()), text)
        words_re = _WORDS_NFD_RE if _COMBINING_RE.search(text) else _WORDS_RE
        marks = "".join(map(_word_marks, words_re.findall(text)))
    else:
        marks = "".join(map(_CHUNK_MARKS.__getitem__, text.split()))
    return _RUN_OF_WORDS in marks


# ---------------------------------------------------------------------------------------
# BIP39 phrases
# ---------------------------------------------------------------------------------------


def _checksum_ok(indices: Sequence[int]) -> bool:
    n = len(indices)
    if n not in _VALID_LENGTHS or min(indices) < 0:
        return False
    bits = 0
    for i in indices:
        bits = (bits << 11) | i
    cs_bits = n // 3
    entropy = (bits >> cs_bits).to_bytes((n * 11 - cs_bits) // 8, "big")
    return hashlib.sha256(entropy).digest()[0] >> (8 - cs_bits) == bits & ((1 << cs_bits) - 1)


_WINDOW_CAP = 64  # longest run whose sub-windows are checksum-tested


def _first_valid_window(indices: Sequence[int]) -> tuple[int, int] | None:
    """The longest checksum-valid window of a run (the whole run first)."""
    n = len(indices)
    if n in _VALID_LENGTHS and _checksum_ok(indices):
        return 0, n
    if n > _WINDOW_CAP:
        return None
    for size in (24, 21, 18, 15, 12):
        for s in range(n - size + 1):
            if _checksum_ok(indices[s : s + size]):
                return s, s + size
    return None


def _segments(run: list[_Tok], lang: int) -> Iterator[list[_Tok]]:
    seg: list[_Tok] = []
    for tok in run:
        if lang in tok.langs:
            seg.append(tok)
            continue
        yield from _trimmed(seg, lang)
        seg = []
    yield from _trimmed(seg, lang)


def _trimmed(seg: list[_Tok], lang: int) -> Iterator[list[_Tok]]:
    """Abbreviated words count only inside a checksum-valid window. Otherwise drop fuzzy
    words at the ends and split where fuzzy words are too dense to trust."""
    if any(t.abbrev for t in seg):
        window = _first_valid_window([t.langs[lang] for t in seg])
        if window is not None:
            yield seg[window[0] : window[1]]
            return
        for part in _split_at(seg, lambda t: t.abbrev):
            yield from _trimmed(part, lang)
        return
    while seg and seg[0].fuzzy:
        seg = seg[1:]
    while seg and seg[-1].fuzzy:
        seg = seg[:-1]
    if len(seg) < _PARTIAL_MIN:
        return
    fuzzy = sum(t.fuzzy for t in seg)
    if fuzzy <= max(1, len(seg) // 6):
        yield seg
        return
    yield from _split_at(seg, lambda t: t.fuzzy)


def _split_at(seg: list[_Tok], cut: Callable[[_Tok], bool]) -> Iterator[list[_Tok]]:
    part: list[_Tok] = []
    for tok in seg:
        if cut(tok):
            if len(part) >= _PARTIAL_MIN:
                yield part
            part = []
        else:
            part.append(tok)
    if len(part) >= _PARTIAL_MIN:
        yield part


_DIGIT_RE = re.compile(r"\d")
_STRUCT_RE = re.compile(r"[\n\t,，、;；|]")
_CODE_RE = re.compile(r"[_(){}<>=\"'\[\]#*`]")
_SENTENCE_RE = re.compile(r"[.!?¿¡。！？…]")


@dataclass(frozen=True, slots=True)
class _Style:
    numbered: bool
    structured: bool
    sentence: bool

    @property
    def label(self) -> str:
        if self.numbered:
            return ", numbered"
        return ", one per line or comma-separated" if self.structured else ""


def _style(text: str, seg: list[_Tok], lang: int) -> _Style:
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(seg)]
    lead = text[max(0, seg[0].start - 6) : seg[0].start]
    numbered_gaps = sum(1 for g in gaps if _DIGIT_RE.search(g))
    numbered = numbered_gaps + bool(_DIGIT_RE.search(lead)) >= 0.8 * len(seg)
    structured = sum(1 for g in gaps if _STRUCT_RE.search(g)) >= 0.8 * len(gaps)
    punct = any(_SENTENCE_RE.search(g) and not _DIGIT_RE.search(g) for g in gaps)
    common = _COMMON.get(lang, frozenset())
    n_common = sum(1 for t in seg if t.key in common)
    code = sum(1 for g in gaps if _CODE_RE.search(g)) * 3 >= len(gaps)
    wordy = n_common >= max(3, (len(seg) + 2) // 3) and not structured
    return _Style(numbered, structured, (punct or code or wordy) and not numbered)


def _phrase_findings(text: str) -> Iterator[SecretFinding]:
    if not _may_hold_run(text):
        for m in _HAN_RUN_RE.finditer(text):
            yield from _han_run_findings(text, m.start(), m.group())
        return
    runs = _runs(text)
    for start, raw in runs.han_runs:
        yield from _han_run_findings(text, start, raw)
    for run in runs.runs:
        langs: set[int] = set()
        for tok in run:
            langs.update(tok.langs)
        for lang in sorted(langs):
            for seg in _segments(run, lang):
                if lang in _HAN_LANGS:
                    yield from _judge_han(text, seg, lang)
                else:
                    found = _judge_words(text, seg, lang)
                    if found is not None:
                        yield found


_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)[ \t]+$")
_WORD_AFTER_RE = re.compile(r"^[ \t]+([^\W\d_]+)")


def _inside_prose(text: str, start: int, end: int) -> bool:
    """A short run with ordinary words right before and after it on the same line is part
    of a sentence ("if you sent to another person, they can switch network in ..."); a
    pasted partial phrase stands alone, after a label, or at the end of the message."""
    before = _WORD_BEFORE_RE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER_RE.search(text[end : end + 40])
    if before is None or after is None:
        return False
    return all(_word_langs(m.group(1))[0] is None for m in (before, after))


def _judge_words(text: str, seg: list[_Tok], lang: int) -> SecretFinding | None:
    n = len(seg)
    n_exact = sum(not t.fuzzy for t in seg)
    style = _style(text, seg, lang)
    name = _LANG_NAMES[lang]
    start, end = seg[0].start, seg[-1].end
    if n >= 12:
        indices = [t.langs[lang] for t in seg]
        if _first_valid_window(indices) is not None and (n in _VALID_LENGTHS or not style.sentence):
            note = f"{n} {name} BIP39 words{style.label}, checksum valid"
            return SecretFinding("mnemonic", start, end, 1.0, note)
        conf = 0.6 if style.sentence else 0.85
        note = f"{n} {name} BIP39 words in a row{style.label}, checksum not confirmed"
        return SecretFinding("mnemonic", start, end, conf, note)
    if style.sentence or n_exact < _PARTIAL_MIN:
        return None
    if not (style.numbered or style.structured) and _inside_prose(text, start, end):
        return None
    conf = 0.75 if (style.numbered or style.structured) else 0.6
    note = f"{n} {name} BIP39 words in a row{style.label} (partial recovery phrase)"
    return SecretFinding("mnemonic", start, end, conf, note)


# Chinese: every word is one character. Unspaced runs need a full-length checksum-valid
# window that does not read as a sentence; spaced or numbered characters are a phrase.

_ZH_CUE_RE = re.compile(
    r"助记词|助記詞|记忆词|記憶詞|恢复词|恢復詞|种子词|種子詞|种子|種子|恢复短语|恢復短語|"
    r"备份词|備份詞|密语|密語|私钥|私鑰|mnemonic|seed|phrase",
    re.IGNORECASE,
)


def _reads_as_chinese_sentence(chars: Sequence[int], percent: int) -> bool:
    """True when the characters hold many distinct dictionary words: a sentence has about
    one per three characters, a random phrase rarely one per six (15%)."""
    words = _zh_words()
    simplified = _lexicon().zh_simplified
    text = "".join(simplified[i] for i in chars)
    found = {
        text[i : i + size]
        for i in range(len(text))
        for size in (2, 3, 4)
        if i + size <= len(text) and text[i : i + size] in words
    }
    return len(found) * 100 >= percent * len(text)


def _single(block: list[_Tok]) -> bool:
    """A character typed on its own (spaced, comma-separated or numbered)."""
    return len(block) == 1 and not block[0].glued


def _han_blocks(seg: list[_Tok]) -> list[list[_Tok]]:
    blocks: list[list[_Tok]] = []
    for tok in seg:
        if blocks and tok.glued and blocks[-1][-1].end == tok.start:
            blocks[-1].append(tok)
        else:
            blocks.append([tok])
    return blocks


def _judge_han(text: str, seg: list[_Tok], lang: int) -> Iterator[SecretFinding]:
    name = _LANG_NAMES[lang]
    blocks = _han_blocks(seg)
    yield from _han_spaced(seg, blocks, lang, name)
    if _grouped(text, seg, blocks) and _han_candidate(
        text, seg[0].start, [t.langs[lang] for t in seg], bounded=False
    ):
        note = f"{len(seg)} {name} BIP39 characters, checksum valid"
        yield SecretFinding("mnemonic", seg[0].start, seg[-1].end, 1.0, note)


def _grouped(text: str, seg: list[_Tok], blocks: list[list[_Tok]]) -> bool:
    """Characters typed in small groups separated by blanks only ("的一 是在 不了")."""
    if len(seg) not in _VALID_LENGTHS or len(blocks) < 2 or max(map(len, blocks)) > 4:
        return False
    if all(_single(b) for b in blocks):
        return False  # fully spaced: handled by _han_spaced
    gaps = (text[a[-1].end : b[0].start] for a, b in itertools.pairwise(blocks))
    return all(g.isspace() for g in gaps)


def _han_spaced(
    seg: list[_Tok], blocks: list[list[_Tok]], lang: int, name: str
) -> Iterator[SecretFinding]:
    """Runs of single characters separated by spaces, commas or numbers."""
    i = 0
    while i < len(blocks):
        if not _single(blocks[i]):
            i += 1
            continue
        j = i
        while j < len(blocks) and _single(blocks[j]):
            j += 1
        singles = [b[0] for b in blocks[i:j]]
        if len(singles) >= _PARTIAL_MIN:
            before = blocks[i - 1][-1] if i > 0 else None
            after = blocks[j][0] if j < len(blocks) else None
            yield _han_spaced_finding(singles, before, after, lang, name)
        i = j


def _han_spaced_finding(
    singles: list[_Tok], before: _Tok | None, after: _Tok | None, lang: int, name: str
) -> SecretFinding:
    """Spaced characters are phrase material: all of them are redacted. A phrase glued to
    the surrounding text at one end gets that edge character when the checksum says so."""
    options = [singles]
    if before is not None:
        options.append([before, *singles])
    if after is not None:
        options.append([*singles, after])
    start, end = singles[0].start, singles[-1].end
    valid = None
    for toks in options:
        if len(toks) in _VALID_LENGTHS and _checksum_ok([t.langs[lang] for t in toks]):
            valid = len(toks)
            start, end = min(start, toks[0].start), max(end, toks[-1].end)
            break
    if valid is None:
        window = _first_valid_window([t.langs[lang] for t in singles])
        valid = None if window is None else window[1] - window[0]
    if valid is not None:
        note = f"{valid} {name} BIP39 characters, spaced, checksum valid"
        return SecretFinding("mnemonic", start, end, 1.0, note)
    n = len(singles)
    if n >= 12:
        note = f"{n} {name} BIP39 characters, spaced, checksum not valid"
        return SecretFinding("mnemonic", start, end, 0.8, note)
    note = f"{n} {name} BIP39 characters, spaced (partial recovery phrase)"
    return SecretFinding("mnemonic", start, end, 0.7, note)


def _han_candidate(text: str, start: int, idx: Sequence[int], bounded: bool) -> bool:
    """Chinese characters typed without spaces are a phrase when they have a valid length
    and checksum, hold no cue word themselves and do not read as a sentence. A run bounded
    by punctuation or other text is judged more leniently than a window cut out of a
    longer run after a cue (several windows are tried there)."""
    if not _checksum_ok(idx) or _ZH_CUE_RE.search(text, start, start + len(idx)):
        return False
    return not _reads_as_chinese_sentence(idx, 20 if bounded else 15)


def _han_run_findings(text: str, start: int, raw: str) -> Iterator[SecretFinding]:
    """Findings in one unbroken run of 12+ Chinese characters, per wordlist."""
    index = _lexicon().index
    langs = [_han_langs(index, ch) or {} for ch in raw]
    for lang in (_ZH_S, _ZH_T):
        block: list[int] = []
        for pos, found in enumerate([*langs, {}]):
            word_no = found.get(lang)
            if word_no is not None:
                block.append(word_no)
                continue
            if len(block) >= 12:
                yield from _han_block(text, start + pos - len(block), block, lang)
            block = []


def _han_block(text: str, start: int, idx: list[int], lang: int) -> Iterator[SecretFinding]:
    found: list[tuple[int, int]] = []
    if len(idx) in _VALID_LENGTHS and _han_candidate(text, start, idx, bounded=True):
        found.append((0, len(idx)))
    for s, e in _han_cue_windows(text, start, len(idx)):
        if _han_candidate(text, start + s, idx[s:e], bounded=False):
            found.append((s, e))
    # Once a phrase starts there, a longer checksum-valid window from the same start is
    # the likelier phrase (a chance match is 1/64 or rarer at 18+ characters).
    for s, e in list(found):
        for size in (15, 18, 21, 24):
            if size > e - s and s + size <= len(idx) and _checksum_ok(idx[s : s + size]):
                found.append((s, s + size))
    if found:
        s = min(f[0] for f in found)
        e = max(f[1] for f in found)
        note = f"{e - s} {_LANG_NAMES[lang]} BIP39 characters, unspaced, checksum valid"
        yield SecretFinding("mnemonic", start + s, start + e, 1.0, note)


_CUE_CAP = 8
_CUE_JOINERS = frozenset("是为為叫：:")


def _han_cue_windows(text: str, start: int, n: int) -> Iterator[tuple[int, int]]:
    """Windows right after a cue such as 助记词 (skipping 是/为), or right before one."""
    end = start + n
    for count, m in enumerate(_ZH_CUE_RE.finditer(text, max(0, start - 12), end + 12)):
        if count >= _CUE_CAP:
            return
        first = min(max(m.end() - start, 0), n)
        firsts = [first]
        if first < n and text[start + first] in _CUE_JOINERS:
            firsts.append(first + 1)
        last = min(max(m.start() - start, 0), n)
        for size in _VALID_LENGTHS:
            for f in firsts:
                if f + size <= n:
                    yield f, f + size
            if last - size >= 0:
                yield last - size, last


# ---------------------------------------------------------------------------------------
# Keys: raw hex, WIF, extended private keys, "private key: ..." shapes
# ---------------------------------------------------------------------------------------

_LONG_ALNUM_RE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{48,}(?![0-9A-Za-z])")
_HEX_RE = re.compile(r"(?:0[xX])?([0-9a-fA-F]{64}|[0-9a-fA-F]{128})")
_B58_ALPHABET = frozenset("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

# Context cues around a hex value. The nearest cue decides; unsure means redact.
_CUE_RE = re.compile(
    r"(?P<pub>public[\s_-]*key|pub[\s_-]*key|clave\s+p[uú]blica|公钥|公鑰|المفتاح\s+العام|"
    r"signature|\bsig\b|firma)"
    r"|(?P<key>private[\s_-]*key|priv[\s_-]*key|secret[\s_-]*key|\bkeys?\b|私钥|私鑰|密钥|密鑰|"
    r"秘钥|clave|llave|chave|\bcl[ée]s?\b|chiave|مفتاح|المفتاح|\bseed\b|semilla|种子|種子)"
    r"|(?P<tx>\btx(?:id|n|s|hash)?\b|tx[\s_-]?(?:id|hash)|hash|transaction|transacci[oó]n|"
    r"transa[cç][aã]o|\bblocks?\b|交易|哈希|雜湊|区块|區塊|معرف\s+المعاملة|المعاملة|معاملة|هاش|تجزئة)",
    re.IGNORECASE,
)
_CUE_BEFORE = 64
_CUE_AFTER = 40

# "private key: <token>": the words, then joiners, right before a key-looking token.
_KEY_LEAD_RE = re.compile(
    r"(?:private[\s_-]*key|priv[\s_-]*key|privkey|secret[\s_-]*key|私钥|私鑰|秘钥|"
    r"clave\s+privada|llave\s+privada|chave\s+privada|cl[ée]\s+priv[ée]e|chiave\s+privata|"
    r"المفتاح\s+الخاص|مفتاح\s+خاص|المفتاح\s+السري)"
    r"(?:\s|[:：=>\-–—]|\bis\b|\bes\b|\best\b|\bé\b|是|为|為|هو){0,8}"
    r"[\"'`“”‘’(\[<]?\Z",
    re.IGNORECASE,
)
_KEYISH_RE = re.compile(r"(?<![0-9A-Za-z+/=_-])(?:0[xX])?[0-9A-Za-z+/=_-]{20,200}")
_LONG_RUN_RE = re.compile(r"[0-9A-Za-z+/=_-]{20}")

_WIF_SHAPES = {("5", 51), ("9", 51), ("K", 52), ("L", 52), ("c", 52)}
_XPRV_VERSIONS = {
    "xprv": b"\x04\x88\xad\xe4",
    "tprv": b"\x04\x35\x83\x94",
    "yprv": b"\x04\x9d\x78\x78",
    "zprv": b"\x04\xb2\x43\x0c",
    "uprv": b"\x04\x4a\x4e\x28",
    "vprv": b"\x04\x5f\x18\xbc",
    "Yprv": b"\x02\x95\xb0\x05",
    "Zprv": b"\x02\xaa\x7a\x99",
    "Uprv": b"\x02\x42\x85\xb5",
    "Vprv": b"\x02\x57\x50\x48",
}


def _b58check(token: str) -> bytes | None:
    if not set(token) <= _B58_ALPHABET:
        return None
    try:
        return base58.b58decode_check(token)
    except ValueError:
        return None


def _mark_spans(text: str) -> list[tuple[int, int]]:
    if "[redacted: " not in text:
        return []
    return [m.span() for m in _MARK_RE.finditer(text)]


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """pos inside one of spans (sorted, disjoint)."""
    k = bisect.bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _nearest_cue(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str | None:
    best: tuple[int, str] | None = None
    lo = max(0, start - _CUE_BEFORE)
    for m in _CUE_RE.finditer(text, lo, start):
        if not _in_spans(m.start(), marks) and m.lastgroup is not None:
            best = (start - m.end(), m.lastgroup)
    for m in _CUE_RE.finditer(text, end, min(len(text), end + _CUE_AFTER)):
        if _in_spans(m.start(), marks) or m.lastgroup is None:
            continue
        dist = m.start() - end
        if best is None or dist < best[0] or (dist == best[0] and m.lastgroup == "key"):
            best = (dist, m.lastgroup)
        break
    return None if best is None else best[1]


def _hex_finding(
    text: str, start: int, end: int, digits: int, marks: list[tuple[int, int]]
) -> SecretFinding | None:
    cue = _nearest_cue(text, start, end, marks)
    if cue == "pub" or (cue == "tx" and digits == 64):
        return None
    if digits == 128:
        conf = 0.9 if cue == "key" else 0.6
        note = "128 hex characters (a BIP39 seed or 64-byte private key)"
        return SecretFinding("private_key", start, end, conf, note)
    conf = 0.95 if cue == "key" else 0.85
    why = "named as a key nearby" if cue == "key" else "no transaction-hash context"
    return SecretFinding("private_key", start, end, conf, f"64 hex characters, {why}")


def _wif_finding(token: str, start: int, end: int) -> SecretFinding | None:
    if (token[0], len(token)) not in _WIF_SHAPES:
        return None
    raw = _b58check(token)
    # version byte, 32-byte key, and 0x01 when the public key is compressed
    if raw is not None and raw[0] in (0x80, 0xEF) and (len(raw) == 33 or raw[33:] == b"\x01"):
        net = "mainnet" if raw[0] == 0x80 else "testnet"
        note = f"WIF private key ({net}), base58check valid"
        return SecretFinding("wif", start, end, 1.0, note)
    return SecretFinding("wif", start, end, 0.6, "WIF-shaped key, checksum not valid")


def _xprv_finding(token: str, start: int, end: int) -> SecretFinding | None:
    version = _XPRV_VERSIONS.get(token[:4])
    if version is None or not 100 <= len(token) <= 115:
        return None
    raw = _b58check(token)
    if raw is not None and len(raw) == 78 and raw[:4] == version:
        note = f"{token[:4]} extended private key, base58check valid"
        return SecretFinding("extended_private_key", start, end, 1.0, note)
    note = f"{token[:4]}-shaped extended private key, checksum not valid"
    return SecretFinding("extended_private_key", start, end, 0.8, note)


def _key_findings(text: str) -> Iterator[SecretFinding]:
    if not _LONG_RUN_RE.search(text):
        return
    marks = _mark_spans(text)
    for m in _LONG_ALNUM_RE.finditer(text):
        token, start, end = m.group(), m.start(), m.end()
        hex_match = _HEX_RE.fullmatch(token)
        if hex_match is not None:
            found = _hex_finding(text, start, end, len(hex_match.group(1)), marks)
        else:
            found = _xprv_finding(token, start, end) or _wif_finding(token, start, end)
        if found is not None:
            yield found
    for m in _KEYISH_RE.finditer(text):
        start = m.start()
        if not any(c.isdigit() for c in m.group()):
            continue
        lead = _KEY_LEAD_RE.search(text, max(0, start - 64), start)
        if lead is not None and not _in_spans(lead.start(), marks):
            note = "key-shaped value after the words 'private key'"
            yield SecretFinding("private_key", start, m.end(), 0.9, note)


# ---------------------------------------------------------------------------------------
# Keystore JSON
# ---------------------------------------------------------------------------------------

_CIPHERTEXT_RE = re.compile(r"[\"']ciphertext[\"']\s*:", re.IGNORECASE)
_JSON_CHARS_RE = re.compile(r'[{}"\\\n]')
_CRYPTO_RE = re.compile(r"[\"']crypto[\"']\s*:", re.IGNORECASE)
_KDF_RE = re.compile(r"[\"']kdf(?:params)?[\"']\s*:", re.IGNORECASE)
_PAIR_END_RE = re.compile(r"\s*[\"']?[0-9A-Za-z+/=]*[\"']?")


def _json_objects(text: str) -> tuple[list[tuple[int, int]], int]:
    """Outermost JSON-looking objects: closed spans, and where an unclosed one starts
    (-1 if none). A string ends at a newline, so a stray quote in prose cannot hide the
    rest of the message."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []
    json_open = 0
    in_str = False
    skip_to = -1
    for m in _JSON_CHARS_RE.finditer(text):
        i, ch = m.start(), m.group()
        if i < skip_to:
            continue
        if in_str:
            if ch == "\\":
                skip_to = i + 2
            elif ch in '"\n':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "{":
            looks_json = text[i + 1 : i + 64].lstrip()[:1] in ('"', "}")
            stack.append((i, looks_json))
            json_open += looks_json
        elif ch == "}" and stack:
            start, looks_json = stack.pop()
            json_open -= looks_json
            if looks_json and json_open == 0:
                spans.append((start, i + 1))
    unclosed = next((s for s, j in stack if j), -1)
    return spans, unclosed


def _keystore_findings(text: str) -> Iterator[SecretFinding]:
    hits = list(_CIPHERTEXT_RE.finditer(text))
    if not hits:
        return
    spans, unclosed = _json_objects(text)
    starts = [s for s, _ in spans]
    objects: dict[tuple[int, int], None] = {}  # each object judged once, in order
    for hit in hits:
        pos = hit.start()
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and spans[k][1] > pos:
            objects[spans[k]] = None
        elif 0 <= unclosed <= pos:
            objects[(unclosed, len(text))] = None
        else:
            tail = _PAIR_END_RE.match(text, hit.end())
            end = tail.end() if tail else hit.end()
            yield SecretFinding("keystore", pos, end, 0.8, "keystore ciphertext field")
    for start, end in objects:
        if _CRYPTO_RE.search(text, start, end) and _KDF_RE.search(text, start, end):
            yield SecretFinding("keystore", start, end, 1.0, "keystore JSON (crypto, kdf)")
        else:
            yield SecretFinding("keystore", start, end, 0.8, "JSON object with a ciphertext")


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------

_PRIORITY: dict[SecretKind, int] = {
    "keystore": 5,
    "extended_private_key": 4,
    "wif": 3,
    "mnemonic": 2,
    "private_key": 1,
}


def _rank(f: SecretFinding) -> tuple[bool, float, int]:
    return (f.kind == "keystore", f.confidence, _PRIORITY[f.kind])


def _merge(findings: list[SecretFinding]) -> list[SecretFinding]:
    """Non-overlapping findings covering the union of all spans; the strongest names it."""
    findings.sort(key=lambda f: (f.start, -f.end))
    merged: list[SecretFinding] = []
    for f in findings:
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            win = max(last, f, key=_rank)
            end = max(last.end, f.end)
            merged[-1] = SecretFinding(win.kind, last.start, end, win.confidence, win.note)
        else:
            merged.append(f)
    return merged


def find_secrets(text: str) -> list[SecretFinding]:
    """Every secret in text, sorted by start and non-overlapping (offsets into text)."""
    if not text:
        return []
    found: list[SecretFinding] = []
    found.extend(_keystore_findings(text))
    found.extend(_key_findings(text))
    found.extend(_phrase_findings(text))
    return _merge(found)


def redact(text: str) -> Redaction:
    """text with every finding replaced by its REDACTION_MARK."""
    findings = find_secrets(text)
    parts: list[str] = []
    pos = 0
    for f in findings:
        parts.append(text[pos : f.start])
        parts.append(REDACTION_MARK[f.kind])
        pos = f.end
    parts.append(text[pos:])
    return Redaction("".join(parts), findings)
