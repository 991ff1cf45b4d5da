"""Starts and stops what integrations run inside a desk process: the email channel (SMTP
listener + outbox) and the webhook worker. ``app.py`` calls :func:`start` in its
lifespan; the CLI uses it without the listener or background tasks.

With ``WALLETDESK_JOB_QUEUE`` this process only records and enqueues: new replies in
email conversations become ``email_flush`` jobs and webhook events become delivery rows;
``walletdesk worker`` sends both (``jobs.py``)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from walletdesk.channels.email import EmailChannel, EmailNotConfigured, smtp_target
from walletdesk.integrations.webhooks import WebhookWorker
from walletdesk.logging import get_logger

if TYPE_CHECKING:
    from walletdesk.api.deps import Services
    from walletdesk.jobs import JobQueue

log = get_logger("walletdesk.integrations")


@dataclass(slots=True)
class Runtime:
    services: Services
    email: EmailChannel
    webhooks: WebhookWorker
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    smtp_address: tuple[str, int] | None = None
    queue: JobQueue | None = None

    async def stop(self) -> None:
        desk = self.services.desk
        await self.email.stop_listener()
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks.clear()
        try:
            await self.webhooks.drain()  # events seen before shutdown are not lost
        except Exception:
            log.exception("webhook.drain_failed")
        for observer in (self.email.outbox.observe, self.webhooks.observe):
            with contextlib.suppress(ValueError):
                desk.observers.remove(observer)
        if self.queue is not None:
            await self.queue.aclose()


async def start(services: Services, *, background: bool = True) -> Runtime:
    """Hook the email outbox and the webhook worker onto the desk's events; with
    ``background`` also start the SMTP listener (if configured) and the worker tasks."""
    settings = services.settings
    email = EmailChannel(settings, services.desk)
    webhooks = WebhookWorker(settings, services.db)
    services.desk.observers.extend([email.outbox.observe, webhooks.observe])
    runtime = Runtime(services, email, webhooks)
    if settings.job_queue:
        from walletdesk.jobs import JobQueue

        queue = runtime.queue = JobQueue(settings)

        async def enqueue_flush(conversation_id: str, job_id: str) -> object:
            return await queue.enqueue("email_flush", conversation_id, job_id=job_id)

        email.outbox.queue = enqueue_flush
    if settings.smtp_url:
        try:
            smtp_target(settings.smtp_url)
        except EmailNotConfigured as exc:
            log.error("email.bad_smtp_url", error=str(exc))
            email.outbox.enabled = False
    if not background:
        return runtime
    runtime.tasks.append(asyncio.create_task(webhooks.run_enqueue()))
    if not settings.job_queue:  # else the job worker's cron delivers them
        runtime.tasks.append(asyncio.create_task(webhooks.run_delivery()))
    if email.outbox.enabled:
        runtime.tasks.append(asyncio.create_task(email.outbox.run()))
    if settings.smtp_listen:
        if not email.outbox.enabled:
            log.warning("email.no_smtp_url", hint="inbound mail is stored; replies are not sent")
        try:
            runtime.smtp_address = await email.start_listener(settings.smtp_listen)
        except BaseException:
            await runtime.stop()
            raise
    return runtime
