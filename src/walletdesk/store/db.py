"""Async engine and sessions. SQLite runs in WAL mode with full fsync so an acknowledged
message survives a crash (invariant 4)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # transactions are begun by _sqlite_begin below, not by the driver
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Take the write lock when a transaction starts. A deferred transaction that reads,
    then writes after another connection committed fails at once with "database is
    locked" (WAL cannot upgrade a stale snapshot, and busy_timeout does not apply);
    BEGIN IMMEDIATE waits its turn under busy_timeout instead. One process owns the
    embedded database, so serialising its short transactions costs little."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_read(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


_IN_WRITE_SESSION: ContextVar[bool] = ContextVar("walletdesk_in_write_session", default=False)


class Database:
    """Owns the engines and hands out sessions; one per process.

    On SQLite, write-capable sessions take turns through one in-process FIFO lock (SQLite
    has a single writer anyway, and its own busy handler sleeps and retries, which
    collapses under a burst), and read-only sessions use a second engine that never
    takes the write lock. On PostgreSQL both are ordinary pooled sessions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self._write_turn = asyncio.Lock()
        if self.is_sqlite:
            self.read_engine = create_async_engine(url, connect_args={"timeout": 30})
            event.listen(self.read_engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.read_engine.sync_engine, "begin", _sqlite_begin_read)
        else:
            self.read_engine = self.engine
        self.read_sessionmaker = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that may write. Never open one inside another (it would wait on
        itself): the nesting is refused loudly instead."""
        if not self.is_sqlite:
            async with self.sessionmaker() as session:
                yield session
            return
        if _IN_WRITE_SESSION.get():
            raise RuntimeError("a write session was opened inside another one")
        async with self._write_turn:
            token = _IN_WRITE_SESSION.set(True)
            try:
                async with self.sessionmaker() as session:
                    yield session
            finally:
                _IN_WRITE_SESSION.reset(token)

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for reads only: a consistent snapshot, no lock, never commits."""
        async with self.read_sessionmaker() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
