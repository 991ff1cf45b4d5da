"""A real local EVM node (ganache 7) for the transaction-diagnosis tests, one per session.

Found through ``WALLETDESK_GANACHE`` or ``.ci/node/node_modules/.bin/ganache`` (``npm ci``
in ``.ci/node``). Without it the tests that need it are skipped, except under ``CI``,
where they fail. Every test gets its own funded account, so nonces never collide; a test
that stops the miner starts it again on the way out.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from tests import support

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GANACHE = REPO / ".ci" / "node" / "node_modules" / ".bin" / "ganache"
CHAIN_ID = 1337
ACCOUNTS = 32
BALANCE_WEI = 1_000 * 10**18


class NodeCallError(RuntimeError):
    """The test node rejected a call the test made (not the code under test)."""


free_port = support.free_port


@dataclass
class Node:
    url: str
    keys: list[bytes]
    _next: Iterator[int] = field(default_factory=itertools.count)

    def fresh_account(self) -> LocalAccount:
        """A funded account no other test uses."""
        index = next(self._next)
        if index >= len(self.keys):
            raise RuntimeError("raise ACCOUNTS in tests/chain/conftest.py")
        account: LocalAccount = Account.from_key(self.keys[index])
        return account

    async def seasoned_account(self) -> LocalAccount:
        """A fresh account that already has one mined transaction (its next nonce is 1).

        Tests that replace a transaction use it: ganache 7.9.2 mines *both* the original
        and its replacement when they use an account's very first nonce (0); from nonce 1
        on it keeps only the replacement, as real nodes do.
        """
        account = self.fresh_account()
        await self.send(account)
        return account

    async def raw(self, method: str, params: list[Any] | None = None) -> dict[str, Any]:
        payload = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}
        # plain http to loopback: skip loading the CA bundle (~0.1 s per client)
        async with httpx.AsyncClient(timeout=60, verify=False) as client:
            reply: dict[str, Any] = (await client.post(self.url, json=payload)).json()
        return reply

    async def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        reply = await self.raw(method, params)
        if "error" in reply:
            raise NodeCallError(f"{method}: {reply['error'].get('message')}")
        return reply["result"]

    async def nonce(self, address: str) -> int:
        return int(await self.rpc("eth_getTransactionCount", [address, "latest"]), 16)

    async def next_base_fee(self) -> int:
        history = await self.rpc("eth_feeHistory", ["0x1", "latest", []])
        return int(history["baseFeePerGas"][-1], 16)

    async def receipt(self, tx_hash: str) -> dict[str, Any]:
        receipt: dict[str, Any] = await self.rpc("eth_getTransactionReceipt", [tx_hash])
        return receipt

    def sign(
        self,
        account: LocalAccount,
        *,
        nonce: int,
        to: str | None = "0x" + "11" * 20,
        value: int = 1,
        gas: int = 21_000,
        max_fee: int | None = None,
        tip: int = 10**9,
        gas_price: int | None = None,
        data: bytes = b"",
    ) -> tuple[str, str]:
        """(raw transaction, hash); EIP-1559 unless ``gas_price`` is given."""
        tx: dict[str, Any] = {"chainId": CHAIN_ID, "nonce": nonce, "value": value, "gas": gas}
        if data:
            tx["data"] = data
        if to is not None:
            tx["to"] = to_checksum_address(to)
        if gas_price is not None:
            tx["gasPrice"] = gas_price
        else:
            assert max_fee is not None
            tx.update(maxFeePerGas=max_fee, maxPriorityFeePerGas=tip, type=2)
        signed = account.sign_transaction(tx)
        return "0x" + signed.raw_transaction.hex(), "0x" + signed.hash.hex()

    async def send(self, account: LocalAccount, *, nonce: int | None = None, **tx: Any) -> str:
        """Sign and broadcast; returns the hash (mined at once while the miner runs)."""
        if nonce is None:
            nonce = await self.nonce(account.address)
        if tx.get("gas_price") is None and tx.get("max_fee") is None:
            tx["max_fee"] = 2 * await self.next_base_fee() + tx.get("tip", 10**9)
        raw, tx_hash = self.sign(account, nonce=nonce, **tx)
        sent = await self.rpc("eth_sendRawTransaction", [raw])
        assert sent == tx_hash
        return tx_hash

    async def deploy(self, account: LocalAccount, runtime: bytes) -> str:
        """Deploy ``runtime`` as a contract's code; returns its address."""
        init = bytes([0x60, len(runtime), 0x60, 0x0C, 0x60, 0x00, 0x39])  # CODECOPY it
        init += bytes([0x60, len(runtime), 0x60, 0x00, 0xF3])  # and RETURN it
        tx_hash = await self.send(account, to=None, value=0, gas=200_000, data=init + runtime)
        receipt = await self.receipt(tx_hash)
        assert receipt["status"] == "0x1"
        return str(receipt["contractAddress"])

    async def mine(self, blocks: int = 1) -> None:
        for _ in range(blocks):
            await self.rpc("evm_mine")

    @asynccontextmanager
    async def miner_stopped(self) -> AsyncIterator[None]:
        """Transactions sent inside stay pending (``evm_mine`` still mines on demand)."""
        await self.rpc("miner_stop")
        try:
            yield
        finally:
            await self.rpc("miner_start")


def _ganache() -> str:
    configured = os.environ.get("WALLETDESK_GANACHE")
    path = configured or (str(DEFAULT_GANACHE) if DEFAULT_GANACHE.exists() else None)
    path = path or shutil.which("ganache")
    if not path or not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail("ganache is required in CI (.ci/run installs it: npm ci in .ci/node)")
        pytest.skip("ganache not installed (cd .ci/node && npm ci), or set WALLETDESK_GANACHE")
    return path


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    payload = {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"ganache exited:\n{log.read_text()}")
        try:
            if httpx.post(url, json=payload, timeout=1).json().get("result") == hex(CHAIN_ID):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"ganache did not become ready:\n{log.read_text()}")


@pytest.fixture(scope="session")
def ganache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    binary = _ganache()
    keys = [keccak(text=f"walletdesk test account {i}") for i in range(ACCOUNTS)]
    port = free_port()
    command = [
        binary,
        "--server.host=127.0.0.1",
        f"--server.port={port}",
        "--server.ws=false",
        f"--chain.chainId={CHAIN_ID}",
        "--miner.instamine=eager",
        "--logging.quiet",
    ]
    for key in keys:
        command.append(f"--wallet.accounts=0x{key.hex()},{hex(BALANCE_WEI)}")
    log = tmp_path_factory.mktemp("ganache") / "ganache.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc, log)
        yield Node(url, keys)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
