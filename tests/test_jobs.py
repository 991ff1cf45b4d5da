"""The arq job queue on a real Redis: a job that keeps failing is retried, then lands in
the dead-letter list with its reason; the SLA clock runs as a job."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fastapi.testclient import TestClient

from tests import services
from walletdesk import jobs
from walletdesk.config import Settings

pytestmark = pytest.mark.skipif(not services.REDIS, reason="WALLETDESK_TEST_REDIS not set")


def test_failing_job_is_retried_then_dead_lettered(settings: Settings, client: TestClient) -> None:
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings = settings.model_copy(update={"redis_url": services.REDIS})
    attempts: list[int] = []
    name = f"always_fails_{queue}"

    @jobs.job(name)
    async def always_fails(_services: object, n: int) -> None:
        attempts.append(n)
        raise ConnectionError("smtp.example refused the connection")

    async def run() -> list[dict[str, object]]:
        own = f"arq:test:{queue}"  # a queue of its own: no other run's worker takes these jobs
        job_id = await jobs.enqueue(settings, name, 7, job_id=f"job-{queue}", queue_name=own)
        again = await jobs.enqueue(settings, name, 7, job_id=f"job-{queue}", queue_name=own)
        assert job_id == again == f"job-{queue}", "the same job id is queued once"
        worker = jobs.build_worker(
            settings, burst=True, poll_delay=0.05, backoff=(0, 0, 0, 0), queue_name=own
        )
        worker.ctx["services"] = client.app.state.services  # type: ignore[attr-defined]
        worker.on_startup = None
        worker.on_shutdown = None  # the app owns its services; the job never touches the DB
        await worker.main()
        await worker.close()
        return await jobs.dead_letters(settings)

    try:
        dead = asyncio.run(run())
    finally:
        jobs._REGISTRY.pop(name, None)
    assert attempts == [7] * jobs.MAX_TRIES
    mine = [d for d in dead if d["job_id"] == f"job-{queue}"]
    assert mine and mine[0]["tries"] == jobs.MAX_TRIES
    assert "smtp.example refused" in str(mine[0]["error"])


def test_the_sla_clock_runs_as_a_job(client: TestClient) -> None:
    services_ = client.app.state.services  # type: ignore[attr-defined]

    async def run() -> dict[str, int]:  # on the app's own event loop (its engine lives there)
        return await jobs.sla_sweep(services_)

    report = client.portal.call(run)  # type: ignore[union-attr]
    assert set(report) >= {"warnings", "breaches", "escalated", "closed", "assigned"}
    assert {"agents_gone", "requeued"} <= set(report)


def test_unknown_job_and_missing_redis_are_clear_errors(settings: Settings) -> None:
    with pytest.raises(ValueError, match="needs WALLETDESK_REDIS_URL"):
        jobs.redis_settings(settings.model_copy(update={"redis_url": None}))
    with pytest.raises(ValueError, match="unknown job"):
        asyncio.run(jobs.enqueue(settings.model_copy(update={"redis_url": services.REDIS}), "nope"))


def test_webhook_deliveries_run_as_a_job(client: TestClient) -> None:
    services_ = client.app.state.services  # type: ignore[attr-defined]

    async def run() -> dict[str, int]:
        return await jobs.webhooks_deliver_due(services_)

    report = client.portal.call(run)  # type: ignore[union-attr]
    assert report == {"attempted": 0, "delivered": 0, "failed": 0, "dead": 0}


def test_the_admin_page_lists_dead_jobs(settings: Settings) -> None:
    """The dead-letter view an admin sees: the failed job, its tries and its reason."""
    from tests.api.test_console import add_agent, login
    from walletdesk.app import create_app

    queue = f"arq:test:{uuid.uuid4().hex[:8]}"
    with_redis = settings.model_copy(update={"redis_url": services.REDIS})
    name = f"always_fails_{queue.rsplit(':', 1)[1]}"

    @jobs.job(name)
    async def always_fails(_services: object) -> None:
        raise TimeoutError("webhook receiver timed out")

    try:
        with TestClient(create_app(with_redis)) as client:

            async def fail_for_good() -> None:
                await jobs.enqueue(with_redis, name, job_id=f"job-{queue}", queue_name=queue)
                worker = jobs.build_worker(
                    with_redis, burst=True, poll_delay=0.05, backoff=(0, 0, 0, 0), queue_name=queue
                )
                worker.ctx["services"] = client.app.state.services  # type: ignore[attr-defined]
                worker.on_startup = worker.on_shutdown = None
                try:
                    await worker.main()
                finally:
                    await worker.close()

            client.portal.call(fail_for_good)  # type: ignore[union-attr]
            add_agent(client, "ada@desk.example", "correct horse battery", role="admin")
            assert login(client, "ada@desk.example", "correct horse battery").status_code == 303
            page = client.get("/console/admin?lang=es")
            assert page.status_code == 200
            row = page.text[page.text.index('id="c-dead-jobs"') :]
            assert name in row and f"job-{queue}" in row and "webhook receiver timed out" in row
            assert f"<td>{jobs.MAX_TRIES}</td>" in row
            assert "Tareas en segundo plano" in page.text
    finally:
        jobs._REGISTRY.pop(name, None)


def test_the_admin_page_survives_redis_being_away(settings: Settings) -> None:
    from tests.api.test_console import add_agent, login
    from tests.support import free_port
    from walletdesk.app import create_app

    with TestClient(create_app(settings)) as client:  # embedded: no queue at all
        add_agent(client, "ada@desk.example", "correct horse battery", role="admin")
        assert login(client, "ada@desk.example", "correct horse battery").status_code == 303
        assert "own process (no job queue)" in client.get("/console/admin").text
        services_ = client.app.state.services  # type: ignore[attr-defined]
        services_.settings = settings.model_copy(
            update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"}  # nothing listens
        )
        page = client.get("/console/admin")
    assert page.status_code == 200
    assert "The job queue cannot be reached right now" in page.text
