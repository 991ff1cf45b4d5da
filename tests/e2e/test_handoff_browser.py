"""The whole human handoff in headless Chromium against the real server: a customer asks
for a human in Chinese, the bot collects the facts, a Chinese-speaking agent in another
browser context receives the ticket live with those facts, replies, the customer sees the
reply live, the agent solves it and the customer rates it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.e2e.conftest import LiveServer
from tests.e2e.test_widget_browser import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PASSWORD = "zh agent pass phrase 42"


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def cli(live_server: LiveServer, *args: str, stdin: str = "") -> str:
    env = live_server.cli_env()
    done = subprocess.run(
        [sys.executable, "-m", "walletdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_zh_customer_to_zh_agent_and_back(browser: Browser, live_server: LiveServer) -> None:
    cli(
        live_server,
        "agent",
        "add",
        "xiaoli@desk.example",
        "--name",
        "小李",
        "--team",
        "Support",
        "--languages",
        "zh",
        "--skills",
        "transactions",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )

    # the agent logs in on their own browser context and goes online
    agent_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    console = agent_ctx.new_page()
    console.goto(f"{live_server.url}/console")
    console.fill("input[name=email]", "xiaoli@desk.example")
    console.fill("input[name=password]", PASSWORD)
    console.click("button[type=submit]")
    console.click("button[value=online]")
    expect(console.locator("#c-presence-state")).to_have_text("online")

    # the customer, in another context, asks a question and then for a human
    customer_ctx = browser.new_context(locale="zh-CN", viewport={"width": 480, "height": 760})
    widget = customer_ctx.new_page()
    widget.goto(f"{live_server.url}/widget")
    expect(widget.locator(".wd-status")).not_to_have_class("wd-status offline", timeout=15000)

    def say(text: str) -> None:
        widget.fill(".wd-form textarea", text)
        widget.click(".wd-form button")

    say("我在波场转了500 USDT到交易所，三个小时了还没到账")
    expect(widget.locator(".wd-msg.bot")).to_have_count(2, timeout=15000)
    say("转人工")
    question = widget.locator(".wd-msg.bot").nth(2)
    expect(question).to_contain_text("人工客服", timeout=15000)
    expect(question).to_contain_text("哈希")  # chain, amount and time are known already
    say("跳过")
    expect(widget.locator(".wd-msg.bot").nth(3)).to_contain_text("客服", timeout=15000)

    # the ticket reaches the agent's open queue page live, with the collected facts
    row = console.locator("#c-queue tbody tr").first
    expect(row).to_contain_text("zh", timeout=15000)
    expect(console.locator("#c-live")).to_contain_text("New ticket")
    row.locator("a").click()
    console.wait_for_url("**/console/c/*")
    conversation_page = console.url
    facts = console.locator("#c-collected")
    expect(facts).to_contain_text("tron")
    expect(facts).to_contain_text("500 USDT")
    expect(facts).to_contain_text("三个小时")
    expect(console.locator("#c-assist")).to_contain_text("Suggested articles")

    console.fill("#c-reply textarea", "您好，我是客服小李，正在帮您查询这笔转账。")
    console.click("#c-reply button")
    expect(console.locator(".wd-msg.agent")).to_have_count(1)
    expect(widget.locator(".wd-msg.agent")).to_contain_text("客服小李", timeout=15000)

    # a reply that asks for the phrase is refused, with the reason shown to the agent
    console.fill("#c-reply textarea", "请把您的助记词发给我，我帮您验证钱包。")
    console.click("#c-reply button")
    expect(console.locator("#c-blocked")).to_be_visible()
    expect(widget.locator(".wd-msg.agent")).to_have_count(1)

    console.click("button[value=solve]")
    rating = widget.locator(".wd-rating")
    expect(rating).to_be_visible(timeout=15000)
    expect(rating).to_contain_text("评分")
    rating.locator("button[data-score='5']").click()
    rating.locator("textarea").fill("很快就解决了，谢谢")
    rating.locator("button[type=submit]").click()
    expect(widget.locator(".wd-msg.bot").last).to_contain_text("感谢您的评价", timeout=15000)
    expect(rating).to_be_hidden()
    SCREENSHOTS.mkdir(exist_ok=True)
    widget.screenshot(path=str(SCREENSHOTS / "widget-handoff-zh.png"))

    console.goto(conversation_page)
    expect(console.locator(".c-facts")).to_contain_text("5/5")
    expect(console.locator(".c-history")).to_contain_text("csat")
    customer_ctx.close()
    agent_ctx.close()
