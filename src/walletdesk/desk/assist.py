"""AI assist for the agent: suggested articles, a reply drafted from the best one in the
customer's language, similar solved cases, a short summary, and the customer's context.

Everything is built from the desk's own knowledge base and history (no outside model):
retrieval is the bot's hybrid search, similarity is fuzzy token matching over the
customer's words in past tickets, the draft always passes the outgoing guard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.desk import texts
from walletdesk.desk.conversations import Desk
from walletdesk.desk.intake import fact_lines
from walletdesk.desk.sla import aware
from walletdesk.store.models import Agent, Conversation, Message, Ticket

SIMILAR_POOL = 500  # most recent solved tickets compared against
SIMILAR_MIN_SCORE = 55
SAME_TOPIC_BONUS = 15


@dataclass(slots=True)
class Assist:
    articles: list[dict[str, str]] = field(default_factory=list)
    draft: str = ""
    similar: list[dict[str, Any]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "draft": self.draft,
            "similar": self.similar,
            "summary": self.summary,
            "context": self.context,
        }


def _customer_query(messages: list[Message]) -> str:
    said = [m.text for m in messages if m.sender == "customer"]
    return " ".join(said[-3:])[-1000:]


def suggest_articles(
    desk: Desk, query: str, language: str, intent: str | None
) -> list[dict[str, str]]:
    if not query.strip():
        return []
    hits = desk.bot.index.search(query, language, limit=3, intent=intent)
    refs = []
    for hit in hits:
        a = hit.article
        refs.append(
            {
                "id": a.id,
                "title": a.title,
                "language": a.language,
                "summary": a.summary,
                "url": desk.bot.article_url(a.id, a.language),
            }
        )
    return refs


def draft_reply(desk: Desk, agent_name: str, language: str, article: dict[str, str] | None) -> str:
    parts = [texts.text("draft_open", language, agent=agent_name)]
    if article is not None:
        parts.append(article["summary"])
        parts.append(f"{texts.text('draft_read', language)}: {article['title']} — {article['url']}")
    parts.append(texts.text("draft_close", language))
    draft = "\n\n".join(parts)
    return draft if desk.guard.check(draft).allowed else ""


async def similar_cases(
    session: AsyncSession, agent: Agent, ticket: Ticket, query: str
) -> list[dict[str, Any]]:
    if not query.strip():
        return []
    rows = await session.execute(
        select(Ticket)
        .where(Ticket.status.in_(("solved", "closed")), Ticket.id != ticket.id)
        .order_by(Ticket.updated_at.desc())
        .limit(SIMILAR_POOL)
    )
    scored: list[tuple[float, Ticket]] = []
    for other in rows.scalars():
        if agent.role not in ("supervisor", "admin") and other.team_id not in (None, agent.team_id):
            continue
        past = str(other.facts.get("customer_text", ""))
        if not past:
            continue
        score = fuzz.token_set_ratio(query, past)
        if other.subject and other.subject == ticket.subject:
            score += SAME_TOPIC_BONUS
        if score >= SIMILAR_MIN_SCORE:
            scored.append((score, other))
    scored.sort(key=lambda pair: -pair[0])
    found = []
    for score, other in scored[:3]:
        last_answer = (
            await session.execute(
                select(Message.text)
                .where(Message.conversation_id == other.conversation_id, Message.sender == "agent")
                .order_by(Message.seq.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        found.append(
            {
                "ticket_id": other.id,
                "conversation_id": other.conversation_id,
                "subject": other.subject,
                "score": round(min(score, 100.0), 1),
                "customer_said": str(other.facts.get("customer_text", ""))[:240],
                "answer": (last_answer or "")[:400],
                "csat": other.csat_score,
            }
        )
    return found


Words = Callable[[str], str]  # a phrase key -> the phrase, in the agent's language
Values = Callable[[str, object], str]  # (kind, stored code) -> the code as the agent reads it

# the summary's phrases in English; the console passes its catalogue (api/i18n.py, the same
# keys) so an agent reads them in their own language
SUMMARY = {
    "summary.opening": "Customer writes in {language}; topic: {topic}; priority {priority} "
    "({reason}).",
    "summary.known": "Known: {facts}.",
    "summary.risk": "Risk: {flags}.",
    "summary.bot_sent": "The bot already sent: {titles}.",
    "summary.tx_said": "Transaction check said: {statuses}.",
    "summary.last": "Last from the customer: “{text}”",
}


def summarize(
    conversation: Conversation,
    ticket: Ticket,
    messages: list[Message],
    words: Words | None = None,
    values: Values | None = None,
) -> list[str]:
    """A few plain lines an agent reads in five seconds (English unless ``words`` and
    ``values`` speak the agent's language; customer content is shown as written)."""
    say = words or SUMMARY.__getitem__
    show = values or (lambda _kind, value: str(value))

    def line(key: str, **parts: str) -> str:
        return say(key).format(**parts)

    facts = ticket.facts
    topic = facts.get("topic_intent") or ticket.subject or "?"
    reason = facts.get("handoff_reason") or "asked"
    lines = [
        line(
            "summary.opening",
            language=show("language", conversation.language),
            topic=str(topic),
            priority=show("priority", ticket.priority),
            reason=show("handoff_reason", reason),
        )
    ]
    known = [
        f"{show('fact', label)}: {value}" for label, value in fact_lines(facts) if label != "Topic"
    ]
    if known:
        lines.append(line("summary.known", facts="; ".join(known)))
    if conversation.risk_flags:
        flags = [show("risk_flag", f) for f in conversation.risk_flags]
        lines.append(line("summary.risk", flags=", ".join(flags)))
    articles = [
        a.get("title", "")
        for m in messages
        if m.sender == "bot"
        for a in m.meta.get("articles", [])
        if isinstance(a, dict)
    ]
    if articles:
        lines.append(line("summary.bot_sent", titles="; ".join(dict.fromkeys(articles))))
    tools = [m.meta.get("status") for m in messages if m.meta.get("tool") == "tx"]
    if tools:
        statuses = ", ".join(show("tx_status", t) for t in tools)
        lines.append(line("summary.tx_said", statuses=statuses))
    said = [m.text for m in messages if m.sender == "customer"]
    if said:
        last = " ".join(said[-1].split())
        lines.append(line("summary.last", text=last[:200]))
    return lines


async def customer_context(
    session: AsyncSession, conversation: Conversation, messages: list[Message]
) -> dict[str, Any]:
    past_rows = await session.execute(
        select(Conversation, Ticket)
        .outerjoin(Ticket, Ticket.conversation_id == Conversation.id)
        .where(
            Conversation.customer_id == conversation.customer_id,
            Conversation.id != conversation.id,
        )
        .order_by(Conversation.created_at.desc())
        .limit(10)
    )
    past = [
        {
            "conversation_id": c.id,
            "created_at": aware(c.created_at).isoformat(),
            "subject": t.subject if t else (c.last_intent or ""),
            "status": t.status if t else c.status,
            "csat": t.csat_score if t else None,
        }
        for c, t in past_rows
    ]
    diagnostics = [
        {"tool": str(m.meta["tool"]), "status": str(m.meta.get("status", "")), "seq": m.seq}
        for m in messages
        if m.meta.get("tool")
    ]
    return {
        "language": conversation.language,
        "channel": conversation.channel,
        "risk": conversation.risk,
        "risk_flags": list(conversation.risk_flags),
        "verified_addresses": list(conversation.verified_addresses),
        "diagnostics": diagnostics,
        "past_conversations": past,
    }


async def assist_for(
    desk: Desk,
    agent: Agent,
    conversation: Conversation,
    ticket: Ticket,
    messages: list[Message],
    words: Words | None = None,
    values: Values | None = None,
) -> Assist:
    query = _customer_query(messages)
    intent = ticket.facts.get("topic_intent") or conversation.last_intent
    articles = suggest_articles(desk, query, conversation.language, intent)
    async with desk.db.session() as session:
        similar = await similar_cases(session, agent, ticket, query)
        context = await customer_context(session, conversation, messages)
    return Assist(
        articles=articles,
        draft=draft_reply(
            desk, agent.display_name, conversation.language, articles[0] if articles else None
        ),
        similar=similar,
        summary=summarize(conversation, ticket, messages, words, values),
        context=context,
    )
