"""Scam-script signals in incoming customer messages (zh, en, es, ar).

The desk reads every customer message for the scripts that cost wallet users their funds
(fake support in DMs, "validate your wallet", airdrop claims, recovery services, bait
phrases, poisoned addresses, fake apps, drainer signatures). A signal raises the
conversation's risk and points the bot to the security article in ``SCAM_ARTICLE``.

Matching runs on a folded copy of the text (see ``fold_text``) so that case, accents,
Arabic hamza/diacritic variants, full-width forms, zero-width characters and Cyrillic
look-alikes do not hide a script; reported offsets always refer to the original text.
Plain support questions ("how do I back up my seed phrase?") raise nothing: every rule
needs a third party, a threat, a loss or a fee next to the wallet words.

Speed: a rule's regex runs only when the message holds, for each clause derived from that
regex, one of the clause's strings (see "prefilter" below); most messages hold the words
of no rule and cost one cached look-up per word.
"""

from __future__ import annotations

import bisect
import importlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache, reduce
from itertools import chain, product, repeat
from operator import add, or_
from typing import Any, Literal

__all__ = [
    "SCAM_ARTICLE",
    "Folded",
    "ScamKind",
    "ScamSignal",
    "compile_folded",
    "find_scam_signals",
    "fold_text",
]

ScamKind = Literal[
    "asks_for_secret",
    "wallet_validation",
    "airdrop_claim",
    "fake_support_contact",
    "recovery_service",
    "address_poisoning",
    "bait_seed",
    "fake_app",
    "signature_request",
]

SCAM_ARTICLE: dict[ScamKind, str] = {
    "asks_for_secret": "fake-support-scam",
    "fake_support_contact": "fake-support-scam",
    "wallet_validation": "phishing-check-links",
    "airdrop_claim": "approvals-revoke",
    "signature_request": "signed-message-permit",
    "recovery_service": "recovery-services-scam",
    "address_poisoning": "address-poisoning",
    "bait_seed": "shared-seed-bait",
    "fake_app": "official-download",
}

# Incoming messages longer than this are only read up to here: scripts sit near the start
# and the per-message cost must stay bounded.
MAX_SCAN_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class ScamSignal:
    kind: ScamKind
    start: int
    end: int
    confidence: float
    note: str


# --------------------------------------------------------------------------- folding

