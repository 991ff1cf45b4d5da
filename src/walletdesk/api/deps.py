"""Typed dependencies: wiring and customer authentication."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from walletdesk.bot.policy import Bot
from walletdesk.config import Settings
from walletdesk.desk.conversations import Desk
from walletdesk.desk.replies import CannedReply
from walletdesk.knowledge.search import KnowledgeIndex
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.safety.links import LinkChecker
from walletdesk.store.db import Database


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Database
    index: KnowledgeIndex
    bot: Bot
    links: LinkChecker
    guard: OutgoingGuard
    desk: Desk
    canned: dict[str, list[CannedReply]]


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def current_customer(
    services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> str:
    """The customer id behind ``Authorization: Bearer <customer token>``."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing bearer customer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    customer_id = await services.desk.customer_for_token(token.strip())
    if customer_id is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid or expired customer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return customer_id


CurrentCustomer = Annotated[str, Depends(current_customer)]
