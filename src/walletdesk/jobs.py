"""Background jobs on arq (scale-out mode): the SLA clock, email, webhooks, reminders and
the retention purge, with retries and a dead-letter view.

`walletdesk worker` runs this queue next to the web workers. Cron jobs: the SLA clock,
webhook deliveries, the email outbox sweep, reminder emails and the retention purge.
Queued jobs: ``email_flush`` (a conversation's new replies, enqueued by the web worker
that stored them when ``WALLETDESK_JOB_QUEUE`` is on). A job that raises is retried with
exponential backoff up to ``MAX_TRIES``; after that arq keeps its failed result
(``KEEP_RESULT``), and :func:`dead_letters` lists those for the console. Without the job
queue the same functions run in-process instead (the SLA loop in ``app.py``, the email
outbox and webhook tasks in ``integrations/runtime.py``).
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from typing import Any, cast

from arq import Retry, create_pool, cron
from arq.connections import ArqRedis, RedisSettings
from arq.worker import Worker, func

from walletdesk.config import Settings
from walletdesk.logging import get_logger

log = get_logger("walletdesk.jobs")
MAX_TRIES = 5
KEEP_RESULT = timedelta(days=7)
BACKOFF_SECONDS = (2, 10, 60, 300)

JobFn = Callable[..., Awaitable[Any]]
_REGISTRY: dict[str, JobFn] = {}


def job(name: str) -> Callable[[JobFn], JobFn]:
    """Register ``async def fn(services, *args)`` as a retried job called ``name``."""

    def register(fn: JobFn) -> JobFn:
        _REGISTRY[name] = fn
        return fn

    return register


def _retrying(name: str, fn: JobFn) -> JobFn:
    async def run(ctx: dict[str, Any], *args: Any) -> Any:
        try:
            return await fn(ctx["services"], *args)
        except Retry:
            raise
        except Exception as exc:
            tries = int(ctx.get("job_try", 1))
            log.warning("job.failed", job=name, attempt=tries, error=type(exc).__name__)
            if tries < MAX_TRIES:
                backoff: tuple[float, ...] = ctx.get("backoff", BACKOFF_SECONDS)
                raise Retry(defer=backoff[min(tries - 1, len(backoff) - 1)]) from exc
            # the last try: fail for good, with the reason kept for the dead-letter view
            raise RuntimeError(f"{type(exc).__name__}: {exc}"[:500]) from exc

    run.__name__ = name
    run.__qualname__ = name
    return run


@job("sla_sweep")
async def sla_sweep(services: Any) -> dict[str, int]:
    from walletdesk.desk.presence import drop_lost
    from walletdesk.desk.sweep import sweep
    from walletdesk.store.models import utcnow

    report = await sweep(services.desk, utcnow(), services.settings.ticket_autoclose_days)
    lost = await drop_lost(services.desk, utcnow())
    return {
        "warnings": len(report.warnings),
        "breaches": len(report.breaches),
        "escalated": len(report.escalated),
        "closed": len(report.closed),
        "assigned": len(report.assigned) + len(lost.assigned),
        "agents_gone": len(lost.went_away),
        "requeued": len(lost.requeued),
    }


@job("webhooks_deliver_due")
async def webhooks_deliver_due(services: Any) -> dict[str, int]:
    """Post the webhook deliveries that are due (each row is claimed first, so the job
    worker and the web workers' own runtime never post the same delivery twice)."""
    from walletdesk.integrations.webhooks import deliver_due

    report = await deliver_due(services.db, services.settings)
    return {
        "attempted": report.attempted,
        "delivered": report.delivered,
        "failed": report.failed,
        "dead": report.dead,
    }


@job("webhooks_prune")
async def webhooks_prune(services: Any) -> int:
    """Delivered webhook rows past their keep time (the in-process worker does it hourly)."""
    from walletdesk.integrations.webhooks import prune_delivered

    return await prune_delivered(services.db)


@job("email_flush")
async def email_flush(services: Any, conversation_id: str) -> int:
    """Send a conversation's unsent replies as one email. An SMTP outage or another
    sender at work raises, so arq retries with backoff; the replies stay unsent (and the
    ``email_sweep`` cron finds them) until one try succeeds."""
    from walletdesk.channels.email import EmailOutbox

    return await EmailOutbox(services.settings, services.desk).flush(conversation_id, strict=True)


@job("email_sweep")
async def email_sweep(services: Any) -> int:
    """Replies still unsent in recently active email conversations (an outage, a crash
    mid-send, a job that ran out of tries): sent now."""
    from walletdesk.channels.email import EmailOutbox

    return await EmailOutbox(services.settings, services.desk).sweep()


@job("reminder_emails")
async def reminder_emails(services: Any) -> int:
    """Security reminders due by email (each marked once its email went out)."""
    from walletdesk.desk.reminders import send_reminder_emails

    return await send_reminder_emails(services.db, services.guard, settings=services.settings)


@job("retention_purge")
async def retention_purge(services: Any) -> dict[str, int]:
    """Conversations past ``WALLETDESK_RETENTION_DAYS`` (off when 0)."""
    from walletdesk.desk.privacy import purge
    from walletdesk.store.models import utcnow

    days = services.settings.retention_days
    if days < 1:
        return {"conversations": 0, "customers": 0}
    report = await purge(services.db, utcnow(), days, actor="retention")
    return {"conversations": report.conversations, "customers": report.customers}


class JobQueue:
    """One connection pool for enqueueing from a web worker (``email_flush`` per reply)."""

    def __init__(self, settings: Settings, queue_name: str | None = None) -> None:
        self.settings = settings
        self.queue_name = queue_name or settings.job_queue_name
        self._pool: ArqRedis | None = None

    async def enqueue(self, name: str, *args: Any, job_id: str | None = None) -> str:
        """Queue a registered job; ``job_id`` makes enqueueing idempotent."""
        if name not in _REGISTRY:
            raise ValueError(f"unknown job {name!r}")
        if self._pool is None:
            self._pool = await create_pool(redis_settings(self.settings))
        queued = await self._pool.enqueue_job(
            name, *args, _job_id=job_id, _queue_name=self.queue_name
        )
        return queued.job_id if queued is not None else (job_id or "")

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None


async def _startup(ctx: dict[str, Any]) -> None:
    from walletdesk.app import build_services

    ctx["services"] = await build_services(ctx["settings"])


async def _shutdown(ctx: dict[str, Any]) -> None:
    services = ctx.get("services")
    if services is not None:
        await services.desk.bus.close()
        await services.db.dispose()


def redis_settings(settings: Settings) -> RedisSettings:
    if not settings.redis_url:
        raise ValueError("the job queue needs WALLETDESK_REDIS_URL")
    return RedisSettings.from_dsn(settings.redis_url)


def _every(name: str, fn: JobFn, **when: Any) -> Any:
    """A cron job that runs once per tick across all job workers (``unique``)."""
    return cron(
        cast(Any, _retrying(name, fn)),
        name=f"cron:{name}",
        unique=True,
        run_at_startup=False,
        **when,
    )


def build_worker(
    settings: Settings,
    *,
    burst: bool = False,
    poll_delay: float = 0.5,
    backoff: tuple[float, ...] = BACKOFF_SECONDS,
    queue_name: str | None = None,
) -> Worker:
    seconds = max(1, int(settings.sla_sweep_seconds or 30))
    functions = [
        func(cast(Any, _retrying(n, f)), name=n, max_tries=MAX_TRIES) for n, f in _REGISTRY.items()
    ]
    return Worker(
        functions=functions,
        cron_jobs=[
            _every("sla_sweep", sla_sweep, second=set(range(0, 60, min(60, seconds)))),
            _every("webhooks_deliver_due", webhooks_deliver_due, second=set(range(0, 60, 10))),
            _every("email_sweep", email_sweep, second={30}),
            _every("reminder_emails", reminder_emails, second={45}),
            _every("retention_purge", retention_purge, minute={17}, second={0}),
            _every("webhooks_prune", webhooks_prune, minute={47}, second={0}),
        ],
        redis_settings=redis_settings(settings),
        on_startup=_startup,
        on_shutdown=_shutdown,
        ctx={"settings": settings, "backoff": backoff},
        queue_name=queue_name or settings.job_queue_name,
        burst=burst,
        poll_delay=poll_delay,
        keep_result=KEEP_RESULT,
        max_tries=MAX_TRIES,
        handle_signals=not burst,
        timezone=UTC,
    )


async def enqueue(
    settings: Settings,
    name: str,
    *args: Any,
    job_id: str | None = None,
    queue_name: str | None = None,
) -> str:
    """Queue a registered job; ``job_id`` makes enqueueing idempotent."""
    queue = JobQueue(settings, queue_name)
    try:
        return await queue.enqueue(name, *args, job_id=job_id)
    finally:
        await queue.aclose()


async def dead_letters(
    settings: Settings, limit: int = 100, retries: int | None = None
) -> list[dict[str, Any]]:
    """Jobs that failed for good (after every retry), newest first. ``retries`` bounds
    the connection attempts (a page asking should not wait out arq's default five)."""
    connection = redis_settings(settings)
    if retries is not None:
        connection = dataclasses.replace(connection, conn_retries=retries, conn_timeout=2)
    pool: ArqRedis = await create_pool(connection)
    try:
        results = await pool.all_job_results()
    finally:
        await pool.aclose()
    failed = [r for r in results if not r.success]
    failed.sort(key=lambda r: r.finish_time, reverse=True)
    return [
        {
            "job_id": r.job_id,
            "function": r.function,
            "tries": r.job_try,
            "enqueued_at": r.enqueue_time.isoformat(),
            "failed_at": r.finish_time.isoformat(),
            "error": "".join(traceback.format_exception_only(r.result)).strip()[:500]
            if isinstance(r.result, BaseException)
            else str(r.result)[:500],
        }
        for r in failed[:limit]
    ]
