"""Real PostgreSQL and Redis for the tests (DESIGN: real components where the product uses
them). URLs come from the environment; `.ci/run` makes sure both are running:

- ``WALLETDESK_TEST_POSTGRES``: a server URL such as
  ``postgresql+asyncpg://root@127.0.0.1:5432/postgres``, for the scale-out tests; and
  with ``WALLETDESK_TEST_DATABASE=postgres`` every test that uses the ``settings`` fixture
  (and the live server) runs on its own fresh PostgreSQL database copied from a migrated
  template instead of SQLite: `.ci/run` runs the whole suite both ways.
- ``WALLETDESK_TEST_REDIS``: e.g. ``redis://127.0.0.1:6379/0``, for the Redis bus, rate
  limits and multi-worker tests.
"""

from __future__ import annotations

import asyncio
import os
import uuid

import asyncpg
from sqlalchemy.engine import make_url

POSTGRES = os.environ.get("WALLETDESK_TEST_POSTGRES", "")
REDIS = os.environ.get("WALLETDESK_TEST_REDIS", "")
# which database the suite's own desks use: sqlite (default) or postgres (every test on a
# fresh PostgreSQL database copied from a migrated template)
DATABASE = os.environ.get("WALLETDESK_TEST_DATABASE", "sqlite")


def _admin_dsn() -> str:
    url = make_url(POSTGRES).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def database_url(name: str) -> str:
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(_admin_dsn())
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database(template: str | None = None, prefix: str = "wd_t") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    asyncio.run(_admin(f'CREATE DATABASE "{name}"{clause}'))
    return name


def drop_database(name: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# Services the scale-out tests restart on purpose. Only with WALLETDESK_TEST_RESTARTS=1
# (.ci/run sets it): restarting a developer's database or Redis must be opted into.
CAN_RESTART = os.environ.get("WALLETDESK_TEST_RESTARTS") == "1"
REDIS_START = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def restart_redis() -> None:
    import subprocess
    import time

    subprocess.run(["redis-cli", "shutdown", "nosave"], check=False, capture_output=True)
    time.sleep(0.5)
    subprocess.run(REDIS_START, shell=True, check=True)
    for _ in range(100):
        if subprocess.run(["redis-cli", "ping"], capture_output=True).stdout.strip() == b"PONG":
            return
        time.sleep(0.1)
    raise RuntimeError("redis did not come back")


def restart_postgres() -> None:
    import subprocess

    version = subprocess.run(
        "ls /etc/postgresql", shell=True, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )
