"""The bot's decisions for one customer message: answer from an article, warn, or hand off.

Input is already scanned and redacted; output is text the desk still passes through the
outgoing guard before storing or sending it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from walletdesk.academy import Lesson, lesson_for_intent
from walletdesk.bot.messages import message
from walletdesk.chain.addresses import check_address
from walletdesk.chain.networks import diagnose_network
from walletdesk.knowledge.articles import Article
from walletdesk.knowledge.search import Hit, KnowledgeIndex
from walletdesk.language.emotion import Emotion
from walletdesk.language.entities import Entity
from walletdesk.language.intents import is_follow_up
from walletdesk.language.understand import Understander, Understanding
from walletdesk.safety.scams import SCAM_ARTICLE
from walletdesk.safety.scan import ScanResult


@dataclass(slots=True)
class ConversationState:
    language: str = "en"
    last_intent: str | None = None
    low_confidence_streak: int = 0
    last_article: str | None = None
    lessons_passed: frozenset[str] = frozenset()  # academy lessons not to offer again
    channel: str = "widget"  # widget | email: where the customer reads the answer


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "url": self.url}


@dataclass(slots=True)
class BotTurn:
    language: str
    intent: str
    confidence: float
    out_of_scope: bool
    entities: list[Entity]
    emotion: Emotion
    answer: str
    articles: list[ArticleRef] = field(default_factory=list)
    handoff: bool = False
    risk_flags: list[str] = field(default_factory=list)

    def to_dict(self, scan: ScanResult) -> dict[str, Any]:
        """The ``walletdesk ask --json`` contract."""
        return {
            "language": self.language,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "out_of_scope": self.out_of_scope,
            "entities": [e.to_dict() for e in self.entities],
            "emotion": self.emotion.to_dict(),
            "answer": self.answer,
            "articles": [a.to_dict() for a in self.articles],
            "handoff": self.handoff,
            "safety": scan.to_dict(),
        }


_DOT_IN_NAME = re.compile(r"(?<=[\w-])\.(?=[\w-])")
CLARIFY_BELOW = 0.5  # top intent probability under which a close second prompts a question
CLARIFY_ALTERNATIVE = 0.3
NO_CLARIFY = frozenset({"out_of_scope", "service.human", "chitchat.greeting"})
INTENT_TRUST = 0.4  # tuned on the dev half of benchmarks/data (eval_bot.py)
NETWORK_STORY_INTENTS = frozenset(
    {
        "transfer.wrong_network",
        "transfer.not_received",
        "transfer.wrong_address",
        "transfer.pending",
        "assets.token_missing",
        "assets.balance_wrong",
        "chain.support",
    }
)


def defang(text: str) -> str:
    """``evil.io`` -> ``evil[.]io``: named in a warning, never a clickable link (and the
    outgoing guard rightly refuses to send the live form)."""
    return _DOT_IN_NAME.sub("[.]", text)


class Bot:
    def __init__(
        self,
        index: KnowledgeIndex,
        understander: Understander,
        base_url: str,
        brand: str,
        min_score: float,
        lessons: Mapping[str, Mapping[str, Lesson]] | None = None,
    ) -> None:
        self.index = index
        self.understander = understander
        self.base_url = base_url.rstrip("/")
        self.brand = brand
        self.min_score = min_score
        # the security academy ({lang: {id: Lesson}}): offered after a security question
        self.lessons: Mapping[str, Mapping[str, Lesson]] = lessons or {}

    def article_url(self, article_id: str, language: str) -> str:
        return f"{self.base_url}/kb/{language}/{article_id}"

    def lesson_url(self, lesson_id: str, language: str) -> str:
        return f"{self.base_url}/academy/{language}/{lesson_id}"

    def lesson_offer(
        self, intent: str | None, language: str, passed: Collection[str] = ()
    ) -> str | None:
        """ "Take the 2-minute lesson: <title> — <url>" after a security question; a
        lesson the customer already passed is not offered again (the next one that
        covers the question is, if any)."""
        if not intent or not intent.startswith("security.") or not self.lessons:
            return None
        lesson = lesson_for_intent(self.lessons, intent, language, completed=passed)
        if lesson is None:
            return None
        return message(
            "lesson_offer",
            language,
            minutes=str(lesson.minutes),
            title=lesson.title,
            url=self.lesson_url(lesson.id, lesson.language),
        )

    def _ref(self, hit: Hit) -> ArticleRef:
        a = hit.article
        return ArticleRef(a.id, a.title, self.article_url(a.id, a.language))

    def welcome(self, language: str) -> str:
        return message("welcome", language, brand=self.brand)

    def _main_article(self, intent: str, language: str) -> Article | None:
        articles = [a for a in self.index.articles(language) if a.intents[0] == intent]
        return articles[0] if articles else None

    def _next_article(self, article: Article, language: str) -> Article | None:
        """The knowledge graph's next step for an article (then its first related one)."""
        for target in (*article.next_steps, *article.related[:1]):
            found = self.index.get_best_language(target, language)
            if found is not None:
                return found
        return None

    def _follow_up(
        self, last_intent: str, last_article: str | None, language: str
    ) -> tuple[str, list[ArticleRef]] | None:
        """A "still not working": move one step along the graph from the last answer."""
        shown = self.index.get_best_language(last_article, language) if last_article else None
        current = shown or self._main_article(last_intent, language)
        follow = self._next_article(current, language) if current else None
        if follow is None:
            return None
        ref = ArticleRef(follow.id, follow.title, self.article_url(follow.id, follow.language))
        text = (
            f"{message('follow_up', language)}\n\n{follow.summary}\n\n"
            f"{message('read_more', language)}: {follow.title} — {ref.url}\n\n"
            f"{message('offer_human', language)}"
        )
        return text, [ref]

    def _clarify(self, u: Understanding, language: str) -> tuple[str, list[ArticleRef]] | None:
        """Two intents nearly tied: ask which one rather than guess."""
        if u.out_of_scope or not u.alternatives or u.confidence >= CLARIFY_BELOW:
            return None
        other, share = u.alternatives[0]
        if share < CLARIFY_ALTERNATIVE or {u.intent, other} & NO_CLARIFY:
            return None
        first, second = self._main_article(u.intent, language), self._main_article(other, language)
        if first is None or second is None or first.id == second.id:
            return None
        refs = [
            ArticleRef(a.id, a.title, self.article_url(a.id, a.language)) for a in (first, second)
        ]
        lines = "\n".join(f"- {r.title} — {r.url}" for r in refs)
        return f"{message('clarify', language, a=first.title, b=second.title)}\n{lines}", refs

    def _chain_tools(
        self, text: str, language: str, intent: str, entities: list[Entity], trusted: bool
    ) -> tuple[list[str], str | None]:
        """Facts from the chain library for what the message carries (no network). The
        wrong-network reading runs only on transfer stories (or when the intent is unsure):
        "my Binance account is frozen" names an exchange but is no deposit problem."""
        notes: list[str] = []
        addresses = [e for e in entities if e.kind == "address"][:2]
        diagnosis = diagnose_network(text, language)
        story = not trusted or intent in NETWORK_STORY_INTENTS
        if story and (
            diagnosis.case not in ("unknown", "same_network")
            or (intent == "transfer.wrong_network" and diagnosis.case != "unknown")
        ):
            steps = "\n".join(f"{i}. {step}" for i, step in enumerate(diagnosis.steps, 1))
            notes.append(f"{diagnosis.explanation}\n{steps}".strip())
            return notes, diagnosis.article_id
        for entity in addresses:
            report = check_address(entity.value)
            shown = (
                entity.value
                if len(entity.value) <= 20
                else (f"{entity.value[:8]}…{entity.value[-6:]}")
            )
            if report.valid:
                notes.append(
                    message(
                        "address_ok",
                        language,
                        address=shown,
                        family=report.family.upper(),
                        chains=", ".join(report.chains[:7]),
                    )
                )
            else:
                code = report.problems[0].code if report.problems else "unknown_format"
                notes.append(message("address_bad", language, address=shown, code=code))
        return notes, None

    def reply(self, scan: ScanResult, state: ConversationState) -> BotTurn:
        text = scan.redacted
        u = self.understander.understand(text, state.language)
        language, emotion, entities = u.language, u.emotion, u.entities
        flags: list[str] = []
        parts: list[str] = []
        # an email customer has no window to keep open: the agent answers in the thread
        handoff_text = message("handoff_email" if state.channel == "email" else "handoff", language)

        if scan.has_secret:
            flags.append("secret_pasted")
            parts.append(message("secret_pasted", language))
        for verdict in scan.risky_links[:3]:
            flags.append(f"link_{verdict.verdict}")
            parts.append(
                message(
                    "risky_link",
                    language,
                    domain=defang(verdict.domain),
                    reason=defang(verdict.reason),
                )
            )
        flags.extend(f"scam_{signal.kind}" for signal in scan.scam_signals)
        if "funds_at_risk" in emotion.urgency:
            flags.append("funds_at_risk")

        def turn(
            intent: str,
            confidence: float,
            answer: str,
            articles: list[ArticleRef],
            out_of_scope: bool = False,
            handoff: bool = False,
        ) -> BotTurn:
            return BotTurn(
                language,
                intent,
                confidence,
                out_of_scope,
                entities,
                emotion,
                answer,
                articles,
                handoff,
                flags,
            )

        high_risk = bool(scan.has_secret or scan.scam_signals or "funds_at_risk" in emotion.urgency)
        if u.intent == "service.human" and not scan.scam_signals:
            parts.append(handoff_text)
            return turn(u.intent, u.confidence, "\n\n".join(parts), [], handoff=True)
        if u.intent == "chitchat.greeting" and not parts and u.confidence >= 0.9:
            return turn(u.intent, u.confidence, self.welcome(language), [])

        if not parts and state.last_intent and is_follow_up(text):
            followed = self._follow_up(state.last_intent, state.last_article, language)
            if followed is not None:
                return turn(state.last_intent, 0.8, followed[0], followed[1])
        if not parts and not scan.scam_signals:
            clarify = self._clarify(u, language)
            if clarify is not None:
                return turn(u.intent, u.confidence, clarify[0], clarify[1])
        tool_notes, tool_article = self._chain_tools(
            text, language, u.intent, entities, not u.out_of_scope and u.confidence >= INTENT_TRUST
        )
        parts.extend(tool_notes)
        intent_hint = None if u.out_of_scope else u.intent
        hits = self.index.search(text, language, limit=8, intent=intent_hint, query_vector=u.vector)
        best = hits[0] if hits else None
        if intent_hint and u.confidence >= INTENT_TRUST:
            of_intent = [h for h in hits if intent_hint in h.article.intents]
            if of_intent and (
                best is None
                or best.normalized < self.min_score
                or intent_hint not in best.article.intents
            ):
                best = Hit(
                    of_intent[0].article,
                    of_intent[0].score,
                    max(self.min_score, of_intent[0].normalized),
                )
        hits = hits[:3]
        chosen = self.index.get(tool_article, language) if tool_article else None
        if chosen is not None:
            best = Hit(chosen, 1.0, max(self.min_score, best.normalized if best else 0.0))
        scam_article = next(
            (
                a
                for a in (self.index.get(SCAM_ARTICLE[s.kind], language) for s in scan.scam_signals)
                if a is not None
            ),
            None,
        )
        if scam_article is not None and (best is None or best.article.id != scam_article.id):
            best = Hit(scam_article, 1.0, max(self.min_score, best.normalized if best else 0.0))
        if best is not None and best.normalized >= self.min_score:
            article = best.article
            ref = self._ref(best)
            parts.append(
                f"{article.summary}\n\n{message('read_more', language)}: "
                f"{article.title} — {ref.url}"
            )
            refs = [ref]
            follow = self._next_article(article, language)
            if follow is not None and not high_risk:
                next_ref = ArticleRef(
                    follow.id, follow.title, self.article_url(follow.id, follow.language)
                )
                parts.append(f"{message('next_step', language)}: {follow.title} — {next_ref.url}")
                refs.append(next_ref)
            intent = intent_hint if intent_hint in article.intents else article.intents[0]
            confidence = u.confidence if intent == intent_hint else best.normalized
            offer = None if high_risk else self.lesson_offer(intent, language, state.lessons_passed)
            if offer is not None:
                parts.append(offer)
            if high_risk:
                parts.append(handoff_text)
            return turn(
                intent or article.intents[0],
                confidence,
                "\n\n".join(parts),
                refs,
                handoff=high_risk,
            )

        if parts:  # a secret or a risky link was the point of the message
            intent = "security.compromised" if scan.has_secret else "security.phishing_check"
            offer = None if high_risk else self.lesson_offer(intent, language, state.lessons_passed)
            if offer is not None:
                parts.append(offer)
            if high_risk:
                parts.append(handoff_text)
            return turn(intent, 0.9, "\n\n".join(parts), [], handoff=high_risk)

        if state.low_confidence_streak >= 1:
            parts.append(handoff_text)
            return turn(
                "out_of_scope",
                u.confidence,
                "\n\n".join(parts),
                [],
                out_of_scope=True,
                handoff=True,
            )
        parts.append(message("no_match", language))
        weak = [h for h in hits if h.normalized >= self.min_score / 2][:2]
        refs = [self._ref(h) for h in weak]
        if refs:
            parts.append(
                message("maybe_related", language)
                + "\n"
                + "\n".join(f"- {a.title} — {a.url}" for a in refs)
            )
        return turn("out_of_scope", u.confidence, "\n\n".join(parts), refs, out_of_scope=True)
