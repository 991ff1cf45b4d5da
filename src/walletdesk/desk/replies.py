"""Canned replies for human agents: ``content/canned/<lang>.yaml`` (en, zh, es, ar).

Each file is a YAML list of ``{id, title, text, tags}``; the same ``id`` in every language
is the same reply translated, so the console can offer it in the customer's language.
Texts may use three placeholders: ``{customer_name}``, ``{agent_name}`` and ``{brand}``.

:func:`load_canned` validates everything and raises one :class:`CannedError` (a
``ValueError``) listing every problem, each naming the file and the entry. :func:`fill`
substitutes the placeholders in one pass: the values are plain text and are never
interpreted (a customer called ``{brand}`` stays ``{brand}``). An empty customer name is
dropped together with its separator ("Hi {customer_name}, ..." -> "Hi, ..."), which is why
the loader insists that ``{customer_name}`` sits right after a greeting word or at the end
of a sentence after a comma.

Filled replies are still agent messages: they pass the outgoing guard like any other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from walletdesk.intents import LANGUAGES
from walletdesk.knowledge.articles import URL_RE
from walletdesk.yaml_io import YAMLError, safe_load

__all__ = ["PLACEHOLDERS", "CannedError", "CannedReply", "fill", "load_canned"]

PLACEHOLDERS: tuple[str, ...] = ("customer_name", "agent_name", "brand")
FIELDS: tuple[str, ...] = ("id", "title", "text", "tags")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_CHARS = 100
MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 4000
MAX_VALUE_CHARS = 100  # a filled-in name or brand longer than this is cut

_BRACES_RE = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER_RE = re.compile(r"\{(customer_name|agent_name|brand)\}")
_END = r"[.!?。！？؟]"
# An empty customer name takes its separator with it: "Thanks, {customer_name}." ->
# "Thanks.", "Hi {customer_name}, ..." -> "Hi, ...", "{customer_name}您好" -> "您好".
_DROP_NAME_RE = re.compile(
    rf"[,，、،][ \t]*\{{customer_name\}}(?=[ \t]*{_END})"
    r"|^[ \t]*\{customer_name\}[ \t]*"
    r"|[ \t]*\{customer_name\}",
    re.MULTILINE,
)
_PUNCT = r"[,.!?;:，。！？、：；،؛؟]"
# Text that reads badly: a space before punctuation, two separators in a row, a line that
# starts with punctuation, or two spaces.
_AWKWARD_RE = re.compile(
    rf"[ \t]{_PUNCT}|[,，、،][ \t]*{_PUNCT}|^[ \t]*{_PUNCT}|[ \t]{{2}}", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class CannedReply:
    id: str
    language: str
    title: str
    text: str
    tags: tuple[str, ...] = ()

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER_RE.findall(self.text))


class CannedError(ValueError):
    """Every problem found while loading, one line each, naming file and entry."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


# --------------------------------------------------------------------------- fill


def _clean_value(value: str) -> str:
    """One line of plain text: no control or bidi-override characters, bounded length."""
    chars = (" " if unicodedata.category(c).startswith("C") else c for c in str(value))
    return " ".join("".join(chars).split())[:MAX_VALUE_CHARS].strip()


def _drop_customer_name(text: str) -> str:
    return _DROP_NAME_RE.sub("", text)


def fill(reply: CannedReply, *, customer_name: str, agent_name: str, brand: str) -> str:
    """The reply's text with its placeholders replaced by plain-text values.

    Values are inserted verbatim in a single pass (never ``str.format``), after removing
    control characters and line breaks. An empty ``customer_name`` leaves a natural
    sentence; an empty ``agent_name`` or ``brand`` that the text needs is a ``ValueError``.
    """
    values = {
        "customer_name": _clean_value(customer_name),
        "agent_name": _clean_value(agent_name),
        "brand": _clean_value(brand),
    }
    needed = reply.placeholders
    for name in ("agent_name", "brand"):
        if name in needed and not values[name]:
            raise ValueError(f"canned reply {reply.id!r} needs a non-empty {name}")
    text = reply.text if values["customer_name"] else _drop_customer_name(reply.text)
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], text)


# --------------------------------------------------------------------------- load


def _canned_root(content_dir: Path) -> Path:
    """``content_dir/canned`` (the layout of ``Settings.content_dir``) or the folder itself."""
    nested = content_dir / "canned"
    return nested if nested.is_dir() else content_dir


def _text_problems(name: str, value: str) -> list[str]:
    problems: list[str] = []
    rest = _BRACES_RE.sub("", value)
    for inner in _BRACES_RE.findall(value):
        if inner not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            problems.append(f"{name}: unknown placeholder {{{inner}}} (allowed: {allowed})")
    if "{" in rest or "}" in rest:
        problems.append(f"{name}: unmatched '{{' or '}}'")
    if URL_RE.search(value) or re.search(r"\bwww\.", value, re.IGNORECASE):
        problems.append(f"{name}: links are not allowed")
    return problems


