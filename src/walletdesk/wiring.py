"""Builds the bot and its parts from settings; shared by the server and the CLI."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from walletdesk.bot.policy import Bot
from walletdesk.config import Settings
from walletdesk.knowledge.articles import Article
from walletdesk.knowledge.search import (
    KnowledgeIndex,
    article_text_for_embedding,
    embedding_order,
)
from walletdesk.language.classifier import Progress
from walletdesk.language.embed import Embedder, Vectors, default_embedder
from walletdesk.language.tokens import warm_up
from walletdesk.language.understand import Understander, train_or_load
from walletdesk.safety.links import LinkChecker
from walletdesk.safety.secrets import warm_up as warm_up_secrets


def build_links(settings: Settings) -> LinkChecker:
    return LinkChecker(official_domains=settings.all_official_domains, brands=[settings.brand_name])


def _article_vectors(
    settings: Settings, articles: Sequence[Article], embedder: Embedder
) -> Vectors:
    """Article embeddings in KnowledgeIndex order, cached by a fingerprint of their text."""
    texts = [article_text_for_embedding(a) for a in embedding_order(articles)]
    digest = hashlib.sha256(embedder.name.encode())
    for text in texts:
        digest.update(text.encode() + b"\x00")
    path = settings.models_dir / f"kb-vectors-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        cached = np.load(path)
        if cached.shape == (len(texts), embedder.dim):
            return np.asarray(cached, dtype=np.float32)
    vectors = embedder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vectors


def build_bot(
    settings: Settings, articles: Sequence[Article], progress: Progress | None = None
) -> Bot:
    warm_up()
    warm_up_secrets()  # typo tables and the Chinese dictionary: not on the first message
    embedder: Embedder | None = default_embedder() if settings.embeddings else None
    classifier = None
    if settings.intents_dir.is_dir():
        classifier = train_or_load(settings.intents_dir, settings.models_dir, embedder, progress)
    vectors = _article_vectors(settings, articles, embedder) if embedder else None
    index = KnowledgeIndex(articles, embedder, vectors)
    return Bot(
        index,
        Understander(classifier, embedder),
        settings.base_url,
        settings.brand_name,
        settings.bot_min_score,
    )
