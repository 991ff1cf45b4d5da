"""The security academy: short lessons with quizzes, points and badges (pure library).

Content lives in ``<content>/academy/<lang>/<id>.yaml``; :func:`load_lessons` validates it,
:func:`grade` scores a quiz, :func:`lesson_for_intent` picks the lesson the bot offers
after a security question, :func:`badges_for` says which badges a learner has earned.
"""

from __future__ import annotations

from walletdesk.academy.badges import (
    BADGE_NAMES,
    BADGES,
    CORE_LESSON_IDS,
    SCHOLAR_POINTS,
    badge_name,
    badges_for,
)
from walletdesk.academy.lessons import (
    POINTS_PER_CORRECT_ANSWER,
    Lesson,
    LessonError,
    QuizQuestion,
    QuizResult,
    grade,
    lesson_for_intent,
    load_lessons,
    parse_lesson,
)

__all__ = [
    "BADGES",
    "BADGE_NAMES",
    "CORE_LESSON_IDS",
    "POINTS_PER_CORRECT_ANSWER",
    "SCHOLAR_POINTS",
    "Lesson",
    "LessonError",
    "QuizQuestion",
    "QuizResult",
    "badge_name",
    "badges_for",
    "grade",
    "lesson_for_intent",
    "load_lessons",
    "parse_lesson",
]
