"""Customer API for security reminders: list the pending ones, dismiss one, opt out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status
from pydantic import BaseModel, ConfigDict, Field

from walletdesk.api.deps import CurrentCustomer, ServicesDep
from walletdesk.desk import reminders

router = APIRouter(prefix="/api/v1/reminders", tags=["reminders"])
ReminderId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9]+$")]


class ReminderPublic(BaseModel):
    id: str
    rule: str = Field(description="secret_pasted, scam_reported, large_transfer, ...")
    language: str
    title: str
    text: str
    created_at: str


class ReminderList(BaseModel):
    opt_out: bool = Field(description="True when the customer turned reminders off")
    reminders: list[ReminderPublic]


class OptOut(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    opt_out: bool = True


@router.get("", response_model=ReminderList)
async def list_reminders(services: ServicesDep, customer: CurrentCustomer) -> ReminderList:
    """The customer's security reminders not dismissed yet, newest first."""
    opted_out, rows = await reminders.pending(services.db, services.guard, customer)
    return ReminderList(
        opt_out=opted_out,
        reminders=[
            ReminderPublic(
                id=r.id,
                rule=r.rule,
                language=r.language,
                title=r.title,
                text=r.text,
                created_at=r.created_at.isoformat(),
            )
            for r in rows
        ],
    )


@router.post("/{reminder_id}/dismiss")
async def dismiss_reminder(
    reminder_id: ReminderId, services: ServicesDep, customer: CurrentCustomer
) -> dict[str, bool]:
    if not await reminders.dismiss(services.db, customer, reminder_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "reminder not found")
    return {"dismissed": True}


@router.post("/opt-out")
async def opt_out(
    services: ServicesDep, customer: CurrentCustomer, body: OptOut | None = None
) -> dict[str, bool]:
    """Turn reminders off (``{"opt_out": false}`` turns them back on): none are created,
    shown or emailed while off."""
    choice = True if body is None else body.opt_out
    try:
        await reminders.set_opt_out(services.db, customer, choice)
    except LookupError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown customer") from exc
    return {"opt_out": choice}
