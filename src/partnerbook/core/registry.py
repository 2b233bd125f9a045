"""How a feature app adds itself to the supplier pages.

The supplier page, the supplier list, the relationship timeline, the alerts inbox and the
import page gather pieces from many apps. Each app registers its own pieces in its
`AppConfig.ready()`; `suppliers` and `core` render whatever is registered and import no
feature app, so the arrows between apps run one way (features → suppliers → core).
Modelled on `admin.site.register`: explicit calls, one place to look.

    from partnerbook.core import registry
    registry.register_tab(registry.SupplierTab(key="relationship", label="Relationship",
                                               url_name="relationship:supplier", action=...))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Label
else:
    # A text people read: a plain string, or a lazy translation (gettext_lazy) that comes
    # out in the reader's language when shown. The API turns it into English with str().
    Label = str


@dataclass(frozen=True)
class SupplierTab:
    """A tab on the supplier page. `url_name` takes the supplier's pk as its one argument;
    the tab shows to users allowed `action` (checked through the policy)."""

    key: str
    label: Label
    url_name: str
    action: str
    order: int = 100


@dataclass(frozen=True)
class OverviewCard:
    """A card on the supplier's overview tab: `template` is rendered with what
    `context(user, supplier)` returns (None: the card is left out)."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    action: str
    order: int = 100


@dataclass(frozen=True)
class ListColumn:
    """A column of the supplier list. `fill(suppliers)` returns {supplier pk: value} for a
    whole page in a fixed number of queries; `template` renders one cell with `value` and
    `supplier` in its context."""

    key: str
    label: Label
    fill: Callable[[list[Any]], dict[int, Any]]
    template: str
    title: Label = ""
    order: int = 100


@dataclass
class TimelineEntry:
    """One line of the relationship timeline."""

    when: datetime
    kind: str  # the registered source's key
    title: str
    detail: str = ""
    who: str = ""
    url: str = ""
    badge: str = ""  # a short label or tone, e.g. "deposit", "red"
    tags: list[str] = field(default_factory=list)  # e.g. an interaction's signal tags
    source: Label = ""  # the source's label, filled in by the timeline


@dataclass(frozen=True)
class TimelineSource:
    """Entries for the timeline: `entries(user, supplier, since, limit)` returns at most
    `limit` entries newer than `since` (None: no lower bound), newest first, in a fixed
    number of queries."""

    key: str
    label: Label
    entries: Callable[[Any, Any, datetime | None, int], list[TimelineEntry]]
    order: int = 100


@dataclass(frozen=True)
class AlertKind:
    """A kind of early warning that an app raises into the shared alerts inbox."""

    key: str
    label: Label
    description: Label


@dataclass(frozen=True)
class ImportColumn:
    """What one column of an import file means, for the downloadable Excel template
    (`core.import_templates`). `choices` lists the values the column takes, or is a function
    returning the current ones (e.g. category names, read when the template is made);
    `example` is the column's value in the template's example row; `format` is one of
    "text", "date", "month", "datetime", "integer", "decimal" and sets the cell format."""

    name: str
    description: Label
    required: bool = False
    example: str = ""
    choices: tuple[str, ...] | Callable[[], Sequence[str]] | None = None
    format: str = "text"


@dataclass(frozen=True)
class ImportKind:
    """A kind of file the import page and `partnerbook import KIND FILE` accept.

    `run(actor, source, filename, valid_only=, dry_run=, progress=)` returns an
    `ImportResult` (see `suppliers.imports.run_import`, which every import uses)."""

    key: str
    label: Label
    run: Callable[..., Any]
    columns: Sequence[str]
    help_template: str = ""  # explains the file's columns on the import page
    action: str = "supplier.import"
    order: int = 100
    # What each column means (by `ImportColumn.name`), for the Excel template; a column
    # without an entry still gets a header and a generic note.
    column_help: tuple[ImportColumn, ...] = ()

    def column_info(self, name: str) -> ImportColumn | None:
        return next((c for c in self.column_help if c.name == name), None)


