"""Scale-out mode with real services: two `walletdesk serve` processes on one PostgreSQL
database and one Redis. A customer on worker A and an agent on worker B see each other
live; killing a worker mid-conversation loses nothing the API acknowledged; Redis and
PostgreSQL restarts are survived."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from tests import services
from tests.e2e.conftest import _free_port

pytestmark = [pytest.mark.e2e]
PASSWORD = "scale agent pass phrase 7"


@dataclass
class Worker:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass
class Cluster:
    database_url: str
    env: dict[str, str]
    root: Path
    workers: dict[str, Worker] = field(default_factory=dict)

    def start(self, name: str) -> Worker:
        port = _free_port()
        log = self.root / f"{name}.log"
        with log.open("a") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "walletdesk", "serve", "--port", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**self.env, "WALLETDESK_DATA_DIR": str(self.root / name)},
                cwd=self.root,
            )
        worker = Worker(f"http://127.0.0.1:{port}", proc, log)
        for _ in range(1800):
            if proc.poll() is not None:
                raise RuntimeError(f"worker {name} exited:\n{log.read_text()}")
            try:
                if httpx.get(f"{worker.url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"worker {name} not ready:\n{log.read_text()}")
        self.workers[name] = worker
        return worker

    def kill(self, name: str) -> None:
        worker = self.workers.pop(name)
        worker.proc.send_signal(signal.SIGKILL)
        worker.proc.wait(timeout=10)

    def stop_all(self) -> None:
        for worker in self.workers.values():
            worker.proc.terminate()
        for worker in self.workers.values():
            try:
                worker.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.proc.kill()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Iterator[Cluster]:
    if not (services.POSTGRES and services.REDIS):
        if os.environ.get("CI"):
            pytest.fail("CI runs the scale-out tests: set WALLETDESK_TEST_POSTGRES and _REDIS")
        pytest.skip("WALLETDESK_TEST_POSTGRES / WALLETDESK_TEST_REDIS not set")
    name = services.create_database(prefix="wd_scale")
    root = tmp_path_factory.mktemp("scale")
    env = {
        **os.environ,
        "WALLETDESK_DATABASE_URL": services.database_url(name),
        "WALLETDESK_REDIS_URL": services.REDIS,
        "WALLETDESK_LOG_LEVEL": "WARNING",
        "WALLETDESK_MODEL_CACHE_DIR": str(model_cache),
        "WALLETDESK_BRAND_NAME": "ScaleWallet",
    }
    made = Cluster(services.database_url(name), env, root)
    try:
        made.start("a")
        made.start("b")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "walletdesk",
                "agent",
                "add",
                "ops@scale.example",
                "--team",
                "Support",
                "--languages",
                "en",
                "--password-stdin",
            ],
            input=PASSWORD + "\n",
            text=True,
            env={**env, "WALLETDESK_DATA_DIR": str(root / "cli")},
            check=True,
            capture_output=True,
        )
        yield made
    finally:
        made.stop_all()
        services.drop_database(name)


# ---- helpers ---------------------------------------------------------------------------
def start_customer(url: str) -> tuple[str, str]:
    made = httpx.post(f"{url}/api/v1/conversations", json={"language": "en"}, timeout=30).json()
    return made["conversation"]["id"], made["customer_token"]


def post(url: str, cid: str, token: str, text: str, client_id: str | None = None) -> Any:
    body: dict[str, Any] = {"text": text}
    if client_id:
        body["client_id"] = client_id
    return httpx.post(
        f"{url}/api/v1/conversations/{cid}/messages",
        headers={"Authorization": f"Bearer {token}"},
        json=body,
        timeout=30,
    )


def agent_login(url: str) -> httpx.Client:
    agent = httpx.Client(base_url=url, timeout=30)
    response = agent.post(
        "/console/login", data={"email": "ops@scale.example", "password": PASSWORD}
    )
    assert response.status_code in (200, 303), response.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', agent.get("/console").text)
    assert csrf
    agent.post("/console/presence", data={"presence": "online", "csrf": csrf.group(1)})
    return agent


def hand_off(url: str, cid: str, token: str) -> None:
    post(url, cid, token, "I need a human please")
    post(url, cid, token, "skip")


async def customer_socket(url: str, cid: str, token: str) -> Any:
    ws = await websockets.connect(url.replace("http", "ws") + "/api/v1/ws")
    await ws.send(json.dumps({"type": "auth", "token": token, "conversation_id": cid, "after": 0}))
    while json.loads(await ws.recv())["type"] != "ready":
        pass
    return ws


async def next_message(ws: Any, sender: str, within: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        raw = await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic()))
        event = json.loads(raw)
        if event.get("type") == "message" and event["message"]["sender"] == sender:
            return event["message"]  # type: ignore[no-any-return]


def agent_reply(agent: httpx.Client, cid: str, text: str) -> None:
    page = agent.get(f"/console/c/{cid}")
    assert page.status_code == 200, page.text
    csrf = re.search(r'data-csrf="([^"]+)"', page.text)
    assert csrf
    sent = agent.post(
        f"/console/c/{cid}/reply", json={"text": text}, headers={"x-csrf-token": csrf.group(1)}
    )
    assert sent.status_code == 201, sent.text


# ---- tests -----------------------------------------------------------------------------
def test_customer_on_a_and_agent_on_b_see_each_other_live(cluster: Cluster) -> None:
    a, b = cluster.workers["a"].url, cluster.workers["b"].url
    cid, token = start_customer(a)
    hand_off(a, cid, token)
    agent = agent_login(b)

    async def run() -> None:
        customer = await customer_socket(a, cid, token)
        console = await websockets.connect(
            b.replace("http", "ws") + f"/console/ws/{cid}",
            additional_headers={"Cookie": f"wd_session={agent.cookies['wd_session']}"},
        )
        await customer.send(json.dumps({"type": "send", "text": "hello from A", "client_id": "c1"}))
        seen = await next_message(console, "customer")
        assert seen["text"] == "hello from A"
        await asyncio.to_thread(agent_reply, agent, cid, "Hi, this is the agent on B.")
        reply = await next_message(customer, "agent")
        assert reply["text"] == "Hi, this is the agent on B."
        await customer.close()
        await console.close()

    asyncio.run(run())


def test_killing_a_worker_loses_nothing_acknowledged(cluster: Cluster) -> None:
    a = cluster.workers["a"].url
    b = cluster.workers["b"].url
    cid, token = start_customer(a)
    acked: dict[str, int] = {}
    for i in range(15):
        response = post(a, cid, token, f"message {i}", client_id=f"k{i}")
        assert response.status_code == 201
        acked[f"k{i}"] = response.json()["message"]["seq"]
    cluster.kill("a")  # SIGKILL: no shutdown hooks, no flush
    for i in range(10, 20):  # the client re-sends what it is unsure of, to the other worker
        response = post(b, cid, token, f"message {i}", client_id=f"k{i}")
        assert response.status_code == 201
        body = response.json()
        assert body["duplicate"] is (i < 15)
        acked[f"k{i}"] = body["message"]["seq"]
    listed = httpx.get(
        f"{b}/api/v1/conversations/{cid}/messages",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()["messages"]
    mine = [m for m in listed if m["sender"] == "customer"]
    assert [m["client_id"] for m in mine] == [f"k{i}" for i in range(20)], "once each, in order"
    seqs = [m["seq"] for m in listed]
    assert seqs == list(range(1, len(seqs) + 1)), "no gap, no duplicate sequence number"
    assert {m["client_id"]: m["seq"] for m in mine} == acked
    cluster.start("a")


def test_redis_restart_is_survived(cluster: Cluster) -> None:
    if not services.CAN_RESTART:
        if os.environ.get("CI"):
            pytest.fail("CI restarts Redis here: set WALLETDESK_TEST_RESTARTS=1")
        pytest.skip("set WALLETDESK_TEST_RESTARTS=1 to let the test restart Redis")
    a, b = cluster.workers["a"].url, cluster.workers["b"].url
    cid, token = start_customer(a)
    hand_off(a, cid, token)
    agent = agent_login(b)

    async def run() -> None:
        customer = await customer_socket(a, cid, token)
        await asyncio.to_thread(services.restart_redis)
        await asyncio.to_thread(agent_reply, agent, cid, "Still here after the Redis restart.")
        reply = await next_message(customer, "agent", within=30)
        assert reply["text"] == "Still here after the Redis restart."
        await customer.close()

    asyncio.run(run())


def test_postgres_restart_is_survived(cluster: Cluster) -> None:
    if not services.CAN_RESTART:
        if os.environ.get("CI"):
            pytest.fail("CI restarts PostgreSQL here: set WALLETDESK_TEST_RESTARTS=1")
        pytest.skip("set WALLETDESK_TEST_RESTARTS=1 to let the test restart PostgreSQL")
    a = cluster.workers["a"].url
    cid, token = start_customer(a)
    assert post(a, cid, token, "before", client_id="before").status_code == 201
    services.restart_postgres()
    key = f"after-{uuid.uuid4().hex[:6]}"
    codes = []
    for _ in range(60):  # the widget's outbox does exactly this: same client_id until acked
        try:
            response = post(a, cid, token, "after the restart", client_id=key)
            codes.append(response.status_code)
            if response.status_code == 201:
                break
            assert response.status_code == 503, response.text
        except httpx.HTTPError:
            codes.append(0)
        time.sleep(0.5)
    assert codes[-1] == 201, codes
    listed = httpx.get(
        f"{a}/api/v1/conversations/{cid}/messages",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()["messages"]
    said = [m["client_id"] for m in listed if m["sender"] == "customer"]
    assert said == ["before", key]
