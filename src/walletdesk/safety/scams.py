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
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

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


def fold_text(text: str) -> Folded:
    """Casefold, strip accents/diacritics/zero-width marks and map look-alikes.

    Linear in the length of the text; the per-character table is cached.
    """
    if not isinstance(text, str):  # hostile callers: never raise on odd input
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
    folded = fold_text(text[:MAX_SCAN_CHARS])
    starts, ends = _sentence_bounds(folded.text)
    found: list[ScamSignal] = []
    for rule in _compiled_rules():
        for m in _matches(rule, folded.text, starts, ends):
            if m.end() <= m.start():
                continue
            start, end = folded.span(m.start(), m.end())
            found.append(ScamSignal(rule.kind, start, end, rule.confidence, rule.note))
            if len(found) > 200:  # hostile input repeating a script: enough evidence
                return _dedupe(found)
    return _dedupe(found)
