"""Security figures for SECURITY.md, as one JSON document:

* the access matrix (tests/api/test_access_matrix.py): every route x every role, how many
  calls were expected to be denied and were, and how many allowed calls went through;
* ``--mutants``: the same matrix against the desk with deliberate access-control bugs
  patched in (IDOR, missing admin check, team isolation off, expired tokens accepted),
  each of which the matrix must catch;
* ``--fuzz``: runs the schemathesis and hypothesis suites and counts the cases they ran.

    .venv/bin/python benchmarks/security_matrix.py [--mutants] [--fuzz]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fastapi.testclient import TestClient  # noqa: E402

from tests.api.test_access_matrix import matrix_settings, run_matrix  # noqa: E402
from walletdesk.config import Settings  # noqa: E402


def _settings(root: Path, models: Path) -> Settings:
    return matrix_settings(
        Settings(
            data_dir=root / "data",
            model_cache_dir=models,
            public_url="http://testserver",
            brand_name="TestWallet",
            official_domains=["wallet.example"],
            sla_sweep_seconds=0,
        )
    )


def matrix(models: Path) -> dict[str, Any]:
    from walletdesk.app import create_app

    with (
        tempfile.TemporaryDirectory() as tmp,
        TestClient(create_app(_settings(Path(tmp), models))) as client,
    ):
        started = time.perf_counter()
        report = run_matrix(client)
        figures = report.figures()
        figures["seconds"] = round(time.perf_counter() - started, 1)
        figures["failed_calls"] = [f"{o.route} as {o.role}: {o.got}" for o in report.failures]
    return figures


@contextlib.contextmanager
def _idor() -> Iterator[None]:
    from walletdesk.desk.conversations import Desk
    from walletdesk.store.models import Conversation

    async def any_owner(self: Desk, customer_id: str, conversation_id: str) -> Any:
        async with self.db.read_session() as session:
            return await session.get(Conversation, conversation_id)

    with mock.patch.object(Desk, "conversation_of", any_owner):
        yield


@contextlib.contextmanager
def _no_admin_check() -> Iterator[None]:
    with mock.patch("walletdesk.api.console._require_admin", lambda auth: None):
        yield


@contextlib.contextmanager
def _no_team_isolation() -> Iterator[None]:
    with mock.patch("walletdesk.desk.tickets._may_see", lambda agent, ticket: True):
        yield


@contextlib.contextmanager
def _expired_tokens_accepted() -> Iterator[None]:
    from walletdesk.desk.conversations import Desk
    from walletdesk.desk.conversations import hash_token as digest
    from walletdesk.store.models import CustomerToken

    async def lenient(self: Desk, token: str) -> str | None:
        from sqlalchemy import select

        async with self.db.read_session() as session:
            row = (
                await session.execute(
                    select(CustomerToken).where(CustomerToken.token_hash == digest(token))
                )
            ).scalar_one_or_none()
        return row.customer_id if row else None  # forgets expiry and revocation

    with mock.patch.object(Desk, "customer_for_token", lenient):
        yield


MUTANTS: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
    "customer B reads customer A's conversation (IDOR)": _idor,
    "admin pages without the admin check": _no_admin_check,
    "agents see every team's tickets": _no_team_isolation,
    "expired and revoked customer tokens accepted": _expired_tokens_accepted,
}


def mutants(models: Path) -> dict[str, Any]:
    caught = {}
    for name, patch in MUTANTS.items():
        with patch():
            figures = matrix(models)
        caught[name] = figures["failures"]
    return {"injected": len(caught), "caught": sum(1 for n in caught.values() if n), **caught}


def fuzz() -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as out:
        env = {**os.environ, "WALLETDESK_SECURITY_FIGURES": out.name}
        started = time.perf_counter()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/api/test_schemathesis.py",
                "tests/safety/test_fuzz_scanners.py",
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = round(time.perf_counter() - started, 1)
        figures: dict[str, Any] = {}
        for line in Path(out.name).read_text().splitlines():
            figures.update(json.loads(line))
    tail = run.stdout.strip().splitlines()[-1:] or [""]
    hypothesis = figures.get("hypothesis", {})
    return {
        "pytest": tail[0],
        "seconds_including_app_start": seconds,
        "schemathesis": figures.get("schemathesis", {}),
        "hypothesis_examples": {"total": sum(hypothesis.values()), **hypothesis},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mutants", action="store_true", help="run the matrix on broken desks")
    parser.add_argument("--fuzz", action="store_true", help="run and count the fuzz suites")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as models:
        result: dict[str, Any] = {"access_matrix": matrix(Path(models))}
        if args.mutants:
            result["mutants"] = mutants(Path(models))
    if args.fuzz:
        result["fuzz"] = fuzz()
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
