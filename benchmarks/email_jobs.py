"""Email replies through the job queue on real PostgreSQL, Redis and SMTP: a web worker
takes N inbound emails (the bot answers each, ``WALLETDESK_JOB_QUEUE`` turns each answer
into an ``email_flush`` job), then K `walletdesk worker` processes drain the queue into a
local SMTP server. Prints one JSON document: emails per second, and how many replies were
lost or sent twice (target 0 and 0).

    .venv/bin/python benchmarks/email_jobs.py [--emails 300] [--workers 1,2]

Needs WALLETDESK_TEST_POSTGRES (a server URL, e.g.
postgresql+asyncpg://root@127.0.0.1:5432/postgres) and WALLETDESK_TEST_REDIS.
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
import threading
import time
import uuid
from collections import Counter
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import asyncpg
from _common import free_port
from aiosmtpd.controller import Controller
from sqlalchemy.engine import make_url

QUESTIONS = [
    "How do I back up my recovery phrase?",
    "My USDT transfer has been pending for an hour",
    "I sent ETH on the wrong network, can I get it back?",
    "How do I revoke token approvals?",
]


class Sink:
    """A local SMTP server that counts what arrives, by Message-ID and recipient."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.message_ids: Counter[str] = Counter()
        self.recipients: Counter[str] = Counter()
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes

        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            now = time.perf_counter()
            self.first = self.first or now
            self.last = now
            self.message_ids[str(message["Message-ID"])] += 1
            for to in envelope.rcpt_tos:
                self.recipients[to] += 1
        return "250 OK"


def compose(sender: str, subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@wallet.example"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="customer.example")
    message.set_content(f"{subject}\n\nThanks.")
    return bytes(message)


async def admin_sql(server: str, sql: str) -> None:
    dsn = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def ingest(env: dict[str, str], senders: list[str]) -> float:
    """The web worker's part: each inbound email is answered and queued (not sent)."""
    from walletdesk.app import build_services
    from walletdesk.config import Settings
    from walletdesk.integrations import runtime
    from walletdesk.logging import configure_logging

    configure_logging("WARNING", json=False, debug=False)

    settings = Settings(
        **{k[11:].lower(): v for k, v in env.items() if k.startswith("WALLETDESK_")}
    )
    services = await build_services(settings)
    integrations = await runtime.start(services, background=False)
    started = time.perf_counter()
    try:
        for i, sender in enumerate(senders):
            result = await integrations.email.ingest(compose(sender, QUESTIONS[i % len(QUESTIONS)]))
            if result.emails_queued != 1:
                raise SystemExit(f"email {i} was not queued: {result.to_dict()}")
    finally:
        await integrations.stop()
        await services.desk.bus.close()
        await services.db.dispose()
    return time.perf_counter() - started


def drain(
    env: dict[str, str], sink: Sink, workers: int, expected: int, timeout: float
) -> dict[str, Any]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "walletdesk", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(workers)
    ]
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < timeout:
            with sink.lock:
                done = sum(sink.recipients.values()) >= expected
            if done:
                break
            if any(p.poll() is not None for p in procs):
                err = b"".join(p.stderr.read() for p in procs if p.stderr and p.poll() is not None)
                raise SystemExit(f"a worker exited: {err.decode(errors='replace')[-2000:]}")
            time.sleep(0.05)
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    with sink.lock:
        sent = sum(sink.recipients.values())
        unique = len(sink.recipients)
        window = (sink.last or 0) - (sink.first or 0)
        return {
            "workers": workers,
            "emails_expected": expected,
            "emails_received": sent,
            "lost": expected - unique,
            "duplicated": sum(n - 1 for n in sink.message_ids.values() if n > 1),
            "first_email_after_start_s": round((sink.first or started) - started, 2),
            "drain_s": round(window, 2),
            "emails_per_s": round((sent - 1) / window, 1) if window > 0 else None,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--workers", default="1,2", help="job worker counts to run, e.g. 1,2")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    server, redis = (
        os.environ.get("WALLETDESK_TEST_POSTGRES"),
        os.environ.get("WALLETDESK_TEST_REDIS"),
    )
    if not server or not redis:
        raise SystemExit("set WALLETDESK_TEST_POSTGRES and WALLETDESK_TEST_REDIS")
    try:
        counts = [int(n) for n in args.workers.split(",") if n.strip()]
    except ValueError:
        raise SystemExit("--workers takes numbers, e.g. 1,2") from None
    if args.emails < 2 or not counts or min(counts) < 1:
        raise SystemExit("--emails must be at least 2 and --workers at least 1")

    db = f"wd_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(admin_sql(server, f'CREATE DATABASE "{db}"'))
    root = Path(tempfile.mkdtemp(prefix="wd-email-jobs-"))
    runs = []
    try:
        for workers in counts:
            sink = Sink()
            controller = Controller(sink, hostname="127.0.0.1", port=free_port())
            controller.start()
            try:
                env = {
                    **os.environ,
                    "WALLETDESK_DATABASE_URL": make_url(server)
                    .set(database=db)
                    .render_as_string(hide_password=False),
                    "WALLETDESK_REDIS_URL": redis,
                    "WALLETDESK_JOB_QUEUE": "true",
                    "WALLETDESK_JOB_QUEUE_NAME": f"arq:bench:{uuid.uuid4().hex[:8]}",
                    "WALLETDESK_SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
                    "WALLETDESK_EMAIL_FROM": "support@wallet.example",
                    "WALLETDESK_PUBLIC_URL": "https://wallet.example",
                    "WALLETDESK_OFFICIAL_DOMAINS": "wallet.example",
                    "WALLETDESK_DATA_DIR": str(root / "data"),  # one data key for all
                    "WALLETDESK_MODEL_CACHE_DIR": os.environ.get(
                        "WALLETDESK_MODEL_CACHE_DIR", str(root / "models")
                    ),
                    "WALLETDESK_SLA_SWEEP_SECONDS": "0",
                    "WALLETDESK_LOG_LEVEL": "WARNING",
                }
                senders = [f"c{workers}-{i}@customer.example" for i in range(args.emails)]
                print(f"ingesting {args.emails} emails ...", file=sys.stderr)
                took = asyncio.run(ingest(env, senders))
                print(f"draining with {workers} job worker(s) ...", file=sys.stderr)
                run = drain(env, sink, workers, args.emails, args.timeout)
                run["ingest_emails_per_s"] = round(args.emails / took, 1)
                runs.append(run)
            finally:
                controller.stop()
    finally:
        asyncio.run(admin_sql(server, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
    print(
        json.dumps(
            {
                "benchmark": "email_jobs",
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "emails": args.emails,
                "runs": runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
