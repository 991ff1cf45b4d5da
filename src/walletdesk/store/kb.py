"""Knowledge articles in the database: the operator's edits live here, seeded from content/."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.knowledge.articles import Article
from walletdesk.store.models import KnowledgeArticle, utcnow


async def count_articles(session: AsyncSession) -> int:
    return int(
        (await session.execute(select(func.count()).select_from(KnowledgeArticle))).scalar_one()
    )


async def upsert_articles(session: AsyncSession, articles: Iterable[Article]) -> tuple[int, int]:
    """Insert new articles and replace existing ones with the same (id, language)."""
    existing = {
        (row.article_id, row.language): row
        for row in (await session.execute(select(KnowledgeArticle))).scalars()
    }
    added = updated = 0
    for article in articles:
        row = existing.get(article.key)
        if row is None:
            row = KnowledgeArticle(article_id=article.id, language=article.language)
            session.add(row)
            added += 1
        else:
            updated += 1
        row.title = article.title
        row.summary = article.summary
        row.body = article.body
        row.intents = list(article.intents)
        row.tags = list(article.tags)
        row.links = article.links()
        row.source = article.source[-500:]
        row.updated_at = utcnow()
    await session.flush()
    return added, updated


async def load_articles(session: AsyncSession) -> list[Article]:
    rows = (
        await session.execute(
            select(KnowledgeArticle).order_by(
                KnowledgeArticle.language, KnowledgeArticle.article_id
            )
        )
    ).scalars()
    return [
        Article(
            id=row.article_id,
            language=row.language,
            title=row.title,
            summary=row.summary,
            body=row.body,
            intents=tuple(row.intents),
            tags=tuple(row.tags),
            related=tuple(row.links.get("related", [])),
            prerequisites=tuple(row.links.get("prerequisites", [])),
            next_steps=tuple(row.links.get("next_steps", [])),
            chains=tuple(row.links.get("chains", [])),
            source=row.source,
        )
        for row in rows
    ]
