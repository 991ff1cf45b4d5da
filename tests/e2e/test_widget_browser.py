"""The widget in headless Chromium: type a question, see the answer with its article link."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
# set WALLETDESK_SCREENSHOT_DIR=docs to refresh the README's screenshots
SCREENSHOTS = Path(os.environ.get("WALLETDESK_SCREENSHOT_DIR", tempfile.gettempdir()))


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def ask(page: Page, text: str) -> None:
    page.fill(".wd-form textarea", text)
    page.click(".wd-form button")


@pytest.mark.parametrize(
    ("locale", "question", "article_path", "expect_text"),
    [
        (
            "en-US",
            "how do I back up my recovery phrase?",
            "/kb/en/backup-recovery-phrase",
            "recovery phrase",
        ),
        ("zh-CN", "助记词怎么备份", "/kb/zh/backup-recovery-phrase", "助记词"),
    ],
)
def test_widget_answers_with_article_link(
    browser: Browser,
    live_server: LiveServer,
    locale: str,
    question: str,
    article_path: str,
    expect_text: str,
) -> None:
    context = browser.new_context(locale=locale, viewport={"width": 480, "height": 760})
    page = context.new_page()
    page.goto(f"{live_server.url}/widget")
    expect(page.locator(".wd-status")).not_to_have_class("wd-status offline", timeout=15000)
    expect(page.locator(".wd-msg.bot").first).to_be_visible()
    ask(page, question)
    answer = page.locator(".wd-msg.bot").nth(1)
    expect(answer).to_contain_text(expect_text, timeout=15000)
    link = answer.locator(".wd-links a").first
    expect(link).to_have_attribute("href", f"{live_server.url}{article_path}")
    if locale == "zh-CN":
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "widget-zh.png"))
    else:
        page.screenshot(path=str(SCREENSHOTS / "widget-en.png"))
    context.close()


def test_widget_survives_a_reload_and_keeps_history(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/widget")
    expect(page.locator(".wd-status")).not_to_have_class("wd-status offline", timeout=15000)
    ask(page, "what is gas")
    expect(page.locator(".wd-msg.bot")).to_have_count(2, timeout=15000)
    page.reload()
    expect(page.locator(".wd-msg.customer")).to_have_text(["what is gas"], timeout=15000)
    expect(page.locator(".wd-msg.bot")).to_have_count(2)
    context.close()


def test_pasted_phrase_never_reaches_the_screen(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/widget")
    expect(page.locator(".wd-status")).not_to_have_class("wd-status offline", timeout=15000)
    ask(page, "legal winner thank year wave sausage worth useful legal winner thank yellow")
    expect(page.locator(".wd-msg.bot").nth(1)).to_contain_text("compromised", timeout=15000)
    expect(page.locator(".wd-msg.customer")).not_to_contain_text("sausage")
    context.close()