_CHAR_MAP: dict[str, str] = {
    # Arabic letter variants that writers mix freely.
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ک": "ك",
    "ی": "ي",
    "ـ": "",  # tatweel
    # Quotes and apostrophes.
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    # Cyrillic and Greek look-alikes of Latin letters.
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ο": "o",
    "α": "a",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    # A few traditional forms of the Chinese wallet words.
    "詞": "词",
    "記": "记",
    "錢": "钱",
    "鑰": "钥",
    "碼": "码",
    "幣": "币",
    "資": "资",
    "產": "产",
    "驗": "验",
    "證": "证",
    "轉": "转",
    "帳": "账",
    "賬": "账",
    "給": "给",
    "發": "发",
    "們": "们",
    "請": "请",
    "讓": "让",
    "騙": "骗",
    "門": "门",
}
_CHAR_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_CHAR_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Extended (Persian) digits


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """Fold one character to the form the patterns are written in (maybe empty)."""
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch == "\n":
        return "\n"
    if ch.isspace():
        return " "
    category = unicodedata.category(ch)
    if category in ("Cf", "Cc", "Cs", "Co", "Cn"):
        return " " if category in ("Cc", "Cs", "Co", "Cn") else ""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())
    # Drop accents, Arabic harakat and hamza marks; map look-alikes.
    return "".join(
        _CHAR_MAP.get(part, part) for part in decomposed if unicodedata.category(part) != "Mn"
    )


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded copy of a text plus the way back to the original offsets."""

    text: str
    origin: tuple[int, ...] | None  # folded index -> original index; None when 1:1
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded [start, end) span back to the original text."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            return self.original_length, self.original_length
        orig_start = self.origin[start]
        orig_end = self.origin[end - 1] + 1 if end > start else orig_start
        return orig_start, orig_end


class _FoldTable(dict[int, str]):
    """The ``str.translate`` table of ``fold_text``: code point -> folded form, filled on
    first sight (bounded), remembering the characters that do not fold to exactly one."""

    __slots__ = ()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = _fold_char(ch)
        if len(value) != 1:
            _NOT_ONE_TO_ONE.add(ch)
        if len(self) < _FOLD_TABLE_MAX:
            self[code] = value
        return value


_FOLD_TABLE_MAX = 1 << 16
_FOLD_TABLE = _FoldTable()
# Characters seen so far that fold to nothing or to several characters. Every character
# of a text passes through _FoldTable (cached or __missing__) before this set is read.
_NOT_ONE_TO_ONE: set[str] = set()
_ASCII_ONE_TO_ONE = all(len(_fold_char(chr(code))) == 1 for code in range(128))


def fold_text(text: str) -> Folded:
    """Casefold, strip accents/diacritics/zero-width marks and map look-alikes.

    Linear in the length of the text: one ``str.translate`` through a cached table; the
    offset map back to the original is built only when some character folds to zero or
    several characters.
    """
    if not isinstance(text, str):  # hostile callers: never raise on odd input
        text = str(text)
    folded = text.translate(_FOLD_TABLE)
    if _ASCII_ONE_TO_ONE and text.isascii():
        return Folded(folded, None, len(text))
    odd = _NOT_ONE_TO_ONE.intersection(text)
    if not odd:
        return Folded(folded, None, len(text))
    positions: list[int] = []
    for ch in odd:
        at = text.find(ch)
        while at >= 0:
            positions.append(at)
            at = text.find(ch, at + 1)
    positions.sort()
    origin: list[int] = []
    done = 0
    for at in positions:
        origin.extend(range(done, at))
        origin.extend(repeat(at, len(_FOLD_TABLE[ord(text[at])])))
        done = at + 1
    origin.extend(range(done, len(text)))
    return Folded(folded, tuple(origin), len(text))


def _fold_text_reference(text: str) -> Folded:
    """The plain, slow form of ``fold_text`` (tests prove the two equal)."""
    if not isinstance(text, str):
        text = str(text)
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    if all(len(v) == 1 for v in table.values()):
        return Folded(text.translate(table), None, len(text))
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        repl = table[ord(ch)]
        if repl:
            parts.append(repl)
            origin.extend([index] * len(repl))
    return Folded("".join(parts), tuple(origin), len(text))


def _fold_pattern(pattern: str) -> str:
    """Fold only the non-ASCII characters of a regex, leaving its syntax alone."""
    return "".join(ch if ord(ch) < 128 else _fold_char(ch) for ch in pattern)


_GAP_RE = re.compile(r"~(\d+)~")
_SENTENCE_STOP = r".!?。！？؟\n"


def compile_folded(pattern: str, terms: dict[str, str] | None = None) -> re.Pattern[str]:
    """Compile a pattern written in natural script against folded text.

    ``<NAME>`` expands to ``terms[NAME]`` (itself a regex) and ``~N~`` to a lazy gap of at
    most N characters that never crosses a sentence end.
    """
    for name, value in (terms or {}).items():
        pattern = pattern.replace(f"<{name}>", f"(?:{value})")
    pattern = _GAP_RE.sub(lambda m: f"[^{_SENTENCE_STOP}]{{0,{m.group(1)}}}?", pattern)
    return re.compile(_fold_pattern(pattern))


# --------------------------------------------------------------------------- vocabulary

_TERMS: dict[str, str] = {
    "SECRET_EN": (
        r"\b(?:(?:secret |seed |recovery |backup |mnemonic |wallet |12[- ]word |24[- ]word )+"
        r"(?:phrase|words?)s?|seed|mnemonic(?: phrase| words)?|private keys?|priv ?keys?"
        r"|secret keys?|keystore(?: file| json)?|(?:12|24|twelve|twenty[- ]four) words)\b"
    ),
    "WEAK_EN": (
        r"\b(?:passwords?|passcodes?|pin(?: code)?|2fa(?: code)?|verification code"
        r"|authenticator code|otp|one[- ]time code)\b"
    ),
    "SECRET_ZH": (
        r"助记词|助記詞|助记码|助忆词|种子词|种子短语|恢复短语|恢复词|私钥|密钥|秘钥|keystore"
        r"|(?:12|24|十二|二十四)个(?:单)?词"
    ),
    "WEAK_ZH": r"密码|验证码|谷歌验证|动态码",
    "SECRET_ES": (
        r"\b(?:frases? (?:semilla|secreta|de recuperación|de respaldo|mnemónica|de la billetera)"
        r"|semilla|palabras (?:semilla|secretas|de recuperación)"
        r"|(?:12|24|doce|veinticuatro) palabras|clave privada|llave privada|clave secreta"
        r"|mnemónic[oa]|keystore)\b"
    ),
    "WEAK_ES": r"\b(?:contraseña|pin|código (?:2fa|de verificación|de autenticación|sms))\b",
    "SECRET_AR": (
        r"عبار(?:ة|ت)\w*\s+(?:ال)?(?:استرداد|استرجاع|استعادة|سرية|بذر\w*|أمان|نسخ الاحتياطي)"
        r"|(?:ال)?كلمات\s+(?:ال)?(?:سرية|احتياطية|استرداد|استرجاع|استعادة|12|اثني عشر)"
        r"|(?:12|24)\s+كلم\w*|(?:ال)?مفتاح\w*\s+(?:ال)?(?:خاص|سري)|keystore"
    ),
    "WEAK_AR": (
        r"كلم(?:ة|ت)\s+(?:ال)?(?:مرور|سر)|كلمة مرورك|الرقم السري"
        r"|رمز (?:التحقق|المصادقة|pin)"
    ),
    "HUMAN": (
        r"\b(?:support|admin|agent|someone|somebody|guy|man|woman|person|he|she|they|stranger"
        r"|scammer|site|website|page|form|link|bot|moderator|team|customer service|soporte|agente"
        r"|alguien|tipo|persona|él|ella|ellos|página|sitio|enlace|administrador|estafador)\b"
        r"|客服|有人|对方|管理员|他|她|网站|链接|陌生人|骗子|工作人员|官方"
        r"|الدعم|شخص|أحدهم|موقع|رابط|مشرف|موظف|فريق|محتال"
    ),
    "PLATFORM": (
        r"telegram|tg|whatsapp|wechat|weixin|discord|twitter|\bx\b|instagram|facebook|messenger"
        r"|signal|line|github|reddit|tiktok|dms?|private messages?|email|e-mail|qq|微信|电报"
        r"|推特|脸书|tiktok|飞机|تيليجرام|تلغرام|تليجرام|تلجرام|واتساب|واتس|ويشات|ديسكورد"
        r"|تويتر|انستغرام|انستقرام|فيسبوك|ماسنجر"
    ),
    "SUPPORT_EN": (
        r"support|admin|administrator|moderator|mod|agent|customer (?:service|care)"
        r"|help ?desk|representative|staff|official|team"
    ),
    "SUPPORT_ES": (
        r"soporte|agente|administrador|admin|moderador|atención al cliente|equipo|oficial"
    ),
    "SUPPORT_AR": r"الدعم|خدمة العملاء|فريق|المشرف|مشرف|الأدمن|ادمن|مسؤول|موظف|الرسمي",
    "LOSS_EN": (
        r"lost|gone|drained|stolen|disappeared|taken|emptied|missing|swept|vanished"
        r"|transferred out|moved out"
    ),
}
_TERMS["SECRET"] = "|".join(_TERMS[k] for k in ("SECRET_EN", "SECRET_ZH", "SECRET_ES", "SECRET_AR"))
_TERMS["WEAK"] = "|".join(_TERMS[k] for k in ("WEAK_EN", "WEAK_ZH", "WEAK_ES", "WEAK_AR"))


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: ScamKind
    pattern: re.Pattern[str]
    confidence: float
    note: str
    requires: re.Pattern[str] | None = None  # must also occur in the same sentence


def _rule(
    kind: ScamKind,
    pattern: str,
    confidence: float,
    note: str,
    requires: str | None = None,
) -> _Rule:
    return _Rule(
        kind,
        compile_folded(pattern, _TERMS),
        confidence,
        note,
        compile_folded(requires, _TERMS) if requires else None,
    )


_NOTE_ASKED = "A third party asked the customer for a recovery phrase, key or password."
_NOTE_GAVE = "The customer says they already gave a secret to someone or typed it into a site."
_NOTE_SUPPORT = "Someone claiming to be support contacted the customer outside the official chat."
_NOTE_MOVE = "A script that moves the conversation to a private channel (fake support)."
_NOTE_VALID = "A 'validate / sync / rectify your wallet' phishing script."
_NOTE_AIRDROP = "An airdrop or claim page that asks to connect the wallet and sign."
_NOTE_SIGN = "A signature or approval request, the way drainers take tokens."
_NOTE_RECOVERY = "A 'recovery service' offering to get funds or a phrase back, usually for a fee."
_NOTE_POISON = "Address poisoning: a look-alike address copied from the history."
_NOTE_BAIT = "A shared or found recovery phrase with funds that need gas: a bait wallet."
_NOTE_APP = "The wallet app came from an ad, a link or another unofficial source."


def _asked(pattern: str, confidence: float) -> list[_Rule]:
    """A request for a secret: recovery phrase or key always counts; a password, PIN or
    2FA code only when a person or a site asked (the app itself asks for its PIN)."""
    return [
        _rule(
            "asks_for_secret",
            pattern.replace("<S_", "<SECRET_").replace("<S>", "<SECRET>"),
            confidence,
            _NOTE_ASKED,
        ),
        _rule(
            "asks_for_secret",
            pattern.replace("<S_", "<WEAK_").replace("<S>", "<WEAK>"),
            confidence - 0.1,
            _NOTE_ASKED,
            requires="<HUMAN>",
        ),
    ]


def _rules() -> list[_Rule]:
    r: list[_Rule] = []
    add = r.append

    # -- asks_for_secret ------------------------------------------------------------
    r.extend(
        _asked(
            r"\b(?:ask(?:s|ed|ing)?|told|tells?|wants?|wanted|request(?:s|ed|ing)?|demand(?:s|ed)?"
            r"|require[sd]?|urged?|pressur(?:ed|ing)|instructed|made|makes?|making|convinced"
            r"|tricked|got)\s+me\b(?!\s+(?:what|if|whether|about|how|why|when|where|which|who)\b)"
            r"(?!\s+to\s+(?:write|back|keep|store|save|remember|check|confirm|protect|secure|never"
            r"|not)\b)~60~<S>",
            0.9,
        )
    )
    r.extend(
        _asked(
            r"\b(?:ask(?:s|ed|ing)?|keeps? asking|request(?:s|ed|ing)?|demand(?:s|ed|ing)?"
            r"|wants?|wanted)\s+(?:for\s+)?(?:my|our)\s+(?:\w+\s+){0,2}?<S_EN>",
            0.85,
        )
    )
    add(
        _rule(
            "asks_for_secret",
            r"\b(?:i|we)\s+(?:already\s+|accidentally\s+|just\s+)?(?:gave|sent|shared|entered|typed"
            r"|pasted|submitted|put|told)\s+(?:him|her|them|it\s+)?\s*(?:my|our|the)\s+"
            r"(?:\w+\s+){0,2}?<SECRET_EN>~40~\b(?:to|into|on|in|with)\s+(?:a|an|the|this|that"
            r"|their|his|her|some)?\s*(?:\w+\s+)?(?:site|website|page|form|link|bot|dapp|guy|person"
            r"|support|agent|admin|them|him|her|someone|stranger|chat|telegram|whatsapp)",
            0.85,
            _NOTE_GAVE,
        )
    )
    r.extend(
        _asked(
            r"(?:让我|叫我|要我|要求我|请我|问我要|向我要|找我要|跟我要|管我要|问我|向我索要|向我索取"
            r"|索要|索取|要了我的?|骗走了?我的?)~15~(?:<S_ZH>)",
            0.9,
        )
    )
    add(
        _rule(
            "asks_for_secret",
            r"(?:我|已经)~4~(?:把|将)(?:我的)?~6~(?:<SECRET_ZH>)~10~(?:发给|给了|告诉|输入到|输到|填到"
            r"|填进|填了|提供给|交给|粘贴到)",
            0.85,
            _NOTE_GAVE,
        )
    )
    r.extend(
        _asked(
            r"\b(?:me|nos)\s+(?:pidi[oó]|pidieron|pide|piden|pedía|pedían|solicit[oó]|solicitaron"
            r"|exigi[oó]|exigen|exige|dijo que|dijeron que|obligó a|obligaron a)~40~<S_ES>",
            0.9,
        )
    )
    r.extend(
        _asked(
            r"\b(?:quiere|quieren|quería|querían)\s+(?:mi|mis|la|las|tu|su)\s+(?:\w+\s+){0,1}?"
            r"<S_ES>",
            0.8,
        )
    )
    add(
        _rule(
            "asks_for_secret",
            r"\b(?:le|les)?\s*(?:di|envié|mandé|compartí|escribí|puse|ingresé|introduje|pegué)\s+"
            r"(?:mi|mis|la|las)\s+<SECRET_ES>~30~\b(?:en|a)\s+(?:un|una|el|la|esa|esta|ese|su)?\s*"
            r"(?:página|sitio|web|formulario|enlace|link|bot|chat|soporte|agente|persona|tipo"
            r"|él|ella|ellos|desconocido)",
            0.85,
            _NOTE_GAVE,
        )
    )
    r.extend(
        _asked(
            r"(?:طلب|طلبوا|طلبت|يطلب|يطلبون|تطلب|سألني|سألوني|أراد|أرادوا|يريد|يريدون)\s+"
            r"(?:مني|منا|عن|مني أن|مني ان)?~40~(?:<S_AR>)",
            0.9,
        )
    )
    add(
        _rule(
            "asks_for_secret",
            r"(?:أرسلت|اعطيت|أعطيت|شاركت|كتبت|أدخلت|وضعت|لصقت)\s+(?:له|لها|لهم)\s+~20~"
            r"(?:<SECRET_AR>)",
            0.85,
            _NOTE_GAVE,
        )
    )
    add(
        _rule(
            "asks_for_secret",
            r"(?:أرسلت|اعطيت|أعطيت|شاركت|كتبت|أدخلت|وضعت|لصقت)\s+(?:<SECRET_AR>)~20~"
            r"(?:في|على|ل|إلى)\s*(?:ال)?(?:موقع|صفحة|رابط|نموذج|بوت|الدعم|شخص|دعم)",
            0.85,
            _NOTE_GAVE,
        )
    )

    # -- fake_support_contact -----------------------------------------------------------
    contact_en = (
        r"\b(?:dm'?e?d|dm|messaged|texted|contacted|reached out to|wrote to|called|added"
        r"|pinged|replied to|approached|inboxed|sent)\s+me\b"
    )
    add(
        _rule(
            "fake_support_contact",
            contact_en,
            0.85,
            _NOTE_SUPPORT,
            requires=r"\b(?:<SUPPORT_EN>)\b|\b(?:claim(?:s|ed|ing)? to be"
            r"|pretend(?:s|ed|ing)? to be|posing as|impersonat\w+|saying (?:he|she|they)"
            r"|says (?:he|she|they))\b",
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:from|of)\s+(?:the\s+|your\s+|wallet\s+|official\s+|\w+\s+){0,2}?(?:<SUPPORT_EN>)"
            r"\b~40~\b(?:on|via|through|in|over|from)\s+(?:<PLATFORM>)\b",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:<PLATFORM>)\s+(?:<SUPPORT_EN>)\b~40~\b(?:asked|told|said|wants?|sent|contacted"
            r"|messaged)\b",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:claim(?:s|ed|ing)? to be|pretend(?:s|ed|ing)? to be|posing as|impersonat\w+"
            r"|saying (?:he|she|they) (?:is|are|was|were|'s|'re)|says (?:he|she|they)"
            r"(?:'s| is| are))\s+(?:from\s+)?(?:the\s+|your\s+|wallet\s+|official\s+|a\s+){0,2}"
            r"(?:<SUPPORT_EN>)\b",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:add|message|dm|text|contact|reach)\s+(?:me|us|our\s+\w+|my\s+\w+)\s+(?:on|via|at"
            r"|through)\s+(?:<PLATFORM>)\b",
            0.75,
            _NOTE_MOVE,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:sent|gave|shared)\s+me\s+(?:a|an|the)?\s*(?:\w+\s+){0,2}?(?:live chat|support"
            r"|ticket|help ?desk|validation|verification)\s+(?:link|form|page|portal)",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"加(?:我|一下我|下我)?的?(?:<PLATFORM>|vx|v信|薇信|威信|tg|telegram|whatsapp)",
            0.8,
            _NOTE_MOVE,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:客服|管理员|官方|工作人员|技术人员|技术支持|版主|群主)~10~(?:私信|私聊|联系|加|找|打电话给"
            r"|发消息给|发信息给|发私信给|发链接给)了?我",
            0.85,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:私信|私聊|加|联系|找)了?我~12~(?:说|自称|称)~6~(?:客服|官方|管理员|工作人员)",
            0.85,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:自称|冒充|假装是?|假冒|号称)~4~(?:客服|官方|管理员|工作人员|技术支持)",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:<PLATFORM>)~6~(?:客服|管理员|官方)~10~(?:让我|要我|叫我|找我|联系我|私信我|加我)",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\bme\s+(?:escribi[oó]|escribieron|contact[oó]|contactaron|habl[oó]|hablaron|llam[oó]"
            r"|llamaron|mand[oó]|mandaron|envi[oó]|enviaron|agreg[oó]|agregaron|añadi[oó]"
            r"|respondi[oó]|respondieron|escribe|contacta)\b",
            0.85,
            _NOTE_SUPPORT,
            requires=r"\b(?:<SUPPORT_ES>)\b|\b(?:por|en|de)\s+(?:<PLATFORM>)\b",
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:dice|dijo|diciendo|afirma|afirmó|asegura|aseguró|decía)\s+(?:que\s+)?"
            r"(?:es|era|son|eran|ser)\s+(?:de(?:l)?\s+)?(?:<SUPPORT_ES>)|\b(?:se hace pasar por"
            r"|haciéndose pasar por|fingiendo ser|se hacía pasar por)",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"\b(?:agrégame|agréganos|escríbeme|escríbenos|contáctame|contáctanos|háblame)\s+"
            r"(?:por|en|al)\s+(?:<PLATFORM>)\b",
            0.75,
            _NOTE_MOVE,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:راسلني|راسلوني|تواصل معي|تواصلوا معي|اتصل بي|اتصلوا بي|كلمني|أضافني|ارسل لي رسالة"
            r"|أرسل لي رسالة|بعث لي|كتب لي|رد علي)",
            0.85,
            _NOTE_SUPPORT,
            requires=r"(?:<SUPPORT_AR>)|(?:<PLATFORM>)",
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:يدعي|ادعى|يزعم|زعم|قال إنه|قال انه|يقول إنه|يقول انه|ينتحل صفة|انتحل صفة)\s+"
            r"(?:من\s+)?(?:<SUPPORT_AR>)",
            0.8,
            _NOTE_SUPPORT,
        )
    )
    add(
        _rule(
            "fake_support_contact",
            r"(?:أضفني|اضفني|تواصل معنا|راسلنا|كلمنا|راسلني)\s+(?:على|عبر|في)\s+(?:<PLATFORM>)",
            0.75,
            _NOTE_MOVE,
        )
    )

    # -- wallet_validation --------------------------------------------------------------
    threat_en = (
        r"\b(?:will|would|is going to|are going to|gets?|to)\s+be\s+(?:permanently\s+)?"
        r"(?:closed|suspended|locked|deactivated|disabled|deleted|frozen|terminated|blocked"
        r"|restricted|lost|removed|flagged)\b|\bor\s+(?:you\s+)?(?:will\s+)?(?:lose|risk losing)\b"
    )
    valid_en = (
        r"\b(?:validat\w*|verif\w*|synchroni[sz]\w*|sync\w*|rectif\w*|migrat\w*|reactivat\w*"
        r"|activat\w*|whitelist\w*|authenticat\w*|upgrad\w*|fix)\s+(?:your\s+|my\s+|the\s+|our\s+)?"
        r"(?:\w+\s+)?(?:wallets?|accounts?|dapps?)\b"
    )
    add(_rule("wallet_validation", valid_en, 0.9, _NOTE_VALID, requires=threat_en))
    add(
        _rule(
            "wallet_validation",
            valid_en,
            0.75,
            _NOTE_VALID,
            requires=r"\b(?:e-?mails?|mail|messages?|sms|texts?|dms?|notifications?|links?|sites?"
            r"|websites?|pages?|pop-?ups?|someone|somebody|support|admin|agent|they|he|she|guy"
            r"|ads?)\b~40~\b(?:said|says|told|asked|asks|wants|telling|saying|required|requires"
            r"|requiring|claims?)\b|\b(?:got|received|get)\s+(?:an?\s+)?(?:e-?mail|message|sms"
            r"|text|dm|notification|alert)\b|\b(?:must|mandatory|required|urgent(?:ly)?|immediately"
            r"|within \d+)\b",
        )
    )
    add(
        _rule(
            "wallet_validation",
            r"\b(?:wallets?|accounts?)\s+(?:will|would|is going to)\s+be\s+(?:permanently\s+)?"
            r"(?:closed|suspended|locked|deactivated|disabled|deleted|frozen|terminated)\b",
            0.75,
            _NOTE_VALID,
            requires=r"\b(?:unless|if (?:you|i) (?:don'?t|do not)|if not|otherwise|or|must|within"
            r"|validat\w*|verif\w*|sync\w*|rectif\w*)\b",
        )
    )
    add(
        _rule(
            "wallet_validation",
            r"(?:验证|同步|修复|升级|迁移|激活|认证|核验|校验|重新激活|解冻)~4~(?:钱包|账户|账号|dapp)",
            0.9,
            _NOTE_VALID,
            requires=r"冻结|关闭|封禁|锁定|停用|注销|作废|失效|清零|删除|封号",
        )
    )
    add(
        _rule(
            "wallet_validation",
            r"(?:验证|同步|修复|升级|迁移|激活|认证|核验|校验|重新激活|解冻)~4~(?:钱包|账户|账号|dapp)",
            0.75,
            _NOTE_VALID,
            requires=r"(?:邮件|短信|网站|链接|网页|页面|客服|管理员|有人|对方|通知|私信)~10~"
            r"(?:说|让我|要我|要求|提示|通知|叫我)|必须|立即|马上|否则|不然|\d+\s*小时内",
        )
    )
    add(
        _rule(
            "wallet_validation",
            r"(?:钱包|账户|账号|资产)~6~(?:将|会|要|即将)(?:被)?(?:冻结|关闭|封禁|锁定|停用|注销)",
            0.75,
            _NOTE_VALID,
            requires=r"否则|不然|如果不|除非|请|立即|马上|小时内|天内|必须|验证|同步|升级",
        )
    )
    valid_es = (
        r"\b(?:validar|valide|valida|validen|verificar|verifique|verifica|sincronizar|sincronice"
        r"|sincroniza|rectificar|rectifique|rectifica|migrar|migre|migra|activar|active|activa"
        r"|reactivar|reactive|actualizar|actualice)\s+(?:tu|su|mi|la|el)\s+(?:billetera|cartera"
        r"|monedero|wallet|cuenta)\b"
    )
    add(
        _rule(
            "wallet_validation",
            valid_es,
            0.9,
            _NOTE_VALID,
            requires=r"\b(?:será|serán|va a ser|podría ser|quedará|será)\s+(?:\w+\s+)?(?:cerrad"
            r"|suspendid|bloquead|desactivad|eliminad|congelad|borrad)\w*|\b(?:se\s+)?(?:cerrará"
            r"|bloqueará|suspenderá|eliminará|congelará|perderás|perderá)\b",
        )
    )
    add(
        _rule(
            "wallet_validation",
            valid_es,
            0.75,
            _NOTE_VALID,
            requires=r"\b(?:correo|email|mensaje|sms|página|sitio|enlace|link|alguien|soporte"
            r"|me dijeron|me dijo|me escribieron|me pide|me piden|me pidió|obligatorio|debe|debes"
            r"|urgente|inmediatamente)\b",
        )
    )
    valid_ar = (
        r"(?:التحقق من|تحقق من|تأكيد|مزامنة|زامن|تفعيل|فعل|تصحيح|ترحيل|ترقية|تحديث|توثيق|وثق"
        r"|إعادة تفعيل)\s*(?:ال)?(?:محفظ\w*|حساب\w*)"
    )
    add(
        _rule(
            "wallet_validation",
            valid_ar,
            0.9,
            _NOTE_VALID,
            requires=r"(?:سيتم|سوف يتم|ستتم|يتم)\s+(?:إغلاق|تعليق|قفل|تجميد|حذف|إيقاف|تعطيل)"
            r"|ستغلق|ستقفل|ستجمد|ستحذف|سيغلق|سيجمد|سيحذف|ستعلق|سيعلق",
        )
    )
    add(
        _rule(
            "wallet_validation",
            valid_ar,
            0.75,
            _NOTE_VALID,
            requires=r"بريد|إيميل|ايميل|رسالة|رسائل|موقع|رابط|صفحة|شخص|أحدهم|الدعم|يجب|فورا|عاجل"
            r"|إلزامي",
        )
    )

    # -- airdrop_claim ------------------------------------------------------------------
    add(
        _rule(
            "airdrop_claim",
            r"\bair ?drops?\b",
            0.8,
            _NOTE_AIRDROP,
            requires=r"\b(?:claim\w*|eligible|free|won|win|winner|rewards?|connect\w*|sign\w*"
            r"|qualif\w*|allocation|bonus|receive|approve\w*)\b",
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"\bclaim\w*\s+(?:your\s+|my\s+|the\s+|free\s+|an?\s+)*(?:\w+\s+)?(?:tokens?|rewards?"
            r"|bonus|nfts?|usdt|allocation|prize|gift|coins?)\b",
            0.75,
            _NOTE_AIRDROP,
            requires=r"\b(?:connect\w*|sign\w*|approve\w*|free|eligible|won|winner|gift|prize)\b",
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"\bconnect\w*\s+(?:your\s+|my\s+|the\s+)?wallet\s+(?:and|to|then|,)\s+(?:\w+\s+)?"
            r"(?:sign|approve|claim|receive|get)\b",
            0.75,
            _NOTE_AIRDROP,
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"空投",
            0.8,
            _NOTE_AIRDROP,
            requires=r"领取|领|免费|中奖|资格|连接钱包|签名|授权|获得|赠送|奖励",
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"(?:连接|链接)钱包~8~(?:签名|授权|领取)|(?:免费)领取~6~(?:代币|奖励|usdt|币|nft)",
            0.75,
            _NOTE_AIRDROP,
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"\b(?:airdrop|lanzamiento aéreo)s?\b",
            0.8,
            _NOTE_AIRDROP,
            requires=r"\b(?:reclam\w*|gratis|elegible|ganaste|ganador|premio|recompensas?|conect\w*"
            r"|firm\w*|recib\w*|aprob\w*)\b",
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"\bconect\w*\s+(?:tu|su|mi|la)\s+(?:billetera|cartera|wallet|monedero)\s+(?:y|para)\s+"
            r"(?:firm\w*|aprob\w*|reclam\w*|recib\w*)",
            0.75,
            _NOTE_AIRDROP,
        )
    )
    add(
        _rule(
            "airdrop_claim",
            r"إيردروب|ايردروب|اير دروب|airdrop|الإنزال الجوي|توزيع مجاني|التوزيع المجاني"
            r"|عملات مجانية|رموز مجانية",
            0.8,
            _NOTE_AIRDROP,
            requires=r"مطالب|طالب|احصل|استلم|مجاني|مؤهل|ربحت|فزت|اربط|ربط|وقع|توقيع|جائزة|مكافأ",
        )
    )

    # -- signature_request --------------------------------------------------------------
    add(
        _rule(
            "signature_request",
            r"\b(?:ask(?:s|ed)?|told|tells?|wants?|wanted|made|got|tricked|requires?|required"
            r"|prompted)\s+me\s+(?:to\s+)?(?:sign|approve|authori[sz]e)\b",
            0.75,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"\b(?:i|we)\s+(?:only\s+|just\s+)?(?:signed|approved)\s+(?:a|an|the|some|this|that)?"
            r"\s*(?:\w+\s+)?(?:message|signature|permit|request|transaction|approval|thing)",
            0.85,
            _NOTE_SIGN,
            requires=r"\b(?:<LOSS_EN>)\b",
        )
    )
    add(
        _rule(
            "signature_request",
            r"\b(?:i|we)\s+(?:only|just)\s+(?:signed|approved)\b",
            0.7,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"\b(?:permit2?|setapprovalforall|increaseallowance|unlimited approval|eth_sign"
            r"|signtypeddata\w*|blind[- ]sign\w*)\b",
            0.8,
            _NOTE_SIGN,
            requires=r"\b(?:asked|asks|site|page|pop-?up|wants|requested|claim\w*|<LOSS_EN>)\b"
            r"|签名|授权|被盗|转走",
        )
    )
    add(
        _rule(
            "signature_request",
            r"\bsign\s+(?:this|the|a)\s+(?:message|permit|signature|request)\s+(?:to|and)\s+"
            r"(?:claim|verify|receive|unlock|validate|get|activate)\b",
            0.8,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"(?:让我|要我|叫我|要求我|提示我)~6~(?:签名|签个名|授权|签署|确认签名)",
            0.75,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"(?:签名|授权|签了|签过)~15~(?:被盗|被转走|转走|没了|不见了|清空|丢了|消失)",
            0.85,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"(?:只是|只|就)(?:签了?|点了?)~4~(?:名|签名|授权)",
            0.7,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"\bme\s+(?:pidi[oó]|pidieron|piden|pide|hizo|hicieron|dijeron|dijo)\s+(?:que\s+)?"
            r"(?:firmar|firmara|firme|aprobar|aprobara|apruebe|autorizar|autorizara)\b",
            0.75,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"\b(?:firmé|aprobé|autoricé)\s+(?:un|una|el|la)?\s*(?:mensaje|firma|permiso|permit"
            r"|transacción|aprobación)",
            0.85,
            _NOTE_SIGN,
            requires=r"\b(?:perd\w+|desaparec\w+|robaron|vaciaron|se llevaron|sin mis|ya no"
            r"|sacaron)",
        )
    )
    add(_rule("signature_request", r"\bsolo firmé\b", 0.7, _NOTE_SIGN))
    add(
        _rule(
            "signature_request",
            r"(?:طلب|طلبوا|يطلب|يطلبون)\s+مني\s+(?:\S+\s+)?(?:أن\s+)?(?:التوقيع|أوقع|الموافقة|أوافق|تأكيد)",
            0.75,
            _NOTE_SIGN,
        )
    )
    add(
        _rule(
            "signature_request",
            r"(?:وقعت|وافقت)\s+(?:على\s+)?(?:رسالة|توقيع|طلب|معاملة|إذن)",
            0.85,
            _NOTE_SIGN,
            requires=r"اختف|سرق|فقدت|ضاع|سحب|ذهب|نهب|فرغ|اختفت",
        )
    )

    # -- recovery_service ---------------------------------------------------------------
    fee_en = (
        r"\b(?:fees?|pay|paid|paying|payment|charge[sd]?|upfront|deposit|commission|percent"
        r"|cut|price|cost)\b|%"
    )
    add(
        _rule(
            "recovery_service",
            r"\b(?:recovery|recover)\s+(?:services?|compan(?:y|ies)|experts?|specialists?|agenc"
            r"(?:y|ies)|firms?|hackers?|agents?|teams?)\b|\b(?:funds?|crypto|assets?|bitcoin|scam"
            r"|money)\s+recovery\b",
            0.85,
            _NOTE_RECOVERY,
        )
    )
    add(
        _rule(
            "recovery_service",
            r"\b(?:hackers?|experts?|guy|someone|somebody|compan(?:y|ies)|services?|agenc(?:y|ies)"
            r"|specialists?|person|lawyer|investigator)\b~50~\b(?:recover|get back|retrieve|return"
            r"|trace|track)\w*~40~\b(?:funds|money|crypto|coins|usdt|btc|eth|bitcoin|tokens"
            r"|assets|it|them)\b",
            0.9,
            _NOTE_RECOVERY,
            requires=fee_en,
        )
    )
    add(
        _rule(
            "recovery_service",
            r"\b(?:recover|get back|retrieve)\w*\s+(?:my|our|the|all)\s+(?:stolen|lost|scammed"
            r"|hacked|missing)\s+(?:funds|money|crypto|coins|assets|usdt|btc|eth|bitcoin|tokens)\b",
            0.85,
            _NOTE_RECOVERY,
            requires=fee_en,
        )
    )
    add(
        _rule(
            "recovery_service",
            r"(?:追回|找回|挽回|追款|追币|追损|拿回|要回)",
            0.85,
            _NOTE_RECOVERY,
            requires=r"收费|费用|手续费|先付|定金|服务费|保证金|佣金|转给他|支付|黑客|大师|专家|公司"
            r"|团队|机构|律师|技术员",
        )
    )
    add(
        _rule(
            "recovery_service",
            r"(?:资金|资产|币)?(?:追回|挽损|追损)(?:服务|公司|团队|专家|机构)",
            0.85,
            _NOTE_RECOVERY,
        )
    )
    add(
        _rule(
            "recovery_service",
            r"\b(?:servicios?|empresas?|expertos?|agencias?|especialistas?|hackers?|equipos?)\s+de\s+"
            r"recuperación\b",
            0.85,
            _NOTE_RECOVERY,
        )
    )
    add(
        _rule(
            "recovery_service",
            r"\b(?:recuper\w*|devolver\w*)\s+(?:mis|los|tus|sus|el|mi)?\s*(?:fondos|dinero|criptos?"
            r"|criptomonedas|bitcoin|usdt|activos)\b",
            0.85,
            _NOTE_RECOVERY,
            requires=r"\b(?:comisión|tarifa|cobra\w*|pag\w*|adelantado|porcentaje|honorarios|hacker"
            r"|empresa|experto|servicio|abogado|depósito)\b|%",
        )
    )
    add(
        _rule(
            "recovery_service",
            r"(?:خدمة|خدمات|شركة|شركات|خبير|خبراء|مختص|متخصص|وكالة|هاكر|هكر|فريق)\s+(?:ل)?(?:ال)?"
            r"(?:استرداد|استرجاع|استعادة)",
            0.85,
            _NOTE_RECOVERY,
        )
    )
    add(
        _rule(
            "recovery_service",
            r"(?:استرداد|استرجاع|استعادة)\s+(?:أموالي|الأموال|أموالنا|أموالك|العملات|عملاتي|البيتكوين"
            r"|المبلغ|أموال)",
            0.85,
            _NOTE_RECOVERY,
            requires=r"رسوم|رسم|مقابل|دفع|ادفع|عمولة|نسبة|مبلغ|هاكر|شركة|خبير|خدمة|مسبق",
        )
    )

    # -- address_poisoning --------------------------------------------------------------
    add(
        _rule(
            "address_poisoning",
            r"\bcop(?:y|ied|ying|y-?pasted)\s+(?:the\s+|an\s+|my\s+|that\s+)?(?:\w+\s+)?(?:address"
            r"|it)\s+from\s+(?:my\s+|the\s+)?(?:\w+\s+)?(?:history|activity|recent|transactions"
            r"|records?|list|past transactions|explorer)",
            0.85,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"\b(?:first|last|start|end|beginning|ending)\s+(?:and\s+(?:the\s+)?(?:last|end"
            r"|ending)\s+)?(?:\w+\s+)?(?:characters|chars|letters|digits)\s+(?:are\s+|were\s+)?"
            r"(?:the\s+)?(?:same|match\w*|identical)",
            0.8,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"\b(?:look-?alike|lookalike|similar[- ]looking|fake|poisoned|spoofed)\s+address",
            0.75,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"\b(?:zero|0|tiny|small|dust|fake)[- ](?:value\s+|amount\s+|usdt\s+|token\s+)?"
            r"(?:transfers?|transactions?|tokens?|usdt)\s+(?:from|to)\s+(?:a|an|some)?\s*"
            r"(?:unknown|strange|similar|weird|random|look-?alike)",
            0.75,
            _NOTE_POISON,
        )
    )
    add(_rule("address_poisoning", r"\baddress poisoning\b", 0.85, _NOTE_POISON))
    add(
        _rule(
            "address_poisoning",
            r"(?:从|在)~6~(?:历史|记录|交易记录|转账记录|最近)~8~(?:复制|拷贝|粘贴)",
            0.85,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"地址~8~(?:前|后|开头|结尾|首尾)~6~(?:一样|相同|一模一样|都一样|一致)",
            0.8,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"(?:相似|类似|很像|仿冒|伪造|假)的?地址|地址投毒|投毒",
            0.75,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"\bcopi\w*\s+(?:la\s+)?dirección\s+(?:del|de mi|de la|de el|desde el|desde mi)\s+"
            r"(?:historial|registro|actividad|transacciones|lista)",
            0.85,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"\bdirección\s+(?:parecida|similar|casi igual|falsa|idéntica|muy parecida)"
            r"|\b(?:primeros|últimos)\s+(?:\w+\s+){0,2}(?:caracteres|dígitos|letras)\s+(?:son\s+)?(?:iguales"
            r"|coinciden)|envenenamiento de direcci",
            0.8,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"نسخت\s+(?:ال)?عنوان\s+(?:من\s+)?(?:ال)?(?:سجل|سجلات|معاملات|تاريخ|سابق)",
            0.85,
            _NOTE_POISON,
        )
    )
    add(
        _rule(
            "address_poisoning",
            r"عنوان\s+(?:مشابه|مماثل|شبيه|مزيف|يشبه)|تسميم (?:ال)?عنوان|(?:أول|آخر|بداية|نهاية)\s+"
            r"\S*\s*(?:ال)?(?:أحرف|حروف|أرقام)\s+(?:متطابقة|نفسها|مثل|متشابهة)",
            0.8,
            _NOTE_POISON,
        )
    )

    # -- bait_seed ----------------------------------------------------------------------
    funds_en = (
        r"\b(?:usdt|usdc|funds|balance|inside|worth|gas|withdraw\w*|trx|bnb|eth)\b|\$\s?\d"
        r"|\d[\d,.]*\s*(?:usdt|usd|dollars|trx|eth|bnb|btc|k)\b|can'?t (?:move|send|withdraw"
        r"|transfer)"
    )
    add(
        _rule(
            "bait_seed",
            r"\b(?:sent|gave|shared|posted|dm'?e?d|leaked|dropped|told)\s+(?:me\s+)?(?:his|her|their"
            r"|a|the|this|an)?\s*(?:own\s+)?(?:wallet'?s?\s+)?<SECRET_EN>",
            0.85,
            _NOTE_BAIT,
            requires=funds_en,
        )
    )
    add(
        _rule(
            "bait_seed",
            r"\b(?:found|got|received)\s+(?:a|an|this|the|someone'?s)\s+(?:\w+\s+)?<SECRET_EN>",
            0.8,
            _NOTE_BAIT,
            requires=funds_en,
        )
    )
    add(
        _rule(
            "bait_seed",
            r"\b(?:someone(?: else)?'s|his|her|their|a stranger'?s)\s+(?:wallet|<SECRET_EN>)\b~60~"
            r"\b(?:need|needs|pay|send|deposit|add)\s+(?:some\s+)?(?:gas|trx|bnb|eth|fees?)\b",
            0.8,
            _NOTE_BAIT,
        )
    )
    funds_zh = r"usdt|\bu\b|币|资产|余额|矿工费|手续费|gas|trx|提不出|转不出|提现|转出|提币|能量"
    add(
        _rule(
            "bait_seed",
            r"(?:有人|别人|对方|陌生人|网友|他|她|群里|某人)~6~(?:给了?我|发了?我|发给我|分享|公开|发了"
            r"|告诉我)~6~(?:助记词|私钥)",
            0.85,
            _NOTE_BAIT,
            requires=funds_zh,
        )
    )
    add(
        _rule(
            "bait_seed",
            r"(?:捡到|收到|得到|拿到)~4~(?:助记词|私钥)",
            0.8,
            _NOTE_BAIT,
            requires=funds_zh,
        )
    )
    add(
        _rule(
            "bait_seed",
            r"\b(?:alguien|un desconocido|una persona|un tipo|me)\s+(?:me\s+)?(?:envi[oó]|pas[oó]"
            r"|dio|comparti[oó]|mand[oó]|pasaron|dieron|enviaron|compartieron|mandaron)\s+"
            r"(?:una|la|su|sus|unas)?\s*<SECRET_ES>",
            0.85,
            _NOTE_BAIT,
            requires=r"\b(?:usdt|fondos|saldo|dentro|gas|comisión|retirar|trx|dólares|dinero)\b|\$",
        )
    )
    add(
        _rule(
            "bait_seed",
            r"(?:أرسل|اعطاني|أعطاني|أعطى|شارك|أرسلوا|بعث|نشر)\s+(?:لي\s+)?(?:شخص\s+|أحدهم\s+)?"
            r"\S*\s*(?:<SECRET_AR>)",
            0.85,
            _NOTE_BAIT,
            requires=r"usdt|دولار|أموال|رصيد|بداخل|فيها|رسوم الغاز|الغاز|سحب|trx|\d{3,}",
        )
    )

    # -- fake_app -----------------------------------------------------------------------
    add(
        _rule(
            "fake_app",
            r"\b(?:download\w*|install\w*|got)\s+(?:the\s+|this\s+|an?\s+|your\s+|it\s+)?(?:wallet\s+)?"
            r"(?:app|apk|application|wallet|extension|it)?\s*(?:\w+\s+){0,3}?(?:from|via|through|off"
            r"|using)\s+(?:a|an|the|this|some)?\s*(?:link|ads?|advert\w*|google ads?|sponsored"
            r"|search (?:ad|result)|telegram|whatsapp|message|dm|email|third[- ]party|unofficial"
            r"|random|apkpure|group)\b",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"\bfake\s+(?:wallet\s+)?(?:app|apk|extension|version)\b",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"(?:从|在|通过)~8~(?:广告|链接|群里|别人发的|电报|telegram|微信|搜索结果|第三方|非官方|网盘"
            r"|百度)~6~(?:下载|安装)",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"(?:假|山寨|盗版|仿冒|钓鱼)的?(?:钱包|app|应用|软件|插件)",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"\b(?:descargu\w*|instal\w*|baj\w*)\s+(?:la\s+|el\s+)?(?:app|aplicación|apk|billetera"
            r"|cartera|extensión)\s+(?:\S+\s+){0,3}?(?:de|desde|por|en)\s+(?:un|una|el|la)?\s*"
            r"(?:enlace|link|anuncio|publicidad|google|telegram|whatsapp|mensaje|correo|grupo"
            r"|sitio no oficial)",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"\b(?:app|aplicación|apk|billetera|extensión)\s+(?:falsa|falso|pirata|no oficial)",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"(?:حملت|نزلت|ثبتت|قمت بتحميل|قمت بتنزيل|قمت بتثبيت)\s+"
            r"(?:ال)?(?:تطبيق|برنامج|محفظة|apk)\S*\s+(?:\S+\s+){0,3}?(?:من|عبر)\s+(?:\S+\s+)?(?:ال)?(?:رابط|إعلان|تيليجرام|تلغرام"
            r"|واتساب|رسالة|موقع غير رسمي|جوجل)",
            0.8,
            _NOTE_APP,
        )
    )
    add(
        _rule(
            "fake_app",
            r"(?:تطبيق|برنامج|محفظة)\s+(?:مزيف|وهمي|مقلد|مزور|غير رسمي)",
            0.8,
            _NOTE_APP,
        )
    )
    return r


@lru_cache(maxsize=1)
def _compiled_rules() -> tuple[_Rule, ...]:
    return tuple(_rules())


# --------------------------------------------------------------------------- prefilter
#
# Every rule needs some words, and an ordinary message holds the words of almost no rule.
# So before the ~100 regexes run, one cheap pass finds which needed words the folded text
# holds, and only the rules whose needed words are all there run.
#
# The needed words are derived from each compiled regex (pattern and ``requires``), never
# written by hand: ``_clauses`` walks the regex parse tree and returns clauses, each a set
# of strings of which every match contains at least one. A construct it does not know adds
# no clause, so a rule it cannot read simply always runs. tests/safety/
# test_scan_prefilter.py checks the clauses on every rule and a large corpus.

_LITERALS_CAP = 64  # most strings tracked for one piece of a pattern
_BRANCH_COMBINATIONS = 16  # most clauses made from one alternation


@dataclass(frozen=True, slots=True)
class _Need:
    """What the matches of a piece of a pattern are known to contain."""

    exact: frozenset[str] | None  # every string the piece can match, when few
    clauses: tuple[frozenset[str], ...]  # each match contains a string of each clause


_NO_NEED = _Need(None, ())
_EMPTY_MATCH = _Need(frozenset({""}), ())


def _literal_cost(literal: str) -> float:
    """A rough chance that a message contains the literal: shorter is likelier."""
    return {0: 1.0, 1: 0.5, 2: 0.2, 3: 0.05, 4: 0.02}.get(len(literal), 0.01)


def _clause_cost(clause: frozenset[str]) -> float:
    return sum(_literal_cost(lit) for lit in clause)


def _minimal(strings: Iterable[str]) -> frozenset[str]:
    """The same condition with fewer strings: one that contains another is redundant."""
    kept: list[str] = []
    for s in sorted(set(strings), key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _useful(strings: frozenset[str] | set[str]) -> bool:
    return bool(strings) and "" not in strings


def _concat(left: frozenset[str] | set[str], right: frozenset[str]) -> set[str] | None:
    if len(left) * len(right) > _LITERALS_CAP:
        return None
    return {a + b for a in left for b in right}


def _best_clause(need: _Need) -> frozenset[str] | None:
    cheapest = _cheapest_clauses(need, 1)
    return cheapest[0] if cheapest else None


def _cheapest_clauses(need: _Need, count: int) -> list[frozenset[str]]:
    if need.exact is not None:
        return [_minimal(need.exact)] if _useful(need.exact) else []
    return sorted(need.clauses, key=lambda cl: (_clause_cost(cl), sorted(cl)))[:count]


def _seq_need(items: Iterable[tuple[Any, Any]], c: Any) -> _Need:
    """A sequence matches the concatenation of its items' matches."""
    clauses: list[frozenset[str]] = []
    run: set[str] = {""}  # what the current stretch of exact items can match
    whole: set[str] | None = {""}  # what the whole sequence can match, while known
    for op, av in items:
        need = _node_need(op, av, c)
        clauses.extend(need.clauses)
        if need.exact is None:
            whole = None
            if _useful(run):
                clauses.append(_minimal(run))
            run = {""}
            continue
        if whole is not None:
            whole = _concat(whole, need.exact)
        joined = _concat(run, need.exact)
        if joined is None:
            if _useful(run):
                clauses.append(_minimal(run))
            run = set(need.exact)
        else:
            run = joined
    if _useful(run):
        clauses.append(_minimal(run))
    return _Need(frozenset(whole) if whole is not None else None, tuple(set(clauses)))


