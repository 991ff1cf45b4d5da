"""Transaction diagnosis and fee advice, against a real local node (ganache) where it matters.

Scenarios are made with real signed transactions: the miner is stopped to keep them
pending, nonces are skipped to make gaps, fees are set below the base fee, replacements
are sent with the same nonce, and tiny hand-written contracts revert, panic or run out of
gas. A few node misbehaviours a local node cannot produce (HTTP 429, HTML error pages) use
``httpx.MockTransport``.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from eth_abi.abi import encode
from hypothesis import given
from hypothesis import strategies as st

from tests import support
from walletdesk.chain.fees import (
    FeeAdvice,
    FeeHistory,
    advice_from_history,
    bump,
    format_coin,
    format_gwei,
    replacement_fees,
)
from walletdesk.chain.rpc import (
    RpcClient,
    RpcError,
    RpcTimeout,
    TxDiagnosis,
    decode_revert,
    diagnose_tx,
    diagnose_with_endpoints,
    endpoints_from_config,
    fee_advice,
    normalize_tx_hash,
)

if TYPE_CHECKING:
    from tests.chain.conftest import Node  # the fixture's type; pytest loads conftest itself

CHAIN = "devnet"  # an unknown chain key: no chain-id check against the local node
SOME_HASH = "0x" + "ab" * 32


def _error_string(message: str) -> bytes:
    return bytes.fromhex("08c379a0") + encode(["string"], [message])


def _reverting(payload: bytes) -> bytes:
    """Runtime code that copies ``payload`` (appended after 12 bytes) and REVERTs with it."""
    size = len(payload)
    return bytes([0x60, size, 0x60, 0x0C, 0x60, 0x00, 0x39, 0x60, size, 0x60, 0x00, 0xFD]) + payload


REVERT_NOT_ALLOWED = _reverting(_error_string("not allowed"))  # require(false, "not allowed")
PANIC_ASSERT = _reverting(bytes.fromhex("4e487b71") + encode(["uint256"], [1]))  # assert(false)
LOOP_FOREVER = bytes.fromhex("5b600056")  # JUMPDEST PUSH1 0 JUMP: runs until out of gas
INVALID_OPCODE = bytes.fromhex("fe")  # consumes all the gas it is given, at once


async def diagnose(node: Node, tx_hash: str, chain: str = CHAIN, **known: Any) -> TxDiagnosis:
    """One client per call: every test runs in its own event loop."""
    async with RpcClient(node.url, timeout=5) as client:
        return await diagnose_tx(client, tx_hash, chain, **known)


async def fees(node: Node) -> FeeAdvice:
    async with RpcClient(node.url, timeout=5) as client:
        return await fee_advice(client, CHAIN)


free_port = support.free_port


# ---- input handling (no node needed) -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SOME_HASH, SOME_HASH),
        ("  " + SOME_HASH.upper().replace("0X", "0x") + "\n", SOME_HASH),
        ("ab" * 32, SOME_HASH),  # pasted without 0x
    ],
)
def test_hash_is_normalised(text: str, expected: str) -> None:
    assert normalize_tx_hash(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0x1234",
        SOME_HASH + "00",
        "0x" + "zz" * 32,
        "0x" + "ａ" * 64,  # full-width letters look like hex but are not
        "0x" + "٣" * 64,  # Arabic-Indic digits
        "\x00\xff" * 40,
        "0x" + "a" * 1_000_000,
        "0xdAC17F958D2ee523a2206206994597C13D831ec7",  # an address, not a hash
    ],
)
def test_bad_hash_is_a_clear_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a transaction hash") as caught:
        normalize_tx_hash(text)
    assert len(str(caught.value)) < 200  # never echoes the (possibly huge) input


async def test_diagnose_rejects_bad_input_before_any_network_call() -> None:
    async with RpcClient("http://127.0.0.1:9", timeout=0.5) as client:
        with pytest.raises(ValueError, match="not a transaction hash"):
            await diagnose_tx(client, "hello")
        with pytest.raises(ValueError, match="chain"):
            await diagnose_tx(client, SOME_HASH, "eth mainnet; drop table")
        with pytest.raises(ValueError, match="together"):
            await diagnose_tx(client, SOME_HASH, known_sender="0x" + "11" * 20)
        with pytest.raises(ValueError, match="address"):
            await diagnose_tx(client, SOME_HASH, known_sender="alice", known_nonce=1)
        with pytest.raises(ValueError, match="non-negative"):
            await diagnose_tx(client, SOME_HASH, known_sender="0x" + "11" * 20, known_nonce=-1)


@given(st.text(max_size=300))
def test_any_text_is_a_hash_or_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert len(normalize_tx_hash(text)) == 66


@given(st.text(max_size=300))
def test_any_config_text_parses_or_is_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        endpoints_from_config(text)


def test_endpoints_from_config() -> None:
    value = " ethereum=https://eth.example/v3/KEY ,\nBSC=http://10.0.0.5:8545,, "
    assert endpoints_from_config(value) == {
        "ethereum": "https://eth.example/v3/KEY",
        "bsc": "http://10.0.0.5:8545",
    }
    assert endpoints_from_config("") == {}
    assert endpoints_from_config("  ") == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://eth.example/v3/SECRETKEY", "entry 1: expected chain=URL"),
        ("ethereum=https://a.example,polygon", "entry 2: expected chain=URL"),
        ("ethereum=ftp://eth.example/SECRETKEY", "entry 1: .*http"),
        ("ethereum=https://", "entry 1: .*host"),
        ("ethereum=https://a.example/SECRETKEY x", "entry 1: .*spaces"),
        ("my chain=https://a.example", "entry 1: not a chain name"),
        ("ethereum=https://a.example,Ethereum=https://b.example/SECRETKEY", "twice"),
    ],
)
def test_endpoints_from_config_errors_never_echo_the_url(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        endpoints_from_config(value)
    assert "SECRETKEY" not in str(caught.value)


def test_client_repr_hides_the_api_key() -> None:
    client = RpcClient("https://eth.example/v3/SECRETKEY?token=SECRET2")
    assert "SECRET" not in repr(client)
    assert "eth.example" in repr(client)


# ---- fee arithmetic ----------------------------------------------------------------------
def test_replacement_needs_ten_percent_more_on_both_fields_and_the_base_fee() -> None:
    assert bump(100) == 110
    assert bump(101) == 112  # rounded up: 111.1 would be refused
    assert bump(0) == 1  # geth also wants strictly more
    fees = replacement_fees(max_fee=30 * 10**9, priority_fee=2 * 10**9, base_fee=10**9)
    assert fees == {"maxFeePerGas": 33 * 10**9, "maxPriorityFeePerGas": 22 * 10**8}
    # the base fee rose above the old cap: the cap must cover base fee + new tip
    fees = replacement_fees(max_fee=10 * 10**9, priority_fee=10**9, base_fee=40 * 10**9)
    assert fees["maxFeePerGas"] == 40 * 10**9 + 11 * 10**8
    legacy = replacement_fees(max_fee=5 * 10**9, priority_fee=5 * 10**9, base_fee=None, legacy=True)
    assert legacy["gasPrice"] == 55 * 10**8


def test_amounts_are_exact() -> None:
    assert format_gwei(1_500_000_000) == "1.5 gwei"
    assert format_gwei(7) == "0.000000007 gwei"
    assert format_coin(21_000 * 10**9, "ETH") == "0.000021 ETH"
    assert format_coin(10**18, "BNB") == "1 BNB"


def _history(used: list[float], base_fees: list[int], tips: list[int]) -> FeeHistory:
    rewards = [[tip, tip * 2, tip * 4] for tip in tips]
    return FeeHistory(100, base_fees, used, rewards)


def test_fee_levels_from_a_calm_network() -> None:
    gwei = 10**9
    history = _history([0.4, 0.5, 0.45, 0.5, 0.55], [10 * gwei] * 6, [gwei] * 5)
    advice = advice_from_history("ethereum", history, block_seconds=12)
    assert not advice.busy
    assert advice.base_fee_gwei == 10
    slow, normal, fast = (advice.levels[k] for k in ("slow", "normal", "fast"))
    assert slow["priority_fee_gwei"] == 1 and normal["priority_fee_gwei"] == 2
    assert slow["max_fee_wei"] <= normal["max_fee_wei"] <= fast["max_fee_wei"]
    assert all(level["max_fee_wei"] > 10 * gwei for level in (slow, normal, fast))
    assert fast["expected_wait"] == "usually the next block (~12 s)"
    assert "calm" in advice.explanation and "ETH" in advice.explanation
    assert "no wallet or support team sets it" in advice.explanation
    assert advice.to_dict()["levels"] == {k: dict(v) for k, v in advice.levels.items()}


def test_full_blocks_and_a_rising_base_fee_are_explained_as_busy() -> None:
    gwei = 10**9
    bases = [int(10 * gwei * 1.12**i) for i in range(6)]
    history = _history([0.98, 0.97, 0.99, 1.0, 0.96], bases, [3 * gwei] * 5)
    advice = advice_from_history("base", history)
    assert advice.busy
    assert "high right now" in advice.explanation
    assert "98% full" in advice.explanation or "98%" in advice.explanation
    assert "posting the transaction's data to Ethereum" in advice.explanation  # a rollup
    assert "2 s" in advice.levels["fast"]["expected_wait"]  # Base's block time


# ---- revert data -------------------------------------------------------------------------
def test_revert_data_is_decoded() -> None:
    assert decode_revert("0x" + _error_string("not allowed").hex()) == "not allowed"
    panic = "0x4e487b71" + encode(["uint256"], [0x11]).hex()
    assert decode_revert(panic) == "Panic(0x11): arithmetic overflow or underflow"
    assert decode_revert("0xdeadbeef") == "custom error 0xdeadbeef"
    assert decode_revert("0x") is None
    assert decode_revert("0x08c379a0ffff") is None  # truncated
    assert decode_revert("0xnot hex") is None
    hostile = _error_string("visit\u202e evil\n\x00" + "x" * 5000)
    text = decode_revert("0x" + hostile.hex())
    assert text is not None and len(text) <= 200
    assert "\u202e" not in text and "\n" not in text and "\x00" not in text


# ---- the node answers badly --------------------------------------------------------------
def _mock(handler: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(429, text="slow down"), "rate-limiting"),
        (httpx.Response(401, text="no"), "API key"),
        (httpx.Response(502, text="<html>Bad gateway</html>"), "HTTP 502"),
        (httpx.Response(200, text="<html>hello</html>"), "not a JSON-RPC reply"),
        (httpx.Response(200, json=[1, 2]), "not a JSON-RPC reply"),
        (
            httpx.Response(
                200, json={"jsonrpc": "2.0", "id": 1, "error": {"code": -32000, "message": "x\ny"}}
            ),
            "the node returned an error: x y",
        ),
    ],
)
async def test_node_misbehaviour_becomes_a_plain_rpc_error(
    response: httpx.Response, message: str
) -> None:
    async with _mock(lambda request: response) as http:
        client = RpcClient("https://node.example/SECRETKEY", client=http)
        with pytest.raises(RpcError, match=message) as caught:
            await client.call("eth_blockNumber", [])
        diagnosis = await diagnose_tx(client, SOME_HASH, CHAIN)
    assert "SECRETKEY" not in str(caught.value)
    assert diagnosis.status == "node_error"
    assert "says nothing about the transaction" in diagnosis.reason
    assert "SECRETKEY" not in json.dumps(diagnosis.to_dict())


JUNK: list[object] = [
    None,
    5,
    True,
    "0xzz",
    "0x" + "f" * 100,
    [],
    {},
    {"from": "0x" + "11" * 20},
    {"from": "0x" + "11" * 20, "nonce": "0x1", "value": [], "gas": "0x5208", "input": "0x"},
    {"blockNumber": "0x1", "gasUsed": "0x5208", "status": "0x0", "logs": {"a": 1}},
    {"transactions": {"a": 1}, "baseFeePerGas": "0x1", "number": "0x1", "timestamp": "x"},
]


@pytest.mark.parametrize("junk", JUNK, ids=repr)
async def test_junk_from_the_node_never_becomes_a_crash(junk: object) -> None:
    """A broken or hostile endpoint answers every call with the same junk."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": junk})

    async with _mock(handler) as http:
        client = RpcClient("http://node.example", client=http)
        plain = await diagnose_tx(client, SOME_HASH, CHAIN)
        known = await diagnose_tx(
            client, SOME_HASH, "ethereum", known_sender="0x" + "11" * 20, known_nonce=3
        )
        with contextlib.suppress(RpcError):
            await fee_advice(client, CHAIN)
    for diagnosis in (plain, known):
        assert diagnosis.reason and diagnosis.advice
        json.dumps(diagnosis.to_dict())


