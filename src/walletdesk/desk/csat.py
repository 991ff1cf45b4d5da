"""Customer satisfaction after a solve: a 1-5 score and an optional comment, once per
ticket, in the customer's own words (redacted like every message)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from walletdesk.desk import texts
from walletdesk.desk.conversations import Desk
from walletdesk.safety.scan import scan
from walletdesk.store.models import Conversation, Message, Ticket, TicketEvent, utcnow

MAX_COMMENT_CHARS = 1000


class RatingRefused(ValueError):
    """No solved ticket to rate, or it was rated already; the message says which."""


async def pending_rating(desk: Desk, session: AsyncSession, conversation_id: str) -> Ticket | None:
    ticket = await desk.latest_ticket(session, conversation_id)
    if ticket is None or ticket.status not in ("solved", "closed") or ticket.csat_score is not None:
        return None
    return ticket


async def rate(desk: Desk, conversation_id: str, score: int, comment: str) -> Message:
    if not 1 <= score <= 5:
        raise ValueError("the score is a whole number from 1 to 5")
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValueError(f"the comment is at most {MAX_COMMENT_CHARS} characters")
    redacted = scan(comment, desk.links).redacted.strip() if comment else ""
    now = utcnow()
    async with desk.db.session() as session:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None:
            raise LookupError(conversation_id)
        ticket = await desk.latest_ticket(session, conversation_id)
        if ticket is None or ticket.status not in ("solved", "closed"):
            raise RatingRefused("there is no solved case to rate in this conversation")
        if ticket.csat_score is not None:
            raise RatingRefused("this case was rated already")
        ticket.csat_score = score
        ticket.csat_comment = redacted or None
        ticket.csat_at = now
        session.add(
            TicketEvent(
                ticket_id=ticket.id,
                at=now,
                actor="customer",
                kind="csat",
                data={"score": score, "comment": redacted},
            )
        )
        thanks = await desk.outgoing(
            session,
            conversation,
            "bot",
            texts.text("csat_thanks", conversation.language),
            None,
            {"kind": "csat_thanks"},
        )
        await session.commit()
    await desk.publish(thanks)
    return thanks