def _node_need(op: Any, av: Any, c: Any) -> _Need:
    if op is c.LITERAL:
        return _Need(frozenset({chr(av)}), ())
    if op is c.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is c.LITERAL:
                chars.add(chr(item_av))
            elif item_op is c.RANGE and item_av[1] - item_av[0] < _LITERALS_CAP:
                chars.update(chr(code) for code in range(item_av[0], item_av[1] + 1))
            else:  # NEGATE, CATEGORY (\w, \s, \d ...), wide ranges
                return _NO_NEED
        return _Need(frozenset(chars), ())
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return _EMPTY_MATCH  # zero-width: adds nothing to the matched text
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.LOCALE):
            return _NO_NEED
        return _seq_need(sub, c)
    if op is c.ATOMIC_GROUP:
        return _seq_need(av, c)
    if op is c.BRANCH:
        needs = [_seq_need(branch, c) for branch in av[1]]
        exacts = [n.exact for n in needs]
        if all(e is not None for e in exacts):
            union = frozenset().union(*(e for e in exacts if e is not None))
            if len(union) <= _LITERALS_CAP:
                return _Need(union, ())
        # (a1 and a2) or (b1 and b2) = (a1 or b1) and (a1 or b2) and (a2 or b1) and ...:
        # a few of each branch's cheapest clauses, every combination one clause.
        per_branch = max(1, int(_BRANCH_COMBINATIONS ** (1 / len(needs))))
        options = [_cheapest_clauses(n, per_branch) for n in needs]
        if not all(options):
            return _NO_NEED
        return _Need(None, tuple({_minimal(chain(*combo)) for combo in product(*options)}))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = av
        need = _seq_need(sub, c)
        if need.exact is not None and high is not c.MAXREPEAT and high <= 4:
            strings: set[str] | None = {""} if low == 0 else set()
            power: set[str] | None = {""}
            for count in range(1, high + 1):
                power = _concat(power, need.exact) if power is not None else None
                if power is None or strings is None:
                    strings = None
                    break
                if count >= low:
                    strings |= power
            if strings is not None and len(strings) <= _LITERALS_CAP:
                return _Need(frozenset(strings), need.clauses if low else ())
        if low == 0:
            return _NO_NEED
        clause = _best_clause(need)
        return _Need(None, need.clauses + ((clause,) if clause is not None else ()))
    return _NO_NEED  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ...: any character(s)