@dataclass(frozen=True)
class NavItem:
    """A link in the top bar for users allowed `action`; `badge(user)` may return a count
    to show beside it (one query at most). Items with the same `group` share one menu in the
    bar, placed where its lowest-ordered item would be."""

    key: str
    label: Label
    url_name: str
    action: str
    badge: Callable[[Any], int | None] | None = None
    order: int = 100
    group: str = ""


# The menus of the top bar (`NavItem.group`), translated where the bar is drawn.
NAV_PORTFOLIO = gettext_noop("Portfolio")
NAV_RELATIONSHIPS = gettext_noop("Relationships")


@dataclass(frozen=True)
class ScheduledJob:
    """A background task (django-tasks) that runs every day at `hour`:`minute` local time.
    `partnerbook worker` makes sure one run is always queued; each run queues the next."""

    key: str
    task: Any  # a django_tasks Task taking no arguments
    hour: int = 2
    minute: int = 0
    description: str = ""


@dataclass(frozen=True)
class HealthDeduction:
    """Points another app takes off a supplier's relationship health, and why. With `alert`
    (an `alerts.services.AlertCandidate`), the recompute raises it with its own alerts."""

    points: int  # 0-100, subtracted from the score
    reason: str  # shown in the score's breakdown
    alert: Any = None


@dataclass(frozen=True)
class HealthFactor:
    """Something another app knows about a relationship's health (e.g. a partnership run as
    a bow-tie). `assess(supplier_ids, as_of)` returns {supplier pk: HealthDeduction} for the
    suppliers it has something to say about, in a fixed number of queries. `alert_kinds`:
    the kinds its deductions may raise (the recompute syncs them)."""

    key: str
    label: str
    assess: Callable[[list[int], date], dict[int, HealthDeduction]]
    alert_kinds: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class ResponseTargets:
    """Expected answer times agreed with suppliers (e.g. in a relationship plan's
    communication norms). `targets(supplier_ids)` returns {supplier pk: hours} for the
    suppliers that have one, in a fixed number of queries; the others use the global
    setting."""

    key: str
    targets: Callable[[list[int]], dict[int, float]]


@dataclass(frozen=True)
class PickCheck:
    """Warnings for when a supplier is picked for new work (e.g. moved to pilot or active):
    `warnings(suppliers)` returns {supplier pk: why to think twice} for the suppliers that
    have one, in a fixed number of queries. Warnings inform; they never block the move."""

    key: str
    label: Label
    warnings: Callable[[Sequence[Any]], dict[int, str]]
    order: int = 100


@dataclass(frozen=True)
class ChecklistResult:
    """Whether one checklist item holds for one supplier, and why: `evidence` names what
    was found (or what is missing), `url` where to look or fix it."""

    ok: bool
    evidence: str
    url: str = ""


def pk_urls(viewname: str, suffix: str = "") -> Callable[[int], str]:
    """`reverse(viewname, args=[pk]) + suffix` for many pks at the cost of one reverse():
    a checklist item links every supplier it answers for, and at ten thousand suppliers one
    reverse() each is most of the work. `viewname` takes the pk as its one argument."""
    from django.urls import reverse

    marker = "987654321"
    head, _, tail = (reverse(viewname, args=[int(marker)]) + suffix).partition(marker)
    return lambda pk: f"{head}{pk}{tail}"


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the decision checklist a supplier must pass before it becomes active,
    read from the data of the app that owns it. `check(supplier_ids)` returns
    {supplier pk: ChecklistResult} for every pk given, in a fixed number of queries.
    Items with `check=None` have no owning data: a person ticks them with evidence."""

    key: str
    label: str
    check: Callable[[list[int]], dict[int, ChecklistResult]] | None = None
    help: str = ""
    order: int = 100


@dataclass(frozen=True)
class StatusGuard:
    """A rule a status move must pass on every path (form, API, import, CLI, admin).

    `refusal(actor, supplier, target, override_reason)` returns None when the move may go
    ahead, else a ValidationError naming what is missing (it writes nothing, so imports can
    check a whole file first). `record(actor, supplier, target, override_reason)` is called
    inside the move's transaction once it is allowed, and returns a sentence for the audit
    line (or "")."""

    key: str
    refusal: Callable[[Any, Any, str, str], Any]
    record: Callable[[Any, Any, str, str], str]
    order: int = 100


@dataclass(frozen=True)
class PortfolioCheck:
    """Guidance another app adds to the portfolio page: `checks(supplier_ids)` returns
    `segmentation.domain.GuidanceCheck`s (code, title, detail, the suppliers behind it)
    about the portfolio's suppliers, in a fixed number of queries. Informs only."""

    key: str
    checks: Callable[[list[int]], list[Any]]
    order: int = 100


