"""Request and response models. Public models list exactly what a customer may see."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "zh", "es", "ar"]
# ids are uuid4 hex; anything longer or stranger is refused (422) before a lookup
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class StartConversation(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # JSON types as declared
    language: Language | None = Field(
        default=None, description="UI language; the bot follows the language the customer writes"
    )


class SendMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # JSON types as declared
    text: str = Field(min_length=1, max_length=4000)
    client_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Idempotency key: a retry with the same id returns the stored message",
    )


class ArticleLink(BaseModel):
    id: str
    title: str
    url: str


class MessagePublic(BaseModel):
    id: str
    seq: int
    sender: Literal["customer", "bot", "agent", "system"]
    text: str
    articles: list[ArticleLink] = []
    kind: str = Field(
        default="",
        description="What a desk message is for: queue, csat_request, csat_thanks, reopened, "
        "technical_status (empty for ordinary messages)",
    )
    client_id: str | None = None
    created_at: str


class ConversationPublic(BaseModel):
    id: str
    status: str
    language: str
    last_seq: int


class ConversationStarted(BaseModel):
    conversation: ConversationPublic
    customer_token: str = Field(description="Opaque bearer token; keep it on the device")
    messages: list[MessagePublic]


class MessagePosted(BaseModel):
    message: MessagePublic
    replies: list[MessagePublic]
    duplicate: bool = Field(description="True when client_id matched an already stored message")
    redacted: bool = Field(description="True when a secret was removed before storing")


class MessageList(BaseModel):
    messages: list[MessagePublic]
    last_seq: int


class QueueStatus(BaseModel):
    status: str = Field(description="bot | intake | handoff | closed")
    ticket_status: str | None
    assigned: bool
    position: int = Field(description="1 = next in line; 0 when not waiting")
    agents_online: int
    estimate_minutes: int | None = Field(
        description="Honest estimate from the team's recent first-response times; "
        "null when no agent is online"
    )
    text: str = Field(description="The same, as a sentence in the conversation's language")
    csat_pending: bool = Field(description="A solved case in this conversation awaits a rating")


class LeaveEmail(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # JSON types as declared
    email: str = Field(
        min_length=3, max_length=254, pattern=r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$"
    )


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # JSON types as declared
    score: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=1000)
