"""Tampering with the audit chain, case by case: each is detected and the event named.
The chain alone catches edits, deletions, insertions and reordering inside it; an anchor
(the head recorded outside the database) also catches a cut tail and a chain recomputed
or rebuilt from scratch. Concurrent writers never fork the chain."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests import services, support
from walletdesk.audit.chain import (
    GENESIS,
    Anchor,
    anchor_of,
    append,
    append_anchor,
    event_hash,
    head,
    read_anchors,
    verify,
)
from walletdesk.store.db import Database
from walletdesk.store.migrate import upgrade
from walletdesk.store.models import AuditEvent

Tamper = Callable[[AsyncSession, list[AuditEvent]], Awaitable[None]]
EVENTS = 8
ANCHOR_AT = 5  # the head was anchored after the 6th event (index 5)


async def _rows(session: AsyncSession) -> list[AuditEvent]:
    return list((await session.execute(select(AuditEvent).order_by(AuditEvent.id))).scalars())


async def _recompute(session: AsyncSession) -> None:
    """What an insider with database access does to hide an edit: rehash everything."""
    prev = GENESIS
    for event in await _rows(session):
        digest = event_hash(prev, event.at, event.actor, event.action, event.target, event.data)
        await session.execute(
            update(AuditEvent).where(AuditEvent.id == event.id).values(prev_hash=prev, hash=digest)
        )
        prev = digest


async def edit_data(session: AsyncSession, rows: list[AuditEvent]) -> None:
    await session.execute(
        update(AuditEvent).where(AuditEvent.id == rows[2].id).values(data={"i": 99})
    )


async def edit_time(session: AsyncSession, rows: list[AuditEvent]) -> None:
    moved = rows[3].at - timedelta(days=1)
    await session.execute(update(AuditEvent).where(AuditEvent.id == rows[3].id).values(at=moved))


async def delete_middle(session: AsyncSession, rows: list[AuditEvent]) -> None:
    await session.execute(delete(AuditEvent).where(AuditEvent.id == rows[1].id))


async def delete_first(session: AsyncSession, rows: list[AuditEvent]) -> None:
    await session.execute(delete(AuditEvent).where(AuditEvent.id == rows[0].id))


async def reorder(session: AsyncSession, rows: list[AuditEvent]) -> None:
    a, b = rows[3], rows[4]
    fields = ("at", "actor", "action", "target", "data", "prev_hash", "hash")
    va, vb = ({f: getattr(r, f) for f in fields} for r in (a, b))
    await session.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(hash="x" * 64))
    await session.execute(update(AuditEvent).where(AuditEvent.id == b.id).values(**va))
    await session.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(**vb))


async def insert_forged(session: AsyncSession, rows: list[AuditEvent]) -> None:
    # shift the tail up one id and slip a well-formed event in at rows[4]'s place
    ids = [row.id for row in rows]
    for old in reversed(ids[4:]):
        await session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == old)
            .values(id=old + 1)
            .execution_options(synchronize_session=False)
        )
    prev = rows[3].hash
    at = rows[3].at
    await session.execute(
        insert(AuditEvent).values(
            id=ids[4],
            at=at,
            actor="insider",
            action="conversation.viewed",
            target="conversation:x",
            data={},
            prev_hash=prev,
            hash=event_hash(prev, at, "insider", "conversation.viewed", "conversation:x", {}),
        )
    )


async def truncate_tail(session: AsyncSession, rows: list[AuditEvent]) -> None:
    await session.execute(delete(AuditEvent).where(AuditEvent.id >= rows[ANCHOR_AT].id))


async def forge_recomputed(session: AsyncSession, rows: list[AuditEvent]) -> None:
    await session.execute(
        update(AuditEvent).where(AuditEvent.id == rows[1].id).values(actor="nobody")
    )
    await _recompute(session)


async def rebuild_from_scratch(session: AsyncSession, rows: list[AuditEvent]) -> None:
    await session.execute(delete(AuditEvent))
    await session.flush()
    for i in range(EVENTS):
        if i != 2:  # the event someone wanted gone; every link of the new chain checks
            await append(session, "agent-1", "conversation.viewed", f"c{i}", {"i": i})


# case -> (tamper, needs the anchor to be caught, the event index the problem names)
CASES: dict[str, tuple[Tamper, bool, int]] = {
    "edited event content": (edit_data, False, 2),
    "edited event time": (edit_time, False, 3),
    "deleted event": (delete_middle, False, 2),
    "deleted first event": (delete_first, False, 1),
    "reordered events": (reorder, False, 3),
    "inserted forged event": (insert_forged, False, 5),
    "truncated tail": (truncate_tail, True, ANCHOR_AT),
    "forged recomputed chain": (forge_recomputed, True, ANCHOR_AT),
    "chain rebuilt from scratch": (rebuild_from_scratch, True, ANCHOR_AT),
}


def run_case(tmp_path: Path, tamper: Tamper | None) -> tuple[list[str], list[int], list[str]]:
    """Build a chain, anchor its head after event ANCHOR_AT, tamper, then verify with and
    without the anchor file. Returns (problems with anchor, their event indexes, problems
    of the chain walk alone)."""

    async def scenario() -> tuple[list[str], list[int], list[str]]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}")
        await upgrade(db.engine)
        anchors = tmp_path / "anchors.jsonl"
        async with db.session() as session:
            for i in range(EVENTS):
                await append(session, "agent-1", "conversation.viewed", f"c{i}", {"i": i})
                if i == ANCHOR_AT:
                    await session.flush()
                    top = await head(session)
                    assert top is not None
                    append_anchor(anchors, anchor_of(top))
            await session.commit()
            rows = await _rows(session)
            first = rows[0].id
            if tamper is not None:
                await tamper(session, rows)
                await session.commit()
        async with db.read_session() as session:
            _, plain = await verify(session)
            _, anchored = await verify(session, read_anchors(anchors))
        await db.dispose()
        return (
            [p.problem for p in anchored],
            [p.event_id - first for p in anchored],
            [p.problem for p in plain],
        )

    return asyncio.run(scenario())


def test_untouched_chain_and_anchor_verify(tmp_path: Path) -> None:
    assert run_case(tmp_path, None) == ([], [], [])


@pytest.mark.parametrize("case", list(CASES))
def test_tampering_is_detected_and_named(tmp_path: Path, case: str) -> None:
    tamper, anchor_only, where = CASES[case]
    problems, indexes, plain = run_case(tmp_path, tamper)
    assert problems, f"{case}: not detected"
    assert where in indexes, (case, indexes, problems)
    if anchor_only:
        assert plain == [], "the chain walk alone cannot see this one: that is why anchors exist"
        expected = "truncated" if case == "truncated tail" else "rewritten"
        assert any(expected in p for p in problems), problems
    else:
        assert plain, f"{case}: the chain walk alone should catch this"


def test_anchor_file_lines_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    append_anchor(path, Anchor(7, "a" * 64, "2026-01-01T00:00:00+00:00", "2026-01-01T00:01:00"))
    append_anchor(path, Anchor(9, "b" * 64, "2026-01-02T00:00:00+00:00"))
    assert [a.event_id for a in read_anchors(path)] == [7, 9]
    assert json.loads(path.read_text().splitlines()[0])["hash"] == "a" * 64
    path.write_text('{"id": 1, "hash": "short"}\n')
    with pytest.raises(ValueError, match=":1:"):
        read_anchors(path)


async def _append_many(db: Database, who: str, n: int) -> None:
    async def one(i: int) -> None:
        async with db.session() as session:
            await append(session, who, "conversation.viewed", f"c{i}", {"i": i})
            await asyncio.sleep(0)  # let the other writer try to slip in between
            await session.commit()

    await asyncio.gather(*(one(i) for i in range(n)))


def test_two_processes_on_one_sqlite_file_never_fork_the_chain(tmp_path: Path) -> None:
    """Two Database objects stand for two processes: BEGIN IMMEDIATE makes them take
    turns, so every event follows the one before it."""

    async def scenario() -> tuple[int, list[str]]:
        url = f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"
        first, second = Database(url), Database(url)
        await upgrade(first.engine)
        await asyncio.gather(_append_many(first, "a", 40), _append_many(second, "b", 40))
        async with first.read_session() as session:
            count, problems = await verify(session)
        await first.dispose()
        await second.dispose()
        return count, [p.problem for p in problems]

    assert asyncio.run(scenario()) == (80, [])


@pytest.mark.skipif(not services.POSTGRES, reason="WALLETDESK_TEST_POSTGRES is not set")
def test_concurrent_writers_on_postgresql_never_fork_the_chain() -> None:
    """Two engines, many concurrent transactions: the advisory lock in append() makes
    them take turns from reading the head until commit."""
    name = services.create_database(prefix="wd_audit")
    url = services.database_url(name)

    async def scenario() -> tuple[int, list[str]]:
        first, second = Database(url), Database(url)
        await upgrade(first.engine)
        try:
            await asyncio.gather(_append_many(first, "a", 30), _append_many(second, "b", 30))
            async with first.read_session() as session:
                count, problems = await verify(session)
        finally:
            await first.dispose()
            await second.dispose()
        return count, [p.problem for p in problems]

    try:
        assert asyncio.run(scenario()) == (60, [])
    finally:
        services.drop_database(name)


_cli = support.run_cli


def test_cli_anchor_then_verify_catches_a_cut_tail(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "WALLETDESK_DATA_DIR": str(data)}
    env.pop("WALLETDESK_DATABASE_URL", None)
    assert _cli(env, "init").returncode == 0
    anchors = tmp_path / "anchors" / "audit.jsonl"
    printed = _cli(env, "audit", "anchor", "--json")
    assert printed.returncode == 0 and not anchors.exists(), "without --file it only prints"
    anchored = _cli(env, "audit", "anchor", "--file", str(anchors), "--json")
    assert anchored.returncode == 0, anchored.stderr
    head_id = json.loads(anchored.stdout)["id"]
    assert json.loads(printed.stdout) | {"anchored_at": ""} == json.loads(anchored.stdout) | {
        "anchored_at": ""
    }
    ok = _cli(env, "audit", "verify", "--anchor", str(anchors), "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout) | {"events": 0} == {
        "events": 0,
        "anchors": 1,
        "ok": True,
        "problems": [],
    }

    async def cut() -> None:
        db = Database(f"sqlite+aiosqlite:///{data / 'walletdesk.db'}")
        async with db.session() as session:
            await session.execute(delete(AuditEvent).where(AuditEvent.id == head_id))
            await session.commit()
        await db.dispose()

    asyncio.run(cut())
    plain = _cli(env, "audit", "verify", "--json")
    assert plain.returncode == 0, "a cut tail looks intact without the anchor"
    caught = _cli(env, "audit", "verify", "--anchor", str(anchors), "--json")
    assert caught.returncode == 1
    [problem] = json.loads(caught.stdout)["problems"]
    assert problem["event_id"] == head_id and "truncated" in problem["problem"]
    (tmp_path / "junk.jsonl").write_text("not json\n")
    junk = _cli(env, "audit", "verify", "--anchor", str(tmp_path / "junk.jsonl"))
    assert junk.returncode == 2 and "junk.jsonl:1" in junk.stderr and "Traceback" not in junk.stderr
