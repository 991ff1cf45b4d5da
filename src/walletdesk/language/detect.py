"""Language detection limited to the desk's languages (zh, en, es, ar).

Script decides Chinese and Arabic; Spanish versus English is decided by Spanish-only
characters and function words. Addresses, hashes and token names (Latin letters and
digits) do not outvote the script of the sentence around them.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_WORD = re.compile(r"[a-zA-ZÀ-ÿñÑ]+")
_NOISE = re.compile(
    r"\b(?:0x[0-9a-fA-F]+|T[1-9A-HJ-NP-Za-km-z]{20,}|[13bc][a-zA-HJ-NP-Z0-9]{20,})\b"
)
_ES_CHARS = re.compile(r"[ñáéíóúü¿¡]", re.IGNORECASE)
_ES_WORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "una",
        "unos",
        "unas",
        "y",
        "pero",
        "de",
        "del",
        "al",
        "en",
        "por",
        "para",
        "con",
        "sin",
        "es",
        "son",
        "está",
        "están",
        "estoy",
        "mi",
        "mis",
        "tu",
        "su",
        "sus",
        "yo",
        "que",
        "qué",
        "cómo",
        "como",
        "cuál",
        "cuando",
        "donde",
        "dónde",
        "porque",
        "muy",
        "ya",
        "no",
        "sí",
        "hola",
        "ayuda",
        "puedo",
        "puede",
        "tengo",
        "hice",
        "envié",
        "recibí",
        "billetera",
        "cartera",
        "monedero",
        "frase",
        "semilla",
        "dinero",
        "fondos",
        "dirección",
        "transacción",
        "comisión",
        "olvidé",
        "contraseña",
        "cuenta",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "from",
        "with",
        "is",
        "are",
        "was",
        "were",
        "my",
        "your",
        "i",
        "you",
        "it",
        "this",
        "that",
        "what",
        "how",
        "why",
        "when",
        "where",
        "can",
        "could",
        "should",
        "do",
        "does",
        "did",
        "not",
        "have",
        "has",
        "had",
        "please",
        "help",
        "hi",
        "hello",
        "wallet",
        "phrase",
        "seed",
        "money",
        "funds",
        "address",
        "transaction",
        "fee",
        "forgot",
        "password",
        "account",
    ]
)

SUPPORTED = ("zh", "en", "es", "ar")


def detect_language(text: str, default: str = "en") -> str:
    """Best guess among zh/en/es/ar; ``default`` when the text carries no signal."""
    cleaned = _NOISE.sub(" ", text)
    han = len(_HAN.findall(cleaned))
    arabic = len(_ARABIC.findall(cleaned))
    words = [w.lower() for w in _WORD.findall(cleaned)]
    if han and han * 2 >= arabic and han >= 1 and (han >= 2 or not words):
        return "zh"
    if arabic >= 2:
        return "ar"
    if not words:
        return "zh" if han else default
    es = sum(w in _ES_WORDS for w in words) + 2 * len(_ES_CHARS.findall(cleaned))
    en = sum(w in _EN_WORDS for w in words)
    if es > en:
        return "es"
    if en > es:
        return "en"
    return default if default in ("en", "es") else "en"
