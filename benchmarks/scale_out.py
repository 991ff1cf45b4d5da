"""Scale-out mode on real PostgreSQL and Redis: WebSocket customers held per worker,
delivery latency across workers, bot answers per second, and a 10x surge replay counting
lost and duplicated messages. Prints one JSON document.

    .venv/bin/python benchmarks/scale_out.py [--sockets 2000] [--surge-seconds 10]

Needs WALLETDESK_TEST_POSTGRES (a server URL, e.g.
postgresql+asyncpg://root@127.0.0.1:5432/postgres) and WALLETDESK_TEST_REDIS.
Workers are separate `walletdesk serve` processes on their own ports (what
`serve --workers N` runs behind one port), so "across workers" is certain.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import websockets
from _common import free_port, percentiles
from sqlalchemy.engine import make_url

PASSWORD = "scale benchmark phrase 9"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class Cluster:
    def __init__(self, server: str, redis: str) -> None:
        self.server = server
        self.redis = redis
        self.db = f"wd_bench_{uuid.uuid4().hex[:8]}"
        self.root = Path(tempfile.mkdtemp(prefix="wd-scale-"))
        self.procs: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []

    @property
    def database_url(self) -> str:
        return make_url(self.server).set(database=self.db).render_as_string(hide_password=False)

    async def _admin(self, sql: str) -> None:
        dsn = make_url(self.server).set(drivername="postgresql")
        conn = await asyncpg.connect(dsn.render_as_string(hide_password=False))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def env(self, name: str) -> dict[str, str]:
        return {
            **os.environ,
            "WALLETDESK_DATABASE_URL": self.database_url,
            "WALLETDESK_REDIS_URL": self.redis,
            "WALLETDESK_DATA_DIR": str(self.root / name),
            "WALLETDESK_LOG_LEVEL": "WARNING",
            "WALLETDESK_MODEL_CACHE_DIR": os.environ.get(
                "WALLETDESK_MODEL_CACHE_DIR", str(self.root / "models")
            ),
            # every simulated customer comes from this one IP: lift the per-IP limit
            "WALLETDESK_RATE_LIMIT_CONVERSATIONS_PER_IP": "0",
        }

    def start(self, count: int) -> None:
        asyncio.run(self._admin(f'CREATE DATABASE "{self.db}"'))
        for i in range(count):
            port = free_port()
            log = (self.root / f"w{i}.log").open("w")
            self.procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "walletdesk", "serve", "--port", str(port)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=self.env(f"w{i}"),
                    cwd=self.root,
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
            self._wait(self.urls[-1], self.procs[-1])  # one at a time: the first trains
        subprocess.run(
            [sys.executable, "-m", "walletdesk", "agent", "add", "ops@bench.example",
             "--team", "Support", "--languages", "en,zh,es,ar", "--capacity", "50",
             "--password-stdin"],
            input=PASSWORD + "\n", text=True, env=self.env("cli"), check=True,
            capture_output=True,
        )  # fmt: skip

    def _wait(self, url: str, proc: subprocess.Popen[bytes]) -> None:
        for _ in range(3000):
            if proc.poll() is not None:
                raise SystemExit(f"worker exited; see {self.root}")
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"worker not ready; see {self.root}")

    def rss(self) -> list[float]:
        return [rss_mib(p.pid) for p in self.procs]

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)'))


async def start_customers(client: httpx.AsyncClient, count: int) -> list[tuple[str, str]]:
    gate = asyncio.Semaphore(20)

    async def one() -> tuple[str, str]:
        async with gate:
            for _ in range(5):
                response = await client.post("/api/v1/conversations", json={"language": "en"})
                if response.status_code == 201:
                    made = response.json()
                    return made["conversation"]["id"], made["customer_token"]
                await asyncio.sleep(0.5)
            raise RuntimeError(response.text)

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def open_socket(url: str, cid: str, token: str) -> Any:
    ws = await websockets.connect(
        url.replace("http", "ws") + "/api/v1/ws", open_timeout=60, ping_interval=None
    )
    await ws.send(json.dumps({"type": "auth", "token": token, "conversation_id": cid, "after": 0}))
    while json.loads(await ws.recv())["type"] != "ready":
        pass
    return ws


async def hold_sockets(cluster: Cluster, per_worker: int) -> dict[str, Any]:
    """Open per_worker customer sockets on every worker, then ping each and count pongs."""
    sockets: list[Any] = []
    started = time.perf_counter()
    for url in cluster.urls:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            customers = await start_customers(client, per_worker)
        gate = asyncio.Semaphore(100)

        async def connect(
            cid: str, token: str, url: str = url, gate: asyncio.Semaphore = gate
        ) -> Any:
            async with gate:
                return await open_socket(url, cid, token)

        sockets += await asyncio.gather(*(connect(c, t) for c, t in customers))
    opened = time.perf_counter() - started

    async def ping(ws: Any) -> bool:
        await ws.send(json.dumps({"type": "ping"}))
        while True:
            if json.loads(await asyncio.wait_for(ws.recv(), 30)).get("type") == "pong":
                return True

    answered = await asyncio.gather(*(ping(ws) for ws in sockets), return_exceptions=True)
    rss = cluster.rss()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return {
        "workers": len(cluster.urls),
        "sockets_per_worker": per_worker,
        "sockets_open_and_answering": sum(1 for a in answered if a is True),
        "seconds_to_open_all": round(opened, 1),
        "worker_rss_mib": rss,
    }


def agent_cookie(url: str) -> str:
    with httpx.Client(base_url=url, timeout=30) as agent:
        response = agent.post(
            "/console/login", data={"email": "ops@bench.example", "password": PASSWORD}
        )
        assert response.status_code in (200, 303), response.text
        return str(agent.cookies["wd_session"])


async def cross_worker_latency(cluster: Cluster, messages: int) -> dict[str, Any]:
    """Customer on worker 0 sends over its socket; the agent's console socket on worker 1
    receives it. Time from send to the agent's screen."""
    a, b = cluster.urls[0], cluster.urls[1]
    async with httpx.AsyncClient(base_url=a, timeout=60) as client:
        [(cid, token)] = await start_customers(client, 1)
        auth = {"Authorization": f"Bearer {token}"}
        for text in ("I need a human please", "skip"):
            await client.post(f"/api/v1/conversations/{cid}/messages", headers=auth,
                              json={"text": text})  # fmt: skip
    cookie = await asyncio.to_thread(agent_cookie, b)
    customer = await open_socket(a, cid, token)
    console = await websockets.connect(
        b.replace("http", "ws") + f"/console/ws/{cid}",
        additional_headers={"Cookie": f"wd_session={cookie}"},
    )
    samples = []
    for i in range(messages):
        sent = time.perf_counter()
        await customer.send(json.dumps({"type": "send", "text": f"m{i}", "client_id": f"x{i}"}))
        while True:
            event = json.loads(await asyncio.wait_for(console.recv(), 30))
            if event.get("type") == "message" and event["message"]["text"] == f"m{i}":
                samples.append(time.perf_counter() - sent)
                break
    await customer.close()
    await console.close()
    return {"messages": messages, **percentiles(samples)}