@pytest.fixture
def closed_port() -> int:
    return free_port()  # bound, then released: nothing listens there


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts connections (kernel backlog) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])


async def test_node_down_is_a_node_error_not_a_diagnosis(closed_port: int) -> None:
    async with RpcClient(f"http://127.0.0.1:{closed_port}/KEY123", timeout=2) as client:
        diagnosis = await diagnose_tx(client, SOME_HASH, "ethereum")
        with pytest.raises(RpcError, match="could not be reached"):
            await fee_advice(client)
    assert diagnosis.status == "node_error"
    assert "could not be reached" in diagnosis.reason
    assert "Ethereum" in diagnosis.reason
    assert str(closed_port) not in diagnosis.reason and "KEY123" not in diagnosis.reason
    assert any("Try again" in line for line in diagnosis.advice)
    assert diagnosis.to_dict()["status"] == "node_error"


async def test_silent_node_times_out_plainly(silent_port: int) -> None:
    async with RpcClient(f"http://127.0.0.1:{silent_port}", timeout=0.3) as client:
        with pytest.raises(RpcTimeout, match=r"did not answer within 0.3 s"):
            await client.call("eth_blockNumber", [])
        diagnosis = await diagnose_tx(client, SOME_HASH, CHAIN)
    assert diagnosis.status == "node_error"
    assert "did not answer within 0.3 s" in diagnosis.reason


