"""Wallet-diagnostics figures: address checks per second, and transaction-diagnosis
latency against a real local EVM node (ganache from .ci/node). Prints one JSON document.

    (cd .ci/node && npm ci) && .venv/bin/python benchmarks/chain_speed.py
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from _common import free_port
from eth_account import Account
from eth_utils import keccak

from walletdesk.chain.addresses import check_address, evm_to_tron, find_addresses
from walletdesk.chain.rpc import RpcClient, diagnose_tx, fee_advice

GANACHE = Path(
    os.environ.get(
        "WALLETDESK_GANACHE",
        Path(__file__).resolve().parents[1] / ".ci" / "node" / "node_modules" / ".bin" / "ganache",
    )
)
ADDRESSES = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
    "THVmXun9u721tBiYcT3VfLQKcwYBmoY1xX",
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    "So11111111111111111111111111111111111111112",
    "not-an-address",
    "0x123",
]


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def address_figures(rounds: int = 3000) -> dict[str, Any]:
    for a in ADDRESSES:
        check_address(a)
    started = time.perf_counter()
    for i in range(rounds):
        check_address(ADDRESSES[i % len(ADDRESSES)])
    per_second = rounds / (time.perf_counter() - started)
    message = (
        "hi, I sent 50 USDT from 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed to "
        f"{evm_to_tron('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')} yesterday, "
        "still nothing. tx 0x" + "ab" * 32
    )
    started = time.perf_counter()
    for _ in range(500):
        find_addresses(message)
    return {
        "check_address_per_second": round(per_second),
        "find_addresses_in_chat_message_ms": round((time.perf_counter() - started) / 500 * 1000, 4),
    }


async def diagnosis_figures(url: str, key: bytes, count: int = 40) -> dict[str, Any]:
    account = Account.from_key(key)
    sent = []
    async with httpx.AsyncClient() as http:

        async def rpc(method: str, params: list[Any]) -> Any:
            reply = await http.post(
                url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
            )
            return reply.json()["result"]

        for nonce in range(count):
            tx = {
                "to": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "value": 10**12,
                "gas": 21000,
                "maxFeePerGas": 10**11,
                "maxPriorityFeePerGas": 10**9,
                "nonce": nonce,
                "chainId": 1337,
                "type": 2,
            }
            raw = Account.sign_transaction(tx, key).raw_transaction
            sent.append(await rpc("eth_sendRawTransaction", ["0x" + raw.hex()]))
    client = RpcClient(url, timeout=5)
    samples = []
    for tx_hash in sent:
        t0 = time.perf_counter()
        diagnosis = await diagnose_tx(client, tx_hash, "devnet")
        samples.append((time.perf_counter() - t0) * 1000)
        assert diagnosis.status == "success", diagnosis
    t0 = time.perf_counter()
    await fee_advice(client, "devnet")
    fee_ms = (time.perf_counter() - t0) * 1000
    await client.aclose()
    return {
        "node": "ganache 7.9.2 on loopback",
        "diagnoses": count,
        "diagnose_ms_p50": round(pct(samples, 0.5), 2),
        "diagnose_ms_p99": round(pct(samples, 0.99), 2),
        "fee_advice_ms": round(fee_ms, 2),
        "account": account.address,
    }


def main() -> None:
    report: dict[str, Any] = {"benchmark": "chain_speed", "addresses": address_figures()}
    key = keccak(text="walletdesk benchmark account")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                str(GANACHE),
                "--server.host=127.0.0.1",
                f"--server.port={port}",
                "--server.ws=false",
                "--chain.chainId=1337",
                "--miner.instamine=eager",
                "--logging.quiet",
                f"--wallet.accounts=0x{key.hex()},{hex(10**21)}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(600):
                try:
                    httpx.post(
                        url,
                        json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
                        timeout=1,
                    )
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            report["tx_diagnosis"] = asyncio.run(diagnosis_figures(url, key))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
