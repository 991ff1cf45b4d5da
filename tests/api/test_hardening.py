"""Hostile input at the HTTP edge: security headers and a CSP the pages live with, rate
limits (429 + Retry-After + a reason), WebSocket Origin checks (4403), size limits and
strict schemas (422 / 413 with a reason), and Markdown that cannot carry script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect

from tests.api.test_console import csrf_of
from tests.api.test_customer import send, start
from tests.api.test_desk import agent, as_agent, hand_off, team
from walletdesk.api.public import _markdown, safe_link
from walletdesk.api.security import (
    MAX_BODY_BYTES,
    ORIGIN_REJECTED,
    frame_ancestors_source_list,
    normalize_origin,
    origin_allowed,
)
from walletdesk.config import Settings
from walletdesk.knowledge.articles import Article, load_directory
from walletdesk.realtime.ratelimit import InMemoryRateLimiter
from walletdesk.store import kb as kb_store


@contextmanager
def desk(settings: Settings, **changes: Any) -> Iterator[TestClient]:
    from walletdesk.app import create_app

    with TestClient(create_app(settings.model_copy(update=changes))) as client:
        yield client


def csp_of(response: Any) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return dict([*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip())


# ---- headers and CSP ------------------------------------------------------------------
def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    widget = client.get("/widget")
    csp = csp_of(widget)
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["connect-src"] == "'self'" and csp["frame-ancestors"] == "*"
    assert "unsafe-inline" not in widget.headers["content-security-policy"]
    assert "x-frame-options" not in widget.headers, "operators embed the widget"

    for path in ("/console", "/kb/en/backup-recovery-phrase", "/healthz", "/api/v1/kb/search"):
        response = client.get(path, params={"q": "backup"} if "search" in path else None)
        assert csp_of(response)["frame-ancestors"] == "'none'", path
        assert response.headers["x-frame-options"] == "DENY", path
    for response in (widget, client.get("/console"), client.get("/api/v1/conversations")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "camera=()" in response.headers["permissions-policy"]
        assert "strict-transport-security" not in response.headers, "http: no HSTS"
    # API and console answers are never cached, errors included
    assert client.get("/api/v1/conversations").status_code == 401
    assert client.get("/api/v1/conversations").headers["cache-control"] == "no-store"
    assert client.get("/console").headers["cache-control"] == "no-store"
    assert client.get("/api/v1/kb/search", params={"q": "x"}).headers["cache-control"] == "no-store"


def test_hsts_on_https_and_the_operator_decides_who_frames_the_widget(
    settings: Settings,
) -> None:
    framers = frame_ancestors_source_list("https://shop.example, app://wallet")
    with desk(settings, public_url="https://desk.example", frame_ancestors=framers) as client:
        widget = client.get("/widget")
        assert csp_of(widget)["frame-ancestors"] == "https://shop.example app://wallet"
        assert csp_of(client.get("/console"))["frame-ancestors"] == "'none'"
        assert widget.headers["strict-transport-security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    "value", ["* ; script-src *", "https://a.example;x", "'unsafe-inline'", "'none' *", "<x>"]
)
def test_frame_ancestors_setting_cannot_smuggle_directives(value: str) -> None:
    with pytest.raises(ValidationError):
        Settings(frame_ancestors=value)
    one_line = Settings(frame_ancestors="https://a.example\r\n https://b.example").frame_ancestors
    assert one_line == "https://a.example https://b.example"


def test_widget_origins_setting_is_normalised_and_checked(monkeypatch: Any) -> None:
    monkeypatch.setenv("WALLETDESK_WIDGET_ORIGINS", "HTTPS://Shop.Example:443/, app://wallet")
    assert Settings().widget_origins == ["https://shop.example", "app://wallet"]
    for bad in ("https://shop.example/path", "shop.example", "https://*.example"):
        with pytest.raises(ValidationError):
            Settings(widget_origins=[bad])


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


def assert_no_active_content(html: str) -> None:
    """Nothing the CSP would have to stop: no inline script, no handler, no script URL."""
    for tag, attrs in tags_of(html):
        if tag == "script":
            assert attrs.get("src") or attrs.get("type") == "application/json", (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in ("href", "src", "action", "formaction") and value:
                assert not UNSAFE_SCHEME.match(value), (tag, attrs)
        assert tag not in ("iframe", "object", "embed", "base"), tag
        if tag == "a" and attrs.get("href"):
            assert safe_link(str(attrs["href"]))


def test_pages_hold_no_inline_script_and_show_hostile_messages_as_text(
    client: TestClient,
) -> None:
    team(client, "Support", ["ar"], [])
    agent(client, "ada@desk.example", "General", ["en"], role="admin")
    cid, auth = hand_off(client, "my transfer failed, I need a human")
    hostile = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(2)">'
    send(client, cid, auth, hostile)
    pages = ["/widget", "/widget?lang=ar", "/console", "/kb/ar/backup-recovery-phrase"]
    pages += ["/academy/en"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_active_content(response.text)
    as_agent(client, "ada@desk.example")
    for path in ("/console", f"/console/c/{cid}", "/console/admin"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_active_content(response.text)
    page = client.get(f"/console/c/{cid}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "the customer's text, as text"


# ---- rate limits ----------------------------------------------------------------------
def retry_after(response: Any) -> int:
    assert response.status_code == 429, response.text
    seconds = int(response.headers["retry-after"])
    assert 1 <= seconds <= 120  # at most two 60 s windows (the previous one still weighs)
    return seconds


def test_new_conversations_are_limited_per_ip(settings: Settings) -> None:
    with desk(settings, rate_limit_conversations_per_ip=2) as client:
        _, auth = start(client)
        more = client.post("/api/v1/conversations/new", headers=auth, json={})
        assert more.status_code == 201
        refused = client.post("/api/v1/conversations", json={"language": "en"})
        retry_after(refused)
        assert "too many new conversations" in refused.json()["detail"]
        assert client.post("/api/v1/conversations/new", headers=auth).status_code == 429


def test_console_logins_are_limited_per_ip(settings: Settings) -> None:
    with desk(settings, rate_limit_logins_per_ip=2) as client:
        agent(client, "lee@desk.example", "General", ["en"])
        form = {"email": "lee@desk.example", "password": "wrong password!"}
        for _ in range(2):
            assert client.post("/console/login", data=form).status_code == 401
        refused = client.post("/console/login", data=form)
        retry_after(refused)
        assert "too many login attempts" in refused.text
        assert 'action="/console/login"' in refused.text, "the login page says why"


def test_messages_are_limited_per_customer_over_http_and_websocket(settings: Settings) -> None:
    with desk(settings, rate_limit_messages_per_customer=2) as client:
        cid, auth = start(client)
        send(client, cid, auth, "hello")
        send(client, cid, auth, "hello again")
        url = f"/api/v1/conversations/{cid}/messages"
        refused = client.post(url, headers=auth, json={"text": "and again"})
        retry_after(refused)
        assert "too many messages" in refused.json()["detail"]
        other_cid, other_auth = start(client)
        send(client, other_cid, other_auth, "another customer is not affected")

        token = auth["Authorization"].split()[1]
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "auth", "token": token, "conversation_id": cid, "after": 99})
            assert ws.receive_json()["type"] == "ready"
            ws.send_json({"type": "send", "text": "over the socket", "client_id": "w1"})
            error = ws.receive_json()
            assert error["type"] == "error" and error["client_id"] == "w1"
            assert "too many messages" in error["reason"] and error["retry_after"] >= 1


def test_agent_replies_are_limited_per_agent(settings: Settings) -> None:
    with desk(settings, rate_limit_replies_per_agent=1) as client:
        team(client, "Support", ["ar"], [])
        agent(client, "rae@desk.example", "General", ["en"])
        cid, _ = hand_off(client, "my transfer failed, I need a human")
        as_agent(client, "rae@desk.example")
        csrf = csrf_of(client)
        reply = {"text": "I am looking into it now."}
        headers = {"x-csrf-token": csrf}
        url = f"/console/c/{cid}/reply"
        assert client.post(url, json=reply, headers=headers).status_code == 201
        refused = client.post(url, json=reply, headers=headers)
        retry_after(refused)
        assert "too many replies" in refused.json()["detail"]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_slides_and_says_when_to_retry() -> None:
    clock = Clock()
    limiter = InMemoryRateLimiter(clock=clock)
    assert [limiter.hit_now("k", 3, 10).allowed for _ in range(4)] == [True, True, True, False]
    refused = limiter.hit_now("k", 3, 10)
    assert refused.retry_after_seconds >= 1
    assert limiter.hit_now("other", 3, 10).allowed, "keys are separate"
    clock.now += refused.retry_after
    assert limiter.hit_now("k", 3, 10).allowed
    # the previous window still weighs: right after a boundary there is no double burst
    burst = InMemoryRateLimiter(clock=clock)
    clock.now = 2_009.9
    assert all(burst.hit_now("b", 5, 10).allowed for _ in range(5))
    clock.now = 2_010.1
    assert sum(burst.hit_now("b", 5, 10).allowed for _ in range(5)) == 0


def test_limiter_memory_is_bounded() -> None:
    limiter = InMemoryRateLimiter(max_keys=100)
    for i in range(5_000):
        limiter.hit_now(f"ip:{i}", 5, 60)
    assert len(limiter) == 100
    with pytest.raises(ValueError, match="limit"):
        limiter.hit_now("k", 0, 60)


@settings(max_examples=200, deadline=None)
@given(
    limit=st.integers(1, 20),
    window=st.floats(0.5, 120),
    gaps=st.lists(st.floats(0, 30), min_size=1, max_size=60),
)
def test_waiting_retry_after_is_always_enough(limit: int, window: float, gaps: list[float]) -> None:
    clock = Clock()
    limiter = InMemoryRateLimiter(clock=clock)
    for gap in gaps:
        clock.now += gap
        decision = limiter.hit_now("k", limit, window)
        if not decision.allowed:
            assert decision.retry_after > 0
            clock.now += decision.retry_after + 1e-6
            assert limiter.hit_now("k", limit, window).allowed


# ---- WebSocket origins ----------------------------------------------------------------
def auth_frame(token: str, cid: str) -> dict[str, Any]:
    return {"type": "auth", "token": token, "conversation_id": cid, "after": 0}


def test_customer_socket_accepts_any_origin_when_no_list_is_set(client: TestClient) -> None:
    cid, auth = start(client)
    token = auth["Authorization"].split()[1]
    headers = {"origin": "https://some-app-webview.example"}
    with client.websocket_connect("/api/v1/ws", headers=headers) as ws:
        ws.send_json(auth_frame(token, cid))
        assert ws.receive_json()["type"] == "message"


def test_customer_socket_refuses_origins_the_operator_did_not_allow(settings: Settings) -> None:
    with desk(settings, widget_origins=["https://shop.example"]) as client:
        cid, auth = start(client)
        token = auth["Authorization"].split()[1]
        with (
            pytest.raises(WebSocketDisconnect) as closed,
            client.websocket_connect(
                "/api/v1/ws", headers={"origin": "https://evil.example"}
            ) as ws,
        ):
            assert ws.receive_json() == {"type": "error", "reason": "origin not allowed"}
            ws.receive_json()
        assert closed.value.code == ORIGIN_REJECTED
        for origin in ("https://shop.example", "http://testserver", None):
            headers = {"origin": origin} if origin else {}
            with client.websocket_connect("/api/v1/ws", headers=headers) as ws:
                ws.send_json(auth_frame(token, cid))
                assert ws.receive_json()["type"] == "message", origin


def test_console_sockets_only_from_the_desks_own_origin(client: TestClient) -> None:
    team(client, "Support", ["ar"], [])
    agent(client, "oli@desk.example", "General", ["en"])
    cid, _ = hand_off(client, "my transfer failed, I need a human")
    as_agent(client, "oli@desk.example")
    for path in ("/console/ws", f"/console/ws/{cid}"):
        for origin in ("https://evil.example", "http://testserver.evil.example", "null"):
            with (
                pytest.raises(WebSocketDisconnect) as closed,
                client.websocket_connect(path, headers={"origin": origin}) as ws,
            ):
                ws.receive_json()
                ws.receive_json()
            assert closed.value.code == ORIGIN_REJECTED, (path, origin)
        with client.websocket_connect(path, headers={"origin": "http://testserver"}):
            pass  # accepted


def test_origin_rules() -> None:
    configured = Settings(public_url="https://desk.example")
    assert origin_allowed("https://desk.example", "desk.example", configured)
    assert origin_allowed("HTTPS://DESK.EXAMPLE:443", "x", configured)
    assert origin_allowed(None, "desk.example", configured), "not a browser"
    assert not origin_allowed("https://evil.example", "evil.example", configured)
    assert not origin_allowed("garbage", "desk.example", configured)
    local = Settings(port=8000)  # no public URL: the page's own host is the desk
    assert origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000", local)
    assert origin_allowed("http://localhost:8000", "localhost:8000", local)
    assert not origin_allowed("http://evil.example", "localhost:8000", local)
    assert normalize_origin("null") == "null"


# ---- size limits and strict schemas ---------------------------------------------------
def test_oversize_and_unexpected_fields_get_422_with_a_reason(client: TestClient) -> None:
    cid, auth = start(client)
    conv = f"/api/v1/conversations/{cid}"
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", f"{conv}/messages", {"json": {"text": "x" * 4001}}),
        ("POST", f"{conv}/messages", {"json": {"text": "hi", "client_id": "c" * 65}}),
        ("POST", f"{conv}/messages", {"json": {"text": "hi", "role": "agent"}}),
        ("POST", f"{conv}/email", {"json": {"email": "a" * 250 + "@x.example"}}),
        ("POST", f"{conv}/csat", {"json": {"score": 5, "comment": "c" * 1001}}),
        ("POST", f"{conv}/csat", {"json": {"score": 6}}),
        ("POST", f"{conv}/ownership/verify", {"json": {"nonce": "n" * 65, "signature": "0x"}}),
        ("POST", f"{conv}/ownership/challenge", {"json": {"address": "0x" + "aA" * 20}}),
        ("POST", f"{conv}/csat", {"json": {"score": "5"}}),  # JSON types as declared
        ("POST", "/api/v1/conversations", {"json": {"language": "en", "admin": True}}),
        ("GET", "/api/v1/kb/search", {"params": {"q": "q" * 501}}),
        ("GET", "/api/v1/kb/search", {"params": {"q": "ok", "limit": "21"}}),
        ("GET", f"{conv}/messages", {"params": {"limit": "501"}}),
        ("GET", f"/api/v1/conversations/{'c' * 65}/messages", {}),
        ("GET", "/api/v1/conversations/a.b/messages", {}),
    ]
    for method, url, extra in cases:
        response = client.request(method, url, headers=auth, **extra)
        assert response.status_code == 422, (url, extra, response.text)
        detail = response.json()["detail"]
        assert detail and "Traceback" not in response.text, url


def test_console_inputs_are_bounded_too(client: TestClient) -> None:
    team(client, "Support", ["ar"], [])
    agent(client, "ada@desk.example", "General", ["en"], role="admin")
    cid, _ = hand_off(client, "my transfer failed, I need a human")
    as_agent(client, "ada@desk.example")
    csrf = csrf_of(client)
    headers = {"x-csrf-token": csrf}
    reply = f"/console/c/{cid}/reply"
    assert client.post(reply, json={"text": "x" * 4001}, headers=headers).status_code == 422
    assert client.post(reply, json={"text": "hi", "as": "bot"}, headers=headers).status_code == 422
    for url, data in (
        (f"/console/c/{cid}/note", {"text": "n" * 4001}),
        (f"/console/c/{cid}/merge", {"into": "t" * 65}),
        ("/console/admin/teams", {"name": "n" * 101}),
        ("/console/admin/agents", {"email": "e" * 255, "name": "x"}),
    ):
        response = client.post(url, data={"csrf": csrf, **data}, follow_redirects=False)
        assert response.status_code == 422, (url, response.text[:200])
    assert client.get("/console/api/queue", params={"view": "v" * 11}).status_code == 422
    # a non-ASCII token is a wrong token (403), not a crash in the constant-time compare
    forged = client.post(f"/console/c/{cid}/note", data={"csrf": "é" * 20, "text": "x"})
    assert forged.status_code == 403
    assert client.get(f"/console/c/{'c' * 65}").status_code == 422


def test_oversize_socket_frames_are_refused_unparsed(client: TestClient) -> None:
    cid, auth = start(client)
    token = auth["Authorization"].split()[1]
    with client.websocket_connect("/api/v1/ws") as ws:
        ws.send_json(auth_frame(token, cid))
        assert ws.receive_json()["type"] == "message"
        assert ws.receive_json()["type"] == "ready"
        ws.send_text('{"type": "send", "text": "' + "x" * 100_000 + '"}')
        assert ws.receive_json() == {
            "type": "error",
            "reason": "frame too large",
            "client_id": None,
        }
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}, "the socket stays usable"
    with client.websocket_connect("/api/v1/ws") as ws:
        ws.send_text('{"type": "auth", "token": "' + "t" * 10_000 + '"}')
        assert ws.receive_json()["type"] == "error"


def test_bodies_over_the_cap_are_refused_before_anyone_reads_them(client: TestClient) -> None:
    cid, auth = start(client)
    url = f"/api/v1/conversations/{cid}/messages"
    big = b'{"text": "' + b"x" * MAX_BODY_BYTES + b'"}'
    declared = client.post(url, headers={**auth, "content-type": "application/json"}, content=big)
    assert declared.status_code == 413
    assert "too large" in declared.json()["detail"]
    assert declared.headers["x-content-type-options"] == "nosniff"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    streamed = client.post(
        url, headers={**auth, "content-type": "application/json"}, content=chunks()
    )
    assert streamed.status_code == 413 and "too large" in streamed.json()["detail"]
    assert client.post(url, headers=auth, json={"text": "still fine"}).status_code == 201


# ---- Markdown -------------------------------------------------------------------------
HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#x20;javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '[x](https://wallet.example "title\\" onmouseover=\\"alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script></svg>",
    "`<script>` in code and ```\n<script>alert(1)</script>\n```",
]


@pytest.mark.parametrize("body", HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_inert(body: str) -> None:
    html = _markdown.render(body)
    assert_no_active_content(html)
    assert "<script" not in html.lower() and "<style" not in html.lower()


def test_safe_links_still_render() -> None:
    html = _markdown.render("[a](/kb/en/x) [b](https://wallet.example/y) [c](mailto:s@x.example)")
    hrefs = [attrs["href"] for tag, attrs in tags_of(html) if tag == "a"]
    assert hrefs == ["/kb/en/x", "https://wallet.example/y", "mailto:s@x.example"]


def test_article_loader_refuses_raw_html_and_script_links(tmp_path: Path) -> None:
    folder = tmp_path / "kb" / "en"
    folder.mkdir(parents=True)
    for name, body in (("a", "<script>alert(1)</script>"), ("b", "[x](javascript:alert(1))")):
        (folder / f"{name}.md").write_text(
            f"---\nid: hostile-{name}\nlanguage: en\ntitle: Hostile\nsummary: s\n"
            f"intents: [security.tips]\n---\n{body}\n",
            encoding="utf-8",
        )
    loaded = load_directory(tmp_path)
    assert loaded.articles == []
    problems = {e.problem for e in loaded.errors}
    assert "raw HTML is not allowed" in problems
    assert "links to outside sites are not allowed" in problems


def test_an_article_that_bypassed_the_loader_still_renders_inert(settings: Settings) -> None:
    """Rows written straight to the database (a bad import, a tampered row) are rendered
    with the same safe renderer: the page is inert whatever the body holds."""
    hostile = Article(
        id="hostile",
        language="en",
        title='Title <script>alert("t")</script>',
        summary="Summary <img src=x onerror=alert(1)>",
        body="\n\n".join(HOSTILE_MARKDOWN),
        intents=("security.tips",),
    )
    with desk(settings) as client:
        services = client.app.state.services  # type: ignore[attr-defined]

        async def _insert() -> None:
            async with services.db.session() as session:
                await kb_store.upsert_articles(session, [hostile])
                await session.commit()

        client.portal.call(_insert)  # type: ignore[union-attr]
    with desk(settings) as client:  # the index is built from the database at start
        page = client.get("/kb/en/hostile")
        assert page.status_code == 200
        assert_no_active_content(page.text)
        assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text
        assert csp_of(page)["script-src"] == "'self'"