def _name_problem(text: str) -> str | None:
    """Where an empty customer name would leave a broken sentence, say so."""
    if "{customer_name}" not in text:
        return None
    with_name = text.replace("{customer_name}", "Name")
    without = _drop_customer_name(text)
    if len(_AWKWARD_RE.findall(without)) > len(_AWKWARD_RE.findall(with_name)):
        return (
            "text: reads badly when {customer_name} is empty; put it right after the "
            "greeting word ('Hi {customer_name}, ...') or at the end after a comma "
            "('Thanks, {customer_name}.')"
        )
    return None


def _parse_entry(raw: Any, language: str, label: str) -> tuple[CannedReply | None, list[str]]:
    if not isinstance(raw, dict):
        return None, [f"{label}: must be a mapping with {', '.join(FIELDS)}"]
    problems: list[str] = []
    for name in FIELDS:
        if name not in raw:
            problems.append(f"{label}: missing field {name!r}")
    for name in raw:
        if name not in FIELDS:
            problems.append(f"{label}: unknown field {name!r} (allowed: {', '.join(FIELDS)})")

    reply_id = raw.get("id")
    if "id" in raw and (
        not isinstance(reply_id, str)
        or not ID_RE.fullmatch(reply_id)
        or len(reply_id) > MAX_ID_CHARS
    ):
        problems.append(
            f"{label}: bad id {reply_id!r}: use lowercase letters, digits and single dashes "
            f"(at most {MAX_ID_CHARS} characters)"
        )
    title = raw.get("title")
    if "title" in raw:
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{label}: title must be non-empty text")
        elif len(" ".join(title.split())) > MAX_TITLE_CHARS:
            problems.append(f"{label}: title longer than {MAX_TITLE_CHARS} characters")
        else:
            problems.extend(f"{label}: {p}" for p in _text_problems("title", title))
    text = raw.get("text")
    if "text" in raw:
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{label}: text must be non-empty text")
        elif len(text.strip()) > MAX_TEXT_CHARS:
            problems.append(f"{label}: text longer than {MAX_TEXT_CHARS} characters")
        else:
            problems.extend(f"{label}: {p}" for p in _text_problems("text", text))
            name_problem = _name_problem(text.strip())
            if name_problem:
                problems.append(f"{label}: {name_problem}")
    tags = raw.get("tags")
    if "tags" in raw and (
        not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags)
    ):
        problems.append(f"{label}: tags must be a list of non-empty strings")

    if problems:
        return None, problems
    assert isinstance(reply_id, str) and isinstance(title, str) and isinstance(text, str)
    assert isinstance(tags, list)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return (
        CannedReply(
            id=reply_id,
            language=language,
            title=" ".join(title.split()),
            text="\n".join(lines),
            tags=tuple(" ".join(t.split()) for t in tags),
        ),
        [],
    )


def _load_file(path: Path, language: str) -> tuple[list[CannedReply], set[str], list[str]]:
    """The file's valid replies, every id it names (valid entry or not), and its problems."""
    source = str(path)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [], set(), [f"{source}: cannot be read as UTF-8 ({exc})"]
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return [], set(), [f"{source}: invalid YAML{where}"]
    if not isinstance(data, list) or not data:
        return [], set(), [f"{source}: must be a non-empty YAML list of {{{', '.join(FIELDS)}}}"]
    replies: list[CannedReply] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    named: set[str] = set()
    for index, raw in enumerate(data, start=1):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str):
            named.add(raw_id)
        label = f"{source}: entry {index}" + (
            f" (id {raw_id!r})" if isinstance(raw_id, str) else ""
        )
        reply, problems = _parse_entry(raw, language, label)
        errors.extend(problems)
        if reply is None:
            continue
        if reply.id in seen:
            errors.append(f"{label}: duplicate id, already used by entry {seen[reply.id]}")
            continue
        seen[reply.id] = index
        replies.append(reply)
    return replies, named, errors


def load_canned(content_dir: Path) -> dict[str, list[CannedReply]]:
    """Every language's canned replies, sorted by title; raises :class:`CannedError`.

    ``content_dir`` is ``Settings.content_dir`` (replies in its ``canned/`` folder) or the
    canned folder itself. All four language files must exist and hold the same ids.
    """
    root = _canned_root(Path(content_dir))
    if not root.is_dir():
        raise CannedError([f"{root}: directory does not exist"])
    errors: list[str] = []
    for path in sorted(root.glob("*.yaml")):
        if path.stem not in LANGUAGES:
            errors.append(f"{path}: unknown language {path.stem!r} (use {', '.join(LANGUAGES)})")
    by_language: dict[str, list[CannedReply]] = {}
    named: dict[str, set[str]] = {}
    for language in LANGUAGES:
        path = root / f"{language}.yaml"
        if not path.is_file():
            errors.append(f"{path}: missing (every language needs its canned replies)")
            continue
        replies, named[language], problems = _load_file(path, language)
        errors.extend(problems)
        by_language[language] = replies
    for reply_id in sorted({r.id for replies in by_language.values() for r in replies}):
        present = [lang for lang in named if reply_id in named[lang]]
        for language in named:
            if reply_id not in named[language]:
                errors.append(
                    f"{root / f'{language}.yaml'}: id {reply_id!r} is missing "
                    f"(present in {', '.join(present)})"
                )
    if errors:
        raise CannedError(errors)
    return {
        language: sorted(replies, key=lambda r: (r.title.casefold(), r.id))
        for language, replies in by_language.items()
    }