async def bot_rate(cluster: Cluster, customers: int, each: int) -> dict[str, Any]:
    questions = [
        "how do I back up my recovery phrase?",
        "助记词怎么备份",
        "my transaction has been pending for 3 hours",
        "¿cómo revoco una aprobación de token?",
        "لماذا رسوم الغاز مرتفعة اليوم؟",
    ]
    clients = [httpx.AsyncClient(base_url=u, timeout=60) for u in cluster.urls]
    made = []
    for i in range(customers):
        made.append(
            (clients[i % len(clients)], *(await start_customers(clients[i % len(clients)], 1))[0])
        )
    latencies: list[float] = []

    async def talk(client: httpx.AsyncClient, cid: str, token: str) -> None:
        auth = {"Authorization": f"Bearer {token}"}
        for i in range(each):
            sent = time.perf_counter()
            response = await client.post(
                f"/api/v1/conversations/{cid}/messages",
                headers=auth,
                json={"text": questions[i % len(questions)]},
            )
            if response.status_code == 201 and response.json()["replies"]:
                latencies.append(time.perf_counter() - sent)

    started = time.perf_counter()
    await asyncio.gather(*(talk(c, cid, tok) for c, cid, tok in made))
    wall = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return {
        "workers": len(cluster.urls),
        "concurrent_customers": customers,
        "answers": len(latencies),
        "answers_per_s": round(len(latencies) / wall, 1),
        **percentiles(latencies),
    }