@cache
def _clauses(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Clauses of strings: every match of ``pattern`` contains a string of each clause.
    Empty when the pattern cannot be read (then nothing is skipped)."""
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
        parsed = parser.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            return ()
        need = _seq_need(list(parsed), constants)
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return ()
    clauses = set(need.clauses)
    if need.exact is not None and _useful(need.exact):
        clauses.add(_minimal(need.exact))
    return tuple(sorted(clauses, key=lambda cl: (_clause_cost(cl), sorted(cl))))


def _rule_clauses(rule: _Rule) -> tuple[frozenset[str], ...]:
    """A ``requires`` pattern must match in the text too, so its clauses count as well."""
    found = _clauses(rule.pattern)
    if rule.requires is not None:
        found += _clauses(rule.requires)
    return found


def _key_clauses(clause: frozenset[str]) -> set[frozenset[str]]:
    """The clause in whitespace-free keys, which ``str.split()`` tokens can be searched for:
    whenever a literal is in a text, each of its pieces is inside one token. So any choice
    of one piece per literal is a clause; taken are the longest pieces, the first ones and
    the last ones. A literal made only of spaces leaves nothing to check."""
    pieces = [lit.split() for lit in clause]
    if not all(pieces):
        return set()
    return {
        frozenset(max(p, key=len) for p in pieces),
        frozenset(p[0] for p in pieces),
        frozenset(p[-1] for p in pieces),
    }


@dataclass(frozen=True, slots=True)
class _Plan:
    """The rules with the clause bits each needs, and an index from text to clause bits."""

    rules: tuple[tuple[_Rule, int], ...]
    clause_keys: tuple[frozenset[str], ...]  # bit i -> the keys of clause i
    by_char: dict[str, int]  # one-character key -> bits of the clauses it satisfies
    by_pair: dict[str, tuple[tuple[str, int], ...]]  # a pair of characters -> (key, bits)


@lru_cache(maxsize=1)
def _plan() -> _Plan:
    bit_of: dict[frozenset[str], int] = {}
    key_bits: dict[str, int] = {}
    rules: list[tuple[_Rule, int]] = []
    for rule in _compiled_rules():
        need = 0
        for clause in _rule_clauses(rule):
            for keys in _key_clauses(clause):
                bit = bit_of.setdefault(keys, 1 << len(bit_of))
                need |= bit
                for k in keys:
                    key_bits[k] = key_bits.get(k, 0) | bit
        rules.append((rule, need))
    by_char = {k: bits for k, bits in key_bits.items() if len(k) == 1}
    # Index each longer key under its least common pair of characters (counted over all
    # keys, a stand-in for the languages' own counts): few pairs of a text then hit.
    pair_count = Counter(p for k in key_bits for p in set(_pairs(k)))
    pairs: dict[str, list[tuple[str, int]]] = {}
    for k, bits in sorted(key_bits.items()):
        if len(k) > 1:
            rarest = min(sorted(set(_pairs(k))), key=pair_count.__getitem__)
            pairs.setdefault(rarest, []).append((k, bits))
    return _Plan(tuple(rules), tuple(bit_of), by_char, {p: tuple(v) for p, v in pairs.items()})


def _pairs(text: str) -> Iterator[str]:
    return map(add, text, text[1:])


def _token_bits(token: str) -> int:
    """Bits of the clauses satisfied by a key inside one whitespace-free token."""
    plan = _plan()
    bits = 0
    for ch in plan.by_char.keys() & set(token):
        bits |= plan.by_char[ch]
    by_pair = plan.by_pair
    for pair in by_pair.keys() & set(_pairs(token)):
        for k, k_bits in by_pair[pair]:
            if k_bits & ~bits and k in token:
                bits |= k_bits
    return bits


class _TokenBits(dict[str, int]):
    """Clause bits of one token of the original text, read in its folded form; a cache for
    the words people keep writing (bounded)."""

    __slots__ = ()

    def __missing__(self, token: str) -> int:
        bits = _token_bits(token.translate(_FOLD_TABLE))
        if len(token) <= _TOKEN_CACHE_MAX_LEN:
            if len(self) >= _TOKEN_CACHE_MAX:
                self.clear()
            self[token] = bits
        return bits


_TOKEN_CACHE_MAX = 1 << 15
_TOKEN_CACHE_MAX_LEN = 40
_TOKEN_BITS = _TokenBits()


def warm_up() -> None:
    """Compile the rules and build the prefilter now (about 0.1 s; call at server start,
    off the hot path: otherwise the first message pays for it)."""
    _plan()


def _present_bits(text: str) -> int:
    """Bits of every clause with a key in ``fold_text(text)``, read from the tokens of the
    original text: folding goes character by character and keeps whitespace whitespace,
    so each token of the folded text lies inside the fold of one original token, and so
    does each key found in it (keys hold no whitespace). A folded token that folding
    split in two may add a bit; it never loses one."""
    return reduce(or_, map(_TOKEN_BITS.__getitem__, text.split()), 0)


_SENTENCE_END_RE = re.compile(rf"[{_SENTENCE_STOP}]+")


def _sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    starts = [0]
    ends: list[int] = []
    for m in _SENTENCE_END_RE.finditer(text):
        ends.append(m.end())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def _matches(rule: _Rule, text: str, starts: list[int], ends: list[int]) -> Iterator[re.Match[str]]:
    for m in rule.pattern.finditer(text):
        if rule.requires is None:
            yield m
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        if rule.requires.search(text, starts[i], ends[i]):
            yield m


def _dedupe(signals: Iterable[ScamSignal]) -> list[ScamSignal]:
    """Keep, per kind, the strongest of overlapping signals."""
    kept: list[ScamSignal] = []
    for sig in sorted(signals, key=lambda s: (-s.confidence, s.start)):
        if any(k.kind == sig.kind and k.start < sig.end and sig.start < k.end for k in kept):
            continue
        kept.append(sig)
    kept.sort(key=lambda s: (s.start, s.kind))
    return kept


def find_scam_signals(text: str) -> list[ScamSignal]:
    """Scam-script signals in one incoming message, ordered by position."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_SCAN_CHARS]
    present = _present_bits(text)
    # Only the rules whose every clause has a string in the text can match.
    rules = [rule for rule, need in _plan().rules if present & need == need]
    if not rules:
        return []
    folded = fold_text(text)
    ftext = folded.text
    bounds: tuple[list[int], list[int]] | None = None
    found: list[ScamSignal] = []
    for rule in rules:
        matches = rule.pattern.finditer(ftext)
        if rule.requires is not None:
            if bounds is None:
                bounds = _sentence_bounds(ftext)
            matches = _matches(rule, ftext, *bounds)
        for m in matches:
            if m.end() <= m.start():
                continue
            start, end = folded.span(m.start(), m.end())
            found.append(ScamSignal(rule.kind, start, end, rule.confidence, rule.note))
            if len(found) > 200:  # hostile input repeating a script: enough evidence
                return _dedupe(found)
    return _dedupe(found)


def _find_scam_signals_reference(text: str) -> list[ScamSignal]:
    """The plain, slow form of ``find_scam_signals``: every rule on every message, with
    the plain fold (tests prove the two equal)."""
    if not isinstance(text, str) or not text:
        return []
    folded = _fold_text_reference(text[:MAX_SCAN_CHARS])
    starts, ends = _sentence_bounds(folded.text)
    found: list[ScamSignal] = []
    for rule in _compiled_rules():
        for m in _matches(rule, folded.text, starts, ends):
            if m.end() <= m.start():
                continue
            start, end = folded.span(m.start(), m.end())
            found.append(ScamSignal(rule.kind, start, end, rule.confidence, rule.note))
            if len(found) > 200:
                return _dedupe(found)
    return _dedupe(found)
