"""The widget and the console in Arabic (right to left) and Chinese in headless Chromium,
checked by layout (bounding boxes), with screenshots; and, in the same browser, the
academy lesson the bot offers (quiz answered and saved) and a security reminder.

Screenshots go to WALLETDESK_SCREENSHOT_DIR (docs/widget-ar.png is the README's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.e2e.conftest import LiveServer
from tests.e2e.test_handoff_browser import cli
from tests.e2e.test_widget_browser import SCREENSHOTS
from walletdesk.academy import load_lessons
from walletdesk.config import default_content_dir

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PASSWORD = "i18n supervisor pass 42"
PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def widget(browser: Browser, live_server: LiveServer, lang: str) -> tuple[BrowserContext, Page]:
    locale = {"ar": "ar-EG", "zh": "zh-CN", "en": "en-US"}[lang]
    context = browser.new_context(locale=locale, viewport={"width": 480, "height": 760})
    page = context.new_page()
    page.goto(f"{live_server.url}/widget?lang={lang}")
    expect(page.locator(".wd-status")).not_to_have_class("wd-status offline", timeout=15000)
    expect(page.locator(".wd-msg.bot").first).to_be_visible()
    return context, page


def ask(page: Page, text: str) -> None:
    page.fill(".wd-form textarea", text)
    page.click(".wd-form button")


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return dict(found)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS) / name))


@pytest.mark.parametrize(
    ("lang", "question", "shot"),
    [
        ("ar", "كيف ألغي موافقات الرموز", "widget-ar.png"),
        ("zh", "怎么取消代币授权", "widget-zh-layout.png"),
    ],
)
def test_widget_is_mirrored_in_arabic_only(
    browser: Browser, live_server: LiveServer, lang: str, question: str, shot: str
) -> None:
    context, page = widget(browser, live_server, lang)
    ask(page, question)
    answer = page.locator(".wd-msg.bot").nth(1)
    expect(answer.locator(".wd-links a").first).to_be_visible(timeout=15000)
    expect(answer.locator(".wd-lesson")).to_have_attribute(
        "href", f"{live_server.url}/academy/{lang}/token-approvals"
    )
    rtl = lang == "ar"
    assert page.locator(".wd").get_attribute("dir") == ("rtl" if rtl else None)
    direction = page.locator(".wd-log").evaluate("node => getComputedStyle(node).direction")
    assert direction == ("rtl" if rtl else "ltr")

    log, mine, theirs = (
        box(page, ".wd-log"),
        box(page, ".wd-msg.customer"),
        box(page, ".wd-msg.bot >> nth=1"),
    )
    log_right, mine_right = log["x"] + log["width"], mine["x"] + mine["width"]
    if rtl:  # the customer's bubble sits on the left, the desk's on the right
        assert mine["x"] - log["x"] < 40 and log_right - mine_right > 60
        assert mine["x"] < theirs["x"]
    else:
        assert log_right - mine_right < 40 and mine["x"] - log["x"] > 60
        assert mine["x"] > theirs["x"]
    screenshot(page, shot)
    context.close()


def test_lesson_offer_opens_the_lesson_and_the_quiz_result_is_saved(
    browser: Browser, live_server: LiveServer
) -> None:
    lesson = load_lessons(default_content_dir())["en"]["phishing-links"]
    context, page = widget(browser, live_server, "en")
    ask(page, "is this site a phishing site?")
    link = page.locator(".wd-msg.bot").nth(1).locator(".wd-lesson")
    expect(link).to_have_text("Start the lesson", timeout=15000)
    with context.expect_page() as opened:
        link.click()
    lesson_page = opened.value
    lesson_page.wait_for_load_state()
    expect(lesson_page.locator("h1")).to_have_text(lesson.title)
    lesson_page.click("#ac-quiz button[type=submit]")
    expect(lesson_page.locator("#ac-result")).to_contain_text("answer every question")
    for index, question in enumerate(lesson.quiz):
        lesson_page.check(f"input[name=q{index}][value='{question.answer}']")
    lesson_page.click("#ac-quiz button[type=submit]")
    result = lesson_page.locator("#ac-result")
    expect(result).to_contain_text("Passed", timeout=15000)
    expect(result).to_contain_text(f"Your points: {10 * len(lesson.quiz)}")
    expect(lesson_page.locator("#ac-badges")).to_contain_text("First Lesson")
    expect(lesson_page.locator("#ac-hint")).to_be_hidden()  # saved with the chat's token
    expect(lesson_page.locator(".ac-question.right")).to_have_count(len(lesson.quiz))
    context.close()


def test_a_security_reminder_shows_in_the_widget_and_can_be_dismissed(
    browser: Browser, live_server: LiveServer
) -> None:
    context, page = widget(browser, live_server, "en")
    ask(page, PHRASE)
    reminder = page.locator(".wd-reminder[data-rule=secret_pasted]")
    expect(reminder).to_be_visible(timeout=15000)
    expect(reminder).to_contain_text("compromised")
    expect(page.locator(".wd-reminders")).not_to_contain_text("sausage")
    reminder.locator("button").click()
    expect(page.locator(".wd-reminders")).to_be_hidden(timeout=15000)
    context.close()


@pytest.mark.parametrize(
    ("lang", "queue_title", "shot"),
    [("ar", "قائمة الانتظار", "console-ar.png"), ("zh", "工单队列", "console-zh.png")],
)
def test_console_in_arabic_is_right_to_left(
    browser: Browser, live_server: LiveServer, lang: str, queue_title: str, shot: str
) -> None:
    email = f"i18n-{lang}@desk.example"
    cli(
        live_server,
        "agent",
        "add",
        email,
        "--team",
        "Support",
        "--languages",
        lang,
        "--role",
        "supervisor",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/console?lang={lang}")
    rtl = lang == "ar"
    assert page.locator("html").get_attribute("dir") == ("rtl" if rtl else "ltr")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click(".c-card button[type=submit]")
    expect(page.locator("h1")).to_have_text(queue_title)
    assert page.locator("html").get_attribute("lang") == lang

    brand, logout = box(page, ".c-head strong"), box(page, ".c-head form")
    title, presence = box(page, ".c-bar h1"), box(page, ".c-presence")
    if rtl:  # the header and the toolbar read from the right
        assert brand["x"] > logout["x"] and title["x"] > presence["x"]
    else:
        assert brand["x"] < logout["x"] and title["x"] < presence["x"]
    screenshot(page, shot)

    page.click("a[href='/console/analytics']")
    expect(page.locator("#a-conversations")).to_be_visible()
    assert page.locator("svg.chart").count() >= 1
    assert page.locator("html").get_attribute("dir") == ("rtl" if rtl else "ltr")
    screenshot(page, f"console-analytics-{lang}.png")
    context.close()
