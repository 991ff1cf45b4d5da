"""Hostile-input defences at the HTTP edge: security headers and a CSP on every response,
a cap on request bodies, rate-limit helpers (429 + Retry-After) and WebSocket Origin checks.

What is enforced where is summarised in SECURITY.md at the repository root.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request, WebSocket, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from walletdesk.config import Settings
from walletdesk.realtime.ratelimit import InMemoryRateLimiter, RateDecision, RateLimiter

# Bigger than any body the API accepts (a 4,000-character message JSON-escaped is < 30 KB;
# even max_message_chars=100,000 fits), small enough that nobody streams megabytes at us.
MAX_BODY_BYTES = 1024 * 1024
ORIGIN_REJECTED = 4403  # WebSocket close code: the page that opened the socket is not allowed

# ---- origins and CSP source lists ---------------------------------------------------------
_SCHEME = r"[a-z][a-z0-9+.-]*"
_HOST = r"(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)"
_ORIGIN = re.compile(rf"^({_SCHEME})://({_HOST})(?::(\d{{1,5}}))?$")
_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
# one CSP source expression: a keyword, '*', a scheme ("https:") or a host source
_SOURCE = re.compile(
    rf"^(?:'self'|'none'|\*|{_SCHEME}:|(?:{_SCHEME}://)?(?:\*\.)?{_HOST}(?::(?:\d{{1,5}}|\*))?"
    r"(?:/[A-Za-z0-9._~%!$&()*+=:@/-]*)?)$"
)


def normalize_origin(raw: str) -> str:
    """``"HTTPS://Shop.Example:443/"`` -> ``"https://shop.example"``; ValueError otherwise.

    ``null`` (sandboxed frames, ``file://`` WebViews) is kept as the literal origin "null"
    so an operator can allow it on purpose."""
    value = raw.strip().lower().rstrip("/")
    if value == "null":
        return value
    match = _ORIGIN.match(value)
    if not match:
        raise ValueError(
            f"not an origin: {raw.strip()[:100]!r} (use scheme://host[:port], no path, "
            "e.g. https://wallet.example)"
        )
    scheme, host, port = match.groups()
    if port and (_DEFAULT_PORTS.get(scheme) == port):
        port = None
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"


def frame_ancestors_source_list(raw: str) -> str:
    """Validate ``WALLETDESK_FRAME_ANCESTORS`` (space- or comma-separated CSP sources) and
    return it space-separated. Refuses anything that could end the directive (``;``)."""
    tokens = [t for t in re.split(r"[\s,]+", raw.strip()) if t]
    if not tokens:
        return "'none'"
    for token in tokens:
        if not _SOURCE.match(token.lower()):
            raise ValueError(
                f"not a CSP source for frame-ancestors: {token[:100]!r} "
                "(use *, 'self', 'none', https: or https://host.example)"
            )
    if "'none'" in (t.lower() for t in tokens) and len(tokens) > 1:
        raise ValueError("'none' cannot be combined with other frame-ancestors sources")
    return " ".join(tokens)


# ---- headers --------------------------------------------------------------------------------
def _csp(frame_ancestors: str, *, docs: bool = False) -> str:
    if docs:  # Swagger UI / ReDoc pages: FastAPI serves them from a CDN with an inline boot
        cdn = "https://cdn.jsdelivr.net"
        directives = [
            "default-src 'none'",
            f"script-src 'self' 'unsafe-inline' {cdn}",
            f"style-src 'self' 'unsafe-inline' {cdn} https://fonts.googleapis.com",
            "img-src 'self' data: https://fastapi.tiangolo.com",
            "font-src 'self' https://fonts.gstatic.com",
            "connect-src 'self'",
            "worker-src blob:",
        ]
    else:
        directives = [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
        ]
    directives += ["base-uri 'none'", "form-action 'self'", f"frame-ancestors {frame_ancestors}"]
    return "; ".join(directives)


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def _is_under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


class SecurityHeaders:
    """Pure ASGI middleware: security headers on every HTTP response, and request bodies
    capped at ``max_body`` bytes (413 with a reason, before the route reads them).

    * ``Content-Security-Policy``: scripts, styles, images and connections from the desk
      itself only, no inline script; ``frame-ancestors`` is the operator's
      ``WALLETDESK_FRAME_ANCESTORS`` on ``/widget`` (embedded in their sites and app
      WebViews) and ``'none'`` everywhere else (the console can never be framed).
    * ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (console URLs
      name conversations), ``Permissions-Policy`` denying sensors, camera, mic, payment.
    * ``Strict-Transport-Security`` when the public URL is https.
    * ``Cache-Control: no-store`` on the API and the console.
    """

    def __init__(self, app: ASGIApp, settings: Settings, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body
        self.hsts = settings.base_url.lower().startswith("https://")
        self.widget_csp = _csp(settings.frame_ancestors)
        self.default_csp = _csp("'none'")
        self.docs_csp = _csp("'none'", docs=True)

    def headers_for(self, path: str) -> list[tuple[bytes, bytes]]:
        widget = _is_under(path, "/widget")
        if widget:
            csp = self.widget_csp
        elif _is_under(path, "/docs") or _is_under(path, "/redoc"):
            csp = self.docs_csp
        else:
            csp = self.default_csp
        headers = [
            ("content-security-policy", csp),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("permissions-policy", PERMISSIONS_POLICY),
        ]
        if not widget:
            headers += [("x-frame-options", "DENY"), ("cross-origin-opener-policy", "same-origin")]
        if self.hsts:
            headers.append(("strict-transport-security", "max-age=31536000; includeSubDomains"))
        if _is_under(path, "/api") or _is_under(path, "/console"):
            headers.append(("cache-control", "no-store"))
        return [(k.encode(), v.encode()) for k, v in headers]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers_for(scope.get("path", ""))
        names = {name for name, _ in extra}
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": [*kept, *extra]}
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await self._too_large(send_with_headers)
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, self._reason())
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except HTTPException as exc:  # the cap tripped outside FastAPI's own handlers
            if started or exc.status_code != status.HTTP_413_CONTENT_TOO_LARGE:
                raise
            await self._too_large(send_with_headers)

    def _reason(self) -> str:
        return f"request body too large (at most {self.max_body} bytes)"

    async def _too_large(self, send: Send) -> None:
        body = json.dumps({"detail": self._reason()}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status.HTTP_413_CONTENT_TOO_LARGE,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


# ---- rate limits ----------------------------------------------------------------------------
def limiter_of(app: Any) -> RateLimiter:
    """The app's limiter (in memory unless wiring installed another one)."""
    limiter: RateLimiter | None = getattr(app.state, "rate_limiter", None)
    if limiter is None:
        limiter = InMemoryRateLimiter()
        app.state.rate_limiter = limiter
    return limiter


def client_ip(request: Request | WebSocket) -> str:
    """The peer address. Behind a reverse proxy, run uvicorn with ``--proxy-headers`` and
    ``--forwarded-allow-ips`` so this is the customer's address, not the proxy's."""
    return request.client.host if request.client else "unknown"


async def check_rate(app: Any, key: str, limit: int, settings: Settings) -> RateDecision:
    """One event for ``key``; a limit of 0 means no limit."""
    if limit <= 0:
        return RateDecision(True)
    return await limiter_of(app).hit(key, limit, settings.rate_limit_window_seconds)


def too_many(decision: RateDecision, what: str) -> HTTPException:
    seconds = decision.retry_after_seconds
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        f"too many {what}; try again in {seconds} s",
        headers={"Retry-After": str(seconds)},
    )


