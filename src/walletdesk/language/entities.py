"""Entities a wallet user pastes: addresses, transaction hashes, links, amounts, chains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from walletdesk.chain.addresses import find_addresses
from walletdesk.safety.links import extract_links

_TX_HASH = re.compile(r"(?<![0-9a-zA-Z])(?:0x)?[0-9a-fA-F]{64}(?![0-9a-zA-Z])")
_AMOUNT = re.compile(
    r"(?<![0-9A-Za-z_.])(?P<amount>\d+(?:[.,]\d+)?)\s*"
    r"(?P<token>usdt|usdc|eth|btc|bnb|trx|sol|matic|pol|dai|u)(?![a-z0-9])",
    re.IGNORECASE,
)
_ZH_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_ZH_AMOUNT = re.compile(
    r"(?P<num>[零一二两三四五六七八九十百千万]+)\s*(?:个)?\s*(?P<token>usdt|usdc|eth|btc|bnb|trx|u)(?![a-z])",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?|an?|one|two|three|un[oa]?|dos|tres|[一二两三四五六七八九十]+)\s*"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|minutos?|horas?|d[ií]as?|semanas?|"
    r"分钟|个?小时|个?钟头|天|个?星期|周)|(?P<ar>ساعة|ساعتين|ساعات|يوم|يومين|أيام|ايام|دقيقة|دقائق)",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
}
_UNIT_MINUTES = {
    "min": 1,
    "hou": 60,
    "hr": 60,
    "day": 1440,
    "wee": 10080,
    "hor": 60,
    "dia": 1440,
    "día": 1440,
    "sem": 10080,
    "分钟": 1,
    "小时": 60,
    "钟头": 60,
    "天": 1440,
    "星期": 10080,
    "周": 10080,
}


def chinese_number(text: str) -> int | None:
    """一千 -> 1000, 两万五千 -> 25000, 五百 -> 500; None when it is not a number."""
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_UNITS:
            unit = _ZH_UNITS[char]
            if unit == 10_000:
                total += (section + digit) * unit
                section = digit = 0
            else:
                section += (digit or 1) * unit
                digit = 0
        else:
            return None
    return total + section + digit


def _duration_minutes(match: re.Match[str]) -> int | None:
    if match.group("ar"):
        word = match.group("ar")
        return {"ساعتين": 120, "يومين": 2880}.get(
            word, 60 if "ساع" in word else (1 if "دقي" in word else 1440)
        )
    raw, unit = match.group("n").lower(), match.group("unit").lower()
    number: float | None
    if raw in _WORD_NUMBERS:
        number = _WORD_NUMBERS[raw]
    elif raw[0].isdigit():
        number = float(raw.replace(",", "."))
    else:
        number = chinese_number(raw)
    if number is None:
        return None
    key = next((k for k in _UNIT_MINUTES if k in unit or unit.startswith(k)), None)
    return int(number * _UNIT_MINUTES[key]) if key else None


_CHAINS: dict[str, tuple[str, ...]] = {
    "ethereum": ("ethereum", "erc20", "erc-20", "以太坊", "eth链", "red de ethereum", "إيثيريوم"),
    "tron": ("tron", "trc20", "trc-20", "波场", "red de tron", "ترون"),
    "bsc": ("bsc", "bep20", "bep-20", "bnb chain", "bnb smart chain", "币安链", "币安智能链"),
    "polygon": ("polygon", "matic", "马蹄", "بوليغون"),
    "arbitrum": ("arbitrum",),
    "optimism": ("optimism",),
    "base": ("base chain", "base network", "red base"),
    "bitcoin": ("bitcoin", "btc", "比特币", "بيتكوين"),
    "solana": ("solana", "sol链", "سولانا"),
}


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # address | tx_hash | url | amount | chain
    value: str
    start: int
    end: int
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            **self.detail,
        }


def extract_entities(text: str) -> list[Entity]:
    """Entities from already-redacted text (a secret never reaches this function)."""
    found: list[Entity] = []
    for match in _TX_HASH.finditer(text):
        found.append(Entity("tx_hash", match.group(), match.start(), match.end(), {}))
    for start, end, report in find_addresses(text):
        found.append(
            Entity(
                "address",
                text[start:end],
                start,
                end,
                {"valid": report.valid, "chains": list(report.chains)},
            )
        )
    for span in extract_links(text):
        found.append(Entity("url", span.text, span.start, span.end, {}))
    for match in _AMOUNT.finditer(text):
        symbol = match.group("token").upper()
        found.append(
            Entity(
                "amount",
                match.group(),
                match.start(),
                match.end(),
                {
                    "amount": match.group("amount").replace(",", "."),
                    "token": "USDT" if symbol == "U" else symbol,
                },
            )
        )
    for match in _ZH_AMOUNT.finditer(text):
        value = chinese_number(match.group("num"))
        if value:
            symbol = match.group("token").upper()
            found.append(
                Entity(
                    "amount",
                    match.group(),
                    match.start(),
                    match.end(),
                    {"amount": str(value), "token": "USDT" if symbol == "U" else symbol},
                )
            )
    for match in _DURATION.finditer(text):
        minutes = _duration_minutes(match)
        if minutes:
            found.append(
                Entity("duration", match.group(), match.start(), match.end(), {"minutes": minutes})
            )
    lowered = text.casefold()
    for chain, names in _CHAINS.items():
        for name in names:
            index = lowered.find(name)
            if index >= 0:
                found.append(
                    Entity(
                        "chain",
                        text[index : index + len(name)],
                        index,
                        index + len(name),
                        {"chain": chain},
                    )
                )
                break
    found.sort(key=lambda e: e.start)
    return found
