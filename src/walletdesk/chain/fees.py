"""Fee arithmetic for EVM networks: replacement minimums and fee levels.

Pure: no I/O. ``walletdesk.chain.rpc`` fetches ``eth_feeHistory`` from the operator's node
and hands the numbers to :func:`advice_from_history`; the same module uses
:func:`replacement_fees` to tell a user what a speed-up or cancel must pay.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median
from typing import Final, TypedDict

GWEI: Final = 10**9

#: Minimum bump (percent) a node's pool demands on *both* fee fields before it accepts a
#: transaction with the same nonce (geth ``--txpool.pricebump`` and ganache's default).
REPLACEMENT_BUMP_PERCENT: Final = 10

#: ``eth_feeHistory`` reward percentiles behind the slow / normal / fast levels.
PERCENTILES: Final[tuple[int, int, int]] = (10, 50, 90)
HISTORY_BLOCKS: Final = 20  # how many recent blocks the advice looks at
RECENT_BLOCKS: Final = 5  # ... of which the last few decide whether it is busy right now

# Headroom on the next block's base fee: each full block can raise it by 12.5 %.
_BASE_MULTIPLIER: Final[dict[str, float]] = {"slow": 1.125, "normal": 1.5, "fast": 2.0}
_WAIT_BLOCKS: Final[dict[str, int]] = {"slow": 10, "normal": 3, "fast": 1}
_BUSY_RATIO: Final = 0.75  # recent blocks this full (target is 50 %) = congestion
_BUSY_RISE: Final = 0.25  # or the base fee rose this much over the window


@dataclass(frozen=True, slots=True)
class Network:
    """What the desk knows about a chain id used in configuration (``ethereum``...)."""

    key: str
    name: str
    coin: str
    chain_id: int | None = None
    block_seconds: float | None = None
    rollup: bool = False


NETWORKS: Final[dict[str, Network]] = {
    n.key: n
    for n in (
        Network("ethereum", "Ethereum", "ETH", 1, 12.0),
        Network("bsc", "BNB Smart Chain", "BNB", 56, 3.0),
        Network("polygon", "Polygon", "POL", 137, 2.0),
        Network("arbitrum", "Arbitrum One", "ETH", 42161, 0.25, rollup=True),
        Network("optimism", "OP Mainnet", "ETH", 10, 2.0, rollup=True),
        Network("base", "Base", "ETH", 8453, 2.0, rollup=True),
        Network("avalanche", "Avalanche C-Chain", "AVAX", 43114, 2.0),
        Network("sepolia", "Sepolia testnet", "Sepolia ETH", 11155111, 12.0),
    )
}

_CHAIN_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def normalize_chain(chain: str) -> str:
    """Lower-case chain key; ``ValueError`` for anything that is not a short identifier."""
    key = chain.strip().lower() if isinstance(chain, str) and len(chain) <= 64 else ""
    if not _CHAIN_KEY.fullmatch(key):
        raise ValueError(
            "not a chain name: use a short identifier such as 'ethereum', 'bsc' or 'polygon'"
        )
    return key


def network(chain: str) -> Network:
    """The known facts for ``chain``; unknown chains get neutral wording and no chain id."""
    key = normalize_chain(chain)
    return NETWORKS.get(key) or Network(key, key, "native coin")


# ---- formatting ---------------------------------------------------------------------------
def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_gwei(wei: int) -> str:
    """Exact gwei amount without trailing zeros: ``1500000000`` -> ``"1.5 gwei"``."""
    return f"{_trim(Decimal(wei) / GWEI)} gwei"


def format_coin(wei: int, coin: str) -> str:
    """Exact amount of the native coin: ``21000 * 10**9`` -> ``"0.000021 ETH"``."""
    return f"{_trim(Decimal(wei) / 10**18)} {coin}"


def format_seconds(seconds: float) -> str:
    if seconds < 90:
        return f"~{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"~{round(seconds / 60)} min"
    return f"~{round(seconds / 3600)} h"


def to_gwei(wei: int) -> float:
    return float(Decimal(wei) / GWEI)


# ---- replacement ------------------------------------------------------------------------
def bump(value: int, percent: int = REPLACEMENT_BUMP_PERCENT) -> int:
    """Smallest value a pool accepts in place of ``value``: +``percent`` % and strictly more.

    geth wants ``new >= old * 110 // 100`` and ``new > old``; ganache ``new >= old +
    old * 10 // 100``. Rounding the percentage up satisfies both.
    """
    return max(value + 1, -(-value * (100 + percent) // 100))


def replacement_fees(
    *, max_fee: int, priority_fee: int, base_fee: int | None, legacy: bool = False
) -> dict[str, int]:
    """Minimum fees (wei) for a speed-up or cancel that reuses the nonce.

    Both fields at least +10 % over the original, and a fee cap that also covers the
    current base fee plus the new tip (otherwise the replacement would itself wait).
    A legacy transaction's gas price counts as both its cap and its tip; for it the
    result also carries ``gasPrice`` (for a legacy replacement).
    """
    tip = bump(priority_fee)
    cap = max(bump(max_fee), tip + (base_fee or 0))
    fees = {"maxFeePerGas": cap, "maxPriorityFeePerGas": tip}
    if legacy:
        fees["gasPrice"] = max(bump(max_fee), base_fee or 0)
    return fees


# ---- fee history ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FeeHistory:
    """``eth_feeHistory`` in integers. ``base_fees`` has one more entry than ``used``: the
    last one is the base fee of the next block (the one a new transaction competes for)."""

    oldest_block: int
    base_fees: list[int]
    used: list[float]
    rewards: list[list[int]] = field(default_factory=list)

    @property
    def next_base_fee(self) -> int:
        return self.base_fees[-1]

    @property
    def newest_block(self) -> int:
        return self.oldest_block + len(self.used) - 1

    def tips(self, column: int) -> list[int]:
        """Reward at one requested percentile, from blocks that held transactions."""
        return [
            row[column]
            for row, used in zip(self.rewards, self.used, strict=False)
            if used > 0 and column < len(row)
        ]


def _int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("boolean where a number was expected")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and 2 < len(value) <= 80 and value[:2].lower() == "0x":
        return int(value, 16)
    raise ValueError(f"not a hex quantity: {str(value)[:40]!r}")


def _ratio(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("gasUsedRatio is not a number")
    ratio = float(value)
    if not math.isfinite(ratio):
        raise ValueError("gasUsedRatio is not finite")
    return min(max(ratio, 0.0), 1.0)


def parse_fee_history(raw: object) -> FeeHistory:
    """Validate a node's ``eth_feeHistory`` result; ``ValueError`` when it is malformed."""
    if not isinstance(raw, dict):
        raise ValueError("fee history is not an object")
    base = raw.get("baseFeePerGas")
    used = raw.get("gasUsedRatio")
    rewards = raw.get("reward") or []
    if not isinstance(base, list) or not isinstance(used, list) or not isinstance(rewards, list):
        raise ValueError("fee history lacks baseFeePerGas / gasUsedRatio")
    if not used or len(base) != len(used) + 1:
        raise ValueError("fee history has inconsistent lengths")
    return FeeHistory(
        oldest_block=_int(raw.get("oldestBlock", "0x0")),
        base_fees=[_int(v) for v in base],
        used=[_ratio(v) for v in used],
        rewards=[[_int(v) for v in row] if isinstance(row, list) else [] for row in rewards],
    )