async def test_fee_advice_falls_back_to_gas_price_without_fee_history() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["method"] == "eth_gasPrice":
            return httpx.Response(
                200, json={"jsonrpc": "2.0", "id": body["id"], "result": "0x3b9aca00"}
            )
        error = {"code": -32601, "message": "the method eth_feeHistory does not exist"}
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "error": error})

    async with _mock(handler) as http:
        advice = await fee_advice(RpcClient("http://node.example", client=http), "bsc")
    assert advice.base_fee_gwei is None
    assert advice.levels["slow"]["max_fee_gwei"] == 1
    assert advice.levels["fast"]["max_fee_gwei"] == 1.25
    assert "gas price suggestion" in advice.explanation and "BNB" in advice.explanation


async def test_unconfigured_chain_says_so(ganache: Node) -> None:
    diagnosis = await diagnose_with_endpoints({"devnet": ganache.url}, SOME_HASH, "bsc")
    assert diagnosis.status == "not_configured"
    assert "BNB Smart Chain" in diagnosis.reason
    configured = await diagnose_with_endpoints({"devnet": ganache.url}, SOME_HASH, "DevNet")
    assert configured.status == "not_found"


# ---- real transactions on the local node -------------------------------------------------
async def test_node_of_another_network_is_reported_not_misdiagnosed(ganache: Node) -> None:
    diagnosis = await diagnose(ganache, SOME_HASH, "ethereum")  # ganache serves chain 1337
    assert diagnosis.status == "node_error"
    assert "chain id 1337, expected 1" in diagnosis.reason