async def surge(cluster: Cluster, base_rate: float, seconds: float) -> dict[str, Any]:
    """Replay a 10x surge: base_rate messages/s for `seconds`, then 10x for `seconds`.
    Each message has a client_id; a client retries (same id) on any error or timeout,
    as the widget's outbox does. Then count what the database holds per client_id."""
    clients = [httpx.AsyncClient(base_url=u, timeout=30) for u in cluster.urls]
    pool = await start_customers(clients[0], 200)
    sent: dict[str, tuple[str, str]] = {}
    acked: set[str] = set()
    retries = 0

    async def deliver(key: str, cid: str, token: str, worker: int) -> None:
        nonlocal retries
        for attempt in range(30):
            client = clients[(worker + attempt) % len(clients)]
            try:
                response = await client.post(
                    f"/api/v1/conversations/{cid}/messages",
                    headers={"Authorization": f"Bearer {token}"},
                    json={"text": f"surge message {key}", "client_id": key},
                )
                if response.status_code == 201:
                    acked.add(key)
                    return
            except httpx.HTTPError:
                pass
            retries += 1
            await asyncio.sleep(min(2.0, 0.1 * 2**attempt))

    tasks: list[asyncio.Task[None]] = []
    started = time.perf_counter()
    for phase, rate in (("base", base_rate), ("surge", base_rate * 10)):
        phase_start = time.perf_counter()
        n = 0
        while time.perf_counter() - phase_start < seconds:
            cid, token = pool[len(sent) % len(pool)]
            key = f"{phase}-{n}"
            sent[key] = (cid, token)
            tasks.append(asyncio.create_task(deliver(key, cid, token, n)))
            n += 1
            await asyncio.sleep(max(0.0, phase_start + n / rate - time.perf_counter()))
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    dsn = make_url(cluster.database_url).set(drivername="postgresql")
    conn = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    try:
        rows = await conn.fetch(
            "SELECT client_id, count(*) AS n FROM messages WHERE client_id LIKE 'base-%' "
            "OR client_id LIKE 'surge-%' GROUP BY client_id"
        )
        texts = await conn.fetchval(
            "SELECT count(*) - count(DISTINCT text) FROM messages "
            "WHERE sender = 'customer' AND text LIKE 'surge message %'"
        )
    finally:
        await conn.close()
    stored = {r["client_id"]: r["n"] for r in rows}
    return {
        "base_rate_per_s": base_rate,
        "surge_rate_per_s": base_rate * 10,
        "seconds_each": seconds,
        "messages_sent": len(sent),
        "acknowledged": len(acked),
        "lost": sum(1 for k in sent if k not in stored),
        "duplicated": sum(n - 1 for n in stored.values()) + int(texts or 0),
        "client_retries": retries,
        "wall_seconds": round(wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", type=int, default=2000, help="customer sockets per worker")
    parser.add_argument("--latency-messages", type=int, default=200)
    parser.add_argument("--bot-customers", type=int, default=20)
    parser.add_argument("--surge-base", type=float, default=5.0, help="messages/s before the surge")
    parser.add_argument("--surge-seconds", type=float, default=10.0)
    args = parser.parse_args()
    server = os.environ.get("WALLETDESK_TEST_POSTGRES")
    redis = os.environ.get("WALLETDESK_TEST_REDIS")
    if not server or not redis:
        raise SystemExit("set WALLETDESK_TEST_POSTGRES and WALLETDESK_TEST_REDIS")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    result: dict[str, Any] = {"benchmark": "scale_out"}
    one = Cluster(server, redis)
    try:
        one.start(1)
        result["sockets_one_worker"] = asyncio.run(hold_sockets(one, args.sockets))
        result["bot_one_worker"] = asyncio.run(bot_rate(one, args.bot_customers, 10))
    finally:
        one.stop()
    two = Cluster(server, redis)
    try:
        two.start(2)
        result["sockets_two_workers"] = asyncio.run(hold_sockets(two, args.sockets))
        result["delivery_across_workers"] = asyncio.run(
            cross_worker_latency(two, args.latency_messages)
        )
        result["bot_two_workers"] = asyncio.run(bot_rate(two, args.bot_customers, 10))
        result["surge_10x"] = asyncio.run(surge(two, args.surge_base, args.surge_seconds))
    finally:
        two.stop()
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
