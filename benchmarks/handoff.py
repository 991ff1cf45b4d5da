"""Time from handoff to the agent's screen: the real server (`walletdesk serve`, embedded
SQLite), N agents logged in with the console's live queue socket open, M customers asking
for a human at once. Measures, per ticket, from the customer's "skip" request (the one that
opens the ticket) to the first agent socket that shows it, and to the assigned agent's.
Prints one JSON document.

    .venv/bin/python benchmarks/handoff.py [--customers 200] [--agents 10] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import websockets
from _common import free_port, percentiles

PASSWORD = "benchmark pass phrase 1"


async def add_agents(data_dir: Path, count: int) -> None:
    os.environ["WALLETDESK_DATA_DIR"] = str(data_dir)
    from walletdesk.config import Settings
    from walletdesk.desk.admin import add_agent
    from walletdesk.desk.agents import set_password
    from walletdesk.store.db import Database

    db = Database(Settings().resolved_database_url)
    try:
        async with db.session() as session:
            for i in range(count):
                agent, _ = await add_agent(
                    session,
                    "benchmark",
                    email=f"agent{i}@bench.example",
                    name=f"Agent {i}",
                    role="agent",
                    team="Support",
                    languages="en,zh,es,ar",
                    skills="security,transactions,defi,hardware,general",
                    capacity=5,
                )
                set_password(agent, PASSWORD)
            await session.commit()
    finally:
        await db.dispose()


async def agent_session(client: httpx.AsyncClient, index: int) -> str:
    response = await client.post(
        "/console/login",
        data={"email": f"agent{index}@bench.example", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    token = response.cookies["wd_session"]
    page = await client.get("/console", cookies={"wd_session": token})
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    await client.post(
        "/console/presence",
        data={"presence": "online", "csrf": csrf},
        cookies={"wd_session": token},
        follow_redirects=False,
    )
    return token


async def run(url: str, customers: int, agents: int, concurrency: int) -> dict[str, Any]:
    seen_first: dict[str, float] = {}
    seen_assigned: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        tokens = [await agent_session(client, i) for i in range(agents)]
        ws_url = url.replace("http", "ws") + "/console/ws"
        sockets = [
            await websockets.connect(ws_url, additional_headers={"Cookie": f"wd_session={t}"})
            for t in tokens
        ]

        async def listen(index: int, ws: Any) -> None:
            async for raw in ws:
                now = time.perf_counter()
                event = json.loads(raw)
                ticket = event.get("ticket") or {}
                cid = ticket.get("conversation_id")
                if event.get("type") != "ticket.new" or not cid:
                    continue
                seen_first.setdefault(cid, now)
                if ticket.get("assignee_id"):
                    seen_assigned.setdefault(cid, now)

        listeners = [asyncio.create_task(listen(i, ws)) for i, ws in enumerate(sockets)]
        started: dict[str, float] = {}
        errors = 0
        gate = asyncio.Semaphore(concurrency)

        async def customer(i: int) -> None:
            nonlocal errors
            async with gate:
                try:
                    made = (
                        await client.post("/api/v1/conversations", json={"language": "en"})
                    ).json()
                    cid = made["conversation"]["id"]
                    auth = {"Authorization": f"Bearer {made['customer_token']}"}
                    path = f"/api/v1/conversations/{cid}/messages"
                    await client.post(path, headers=auth, json={"text": "I need a human please"})
                    started[cid] = time.perf_counter()
                    await client.post(path, headers=auth, json={"text": "skip"})
                except (httpx.HTTPError, KeyError):
                    errors += 1

        wall = time.perf_counter()
        await asyncio.gather(*(customer(i) for i in range(customers)))
        for _ in range(600):  # up to 30 s for the last events to arrive
            if len(seen_first) >= len(started):
                break
            await asyncio.sleep(0.05)
        wall = time.perf_counter() - wall
        for task in listeners:
            task.cancel()
        for ws in sockets:
            await ws.close()
        queue = (await client.get("/console/api/queue", cookies={"wd_session": tokens[0]})).json()[
            "tickets"
        ]

    first = [seen_first[c] - started[c] for c in started if c in seen_first]
    assigned = [seen_assigned[c] - started[c] for c in started if c in seen_assigned]
    return {
        "customers": customers,
        "agents": agents,
        "concurrency": concurrency,
        "tickets_opened": len(started),
        "errors": errors,
        "shown_on_an_agent_screen": len(first),
        "lost": len(started) - len(first),
        "handoff_to_agent_screen": percentiles(first),
        "assigned_on_arrival": len(assigned),
        "handoff_to_assigned_agent_screen": percentiles(assigned),
        "waiting_in_queue_after": sum(1 for t in queue if t["assignee_id"] is None),
        "wall_seconds": round(wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="wd-handoff-"))
    port = free_port()
    env = {
        **os.environ,
        "WALLETDESK_DATA_DIR": str(root / "data"),
        "WALLETDESK_LOG_LEVEL": "WARNING",
    }
    log = (root / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "walletdesk", "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(3000):
            if proc.poll() is not None:
                raise SystemExit((root / "server.log").read_text())
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        asyncio.run(add_agents(root / "data", args.agents))
        result = asyncio.run(run(url, args.customers, args.agents, args.concurrency))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