async def test_unknown_hash_is_not_found_with_advice_for_both_readings(ganache: Node) -> None:
    diagnosis = await diagnose(ganache, SOME_HASH)
    assert diagnosis.status == "not_found"
    advice = " ".join(diagnosis.advice)
    assert "whole hash" in advice and "network" in advice  # typo / wrong network
    assert "dropped" in advice and "never left" in advice  # dropped: resubmit
    assert list(diagnosis.to_dict())[:3] == ["status", "reason", "advice"]


async def test_success_with_confirmations(ganache: Node) -> None:
    account = ganache.fresh_account()
    tx_hash = await ganache.send(account, value=10**15)
    await ganache.mine(2)
    diagnosis = await diagnose(ganache, tx_hash.upper().replace("0X", "0x"))
    receipt = await ganache.receipt(tx_hash)
    assert diagnosis.status == "success"
    assert diagnosis.confirmations == 3
    assert diagnosis.sender == account.address.lower()
    assert diagnosis.nonce == 0
    assert diagnosis.gas_used == 21_000
    assert diagnosis.fee_paid_wei == 21_000 * int(receipt["effectiveGasPrice"], 16)
    assert "cannot be reversed" in diagnosis.reason
    assert any("exchange" in line and "hash" in line for line in diagnosis.advice)


