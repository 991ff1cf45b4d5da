"""Entities a wallet user pastes: addresses, transaction hashes, links, amounts, chains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from walletdesk.chain.addresses import find_addresses
from walletdesk.safety.links import extract_links

_TX_HASH = re.compile(r"(?<![0-9a-zA-Z])(?:0x)?[0-9a-fA-F]{64}(?![0-9a-zA-Z])")
_AMOUNT = re.compile(
    r"(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<token>usdt|usdc|eth|btc|bnb|trx|sol|matic|pol|dai|u)\b",
    re.IGNORECASE,
)
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
