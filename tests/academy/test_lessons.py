"""The security academy: shipped lessons, quiz grading, lesson choice and badges."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from walletdesk.academy import (
    BADGE_NAMES,
    BADGES,
    CORE_LESSON_IDS,
    Lesson,
    LessonError,
    QuizQuestion,
    badge_name,
    badges_for,
    grade,
    lesson_for_intent,
    load_lessons,
)
from walletdesk.intents import CANONICAL_INTENTS, LANGUAGES
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.safety.links import LinkChecker

ACADEMY = Path(__file__).resolve().parents[2] / "content" / "academy"
LESSON_IDS = sorted(CORE_LESSON_IDS)
HAN = re.compile(r"[\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
WORD = re.compile(r"[^\W\d_][\w'’-]*")


@pytest.fixture(scope="module")
def lessons(content_dir: Path) -> dict[str, dict[str, Lesson]]:
    return load_lessons(content_dir)


@pytest.fixture(scope="module")
def guard() -> OutgoingGuard:
    # No official domains: lessons carry no links at all, so nothing may pass as "official".
    return OutgoingGuard(LinkChecker())


def _lesson(answers: tuple[int, ...] = (0, 1, 2), n_choices: int = 3) -> Lesson:
    quiz = tuple(
        QuizQuestion(
            question=f"Question {i + 1}?",
            choices=tuple(f"choice {c}" for c in range(n_choices)),
            answer=a,
            explain=f"Because {i + 1}.",
        )
        for i, a in enumerate(answers)
    )
    return Lesson(
        id="test-lesson",
        language="en",
        title="Test",
        summary="A test lesson.",
        minutes=3,
        body="Body.",
        intents=("security.tips",),
        quiz=quiz,
    )


# --------------------------------------------------------------------------- shipped content


def test_shipped_lessons_load_in_every_language(lessons: dict[str, dict[str, Lesson]]) -> None:
    assert set(lessons) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert sorted(lessons[lang]) == LESSON_IDS, lang
        for lesson in lessons[lang].values():
            assert lesson.language == lang


def test_curriculum_starts_with_the_recovery_phrase(
    lessons: dict[str, dict[str, Lesson]],
) -> None:
    for lang in LANGUAGES:
        assert next(iter(lessons[lang])) == "recovery-phrase"
    # The same lesson has the same place, length and intents in every language.
    for lesson_id in LESSON_IDS:
        variants = [lessons[lang][lesson_id] for lang in LANGUAGES]
        assert len({(v.order, v.minutes, v.intents, len(v.quiz)) for v in variants}) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quizzes_are_short_and_answerable(lessons: dict[str, dict[str, Lesson]], lang: str) -> None:
    for lesson in lessons[lang].values():
        assert 3 <= len(lesson.quiz) <= 4, lesson.source
        for q in lesson.quiz:
            assert 3 <= len(q.choices) <= 4, f"{lesson.source}: {q.question}"
            assert 0 <= q.answer < len(q.choices), f"{lesson.source}: {q.question}"
        # The right answer is not always in the same place.
        assert len({q.answer for q in lesson.quiz}) > 1, lesson.source


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lessons_use_canonical_intents_and_fit_in_a_few_minutes(
    lessons: dict[str, dict[str, Lesson]], lang: str
) -> None:
    for lesson in lessons[lang].values():
        assert lesson.intents and set(lesson.intents) <= set(CANONICAL_INTENTS)
        assert 1 <= lesson.minutes <= 10
        sentences = [s for s in re.split(r"(?<=[.!?。！？؟])\s*", lesson.summary) if s.strip()]
        assert 1 <= len(sentences) <= 2, f"{lesson.source}: summary has {len(sentences)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bodies_are_plain_markdown_of_lesson_length(
    lessons: dict[str, dict[str, Lesson]], lang: str
) -> None:
    for lesson in lessons[lang].values():
        body = lesson.body
        assert "<" not in body and "http" not in body.lower(), lesson.source
        if lang == "zh":
            # Chinese has no spaces: about two characters per English word.
            assert 300 <= len(HAN.findall(body)) <= 700, lesson.source
        else:
            assert 150 <= len(WORD.findall(body)) <= 350, lesson.source
        # Short paragraphs: no block of text longer than a few sentences.
        for paragraph in body.split("\n\n"):
            assert len(paragraph) <= 700, f"{lesson.source}: {paragraph[:60]}"


def test_chinese_and_arabic_are_written_in_their_script(
    lessons: dict[str, dict[str, Lesson]],
) -> None:
    for lesson in lessons["zh"].values():
        for text in (lesson.title, lesson.summary, lesson.body, lesson.quiz[0].question):
            assert HAN.search(text), f"{lesson.source}: {text[:40]}"
    for lesson in lessons["ar"].values():
        for text in (lesson.title, lesson.summary, lesson.body, lesson.quiz[0].question):
            assert ARABIC.search(text), f"{lesson.source}: {text[:40]}"
    # Spanish is its own text, not the English copied over.
    for lesson_id in LESSON_IDS:
        assert lessons["es"][lesson_id].body != lessons["en"][lesson_id].body


def _texts(lesson: Lesson) -> list[tuple[str, str]]:
    parts = [("title", lesson.title), ("summary", lesson.summary), ("body", lesson.body)]
    for i, q in enumerate(lesson.quiz):
        parts += [(f"quiz[{i}].question", q.question), (f"quiz[{i}].explain", q.explain)]
        parts += [(f"quiz[{i}].choices[{j}]", c) for j, c in enumerate(q.choices)]
    return parts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_lesson_text_passes_the_outgoing_guard(
    lessons: dict[str, dict[str, Lesson]], guard: OutgoingGuard, lang: str
) -> None:
    blocked = []
    for lesson in lessons[lang].values():
        for field, text in _texts(lesson):
            verdict = guard.check(text)
            if not verdict.allowed:
                reasons = "; ".join(
                    f"{r.code} at {text[r.start : r.end]!r}" for r in verdict.reasons
                )
                blocked.append(f"{Path(lesson.source).name} {field}: {reasons}")
    assert blocked == []


def test_guard_would_catch_a_lesson_that_asks_for_the_phrase(guard: OutgoingGuard) -> None:
    # The check above is meaningful: the same guard blocks a bad lesson sentence.
    assert not guard.check("To claim the reward, send us your recovery phrase.").allowed
    assert not guard.check("We can recover your lost phrase for a small fee.").allowed


# --------------------------------------------------------------------------- grading


def test_all_correct_passes_with_ten_points_each() -> None:
    result = grade(_lesson((0, 1, 2)), [0, 1, 2])
    assert (result.correct, result.total, result.passed, result.points) == (3, 3, True, 30)
    assert result.marks == (True, True, True)
    assert result.explanations == ("Because 1.", "Because 2.", "Because 3.")


def test_one_mistake_still_passes_two_do_not() -> None:
    one_wrong = grade(_lesson((0, 1, 2, 0)), [0, 1, 2, 1])
    assert one_wrong.passed and one_wrong.correct == 3 and one_wrong.points == 30
    assert one_wrong.marks == (True, True, True, False)
    two_wrong = grade(_lesson((0, 1, 2, 0)), [0, 1, 0, 1])
    assert not two_wrong.passed and two_wrong.points == 20


def test_every_shipped_quiz_can_be_passed(lessons: dict[str, dict[str, Lesson]]) -> None:
    for by_id in lessons.values():
        for lesson in by_id.values():
            result = grade(lesson, [q.answer for q in lesson.quiz])
            assert result.passed and result.points == 10 * len(lesson.quiz)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0, 1], "3 questions but 2 answers"),
        ([0, 1, 2, 0], "3 questions but 4 answers"),
        ([0, 1, 3], "answer 3 of lesson 'test-lesson' is 3"),
        ([0, -1, 2], "answer 2 of lesson 'test-lesson' is -1"),
        ([0, True, 2], "from 0 to 2"),
        ([0, "1", 2], "from 0 to 2"),
    ],
)
def test_invalid_answers_are_refused_clearly(answers: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        grade(_lesson((0, 1, 2)), answers)


# --------------------------------------------------------------------------- lesson choice


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ("security.phishing_check", "phishing-links"),
        ("security.scam_report", "fake-support"),
        ("security.approvals", "token-approvals"),
        ("security.official_download", "official-downloads"),
        ("security.compromised", "device-security"),
        ("security.tips", "recovery-phrase"),
        ("wallet.backup", "recovery-phrase"),
        ("transfer.how_to_send", "address-poisoning"),
    ],
)
def test_lesson_offered_after_a_question(
    lessons: dict[str, dict[str, Lesson]], intent: str, expected: str
) -> None:
    for lang in LANGUAGES:
        lesson = lesson_for_intent(lessons, intent, lang)
        assert lesson is not None and lesson.id == expected and lesson.language == lang


def test_every_security_intent_has_a_lesson(lessons: dict[str, dict[str, Lesson]]) -> None:
    for intent in (i for i in CANONICAL_INTENTS if i.startswith("security.")):
        assert lesson_for_intent(lessons, intent, "en") is not None, intent


def test_lesson_choice_skips_done_lessons_and_unrelated_intents(
    lessons: dict[str, dict[str, Lesson]],
) -> None:
    assert lesson_for_intent(lessons, "fees.gas", "en") is None
    nxt = lesson_for_intent(lessons, "security.scam_report", "zh", completed={"fake-support"})
    assert nxt is not None and nxt.id != "fake-support" and nxt.language == "zh"
    everything = set(LESSON_IDS)
    assert lesson_for_intent(lessons, "security.tips", "es", completed=everything) is None
    # An unsupported language falls back to English rather than offering nothing.
    fallback = lesson_for_intent(lessons, "security.tips", "fr")
    assert fallback is not None and fallback.language == "en"


# --------------------------------------------------------------------------- badges


def test_badges_follow_completed_lessons_and_points() -> None:
    assert badges_for(set(), 0) == []
    assert badges_for({"phishing-links"}, 40) == ["first-lesson"]
    assert badges_for({"recovery-phrase", "fake-support"}, 70) == [
        "first-lesson",
        "phrase-guardian",
    ]
    assert badges_for({"phishing-links", "address-poisoning"}, 100) == [
        "first-lesson",
        "link-detective",
        "security-scholar",
    ]
    assert badges_for(set(CORE_LESSON_IDS), 280) == list(BADGES)
    assert "academy-graduate" not in badges_for(set(CORE_LESSON_IDS) - {"device-security"}, 250)


def test_operator_curriculum_decides_graduation() -> None:
    assert "academy-graduate" in badges_for({"a", "b"}, 20, all_lesson_ids={"a", "b"})
    assert "academy-graduate" not in badges_for({"a"}, 20, all_lesson_ids={"a", "b"})


def test_every_badge_has_a_name_in_every_language() -> None:
    assert set(BADGE_NAMES) == set(BADGES)
    for badge, names in BADGE_NAMES.items():
        assert set(names) == set(LANGUAGES), badge
        assert HAN.search(names["zh"]) and ARABIC.search(names["ar"])
    assert badge_name("phrase-guardian", "es") == "Guardián de la frase"
    assert badge_name("phrase-guardian", "fr") == "Phrase Guardian"


# --------------------------------------------------------------------------- validation

GOOD_QUIZ: list[dict[str, object]] = [
    {"question": "Q1?", "choices": ["a", "b", "c"], "answer": 1, "explain": "Because."},
    {"question": "Q2?", "choices": ["a", "b", "c"], "answer": 0, "explain": "Because."},
    {"question": "Q3?", "choices": ["a", "b", "c"], "answer": 2, "explain": "Because."},
]
GOOD: dict[str, object] = {
    "id": "demo",
    "language": "en",
    "title": "Demo lesson",
    "summary": "A demo.",
    "minutes": 2,
    "body": "Some **Markdown** body.\n\n1. Step one.\n",
    "intents": ["security.tips"],
    "quiz": GOOD_QUIZ,
}


def _write_tree(root: Path, lessons: dict[str, dict[str, object]] | None = None) -> Path:
    """``root/academy/<lang>/demo.yaml`` in every language, with per-language overrides."""
    for lang in LANGUAGES:
        data = {**GOOD, "language": lang, **(lessons or {}).get(lang, {})}
        folder = root / "academy" / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{data.get('id', 'demo')}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    return root


def _problems(root: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(LessonError) as caught:
        load_lessons(root)
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


def test_a_good_tree_loads(tmp_path: Path) -> None:
    loaded = load_lessons(_write_tree(tmp_path))
    assert loaded["ar"]["demo"].quiz[0].choices == ("a", "b", "c")
    # The academy folder itself works too.
    assert set(load_lessons(tmp_path / "academy")) == set(LANGUAGES)


def test_missing_field_is_named_with_the_file(tmp_path: Path) -> None:
    data = {k: v for k, v in GOOD.items() if k != "summary"}
    (tmp_path / "academy" / "en").mkdir(parents=True)
    _write_tree(tmp_path)
    (tmp_path / "academy" / "en" / "demo.yaml").write_text(yaml.safe_dump(data))
    problems = _problems(tmp_path)
    assert problems == [(str(tmp_path / "academy" / "en" / "demo.yaml"), "summary", "is missing")]
    assert "en/demo.yaml: summary: is missing" in str(LessonError(problems))


def test_unknown_intent_is_refused(tmp_path: Path) -> None:
    problems = _problems(_write_tree(tmp_path, {"es": {"intents": ["security.nope"]}}))
    assert [(Path(p[0]).parent.name, p[1]) for p in problems] == [("es", "intents")]
    assert "security.nope" in problems[0][2]


def test_answer_index_out_of_range_is_refused(tmp_path: Path) -> None:
    quiz = [dict(q) for q in GOOD_QUIZ]
    quiz[1]["answer"] = 3
    problems = _problems(_write_tree(tmp_path, {"zh": {"quiz": quiz}}))
    assert [(Path(p[0]).parent.name, p[1]) for p in problems] == [("zh", "quiz[1].answer")]
    assert "out of range" in problems[0][2]


def test_lesson_missing_in_a_language_is_refused(tmp_path: Path) -> None:
    _write_tree(tmp_path)
    extra = tmp_path / "academy" / "en" / "extra.yaml"
    extra.write_text(yaml.safe_dump({**GOOD, "id": "extra"}))
    problems = _problems(tmp_path)
    assert sorted(Path(p[0]).parent.name for p in problems) == ["ar", "es", "zh"]
    assert all(p[1] == "id" and "'extra' is missing" in p[2] for p in problems)


def test_duplicate_lesson_is_refused(tmp_path: Path) -> None:
    _write_tree(tmp_path)
    folder = tmp_path / "academy" / "ar"
    shutil.copy(folder / "demo.yaml", folder / "demo.yml")
    problems = _problems(tmp_path)
    assert [(Path(p[0]).name, p[1]) for p in problems] == [("demo.yml", "id")]
    assert "duplicate" in problems[0][2]


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    bad_quiz = [{"question": "Q?", "choices": ["same", "Same"], "answer": "1"}]
    overrides: dict[str, object] = {
        "language": "es",
        "minutes": 0,
        "body": "Go to https://evil.example <b>now</b>",
        "quiz": bad_quiz,
        "answers": [1],
    }
    problems = _problems(_write_tree(tmp_path, {"en": overrides}))
    fields = {p[1] for p in problems}
    assert {
        "language",
        "minutes",
        "body",
        "answers",
        "quiz[0].explain",
        "quiz[0].choices",
        "quiz[0].answer",
    } <= fields
    assert all(p[0].endswith("en/demo.yaml") for p in problems)


def test_file_name_and_id_must_agree(tmp_path: Path) -> None:
    _write_tree(tmp_path)
    path = tmp_path / "academy" / "en" / "demo.yaml"
    path.write_text(yaml.safe_dump({**GOOD, "id": "other"}))
    problems = _problems(tmp_path)
    assert (str(path), "id", "'other' does not match the file name 'demo'") in problems


def test_broken_yaml_and_missing_folders(tmp_path: Path) -> None:
    _write_tree(tmp_path)
    (tmp_path / "academy" / "zh" / "demo.yaml").write_text("id: [unclosed\n")
    shutil.rmtree(tmp_path / "academy" / "es")
    problems = _problems(tmp_path)
    assert [(Path(p[0]).parts[-2:], p[1]) for p in problems] == [
        (("zh", "demo.yaml"), "file"),
        (("academy", "es"), "directory"),
    ]
    assert problems[0][2].startswith("invalid YAML at line")
    assert _problems(tmp_path / "nowhere")[0][1:] == ("directory", "does not exist")


def test_shipped_content_dir_is_where_settings_point(content_dir: Path) -> None:
    assert (content_dir / "academy").resolve() == ACADEMY.resolve()