async def test_pending_transaction_and_its_replacement_minimum_is_accepted(ganache: Node) -> None:
    account = await ganache.seasoned_account()
    async with ganache.miner_stopped():
        # a multiple of 10, so "+10 %" is exact under both geth's and ganache's rounding
        max_fee = (3 * await ganache.next_base_fee() + 10**9) // 10 * 10
        tx_hash = await ganache.send(account, nonce=1, max_fee=max_fee, tip=10**9)
        diagnosis = await diagnose(ganache, tx_hash)
        assert diagnosis.status == "pending"
        assert diagnosis.nonce == 1 and diagnosis.confirmations is None
        assert diagnosis.advice[0].startswith("Wait")
        fees = diagnosis.replacement
        assert fees is not None
        assert fees["maxFeePerGas"] >= max_fee * 1.1
        assert fees["maxPriorityFeePerGas"] >= 10**9 * 1.1
        assert format_gwei(fees["maxFeePerGas"]) in " ".join(diagnosis.advice)
        # the node's own pool refuses one wei less, and takes exactly the minimum
        raw, _ = ganache.sign(
            account, nonce=1, max_fee=fees["maxFeePerGas"] - 1, tip=fees["maxPriorityFeePerGas"]
        )
        refused = await ganache.raw("eth_sendRawTransaction", [raw])
        assert "underpriced" in refused["error"]["message"]
        speed_up = await ganache.send(
            account, nonce=1, max_fee=fees["maxFeePerGas"], tip=fees["maxPriorityFeePerGas"]
        )
        await ganache.mine()
    assert (await diagnose(ganache, speed_up)).status == "success"


async def test_low_tip_is_pending_with_a_hint(ganache: Node) -> None:
    account = ganache.fresh_account()
    await ganache.send(account, tip=10**9)  # a recent block where the tip was 1 gwei
    async with ganache.miner_stopped():
        tx_hash = await ganache.send(account, max_fee=3 * await ganache.next_base_fee(), tip=0)
        diagnosis = await diagnose(ganache, tx_hash)
    assert diagnosis.status == "pending"
    assert "tip" in diagnosis.reason and "may wait" in diagnosis.reason


