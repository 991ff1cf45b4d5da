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

Every reason and advice step is a message code plus parameters (``walletdesk.chain.tx_text``):
``TxDiagnosis.reason``/``advice`` are their English rendering (the CLI contract) and
``TxDiagnosis.render(lang)`` gives zh, es or ar for the desk.

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
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Final, Literal, Self
from urllib.parse import urlsplit

import httpx

from walletdesk.chain.fees import (
    HISTORY_BLOCKS,
    NETWORKS,
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
from walletdesk.chain.tx_text import Msg, Param, TxText, language, msg, render, render_sentences

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

    ``reason`` and ``advice`` are English (the CLI contract); :meth:`render` gives the same
    text in zh, es or ar. ``replacement`` holds the minimum ``maxFeePerGas`` /
    ``maxPriorityFeePerGas`` (wei; plus ``gasPrice`` for legacy transactions) a speed-up or
    cancel must pay: +10 % on both fields and at least the current base fee. ``replaced_by``
    is the hash of the transaction that took this one's nonce, when it was found.
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
    messages: TxText | None = field(default=None, repr=False, compare=False)

    def render(self, lang: str) -> tuple[str, list[str]]:
        """``(reason, advice)`` in ``lang`` (``zh``, ``en``, ``es``, ``ar``; anything else
        gets English, which is always exactly ``reason`` and ``advice``)."""
        key = language(lang)
        if key == "en" or self.messages is None:
            return self.reason, list(self.advice)
        return self.messages.render(key)

    def to_dict(self) -> dict[str, object]:
        """CLI contract: ``{"status", "reason", "advice", ...}`` with every field present
        (``messages``, the material of :meth:`render`, is not part of it)."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name == "messages":
                continue
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
        self, status: TxStatus, reason: Sequence[Msg], advice: Sequence[Msg], **extra: Any
    ) -> TxDiagnosis:
        return _diagnosis(status, reason, advice, self.net.key, self.hash, **extra)


def _diagnosis(
    status: TxStatus,
    reason: Sequence[Msg],
    advice: Sequence[Msg],
    chain: str,
    tx_hash: str,
    **extra: Any,
) -> TxDiagnosis:
    """A diagnosis from its messages: the English text is rendered from the same messages
    that :meth:`TxDiagnosis.render` renders in the other languages."""
    text = TxText(tuple(reason), tuple(advice))
    return TxDiagnosis(
        status,
        render_sentences(text.reason, "en"),
        [render(m, "en") for m in text.advice],
        chain,
        tx_hash,
        messages=text,
        **extra,
    )


def _coin(net: Network) -> Param:
    """The native coin's symbol, or a translated "native coin" on an unknown chain."""
    return net.coin if net.key in NETWORKS else msg("coin.native")


def _amount(wei: int, net: Network) -> Param:
    if net.key in NETWORKS:
        return format_coin(wei, net.coin)
    return msg("amount.native", value=format_coin(wei, "").strip())


def _explorer_advice(net: Network, *, meanwhile: bool = False) -> Msg:
    return msg("explorer.meanwhile" if meanwhile else "explorer", network=net.name)


def _node_error(net: Network, tx_hash: str, problem: Msg) -> TxDiagnosis:
    return _diagnosis(
        "node_error",
        [msg("node_error", network=net.name, problem=problem)],
        [
            msg("retry"),
            _explorer_advice(net, meanwhile=True),
            msg("operator.check_endpoint", chain=net.key),
        ],
        net.key,
        tx_hash,
    )


def not_configured(tx_hash: str, chain: str = "ethereum") -> TxDiagnosis:
    """The diagnosis when the operator has no endpoint for ``chain``."""
    net = network(chain)
    return _diagnosis(
        "not_configured",
        [msg("not_configured", network=net.name)],
        [_explorer_advice(net), msg("operator.add_endpoint", chain=net.key)],
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
        # a timeout of one call reads the same in every language; other node trouble is
        # said plainly, with the node's own (cleaned, English) words as a technical detail
        timeout = msg("problem.timeout", seconds=f"{client.timeout:g}")
        known = isinstance(exc, RpcTimeout) and exc.message == render(timeout, "en")
        problem = timeout if known else msg("problem.node", detail=exc.message)
        return _node_error(net, tx_hash, problem)
    except TimeoutError:
        return _node_error(net, tx_hash, msg("problem.deadline", seconds=f"{limit:g}"))


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
                msg("problem.wrong_chain", served=served, expected=str(ctx.net.chain_id)),
            )
    head = _hex_or_error(raw_head, "block number")
    tx = None if raw_tx is None else _Tx.parse(raw_tx)
    if raw_receipt is None and tx is not None and tx.block_number is not None:
        raw_receipt = await call("eth_getTransactionReceipt", [ctx.hash])  # mined meanwhile
        if raw_receipt is None:
            return _node_error(ctx.net, ctx.hash, msg("problem.no_receipt", block=tx.block_number))
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
    count = msg(
        "count.confirmations.one" if confirmations == 1 else "count.confirmations",
        n=confirmations,
    )
    reason = msg(
        "success" if status_known else "included",
        block=common["block_number"],
        confirmations=count,
    )
    advice = [
        msg("success.check_recipient", network=net.name),
        msg("success.exchange"),
    ]
    logs = receipt.get("logs")
    if isinstance(logs, list) and any(_is_transfer(log) for log in logs[:500]):
        advice.append(msg("success.token", network=net.name))
    return ctx.diagnosis("success", [reason], advice, **common)


def _is_transfer(log: object) -> bool:
    topics = log.get("topics") if isinstance(log, dict) else None
    return isinstance(topics, list) and bool(topics) and str(topics[0]).lower() == _TRANSFER_TOPIC


async def _failed(ctx: _Ctx, tx: _Tx | None, receipt: Json, common: dict[str, Any]) -> TxDiagnosis:
    net, block = ctx.net, common["block_number"]
    fee = common["fee_paid_wei"]
    charged = msg("charged") if fee is None else msg("charged.fee", fee=_amount(fee, net))
    if tx is None:  # the node has a receipt but no longer the transaction itself
        reason = [msg("failed", block=block), charged]
        return ctx.diagnosis("failed", reason, [_explorer_advice(net)], **common)
    if common["gas_used"] >= tx.gas:  # an INVALID opcode also burns all gas: same advice
        reason = [msg("failed.out_of_gas", block=block, gas=tx.gas), charged]
        advice = [msg("failed.raise_gas"), msg("failed.gas_funds", coin=_coin(net))]
        return ctx.diagnosis("failed", reason, advice, **common)
    revert = await _revert_reason(ctx.client, tx, block)  # cleaned and shortened there
    rejected = (
        msg("failed.reverted", block=block, revert=revert)
        if revert
        else msg("failed.reverted.no_reason", block=block)
    )
    advice = [msg("failed.same_again"), msg("failed.common_causes")]
    return ctx.diagnosis("failed", [rejected, charged], advice, revert_reason=revert, **common)


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
    reasons: list[Msg] = []
    advice: list[Msg] = []
    stuck = False
    if tx.nonce > latest:
        stuck = True
        reasons.append(_nonce_gap_reason(tx.nonce, latest, pending))
        advice.append(_nonce_gap_advice(tx.nonce, latest, net))
    if base is not None and tx.max_fee < base:
        stuck = True
        reasons.append(
            msg("stuck.fee_cap", max_fee=format_gwei(tx.max_fee), base_fee=format_gwei(base))
        )
    cost = tx.value + tx.gas * tx.max_fee
    if balance < cost:
        stuck = True
        reasons.append(msg("stuck.balance", balance=_amount(balance, net), cost=_amount(cost, net)))
    if not stuck:
        reasons.append(_in_line_reason(tx, base, market.low_tip, gas_price_hint))
    advice.extend(_pending_advice(tx, fees, balance, net, stuck=stuck))
    lead = msg("pending.lead.stuck" if stuck else "pending.lead", nonce=tx.nonce)
    return ctx.diagnosis(
        "stuck" if stuck else "pending",
        [lead, *reasons],
        advice,
        nonce=tx.nonce,
        sender=tx.sender,
        replacement=fees,
    )


def _nonce_gap_reason(nonce: int, latest: int, pending: int) -> Msg:
    earlier = nonce - latest
    if pending > latest:  # the node itself reports earlier transactions in its pool
        return msg("stuck.behind_pending", earlier=earlier, latest=latest)
    span = (
        msg("span.one", first=latest)
        if earlier == 1
        else msg("span.range", first=latest, last=nonce - 1)
    )
    return msg("stuck.gap", latest=latest, span=span)


def _nonce_gap_advice(nonce: int, latest: int, net: Network) -> Msg:
    if nonce - latest == 1:
        return msg("stuck.gap.advice.one", latest=latest, zero=_amount(0, net))
    return msg("stuck.gap.advice.range", latest=latest, last=nonce - 1, zero=_amount(0, net))


def _in_line_reason(tx: _Tx, base: int | None, low_tip: int | None, hint: int | None) -> Msg:
    if base is not None and low_tip is not None and tx.priority_fee < low_tip:
        return msg(
            "pending.low_tip", tip=format_gwei(tx.priority_fee), low_tip=format_gwei(low_tip)
        )
    if hint is not None and tx.max_fee * 10 < hint * 9:
        return msg(
            "pending.low_gas_price", gas_price=format_gwei(tx.max_fee), hint=format_gwei(hint)
        )
    return msg("pending.in_line")


def _pending_advice(
    tx: _Tx, fees: dict[str, int], balance: int, net: Network, *, stuck: bool
) -> list[Msg]:
    cap, tip = fees["maxFeePerGas"], fees["maxPriorityFeePerGas"]
    advice = [] if stuck else [msg("pending.wait")]
    replace: dict[str, Param] = {
        "nonce": tx.nonce,
        "max_fee": format_gwei(cap),
        "tip": format_gwei(tip),
        "zero": _amount(0, net),
    }
    if tx.legacy:
        advice.append(
            msg("pending.replace.legacy", gas_price=format_gwei(fees["gasPrice"]), **replace)
        )
    else:
        advice.append(msg("pending.replace", **replace))
    needed = tx.value + tx.gas * cap
    if balance < needed:
        advice.append(
            msg(
                "pending.top_up",
                needed=_amount(needed, net),
                balance=_amount(balance, net),
                coin=_coin(net),
            )
        )
    advice.append(msg("pending.nothing_left"))
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
        return _node_error(net, ctx.hash, msg("problem.hidden", block=str(found.block_number)))
    never = msg("replaced.never")
    security = msg("replaced.security")
    if found is None:
        reason = [msg("replaced.unknown", nonce=nonce), never]
        advice = [msg("replaced.explorer", network=net.name, nonce=nonce), security]
        return ctx.diagnosis("replaced", reason, advice, nonce=nonce, sender=sender)
    outcome = await _outcome(ctx.client, found.hash)
    kind = _replacement_kind(found, original)
    what = msg(
        {
            "cancel": "replaced.what.cancel",
            "speed-up": "replaced.what.speed_up",
            "other": "replaced.what.other",
        }[kind]
    )
    found_by = msg(
        "replaced.found",
        nonce=nonce,
        what=what,
        hash=found.hash,
        block=str(found.block_number),
        outcome=outcome,
    )
    advice = [msg("replaced.follow", hash=found.hash)]
    if kind == "cancel":
        advice.append(msg("replaced.cancelled"))
    if kind != "speed-up":
        advice.append(security)
    return ctx.diagnosis(
        "replaced", [found_by, never], advice, nonce=nonce, sender=sender, replaced_by=found.hash
    )


async def _outcome(client: RpcClient, tx_hash: str) -> Param:
    """ ", where it succeeded" / ", where it failed", or nothing when the node cannot tell."""
    try:
        receipt = await client.call("eth_getTransactionReceipt", [tx_hash])
    except RpcError:
        return ""
    status = str(receipt.get("status") if isinstance(receipt, dict) else None)
    codes = {"0x1": "replaced.outcome.success", "0x0": "replaced.outcome.failed"}
    return msg(codes[status]) if status in codes else ""


async def _unknown_with_nonce(ctx: _Ctx, sender: str, nonce: int, head: int) -> TxDiagnosis:
    net = ctx.net
    (latest, pending, balance), market = await _account_and_market(ctx.client, sender)
    if latest > nonce:
        return await _replaced(ctx, sender, nonce, head, original=None)
    if pending > nonce:
        return ctx.diagnosis(
            "replaced",
            [msg("replaced.pending_other", nonce=nonce), msg("replaced.never")],
            [msg("replaced.follow_newer")],
            nonce=nonce,
            sender=sender,
        )
    advice = [msg("dropped.resend")]
    if nonce > latest:
        advice.append(msg("dropped.gap", latest=latest, last=nonce - 1))
    simple_fee = PLAIN_TRANSFER_GAS * (market.next_base_fee or 0)
    if balance <= simple_fee:
        advice.append(msg("dropped.empty", balance=_amount(balance, net), coin=_coin(net)))
    reason = [msg("dropped", nonce=nonce)]
    return ctx.diagnosis("dropped", reason, advice, nonce=nonce, sender=sender)


def _not_found(ctx: _Ctx) -> TxDiagnosis:
    net = ctx.net
    return ctx.diagnosis(
        "not_found",
        [msg("not_found", network=net.name)],
        [
            msg("not_found.check_hash", network=net.name),
            msg("not_found.dropped"),
            msg("not_found.wait"),
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
