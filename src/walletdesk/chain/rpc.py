"""Transaction diagnosis and fee advice through the operator's EVM JSON-RPC nodes.

The only module of ``walletdesk.chain`` that does network I/O, and only to the endpoint(s)
the operator configured (``endpoints_from_config``), each call with a short timeout.

What a node can and cannot tell, and how it maps to a :class:`TxDiagnosis` status:

* receipt present -> ``success`` or ``failed`` (out of gas vs. reverted, with the
  contract's reason when a replay with ``eth_call`` gives one) and confirmations;
* known by hash but not mined -> ``pending``, or ``stuck`` when it cannot be included as
  it is (an earlier nonce is missing or pending, its fee cap is below the base fee, or the
  account cannot pay for it), or ``replaced`` when the account's nonce already moved past it;
* unknown hash -> ``not_found``: a node cannot tell "dropped" from "never existed".
  When the caller knows the sender and nonce, the account's nonce settles it:
  still unused -> ``dropped``; used by another transaction -> ``replaced`` (and the
  replacement is looked up in recent blocks).

Timeouts and node errors become ``node_error`` with a plain sentence, never a guess
about the transaction. No message ever contains the endpoint URL (it often embeds an
API key). Text that comes from the chain (revert reasons) is untrusted: it is cleaned
and shortened here, and like any outgoing text it still passes the desk's guard.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import re
import ssl
import unicodedata
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Final, Literal, Self
from urllib.parse import urlsplit

import httpx

from walletdesk.chain.fees import (
    HISTORY_BLOCKS,
    PERCENTILES,
    FeeAdvice,
    FeeHistory,
    Network,
    advice_from_gas_price,
    advice_from_history,
    format_coin,
    format_gwei,
    network,
    normalize_chain,
    parse_fee_history,
    replacement_fees,
)
from walletdesk.chain.fees import _int as _hex_int

__all__ = [
    "FeeAdvice",
    "RpcClient",
    "RpcError",
    "RpcTimeout",
    "TxDiagnosis",
    "TxStatus",
    "diagnose_tx",
    "diagnose_with_endpoints",
    "endpoints_from_config",
    "fee_advice",
    "normalize_tx_hash",
    "not_configured",
]

TxStatus = Literal[
    "not_found",
    "pending",
    "stuck",
    "dropped",
    "replaced",
    "success",
    "failed",
    "node_error",
    "not_configured",
]

MAX_RESPONSE_BYTES: Final = 16 * 1024 * 1024  # a full block with transactions fits easily
SEARCH_BLOCKS: Final = 4096  # how far back a replacement is looked for (~13 calls)
MAX_REASON_CHARS: Final = 200  # revert reasons and node messages are cut here
PLAIN_TRANSFER_GAS: Final = 21_000

_HASH = re.compile(r"(?:0x)?([0-9a-f]{64})")
_ADDRESS = re.compile(r"0x[0-9a-f]{40}")
_ERROR_SELECTOR: Final = "08c379a0"  # Error(string)
_PANIC_SELECTOR: Final = "4e487b71"  # Panic(uint256)
_TRANSFER_TOPIC: Final = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
_METHOD_NOT_FOUND: Final = -32601
_PANIC_CODES: Final[dict[int, str]] = {
    0x00: "generic compiler panic",
    0x01: "assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "invalid enum value",
    0x22: "corrupt storage byte array",
    0x31: "pop on an empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory",
    0x51: "call to an uninitialised function",
}
_CONNECT_ERRORS = (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError)

Json = dict[str, Any]


# ---- errors and the client --------------------------------------------------------------
class RpcError(Exception):
    """The node gave no usable answer. ``str()`` is a plain sentence without the URL."""

    def __init__(self, message: str, *, code: int | None = None, data: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.data = data

    @property
    def unsupported(self) -> bool:
        """The node does not offer the method (some nodes lack ``eth_feeHistory``)."""
        text = self.message.lower()
        return (
            self.code == _METHOD_NOT_FOUND
            or "method not found" in text
            or ("does not exist" in text and "method" in text)
        )


class RpcTimeout(RpcError):
    """The node did not answer within the client's timeout."""