@dataclass(frozen=True)
class SignalFeed:
    """Relationship-signal events another feature records, counted as if tagged on an
    interaction (e.g. a supplier issue counts as a dispute): `events(supplier_ids or None
    for all, until)` returns (supplier id, tag, day, side) tuples up to `until`, in a fixed
    number of queries. The tags are the relationship app's signal tags."""

    key: str
    label: Label
    events: Callable[[Sequence[int] | None, date], list[tuple[int, str, date, str]]]
    order: int = 100


@dataclass(frozen=True)
class PortalCard:
    """A card on a supplier contact's portal home: `template` is rendered with what
    `context(user)` returns for the signed-in portal user (None: the card is left out). The
    context must come from the app's portal-safe queries and schemas only (no internal
    scores or notes), in a fixed number of queries."""

    key: str
    title: Label
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class EmailKind:
    """A kind of e-mail Partnerbook sends, which each person may switch off on their
    notification settings. `audience` is "internal" (our people), "portal" (suppliers'
    contacts) or "all"."""

    key: str
    label: Label
    description: Label
    audience: str = "internal"
    order: int = 100


@dataclass
class Registry:
    """Everything registered, kept in registration order and sorted by `order` on read."""

    tabs: dict[str, SupplierTab] = field(default_factory=dict)
    cards: dict[str, OverviewCard] = field(default_factory=dict)
    columns: dict[str, ListColumn] = field(default_factory=dict)
    timeline: dict[str, TimelineSource] = field(default_factory=dict)
    alert_kinds: dict[str, AlertKind] = field(default_factory=dict)
    imports: dict[str, ImportKind] = field(default_factory=dict)
    nav: dict[str, NavItem] = field(default_factory=dict)
    schedule: dict[str, ScheduledJob] = field(default_factory=dict)
    health_factors: dict[str, HealthFactor] = field(default_factory=dict)
    response_targets: dict[str, ResponseTargets] = field(default_factory=dict)
    pick_checks: dict[str, PickCheck] = field(default_factory=dict)
    checklist: dict[str, ChecklistItem] = field(default_factory=dict)
    status_guards: dict[str, StatusGuard] = field(default_factory=dict)
    portfolio_checks: dict[str, PortfolioCheck] = field(default_factory=dict)
    signal_feeds: dict[str, SignalFeed] = field(default_factory=dict)
    portal_cards: dict[str, PortalCard] = field(default_factory=dict)
    email_kinds: dict[str, EmailKind] = field(default_factory=dict)


_registry = Registry()


def _add(table: dict[str, Any], item: Any) -> None:
    existing = table.get(item.key)
    if existing is not None and existing != item:
        raise ValueError(f"{type(item).__name__} {item.key!r} is already registered")
    table[item.key] = item


def register_tab(tab: SupplierTab) -> None:
    _add(_registry.tabs, tab)


def register_card(card: OverviewCard) -> None:
    _add(_registry.cards, card)


def register_column(column: ListColumn) -> None:
    _add(_registry.columns, column)


