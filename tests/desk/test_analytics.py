"""Analytics: the figures from real conversations (bot answers, unanswered questions, a
handoff answered and rated, a pasted secret), the clustering, the date range, the SVG
charts, the console page for supervisors only, and the audited CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.api.test_customer import PHRASE, send, start, stored
from tests.api.test_desk import agent, as_agent, hand_off, post_form, team
from walletdesk.desk import analytics
from walletdesk.store.models import AuditEvent

NOW = datetime(2025, 3, 31, 12, 0, tzinfo=UTC)


# ---- pure parts ----------------------------------------------------------------------------
def test_period_defaults_to_the_last_30_days_and_refuses_bad_ranges() -> None:
    period = analytics.parse_period(None, None, NOW)
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == (
        "2025-03-02",
        "2025-03-31",
    )
    assert period.days == 30 and period.end == datetime(2025, 4, 1, tzinfo=UTC)
    one = analytics.parse_period("2025-01-05", "2025-01-05", NOW)
    assert one.days == 1
    for first, last, reason in [
        ("2025-02-01", "2025-01-01", "ends before it starts"),
        ("2023-01-01", "2025-01-01", "at most 366 days"),
        ("2025-13-01", None, "from must be a date"),
        (None, "yesterday", "to must be a date"),
    ]:
        with pytest.raises(ValueError, match=reason):
            analytics.parse_period(first, last, NOW)


def test_unanswered_questions_are_grouped_by_meaning_not_spelling() -> None:
    items = [
        ("can I pay for pizza with dogecoin at the mall", "en"),
        ("pay pizza with dogecoin?", "en"),
        ("Pay pizza with Dogecoin?", "en"),
        ("what is the weather tomorrow in madrid", "en"),
        ("我可以用狗狗币买披萨吗", "zh"),
        ("哪里能用狗狗币买披萨", "zh"),
        ("¿puedo pagar una pizza con dogecoin?", "es"),
    ]
    clusters = analytics.cluster_texts(items)
    by_label = {c.label: c for c in clusters}
    biggest = clusters[0]
    assert biggest.count == 4 and biggest.label == "pay pizza with dogecoin?"
    assert "can I pay for pizza with dogecoin at the mall" in biggest.examples
    assert "¿puedo pagar una pizza con dogecoin?" in biggest.examples, "shared words join"
    assert by_label["what is the weather tomorrow in madrid"].count == 1
    zh = [c for c in clusters if "披萨" in c.label]
    assert len(zh) == 1 and zh[0].count == 2
    assert sum(c.count for c in clusters) == len(items)
    scored = analytics.cluster_texts(
        [("too slow", "en"), ("way too slow!", "en"), ("great help", "en")], scores=[1, 2, 5]
    )
    assert (scored[0].label, scored[0].count, scored[0].average_score) == ("too slow", 2, 1.5)


def test_charts_escape_labels_and_mirror_in_rtl() -> None:
    hostile = '<script>alert(1)</script>"'
    svg = analytics.bar_chart_svg([(hostile, 3.0), ("b", 1.0)], title="t<i>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "t&lt;i&gt;" in svg
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    rtl = analytics.bar_chart_svg([("تجربة", 2.0)], title="x", rtl=True, width=500)
    assert 'direction="rtl"' in rtl and '<text x="496" y="21"' in rtl, "label at the right"
    days = analytics.parse_period("2025-03-01", "2025-03-03", NOW)
    report = analytics.Report(days)
    report.daily = [(days.first_day, 4, 1)]
    daily = analytics.daily_chart_svg(report.daily, title="d", labels=("a", "<b>"))
    assert "&lt;b&gt;" in daily and "2025-03-01: 4 / 1" in daily


def test_csv_cells_never_start_a_formula() -> None:
    report = analytics.Report(analytics.parse_period(None, None, NOW))
    report.unanswered = [analytics.Cluster('=HYPERLINK("http://evil.example","x")', 2, ())]
    report.feedback = [analytics.Cluster("+1 great", 1, (), 5.0), analytics.Cluster("-", 1, ())]
    rows = list(csv.reader(io.StringIO(analytics.report_csv(report))))
    assert rows[0] == ["section", "key", "metric", "value"]
    keys = [row[1] for row in rows if row[0] in ("unanswered", "feedback")]
    assert keys[0] == '\'=HYPERLINK("http://evil.example","x")'
    assert "'+1 great" in keys and "'-" in keys
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# ---- from real conversations -------------------------------------------------------------
@pytest.fixture
def busy_desk(client: TestClient) -> TestClient:
    team(client, "Support", ["en", "zh", "es", "ar"], [])
    agent(client, "ana@desk.example", "Support", ["en"])
    agent(client, "sam@desk.example", "Support", ["en"], role="supervisor")
    for question in ("what is gas", "how do I back up my recovery phrase?"):
        cid, auth = start(client)
        send(client, cid, auth, question)
    for question in ("can I pay for pizza with dogecoin at the mall", "pay pizza with dogecoin?"):
        cid, auth = start(client)
        send(client, cid, auth, question)
    start(client)  # opened, never wrote: not engaged
    for score, comment in ((2, "too slow, I waited an hour"), (5, "quick and helpful")):
        cid, auth = hand_off(client, "my transfer is stuck")
        as_agent(client, "ana@desk.example")
        reply = client.post(
            f"/console/c/{cid}/reply",
            json={"text": "Hello, I am looking at your transfer now."},
            headers={"x-csrf-token": csrf(client, cid)},
        )
        assert reply.status_code == 201, reply.text
        assert post_form(client, cid, "status", action="solve").status_code == 303
        rated = client.post(
            f"/api/v1/conversations/{cid}/csat",
            headers=auth,
            json={"score": score, "comment": comment},
        )
        assert rated.status_code == 201, rated.text
    cid, auth = start(client)
    send(client, cid, auth, PHRASE)
    client.cookies.clear()
    return client


def csrf(client: TestClient, cid: str) -> str:
    from tests.api.test_console import csrf_of

    return csrf_of(client, f"/console/c/{cid}")


def report_of(client: TestClient) -> analytics.Report:
    services = client.app.state.services  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    period = analytics.parse_period(None, None, now)
    return client.portal.call(analytics.build_report, services.db, period, now)  # type: ignore[union-attr]


def test_report_counts_what_happened(busy_desk: TestClient) -> None:
    report = report_of(busy_desk)
    assert report.conversations == 8 and report.engaged == 7
    assert report.handed_off == 3, "two asked for a human, one pasted a secret"
    assert report.bot_resolved == 4
    assert report.deflection_rate == pytest.approx(4 / 7)
    assert report.handoff_rate == pytest.approx(3 / 7)
    assert report.tickets == 3 and report.by_channel == {"web": 8}
    assert report.first_response.count == 2 and report.first_response.within_target == 2
    assert report.first_response.target_share == 1.0
    assert report.resolution.count == 2 and report.resolution.median_minutes is not None
    assert report.csat is not None and report.csat.ratings == 2 and report.csat.average == 3.5
    assert [(r.key, r.ratings, r.satisfied) for r in report.csat_by_team] == [("Support", 2, 0.5)]
    assert [r.key for r in report.csat_by_language] == ["en"]
    intents = dict(report.top_intents)
    assert intents["fees.gas"] == 1 and intents["wallet.backup"] >= 1
    assert "out_of_scope" not in intents
    assert report.unanswered_total == 2
    assert report.unanswered[0].count == 2 and "dogecoin" in report.unanswered[0].label
    assert {c.label for c in report.feedback} == {"too slow, I waited an hour", "quick and helpful"}
    assert report.secrets_redacted == 1 and report.secret_conversations == 1
    assert sum(handoffs for _, _, handoffs in report.daily) == 3
    assert report.daily[-1][1] == 8, "every conversation today"
    assert "sausage" not in str(report)


def test_console_page_is_for_supervisors_with_charts_and_rtl(busy_desk: TestClient) -> None:
    client = busy_desk
    assert client.get("/console/analytics").status_code == 401
    as_agent(client, "ana@desk.example")
    assert client.get("/console/analytics").status_code == 403
    assert client.get("/console/analytics.csv").status_code == 403
    as_agent(client, "sam@desk.example")
    page = client.get("/console/analytics")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 3, "daily, intents and CSAT charts"
    assert 'id="a-unanswered"' in page.text and "pay pizza with dogecoin?" in page.text
    assert "<script>" not in page.text.split("<main", 1)[1].split("</main>")[0]
    arabic = client.get("/console/analytics?lang=ar")
    assert '<html lang="ar" dir="rtl">' in arabic.text and "التحليلات" in arabic.text
    assert client.cookies.get("wd_lang") == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get("/console").text, "the choice sticks"
    for query, reason in [
        ("?from=2025-02-01&to=2025-01-01", "ends before it starts"),
        ("?from=2020-01-01&to=2025-01-01", "at most 366 days"),
        ("?from=yesterday", ""),
        ("?from=2025-02-30", "from must be a date"),
    ]:
        response = client.get(f"/console/analytics{query}")
        assert response.status_code == 422 and reason in response.text, (query, response.text)


def test_csv_export_is_audited(busy_desk: TestClient) -> None:
    client = busy_desk
    as_agent(client, "sam@desk.example")
    today = datetime.now(UTC).date().isoformat()
    response = client.get(f"/console/analytics.csv?from={today}&to={today}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    facts = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert facts[("summary", "", "conversations")] == "8"
    assert facts[("summary", "", "handoff_rate")] == f"{3 / 7:.4f}"
    assert facts[("csat_team", "Support", "ratings")] == "2"
    assert facts[("safety", "", "secrets_redacted")] == "1"
    events = stored(client, AuditEvent, action="analytics.exported")
    assert len(events) == 1 and events[0].data["from"] == today
