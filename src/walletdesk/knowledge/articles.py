"""Load and validate knowledge-base articles (Markdown with YAML front matter).

Errors name the file and the field so an operator can fix an import in one go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from walletdesk.intents import CANONICAL_INTENTS, LANGUAGES
from walletdesk.yaml_io import YAMLError, safe_load

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$")
HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
URL_RE = re.compile(r"\b(?:https?|ftp|javascript|data):[^\s)>\]]*", re.IGNORECASE)
LINK_FIELDS = ("related", "prerequisites", "next_steps")
MAX_BODY_CHARS = 50_000


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    language: str
    title: str
    summary: str
    body: str
    intents: tuple[str, ...]
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    chains: tuple[str, ...] = ()
    source: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.language)

    def links(self) -> dict[str, list[str]]:
        return {
            "related": list(self.related),
            "prerequisites": list(self.prerequisites),
            "next_steps": list(self.next_steps),
            "chains": list(self.chains),
        }


@dataclass(slots=True)
class ArticleError:
    source: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.field}: {self.problem}"


@dataclass(slots=True)
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)


class KnowledgeBaseError(ValueError):
    def __init__(self, errors: list[ArticleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return (front matter, body) or None when the file has no ``---`` block."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return None
    parts = re.split(r"^---[ \t]*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        return None
    return parts[1], parts[2].strip()


def _str_list(
    meta: dict[str, Any], name: str, source: str, errors: list[ArticleError]
) -> tuple[str, ...]:
    value = meta.get(name, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(ArticleError(source, name, "must be a list of non-empty strings"))
        return ()
    return tuple(v.strip() for v in value)


def _text(meta: dict[str, Any], name: str, source: str, errors: list[ArticleError]) -> str:
    value = meta.get(name)
    if not isinstance(value, str) or not value.strip():
        errors.append(ArticleError(source, name, "is required and must be non-empty text"))
        return ""
    return " ".join(value.split()) if name != "body" else value


def parse_article(
    text: str,
    source: str,
    known_intents: Iterable[str] = CANONICAL_INTENTS,
    expected_language: str | None = None,
) -> tuple[Article | None, list[ArticleError]]:
    errors: list[ArticleError] = []
    split = split_front_matter(text)
    if split is None:
        return None, [ArticleError(source, "front matter", "missing '---' block at the top")]
    raw_meta, body = split
    try:
        meta = safe_load(raw_meta)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return None, [ArticleError(source, "front matter", f"invalid YAML{where}")]
    if not isinstance(meta, dict):
        return None, [ArticleError(source, "front matter", "must be a YAML mapping")]

    article_id = meta.get("id")
    if not isinstance(article_id, str) or not ID_RE.match(article_id):
        errors.append(
            ArticleError(source, "id", "required; lowercase letters, digits and dashes (3-100)")
        )
        article_id = ""
    language = meta.get("language")
    if language not in LANGUAGES:
        errors.append(ArticleError(source, "language", f"must be one of {', '.join(LANGUAGES)}"))
        language = ""
    elif expected_language and language != expected_language:
        errors.append(
            ArticleError(
                source, "language", f"is {language!r} but the folder is {expected_language!r}"
            )
        )
    title = _text(meta, "title", source, errors)
    summary = _text(meta, "summary", source, errors)
    if not body:
        errors.append(ArticleError(source, "body", "is empty"))
    elif len(body) > MAX_BODY_CHARS:
        errors.append(ArticleError(source, "body", f"longer than {MAX_BODY_CHARS} characters"))
    intents = _str_list(meta, "intents", source, errors)
    known = set(known_intents)
    if not intents and "intents" not in {e.field for e in errors}:
        errors.append(ArticleError(source, "intents", "needs at least one intent id"))
    for intent in intents:
        if intent not in known:
            errors.append(ArticleError(source, "intents", f"unknown intent {intent!r}"))
    lists = {name: _str_list(meta, name, source, errors) for name in (*LINK_FIELDS, "chains")}
    tags = _str_list(meta, "tags", source, errors)
    for name, value in (("title", title), ("summary", summary), ("body", body)):
        if HTML_RE.search(value):
            errors.append(ArticleError(source, name, "raw HTML is not allowed"))
        if URL_RE.search(value):
            errors.append(ArticleError(source, name, "links to outside sites are not allowed"))
    if errors:
        return None, errors
    return (
        Article(
            id=article_id,
            language=language,
            title=title,
            summary=summary,
            body=body,
            intents=intents,
            tags=tags,
            related=lists["related"],
            prerequisites=lists["prerequisites"],
            next_steps=lists["next_steps"],
            chains=lists["chains"],
            source=source,
        ),
        [],
    )


def load_directory(root: Path, known_intents: Iterable[str] = CANONICAL_INTENTS) -> LoadResult:
    """Load ``root/<lang>/*.md`` (or ``root/kb/<lang>/*.md``) and check cross-references."""
    result = LoadResult()
    if (root / "kb").is_dir():
        root = root / "kb"
    if not root.is_dir():
        result.errors.append(ArticleError(str(root), "directory", "does not exist"))
        return result
    known = tuple(known_intents)
    files = sorted(p for p in root.glob("*/*.md") if p.parent.name in LANGUAGES)
    if not files:
        result.errors.append(
            ArticleError(str(root), "directory", "no <lang>/<id>.md files (en, zh, es, ar)")
        )
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.errors.append(ArticleError(source, "file", f"cannot be read as UTF-8 ({exc})"))
            continue
        article, errors = parse_article(text, source, known, expected_language=path.parent.name)
        result.errors.extend(errors)
        if article is None:
            continue
        if path.stem != article.id:
            result.errors.append(
                ArticleError(source, "id", f"{article.id!r} does not match the file name")
            )
            continue
        if article.key in seen:
            result.errors.append(ArticleError(source, "id", f"duplicate of {seen[article.key]}"))
            continue
        seen[article.key] = source
        result.articles.append(article)
    result.errors.extend(check_links(result.articles))
    return result


def check_links(articles: list[Article]) -> list[ArticleError]:
    ids = {a.id for a in articles}
    errors: list[ArticleError] = []
    for article in articles:
        for name in LINK_FIELDS:
            for target in getattr(article, name):
                if target not in ids:
                    errors.append(
                        ArticleError(article.source, name, f"links to unknown article {target!r}")
                    )
    return errors
