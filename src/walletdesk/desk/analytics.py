"""Analytics for supervisors: how the desk did over a date range, what customers ask that
the knowledge base does not answer, and what they say about the service.

Figures (all for the conversations, tickets and ratings inside ``[start, end)``, UTC):

- conversations, and the *engaged* ones (the customer wrote at least once);
- bot resolution (deflection) rate: engaged conversations that never reached a human
  (no ticket, no intake); handoff rate: the others;
- first response and resolution times (median, 90th percentile) and the share within the
  SLA target each ticket had; tickets still unanswered past their target count as missed;
- CSAT by team and by language (ratings given in the range);
- top intents of the bot's answers; unanswered questions (the customer messages the bot
  answered as out of scope), grouped by fuzzy token similarity so that one row stands for
  one missing article; feedback topics grouped the same way from CSAT comments;
- pasted secrets (messages redacted), conversations with scam signals by kind, and agent
  replies the outgoing guard blocked.

Charts are inline SVG built here, on the server: no JavaScript library, every label
escaped. Texts shown are the stored ones, which were redacted before storage.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from walletdesk.desk.sla import aware
from walletdesk.language.tokens import tokenize
from walletdesk.store.db import Database
from walletdesk.store.models import AuditEvent, Conversation, Message, Team, Ticket

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "Cluster",
    "CsatRow",
    "Period",
    "Report",
    "TimeStats",
    "bar_chart_svg",
    "build_report",
    "cluster_texts",
    "daily_chart_svg",
    "parse_period",
    "report_csv",
]

DEFAULT_DAYS = 30
MAX_DAYS = 366
MAX_TEXTS = 2000  # newest unanswered questions / comments read for clustering
CLUSTER_SIMILARITY = 70  # rapidfuzz token_set_ratio, 0-100
MAX_TEXT_CHARS = 300
HANDED_OFF = frozenset({"intake", "handoff"})


# ---- the period ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Period:
    start: datetime  # inclusive, midnight UTC
    end: datetime  # exclusive, midnight UTC

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _day(value: str | None, name: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"{name} must be a date like 2025-01-31") from None


def parse_period(start: str | None, end: str | None, now: datetime) -> Period:
    """From/to dates (``YYYY-MM-DD``, both included); by default the last 30 days.

    Raises ``ValueError`` with the reason for a malformed date, a range that ends before
    it starts or one longer than :data:`MAX_DAYS` days."""
    last = _day(end, "to") or now.astimezone(UTC).date()
    first = _day(start, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise ValueError("the range ends before it starts")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValueError(f"the range is at most {MAX_DAYS} days")
    return Period(
        datetime.combine(first, time.min, tzinfo=UTC),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC),
    )


# ---- the report ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TimeStats:
    count: int  # tickets measured (answered / solved)
    median_minutes: float | None
    p90_minutes: float | None
    within_target: int  # of ``count`` plus ``missed_open``, how many met the SLA
    missed_open: int = 0  # not answered yet and already past the target

    @property
    def target_share(self) -> float | None:
        total = self.count + self.missed_open
        return self.within_target / total if total else None


@dataclass(frozen=True, slots=True)
class CsatRow:
    key: str
    ratings: int
    average: float
    satisfied: float  # share of 4s and 5s


@dataclass(frozen=True, slots=True)
class Cluster:
    label: str  # the most common wording in the group
    count: int
    examples: tuple[str, ...]  # other wordings, up to three
    average_score: float | None = None  # feedback topics: mean CSAT of the group


@dataclass(slots=True)
class Report:
    period: Period
    conversations: int = 0
    engaged: int = 0
    bot_resolved: int = 0
    handed_off: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    tickets: int = 0
    first_response: TimeStats = TimeStats(0, None, None, 0)
    resolution: TimeStats = TimeStats(0, None, None, 0)
    csat: CsatRow | None = None
    csat_by_team: list[CsatRow] = field(default_factory=list)
    csat_by_language: list[CsatRow] = field(default_factory=list)
    top_intents: list[tuple[str, int]] = field(default_factory=list)
    unanswered: list[Cluster] = field(default_factory=list)
    unanswered_total: int = 0
    feedback: list[Cluster] = field(default_factory=list)
    secrets_redacted: int = 0
    secret_conversations: int = 0
    scam_conversations: int = 0
    scam_kinds: list[tuple[str, int]] = field(default_factory=list)
    replies_blocked: int = 0
    daily: list[tuple[date, int, int]] = field(default_factory=list)  # day, conv., handoffs

    @property
    def deflection_rate(self) -> float | None:
        return self.bot_resolved / self.engaged if self.engaged else None

    @property
    def handoff_rate(self) -> float | None:
        return self.handed_off / self.engaged if self.engaged else None


def _minutes(start: datetime, end: datetime) -> float:
    return max(0.0, (aware(end) - aware(start)).total_seconds() / 60)


def _percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _time_stats(pairs: Iterable[tuple[float, bool]], missed_open: int = 0) -> TimeStats:
    measured = list(pairs)
    minutes = [m for m, _ in measured]
    return TimeStats(
        count=len(measured),
        median_minutes=statistics.median(minutes) if minutes else None,
        p90_minutes=_percentile(minutes, 0.9),
        within_target=sum(1 for _, ok in measured if ok),
        missed_open=missed_open,
    )


def _csat_rows(scores: dict[str, list[int]]) -> list[CsatRow]:
    rows = [
        CsatRow(
            key=key,
            ratings=len(values),
            average=sum(values) / len(values),
            satisfied=sum(1 for v in values if v >= 4) / len(values),
        )
        for key, values in scores.items()
        if values
    ]
    return sorted(rows, key=lambda r: (-r.ratings, r.key))


# ---- clustering ----------------------------------------------------------------------------
def _key(text: str, language: str) -> str:
    tokens = sorted(set(tokenize(text[:MAX_TEXT_CHARS], language)))
    return " ".join(tokens) if tokens else " ".join(text.casefold().split())


def cluster_texts(
    items: Sequence[tuple[str, str]],
    *,
    scores: Sequence[int] | None = None,
    similarity: int = CLUSTER_SIMILARITY,
    limit: int = 10,
) -> list[Cluster]:
    """Group ``(text, language)`` items that say the same thing in other words.

    Each text is reduced to its set of search tokens (stemmed, stopwords dropped, jieba
    words for Chinese), then joins the first group whose leading text scores at least
    ``similarity`` with rapidfuzz's ``token_set_ratio``, else starts a group. Frequent
    wordings lead. Returns the ``limit`` biggest groups."""
    keys = [_key(text, lang) for text, lang in items]
    frequency = Counter(keys)
    order = sorted(
        (i for i, k in enumerate(keys) if k), key=lambda i: (-frequency[keys[i]], len(keys[i]), i)
    )
    leaders: list[str] = []
    members: list[list[int]] = []
    for i in order:
        found = process.extractOne(
            keys[i], leaders, scorer=fuzz.token_set_ratio, score_cutoff=similarity
        )
        if found is not None:
            members[found[2]].append(i)
        else:
            leaders.append(keys[i])
            members.append([i])
    clusters: list[Cluster] = []
    for group in sorted(members, key=lambda g: (-len(g), g[0]))[:limit]:
        wordings = Counter(" ".join(items[i][0].split())[:MAX_TEXT_CHARS] for i in group)
        ranked = [text for text, _ in wordings.most_common()]
        average = None
        if scores is not None:
            average = sum(scores[i] for i in group) / len(group)
        clusters.append(Cluster(ranked[0], len(group), tuple(ranked[1:4]), average))
    return clusters


# ---- building it ---------------------------------------------------------------------------
async def build_report(db: Database, period: Period, now: datetime) -> Report:
    """Every figure of the page for ``period``; reads only (a snapshot, no lock)."""
    report = Report(period)
    start, end = period.start, period.end
    in_range = (Conversation.created_at >= start, Conversation.created_at < end)
    async with db.read_session() as session:
        conversations = (
            await session.execute(
                select(
                    Conversation.id,
                    Conversation.created_at,
                    Conversation.status,
                    Conversation.channel,
                    Conversation.risk_flags,
                ).where(*in_range)
            )
        ).all()
        engaged = set(
            (
                await session.execute(
                    select(Message.conversation_id)
                    .join(Conversation, Conversation.id == Message.conversation_id)
                    .where(*in_range, Message.sender == "customer")
                    .distinct()
                )
            ).scalars()
        )
        with_ticket = set(
            (
                await session.execute(
                    select(Ticket.conversation_id)
                    .join(Conversation, Conversation.id == Ticket.conversation_id)
                    .where(*in_range)
                    .distinct()
                )
            ).scalars()
        )
        # plain columns, not entities: no JSON (facts, tags) decoded for thousands of rows
        ticket_rows = (
            await session.execute(
                select(
                    Ticket.created_at,
                    Ticket.first_response_at,
                    Ticket.due_first_response,
                    Ticket.solved_at,
                    Ticket.due_resolution,
                ).where(
                    Ticket.created_at >= start,
                    Ticket.created_at < end,
                    Ticket.merged_into.is_(None),
                )
            )
        ).all()
        rated = (
            await session.execute(
                select(
                    Ticket.csat_score, Ticket.csat_comment, Ticket.team_id, Ticket.language
                ).where(
                    Ticket.csat_at >= start,
                    Ticket.csat_at < end,
                    Ticket.csat_score.is_not(None),
                )
            )
        ).all()
        teams = {t.id: t.name for t in (await session.execute(select(Team))).scalars()}
        intent = Message.meta["intent"].as_string()
        intents = (
            await session.execute(
                select(intent, func.count())
                .where(
                    Message.sender == "bot",
                    Message.created_at >= start,
                    Message.created_at < end,
                    intent.is_not(None),
                )
                .group_by(intent)
            )
        ).all()
        question, answer = aliased(Message), aliased(Message)
        unanswered = (
            await session.execute(
                select(question.text, Conversation.language)
                .join(
                    answer,
                    (answer.conversation_id == question.conversation_id)
                    & (answer.seq == question.seq + 1),
                )
                .join(Conversation, Conversation.id == question.conversation_id)
                .where(
                    question.sender == "customer",
                    answer.sender == "bot",
                    answer.meta["intent"].as_string() == "out_of_scope",
                    question.created_at >= start,
                    question.created_at < end,
                )
                .order_by(question.created_at.desc())
                .limit(MAX_TEXTS)
            )
        ).all()
        audit_counts = dict(
            (
                await session.execute(
                    select(AuditEvent.action, func.count())
                    .where(
                        AuditEvent.at >= start,
                        AuditEvent.at < end,
                        AuditEvent.action.in_(("secret.redacted", "message.blocked")),
                    )
                    .group_by(AuditEvent.action)
                )
            ).all()
        )

    # conversations, deflection, handoff, channels, safety flags, days
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    scam_kinds: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for cid, created, status, channel, flags in conversations:
        report.conversations += 1
        channels[channel] += 1
        per_day[aware(created).date()][0] += 1
        handed = cid in with_ticket or status in HANDED_OFF
        if cid in engaged:
            report.engaged += 1
            if handed:
                report.handed_off += 1
            else:
                report.bot_resolved += 1
        flags = list(flags or [])
        if "secret_pasted" in flags:
            report.secret_conversations += 1
        scams = sorted({f.removeprefix("scam_") for f in flags if f.startswith("scam_")})
        if scams:
            report.scam_conversations += 1
            scam_kinds.update(scams)
    report.by_channel = dict(channels.most_common())
    report.scam_kinds = scam_kinds.most_common()

    # tickets: first response and resolution against each ticket's own SLA target
    report.tickets = len(ticket_rows)
    first: list[tuple[float, bool]] = []
    resolved: list[tuple[float, bool]] = []
    missed_first = 0
    for ticket in ticket_rows:
        per_day[aware(ticket.created_at).date()][1] += 1
        if ticket.first_response_at is not None:
            due = ticket.due_first_response
            ok = due is None or aware(ticket.first_response_at) <= aware(due)
            first.append((_minutes(ticket.created_at, ticket.first_response_at), ok))
        elif ticket.due_first_response is not None and aware(ticket.due_first_response) < now:
            missed_first += 1
        if ticket.solved_at is not None:
            due = ticket.due_resolution
            ok = due is None or aware(ticket.solved_at) <= aware(due)
            resolved.append((_minutes(ticket.created_at, ticket.solved_at), ok))
    report.first_response = _time_stats(first, missed_first)
    report.resolution = _time_stats(resolved)

    # satisfaction
    scores = [int(t.csat_score) for t in rated if t.csat_score is not None]
    if scores:
        report.csat = _csat_rows({"all": scores})[0]
    by_team: dict[str, list[int]] = defaultdict(list)
    by_language: dict[str, list[int]] = defaultdict(list)
    comments: list[tuple[str, str]] = []
    comment_scores: list[int] = []
    for rating in rated:
        score = int(rating.csat_score or 0)
        by_team[teams.get(rating.team_id or "", "—")].append(score)
        by_language[rating.language].append(score)
        if rating.csat_comment and rating.csat_comment.strip() and len(comments) < MAX_TEXTS:
            comments.append((rating.csat_comment, rating.language))
            comment_scores.append(score)
    report.csat_by_team = _csat_rows(by_team)
    report.csat_by_language = _csat_rows(by_language)
    report.feedback = cluster_texts(comments, scores=comment_scores)

    # what customers ask, and what found no answer
    report.top_intents = sorted(
        ((str(name), int(count)) for name, count in intents if name and name != "out_of_scope"),
        key=lambda pair: (-pair[1], pair[0]),
    )[:15]
    report.unanswered_total = len(unanswered)
    report.unanswered = cluster_texts([(str(t), str(lang)) for t, lang in unanswered], limit=15)

    report.secrets_redacted = int(audit_counts.get("secret.redacted", 0))
    report.replies_blocked = int(audit_counts.get("message.blocked", 0))
    for n in range(period.days):
        day = period.first_day + timedelta(days=n)
        counts = per_day.get(day, [0, 0])
        report.daily.append((day, counts[0], counts[1]))
    return report


# ---- CSV -----------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Spreadsheets run a cell that starts with = + - @ as a formula: customer words
    become inert text (prefixed with ')."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def report_rows(report: Report) -> list[tuple[str, str, str, object]]:
    """``(section, key, metric, value)`` rows: the CSV export, one fact per row."""
    p = report.period
    rows: list[tuple[str, str, str, object]] = [
        ("period", "", "from", p.first_day.isoformat()),
        ("period", "", "to", p.last_day.isoformat()),
        ("summary", "", "conversations", report.conversations),
        ("summary", "", "engaged", report.engaged),
        ("summary", "", "bot_resolved", report.bot_resolved),
        ("summary", "", "handed_off", report.handed_off),
        ("summary", "", "deflection_rate", _rate(report.deflection_rate)),
        ("summary", "", "handoff_rate", _rate(report.handoff_rate)),
        ("summary", "", "tickets", report.tickets),
    ]
    rows += [("channel", name, "conversations", n) for name, n in report.by_channel.items()]
    for name, stats in (
        ("first_response", report.first_response),
        ("resolution", report.resolution),
    ):
        rows += [
            (name, "", "measured", stats.count),
            (name, "", "median_minutes", _num(stats.median_minutes)),
            (name, "", "p90_minutes", _num(stats.p90_minutes)),
            (name, "", "within_sla", stats.within_target),
            (name, "", "missed_unanswered", stats.missed_open),
            (name, "", "within_sla_rate", _rate(stats.target_share)),
        ]
    csat_sets = [("csat", [report.csat] if report.csat else [])]
    csat_sets += [("csat_team", report.csat_by_team), ("csat_language", report.csat_by_language)]
    for section, csat_rows in csat_sets:
        for row in csat_rows:
            rows += [
                (section, row.key, "ratings", row.ratings),
                (section, row.key, "average", f"{row.average:.2f}"),
                (section, row.key, "satisfied_rate", _rate(row.satisfied)),
            ]
    rows += [("intent", name, "answers", n) for name, n in report.top_intents]
    for cluster in report.unanswered:
        rows.append(("unanswered", cluster.label, "count", cluster.count))
    for cluster in report.feedback:
        rows.append(("feedback", cluster.label, "count", cluster.count))
        rows.append(("feedback", cluster.label, "average", _num(cluster.average_score)))
    rows += [
        ("safety", "", "secrets_redacted", report.secrets_redacted),
        ("safety", "", "conversations_with_secret", report.secret_conversations),
        ("safety", "", "conversations_with_scam_signals", report.scam_conversations),
        ("safety", "", "replies_blocked_by_guard", report.replies_blocked),
    ]
    rows += [("scam", kind, "conversations", n) for kind, n in report.scam_kinds]
    rows += [
        ("daily", day.isoformat(), metric, value)
        for day, conversations, handoffs in report.daily
        for metric, value in (("conversations", conversations), ("handoffs", handoffs))
    ]
    return rows


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("section", "key", "metric", "value"))
    for row in report_rows(report):
        writer.writerow([_cell(cell) for cell in row])
    return out.getvalue()


# ---- charts (inline SVG, server-side) --------------------------------------------------------
_BAR = "#1b5cff"
_SECOND = "#f5b301"
_INK = "#16202a"
_MUTED = "#5b6775"


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def bar_chart_svg(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    rtl: bool = False,
    width: int = 560,
    label_width: int = 200,
    max_value: float | None = None,
) -> str:
    """Horizontal bars, one per ``(label, value)``; mirrored (labels on the right) in RTL."""
    bar_h, gap, top = 18, 6, 8
    height = top + len(rows) * (bar_h + gap) + 4
    peak = max_value or max((v for _, v in rows), default=0) or 1
    span = width - label_width - 50
    # the root's direction decides what text-anchor="start" means: the right edge in RTL
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" direction="{"rtl" if rtl else "ltr"}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for n, (label, value) in enumerate(rows):
        y = top + n * (bar_h + gap)
        length = max(1.0, span * min(value, peak) / peak) if value > 0 else 0.0
        text = escape(label if len(label) <= 34 else label[:33] + "…")
        if rtl:
            bar_x = width - label_width - length
            parts.append(
                f'<text x="{width - 4}" y="{y + 13}" font-size="12" fill="{_INK}">{text}</text>'
            )
            parts.append(
                f'<rect x="{bar_x:.1f}" y="{y}" width="{length:.1f}" height="{bar_h}" '
                f'rx="3" fill="{_BAR}"/>'
            )
            parts.append(
                f'<text x="{bar_x - 4:.1f}" y="{y + 13}" font-size="12" fill="{_MUTED}">'
                f"{_fmt(value)}</text>"
            )
        else:
            parts.append(f'<text x="4" y="{y + 13}" font-size="12" fill="{_INK}">{text}</text>')
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_h}" '
                f'rx="3" fill="{_BAR}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + 13}" font-size="12" '
                f'fill="{_MUTED}">{_fmt(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def daily_chart_svg(
    days: Sequence[tuple[date, int, int]],
    *,
    title: str,
    labels: tuple[str, str],
    width: int = 720,
    height: int = 200,
) -> str:
    """Columns per day: conversations, with the handed-off part in a second colour. Time
    runs left to right in every language (as on a calendar axis)."""
    left, bottom, top = 36, 22, 22
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max((c for _, c, _ in days), default=0) or 1
    step = plot_w / max(1, len(days))
    bar_w = max(1.0, step * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" direction="ltr" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left}" y="4" width="10" height="10" fill="{_BAR}"/>'
        f'<text x="{left + 14}" y="13" font-size="11" fill="{_INK}">{escape(labels[0])}</text>'
        f'<rect x="{left + 180}" y="4" width="10" height="10" fill="{_SECOND}"/>'
        f'<text x="{left + 194}" y="13" font-size="11" fill="{_INK}">{escape(labels[1])}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" '
        f'stroke="{_MUTED}" stroke-width="1"/>',
        f'<text x="{left - 4}" y="{top + 10}" font-size="11" fill="{_MUTED}" '
        f'text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="11" fill="{_MUTED}" '
        f'text-anchor="end">0</text>',
    ]
    label_every = max(1, len(days) // 8)
    for n, (day, conversations, handoffs) in enumerate(days):
        x = left + n * step + (step - bar_w) / 2
        h_all = plot_h * conversations / peak
        h_hand = plot_h * min(handoffs, conversations or handoffs) / peak
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h_all:.1f}" width="{bar_w:.1f}" '
            f'height="{h_all:.1f}" fill="{_BAR}"><title>{day.isoformat()}: '
            f"{conversations} / {handoffs}</title></rect>"
        )
        if h_hand:
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h_hand:.1f}" width="{bar_w:.1f}" '
                f'height="{h_hand:.1f}" fill="{_SECOND}"/>'
            )
        if n % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 6}" font-size="10" fill="{_MUTED}" '
                f'text-anchor="middle">{day.strftime("%m-%d")}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def chart_rows(report: Report) -> dict[str, Any]:
    """The series the console page draws (kept here so the page stays a template)."""
    return {
        "intents": [(name, float(n)) for name, n in report.top_intents[:10]],
        "csat_team": [(row.key, row.average) for row in report.csat_by_team[:10]],
        "csat_language": [(row.key, row.average) for row in report.csat_by_language],
    }
