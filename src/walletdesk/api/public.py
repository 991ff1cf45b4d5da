"""Health, metrics, knowledge-base pages and the customer widget."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi import Path as UrlPath
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from walletdesk.api.deps import ServicesDep
from walletdesk.bot.messages import message

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


def safe_link(url: str) -> bool:
    """Links and images in articles may be relative or http(s)/mailto, nothing else: no
    javascript:, vbscript:, data: (markdown-it's default lets data:image through), file:.
    Browsers ignore tabs, newlines and leading spaces in a scheme, so those are removed
    before looking at it."""
    scheme = _SCHEME.match(_CONTROL_OR_SPACE.sub("", url).lower())
    return scheme is None or scheme.group(1) in ("http", "https", "mailto")


class SafeMarkdown(MarkdownIt):
    """CommonMark for operator-written pages (articles, lessons): links pass safe_link."""

    def validateLink(self, url: str) -> bool:  # markdown-it's method name
        return safe_link(url) and super().validateLink(url)


# html=False: article Markdown can never inject markup (raw HTML is shown as text);
# links and images pass safe_link.
_markdown = SafeMarkdown("commonmark", {"html": False, "linkify": False}).enable("table")

router = APIRouter()


@router.get("/healthz", tags=["ops"])
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", tags=["ops"])
async def readyz(services: ServicesDep) -> dict[str, object]:
    """The database answers and the knowledge index is loaded."""
    try:
        async with services.db.session() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "database unavailable") from exc
    if len(services.index) == 0:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "knowledge base is empty")
    return {"status": "ready", "articles": len(services.index)}


@router.get("/metrics", tags=["ops"], response_class=PlainTextResponse)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get("/api/v1/kb/search", tags=["knowledge"])
async def kb_search(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    lang: Annotated[str, Query(pattern="^(en|zh|es|ar)$")] = "en",
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[dict[str, object]]:
    hits = services.index.search(q, lang, limit)
    return [
        {
            "id": h.article.id,
            "title": h.article.title,
            "summary": h.article.summary,
            "score": round(h.normalized, 4),
            "url": services.bot.article_url(h.article.id, h.article.language),
        }
        for h in hits
    ]


@router.get("/kb/{language}/{article_id}", response_class=HTMLResponse, tags=["knowledge"])
async def kb_article(
    request: Request,
    language: Annotated[str, UrlPath(max_length=8)],
    article_id: Annotated[str, UrlPath(max_length=100)],
    services: ServicesDep,
) -> HTMLResponse:
    article = services.index.get(article_id[:100], language[:8])
    if article is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "article not found")
    related = [
        a
        for a in (
            services.index.get_best_language(r, language)
            for r in (*article.next_steps, *article.related)
        )
        if a is not None
    ]
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "article": article,
            "body_html": _markdown.render(article.body),
            "related": related,
            "rtl": language == "ar",
            "brand": services.settings.brand_name,
            "see_also": message("see_also", language),
            "safety_note": message("never_ask", language),
        },
    )


@router.get("/widget", response_class=HTMLResponse, tags=["widget"])
async def widget(
    request: Request,
    services: ServicesDep,
    lang: Annotated[str | None, Query(pattern="^(en|zh|es|ar)$")] = None,
) -> HTMLResponse:
    """The customer chat. Embed it in any site or app WebView with an iframe."""
    return templates.TemplateResponse(
        request,
        "widget.html",
        {
            "brand": services.settings.brand_name,
            "lang": lang or "",
        },
    )
