"""Emotion (calm / confused / anxious / angry) and urgency signals in zh/en/es/ar.

A transparent lexicon: it feeds handoff priority, so an agent must be able to see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LEXICON: dict[str, tuple[str, ...]] = {
    "angry": (
        "scam",
        "scammers",
        "ridiculous",
        "useless",
        "terrible",
        "worst",
        "wtf",
        "angry",
        "fraud",
        "liars",
        "垃圾",
        "骗子",
        "气死",
        "太差",
        "什么破",
        "坑人",
        "投诉",
        "estafa",
        "estafadores",
        "basura",
        "inútil",
        "harto",
        "vergüenza",
        "indignado",
        "نصب",
        "احتيال",
        "سيء",
        "غاضب",
        "مهزلة",
        "زفت",
    ),
    "anxious": (
        "help",
        "urgent",
        "asap",
        "please",
        "worried",
        "scared",
        "panic",
        "emergency",
        "hurry",
        "急",
        "着急",
        "求助",
        "救命",
        "怎么办",
        "担心",
        "害怕",
        "快点",
        "紧急",
        "urgente",
        "ayuda",
        "preocupado",
        "preocupada",
        "miedo",
        "rápido",
        "auxilio",
        "عاجل",
        "مساعدة",
        "ساعدوني",
        "قلق",
        "خائف",
        "بسرعة",
        "ارجوكم",
        "أرجوكم",
    ),
    "confused": (
        "confused",
        "don't understand",
        "dont understand",
        "what does",
        "not sure",
        "no idea",
        "i don't get",
        "?? ",
        "不懂",
        "不明白",
        "搞不懂",
        "看不懂",
        "什么意思",
        "不知道",
        "no entiendo",
        "confundido",
        "confundida",
        "qué significa",
        "no sé",
        "لا أفهم",
        "مش فاهم",
        "ماذا يعني",
        "محتار",
        "لا اعرف",
        "لا أعرف",
    ),
}

_URGENCY: dict[str, tuple[str, ...]] = {
    "funds_at_risk": (
        "stolen",
        "hacked",
        "drained",
        "compromised",
        "someone took",
        "lost all",
        "sweep",
        "is gone",
        "are gone",
        "all gone",
        "被转走",
        "被盗",
        "被偷",
        "盗了",
        "被黑",
        "清空",
        "转走了",
        "资产没了",
        "robado",
        "robaron",
        "hackeado",
        "vaciaron",
        "comprometida",
        "سرقة",
        "سرقت",
        "سُرقت",
        "اختراق",
        "مخترق",
        "تم سحب",
    ),
    "time_pressure": (
        "urgent",
        "asap",
        "right now",
        "immediately",
        "急",
        "紧急",
        "马上",
        "立刻",
        "urgente",
        "ya mismo",
        "ahora mismo",
        "عاجل",
        "فورا",
        "فورًا",
        "حالا",
    ),
}

_LARGE_AMOUNT = re.compile(
    r"(?:\b\d{1,3}(?:[,.\s]\d{3})+|\b\d{4,})(?:\.\d+)?\s*(?:usdt|usdc|usd|\$|dollars?|dólares|"
    r"دولار|美元|u\b|刀)|(?:\d+(?:\.\d+)?)\s*(?:万|k\b|mil\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Emotion:
    label: str  # calm | confused | anxious | angry
    urgency: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "urgency": list(self.urgency)}


def _hits(text: str, words: tuple[str, ...]) -> int:
    return sum(1 for w in words if w in text)


def read_emotion(text: str) -> Emotion:
    lowered = text.casefold()
    scores = {label: _hits(lowered, words) for label, words in _LEXICON.items()}
    exclaims = text.count("!") + text.count("！")
    scores["angry"] += 1 if exclaims >= 3 else 0
    letters = [c for c in text if c.isalpha() and c.isascii()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        scores["angry"] += 1
    urgency = [name for name, words in _URGENCY.items() if _hits(lowered, words)]
    if _LARGE_AMOUNT.search(lowered):
        urgency.append("large_amount")
    if "funds_at_risk" in urgency:
        scores["anxious"] += 1
    best = max(scores, key=lambda k: scores[k])
    label = best if scores[best] > 0 else "calm"
    return Emotion(label=label, urgency=urgency)
