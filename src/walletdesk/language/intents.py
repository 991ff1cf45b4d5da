"""Intent recognition, v1: explicit rules for the intents that must never be missed
(asking for a human, a greeting). Knowledge-base matches supply the rest (see bot.policy);
the trained classifier replaces this in the language issue."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HUMAN = re.compile(
    r"\b(?:human|real person|live (?:agent|person|chat)|talk to (?:an? )?(?:agent|person|someone)|"
    r"speak to (?:an? )?(?:agent|person|someone)|customer service|support agent|operator)\b|"
    r"转人工|人工客服|人工服务|真人|找客服|人工|"
    r"\b(?:humano|agente|persona real|hablar con (?:alguien|una persona|un agente)|operador)\b|"
    r"موظف|انسان|إنسان|شخص حقيقي|خدمة العملاء|التحدث مع",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|你好|您好|嗨|在吗|在不在|hola|"
    r"buen(?:os|as) (?:días|dias|tardes|noches)|مرحبا|مرحبًا|السلام عليكم|أهلا|اهلا)"
    r"[\s!！.,，。?？]*(?:there|team|support)?[\s!！.,，。?？]*$",
    re.IGNORECASE,
)


_FOLLOW_UP = re.compile(
    r"\b(?:still (?:not|doesn'?t|didn'?t|isn'?t|stuck|the same|pending|nothing)|"
    r"didn'?t (?:help|work)|"
    r"doesn'?t work|not (?:solved|fixed|working)|same (?:problem|issue)|no luck|nothing changed)\b|"
    r"还是不行|还是没|还没好|没用|没解决|不管用|不行啊|一样的问题|"
    r"\b(?:sigue (?:sin|igual|pendiente)|no (?:funcion[oó]|sirvi[oó]|me ayud[oó])|"
    r"mismo problema)\b|"
    r"ما زال|مازال|لسه|لم ينجح|ما نفع|مانفع|نفس المشكلة|ما اشتغل",
    re.IGNORECASE,
)


def is_follow_up(text: str) -> bool:
    """A short "still not working" that refers to the topic already being discussed."""
    return len(text) <= 120 and bool(_FOLLOW_UP.search(text))


@dataclass(frozen=True, slots=True)
class RuleIntent:
    intent: str
    confidence: float


def rule_intent(text: str) -> RuleIntent | None:
    if _GREETING.match(text):
        return RuleIntent("chitchat.greeting", 0.99)
    if _HUMAN.search(text) and len(text) <= 200:
        return RuleIntent("service.human", 0.95)
    return None
