"""Canned replies for agents: the shipped zh/en/es/ar files load, match by id, read well
with or without the customer's name, and every one passes the outgoing guard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from walletdesk.config import Settings
from walletdesk.desk.replies import CannedError, CannedReply, fill, load_canned
from walletdesk.intents import LANGUAGES
from walletdesk.language.detect import detect_language
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.wiring import build_links

HAN = re.compile(r"[\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# A space before punctuation, two separators in a row, punctuation opening a line, two spaces.
PUNCT = r"[,.!?;:，。！？、،؛؟]"
AWKWARD = re.compile(rf"[ \t]{PUNCT}|[,，、،][ \t]*{PUNCT}|^[ \t]*{PUNCT}|  ", re.MULTILINE)
# What an agent must be able to send in every language (the brief's list of situations).
REQUIRED_IDS = {
    "greeting-take-over",
    "ask-tx-hash",
    "ask-network",
    "ask-public-address",
    "ask-app-version-device",
    "never-need-phrase",
    "secret-pasted-compromised",
    "move-funds-new-wallet",
    "scam-contact-suspected",
    "phrase-lost-unrecoverable",
    "confirmed-irreversible",
    "stuck-tx-speed-up-cancel",
    "wrong-network-same-address",
    "wrong-network-exchange",
    "token-not-showing-custom-token",
    "revoke-approvals",
    "address-poisoning",
    "escalated-technical-team",
    "waiting-for-customer",
    "closing-solved-rating",
    "follow-up-by-email",
}


@pytest.fixture(scope="module")
def shipped(content_dir: Path) -> dict[str, list[CannedReply]]:
    return load_canned(content_dir)


@pytest.fixture(scope="module")
def guard() -> OutgoingGuard:
    return OutgoingGuard(build_links(Settings()))


def _all(shipped: dict[str, list[CannedReply]]) -> list[CannedReply]:
    return [reply for replies in shipped.values() for reply in replies]


# --------------------------------------------------------------------------- shipped content


def test_shipped_replies_load_in_four_languages_sorted_by_title(
    shipped: dict[str, list[CannedReply]],
) -> None:
    assert list(shipped) == list(LANGUAGES)
    for language, replies in shipped.items():
        assert len(replies) >= 20
        assert all(r.language == language for r in replies)
        titles = [r.title.casefold() for r in replies]
        assert titles == sorted(titles)


def test_every_id_is_in_every_language(shipped: dict[str, list[CannedReply]]) -> None:
    ids = {language: {r.id for r in replies} for language, replies in shipped.items()}
    assert ids["zh"] == ids["en"] == ids["es"] == ids["ar"]
    assert ids["en"] >= REQUIRED_IDS


@pytest.mark.parametrize("customer_name", ["Ana", ""])
def test_every_filled_reply_passes_the_outgoing_guard(
    shipped: dict[str, list[CannedReply]], guard: OutgoingGuard, customer_name: str
) -> None:
    brand = Settings().brand_name
    blocked = {}
    for reply in _all(shipped):
        text = fill(reply, customer_name=customer_name, agent_name="Sam", brand=brand)
        verdict = guard.check(text)
        if not verdict.allowed:
            blocked[(reply.language, reply.id)] = [
                (r.code, text[r.start : r.end]) for r in verdict.reasons
            ]
    assert blocked == {}


def test_the_guard_used_above_does_block_a_bad_reply(guard: OutgoingGuard) -> None:
    bad = CannedReply("bad", "en", "Bad", "Hi {customer_name}, please send us your 12 words.")
    text = fill(bad, customer_name="Ana", agent_name="Sam", brand="Acme")
    assert not guard.check(text).allowed


def test_texts_are_written_in_their_language(shipped: dict[str, list[CannedReply]]) -> None:
    for reply in _all(shipped):
        text = fill(reply, customer_name="Ana", agent_name="Sam", brand="WalletDesk")
        if reply.language == "zh":
            assert HAN.search(reply.title) and len(HAN.findall(text)) > 20, reply.id
        elif reply.language == "ar":
            assert ARABIC.search(reply.title) and len(ARABIC.findall(text)) > 20, reply.id
        else:
            assert not HAN.search(text) and not ARABIC.search(text), reply.id
        assert detect_language(text) == reply.language, (reply.language, reply.id)


def test_no_reply_carries_a_link(shipped: dict[str, list[CannedReply]]) -> None:
    for reply in _all(shipped):
        assert not re.search(r"https?:|www\.|\.com\b", reply.text, re.IGNORECASE), reply.id


def test_replies_read_naturally_without_a_customer_name(
    shipped: dict[str, list[CannedReply]],
) -> None:
    for reply in _all(shipped):
        text = fill(reply, customer_name="", agent_name="Sam", brand="Acme")
        assert "{" not in text and "}" not in text, reply.id
        assert not AWKWARD.search(text), (reply.language, reply.id, text)


def test_greetings_use_the_name_when_there_is_one(
    shipped: dict[str, list[CannedReply]],
) -> None:
    greetings = {r.language: r for r in _all(shipped) if r.id == "greeting-take-over"}
    assert fill(greetings["en"], customer_name="Ana", agent_name="Sam", brand="Acme").startswith(
        "Hi Ana, I'm Sam from the Acme support team."
    )
    assert fill(greetings["en"], customer_name="", agent_name="Sam", brand="Acme").startswith(
        "Hi, I'm Sam"
    )
    assert fill(greetings["zh"], customer_name="", agent_name="Sam", brand="Acme").startswith(
        "您好，"
    )
    assert fill(greetings["es"], customer_name="  ", agent_name="Sam", brand="Acme").startswith(
        "Hola, soy Sam"
    )
    assert fill(greetings["ar"], customer_name="", agent_name="Sam", brand="Acme").startswith(
        "مرحبًا، معك Sam"
    )


# --------------------------------------------------------------------------- fill


def test_fill_inserts_values_verbatim_without_interpreting_them() -> None:
    reply = CannedReply("x", "en", "X", "Hi {customer_name}, this is {agent_name} at {brand}.")
    name = "{brand} {0} {agent_name!r} \\1 %s $x"
    text = fill(reply, customer_name=name, agent_name="Sam", brand="Acme")
    assert text == f"Hi {name}, this is Sam at Acme."


def test_fill_keeps_values_on_one_line_without_control_characters() -> None:
    reply = CannedReply("x", "en", "X", "Hi {customer_name}, welcome.")
    text = fill(reply, customer_name="Ana\n\nP.S. \u202eevil\x00", agent_name="S", brand="B")
    assert text == "Hi Ana P.S. evil, welcome."


def test_fill_drops_an_empty_name_at_the_end_of_a_sentence() -> None:
    reply = CannedReply("x", "es", "X", "¡Listo, {customer_name}! Hasta pronto, {customer_name}.")
    assert fill(reply, customer_name="", agent_name="S", brand="B") == "¡Listo! Hasta pronto."


def test_fill_needs_an_agent_name_and_brand_when_the_text_uses_them() -> None:
    reply = CannedReply("x", "en", "X", "I'm {agent_name}.")
    with pytest.raises(ValueError, match="agent_name"):
        fill(reply, customer_name="Ana", agent_name=" ", brand="Acme")
    plain = CannedReply("y", "en", "Y", "One moment.")
    assert fill(plain, customer_name="", agent_name="", brand="") == "One moment."


# --------------------------------------------------------------------------- validation

GOOD = """\
- id: hello
  title: {title}
  tags: [greeting]
  text: "Hi {{customer_name}}, I'm {{agent_name}}."
