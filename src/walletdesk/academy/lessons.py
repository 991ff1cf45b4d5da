"""Security-academy lessons: load and validate them, grade a quiz, pick one for an intent.

Lessons live in ``<content>/academy/<lang>/<id>.yaml``, one file per lesson and language,
with the same ids in every language (en, zh, es, ar). Pure library: no web, no database.
Every problem found while loading is reported at once, each naming the file and the field,
so an operator can fix a whole import in one go.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from walletdesk.intents import CANONICAL_INTENTS, LANGUAGES
from walletdesk.knowledge.articles import HTML_RE, ID_RE, URL_RE
from walletdesk.yaml_io import YAMLError, safe_load

__all__ = [
    "MAX_CHOICES",
    "MAX_QUESTIONS",
    "MIN_CHOICES",
    "POINTS_PER_CORRECT_ANSWER",
    "Lesson",
    "LessonError",
    "QuizQuestion",
    "QuizResult",
    "grade",
    "lesson_for_intent",
    "load_lessons",
    "parse_lesson",
]

POINTS_PER_CORRECT_ANSWER = 10
MIN_CHOICES = 2
MAX_CHOICES = 6
MAX_QUESTIONS = 10
MAX_MINUTES = 60
MAX_BODY_CHARS = 20_000
DEFAULT_ORDER = 100

_REQUIRED = ("id", "language", "title", "summary", "minutes", "body", "intents", "quiz")
_OPTIONAL = ("order",)
_QUESTION_FIELDS = ("question", "choices", "answer", "explain")
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    question: str
    choices: tuple[str, ...]
    answer: int  # index into ``choices``
    explain: str


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    language: str
    title: str
    summary: str
    minutes: int
    body: str  # Markdown
    intents: tuple[str, ...]  # canonical intent ids; the first is the main one
    quiz: tuple[QuizQuestion, ...]
    order: int = DEFAULT_ORDER  # place in the curriculum (lower first)
    source: str = ""


@dataclass(frozen=True, slots=True)
class QuizResult:
    correct: int
    total: int
    passed: bool
    points: int
    explanations: tuple[str, ...]  # one per question, in quiz order
    marks: tuple[bool, ...] = ()  # per question: was the answer right


class LessonError(ValueError):
    """Invalid lesson content; ``problems`` holds one ``(file, field, problem)`` per issue."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{src}: {name}: {what}" for src, name, what in problems))


# --------------------------------------------------------------------------- parsing


class _Collector:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[tuple[str, str, str]] = []

    def add(self, name: str, problem: str) -> None:
        self.problems.append((self.source, name, problem))