async def test_legacy_pending_transaction_gets_a_gas_price_that_the_pool_accepts(
    ganache: Node,
) -> None:
    account = await ganache.seasoned_account()
    async with ganache.miner_stopped():
        price = 2 * await ganache.next_base_fee()
        tx_hash = await ganache.send(account, nonce=1, gas_price=price)
        diagnosis = await diagnose(ganache, tx_hash)
        assert diagnosis.status == "pending"
        assert diagnosis.replacement is not None
        new_price = diagnosis.replacement["gasPrice"]
        assert "legacy gas price" in " ".join(diagnosis.advice)
        replaced = await ganache.send(account, nonce=1, gas_price=new_price)
        assert replaced != tx_hash


async def test_stuck_behind_a_missing_nonce(ganache: Node) -> None:
    account = ganache.fresh_account()
    async with ganache.miner_stopped():
        tx_hash = await ganache.send(account, nonce=1)  # nonce 0 was never sent
        diagnosis = await diagnose(ganache, tx_hash)
    assert diagnosis.status == "stuck"
    assert diagnosis.nonce == 1
    assert "next nonce on the chain is 0" in diagnosis.reason
    assert any("nonce 0" in line and "fill the gap" in line for line in diagnosis.advice)


async def test_stuck_behind_an_earlier_pending_transaction(ganache: Node) -> None:
    account = ganache.fresh_account()
    async with ganache.miner_stopped():
        await ganache.send(account, nonce=0)
        await ganache.send(account, nonce=1)
        later = await ganache.send(account, nonce=2)
        diagnosis = await diagnose(ganache, later)
        first = await diagnose(ganache, ganache.sign(account, nonce=0, max_fee=1)[1])
    assert diagnosis.status == "stuck"
    assert "nonces 0 to 1" in diagnosis.reason
    assert "up to 1" in " ".join(diagnosis.advice)
    assert first.status == "not_found"  # a different signature of nonce 0 was never sent


