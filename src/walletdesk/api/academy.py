"""Security academy for customers: lessons with their progress, quizzes graded on the
server (answers never leave it), points once per lesson, badges; and the public lesson
pages the bot links to (``/academy/{lang}/{id}``), which work with or without a customer
token (without one the quiz is graded but nothing is saved)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from walletdesk.academy import Lesson, badge_name, grade
from walletdesk.academy.lessons import MAX_QUESTIONS
from walletdesk.academy.progress import Progress, progress_of, record_result
from walletdesk.api.deps import Services, ServicesDep, current_customer
from walletdesk.api.public import SafeMarkdown, templates
from walletdesk.api.schemas import Language
from walletdesk.bot.messages import message
from walletdesk.store.models import AcademyProgress, Customer

router = APIRouter(tags=["academy"])
# html=False: lesson Markdown can never inject markup; links (lessons carry none) and images
# pass the same scheme check as articles
_markdown = SafeMarkdown("commonmark", {"html": False, "linkify": False})
LANGS = ("en", "zh", "es", "ar")
LessonId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z0-9-]+$")]
LangParam = Annotated[Language | None, Query(description="en, zh, es or ar")]

# the lesson pages' own words; lessons carry the content
UI: dict[str, dict[str, str]] = {
    "academy": {
        "en": "Security academy",
        "zh": "安全学院",
        "es": "Academia de seguridad",
        "ar": "أكاديمية الأمان",
    },
    "minutes": {"en": "{n} min", "zh": "{n} 分钟", "es": "{n} min", "ar": "{n} دقائق"},
    "quiz": {"en": "Quiz", "zh": "小测验", "es": "Cuestionario", "ar": "اختبار قصير"},
    "submit": {
        "en": "Check my answers",
        "zh": "提交答案",
        "es": "Comprobar respuestas",
        "ar": "تحقق من إجاباتي",
    },
    "score": {
        "en": "{correct} of {total} right.",
        "zh": "答对 {correct} / {total} 题。",
        "es": "{correct} de {total} correctas.",
        "ar": "{correct} من {total} إجابات صحيحة.",
    },
    "passed": {
        "en": "Passed, well done!",
        "zh": "通过了，做得好！",
        "es": "¡Aprobado, bien hecho!",
        "ar": "نجحت، أحسنت!",
    },
    "failed": {
        "en": "Not yet: read the lesson again and retry.",
        "zh": "还差一点：再读一遍课程后重试。",
        "es": "Aún no: vuelve a leer la lección e inténtalo de nuevo.",
        "ar": "ليس بعد: اقرأ الدرس مرة أخرى ثم حاول من جديد.",
    },
    "right": {"en": "Right", "zh": "正确", "es": "Correcto", "ar": "صحيح"},
    "wrong": {"en": "Not quite", "zh": "不对", "es": "No del todo", "ar": "ليس تمامًا"},
    "points": {
        "en": "Your points: {points}",
        "zh": "您的积分：{points}",
        "es": "Tus puntos: {points}",
        "ar": "نقاطك: {points}",
    },
    "badges": {"en": "Badges", "zh": "徽章", "es": "Insignias", "ar": "الشارات"},
    "new_badge": {
        "en": "New badge",
        "zh": "新徽章",
        "es": "Nueva insignia",
        "ar": "شارة جديدة",
    },
    "not_saved": {
        "en": "Open the academy from the support chat to save your progress and earn badges.",
        "zh": "从客服对话中打开学院，即可保存进度并获得徽章。",
        "es": "Abre la academia desde el chat de soporte para guardar tu progreso y ganar "
        "insignias.",
        "ar": "افتح الأكاديمية من محادثة الدعم لحفظ تقدمك والحصول على الشارات.",
    },
    "answer_all": {
        "en": "Please answer every question first.",
        "zh": "请先回答所有问题。",
        "es": "Responde primero todas las preguntas.",
        "ar": "يُرجى الإجابة عن جميع الأسئلة أولًا.",
    },
    "all_lessons": {
        "en": "All lessons",
        "zh": "全部课程",
        "es": "Todas las lecciones",
        "ar": "كل الدروس",
    },
    "done": {"en": "passed", "zh": "已通过", "es": "aprobada", "ar": "تم اجتيازه"},
    "error": {
        "en": "Something went wrong; please try again.",
        "zh": "出了点问题，请重试。",
        "es": "Algo salió mal; inténtalo de nuevo.",
        "ar": "حدث خطأ ما، يُرجى المحاولة مرة أخرى.",
    },
}


def ui(key: str, lang: str, **values: object) -> str:
    table = UI[key]
    return table.get(lang, table["en"]).format(**values)


# ---- models ------------------------------------------------------------------------------
class LessonProgress(BaseModel):
    correct: int
    total: int
    passed: bool
    points: int
    completed_at: str


class Badge(BaseModel):
    id: str
    name: str


class LessonSummary(BaseModel):
    id: str
    language: str
    title: str
    summary: str
    minutes: int
    url: str = Field(description="The lesson's page (the bot links here)")
    progress: LessonProgress | None = Field(description="Best result; null when not taken")


class LessonList(BaseModel):
    language: str
    lessons: list[LessonSummary]
    points: int | None = Field(description="The customer's points; null without a token")
    badges: list[Badge]


class QuizQuestionPublic(BaseModel):
    question: str
    choices: list[str]


class LessonPublic(LessonSummary):
    body_html: str = Field(description="The lesson rendered from Markdown, raw HTML refused")
    quiz: list[QuizQuestionPublic] = Field(description="Questions and choices, never answers")


class QuizAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: Language = "en"
    answers: list[int] = Field(
        min_length=1, max_length=MAX_QUESTIONS, description="One choice index per question"
    )


class QuizGraded(BaseModel):
    lesson_id: str
    correct: int
    total: int
    passed: bool
    points: int = Field(description="Points this attempt scored")
    marks: list[bool] = Field(description="Per question: was the answer right")
    explanations: list[str]
    text: str = Field(description="The result as a sentence in the lesson's language")
    saved: bool = Field(description="False without a customer token: graded, not stored")
    points_added: int = Field(description="Points added to the customer's total (once per lesson)")
    total_points: int | None
    best: LessonProgress | None
    badges: list[Badge]
    new_badges: list[Badge]


# ---- helpers -----------------------------------------------------------------------------
async def optional_customer(
    services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> str | None:
    """No header: an anonymous reader. A header that is wrong is still refused (401)."""
    if authorization is None:
        return None
    return await current_customer(services, authorization)


def _lessons(services: Services, lang: str) -> dict[str, Lesson]:
    return dict(services.bot.lessons.get(lang) or services.bot.lessons.get("en") or {})


def _lesson(services: Services, lesson_id: str, lang: str) -> Lesson:
    lesson = _lessons(services, lang).get(lesson_id)
    if lesson is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "lesson not found")
    return lesson


def _all_ids(services: Services) -> set[str]:
    return {i for by_id in services.bot.lessons.values() for i in by_id}


def _progress(row: AcademyProgress | None) -> LessonProgress | None:
    if row is None:
        return None
    return LessonProgress(
        correct=row.correct,
        total=row.total,
        passed=row.passed,
        points=row.points,
        completed_at=row.completed_at.isoformat(),
    )


def _summary(services: Services, lesson: Lesson, progress: Progress | None) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "language": lesson.language,
        "title": lesson.title,
        "summary": lesson.summary,
        "minutes": lesson.minutes,
        "url": services.bot.lesson_url(lesson.id, lesson.language),
        "progress": _progress(progress.best.get(lesson.id) if progress else None),
    }


def _badges(ids: list[str], lang: str) -> list[Badge]:
    return [Badge(id=b, name=badge_name(b, lang)) for b in ids]


async def _language_of(services: Services, customer: str | None, lang: str | None) -> str:
    if lang:
        return lang
    if customer:
        async with services.db.read_session() as session:
            row = await session.get(Customer, customer)
        if row is not None and row.language in LANGS:
            return row.language
    return services.settings.default_language


# ---- JSON API ----------------------------------------------------------------------------
@router.get("/api/v1/academy/lessons", response_model=LessonList)
async def list_lessons(
    services: ServicesDep,
    lang: LangParam = None,
    authorization: Annotated[str | None, Header()] = None,
) -> LessonList:
    """The lessons in a language, in curriculum order, with the customer's best results,
    points and badges (a customer token is optional)."""
    customer = await optional_customer(services, authorization)
    language = await _language_of(services, customer, lang)
    progress = await progress_of(services.db, customer, _all_ids(services)) if customer else None
    return LessonList(
        language=language,
        lessons=[
            LessonSummary(**_summary(services, lesson, progress))
            for lesson in _lessons(services, language).values()
        ],
        points=progress.points if progress else None,
        badges=_badges(progress.badges if progress else [], language),
    )


@router.get("/api/v1/academy/lessons/{lesson_id}", response_model=LessonPublic)
async def get_lesson(
    lesson_id: LessonId,
    services: ServicesDep,
    lang: LangParam = None,
    authorization: Annotated[str | None, Header()] = None,
) -> LessonPublic:
    """One lesson: its body rendered safely and its quiz without the answers."""
    customer = await optional_customer(services, authorization)
    language = await _language_of(services, customer, lang)
    lesson = _lesson(services, lesson_id, language)
    progress = await progress_of(services.db, customer, _all_ids(services)) if customer else None
    return LessonPublic(
        **_summary(services, lesson, progress),
        body_html=_markdown.render(lesson.body),
        quiz=[
            QuizQuestionPublic(question=q.question, choices=list(q.choices)) for q in lesson.quiz
        ],
    )


@router.post("/api/v1/academy/lessons/{lesson_id}/answers", response_model=QuizGraded)
async def answer_quiz(
    lesson_id: LessonId,
    body: QuizAnswers,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> QuizGraded:
    """Grade the quiz on the server. With a customer token the best result is kept, the
    points are added once per lesson and the badges earned are returned."""
    customer = await optional_customer(services, authorization)
    lesson = _lesson(services, lesson_id, body.language)
    try:
        result = grade(lesson, body.answers)
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    lang = lesson.language
    text = f"{ui('score', lang, correct=result.correct, total=result.total)} " + ui(
        "passed" if result.passed else "failed", lang
    )
    graded: dict[str, Any] = {
        "lesson_id": lesson.id,
        "correct": result.correct,
        "total": result.total,
        "passed": result.passed,
        "points": result.points,
        "marks": list(result.marks),
        "explanations": list(result.explanations),
        "text": text,
    }
    if customer is None:
        return QuizGraded(
            **graded,
            saved=False,
            points_added=0,
            total_points=None,
            best=None,
            badges=[],
            new_badges=[],
        )
    try:
        recorded = await record_result(services.db, customer, lesson, result, _all_ids(services))
    except LookupError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown customer") from exc
    return QuizGraded(
        **graded,
        saved=True,
        points_added=recorded.points_added,
        total_points=recorded.points,
        best=_progress(recorded.best),
        badges=_badges(recorded.badges, lang),
        new_badges=_badges(recorded.new_badges, lang),
    )


# ---- pages -------------------------------------------------------------------------------
def _page_words(lang: str) -> dict[str, str]:
    return {key: ui(key, lang) for key in UI if key not in ("minutes", "score", "points")} | {
        # templates filled in by the page script
        "score": UI["score"].get(lang, UI["score"]["en"]),
        "points": UI["points"].get(lang, UI["points"]["en"]),
    }


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "unknown language")
    return lang


@router.get("/academy/{lang}", response_class=HTMLResponse, tags=["academy"])
async def academy_index(request: Request, lang: str, services: ServicesDep) -> HTMLResponse:
    language = _check_lang(lang[:8])
    lessons = list(_lessons(services, language).values())
    return templates.TemplateResponse(
        request,
        "academy_index.html",
        {
            "brand": services.settings.brand_name,
            "lang": language,
            "rtl": language == "ar",
            "lessons": lessons,
            "minutes": lambda n: ui("minutes", language, n=n),
            "words": _page_words(language),
            "safety_note": message("never_ask", language),
        },
    )


@router.get("/academy/{lang}/{lesson_id}", response_class=HTMLResponse, tags=["academy"])
async def academy_lesson(
    request: Request, lang: str, lesson_id: str, services: ServicesDep
) -> HTMLResponse:
    """The lesson page the bot offers: read it, then take the quiz right there."""
    language = _check_lang(lang[:8])
    lesson = _lessons(services, language).get(lesson_id[:100])
    if lesson is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "lesson not found")
    return templates.TemplateResponse(
        request,
        "academy_lesson.html",
        {
            "brand": services.settings.brand_name,
            "lang": language,
            "rtl": language == "ar",
            "lesson": lesson,
            "body_html": _markdown.render(lesson.body),
            "minutes": ui("minutes", language, n=lesson.minutes),
            "words": _page_words(language),
            "safety_note": message("never_ask", language),
        },
    )
