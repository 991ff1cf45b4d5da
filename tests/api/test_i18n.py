"""The console in zh/en/es/ar: a complete catalogue, every key the templates use exists,
the language is chosen with ?lang= and remembered, Arabic is right to left; no console
template or console.js holds English of its own (a lint that fails on a new English
string), stored codes (status, priority, role...) are shown translated while forms keep
sending the English codes, and the rendered queue, ticket and admin pages read in zh/es/ar."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from fastapi.testclient import TestClient

from tests.api.test_console import add_agent, csrf_of, handed_off, login
from tests.api.test_customer import stored
from walletdesk.api.i18n import (
    CATALOGUE,
    JS_KEYS,
    JS_PREFIXES,
    UI_LANGUAGES,
    translator,
    value_key,
    value_translator,
)
from walletdesk.chain.rpc import TxStatus
from walletdesk.desk.intake import SKILLS
from walletdesk.desk.priority import PRIORITIES
from walletdesk.desk.sla import SLA_STATES
from walletdesk.desk.tickets import STATES, TECHNICAL_STATES
from walletdesk.safety.guard import GuardCode
from walletdesk.store.models import Ticket

WEB = Path(__file__).resolve().parents[2] / "src" / "walletdesk" / "web"
TEMPLATES = WEB / "templates"
CONSOLE_JS = WEB / "static" / "console.js"
KEY = re.compile(r"""\bt\(\s*["']([a-z_0-9.]+)["']\s*\)""")
VALUE_PREFIX = re.compile(r"""\btv\(\s*["']([a-z_0-9]+)["']\s*,""")
JS_KEY = re.compile(r"""\btr\(\s*["']([a-z_0-9.]+)["']\s*\)""")
PASSWORD = "correct horse battery"


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


# ---- the templates hold no English of their own ----------------------------------------
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# attributes a person reads (or hears, with a screen reader)
LABEL_ATTRIBUTES = frozenset(
    {"placeholder", "title", "aria-label", "aria-description", "aria-placeholder", "alt", "label"}
)
# language-neutral words a page may hold as written
NEUTRAL = re.compile(r"\b(?:WalletDesk|CSV|SLA|CSAT|ID|URL|API|UTC)\b")
LANGUAGE_CODES = re.compile(r"^\s*(?:en|zh|es|ar)(?:\s*,\s*(?:en|zh|es|ar))*\s*$")
# English inside an expression: {{ subject or "conversation" }}, {{ x | default("none") }}
JINJA_FALLBACK = re.compile(r"""(?:\bor|\bdefault\()\s*["'][^"']*[A-Za-z]""")


def _english(text: str) -> bool:
    if LANGUAGE_CODES.match(text):  # "en, zh, es, ar": codes an admin types, not words
        return False
    return bool(re.search(r"[A-Za-z]", NEUTRAL.sub("", text)))


class _TemplateLint(HTMLParser):
    """Text nodes (outside <script>/<style>) and label attributes holding Latin letters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.raw = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.raw += 1
        kind = dict(attrs).get("type")
        for name, value in attrs:
            shown = name in LABEL_ATTRIBUTES or (
                name == "value" and tag == "input" and kind in ("submit", "button", "reset")
            )
            if shown and value and _english(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.raw:
            self.raw -= 1

    def handle_data(self, data: str) -> None:
        if not self.raw and _english(data):
            self.found.append(repr(" ".join(data.split())))


def hard_coded_english(template: str) -> list[str]:
    """What a template would show in English whatever the agent's language: its markup
    with every Jinja expression and statement taken out, then read as HTML."""
    lint = _TemplateLint()
    lint.feed(JINJA.sub("", template))
    lint.close()
    fallbacks = [m.group(0) for m in JINJA.finditer(template) if JINJA_FALLBACK.search(m.group(0))]
    return lint.found + fallbacks


def test_the_template_lint_catches_english() -> None:
    assert hard_coded_english('<p>{{ t("queue") }}</p><input placeholder="{{ t(\'x\') }}">') == []
    assert hard_coded_english("<td>{{ when }} UTC</td><a>CSV</a>") == []
    assert hard_coded_english('<input placeholder="en, zh, es, ar">') == []
    assert hard_coded_english('<script type="application/json">{"a": "b"}</script>') == []
    assert hard_coded_english("<button>Save team</button>") == ["'Save team'"]
    assert hard_coded_english("<span>Status: <b>{{ s }}</b></span>") == ["'Status:'"]
    assert hard_coded_english('<input placeholder="team name">') == [
        "<input placeholder='team name'>"
    ]
    assert hard_coded_english('<section aria-label="History">') == [
        "<section aria-label='History'>"
    ]
    assert hard_coded_english('<input type="submit" value="Go">') == ["<input value='Go'>"]
    assert hard_coded_english("{% if x %}<li>None yet.</li>{% endif %}") == ["'None yet.'"]
    assert hard_coded_english('<a>{{ subject or "case" }}</a>') == ['{{ subject or "case" }}']
    assert hard_coded_english('<a>{{ subject or t("case") }}</a>') == []


def test_console_templates_have_no_hard_coded_english() -> None:
    pages = sorted(TEMPLATES.glob("console_*.html"))
    assert len(pages) >= 7
    found = {
        page.name: english
        for page in pages
        if (english := hard_coded_english(page.read_text(encoding="utf-8")))
    }
    assert found == {}, "put these words in i18n.CATALOGUE and show them with t()/tv()"


# ---- the catalogue covers every word and every stored value ----------------------------
def _js_source() -> str:
    return CONSOLE_JS.read_text(encoding="utf-8")


def test_catalogue_is_complete_for_templates_values_and_javascript() -> None:
    for key, entry in CATALOGUE.items():
        assert set(entry) == set(UI_LANGUAGES), key
        assert all(isinstance(text, str) and text.strip() for text in entry.values()), key
    sources = [page.read_text(encoding="utf-8") for page in TEMPLATES.glob("console_*.html")]
    used = {key for source in sources for key in KEY.findall(source)}
    assert used - set(CATALOGUE) == set()
    prefixes = {prefix for source in sources for prefix in VALUE_PREFIX.findall(source)}
    assert {"status", "priority", "role", "sla", "skill", "risk", "technical"} <= prefixes
    for prefix in prefixes:
        assert any(key.startswith(prefix + ".") for key in CATALOGUE), prefix

    # every stored code the console shows has its words
    domains = {
        "status": STATES,
        "priority": PRIORITIES,
        "technical": TECHNICAL_STATES,
        "sla": SLA_STATES,
        "skill": SKILLS,
        "role": ("agent", "supervisor", "admin"),
        "risk": ("normal", "elevated", "high"),
        "guard": get_args(GuardCode),
        "tx_status": get_args(TxStatus),
    }
    for prefix, codes in domains.items():
        missing = [code for code in codes if value_key(prefix, code) not in CATALOGUE]
        assert missing == [], prefix

    # console.js: every key it reads exists and is sent to the page
    source = _js_source()
    js_keys = set(JS_KEY.findall(source))
    assert {"sending", "not_sent", "live_new", "error_network"} <= js_keys
    assert js_keys - set(CATALOGUE) == set()
    assert js_keys <= set(JS_KEYS)
    assert set(JS_KEYS) <= set(CATALOGUE)
    js_prefixes = set(VALUE_PREFIX.findall(source))
    assert {"status", "priority", "guard"} <= js_prefixes <= JS_PREFIXES


def test_values_fall_back_to_the_stored_code() -> None:
    tv = value_translator("zh")
    assert tv("status", "pending_customer") == "等待客户回复"
    assert tv("priority", "urgent") == "紧急"
    assert tv("status", "something_new") == "something_new", "unknown: shown as it is"
    assert tv("fact", "Network (as said)") == "网络（客户原话）"
    assert tv("priority", None) == ""
    assert value_translator("en")("status", "pending_internal") == "waiting internally"


def test_console_js_writes_no_english_of_its_own() -> None:
    source = re.sub(r"/\*.*?\*/", "", _js_source(), flags=re.S)
    source = re.sub(r"(^|\s)//[^\n]*", "", source)  # comments are not shown
    literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', source)
    prose = []
    for double, single in literals:
        text = double or single
        if text == "use strict":
            continue
        words = NEUTRAL.sub("", re.sub(r"[A-Za-z]+(?:-[A-Za-z0-9]+)+", "", text))
        if re.search(r"[A-Za-z]{2,}", words) and re.search(r"\s|:$", words.strip(" ")):
            prose.append(text)
    assert prose == [], "console.js shows these as written: use tr()/tv()"
    assert not re.search(r"""\|\|\s*["'][A-Za-z]""", source), "no English fallbacks"
    assert not re.search(r"""textContent\s*=\s*["'][A-Za-z]""", source)


# ---- rendered pages -----------------------------------------------------------------------
# customer content and what it is about (messages, AI summary and draft, tags, subjects,
# fact values, article titles, canned replies): shown as written, so not checked here
SKIPPED_CLASSES = frozenset({"wd-msg", "c-summary", "c-draft", "c-tag"})


class _Visible(HTMLParser):
    """What an agent reads on a page (text outside scripts, label attributes), less the
    customer's own content."""

    VOID = frozenset({"br", "input", "meta", "link", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # for each open element: left out of the check?

    def _hidden(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        skip = (
            tag in ("script", "style", "dd", "a")  # links: topics, articles, similar cases
            or bool(SKIPPED_CLASSES & set((found.get("class") or "").split()))
            or found.get("id") == "c-canned"
        )
        if not self._hidden():
            self.parts += [v for n, v in attrs if n in LABEL_ATTRIBUTES and v]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.parts.append(" ".join(data.split()))


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def i18n_block(html: str) -> dict[str, str]:
    match = re.search(r'<script type="application/json" id="c-i18n">(.*?)</script>', html, re.S)
    assert match, "the page carries console.js's words"
    return dict(json.loads(match.group(1)))


# English words an agent would have seen before, per page (whole words, case-sensitive)
ENGLISH = {
    "queue": ["Waiting since", "Assignee", "Priority", "Status", "high", "open", "new"],
    "conversation": [
        "Language:",
        "Priority:",
        "Status:",
        "Set priority",
        "Assign",
        "Merge",
        "Tag",
        "Canned reply",
        "Ticket controls",
        "Technical escalation",
        "Escalate to technical",
        "add tags, comma separated",
        "Verified addresses",
        "No earlier conversations",
        "None found",
        "high",
        "urgent",
        "investigating",
        "ticket created",
    ],
    "admin": [
        "Name",
        "Languages",
        "Skills",
        "Save team",
        "Add agent",
        "Capacity",
        "Display name",
        "team name",
        "urgent",
        "First response",
    ],
}


def _absent(page: str, words: list[str], lang: str, text: str) -> None:
    for word in words:
        pattern = rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])"
        assert not re.search(pattern, text), f"{lang} {page} page still says {word!r}"


@pytest.mark.parametrize("lang", ["zh", "es", "ar"])
def test_console_pages_show_translated_labels_and_values(client: TestClient, lang: str) -> None:
    add_agent(client, "ida@desk.example", PASSWORD, role="admin")
    cid = handed_off(client)
    assert login(client, "ida@desk.example", PASSWORD).status_code == 303
    csrf = csrf_of(client, f"/console/c/{cid}")
    changed = client.post(
        f"/console/c/{cid}/priority",
        data={"priority": "high", "csrf": csrf},  # the form still sends the English code
        follow_redirects=False,
    )
    assert changed.status_code == 303
    ticket = stored(client, Ticket, conversation_id=cid)[0]
    assert ticket.priority == "high"
    t, tv = translator(lang), value_translator(lang)
    rtl = '<html lang="ar" dir="rtl">' if lang == "ar" else f'<html lang="{lang}" dir="ltr">'

    queue = client.get(f"/console?lang={lang}")
    assert queue.status_code == 200 and rtl in queue.text
    row = re.search(
        rf'<tr class="prio-high sla-\w+" data-ticket="{ticket.id}">(.*?)</tr>', queue.text, re.S
    )
    assert row, "the row keeps the English codes in its classes"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[0].startswith(tv("priority", "high"))
    assert tv("status", ticket.status) in cells[6] and ticket.status not in cells[6]
    assert t("col_status") in queue.text and t("col_waiting") in queue.text
    _absent("queue", ENGLISH["queue"], lang, visible(queue.text))
    words = i18n_block(queue.text)
    assert words["live_new"] == t("live_new") and words["status.open"] == tv("status", "open")

    page = client.get(f"/console/c/{cid}")  # the language is remembered (cookie)
    assert page.status_code == 200 and rtl in page.text
    ticket = stored(client, Ticket, conversation_id=cid)[0]
    status = re.search(r'<b id="c-status" data-value="(\w+)">([^<]*)</b>', page.text)
    assert status and status.groups() == (ticket.status, tv("status", ticket.status))
    assert tv("status", ticket.status) != ticket.status
    assert f'<b id="c-priority" data-value="high">{tv("priority", "high")}</b>' in page.text
    assert f'<option value="high" selected>{tv("priority", "high")}</option>' in page.text
    investigating = tv("technical", "investigating")
    technical = rf'<option value="investigating"\s*(?:selected)?>{investigating}<'
    assert re.search(technical, page.text), "technical states: English value, shown translated"
    for action in ("solve", "pending_customer", "pending_internal", "closed", "to_bot"):
        assert f'name="action" value="{action}"' in page.text, "actions keep their codes"
    assert t("set_priority") in page.text and t("ticket_controls") in page.text
    assert tv("event", "created") in page.text, "the history reads in the agent's language"
    _absent("conversation", ENGLISH["conversation"], lang, visible(page.text))
    words = i18n_block(page.text)
    assert words["sending"] == t("sending") and words["guard.asks_for_secret"]
    # the AI assist summary speaks the agent's language too; the customer's words do not
    opening = t("summary.opening").split("{")[0]
    last = t("summary.last").split("{")[0]
    assert opening in page.text and last in page.text
    summary = client.get(f"/console/c/{cid}/assist").json()["summary"]
    assert summary[0].startswith(opening) and tv("priority", "high") in summary[0]
    assert summary[-1] == t("summary.last").format(text="skip"), "the customer's own words"

    admin = client.get("/console/admin")
    assert admin.status_code == 200 and rtl in admin.text
    for p in PRIORITIES:
        assert f"<td>{tv('priority', p)}</td>" in admin.text
        assert f'name="priority" value="{p}"' in admin.text
    assert f'<option value="admin" selected>{tv("role", "admin")}</option>' in admin.text
    assert f"({tv('role', 'admin')})" in admin.text, "the header shows the role translated"
    _absent("admin", ENGLISH["admin"], lang, visible(admin.text))

    csrf = csrf_of(client, "/console/admin")
    saved = client.post("/console/admin/teams", data={"csrf": csrf, "name": "DeFi"})
    assert saved.status_code == 200 and t("notice_team_saved") in saved.text
    assert "Team saved" not in saved.text


def test_login_and_password_refusals_are_translated(client: TestClient) -> None:
    from walletdesk.api.i18n import CATALOGUE, value_key
    from walletdesk.desk.agents import password_problem

    problems = {password_problem(p, "ida@desk.example") for p in ("short", "x" * 201, "a" * 20)}
    refusals = {*problems, "wrong email or password"}
    refusals.add("too many failed attempts; try again in 15 minutes")
    assert None not in refusals
    for message in refusals:
        assert value_key("error", message) in CATALOGUE, f"untranslated refusal: {message}"

    client.cookies.set("wd_lang", "zh", path="/console")
    page = client.post(
        "/console/login", data={"email": "nobody@desk.example", "password": "wrong password 1"}
    )
    assert page.status_code == 401
    assert value_translator("zh")("error", "wrong email or password") in page.text
    assert "wrong email or password" not in page.text


def test_admin_refusals_are_translated(client: TestClient) -> None:
    import inspect

    from walletdesk.api.i18n import CATALOGUE
    from walletdesk.desk import admin, agents

    source = inspect.getsource(admin) + inspect.getsource(agents)
    codes = set(re.findall(r'AdminRefused\(\s*"(\w+)"', source))
    codes |= {f"unknown_{what}" for what in re.findall(r'parse_list\([^)]*"(\w+)"\)', source)}
    assert {"sla_order", "self_demotion", "unknown_language", "unknown_skill"} <= codes
    for code in codes | {admin.AgentNotFound.code}:
        assert f"admin_error.{code}" in CATALOGUE, f"untranslated admin refusal: {code}"

    add_agent(client, "ida@desk.example", PASSWORD, role="admin")
    assert login(client, "ida@desk.example", PASSWORD).status_code == 303
    csrf = csrf_of(client, "/console/admin?lang=zh")
    refused = client.post(
        "/console/admin/sla",
        data={"csrf": csrf, "priority": "high", "first_response": "60", "resolution": "30"},
    )
    assert refused.status_code == 422
    assert "解决时限不能短于首次响应时限" in refused.text
    assert "cannot be shorter" not in refused.text
    team = client.post(
        "/console/admin/agents",
        data={"csrf": csrf, "email": "x@desk.example", "name": "X", "team": "Nowhere"},
    )
    assert team.status_code == 422 and "没有名为“Nowhere”的团队" in team.text
