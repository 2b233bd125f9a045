"""The relationship timeline: one stream of what happened with a supplier.

Every app adds its own entries by registering a `TimelineSource` (see `core.registry`); the
suppliers app contributes the status moves. The page merges the sources newest first and
lets people filter by source and by period. Each source runs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from partnerbook.core import registry
from partnerbook.core.registry import TimelineEntry

from .domain import STATUS_LABELS, Status

PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}
DEFAULT_PERIOD = "365"

# Words the apps put on timeline entries as badges (each also a CSS class, so the entry keeps
# the English word and the page translates it with `{% translate e.badge %}`).
BADGE_WORDS = (
    gettext_noop("deposit"),
    gettext_noop("withdrawal"),
    gettext_noop("resolved"),
    gettext_noop("escalation"),
    gettext_noop("de-escalation"),
    gettext_noop("started"),
    gettext_noop("ended"),
    gettext_noop("agreement"),
    gettext_noop("done"),
    gettext_noop("started by us"),
    gettext_noop("started by them"),
    gettext_noop("minor"),
    gettext_noop("major"),
    gettext_noop("critical"),
    gettext_noop("info"),
    gettext_noop("warning"),
    gettext_noop("open"),
    gettext_noop("acknowledged"),
    gettext_noop("dismissed"),
    gettext_noop("prospect"),
    gettext_noop("vetting"),
    gettext_noop("pilot"),
    gettext_noop("active"),
    gettext_noop("reserve"),
    gettext_noop("phasing_out"),
    gettext_noop("exited"),
    gettext_noop("archived"),
    gettext_noop("new"),
    gettext_noop("pending"),
    gettext_noop("accepted"),
    gettext_noop("declined"),
    gettext_noop("paid"),
    gettext_noop("none"),
)


@dataclass
class Timeline:
    entries: list[TimelineEntry]
    sources: list[tuple[str, registry.Label, bool]]  # (key, label, shown)
    period: str
    periods: list[tuple[str, str]]
    truncated: bool


def timeline_for(user: Any, supplier: Any, query: Any, limit: int) -> Timeline:
    """The supplier's timeline as `query` (?kind=...&period=...) filters it; at most `limit`
    entries, newest first."""
    sources = registry.timeline_sources()
    known = {s.key for s in sources}
    wanted = {k for k in query.getlist("kind") if k in known} or known
    period = query.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    days = PERIODS[period]
    since: datetime | None = timezone.now() - timedelta(days=days) if days else None
    entries: list[TimelineEntry] = []
    for source in sources:
        if source.key in wanted:
            entries.extend(source.entries(user, supplier, since, limit + 1))
    if since is not None:
        # The period holds for every source, whole days included: a source may return a
        # record for what happened inside the period (an alert handled today) together with
        # an older entry of the same record (the day that alert was raised).
        first_day = registry.start_of(timezone.localtime(since).date())
        entries = [e for e in entries if e.when >= first_day]
    labels = {s.key: s.label for s in sources}
    for entry in entries:
        entry.source = labels.get(entry.kind, entry.kind)
    entries.sort(key=lambda e: e.when, reverse=True)
    return Timeline(
        entries=entries[:limit],
        sources=[(s.key, s.label, s.key in wanted) for s in sources],
        period=period,
        periods=[
            ("30", gettext("30 days")),
            ("90", gettext("90 days")),
            ("365", gettext("12 months")),
            ("all", gettext("all")),
        ],  # fmt: skip
        truncated=len(entries) > limit,
    )


def status_moves(
    user: Any, supplier: Any, since: datetime | None, limit: int
) -> list[TimelineEntry]:
    """Registration and each status move, from the supplier's audit history (one query)."""
    records = supplier.history.select_related("history_user").order_by("history_date", "history_id")
    entries: list[TimelineEntry] = []
    previous: str | None = None
    for record in records:
        if record.status != previous:
            label = gettext(STATUS_LABELS.get(Status(record.status), record.status))
            title = (
                gettext("Registered as %(status)s") % {"status": label}
                if previous is None
                else gettext("Status moved to %(status)s") % {"status": label}
            )
            user_obj = record.history_user
            entries.append(
                TimelineEntry(
                    when=record.history_date,
                    kind="status",
                    title=title,
                    detail=record.history_change_reason or "",
                    who=user_obj.display_name if user_obj else gettext("system"),
                    badge=record.status,
                )
            )
        previous = record.status
    entries = [e for e in entries if since is None or e.when >= since]
    return entries[::-1][:limit]


def register() -> None:
    registry.register_timeline(
        registry.TimelineSource(
            key="status", label=_("Status moves"), entries=status_moves, order=10
        )
    )
