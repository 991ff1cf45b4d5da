"""Bot-path throughput and latency: in-process and over HTTP, next to a trivial FastAPI
endpoint measured in the same run on the same machine. Prints one JSON document.

    .venv/bin/python benchmarks/bot_path.py [--messages 400] [--http-messages 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from _common import free_port, percentiles
from fastapi import FastAPI

from walletdesk.app import build_services, create_app
from walletdesk.bot.policy import ConversationState
from walletdesk.config import Settings
from walletdesk.logging import configure_logging
from walletdesk.safety.scan import scan

QUESTIONS = [
    "how do I back up my recovery phrase?",
    "助记词怎么备份",
    "my transaction has been pending for 3 hours",
    "转账一直没到账怎么办",
    "I sent USDT TRC20 to my 0x52908400098527886E0F7030069857D2E4169EE7 address",
    "is metamask-login.io official?",
    "how do I revoke token approvals",
    "忘记密码了",
    "why are gas fees so high today",
    "my wallet was drained, help!!",
]


def in_process(settings: Settings, count: int) -> dict[str, Any]:
    services = asyncio.run(build_services(settings))
    bot, links = services.bot, services.links
    for q in QUESTIONS:  # warm caches
        bot.reply(scan(q, links), ConversationState())
    samples = []
    start = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        turn = bot.reply(scan(QUESTIONS[i % len(QUESTIONS)], links), ConversationState())
        services.guard.check(turn.answer)
        samples.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    asyncio.run(services.db.dispose())
    return {"messages": count, "messages_per_s": round(count / elapsed, 1), **percentiles(samples)}


def serve(app: FastAPI, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(600):
        if server.started:
            return server
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def over_http(settings: Settings, count: int) -> dict[str, Any]:
    port = free_port()
    server = serve(create_app(settings), port)
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=30) as client:
        started = client.post("/api/v1/conversations", json={"language": "en"}).json()
        auth = {"Authorization": f"Bearer {started['customer_token']}"}
        url = f"/api/v1/conversations/{started['conversation']['id']}/messages"
        samples = []
        start = time.perf_counter()
        for i in range(count):
            t0 = time.perf_counter()
            r = client.post(url, headers=auth, json={"text": QUESTIONS[i % len(QUESTIONS)]})
            r.raise_for_status()
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
    server.should_exit = True
    return {
        "messages": count,
        "messages_per_s": round(count / elapsed, 1),
        "note": "one customer, sequential: store message + bot + store reply, SQLite WAL "
        "with synchronous=FULL",
        **percentiles(samples),
    }


def trivial_http(count: int) -> dict[str, Any]:
    app = FastAPI()

    @app.post("/echo")
    async def echo(body: dict[str, str]) -> dict[str, str]:
        return body

    port = free_port()
    server = serve(app, port)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        samples = []
        start = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter()
            client.post("/echo", json={"text": "hello"}).raise_for_status()
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
    server.should_exit = True
    return {"requests": count, "requests_per_s": round(count / elapsed, 1), **percentiles(samples)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--http-messages", type=int, default=200)
    args = parser.parse_args()
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), log_level="WARNING")
        result = {
            "benchmark": "bot_path",
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "in_process": in_process(settings, args.messages),
            "http_bot": over_http(settings, args.http_messages),
            "http_trivial_fastapi": trivial_http(args.http_messages),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