# ---- advice -----------------------------------------------------------------------------
class FeeLevel(TypedDict):
    max_fee_gwei: float
    priority_fee_gwei: float
    expected_wait: str
    max_fee_wei: int
    priority_fee_wei: int


@dataclass(frozen=True, slots=True)
class FeeAdvice:
    """Fee levels for a new transaction and a plain explanation of the current fees.

    ``levels`` has ``slow``, ``normal`` and ``fast``; ``max_fee`` is the cap to set in a
    wallet (only base fee + tip is actually charged), ``priority_fee`` the tip.
    """

    chain: str
    base_fee_gwei: float | None  # next block's; None when the node reports no fee history
    levels: dict[str, FeeLevel]
    busy: bool
    explanation: str
    block_number: int | None = None
    recent_block_fullness: float | None = None  # 0..1, last few blocks
    base_fee_change_percent: float | None = None  # over the window looked at

    def to_dict(self) -> dict[str, object]:
        return {
            "chain": self.chain,
            "base_fee_gwei": self.base_fee_gwei,
            "levels": {name: dict(level) for name, level in self.levels.items()},
            "busy": self.busy,
            "explanation": self.explanation,
            "block_number": self.block_number,
            "recent_block_fullness": self.recent_block_fullness,
            "base_fee_change_percent": self.base_fee_change_percent,
        }


def _wait(level: str, block_seconds: float | None) -> str:
    blocks = _WAIT_BLOCKS[level]
    when = "the next block" if level == "fast" else f"{blocks} blocks"
    if block_seconds:
        when += f" ({format_seconds(blocks * block_seconds)})"
    if level == "fast":
        return f"usually {when}"
    if level == "normal":
        return f"usually within {when}"
    return f"often within {when}, longer if the network gets busier"


def _tip_levels(history: FeeHistory, fallback_tip: int) -> list[int]:
    tips = []
    for column in range(len(PERCENTILES)):
        seen = history.tips(column)
        tips.append(int(median(seen)) if seen else fallback_tip)
    if not any(history.tips(0)):  # no recent transactions: give fast a little extra
        tips[2] = max(tips[2], bump(fallback_tip, 50) if fallback_tip else 0)
    for i in (1, 2):  # never let a faster level tip less than a slower one
        tips[i] = max(tips[i], tips[i - 1])
    return tips


