"""Fuzz the OpenAPI with schemathesis: every operation, valid and invalid inputs, as an
authenticated customer (a real token, its real conversation) and, for console routes, as a
logged-in admin with a valid CSRF token. The desk must never answer 5xx, and what it
answers must match its schema (content type and body).

Bounded so the run stays around a minute: ``WALLETDESK_FUZZ_EXAMPLES`` examples per
operation (default 8). ``WALLETDESK_SECURITY_FIGURES=FILE`` appends the case count as JSON
(``benchmarks/security_matrix.py`` collects it).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from walletdesk.config import Settings

EXAMPLES = int(os.environ.get("WALLETDESK_FUZZ_EXAMPLES", "8"))
CASES: dict[str, int] = {}


@dataclass(frozen=True)
class Identity:
    conversation_id: str
    token: str
    session: str
    csrf: str


@pytest.fixture(scope="module")
def desk_app(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Iterator[FastAPI]:
    from walletdesk.app import create_app

    root = tmp_path_factory.mktemp("fuzz")
    app = create_app(
        Settings(
            data_dir=root / "data",
            model_cache_dir=model_cache,
            public_url="http://testserver",
            brand_name="TestWallet",
            official_domains=["wallet.example"],
            sla_sweep_seconds=0,
            # the fuzzer is one client firing fast; limits are tested in test_hardening
            rate_limit_conversations_per_ip=0,
            rate_limit_logins_per_ip=0,
            rate_limit_messages_per_customer=0,
            rate_limit_replies_per_agent=0,
        )
    )
    yield app
    asgi.shutdown_lifespans()  # schemathesis started the app's lifespan; end it here
    figures = os.environ.get("WALLETDESK_SECURITY_FIGURES")
    if figures:
        with open(figures, "a", encoding="utf-8") as out:
            out.write(json.dumps({"schemathesis": {"operations": len(CASES), **_totals()}}))
            out.write("\n")


def _totals() -> dict[str, int]:
    return {"cases": sum(CASES.values())}


def _openapi_document() -> dict[str, Any]:
    """The app's OpenAPI, read without starting it (nothing touches disk at collection)."""
    from walletdesk.app import create_app

    return create_app(Settings()).openapi()


# schemathesis.pytest.from_fixture (lazy loading) does not work with pytest 9 in 4.32.5
# (it sets Function._nodeid); the document is the same, the calls go to the fixture's app
schema = schemathesis.openapi.from_dict(_openapi_document())


@pytest.fixture(scope="module")
def identity(desk_app: FastAPI) -> Identity:
    """A customer with a conversation, and an admin logged in to the console."""
    from walletdesk.desk.agents import create_agent

    async def _admin() -> None:
        async with desk_app.state.services.db.session() as session:
            await create_agent(
                session, "fuzz@desk.example", "Fuzz", "admin", None, ["en"], "fuzzing pass phrase"
            )
            await session.commit()

    with asgi.get_client(desk_app) as client:
        asgi._get_portal().call(_admin)
        started = client.post("/api/v1/conversations", json={"language": "en"}).json()
        login = client.post(
            "/console/login",
            data={"email": "fuzz@desk.example", "password": "fuzzing pass phrase"},
            allow_redirects=False,
        )
        session = login.cookies["wd_session"]
        page = client.get("/console", cookies={"wd_session": session}).text
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, page[:300]
    return Identity(started["conversation"]["id"], started["customer_token"], session, match[1])


# JSON endpoints are checked against the schema; the console's HTML pages and form posts
# (which answer with pages and redirects) must still never fail with a 5xx
JSON_PATHS = ("/api/", "/healthz", "/readyz", "/console/api/")


def _negative(case: Any, location: ParameterLocation) -> bool:
    info = case.meta.components.get(location) if case.meta else None
    return info is not None and not info.mode.is_positive


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_answers_match_the_schema(
    case: Any, identity: Identity, desk_app: FastAPI
) -> None:
    path = case.operation.path
    # valid inputs act on the real conversation; invalid ones keep what the fuzzer made
    if (
        case.path_parameters
        and "conversation_id" in case.path_parameters
        and not _negative(case, ParameterLocation.PATH)
    ):
        case.path_parameters["conversation_id"] = identity.conversation_id
    headers: dict[str, str] = {"Authorization": f"Bearer {identity.token}"}
    cookies: dict[str, str] = {}
    if path.startswith("/console") and path != "/console/logout":
        cookies["wd_session"] = identity.session
        headers["X-CSRF-Token"] = identity.csrf
        if (
            isinstance(case.body, dict)
            and "csrf" in case.body
            and not _negative(case, ParameterLocation.BODY)
        ):
            case.body["csrf"] = identity.csrf
    response = case.call(app=desk_app, headers=headers, cookies=cookies, allow_redirects=False)
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1
    checks = [not_a_server_error]
    if path.startswith(JSON_PATHS):
        checks += [content_type_conformance, response_schema_conformance]
        if not _negative(case, ParameterLocation.QUERY):  # unknown query keys are ignored
            checks.append(negative_data_rejection)
    case.validate_response(response, checks=checks)
