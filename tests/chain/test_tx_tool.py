"""The bot's transaction tool through the real desk: a customer pastes a hash and, with an
RPC endpoint configured, gets the node's diagnosis as a follow-up message."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi.testclient import TestClient

from tests.chain.conftest import Node
from walletdesk.app import create_app
from walletdesk.config import Settings


def test_pasted_hash_is_diagnosed_on_the_configured_node(
    ganache: Node, tmp_path: Path, model_cache: Path, database_url: str | None
) -> None:
    account = ganache.fresh_account()

    async def send_and_mine() -> str:
        tx_hash = await ganache.send(account, value=10**15)
        await ganache.mine(2)
        return tx_hash

    tx_hash = asyncio.run(send_and_mine())
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        model_cache_dir=model_cache,
        public_url="http://testserver",
        rpc_endpoints=f"devnet={ganache.url}",
    )
    with TestClient(create_app(settings)) as client:
        started = client.post("/api/v1/conversations", json={"language": "en"}).json()
        auth = {"Authorization": f"Bearer {started['customer_token']}"}
        cid = started["conversation"]["id"]
        body = client.post(
            f"/api/v1/conversations/{cid}/messages",
            headers=auth,
            json={"text": f"did my transfer go through? tx {tx_hash}"},
        ).json()
    replies = body["replies"]
    assert len(replies) == 2, replies
    assert "cannot be reversed" in replies[1]["text"]  # a confirmed transaction's diagnosis
    assert tx_hash.lower() in body["message"]["text"].lower()  # a tx hash is not redacted
