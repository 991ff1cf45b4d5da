"""WalletDesk: a self-hosted, security-first support desk for crypto-wallet operators."""

__version__ = "0.1.0"