def _text(value: object, name: str, errors: _Collector, *, keep_lines: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.add(name, "is required and must be non-empty text")
        return ""
    text = value.strip() if keep_lines else " ".join(value.split())
    if HTML_RE.search(text):
        errors.add(name, "raw HTML is not allowed")
    if URL_RE.search(text):
        errors.add(name, "links are not allowed")
    return text


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _parse_question(raw: object, index: int, errors: _Collector) -> QuizQuestion | None:
    where = f"quiz[{index}]"
    if not isinstance(raw, dict):
        errors.add(where, "must be a mapping with question, choices, answer, explain")
        return None
    before = len(errors.problems)
    for key in sorted(set(map(str, raw)) - set(_QUESTION_FIELDS)):
        errors.add(f"{where}.{key}", "unknown field")
    for key in _QUESTION_FIELDS:
        if key not in raw:
            errors.add(f"{where}.{key}", "is missing")
    question = _text(raw.get("question"), f"{where}.question", errors) if "question" in raw else ""
    explain = _text(raw.get("explain"), f"{where}.explain", errors) if "explain" in raw else ""
    choices: list[str] = []
    raw_choices = raw.get("choices")
    if "choices" in raw:
        if not isinstance(raw_choices, list) or not (
            MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES
        ):
            errors.add(f"{where}.choices", f"must be a list of {MIN_CHOICES}-{MAX_CHOICES} choices")
        else:
            for n, choice in enumerate(raw_choices):
                choices.append(_text(choice, f"{where}.choices[{n}]", errors))
            seen = [c.casefold() for c in choices if c]
            if len(set(seen)) != len(seen):
                errors.add(f"{where}.choices", "duplicate choice")
    answer = _int(raw.get("answer"))
    if "answer" in raw:
        if answer is None:
            errors.add(f"{where}.answer", "must be a whole number (index of the right choice)")
        elif choices and not 0 <= answer < len(choices):
            errors.add(
                f"{where}.answer",
                f"index {answer} is out of range (0-{len(choices) - 1} for {len(choices)} choices)",
            )
    if len(errors.problems) > before or answer is None:
        return None
    return QuizQuestion(question=question, choices=tuple(choices), answer=answer, explain=explain)


def parse_lesson(
    data: object,
    source: str,
    *,
    known_intents: Iterable[str] = CANONICAL_INTENTS,
    expected_language: str | None = None,
    expected_id: str | None = None,
) -> tuple[Lesson | None, list[tuple[str, str, str]]]:
    """One lesson from parsed YAML; returns ``(lesson, [])`` or ``(None, problems)``."""
    errors = _Collector(source)
    if not isinstance(data, dict):
        errors.add("file", "must be a YAML mapping of lesson fields")
        return None, errors.problems
    for key in sorted(set(map(str, data)) - set(_REQUIRED) - set(_OPTIONAL)):
        errors.add(key, "unknown field")
    for key in _REQUIRED:
        if key not in data:
            errors.add(key, "is missing")

    lesson_id = data.get("id")
    if "id" in data and (not isinstance(lesson_id, str) or not ID_RE.match(lesson_id)):
        errors.add("id", "lowercase letters, digits and dashes (3-100 characters)")
    elif expected_id is not None and isinstance(lesson_id, str) and lesson_id != expected_id:
        errors.add("id", f"{lesson_id!r} does not match the file name {expected_id!r}")
    language = data.get("language")
    if "language" in data and language not in LANGUAGES:
        errors.add("language", f"must be one of {', '.join(LANGUAGES)}")
    elif expected_language is not None and "language" in data and language != expected_language:
        errors.add("language", f"is {language!r} but the folder is {expected_language!r}")

    title = _text(data.get("title"), "title", errors) if "title" in data else ""
    summary = _text(data.get("summary"), "summary", errors) if "summary" in data else ""
    body = _text(data.get("body"), "body", errors, keep_lines=True) if "body" in data else ""
    if len(body) > MAX_BODY_CHARS:
        errors.add("body", f"longer than {MAX_BODY_CHARS} characters")

    minutes = _int(data.get("minutes"))
    if "minutes" in data and (minutes is None or not 1 <= minutes <= MAX_MINUTES):
        errors.add("minutes", f"must be a whole number from 1 to {MAX_MINUTES}")
    order = _int(data.get("order", DEFAULT_ORDER))
    if order is None or order < 0:
        errors.add("order", "must be a whole number, 0 or more")

    intents: list[str] = []
    raw_intents = data.get("intents")
    if "intents" in data:
        if not isinstance(raw_intents, list) or not raw_intents:
            errors.add("intents", "must be a non-empty list of canonical intent ids")
        else:
            known = set(known_intents)
            for intent in raw_intents:
                if not isinstance(intent, str) or intent not in known:
                    errors.add("intents", f"unknown intent {intent!r}")
                elif intent in intents:
                    errors.add("intents", f"duplicate intent {intent!r}")
                else:
                    intents.append(intent)

    questions: list[QuizQuestion] = []
    raw_quiz = data.get("quiz")
    if "quiz" in data:
        if not isinstance(raw_quiz, list) or not 1 <= len(raw_quiz) <= MAX_QUESTIONS:
            errors.add("quiz", f"must be a list of 1-{MAX_QUESTIONS} questions")
        else:
            for index, raw in enumerate(raw_quiz):
                parsed = _parse_question(raw, index, errors)
                if parsed is not None:
                    questions.append(parsed)

    if errors.problems:
        return None, errors.problems
    assert isinstance(lesson_id, str) and isinstance(language, str)
    assert minutes is not None and order is not None
    return (
        Lesson(
            id=lesson_id,
            language=language,
            title=title,
            summary=summary,
            minutes=minutes,
            body=body,
            intents=tuple(intents),
            quiz=tuple(questions),
            order=order,
            source=source,
        ),
        [],
    )


def _read(path: Path) -> tuple[object, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot be read as UTF-8 ({exc.__class__.__name__})"
    try:
        return safe_load(text.lstrip("\ufeff")), None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return None, f"invalid YAML{where}"


def load_lessons(
    content_dir: Path,
    *,
    known_intents: Iterable[str] = CANONICAL_INTENTS,
    languages: Iterable[str] = LANGUAGES,
) -> dict[str, dict[str, Lesson]]:
    """``{lang: {id: Lesson}}`` from ``content_dir/academy/<lang>/<id>.yaml``.

    ``content_dir`` may also be the ``academy`` folder itself. Each language's lessons are
    ordered by ``order``, then id. Raises :class:`LessonError` (a ``ValueError``) listing
    every problem, each naming the file and the field: a missing or unknown field, an
    unknown intent, an answer index out of range, a duplicate id, or an id that some
    language lacks.
    """
    root = content_dir / "academy" if (content_dir / "academy").is_dir() else content_dir
    langs = tuple(languages)
    known = tuple(known_intents)
    problems: list[tuple[str, str, str]] = []
    if not root.is_dir():
        raise LessonError([(str(root), "directory", "does not exist")])
    found: dict[str, dict[str, Lesson]] = {}
    for lang in langs:
        folder = root / lang
        found[lang] = {}
        files = (
            sorted(p for p in folder.glob("*") if p.suffix in _SUFFIXES and p.is_file())
            if folder.is_dir()
            else []
        )
        if not files:
            problems.append((str(folder), "directory", f"no lessons for language {lang!r}"))
            continue
        sources: dict[str, str] = {}
        for path in files:
            data, problem = _read(path)
            if problem is not None:
                problems.append((str(path), "file", problem))
                continue
            lesson, errors = parse_lesson(
                data,
                str(path),
                known_intents=known,
                expected_language=lang,
                expected_id=path.stem,
            )
            problems.extend(errors)
            if lesson is None:
                continue
            if lesson.id in sources:
                problems.append((str(path), "id", f"duplicate of {sources[lesson.id]}"))
                continue
            sources[lesson.id] = str(path)
            found[lang][lesson.id] = lesson
    problems.extend(_missing_translations(root, found, langs, problems))
    if problems:
        raise LessonError(problems)
    return {
        lang: dict(sorted(by_id.items(), key=lambda kv: (kv[1].order, kv[0])))
        for lang, by_id in found.items()
    }


def _missing_translations(
    root: Path,
    found: Mapping[str, Mapping[str, Lesson]],
    langs: tuple[str, ...],
    problems: list[tuple[str, str, str]],
) -> list[tuple[str, str, str]]:
    """Every id must exist in every language (files that failed to parse still count)."""
    broken = {Path(src).stem for src, _, _ in problems if Path(src).suffix in _SUFFIXES}
    all_ids = {i for by_id in found.values() for i in by_id} | broken
    missing: list[tuple[str, str, str]] = []
    for lang in langs:
        folder = root / lang
        if not folder.is_dir():
            continue
        present = set(found.get(lang, {})) | {
            Path(src).stem for src, _, _ in problems if Path(src).parent == folder
        }
        for lesson_id in sorted(all_ids - present):
            others = sorted(other for other in langs if lesson_id in found.get(other, {}))
            missing.append(
                (
                    str(folder / f"{lesson_id}.yaml"),
                    "id",
                    f"lesson {lesson_id!r} is missing in {lang!r} "
                    f"(present in {', '.join(others) or 'no language'})",
                )
            )
    return missing


# --------------------------------------------------------------------------- using lessons


def grade(lesson: Lesson, answers: list[int]) -> QuizResult:
    """Score a quiz: 10 points per right answer; passed with all but at most one right.

    ``answers`` holds one choice index per question, in quiz order. A wrong number of
    answers, or an index that is not one of the question's choices, raises ``ValueError``.
    """
    total = len(lesson.quiz)
    if not isinstance(answers, list | tuple):
        raise ValueError("answers must be a list of choice indexes, one per question")
    if len(answers) != total:
        raise ValueError(
            f"lesson {lesson.id!r} has {total} questions but {len(answers)} answers were given"
        )
    marks: list[bool] = []
    for number, (question, answer) in enumerate(zip(lesson.quiz, answers, strict=True), 1):
        last = len(question.choices) - 1
        if _int(answer) is None or not 0 <= answer <= last:
            raise ValueError(
                f"answer {number} of lesson {lesson.id!r} is {answer!r}; "
                f"it must be a choice index from 0 to {last}"
            )
        marks.append(answer == question.answer)
    correct = sum(marks)
    return QuizResult(
        correct=correct,
        total=total,
        passed=correct >= max(1, total - 1),
        points=correct * POINTS_PER_CORRECT_ANSWER,
        explanations=tuple(q.explain for q in lesson.quiz),
        marks=tuple(marks),
    )


def lesson_for_intent(
    lessons: Mapping[str, Mapping[str, Lesson]],
    intent: str,
    lang: str,
    *,
    completed: Collection[str] = (),
    fallback_language: str = "en",
) -> Lesson | None:
    """The lesson to offer after a question with ``intent``, in ``lang``, or ``None``.

    A lesson whose main (first) intent matches wins over one that lists the intent later;
    ties go to the curriculum order. Lessons in ``completed`` are skipped. An unknown
    ``lang`` falls back to ``fallback_language``.
    """
    by_id = lessons.get(lang) or lessons.get(fallback_language) or {}
    best: Lesson | None = None
    best_rank: tuple[int, int] | None = None
    for position, lesson in enumerate(by_id.values()):
        if lesson.id in completed or intent not in lesson.intents:
            continue
        rank = (lesson.intents.index(intent), position)
        if best_rank is None or rank < best_rank:
            best, best_rank = lesson, rank
    return best