def _clean(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """Printable single line, bidi/control characters removed, at most ``limit`` chars."""
    kept = []
    for ch in text[: limit * 4]:
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch)[0] != "C":
            kept.append(ch)
    line = " ".join("".join(kept).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _check_url(url: object) -> str:
    """An http(s) URL with a host; the error never repeats the URL (it may hold a key)."""
    if not isinstance(url, str) or not 0 < len(url) <= 2048 or any(c.isspace() for c in url):
        raise ValueError("RPC endpoint must be an http(s) URL without spaces")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise ValueError("RPC endpoint is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError("RPC endpoint must start with http:// or https:// and name a host")
    return url


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verification context, built once: loading the CA bundle costs
    ~0.1 s, which would otherwise be paid by every client (i.e. every diagnosis)."""
    return httpx.create_ssl_context()


class RpcClient:
    """One JSON-RPC endpoint. Every call is bounded by ``timeout`` seconds in total.

    Pass ``client`` to share an ``httpx.AsyncClient`` (it is then not closed here);
    otherwise use ``async with RpcClient(url) as rpc`` or call :meth:`aclose`.
    """

    def __init__(
        self, url: str, timeout: float = 5.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self.url = _check_url(url)
        if not 0 < timeout <= 120:
            raise ValueError("RPC timeout must be between 0 and 120 seconds")
        self.timeout = timeout
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout, verify=_tls_context())
        self._ids = itertools.count(1)

    def __repr__(self) -> str:  # the path or query may carry an API key
        return f"RpcClient(host={urlsplit(self.url).hostname!r}, timeout={self.timeout:g})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def call(self, method: str, params: list[object]) -> object:
        """The ``result`` of one call; :class:`RpcError` / :class:`RpcTimeout` otherwise."""
        payload = {"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": params}
        try:
            async with asyncio.timeout(self.timeout):
                status, body = await self._post(payload)
        except (TimeoutError, httpx.TimeoutException):
            raise RpcTimeout(f"the node did not answer within {self.timeout:g} s") from None
        except _CONNECT_ERRORS:
            raise RpcError(
                "the node could not be reached (connection refused, reset or host unreachable)"
            ) from None
        except httpx.HTTPError as exc:
            raise RpcError(f"the node could not be reached ({type(exc).__name__})") from None
        return _result(status, body)

    async def _post(self, payload: Json) -> tuple[int, bytes]:
        async with self._client.stream(
            "POST", self.url, json=payload, timeout=self.timeout
        ) as response:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise RpcError("the node's answer was too large to be a JSON-RPC reply")
                chunks.append(chunk)
            return response.status_code, b"".join(chunks)


def _http_problem(status: int) -> str:
    if status == 429:
        return "the node is rate-limiting requests (HTTP 429)"
    if status in (401, 403):
        return f"the node refused the request (HTTP {status}): the endpoint's API key may be wrong"
    return f"the node answered with HTTP {status} instead of a JSON-RPC reply"


def _result(status: int, body: bytes) -> object:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        doc = None
    if not isinstance(doc, dict) or ("result" not in doc and "error" not in doc):
        if not 200 <= status < 300:
            raise RpcError(_http_problem(status))
        raise RpcError("the node's answer is not a JSON-RPC reply")
    error = doc.get("error")
    if error is not None:
        err = error if isinstance(error, dict) else {"message": str(error)}
        code = err.get("code")
        message = _clean(str(err.get("message") or "no message"))
        raise RpcError(
            f"the node returned an error: {message}",
            code=code if isinstance(code, int) and not isinstance(code, bool) else None,
            data=err.get("data"),
        )
    if not 200 <= status < 300:
        raise RpcError(_http_problem(status))
    return doc["result"]


async def _all(*calls: Awaitable[object]) -> list[object]:
    """Run calls concurrently; wait for all, then raise the first failure if any."""
    results = await asyncio.gather(*calls, return_exceptions=True)
    for item in results:
        if isinstance(item, BaseException):
            raise item
    return list(results)


async def _account_and_market(
    client: RpcClient, sender: str
) -> tuple[tuple[int, int, int], _Market]:
    """(latest nonce, pending nonce, balance) of ``sender`` and the fee market, concurrently."""
    state, market = await asyncio.gather(
        _all(
            client.call("eth_getTransactionCount", [sender, "latest"]),
            client.call("eth_getTransactionCount", [sender, "pending"]),
            client.call("eth_getBalance", [sender, "latest"]),
        ),
        _market(client),
        return_exceptions=True,
    )
    if isinstance(state, BaseException):
        raise state
    if isinstance(market, BaseException):
        raise market
    latest, pending, balance = (_hex_or_error(v, "account state") for v in state)
    return (latest, pending, balance), market


# ---- configuration -------------------------------------------------------------------------
def endpoints_from_config(value: str) -> dict[str, str]:
    """``"ethereum=https://...,bsc=https://..."`` -> ``{"ethereum": ..., "bsc": ...}``.

    Entries are separated by commas or new lines; an empty value means no endpoints.
    ``ValueError`` names the bad entry by position, never by its URL.
    """
    if not isinstance(value, str):
        raise ValueError("RPC endpoints must be text: chain=URL, separated by commas")
    endpoints: dict[str, str] = {}
    entries = [e.strip() for e in re.split(r"[,\n]", value)]
    for position, entry in enumerate((e for e in entries if e), start=1):
        chain, sep, url = entry.partition("=")
        if not sep:
            raise ValueError(
                f"RPC endpoint entry {position}: expected chain=URL "
                "(for example ethereum=https://node.example/)"
            )
        try:
            key = normalize_chain(chain)
            _check_url(url.strip())
        except ValueError as exc:
            raise ValueError(f"RPC endpoint entry {position}: {exc}") from None
        if key in endpoints:
            raise ValueError(f"RPC endpoint entry {position}: {key} is configured twice")
        endpoints[key] = url.strip()
    return endpoints


# ---- input -----------------------------------------------------------------------------
def normalize_tx_hash(value: str) -> str:
    """``0x`` + 64 lower-case hex digits; the ``0x`` may be missing. ``ValueError`` otherwise."""
    text = value.strip().lower() if isinstance(value, str) and len(value) <= 200 else ""
    match = _HASH.fullmatch(text)
    if not match:
        raise ValueError(
            "not a transaction hash: expected 0x followed by 64 hexadecimal characters"
        )
    return "0x" + match.group(1)


def _normalize_address(value: str) -> str:
    text = value.strip().lower() if isinstance(value, str) and len(value) <= 100 else ""
    if not _ADDRESS.fullmatch(text):
        raise ValueError("known_sender is not an EVM address (0x followed by 40 hex characters)")
    return text


# ---- node data -------------------------------------------------------------------------
def _qty(raw: Json, key: str, what: str) -> int:
    try:
        return _hex_int(raw.get(key))
    except ValueError:
        raise RpcError(f"the node returned a malformed {what} ({key})") from None


def _opt_qty(raw: Json, key: str, what: str) -> int | None:
    return None if raw.get(key) is None else _qty(raw, key, what)


def _obj(raw: object, what: str) -> Json:
    if not isinstance(raw, dict):
        raise RpcError(f"the node returned a malformed {what}")
    return raw


def _opt_address(raw: Json, key: str) -> str | None:
    value = raw.get(key)
    return value.lower() if isinstance(value, str) and _ADDRESS.fullmatch(value.lower()) else None


@dataclass(frozen=True, slots=True)
class _Tx:
    hash: str
    sender: str
    nonce: int
    to: str | None
    value: int
    gas: int
    data: str
    max_fee: int  # maxFeePerGas, or gasPrice for legacy transactions
    priority_fee: int  # maxPriorityFeePerGas, or gasPrice
    legacy: bool
    block_number: int | None

    @classmethod
    def parse(cls, raw: object) -> _Tx:
        tx = _obj(raw, "transaction")
        sender = _opt_address(tx, "from")
        data = tx.get("input", tx.get("data", "0x"))
        if sender is None or not isinstance(data, str):
            raise RpcError("the node returned a malformed transaction (from/input)")
        legacy = tx.get("maxFeePerGas") is None
        return cls(
            hash=str(tx.get("hash", "")).lower(),
            sender=sender,
            nonce=_qty(tx, "nonce", "transaction"),
            to=_opt_address(tx, "to"),
            value=_qty(tx, "value", "transaction"),
            gas=_qty(tx, "gas", "transaction"),
            data=data,
            max_fee=_qty(tx, "gasPrice" if legacy else "maxFeePerGas", "transaction"),
            priority_fee=_qty(tx, "gasPrice" if legacy else "maxPriorityFeePerGas", "transaction"),
            legacy=legacy,
            block_number=_opt_qty(tx, "blockNumber", "transaction"),
        )


# ---- the diagnosis -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TxDiagnosis:
    """What happened to a transaction and what the user should do, in plain English.

    ``replacement`` holds the minimum ``maxFeePerGas`` / ``maxPriorityFeePerGas`` (wei;
    plus ``gasPrice`` for legacy transactions) a speed-up or cancel must pay: +10 % on
    both fields and at least the current base fee. ``replaced_by`` is the hash of the
    transaction that took this one's nonce, when it was found.
    """

    status: TxStatus
    reason: str
    advice: list[str]
    chain: str
    hash: str
    confirmations: int | None = None
    nonce: int | None = None
    sender: str | None = None
    block_number: int | None = None
    gas_used: int | None = None
    fee_paid_wei: int | None = None
    replacement: dict[str, int] | None = None
    revert_reason: str | None = None
    replaced_by: str | None = None

    def to_dict(self) -> dict[str, object]:
        """CLI contract: ``{"status", "reason", "advice", ...}`` with every field present."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list | dict):
                value = value.copy()
            out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class _Ctx:
    client: RpcClient
    net: Network
    hash: str

    def diagnosis(
        self, status: TxStatus, reason: str, advice: list[str], **extra: Any
    ) -> TxDiagnosis:
        return TxDiagnosis(status, reason, advice, self.net.key, self.hash, **extra)


def _explorer_advice(net: Network, *, meanwhile: bool = False) -> str:
    lead = "Meanwhile, look" if meanwhile else "Look"
    return f"{lead} the hash up on a block explorer for {net.name}."


def _node_error(net: Network, tx_hash: str, problem: str) -> TxDiagnosis:
    return TxDiagnosis(
        "node_error",
        f"Could not check this transaction on {net.name}: {problem}. "
        "This says nothing about the transaction itself.",
        [
            "Try again in a minute.",
            _explorer_advice(net, meanwhile=True),
            f"If this keeps happening, the operator should check the RPC endpoint set for "
            f"{net.key}.",
        ],
        net.key,
        tx_hash,
    )


def not_configured(tx_hash: str, chain: str = "ethereum") -> TxDiagnosis:
    """The diagnosis when the operator has no endpoint for ``chain``."""
    net = network(chain)
    return TxDiagnosis(
        "not_configured",
        f"No {net.name} node is configured for this desk, so the transaction cannot be "
        "checked here. This says nothing about the transaction itself.",
        [
            _explorer_advice(net),
            f"Operator: add an RPC endpoint for {net.key} to check transactions here.",
        ],
        net.key,
        normalize_tx_hash(tx_hash),
    )


async def diagnose_tx(
    client: RpcClient,
    tx_hash: str,
    chain: str = "ethereum",
    *,
    known_sender: str | None = None,
    known_nonce: int | None = None,
    deadline: float | None = None,
) -> TxDiagnosis:
    """Diagnose ``tx_hash`` on ``chain`` through ``client``.

    ``known_sender`` and ``known_nonce`` (give both or neither) are what the caller saw
    earlier, e.g. in the wallet's activity list; with them an unknown hash becomes
    ``dropped`` or ``replaced`` instead of ``not_found``. ``ValueError`` for an invalid
    hash, chain, sender or nonce. Node trouble never raises: it is ``node_error``.
    ``deadline`` bounds the whole diagnosis (default: four times the client timeout).
    """
    tx_hash = normalize_tx_hash(tx_hash)
    net = network(chain)
    if (known_sender is None) != (known_nonce is None):
        raise ValueError("give known_sender and known_nonce together, or neither")
    sender = None if known_sender is None else _normalize_address(known_sender)
    if known_nonce is not None and (
        isinstance(known_nonce, bool) or not isinstance(known_nonce, int) or known_nonce < 0
    ):
        raise ValueError("known_nonce must be a non-negative integer")
    ctx = _Ctx(client, net, tx_hash)
    limit = deadline if deadline is not None else max(4 * client.timeout, 10.0)
    try:
        async with asyncio.timeout(limit):
            return await _diagnose(ctx, sender, known_nonce)
    except RpcError as exc:
        return _node_error(net, tx_hash, exc.message)
    except TimeoutError:
        return _node_error(net, tx_hash, f"the node did not finish answering within {limit:g} s")


async def diagnose_with_endpoints(
    endpoints: Mapping[str, str],
    tx_hash: str,
    chain: str = "ethereum",
    *,
    rpc_timeout: float = 5.0,
    known_sender: str | None = None,
    known_nonce: int | None = None,
    client: httpx.AsyncClient | None = None,
) -> TxDiagnosis:
    """:func:`diagnose_tx` on the endpoint configured for ``chain``, or ``not_configured``."""
    tx_hash = normalize_tx_hash(tx_hash)
    key = normalize_chain(chain)
    url = endpoints.get(key)
    if not url:
        return not_configured(tx_hash, key)
    async with RpcClient(url, rpc_timeout, client) as rpc:
        return await diagnose_tx(
            rpc, tx_hash, key, known_sender=known_sender, known_nonce=known_nonce
        )


async def _diagnose(ctx: _Ctx, sender: str | None, known_nonce: int | None) -> TxDiagnosis:
    call = ctx.client.call
    first = [
        call("eth_getTransactionByHash", [ctx.hash]),
        call("eth_getTransactionReceipt", [ctx.hash]),
        call("eth_blockNumber", []),
    ]
    if ctx.net.chain_id is not None:
        first.append(call("eth_chainId", []))
    raw_tx, raw_receipt, raw_head, *chain_id = await _all(*first)
    if chain_id:
        served = _hex_or_error(chain_id[0], "chain id")
        if served != ctx.net.chain_id:
            return _node_error(
                ctx.net,
                ctx.hash,
                f"the endpoint serves another network (chain id {served}, expected "
                f"{ctx.net.chain_id}), so the operator must fix its configuration",
            )
    head = _hex_or_error(raw_head, "block number")
    tx = None if raw_tx is None else _Tx.parse(raw_tx)
    if raw_receipt is None and tx is not None and tx.block_number is not None:
        raw_receipt = await call("eth_getTransactionReceipt", [ctx.hash])  # mined meanwhile
        if raw_receipt is None:
            return _node_error(
                ctx.net,
                ctx.hash,
                f"the node lists the transaction in block {tx.block_number} but has no "
                "receipt for it yet",
            )
    if raw_receipt is not None:
        return await _mined(ctx, tx, _obj(raw_receipt, "receipt"), head)
    if tx is not None:
        return await _pending(ctx, tx, head)
    if sender is not None and known_nonce is not None:
        return await _unknown_with_nonce(ctx, sender, known_nonce, head)
    return _not_found(ctx)


def _hex_or_error(value: object, what: str) -> int:
    try:
        return _hex_int(value)
    except ValueError:
        raise RpcError(f"the node returned a malformed {what}") from None


# ---- mined -------------------------------------------------------------------------------
async def _mined(ctx: _Ctx, tx: _Tx | None, receipt: Json, head: int) -> TxDiagnosis:
    block = _qty(receipt, "blockNumber", "receipt")
    gas_used = _qty(receipt, "gasUsed", "receipt")
    price = _opt_qty(receipt, "effectiveGasPrice", "receipt")
    if price is None and tx is not None:
        price = tx.max_fee if tx.legacy else None
    fee = None if price is None else gas_used * price + (_opt_qty(receipt, "l1Fee", "receipt") or 0)
    common: dict[str, Any] = {
        "confirmations": max(1, head - block + 1),
        "nonce": tx.nonce if tx else None,
        "sender": _opt_address(receipt, "from") or (tx.sender if tx else None),
        "block_number": block,
        "gas_used": gas_used,
        "fee_paid_wei": fee,
    }
    status = _opt_qty(receipt, "status", "receipt")
    if status == 0:
        return await _failed(ctx, tx, receipt, common)
    return _succeeded(ctx, receipt, common, status_known=status is not None)


def _succeeded(
    ctx: _Ctx, receipt: Json, common: dict[str, Any], *, status_known: bool
) -> TxDiagnosis:
    net, confirmations = ctx.net, common["confirmations"]
    plural = "confirmation" if confirmations == 1 else "confirmations"
    reason = (
        f"It succeeded in block {common['block_number']} and has {confirmations} {plural}: "
        "the funds have left the sending wallet, and a confirmed transaction cannot be reversed."
        if status_known
        else f"It was included in block {common['block_number']} ({confirmations} {plural}); "
        "this node does not report whether it succeeded (very old transaction)."
    )
    advice = [
        f"If the recipient does not see it, check the receiving address and that they look "
        f"on {net.name}.",
        "An exchange credits a deposit only after its required number of confirmations: give "
        "its support this transaction hash (and the memo/tag, if the deposit needed one).",
    ]
    logs = receipt.get("logs")
    if isinstance(logs, list) and any(_is_transfer(log) for log in logs[:500]):
        advice.append(
            f"For a token, the recipient may need to add it by its contract address on "
            f"{net.name} to see the balance."
        )
    return ctx.diagnosis("success", reason, advice, **common)


def _is_transfer(log: object) -> bool:
    topics = log.get("topics") if isinstance(log, dict) else None
    return isinstance(topics, list) and bool(topics) and str(topics[0]).lower() == _TRANSFER_TOPIC


async def _failed(ctx: _Ctx, tx: _Tx | None, receipt: Json, common: dict[str, Any]) -> TxDiagnosis:
    net, block = ctx.net, common["block_number"]
    fee = common["fee_paid_wei"]
    charged = (
        f"Nothing was transferred, but the network fee of {format_coin(fee, net.coin)} was "
        "still charged and cannot be refunded."
        if fee is not None
        else "Nothing was transferred, but the network fee was still charged."
    )
    if tx is None:  # the node has a receipt but no longer the transaction itself
        reason = f"It failed in block {block}. {charged}"
        return ctx.diagnosis("failed", reason, [_explorer_advice(net)], **common)
    if common["gas_used"] >= tx.gas:  # an INVALID opcode also burns all gas: same advice
        reason = (
            f"It failed in block {block}: it ran out of gas (all {tx.gas:,} gas of its limit "
            f"was used). {charged}"
        )
        advice = [
            "Send it again with a higher gas limit: let the wallet estimate it, or raise it by "
            "about half.",
            f"The account needs enough {net.coin} for the larger fee: top up {net.coin} first "
            f"if its balance is low (fees are always paid in {net.coin}).",
        ]
        return ctx.diagnosis("failed", reason, advice, **common)
    revert = await _revert_reason(ctx.client, tx, block)
    said = f"with the message “{revert}”" if revert else "(the node gives no reason)"
    reason = f"It failed in block {block}: the contract rejected it {said}. {charged}"
    advice = [
        "Sending the same transaction again unchanged will fail the same way and cost another fee.",
        "For a swap this is usually the price moving past the slippage limit or a missing token "
        "approval; for a token transfer, a token balance that is too low. Fix that first.",
    ]
    return ctx.diagnosis("failed", reason, advice, revert_reason=revert, **common)


async def _revert_reason(client: RpcClient, tx: _Tx, block: int) -> str | None:
    """Replay the call on the state before its block; the node answers with the revert data."""
    call: Json = {"from": tx.sender, "data": tx.data, "value": hex(tx.value), "gas": hex(tx.gas)}
    if tx.to:
        call["to"] = tx.to
    try:
        await client.call("eth_call", [call, hex(max(block - 1, 0))])
    except RpcError as exc:
        data = _revert_data(exc.data)
        decoded = decode_revert(data) if data is not None else None
        return decoded or _reason_from_message(exc.message)
    return None  # the replay no longer fails (state changed): no reason to report


def _revert_data(data: object, depth: int = 0) -> str | None:
    """Revert bytes from an error's ``data``: a hex string (geth, ganache) or nested."""
    if isinstance(data, str) and data[:2].lower() == "0x":
        return data
    if isinstance(data, dict) and depth < 3:
        for key in ("data", "return", "result", "originalError"):
            found = _revert_data(data.get(key), depth + 1)
            if found is not None:
                return found
        for value in list(data.values())[:5]:
            found = _revert_data(value, depth + 1)
            if found is not None:
                return found
    return None


def _reason_from_message(message: str) -> str | None:
    match = re.search(r"(?:execution reverted|revert(?:ed)?)[:\s]+(.+)$", message, re.IGNORECASE)
    if not match:
        return None
    text = _clean(match.group(1))
    return text or None


def _abi_string(args: bytes) -> str | None:
    """The ABI-encoded ``string`` argument, or None when truncated or malformed."""
    if len(args) < 64:
        return None
    offset = int.from_bytes(args[:32], "big")
    if offset + 32 > len(args):
        return None
    length = int.from_bytes(args[offset : offset + 32], "big")
    text = args[offset + 32 : offset + 32 + min(length, len(args))]
    return _clean(text.decode("utf-8", errors="replace")) or None


def decode_revert(data: str) -> str | None:
    """``Error(string)`` -> the string, ``Panic(uint256)`` -> its meaning, else the selector.

    The text is the contract's, cleaned of control characters and shortened.
    """
    body = data[2:].lower() if data[:2].lower() == "0x" else data.lower()
    if len(body) > 20_000 or len(body) % 2 or not re.fullmatch(r"[0-9a-f]*", body):
        return None
    raw = bytes.fromhex(body)
    if len(raw) < 4:
        return None
    selector, args = raw[:4].hex(), raw[4:]
    if selector == _ERROR_SELECTOR:
        return _abi_string(args)
    if selector == _PANIC_SELECTOR:
        if len(args) < 32:
            return None
        code = int.from_bytes(args[:32], "big")
        return f"Panic(0x{code:02x}): {_PANIC_CODES.get(code, 'unknown panic code')}"
    return f"custom error 0x{selector}"


# ---- pending -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Market:
    next_base_fee: int | None  # None: the chain has no base fee (or the node hides it)
    low_tip: int | None  # typical tip of the cheapest included transactions


async def _market(client: RpcClient) -> _Market:
    """Next block's base fee and the 10th-percentile tip of recent blocks."""
    try:
        raw = await client.call("eth_feeHistory", [hex(10), "latest", [PERCENTILES[0]]])
    except RpcError as exc:
        if not exc.unsupported:
            raise
        block = _obj(await client.call("eth_getBlockByNumber", ["latest", False]), "block")
        return _Market(_opt_qty(block, "baseFeePerGas", "block"), None)
    try:
        history = parse_fee_history(raw)
    except ValueError:
        raise RpcError("the node returned a malformed fee history") from None
    tips = history.tips(0)
    base = history.next_base_fee
    return _Market(base if base > 0 else None, sorted(tips)[len(tips) // 2] if tips else None)


async def _pending(ctx: _Ctx, tx: _Tx, head: int) -> TxDiagnosis:
    (latest, pending, balance), market = await _account_and_market(ctx.client, tx.sender)
    if tx.nonce < latest:
        return await _replaced(ctx, tx.sender, tx.nonce, head, original=tx)
    gas_price_hint = None
    if market.next_base_fee is None and tx.legacy:
        gas_price_hint = _hex_or_error(await ctx.client.call("eth_gasPrice", []), "gas price")
    return _pending_verdict(ctx, tx, latest, pending, balance, market, gas_price_hint)


def _pending_verdict(
    ctx: _Ctx,
    tx: _Tx,
    latest: int,
    pending: int,
    balance: int,
    market: _Market,
    gas_price_hint: int | None,
) -> TxDiagnosis:
    net, base = ctx.net, market.next_base_fee
    fees = replacement_fees(
        max_fee=tx.max_fee, priority_fee=tx.priority_fee, base_fee=base, legacy=tx.legacy
    )
    reasons: list[str] = []
    advice: list[str] = []
    stuck = False
    if tx.nonce > latest:
        stuck = True
        reasons.append(_nonce_gap_reason(tx.nonce, latest, pending))
        advice.append(_nonce_gap_advice(tx.nonce, latest, net))
    if base is not None and tx.max_fee < base:
        stuck = True
        reasons.append(
            f"Its fee cap ({format_gwei(tx.max_fee)}) is below the network's current base fee "
            f"({format_gwei(base)}), so no block can include it until the base fee falls "
            "that low, which may take a long time or never happen."
        )
    cost = tx.value + tx.gas * tx.max_fee
    if balance < cost:
        stuck = True
        reasons.append(
            f"The account holds {format_coin(balance, net.coin)} but this transaction needs up "
            f"to {format_coin(cost, net.coin)} (amount plus maximum fee), so it cannot be "
            "included until the account holds enough."
        )
    if not stuck:
        reasons.append(_in_line_reason(tx, base, market.low_tip, gas_price_hint))
    advice.extend(_pending_advice(tx, fees, balance, net, stuck=stuck))
    lead = (
        f"It is waiting in the pool with nonce {tx.nonce} and cannot be confirmed as it is."
        if stuck
        else f"It is waiting in the pool with nonce {tx.nonce}."
    )
    return ctx.diagnosis(
        "stuck" if stuck else "pending",
        " ".join([lead, *reasons]),
        advice,
        nonce=tx.nonce,
        sender=tx.sender,
        replacement=fees,
    )


def _nonce_gap_reason(nonce: int, latest: int, pending: int) -> str:
    earlier = nonce - latest
    if pending > latest:  # the node itself reports earlier transactions in its pool
        return (
            f"It waits behind {earlier} earlier transaction(s) from the same account: nonce "
            f"{latest} must be confirmed first, and transactions go through strictly in "
            "nonce order."
        )
    span = f"nonce {latest}" if earlier == 1 else f"nonces {latest} to {nonce - 1}"
    return (
        f"The account's next nonce on the chain is {latest}, so {span} must be confirmed "
        "first (transactions go through strictly in nonce order); those are either still "
        "pending or were never sent (a gap)."
    )


def _nonce_gap_advice(nonce: int, latest: int, net: Network) -> str:
    more = "" if nonce - latest == 1 else f", then each following nonce up to {nonce - 1}"
    return (
        f"Deal with nonce {latest} first: speed up or cancel the transaction that has nonce "
        f"{latest}. If the wallet shows none, send any transaction with nonce {latest} (for "
        f"example 0 {net.coin} to your own address) to fill the gap{more}. This one follows "
        "by itself."
    )


def _in_line_reason(tx: _Tx, base: int | None, low_tip: int | None, hint: int | None) -> str:
    if base is not None and low_tip is not None and tx.priority_fee < low_tip:
        return (
            "It is next in line and covers the base fee, but its tip "
            f"({format_gwei(tx.priority_fee)}) is below what the cheapest recent "
            f"transactions paid ({format_gwei(low_tip)}), so validators pick it last and it "
            "may wait."
        )
    if hint is not None and tx.max_fee * 10 < hint * 9:
        return (
            f"It is next in line, but its gas price ({format_gwei(tx.max_fee)}) is below the "
            f"node's current suggestion ({format_gwei(hint)}), so it may wait."
        )
    return "It is next in line and pays at least the current base fee, so it should confirm soon."


def _pending_advice(
    tx: _Tx, fees: dict[str, int], balance: int, net: Network, *, stuck: bool
) -> list[str]:
    cap, tip = fees["maxFeePerGas"], fees["maxPriorityFeePerGas"]
    legacy = (
        f" (a legacy gas price of at least {format_gwei(fees['gasPrice'])})" if tx.legacy else ""
    )
    advice = [] if stuck else ["Wait: it should go through without any action."]
    advice.append(
        f"To speed it up or cancel it, send a replacement with the same nonce ({tx.nonce}) and at "
        f"least {format_gwei(cap)} max fee and {format_gwei(tip)} priority fee{legacy}: pools "
        "accept a replacement only with about 10% more on both. The wallet's Speed up / Cancel "
        f"buttons do this; a cancel is a 0 {net.coin} transfer to your own address."
    )
    needed = tx.value + tx.gas * cap
    if balance < needed:
        advice.append(
            f"A speed-up can cost up to {format_coin(needed, net.coin)} in total but the account "
            f"holds {format_coin(balance, net.coin)}: top up {net.coin} first (fees are always "
            f"paid in {net.coin}, even for token transfers)."
        )
    advice.append(
        "Until it confirms, nothing has left the wallet; a cancel works only while it is pending."
    )
    return advice


# ---- replaced / dropped / not found ----------------------------------------------------
async def _find_nonce_user(client: RpcClient, sender: str, nonce: int, head: int) -> _Tx | None:
    """The mined transaction of ``sender`` with ``nonce`` in the last ``SEARCH_BLOCKS`` blocks.

    Binary search on the account's nonce at past blocks, then one block read. Nodes that
    pruned old state simply make this return ``None``.
    """

    async def used_by(block: int) -> bool:
        raw = await client.call("eth_getTransactionCount", [sender, hex(block)])
        return _hex_or_error(raw, "nonce") > nonce

    try:
        low, high = max(0, head - SEARCH_BLOCKS), head
        if not await used_by(high) or await used_by(low):
            return None
        while high - low > 1:
            middle = (low + high) // 2
            if await used_by(middle):
                high = middle
            else:
                low = middle
        block = _obj(await client.call("eth_getBlockByNumber", [hex(high), True]), "block")
        txs = block.get("transactions")
        for raw in txs[:10_000] if isinstance(txs, list) else []:
            if isinstance(raw, dict) and str(raw.get("from", "")).lower() == sender:
                found = _Tx.parse(raw)
                if found.nonce == nonce:
                    return found
    except RpcError:
        return None
    return None


def _replacement_kind(found: _Tx, original: _Tx | None) -> str:
    if found.to == found.sender and found.value == 0 and found.data in ("0x", ""):
        return "cancel"
    if original is not None and (found.to, found.value, found.data) == (
        original.to,
        original.value,
        original.data,
    ):
        return "speed-up"
    return "other"


async def _replaced(
    ctx: _Ctx, sender: str, nonce: int, head: int, *, original: _Tx | None
) -> TxDiagnosis:
    net = ctx.net
    found = await _find_nonce_user(ctx.client, sender, nonce, head)
    if found is not None and found.hash == ctx.hash:
        return _node_error(
            net,
            ctx.hash,
            f"the node has this transaction in block {found.block_number} "
            "but does not return it by hash",
        )
    never = "This transaction can never execute: no funds left the wallet through it."
    security = (
        "If neither you nor another app using this same wallet sent that transaction, someone "
        "else may hold the recovery phrase or key: move what is left to a new wallet."
    )
    if found is None:
        reason = (
            f"Nonce {nonce} of this account has already been used by another transaction (a "
            f"speed-up, a cancel or a different transfer). {never}"
        )
        advice = [
            f"Look the sending address up on a {net.name} explorer and find its transaction "
            f"with nonce {nonce}: that is the one that counts.",
            security,
        ]
        return ctx.diagnosis("replaced", reason, advice, nonce=nonce, sender=sender)
    outcome = await _outcome(ctx.client, found.hash)
    kind = _replacement_kind(found, original)
    what = {
        "cancel": "a cancel (0 sent to the same address)",
        "speed-up": "a sped-up copy of it",
        "other": "another transaction",
    }[kind]
    reason = (
        f"Nonce {nonce} of this account was used by {what}, {found.hash}, in block "
        f"{found.block_number}{outcome}. {never}"
    )
    advice = [f"Follow {found.hash} instead: that is the transaction that counts."]
    if kind == "cancel":
        advice.append("It was cancelled: nothing was sent except the fee of the cancel.")
    if kind != "speed-up":
        advice.append(security)
    return ctx.diagnosis(
        "replaced", reason, advice, nonce=nonce, sender=sender, replaced_by=found.hash
    )


async def _outcome(client: RpcClient, tx_hash: str) -> str:
    try:
        receipt = await client.call("eth_getTransactionReceipt", [tx_hash])
    except RpcError:
        return ""
    status = receipt.get("status") if isinstance(receipt, dict) else None
    return {"0x1": ", where it succeeded", "0x0": ", where it failed"}.get(str(status), "")


async def _unknown_with_nonce(ctx: _Ctx, sender: str, nonce: int, head: int) -> TxDiagnosis:
    net = ctx.net
    (latest, pending, balance), market = await _account_and_market(ctx.client, sender)
    if latest > nonce:
        return await _replaced(ctx, sender, nonce, head, original=None)
    if pending > nonce:
        return ctx.diagnosis(
            "replaced",
            f"The node does not know this hash, but another transaction with nonce {nonce} "
            "from this account is waiting to be confirmed (usually a speed-up or cancel sent "
            "later). This transaction can never execute: no funds left the wallet through it.",
            ["Follow the newer transaction with the same nonce in the wallet's activity list."],
            nonce=nonce,
            sender=sender,
        )
    reason = (
        f"The node does not know this transaction and nonce {nonce} of the account is still "
        "unused: it was dropped (or never reached the network). It never executed and the "
        "funds never left the wallet. Transactions are usually dropped when their fee stayed "
        "too low or the account could not pay for them."
    )
    advice = [
        "Send it again. If the wallet still shows the old one as pending, cancel it or reset "
        "the account's nonce (clear activity) in the wallet's settings first.",
    ]
    if nonce > latest:
        advice.append(
            f"The account's next nonce is {latest}: nonces {latest} to {nonce - 1} must be used "
            "before this one; the wallet may have other stuck transactions."
        )
    simple_fee = PLAIN_TRANSFER_GAS * (market.next_base_fee or 0)
    if balance <= simple_fee:
        advice.append(
            f"The account holds only {format_coin(balance, net.coin)}, not even enough for a "
            f"simple transfer's fee: top up {net.coin} first (fees are always paid in {net.coin})."
        )
    return ctx.diagnosis("dropped", reason, advice, nonce=nonce, sender=sender)


def _not_found(ctx: _Ctx) -> TxDiagnosis:
    net = ctx.net
    return ctx.diagnosis(
        "not_found",
        f"The {net.name} node does not know this transaction: it is neither pending nor mined.",
        [
            f"Check that the whole hash was copied and that the transaction was sent on "
            f"{net.name}: the same hash format is used on every EVM network.",
            "If the wallet showed it as pending earlier, it was most likely dropped: a dropped "
            "transaction never executed and the funds never left the wallet. Send it again "
            "(cancel the old one or reset the wallet's nonce first if it still shows as pending).",
            "A transaction sent seconds ago may not have reached this node yet: try again in a "
            "minute.",
        ],
    )


# ---- fees ----------------------------------------------------------------------------------
async def fee_advice(client: RpcClient, chain: str = "ethereum") -> FeeAdvice:
    """Slow / normal / fast fee levels from ``eth_feeHistory`` and why fees are what they are.

    Raises :class:`RpcError` (or :class:`RpcTimeout`) when the node does not answer; a
    node without ``eth_feeHistory`` gets levels built from ``eth_gasPrice``.
    """
    key = normalize_chain(chain)
    try:
        raw, latest = await _all(
            client.call("eth_feeHistory", [hex(HISTORY_BLOCKS), "latest", list(PERCENTILES)]),
            client.call("eth_getBlockByNumber", ["latest", False]),
        )
    except RpcError as exc:
        if not exc.unsupported:
            raise
        gas_price = _hex_or_error(await client.call("eth_gasPrice", []), "gas price")
        return advice_from_gas_price(key, gas_price)
    try:
        history = parse_fee_history(raw)
    except ValueError:
        raise RpcError("the node returned a malformed fee history") from None
    tip = 0
    if not history.tips(0):  # recent blocks were empty: ask the node for a tip suggestion
        tip = await _suggested_tip(client)
    seconds = await _block_seconds(client, _obj(latest, "block"), history)
    return advice_from_history(key, history, fallback_tip=tip, block_seconds=seconds)


async def _suggested_tip(client: RpcClient) -> int:
    try:
        return _hex_or_error(await client.call("eth_maxPriorityFeePerGas", []), "tip")
    except RpcError as exc:
        if exc.unsupported:
            return 0
        raise


async def _block_seconds(client: RpcClient, latest: Json, history: FeeHistory) -> float | None:
    """Average block time over the window, from two block headers; None if not measurable."""
    newest = _qty(latest, "number", "block")
    oldest = history.oldest_block
    if newest <= oldest:
        return None
    old = _obj(await client.call("eth_getBlockByNumber", [hex(oldest), False]), "block")
    span = _qty(latest, "timestamp", "block") - _qty(old, "timestamp", "block")
    seconds = span / (newest - oldest)
    return seconds if seconds >= 0.05 else None