"""


def _write_set(root: Path, extra: dict[str, str] | None = None) -> Path:
    canned = root / "canned"
    canned.mkdir(parents=True)
    for language in LANGUAGES:
        (canned / f"{language}.yaml").write_text(GOOD.format(title=f"Hello {language}"), "utf-8")
    for name, text in (extra or {}).items():
        (canned / name).write_text(text, "utf-8")
    return canned


def _error(root: Path) -> str:
    with pytest.raises(CannedError) as info:
        load_canned(root)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_a_minimal_valid_set_loads_from_the_content_or_the_canned_dir(tmp_path: Path) -> None:
    canned = _write_set(tmp_path)
    for where in (tmp_path, canned):
        loaded = load_canned(where)
        assert loaded["es"] == [
            CannedReply(
                "hello", "es", "Hello es", "Hi {customer_name}, I'm {agent_name}.", ("greeting",)
            )
        ]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("- id: a-b\n  text: hi\n  tags: []\n", "entry 1 (id 'a-b'): missing field 'title'"),
        (
            "- id: Bad_Id\n  title: T\n  text: hi\n  tags: []\n",
            "entry 1 (id 'Bad_Id'): bad id 'Bad_Id'",
        ),
        (
            "- {id: a, title: T, text: hi, tags: []}\n- {id: a, title: U, text: yo, tags: []}\n",
            "entry 2 (id 'a'): duplicate id, already used by entry 1",
        ),
        (
            "- {id: a, title: T, text: 'Hi {user}', tags: []}\n",
            "entry 1 (id 'a'): text: unknown placeholder {user}",
        ),
        ("- {id: a, title: T, text: 'Hi {0}', tags: []}\n", "unknown placeholder {0}"),
        ("- {id: a, title: T, text: 'Hi {brand', tags: []}\n", "unmatched"),
        (
            "- {id: a, title: T, text: 'See https://wallet.example/help', tags: []}\n",
            "text: links are not allowed",
        ),
        ("- {id: a, title: T, text: hi, tags: [ok, '']}\n", "tags must be a list"),
        ("- {id: a, title: T, text: hi, tags: [], tittle: x}\n", "unknown field 'tittle'"),
        (
            "- {id: a, title: T, text: '{customer_name}, hello', tags: []}\n",
            "reads badly when {customer_name} is empty",
        ),
        ("- id: a\n  title: [unclosed\n", "invalid YAML (line"),
        ("id: a\n", "must be a non-empty YAML list"),
    ],
)
def test_bad_entries_are_named_by_file_and_entry(tmp_path: Path, entry: str, expected: str) -> None:
    _write_set(tmp_path, {"en.yaml": entry})
    message = _error(tmp_path)
    assert str(tmp_path / "canned" / "en.yaml") in message
    assert expected in message


def test_an_id_missing_in_a_language_is_reported_for_that_file(tmp_path: Path) -> None:
    extra = GOOD.format(title="Hello") + "- {id: bye, title: Bye, text: Bye., tags: []}\n"
    _write_set(tmp_path, {"en.yaml": extra, "zh.yaml": extra})
    message = _error(tmp_path)
    for language in ("es", "ar"):
        assert f"{tmp_path / 'canned' / f'{language}.yaml'}: id 'bye' is missing" in message
    assert "(present in en, zh)" in message
    assert "en.yaml: id" not in message


def test_a_missing_language_file_and_an_unknown_one_are_reported(tmp_path: Path) -> None:
    canned = _write_set(tmp_path, {"fr.yaml": GOOD.format(title="Bonjour")})
    (canned / "ar.yaml").unlink()
    message = _error(tmp_path)
    assert f"{canned / 'ar.yaml'}: missing" in message
    assert f"{canned / 'fr.yaml'}: unknown language 'fr'" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    _write_set(
        tmp_path,
        {
            "es.yaml": "- {id: hello, title: T, text: 'Hola {nombre}', tags: []}\n",
            "ar.yaml": "- {id: hello, text: x, tags: []}\n",
        },
    )
    with pytest.raises(CannedError) as info:
        load_canned(tmp_path)
    assert len(info.value.errors) == 2
    assert "es.yaml: entry 1 (id 'hello'): text: unknown placeholder {nombre}" in str(info.value)
    assert "ar.yaml: entry 1 (id 'hello'): missing field 'title'" in str(info.value)


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    assert "does not exist" in _error(tmp_path / "nowhere")
