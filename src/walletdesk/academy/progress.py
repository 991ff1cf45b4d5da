"""A customer's academy progress, through the store: best result per lesson, points, badges.

The rest of the academy is a pure library; this module owns the ``academy_progress`` rows
and ``customers.points``. Rules: the best result per lesson is kept (passed beats failed,
then more right answers), and a lesson adds its points once: a retake only adds the points
it gains over the best earlier result, so repeating a quiz never farms points.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from walletdesk.academy.badges import CORE_LESSON_IDS, badges_for
from walletdesk.academy.lessons import Lesson, QuizResult
from walletdesk.store.db import Database
from walletdesk.store.models import AcademyProgress, Customer, utcnow

__all__ = ["Progress", "Recorded", "progress_of", "record_result"]


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything a customer has done in the academy."""

    best: dict[str, AcademyProgress]  # lesson id -> best result
    points: int
    badges: list[str]

    @property
    def passed(self) -> set[str]:
        return {lesson_id for lesson_id, row in self.best.items() if row.passed}


@dataclass(frozen=True, slots=True)
class Recorded:
    best: AcademyProgress
    improved: bool  # this attempt became the best result
    points_added: int
    points: int  # the customer's total after this attempt
    badges: list[str]
    new_badges: list[str]


def _better(result: QuizResult, row: AcademyProgress) -> bool:
    return (result.passed, result.correct) > (row.passed, row.correct)


async def progress_of(
    db: Database, customer_id: str, all_lesson_ids: Collection[str] = CORE_LESSON_IDS
) -> Progress:
    async with db.read_session() as session:
        customer = await session.get(Customer, customer_id)
        rows = (
            await session.execute(
                select(AcademyProgress).where(AcademyProgress.customer_id == customer_id)
            )
        ).scalars()
        best = {row.lesson_id: row for row in rows}
    points = customer.points if customer is not None else 0
    passed = {lesson_id for lesson_id, row in best.items() if row.passed}
    return Progress(best, points, badges_for(passed, points, all_lesson_ids=all_lesson_ids))


async def record_result(
    db: Database,
    customer_id: str,
    lesson: Lesson,
    result: QuizResult,
    all_lesson_ids: Collection[str] = CORE_LESSON_IDS,
) -> Recorded:
    """Keep the best result of ``lesson`` for the customer and add the points it gained.

    Raises ``LookupError`` when the customer does not exist.
    """
    for attempt in range(2):
        try:
            return await _record(db, customer_id, lesson, result, all_lesson_ids)
        except IntegrityError:  # a concurrent first attempt inserted the row (PostgreSQL)
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _record(
    db: Database,
    customer_id: str,
    lesson: Lesson,
    result: QuizResult,
    all_lesson_ids: Collection[str],
) -> Recorded:
    async with db.session() as session:
        customer = await session.get(Customer, customer_id, with_for_update=not db.is_sqlite)
        if customer is None or customer.deleted_at is not None:
            raise LookupError(customer_id)
        rows = (
            await session.execute(
                select(AcademyProgress).where(AcademyProgress.customer_id == customer_id)
            )
        ).scalars()
        best = {row.lesson_id: row for row in rows}
        passed_before = {i for i, row in best.items() if row.passed}
        badges_before = badges_for(passed_before, customer.points, all_lesson_ids=all_lesson_ids)
        row = best.get(lesson.id)
        added = 0
        improved = row is None or _better(result, row)
        if row is None:
            row = AcademyProgress(
                customer_id=customer_id,
                lesson_id=lesson.id,
                language=lesson.language,
                correct=result.correct,
                total=result.total,
                passed=result.passed,
                points=result.points,
                completed_at=utcnow(),
            )
            session.add(row)
            added = result.points
        elif improved:
            added = max(0, result.points - row.points)
            row.language = lesson.language
            row.correct, row.total, row.passed = result.correct, result.total, result.passed
            row.points = max(row.points, result.points)
            row.completed_at = utcnow()
        # the customer row is ours for this transaction (SQLite's single writer, or
        # SELECT ... FOR UPDATE on PostgreSQL), so a plain read-modify-write is safe
        total = customer.points + added
        customer.points = total
        await session.commit()
    passed = passed_before | ({lesson.id} if row.passed else set())
    badges = badges_for(passed, total, all_lesson_ids=all_lesson_ids)
    return Recorded(
        best=row,
        improved=improved,
        points_added=added,
        points=total,
        badges=badges,
        new_badges=[b for b in badges if b not in badges_before],
    )