def _levels(
    history: FeeHistory, fallback_tip: int, block_seconds: float | None
) -> dict[str, FeeLevel]:
    base = history.next_base_fee
    levels: dict[str, FeeLevel] = {}
    floor = 0
    for name, tip in zip(
        ("slow", "normal", "fast"), _tip_levels(history, fallback_tip), strict=True
    ):
        cap = max(math.ceil(base * _BASE_MULTIPLIER[name]) + tip, floor)
        floor = cap
        levels[name] = FeeLevel(
            max_fee_gwei=to_gwei(cap),
            priority_fee_gwei=to_gwei(tip),
            expected_wait=_wait(name, block_seconds),
            max_fee_wei=cap,
            priority_fee_wei=tip,
        )
    return levels


def _explain(net: Network, history: FeeHistory, fullness: float, change: float, busy: bool) -> str:
    base = history.next_base_fee
    window = len(history.used)
    trend = (
        f"{'up' if change >= 0 else 'down'} {abs(change) * 100:.0f}% over the last {window} blocks"
    )
    parts: list[str]
    if base == 0:
        parts = [
            f"{net.name} currently charges no base fee: the fee is gas used × gas price, and "
            "the price is what validators accept."
        ]
    elif busy:
        parts = [
            f"Fees on {net.name} are high right now: the last blocks were {fullness * 100:.0f}% "
            f"full on average (the network aims for 50%), so the base fee went {trend} to "
            f"{format_gwei(base)}. That happens when many people transact at once (a popular "
            "token launch or mint, sharp market moves). It usually eases within minutes to "
            "hours: if the transfer is not urgent, use the slow level or send it later."
        ]
    else:
        parts = [
            f"{net.name} is calm: the last blocks were {fullness * 100:.0f}% full on average "
            f"and the base fee is {format_gwei(base)} ({trend}). The normal level should "
            "confirm within a few blocks."
        ]
    tips = history.tips(1)
    if busy and tips and median(tips) > base:
        parts.append(
            "Tips are high as well: senders are paying validators extra to be included first."
        )
    if base:
        parts.append(
            "How the fee works: gas used × (base fee + tip). The network sets the base fee from "
            "how full recent blocks are (up to 12.5% more after each block that is more than "
            "half full, less after emptier ones); no wallet or support team sets it or receives it."
        )
    parts.append(
        "A token transfer or a swap uses more gas than a plain transfer, so it costs more at "
        f"the same price, and the fee is always paid in {net.coin}."
    )
    if net.rollup:
        parts.append(
            f"On {net.name} the fee also includes a share of the cost of posting the "
            "transaction's data to Ethereum."
        )
    return " ".join(parts)


def advice_from_history(
    chain: str,
    history: FeeHistory,
    *,
    fallback_tip: int = 0,
    block_seconds: float | None = None,
) -> FeeAdvice:
    """Fee levels and explanation from a fee history (at most ``HISTORY_BLOCKS`` used).

    ``fallback_tip`` is used when recent blocks held no transactions (the node's
    ``eth_maxPriorityFeePerGas``); ``block_seconds`` turns block counts into times.
    """
    net = network(chain)
    recent = history.used[-RECENT_BLOCKS:]
    fullness = sum(recent) / len(recent)
    first = history.base_fees[0]
    change = (history.next_base_fee - first) / first if first else 0.0
    busy = history.next_base_fee > 0 and (fullness > _BUSY_RATIO or change > _BUSY_RISE)
    seconds = block_seconds or net.block_seconds
    return FeeAdvice(
        chain=net.key,
        base_fee_gwei=to_gwei(history.next_base_fee),
        levels=_levels(history, fallback_tip, seconds),
        busy=busy,
        explanation=_explain(net, history, fullness, change, busy),
        block_number=history.newest_block,
        recent_block_fullness=round(fullness, 4),
        base_fee_change_percent=round(change * 100, 2),
    )


def advice_from_gas_price(chain: str, gas_price: int) -> FeeAdvice:
    """Fallback for nodes without ``eth_feeHistory``: levels around the node's gas price."""
    net = network(chain)
    levels: dict[str, FeeLevel] = {}
    for name, percent in (("slow", 0), ("normal", 10), ("fast", 25)):
        price = gas_price + gas_price * percent // 100
        levels[name] = FeeLevel(
            max_fee_gwei=to_gwei(price),
            priority_fee_gwei=to_gwei(price),
            expected_wait=_wait(name, net.block_seconds),
            max_fee_wei=price,
            priority_fee_wei=price,
        )
    explanation = (
        f"This {net.name} node does not report recent fee history, so these levels are built "
        f"from its current gas price suggestion ({format_gwei(gas_price)}) only. The fee is "
        f"gas used × gas price, paid in {net.coin}."
    )
    return FeeAdvice(net.key, None, levels, False, explanation)