async def enforce_rate(request: Request, key: str, limit: int, what: str) -> None:
    """Raise 429 (with Retry-After and the reason) when ``key`` is over ``limit``."""
    settings: Settings = request.app.state.services.settings
    decision = await check_rate(request.app, key, limit, settings)
    if not decision.allowed:
        raise too_many(decision, what)


# ---- WebSocket origins ---------------------------------------------------------------------
def own_origins(settings: Settings) -> set[str]:
    return {normalize_origin(settings.base_url)}


def origin_allowed(
    origin: str | None, host: str | None, settings: Settings, extra: Iterable[str] = ()
) -> bool:
    """May a page from ``origin`` open a socket to this desk?

    No Origin header: yes. Browsers always send one on a WebSocket handshake, so its absence
    means a non-browser client (an app, a script) that could claim any origin anyway; the
    check exists to stop *another site* using a visitor's browser (cross-site WebSocket
    hijacking). The desk's own origin (``WALLETDESK_PUBLIC_URL``) is allowed; without a
    configured public URL, a page served from the same host the socket was opened on is too
    (local and development use). ``extra`` adds the operator's allowed origins."""
    if origin is None:
        return True
    try:
        normalized = normalize_origin(origin)
    except ValueError:
        return False
    if normalized in own_origins(settings) or normalized in set(extra):
        return True
    if settings.public_url is None and host:
        parts = urlsplit(normalized)
        return parts.scheme in ("http", "https") and parts.netloc == host.strip().lower()
    return False


async def refuse_foreign_origin(ws: WebSocket, settings: Settings, *, widget: bool) -> bool:
    """Close the socket with 4403 (and return True) when its Origin is not allowed.

    The console socket accepts only the desk's own origin. The customer socket also
    accepts ``WALLETDESK_WIDGET_ORIGINS``; when that list is empty it accepts any origin,
    because the widget runs inside operators' sites and app WebViews whose origins the desk
    cannot know (the customer token in the first frame is what authorises the socket)."""
    origin = ws.headers.get("origin")
    if widget and not settings.widget_origins:
        return False
    extra = settings.widget_origins if widget else ()
    if origin_allowed(origin, ws.headers.get("host"), settings, extra):
        return False
    # accept, then close: a close before the handshake completes reaches a browser as a
    # bare HTTP 403 without the reason code
    await ws.accept()
    await ws.send_text(json.dumps({"type": "error", "reason": "origin not allowed"}))
    await ws.close(code=ORIGIN_REJECTED)
    return True


# ---- OpenAPI: what a 422 looks like ---------------------------------------------------------
def document_refusals(app: FastAPI) -> None:
    """Make the OpenAPI say what a 422 really carries. FastAPI documents only its own
    validation errors (``detail`` = a list of field errors); the desk also answers 422
    with a sentence (a rule the input breaks) or an object (e.g. the outgoing guard's
    reasons). Integrators and the schemathesis run read the schema, so it must be true."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        error = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
        if error and "detail" in error.get("properties", {}):
            listed = {k: v for k, v in error["properties"]["detail"].items() if k != "title"}
            error["properties"]["detail"] = {
                "title": "Detail",
                "description": "Field errors (a list), or why the desk refused the input "
                "(a sentence, or an object with a code and reasons)",
                "anyOf": [listed, {"type": "string"}, {"type": "object"}],
            }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
