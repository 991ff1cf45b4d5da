"""Proof of address ownership inside a conversation (EIP-4361 / EIP-191): the desk issues
a challenge, the customer signs it in their own wallet, the desk verifies and records the
address on the conversation. No secret ever changes hands; each nonce works once."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import update

from walletdesk.audit import chain as audit
from walletdesk.chain.ownership import (
    Challenge,
    OwnershipError,
    make_challenge,
    verify_signature,
)
from walletdesk.desk.conversations import Desk
from walletdesk.store.models import Conversation, OwnershipChallenge, utcnow


@dataclass(frozen=True, slots=True)
class Proven:
    address: str
    chain_id: int


def _domain(base_url: str) -> str:
    parts = urlsplit(base_url)
    return parts.netloc or "localhost"


async def issue(
    desk: Desk, conversation_id: str, address: str, chain_id: int, base_url: str
) -> Challenge:
    challenge = make_challenge(address, _domain(base_url), base_url, chain_id=chain_id)
    async with desk.db.session() as session:
        session.add(
            OwnershipChallenge(
                nonce=challenge.nonce,
                conversation_id=conversation_id,
                challenge=challenge.to_dict(),
            )
        )
        await session.commit()
    return challenge


async def prove(desk: Desk, conversation_id: str, nonce: str, signature: str) -> Proven:
    """Verify; raises OwnershipError with a stable code when the proof is refused."""
    async with desk.db.session() as session:
        row = await session.get(OwnershipChallenge, nonce[:64])
        if row is None or row.conversation_id != conversation_id:
            raise OwnershipError("wrong_nonce", "no such challenge in this conversation")
        if row.used_at is not None:
            raise OwnershipError("replayed", "this challenge was already used")
        challenge = Challenge.from_dict(row.challenge)
        verified = verify_signature(challenge, signature, used_nonces=())
        # consume the nonce atomically: a concurrent second proof finds it used
        consumed = await session.execute(
            update(OwnershipChallenge)
            .where(OwnershipChallenge.nonce == row.nonce, OwnershipChallenge.used_at.is_(None))
            .values(used_at=utcnow())
        )
        if getattr(consumed, "rowcount", 0) != 1:
            raise OwnershipError("replayed", "this challenge was already used")
        conversation = await session.get(Conversation, conversation_id)
        assert conversation is not None  # the foreign key guarantees it
        if verified.address not in conversation.verified_addresses:
            conversation.verified_addresses = [*conversation.verified_addresses, verified.address]
        await audit.append(
            session,
            "customer",
            "address.verified",
            f"conversation:{conversation_id}",
            {"address": verified.address, "chain_id": verified.chain_id},
        )
        await session.commit()
    return Proven(verified.address, verified.chain_id)