def register_timeline(source: TimelineSource) -> None:
    _add(_registry.timeline, source)


def register_alert_kind(kind: AlertKind) -> None:
    _add(_registry.alert_kinds, kind)


def register_import(kind: ImportKind) -> None:
    _add(_registry.imports, kind)


def register_nav(item: NavItem) -> None:
    _add(_registry.nav, item)


def register_schedule(job: ScheduledJob) -> None:
    _add(_registry.schedule, job)


def register_health_factor(factor: HealthFactor) -> None:
    _add(_registry.health_factors, factor)


def register_response_targets(source: ResponseTargets) -> None:
    _add(_registry.response_targets, source)


def register_pick_check(check: PickCheck) -> None:
    _add(_registry.pick_checks, check)


def pick_warnings(suppliers: Sequence[Any]) -> dict[int, list[str]]:
    """{supplier pk: every registered warning about picking it for new work}."""
    found: dict[int, list[str]] = {}
    for check in _ordered(_registry.pick_checks):
        for pk, text in check.warnings(suppliers).items():
            found.setdefault(pk, []).append(text)
    return found


def register_checklist_item(item: ChecklistItem) -> None:
    _add(_registry.checklist, item)


def checklist_items() -> list[ChecklistItem]:
    return _ordered(_registry.checklist)


def register_status_guard(guard: StatusGuard) -> None:
    _add(_registry.status_guards, guard)


def status_guards() -> list[StatusGuard]:
    return _ordered(_registry.status_guards)


def register_portfolio_check(check: PortfolioCheck) -> None:
    _add(_registry.portfolio_checks, check)


def portfolio_checks(supplier_ids: list[int]) -> list[Any]:
    """Every registered app's guidance about these suppliers, in registration order."""
    found: list[Any] = []
    for source in _ordered(_registry.portfolio_checks):
        found.extend(source.checks(supplier_ids))
    return found


def register_signal_feed(feed: SignalFeed) -> None:
    _add(_registry.signal_feeds, feed)


def signal_feeds() -> list[SignalFeed]:
    return _ordered(_registry.signal_feeds)


def register_portal_card(card: PortalCard) -> None:
    _add(_registry.portal_cards, card)


def portal_cards() -> list[PortalCard]:
    return _ordered(_registry.portal_cards)


def register_email_kind(kind: EmailKind) -> None:
    if kind.audience not in {"internal", "portal", "all"}:
        raise ValueError(f"unknown audience {kind.audience!r} for e-mail kind {kind.key!r}")
    _add(_registry.email_kinds, kind)


def email_kinds() -> list[EmailKind]:
    return _ordered(_registry.email_kinds)


def health_factors() -> list[HealthFactor]:
    return _ordered(_registry.health_factors)


def response_target_sources() -> list[ResponseTargets]:
    return list(_registry.response_targets.values())


def scheduled_jobs() -> list[ScheduledJob]:
    return list(_registry.schedule.values())


def _ordered(table: dict[str, Any]) -> list[Any]:
    return sorted(table.values(), key=lambda item: item.order)


def tabs() -> list[SupplierTab]:
    return _ordered(_registry.tabs)


def cards() -> list[OverviewCard]:
    return _ordered(_registry.cards)


def columns() -> list[ListColumn]:
    return _ordered(_registry.columns)


def timeline_sources() -> list[TimelineSource]:
    return _ordered(_registry.timeline)


def alert_kinds() -> dict[str, AlertKind]:
    return dict(_registry.alert_kinds)


def import_kinds() -> list[ImportKind]:
    return _ordered(_registry.imports)


def nav_items() -> list[NavItem]:
    return _ordered(_registry.nav)


def import_kind(key: str) -> ImportKind | None:
    return _registry.imports.get(key)


def start_of(day: date) -> datetime:
    """A calendar day as an aware datetime (midnight in the site's time zone), for entries
    that are dated rather than timed."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min))
