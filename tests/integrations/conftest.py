"""A real local HTTP receiver for webhooks (stdlib ThreadingHTTPServer on a loopback
port) and helpers for admin sessions and API keys."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_console import csrf_of
from tests.api.test_desk import agent, as_agent


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


class Receiver:
    """Records every POST; ``answer`` decides the status code from the request."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.answer: Callable[[dict[str, str]], int] = lambda _headers: 200
        self.lock = threading.Lock()
        self.url = ""

    def wait_until(self, condition: Callable[[list[Received]], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if condition(list(self.requests)):
                    return
            time.sleep(0.05)
        raise AssertionError(f"receiver condition not met; got {len(self.requests)} requests")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            code = state.answer(headers)
            with state.lock:
                state.requests.append(Received(self.path, headers, body, code))
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/walletdesk"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def admin_session(client: TestClient, email: str = "root@desk.example") -> dict[str, str]:
    """Log an admin into the console; returns the CSRF header for JSON calls."""
    agent(client, email, "Ops", ["en"], role="admin")
    as_agent(client, email)
    return {"x-csrf-token": csrf_of(client)}


def issue_key(client: TestClient, csrf: dict[str, str], *scopes: str, name: str = "CRM") -> str:
    response = client.post(
        "/console/api/integrations/keys", json={"name": name, "scopes": list(scopes)}, headers=csrf
    )
    assert response.status_code == 201, response.text
    token = response.json()["key"]
    assert token.startswith("wdk_")
    return str(token)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
