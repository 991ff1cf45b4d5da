"""The audit chain detects edited, deleted and reordered events and says which."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import delete, select, update

from walletdesk.audit.chain import append, verify
from walletdesk.store.db import Database
from walletdesk.store.migrate import upgrade
from walletdesk.store.models import AuditEvent


def run_with_chain(tmp_path: Path, tamper: str | None) -> tuple[int, list[str], list[int]]:
    async def scenario() -> tuple[int, list[str], list[int]]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}")
        await upgrade(db.engine)
        async with db.session() as session:
            for i in range(5):
                await append(session, "agent-1", "conversation.viewed", f"c{i}", {"i": i})
            await session.commit()
            ids = list(
                (await session.execute(select(AuditEvent.id).order_by(AuditEvent.id))).scalars()
            )
            if tamper == "edit":
                await session.execute(
                    update(AuditEvent).where(AuditEvent.id == ids[2]).values(actor="someone-else")
                )
            elif tamper == "delete":
                await session.execute(delete(AuditEvent).where(AuditEvent.id == ids[1]))
            elif tamper == "reorder":
                a, b = (
                    await session.execute(
                        select(AuditEvent)
                        .where(AuditEvent.id.in_([ids[3], ids[4]]))
                        .order_by(AuditEvent.id)
                    )
                ).scalars()
                fields = ("at", "actor", "action", "target", "data", "prev_hash", "hash")
                values_a = {f: getattr(a, f) for f in fields}
                values_b = {f: getattr(b, f) for f in fields}
                await session.execute(
                    update(AuditEvent).where(AuditEvent.id == ids[3]).values(hash="x" * 64)
                )
                await session.execute(
                    update(AuditEvent).where(AuditEvent.id == ids[4]).values(**values_a)
                )
                await session.execute(
                    update(AuditEvent).where(AuditEvent.id == ids[3]).values(**values_b)
                )
            await session.commit()
            count, problems = await verify(session)
        await db.dispose()
        return count, [p.problem for p in problems], [p.event_id - ids[0] for p in problems]

    return asyncio.run(scenario())


def test_intact_chain_verifies(tmp_path: Path) -> None:
    count, problems, _ = run_with_chain(tmp_path, None)
    assert count == 5 and problems == []


def test_edited_event_is_named(tmp_path: Path) -> None:
    _, problems, where = run_with_chain(tmp_path, "edit")
    assert where == [2] and "edited" in problems[0]


def test_deleted_event_breaks_the_link_after_it(tmp_path: Path) -> None:
    _, problems, where = run_with_chain(tmp_path, "delete")
    assert where == [2] and "deleted" in problems[0]


def test_reordered_events_are_detected(tmp_path: Path) -> None:
    _, problems, where = run_with_chain(tmp_path, "reorder")
    assert problems and set(where) <= {3, 4}
