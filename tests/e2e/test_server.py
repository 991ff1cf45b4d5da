"""A conversation through the real server over REST and WebSocket."""

from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest
import websockets

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e


def test_first_start_prints_urls_and_one_time_password(live_server: LiveServer) -> None:
    text = live_server.output.read_text()
    assert f"Widget:  {live_server.url}/widget" in text
    assert f"Console: {live_server.url}/console" in text
    assert re.search(r"one-time password: \S{12,}", text)
    if not live_server.database_url:  # embedded default: SQLite in the data dir
        assert (live_server.data_dir / "walletdesk.db").exists()


def test_rest_then_websocket_conversation(live_server: LiveServer) -> None:
    started = httpx.post(
        f"{live_server.url}/api/v1/conversations", json={"language": "en"}, timeout=30
    )
    assert started.status_code == 201
    token = started.json()["customer_token"]
    cid = started.json()["conversation"]["id"]
    auth = {"Authorization": f"Bearer {token}"}
    rest = httpx.post(
        f"{live_server.url}/api/v1/conversations/{cid}/messages",
        headers=auth,
        json={"text": "my transaction is pending for hours", "client_id": "r1"},
        timeout=30,
    )
    assert rest.status_code == 201
    assert rest.json()["replies"][0]["articles"][0]["id"] in (
        "transaction-pending",
        "speed-up-cancel",
    )

    async def over_websocket() -> list[dict[str, object]]:
        ws_url = live_server.url.replace("http", "ws") + "/api/v1/ws"
        async with websockets.connect(ws_url) as ws:
            await ws.send(
                json.dumps({"type": "auth", "token": token, "conversation_id": cid, "after": 3})
            )  # resume after the REST exchange
            assert json.loads(await ws.recv()) == {"type": "ready", "last_seq": 3}
            await ws.send(json.dumps({"type": "send", "text": "助记词怎么备份", "client_id": "w1"}))
            frames = [json.loads(await asyncio.wait_for(ws.recv(), 30)) for _ in range(3)]
            return frames

    frames = asyncio.run(over_websocket())
    messages = [f["message"] for f in frames if f["type"] == "message"]
    assert [m["seq"] for m in messages] == [4, 5]  # type: ignore[index]
    bot = messages[1]
    assert bot["articles"][0]["url"].endswith("/kb/zh/backup-recovery-phrase")  # type: ignore[index]

    listing = httpx.get(
        f"{live_server.url}/api/v1/conversations/{cid}/messages", headers=auth, timeout=30
    ).json()
    assert [m["seq"] for m in listing["messages"]] == [1, 2, 3, 4, 5]
