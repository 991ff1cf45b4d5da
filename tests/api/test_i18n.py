"""The console in zh/en/es/ar: a complete catalogue, every key the templates use exists,
the language is chosen with ?lang= and remembered, Arabic is right to left."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from walletdesk.api.i18n import CATALOGUE, UI_LANGUAGES, translator

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "walletdesk" / "web" / "templates"
KEY = re.compile(r"""\bt\(\s*["']([a-z_0-9]+)["']\s*\)""")


def test_every_entry_is_translated_into_the_four_languages() -> None:
    for key, entry in CATALOGUE.items():
        assert set(entry) == set(UI_LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key
    assert translator("ar")("queue") == "قائمة الانتظار"
    assert translator("zh")("no-such-key") == "no-such-key"


def test_every_key_the_console_templates_use_exists() -> None:
    used = {
        key
        for page in TEMPLATES.glob("console_*.html")
        for key in KEY.findall(page.read_text(encoding="utf-8"))
    }
    assert used, "the console templates use the catalogue"
    assert used - set(CATALOGUE) == set()
    assert {"online", "away"} <= set(CATALOGUE), "agent presence is shown translated"


def test_language_is_chosen_with_a_query_and_remembered(client: TestClient) -> None:
    english = client.get("/console")
    assert '<html lang="en" dir="ltr">' in english.text and "Log in" in english.text
    chinese = client.get("/console?lang=zh")
    assert '<html lang="zh" dir="ltr">' in chinese.text and "登录" in chinese.text
    assert client.cookies.get("wd_lang") == "zh"
    assert "登录" in client.get("/console").text, "remembered"
    arabic = client.get("/console?lang=ar")
    assert '<html lang="ar" dir="rtl">' in arabic.text and "تسجيل الدخول" in arabic.text
    assert "تسجيل الدخول" in client.get("/console?lang=fr").text, "unknown: keep the choice"
    client.cookies.clear()
    assert "Log in" in client.get("/console", headers={"Accept-Language": "zh-CN"}).text
    spanish = client.get("/console?lang=es")
    assert "Iniciar sesión" in spanish.text
