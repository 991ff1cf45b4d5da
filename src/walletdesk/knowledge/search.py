"""Knowledge search: BM25 with field weights per language, fused with dense vectors from
the multilingual sentence encoder when one is given.

Scores are normalised to 0..1 so the bot can tell "a good match" from "the least bad
match". Dense vectors also give the cross-lingual fallback: a question in a language with
no article of its own still finds the right article in another language.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from walletdesk.knowledge.articles import Article
from walletdesk.language.embed import Embedder, Vectors
from walletdesk.language.tokens import tokenize

FIELD_WEIGHTS = {"title": 3.0, "tags": 3.0, "summary": 2.0, "body": 1.0}
K1 = 1.2
B = 0.6
LEXICAL_SHARE = 0.45
INTENT_BOOST = 0.15
# cosine similarities of USE v3 below ~0.25 are noise; ~0.75 and above is a paraphrase
DENSE_FLOOR, DENSE_SPAN = 0.25, 0.5


@dataclass(frozen=True, slots=True)
class Hit:
    article: Article
    score: float
    normalized: float
    lexical: float = 0.0
    dense: float = 0.0


class _LanguageIndex:
    def __init__(self, language: str, articles: list[Article]) -> None:
        self.language = language
        self.articles = articles
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        lengths: list[float] = []
        for doc, article in enumerate(articles):
            tf: dict[str, float] = defaultdict(float)
            for name, weight in FIELD_WEIGHTS.items():
                text = " ".join(article.tags) if name == "tags" else getattr(article, name)
                for token in tokenize(text, language):
                    tf[token] += weight
            lengths.append(sum(tf.values()))
            for token, freq in tf.items():
                self.postings[token].append((doc, freq))
        self.lengths = lengths
        self.avg_length = (sum(lengths) / len(lengths)) if lengths else 1.0
        n = len(articles)
        self.idf = {
            token: math.log(1 + (n - len(posts) + 0.5) / (len(posts) + 0.5))
            for token, posts in self.postings.items()
        }

    def lexical(self, query_tokens: list[str]) -> dict[int, float]:
        """Normalised BM25 per document: score / the best score the query could reach."""
        if not query_tokens or not self.articles:
            return {}
        scores: dict[int, float] = defaultdict(float)
        bound = 0.0
        for token in set(query_tokens):
            idf = self.idf.get(token)
            if idf is None:
                # unseen words still count against the bound, as a rare word would
                bound += math.log(1 + (len(self.articles) + 0.5) / 0.5) * 0.5
                continue
            bound += idf * (K1 + 1)
            for doc, freq in self.postings[token]:
                norm = K1 * (1 - B + B * self.lengths[doc] / self.avg_length)
                scores[doc] += idf * freq * (K1 + 1) / (freq + norm)
        return {doc: min(1.0, s / bound) for doc, s in scores.items()} if bound else {}


def article_text_for_embedding(article: Article) -> str:
    """Titles: measured closer to how customers ask than title + summary (USE v3)."""
    return article.title


def embedding_order(articles: Iterable[Article]) -> list[Article]:
    """The order of rows in a KnowledgeIndex's vectors: by language, then as given."""
    items = list(articles)
    return [a for lang in sorted({a.language for a in items}) for a in items if a.language == lang]


class KnowledgeIndex:
    """In-memory index of all articles: BM25 per language, optional dense vectors."""

    def __init__(
        self,
        articles: Iterable[Article],
        embedder: Embedder | None = None,
        vectors: Vectors | None = None,
    ) -> None:
        self.by_key: dict[tuple[str, str], Article] = {a.key: a for a in articles}
        by_language: dict[str, list[Article]] = defaultdict(list)
        for article in self.by_key.values():
            by_language[article.language].append(article)
        self._indexes = {lang: _LanguageIndex(lang, arts) for lang, arts in by_language.items()}
        self.embedder = embedder
        self._vectors: dict[str, Vectors] = {}
        if embedder is not None:
            ordered = embedding_order(self.by_key.values())
            if vectors is None or len(vectors) != len(ordered):
                vectors = embedder.encode([article_text_for_embedding(a) for a in ordered])
            offset = 0
            for lang in sorted(by_language):
                count = len(by_language[lang])
                self._vectors[lang] = vectors[offset : offset + count]
                offset += count
            self.vectors = vectors

    @property
    def languages(self) -> list[str]:
        return sorted(self._indexes)

    def __len__(self) -> int:
        return len(self.by_key)

    def get(self, article_id: str, language: str) -> Article | None:
        return self.by_key.get((article_id, language))

    def get_best_language(self, article_id: str, language: str) -> Article | None:
        """The article in ``language``, else in English, else in any language."""
        for lang in (language, "en", *self.languages):
            article = self.by_key.get((article_id, lang))
            if article is not None:
                return article
        return None

    def embed_query(self, query: str) -> Vectors | None:
        if self.embedder is None:
            return None
        vector: Vectors = self.embedder.encode([query])[0]
        return vector

    def search(
        self,
        query: str,
        language: str,
        limit: int = 5,
        intent: str | None = None,
        query_vector: Vectors | None = None,
    ) -> list[Hit]:
        """Best articles for ``query``. When ``language`` has no articles, searches the
        others by meaning (dense vectors) and returns their best matches."""
        if language not in self._indexes:
            if self.embedder is None:
                return []
            merged = [
                h
                for lang in self.languages
                for h in self._search_language(
                    query, lang, limit, intent, query_vector, lexical=False
                )
            ]
            best: dict[str, Hit] = {}
            for hit in sorted(merged, key=lambda h: h.normalized, reverse=True):
                best.setdefault(hit.article.id, hit)
            return list(best.values())[:limit]
        return self._search_language(query, language, limit, intent, query_vector)

    def _search_language(
        self,
        query: str,
        language: str,
        limit: int,
        intent: str | None,
        query_vector: Vectors | None,
        lexical: bool = True,
    ) -> list[Hit]:
        index = self._indexes[language]
        lex = index.lexical(tokenize(query, language)) if lexical else {}
        dense: dict[int, float] = {}
        vectors = self._vectors.get(language)
        if vectors is not None and len(vectors):
            qv = query_vector if query_vector is not None else self.embed_query(query)
            if qv is not None:
                cosines = vectors @ qv
                dense = {int(i): float(c) for i, c in enumerate(cosines)}
        candidates = set(lex) | {i for i, c in dense.items() if c > DENSE_FLOOR}
        hits = []
        for doc in candidates:
            lexical_score = lex.get(doc, 0.0)
            dense_score = min(1.0, max(0.0, (dense.get(doc, 0.0) - DENSE_FLOOR) / DENSE_SPAN))
            if dense and lexical:
                fused = LEXICAL_SHARE * lexical_score + (1 - LEXICAL_SHARE) * dense_score
            elif dense:
                fused = dense_score
            else:
                fused = lexical_score
            article = index.articles[doc]
            if intent and intent in article.intents:
                fused += INTENT_BOOST * (1.0 if article.intents[0] == intent else 0.5)
            hits.append(Hit(article, fused, min(1.0, fused), lexical_score, dense_score))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:limit]

    def articles(self, language: str | None = None) -> list[Article]:
        return [a for a in self.by_key.values() if language is None or a.language == language]
