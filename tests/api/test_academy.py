"""Security academy for customers: lessons and progress, server-side grading, points once
per lesson, badges, the lesson page, and the bot's lesson offer after a security question."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_customer import send, start, stored
from walletdesk.academy import Lesson
from walletdesk.store.models import AcademyProgress, Customer


def lesson(client: TestClient, lesson_id: str, lang: str = "en") -> Lesson:
    services = client.app.state.services  # type: ignore[attr-defined]
    return services.bot.lessons[lang][lesson_id]  # type: ignore[no-any-return]


def right(client: TestClient, lesson_id: str) -> list[int]:
    return [q.answer for q in lesson(client, lesson_id).quiz]


def wrong(client: TestClient, lesson_id: str, how_many: int) -> list[int]:
    """The right answers with the first ``how_many`` turned wrong."""
    answers = right(client, lesson_id)
    for i in range(how_many):
        answers[i] = (answers[i] + 1) % len(lesson(client, lesson_id).quiz[i].choices)
    return answers


def answer(
    client: TestClient, lesson_id: str, answers: list[int], auth: dict[str, str] | None = None
) -> Any:
    return client.post(
        f"/api/v1/academy/lessons/{lesson_id}/answers",
        headers=auth or {},
        json={"language": "en", "answers": answers},
    )


def customer_of(client: TestClient, cid: str) -> Customer:
    from walletdesk.store.models import Conversation

    conversation = stored(client, Conversation, id=cid)[0]
    return stored(client, Customer, id=conversation.customer_id)[0]  # type: ignore[no-any-return]


def test_lessons_are_listed_in_the_customers_language_with_progress(client: TestClient) -> None:
    anonymous = client.get("/api/v1/academy/lessons?lang=zh").json()
    assert anonymous["language"] == "zh" and anonymous["points"] is None
    ids = [item["id"] for item in anonymous["lessons"]]
    assert ids[0] == "recovery-phrase" and len(ids) == 8
    assert anonymous["lessons"][0]["url"] == "http://testserver/academy/zh/recovery-phrase"
    assert all(item["progress"] is None for item in anonymous["lessons"])

    _, auth = start(client, "es")
    assert (
        answer(client, "phishing-links", right(client, "phishing-links"), auth).status_code == 200
    )
    mine = client.get("/api/v1/academy/lessons", headers=auth).json()
    assert mine["language"] == "es", "without ?lang the customer's own language"
    done = {item["id"]: item["progress"] for item in mine["lessons"]}
    assert done["phishing-links"]["passed"] is True and done["recovery-phrase"] is None
    assert mine["points"] == 10 * len(right(client, "phishing-links"))
    assert [b["id"] for b in mine["badges"]] == ["first-lesson"]
    assert mine["badges"][0]["name"] == "Primera lección"


def test_a_lesson_is_served_without_its_answers(client: TestClient) -> None:
    body = client.get("/api/v1/academy/lessons/recovery-phrase?lang=en").json()
    assert (
        body["title"] == "Your recovery phrase" and "<h2>Never share it</h2>" in body["body_html"]
    )
    assert body["quiz"] and set(body["quiz"][0]) == {"question", "choices"}
    original = lesson(client, "recovery-phrase")
    text = str(body)
    assert all(q.explain not in text for q in original.quiz), "explanations come after grading"


def test_quiz_is_graded_on_the_server_best_result_kept_points_once(client: TestClient) -> None:
    cid, auth = start(client)
    n = len(right(client, "recovery-phrase"))

    failed = answer(client, "recovery-phrase", wrong(client, "recovery-phrase", 2), auth).json()
    assert failed["passed"] is False and failed["correct"] == n - 2
    assert failed["marks"][:2] == [False, False] and len(failed["explanations"]) == n
    assert failed["saved"] is True and failed["points_added"] == 10 * (n - 2)
    assert failed["text"].startswith(f"{n - 2} of {n} right.")

    perfect = answer(client, "recovery-phrase", right(client, "recovery-phrase"), auth).json()
    assert perfect["passed"] is True and perfect["points_added"] == 20, "only what it gained"
    assert perfect["total_points"] == 10 * n
    assert [b["id"] for b in perfect["new_badges"]] == ["first-lesson"]

    again = answer(client, "recovery-phrase", right(client, "recovery-phrase"), auth).json()
    worse = answer(client, "recovery-phrase", wrong(client, "recovery-phrase", 1), auth).json()
    assert again["points_added"] == worse["points_added"] == 0 and worse["total_points"] == 10 * n
    assert worse["best"]["correct"] == n, "the best result is kept"
    assert again["new_badges"] == []

    customer = customer_of(client, cid)
    assert customer.points == 10 * n
    rows = stored(client, AcademyProgress, customer_id=customer.id)
    assert len(rows) == 1 and rows[0].correct == n and rows[0].passed is True


def test_badges_are_earned_from_lessons_passed(client: TestClient) -> None:
    _, auth = start(client)
    answer(client, "recovery-phrase", right(client, "recovery-phrase"), auth)
    body = answer(client, "fake-support", right(client, "fake-support"), auth).json()
    assert [b["id"] for b in body["new_badges"]] == ["phrase-guardian"]
    assert [b["id"] for b in body["badges"]] == ["first-lesson", "phrase-guardian"]
    assert body["badges"][1]["name"] == "Phrase Guardian"


def test_without_a_token_the_quiz_is_graded_but_not_saved(client: TestClient) -> None:
    body = answer(client, "token-approvals", right(client, "token-approvals")).json()
    assert body["passed"] is True and body["saved"] is False and body["total_points"] is None
    assert stored(client, AcademyProgress) == []
    bad = {"Authorization": "Bearer not-a-token"}
    assert (
        answer(client, "token-approvals", right(client, "token-approvals"), bad).status_code == 401
    )


@pytest.mark.parametrize(
    ("path", "payload", "code", "reason"),
    [
        ("recovery-phrase", {"answers": [0]}, 422, "questions but 1 answers"),
        ("recovery-phrase", {"answers": [9, 9, 9, 9]}, 422, "choice index from 0"),
        ("recovery-phrase", {"answers": [0, 0, 0, 0], "score": 100}, 422, ""),
        ("recovery-phrase", {"answers": list(range(11))}, 422, ""),
        ("recovery-phrase", {"answers": [0, 1, 2, 0], "language": "fr"}, 422, ""),
        ("no-such-lesson", {"answers": [0]}, 404, "lesson not found"),
        ("../etc", {"answers": [0]}, 404, ""),
        ("UPPER", {"answers": [0]}, 422, ""),
    ],
)
def test_hostile_answers_get_a_clear_4xx(
    client: TestClient, path: str, payload: dict[str, Any], code: int, reason: str
) -> None:
    response = client.post(f"/api/v1/academy/lessons/{path}/answers", json=payload)
    assert response.status_code == code, response.text
    assert reason in response.text


def test_the_bot_offers_the_matching_lesson_after_a_security_question(client: TestClient) -> None:
    cid, auth = start(client)
    reply = send(client, cid, auth, "how do I revoke token approvals")["replies"][0]
    assert reply["articles"][0]["id"] == "approvals-revoke"
    assert "Take the 5-minute lesson: " in reply["text"]
    assert reply["text"].rstrip().endswith("— http://testserver/academy/en/token-approvals")

    zh_cid, zh_auth = start(client, "zh")
    zh = send(client, zh_cid, zh_auth, "这个网站是不是钓鱼网站")["replies"][0]
    assert "学一课" in zh["text"] and "/academy/zh/phishing-links" in zh["text"]

    plain = send(client, cid, auth, "what is gas")["replies"][0]
    assert "/academy/" not in plain["text"], "only after a security question"
    urgent_cid, urgent_auth = start(client)
    urgent = send(client, urgent_cid, urgent_auth, "someone pretending to be support asked me")
    assert "/academy/" not in urgent["replies"][0]["text"], "a person now, lessons later"


def test_the_bot_does_not_offer_a_lesson_the_customer_already_passed(client: TestClient) -> None:
    cid, auth = start(client)
    first = send(client, cid, auth, "how do I revoke token approvals")["replies"][0]
    assert "/academy/en/token-approvals" in first["text"]

    passed = answer(client, "token-approvals", right(client, "token-approvals"), auth).json()
    assert passed["passed"] is True and passed["saved"] is True
    again = send(client, cid, auth, "how do I revoke token approvals")["replies"][0]
    assert again["articles"][0]["id"] == "approvals-revoke", "the answer itself is unchanged"
    assert "/academy/en/token-approvals" not in again["text"]

    failed_cid, failed_auth = start(client)  # a failed attempt does not count as learned
    answer(client, "token-approvals", wrong(client, "token-approvals", 3), failed_auth)
    retry = send(client, failed_cid, failed_auth, "how do I revoke token approvals")["replies"][0]
    assert "/academy/en/token-approvals" in retry["text"]


def test_the_lesson_page_renders_safely_in_the_browser_language(client: TestClient) -> None:
    page = client.get("/academy/ar/recovery-phrase")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    assert 'name="q0"' in page.text and "/static/academy.js" in page.text
    original = lesson(client, "recovery-phrase", "ar")
    assert all(q.explain not in page.text for q in original.quiz)
    index = client.get("/academy/en")
    assert index.status_code == 200 and "/academy/en/phishing-links" in index.text
    assert client.get("/academy/fr/recovery-phrase").status_code == 404
    assert client.get("/academy/en/nope").status_code == 404