async def test_fee_cap_below_base_fee_is_stuck_then_dropped(ganache: Node) -> None:
    account = ganache.fresh_account()
    async with ganache.miner_stopped():
        base = await ganache.next_base_fee()
        tx_hash = await ganache.send(account, nonce=0, max_fee=base // 2, tip=0)
        diagnosis = await diagnose(ganache, tx_hash)
        assert diagnosis.status == "stuck"
        assert "below the network's current base fee" in diagnosis.reason
        assert diagnosis.replacement is not None
        assert diagnosis.replacement["maxFeePerGas"] > base
        assert any("speed it up or cancel" in line for line in diagnosis.advice)
        # ganache evicts transactions that cannot pay the base fee when it mines a block
        await ganache.mine()
    unknown = await diagnose(ganache, tx_hash)
    assert unknown.status == "not_found"
    dropped = await diagnose(ganache, tx_hash, known_sender=account.address, known_nonce=0)
    assert dropped.status == "dropped"
    assert "never left" in dropped.reason
    assert dropped.advice[0].startswith("Send it again")


async def test_dropped_with_a_gap_and_an_empty_account(ganache: Node) -> None:
    from eth_account import Account

    empty = Account.create()
    _, never_sent = ganache.sign(empty, nonce=2, max_fee=10**9)
    diagnosis = await diagnose(ganache, never_sent, known_sender=empty.address, known_nonce=2)
    advice = " ".join(diagnosis.advice)
    assert diagnosis.status == "dropped"
    assert "nonces 0 to 1 must be used" in advice
    assert "top up" in advice


async def test_replaced_by_a_speed_up_found_through_the_sender_and_nonce(ganache: Node) -> None:
    account = await ganache.seasoned_account()
    async with ganache.miner_stopped():
        fee = 2 * await ganache.next_base_fee() + 10**9
        original = await ganache.send(account, nonce=1, max_fee=fee, tip=10**9)
        faster = await ganache.send(account, nonce=1, max_fee=2 * fee, tip=2 * 10**9)
        await ganache.mine()
    assert (await diagnose(ganache, original)).status == "not_found"  # ganache forgets it
    diagnosis = await diagnose(ganache, original, known_sender=account.address, known_nonce=1)
    assert diagnosis.status == "replaced"
    assert diagnosis.replaced_by == faster
    assert faster in diagnosis.reason and "succeeded" in diagnosis.reason
    assert "never execute" in diagnosis.reason
    # the caller only knew the sender and nonce, so a key compromise cannot be ruled out
    assert any("someone else may hold" in line for line in diagnosis.advice)


async def test_replaced_by_a_cancel(ganache: Node) -> None:
    account = await ganache.seasoned_account()
    async with ganache.miner_stopped():
        fee = 2 * await ganache.next_base_fee() + 10**9
        original = await ganache.send(account, nonce=1, max_fee=fee, value=10**17)
        cancel = await ganache.send(
            account, nonce=1, to=account.address, value=0, max_fee=2 * fee, tip=2 * 10**9
        )
        await ganache.mine()
    diagnosis = await diagnose(ganache, original, known_sender=account.address, known_nonce=1)
    assert diagnosis.status == "replaced"
    assert diagnosis.replaced_by == cancel
    assert any("cancelled" in line for line in diagnosis.advice)


class _RemembersOriginal(httpx.AsyncBaseTransport):
    """Forwards to the real node, but still returns a replaced transaction by hash, as
    geth does for a while after a replacement (ganache forgets it at once)."""

    def __init__(self, remembered: dict[str, Any]) -> None:
        self._node = httpx.AsyncHTTPTransport()
        self._remembered = remembered

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(await request.aread())
        if body["method"] == "eth_getTransactionByHash" and body["params"][0] in self._remembered:
            result = self._remembered[body["params"][0]]
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": result})
        return await self._node.handle_async_request(request)

    async def aclose(self) -> None:
        await self._node.aclose()


async def test_replaced_while_the_node_still_returns_the_original(ganache: Node) -> None:
    account = await ganache.seasoned_account()
    async with ganache.miner_stopped():
        fee = 2 * await ganache.next_base_fee() + 10**9
        original = await ganache.send(account, nonce=1, max_fee=fee, value=5)
        seen_pending = await ganache.rpc("eth_getTransactionByHash", [original])
        faster = await ganache.send(account, nonce=1, max_fee=2 * fee, tip=2 * 10**9, value=5)
        await ganache.mine()
    async with httpx.AsyncClient(transport=_RemembersOriginal({original: seen_pending})) as http:
        diagnosis = await diagnose_tx(RpcClient(ganache.url, client=http), original, CHAIN)
    assert diagnosis.status == "replaced"
    assert diagnosis.replaced_by == faster
    assert "sped-up copy" in diagnosis.reason
    assert not any("someone else" in line for line in diagnosis.advice)


async def test_pending_but_a_speed_up_needs_more_coin(ganache: Node) -> None:
    from eth_account import Account

    funder, poor = ganache.fresh_account(), Account.create()
    max_fee = 4 * await ganache.next_base_fee() + 10**9
    await ganache.send(funder, to=poor.address, value=21_000 * max_fee + 1_000)
    async with ganache.miner_stopped():
        # exactly affordable now; a replacement with +10% fees is not
        tx_hash = await ganache.send(poor, nonce=0, value=1_000, max_fee=max_fee)
        diagnosis = await diagnose(ganache, tx_hash)
    assert diagnosis.status == "pending"
    assert any("top up native coin" in line for line in diagnosis.advice)


async def test_failed_with_the_revert_reason(ganache: Node) -> None:
    account = ganache.fresh_account()
    contract = await ganache.deploy(account, REVERT_NOT_ALLOWED)
    tx_hash = await ganache.send(account, to=contract, value=0, gas=100_000)
    diagnosis = await diagnose(ganache, tx_hash)
    assert diagnosis.status == "failed"
    assert diagnosis.revert_reason == "not allowed"
    assert "“not allowed”" in diagnosis.reason
    assert diagnosis.gas_used is not None and diagnosis.gas_used < 100_000
    assert diagnosis.fee_paid_wei and diagnosis.fee_paid_wei > 0
    assert "cannot be refunded" in diagnosis.reason
    assert any("slippage" in line for line in diagnosis.advice)


async def test_failed_with_a_panic(ganache: Node) -> None:
    account = ganache.fresh_account()
    contract = await ganache.deploy(account, PANIC_ASSERT)
    tx_hash = await ganache.send(account, to=contract, value=0, gas=100_000)
    diagnosis = await diagnose(ganache, tx_hash)
    assert diagnosis.status == "failed"
    assert diagnosis.revert_reason == "Panic(0x01): assertion failed"


async def test_failed_out_of_gas(ganache: Node) -> None:
    account = ganache.fresh_account()
    contract = await ganache.deploy(account, LOOP_FOREVER)
    tx_hash = await ganache.send(account, to=contract, value=0, gas=60_000)
    diagnosis = await diagnose(ganache, tx_hash)
    assert diagnosis.status == "failed"
    assert diagnosis.gas_used == 60_000
    assert "ran out of gas" in diagnosis.reason
    assert diagnosis.revert_reason is None
    assert any("higher gas limit" in line for line in diagnosis.advice)


# ---- fee advice on the local node --------------------------------------------------------
async def test_fee_advice_on_a_quiet_node(ganache: Node) -> None:
    await ganache.send(ganache.fresh_account())
    await ganache.mine(25)  # a window of empty blocks: the base fee falls
    advice = await fees(ganache)
    assert not advice.busy
    base = await ganache.next_base_fee()
    assert advice.base_fee_gwei == base / 10**9
    levels = [advice.levels[name] for name in ("slow", "normal", "fast")]
    assert [lv["max_fee_wei"] for lv in levels] == sorted(lv["max_fee_wei"] for lv in levels)
    assert all(lv["max_fee_wei"] >= base + lv["priority_fee_wei"] for lv in levels)
    assert levels[1]["priority_fee_wei"] > 0  # empty blocks: the node's tip suggestion
    assert "calm" in advice.explanation


async def test_fee_advice_when_blocks_are_full(ganache: Node) -> None:
    account = ganache.fresh_account()
    burner = await ganache.deploy(account, INVALID_OPCODE)
    before = await ganache.next_base_fee()
    for _ in range(6):  # six blocks, each ~97% full (the target is 50%)
        await ganache.send(account, to=burner, value=0, gas=29_000_000)
    advice = await fees(ganache)
    assert advice.busy
    assert advice.base_fee_gwei is not None and advice.base_fee_gwei * 10**9 > before * 1.5
    assert advice.recent_block_fullness is not None and advice.recent_block_fullness > 0.9
    assert "high right now" in advice.explanation
    assert "97% full" in advice.explanation


async def test_node_call_errors_surface_in_the_test_helper(ganache: Node) -> None:
    """Guard for the fixture itself: a refused transaction must not pass silently."""
    account = ganache.fresh_account()
    with pytest.raises(RuntimeError, match="insufficient funds"):
        await ganache.send(account, nonce=0, max_fee=10**9, value=10**30)  # can't afford


def test_diagnosis_to_dict_is_a_copy() -> None:
    diagnosis = TxDiagnosis("pending", "r", ["a"], "devnet", SOME_HASH, replacement={"x": 1})
    out = diagnosis.to_dict()
    assert list(out)[:3] == ["status", "reason", "advice"]
    assert set(out) >= {"confirmations", "nonce", "revert_reason", "replacement", "replaced_by"}
    advice, replacement = out["advice"], out["replacement"]
    assert isinstance(advice, list) and isinstance(replacement, dict)
    advice.append("changed")
    replacement["x"] = 2
    assert diagnosis.advice == ["a"] and diagnosis.replacement == {"x": 1}
