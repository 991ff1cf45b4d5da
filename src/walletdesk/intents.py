"""The canonical intent ids (DESIGN.md): they always exist and mean exactly this."""

from __future__ import annotations

CANONICAL_INTENTS: tuple[str, ...] = (
    "wallet.create",
    "wallet.import",
    "wallet.backup",
    "wallet.phrase_lost",
    "wallet.password_forgot",
    "transfer.how_to_send",
    "transfer.how_to_receive",
    "transfer.pending",
    "transfer.failed",
    "transfer.wrong_network",
    "transfer.wrong_address",
    "transfer.not_received",
    "fees.gas",
    "assets.token_missing",
    "assets.balance_wrong",
    "assets.nft",
    "assets.price",
    "security.compromised",
    "security.phishing_check",
    "security.scam_report",
    "security.approvals",
    "security.tips",
    "security.official_download",
    "dapp.connect",
    "swap.trade",
    "staking",
    "hardware.wallet",
    "chain.support",
    "app.issue",
    "service.human",
    "service.feedback",
    "service.hours",
    "chitchat.greeting",
    "out_of_scope",
)

LANGUAGES: tuple[str, ...] = ("en", "zh", "es", "ar")
