"""Reviewers' scores of judgement KPIs and the mutual scorecard.

- **Several raters**: internal reviewers score a supplier's judgement KPIs (e.g.
  collaboration) 0-100 per month; the scorecard takes the median of the scores of the
  period (`services.period_inputs_for`), and the Performance tab shows it with the spread,
  each reviewer's score and who is expected to score but has not yet.
- **Mutual scorecard**: the supplier rates us 1-5 per quarter on the criteria of
  `domain.CUSTOMER_CRITERIA`; for now the relationship owner enters what the supplier said.
  It is shown beside our scorecard of the same quarter, never inside our overall score.

Every write is an audited save that checks who may make it: `performance.rate` to give a
score, `performance.edit` on the supplier to enter its ratings of us."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.suppliers.models import OwnerAssignment, Supplier

from . import domain, services
from .models import KpiDefinition, KpiRating, PartnerRating

MAX_COMMENT = 500
# Who is expected to score: anyone who scored the supplier in this many months up to the
# end of the period shown (besides its owners).
REVIEWER_WINDOW_MONTHS = 12
MUTUAL_QUARTERS = 4
MAX_QUARTERS = 20


# --- reviewers' scores ----------------------------------------------------------------------


def judgement_definitions(definitions: Iterable[KpiDefinition]) -> list[KpiDefinition]:
    """The judgement KPIs (scored by reviewers) among `definitions`."""
    return [d for d in definitions if d.kind in domain.RATED_KINDS]


def _judgement_kpi(definitions: Iterable[KpiDefinition], kpi_key: str) -> KpiDefinition:
    found = {d.key: d for d in definitions}.get(kpi_key)
    if found is None:
        message = gettext("'%(key)s' is not one of this supplier's KPIs.") % {"key": kpi_key}
        raise ValidationError({"kpi": message})
    if found.kind not in domain.RATED_KINDS:
        raise ValidationError(
            {
                "kpi": gettext("%(name)s is not scored by reviewers; only judgement KPIs are.")
                % {"name": found.name}
            }
        )
    return found


def _scored_month(period: dt.date, today: dt.date) -> dt.date:
    start = services.month_start(period)
    if start > services.month_start(today):
        raise ValidationError({"period": gettext("A month in the future cannot be scored yet.")})
    return start


def _clean_comment(comment: str, field_name: str = "comment") -> str:
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {
                field_name: gettext("At most %(limit)s characters are allowed.")
                % {"limit": MAX_COMMENT}
            }
        )
    return comment


def _check_score(score: float) -> float:
    problem = domain.rating_error(score)
    if problem:
        raise ValidationError({"score": problem})
    return float(score)


def may_score(user: Any) -> bool:
    """Whether `user` may give scores (an active internal user whose role allows it)."""
    return can(user, "performance.rate")


@transaction.atomic
def give_rating(
    actor: User,
    supplier: Supplier,
    kpi_key: str,
    period: dt.date,
    score: float,
    comment: str = "",
    expected_version: int | None = None,
) -> KpiRating:
    """Give (or correct) `actor`'s own score of one of `supplier`'s judgement KPIs for the
    month containing `period`. A KPI that is not one of the supplier's judgement KPIs, a
    month in the future, a score outside 0-100 or a stale `expected_version` is refused.
    Giving the same score and comment again changes nothing."""
    require(actor, "performance.rate")
    _judgement_kpi(services.effective_definitions(supplier), kpi_key)
    start = _scored_month(period, timezone.localdate())
    value = _check_score(score)
    comment = _clean_comment(comment)
    rating = (
        KpiRating.objects.select_for_update()
        .filter(supplier=supplier, kpi_key=kpi_key, period=start, rater=actor)
        .first()
    )
    if rating is None:
        rating = KpiRating(supplier=supplier, kpi_key=kpi_key, period=start, rater=actor)
        reason = "Score given."
    else:
        lock_for_edit(rating, expected_version, "this score")
        if rating.score == value and rating.comment == comment:
            return rating
        next_version(rating)
        reason = "Score corrected."
    rating.score = value
    rating.comment = comment
    save_audited(rating, actor, reason, validate_constraints=False)
    services.forget_scores([supplier.pk])
    return rating


@dataclass(frozen=True)
class RatingRow:
    """One reviewer's score to save in bulk (an import, the demo)."""

    supplier: Supplier
    kpi_key: str
    period: dt.date  # any day of the month scored
    rater: User
    score: float
    comment: str = ""


@dataclass
class RatingWrite:
    """What a batch of scores did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def rating_row_problems(
    row: RatingRow, definitions: Sequence[KpiDefinition], today: dt.date
) -> dict[str, str]:
    """{field: why} for one score about to be saved in bulk (kpi, period, score, comment,
    rater); empty when it may be saved."""
    problems: dict[str, str] = {}
    checks: list[tuple[str, Any]] = [
        ("kpi", lambda: _judgement_kpi(definitions, row.kpi_key)),
        ("period", lambda: _scored_month(row.period, today)),
        ("score", lambda: _check_score(row.score)),
        ("comment", lambda: _clean_comment(row.comment)),
    ]
    for name, check in checks:
        try:
            check()
        except ValidationError as exc:
            problems[name] = " ".join(exc.message_dict.get(name, exc.messages))
    if not may_score(row.rater):
        problems["rater"] = f"{row.rater.username} may not give scores (viewers cannot)."
    return problems


@transaction.atomic
def save_ratings(actor: User, rows: Sequence[RatingRow]) -> RatingWrite:
    """Create or correct reviewers' scores in bulk, keyed by supplier, KPI, month and
    reviewer; the same score and comment again changes nothing. Scores in another
    reviewer's name (an import from a review tool) need "performance.configure". One row
    breaking a rule, or the same key twice, refuses the whole batch. A fixed number of
    queries per 500 rows, history written in bulk."""
    require(actor, "performance.rate")
    if any(row.rater.pk != actor.pk for row in rows):
        require(actor, "performance.configure")
    suppliers = list({row.supplier.pk: row.supplier for row in rows}.values())
    definitions = services.effective_definitions_for(suppliers) if suppliers else {}
    today = timezone.localdate()
    keyed: dict[tuple[int, str, dt.date, int], RatingRow] = {}
    for row in rows:
        problems = rating_row_problems(row, definitions[row.supplier.pk], today)
        if problems:
            raise ValidationError(problems)
        key = (row.supplier.pk, row.kpi_key, services.month_start(row.period), row.rater.pk)
        if key in keyed:
            raise ValidationError({"period": "The same reviewer's score appears twice."})
        keyed[key] = row
    existing: dict[tuple[int, str, dt.date, int], KpiRating] = {}
    for start in range(0, len(suppliers), 500):
        chunk = {s.pk for s in suppliers[start : start + 500]}
        months = [k[2] for k in keyed if k[0] in chunk]
        found = KpiRating.objects.select_for_update().filter(
            supplier_id__in=chunk, period__gte=min(months), period__lte=max(months)
        )
        existing.update(((r.supplier_id, r.kpi_key, r.period, r.rater_id), r) for r in found)
    result = RatingWrite()
    new: list[KpiRating] = []
    changed: list[KpiRating] = []
    now = timezone.now()
    for key, row in keyed.items():
        score, comment = float(row.score), row.comment.strip()
        rating = existing.get(key)
        if rating is None:
            new.append(KpiRating(supplier=row.supplier, kpi_key=row.kpi_key, period=key[2],
                                 rater=row.rater, score=score, comment=comment))  # fmt: skip
        elif rating.score == score and rating.comment == comment:
            result.unchanged += 1
        else:
            rating.score, rating.comment = score, comment
            rating.version += 1
            rating.updated_at = now
            changed.append(rating)
    if new:
        bulk_create_with_history(new, KpiRating, batch_size=500, default_user=actor,
                                 default_change_reason="Score imported.")  # fmt: skip
    if changed:
        bulk_update_with_history(
            changed, KpiRating, ["score", "comment", "version", "updated_at"], batch_size=500,
            default_user=actor, default_change_reason="Score corrected by an import.",
        )  # fmt: skip
    result.created, result.updated = len(new), len(changed)
    if new or changed:
        services.forget_scores(r.supplier_id for r in [*new, *changed])
    return result


def _people_sorted(users: Iterable[User]) -> list[User]:
    return sorted(users, key=lambda u: (u.display_name.casefold(), u.pk))


def expected_reviewers(
    supplier: Supplier, end: dt.date, recent: Iterable[User] | None = None
) -> list[User]:
    """Who is expected to score `supplier`'s judgement KPIs for a period ending before `end`:

    - its relationship owner;
    - its current owner (the open owner assignment; normally the same person);
    - everyone who scored any of its judgement KPIs in the 12 months before `end`
      (`recent`, when the caller already has them; else one query).

    Only people who may give scores count (an active internal user whose role is not
    viewer): a viewer who owns a supplier is not chased for a score. The owners come first,
    then the others by name. Two queries at most."""
    people: dict[int, User] = {}
    owner = supplier.relationship_owner
    if owner is not None:
        people[owner.pk] = owner
    current = (
        OwnerAssignment.objects.filter(supplier=supplier, ended_at__isnull=True)
        .select_related("owner")
        .first()
    )
    if current is not None and current.owner is not None:
        people.setdefault(current.owner.pk, current.owner)
    if recent is None:
        start = domain.shift(services.month_start(end), domain.MONTH, -REVIEWER_WINDOW_MONTHS)
        recent = (
            r.rater
            for r in KpiRating.objects.filter(
                supplier=supplier, period__gte=start, period__lt=end
            ).select_related("rater")
        )
    owners = [p for p in people.values() if may_score(p)]
    others = {u.pk: u for u in recent if u.pk not in people and may_score(u)}
    return owners + _people_sorted(others.values())


@dataclass(frozen=True)
class JudgementPanel:
    """One judgement KPI in one period: the median, spread and count of the reviewers'
    scores (the median is the KPI's value on the scorecard), each score, and the expected
    reviewers who have not scored yet."""

    key: str
    name: str
    label: str
    summary: domain.RatingSummary
    scores: list[KpiRating]  # rater joined, by month then reviewer
    missing: list[User]
    explanation: str


def judgement_panels(
    supplier: Supplier,
    definitions: Sequence[KpiDefinition],
    start: dt.date,
    granularity: str = domain.MONTH,
) -> list[JudgementPanel]:
    """The panel of each judgement KPI of `supplier` for the period starting at `start`
    (a month or a quarter: a quarter pools its months' scores, as the scorecard does). Two
    queries, whatever the number of scores."""
    kpis = judgement_definitions(definitions)
    if not kpis:
        return []
    end = domain.shift(start, granularity, 1)
    window = min(start, domain.shift(end, domain.MONTH, -REVIEWER_WINDOW_MONTHS))
    rows = list(
        KpiRating.objects.filter(
            supplier=supplier,
            kpi_key__in=[d.key for d in kpis],
            period__gte=window,
            period__lt=end,
        )
        .select_related("rater")
        .order_by("period", "rater__username", "pk")
    )
    reviewers = expected_reviewers(supplier, end, recent=(r.rater for r in rows))
    label = domain.period_label(start, granularity)
    panels = []
    for kpi in kpis:
        scores = [r for r in rows if r.kpi_key == kpi.key and r.period >= start]
        summary = domain.combine_ratings([r.score for r in scores])
        missing = domain.not_yet_scored(reviewers, [r.rater for r in scores])
        panels.append(
            JudgementPanel(
                key=kpi.key, name=kpi.name, label=label, summary=summary, scores=scores,
                missing=missing,
                explanation=domain.rating_line(kpi.name, label, summary, len(missing)),
            )
        )  # fmt: skip
    return panels


def ratings_of(
    supplier: Supplier, kpi: str | None = None, period: dt.date | None = None
) -> QuerySet[KpiRating]:
    """The reviewers' scores of `supplier`, newest month first (one list for the API and
    the export), narrowed to a KPI and/or a month."""
    found = KpiRating.objects.filter(supplier=supplier).select_related("rater")
    if kpi:
        found = found.filter(kpi_key=kpi)
    if period is not None:
        found = found.filter(period=services.month_start(period))
    return found.order_by("-period", "kpi_key", "rater__username", "pk")


RATING_COLUMNS = ("external_id", "supplier", "kpi", "month", "rater", "score", "comment")


def export_ratings(
    supplier: Supplier, fmt: str, kpi: str | None = None, period: dt.date | None = None
) -> ExportFile:
    """The reviewers' scores, in the columns the "kpi-ratings" import reads back."""
    rows: list[list[Any]] = [
        [supplier.external_id, supplier.name, r.kpi_key, f"{r.period:%Y-%m}", r.rater.username,
         services.rounded(r.score), r.comment]
        for r in ratings_of(supplier, kpi, period)
    ]  # fmt: skip
    if fmt == "xlsx":
        content = write_xlsx("Scores", RATING_COLUMNS, rows, number_columns=("score",))
    else:
        content = write_csv(RATING_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


# --- the mutual scorecard -------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerScore:
    """The supplier's rating of us on one criterion: 1-5, an optional comment, and the
    version the person entering it saw (None: save regardless)."""

    score: int
    comment: str = ""
    version: int | None = None


def _rated_quarter(quarter: dt.date, today: dt.date) -> dt.date:
    start = domain.period_start(quarter, domain.QUARTER)
    if start > domain.period_start(today, domain.QUARTER):
        raise ValidationError({"quarter": "A quarter in the future cannot be rated yet."})
    return start


@transaction.atomic
def save_partner_ratings(
    actor: User,
    supplier: Supplier,
    quarter: dt.date,
    ratings: Mapping[str, PartnerScore],
) -> list[PartnerRating]:
    """Save how `supplier` rated us in the quarter containing `quarter`, for any of the
    criteria (the others stay as they are): one audited save per criterion that changed.
    Needs "performance.edit" on the supplier (its owner, managers, admins). A criterion
    saved meanwhile by someone else (a stale version) refuses the whole quarter. Returns the
    stored rating of each criterion given."""
    require(actor, "performance.edit", supplier)
    start = _rated_quarter(quarter, timezone.localdate())
    if not ratings:
        raise ValidationError({"quarter": gettext("Rate at least one criterion.")})
    problems: dict[str, str] = {}
    for criterion, given in ratings.items():
        if criterion not in domain.CUSTOMER_CRITERIA:
            problems[criterion] = (
                f"Unknown criterion. Use one of: {', '.join(domain.CUSTOMER_CRITERIA)}."
            )
        elif reason := domain.partner_score_error(given.score):
            problems[criterion] = reason
        elif len((given.comment or "").strip()) > MAX_COMMENT:
            problems[f"{criterion}_comment"] = f"At most {MAX_COMMENT} characters are allowed."
    if problems:
        raise ValidationError(problems)
    stored = {
        r.criterion: r
        for r in PartnerRating.objects.select_for_update().filter(
            supplier=supplier, period=start, criterion__in=list(ratings)
        )
    }
    saved = []
    for criterion in domain.CUSTOMER_CRITERIA:
        if criterion not in ratings:
            continue
        given = ratings[criterion]
        comment = (given.comment or "").strip()
        rating = stored.get(criterion)
        if rating is None:
            rating = PartnerRating(supplier=supplier, period=start, criterion=criterion)
            reason = "Supplier's rating of us entered."
        else:
            name = domain.CUSTOMER_CRITERIA[criterion].lower()
            lock_for_edit(rating, given.version, f"the rating for {name}")
            if rating.score == given.score and rating.comment == comment:
                saved.append(rating)
                continue
            next_version(rating)
            reason = "Supplier's rating of us corrected."
        rating.score = given.score
        rating.comment = comment
        rating.source = PartnerRating.Source.OWNER
        rating.entered_by = actor
        rating.entered_by_contact = None
        save_audited(rating, actor, reason, validate_constraints=False)
        saved.append(rating)
    return saved


@dataclass(frozen=True)
class MutualQuarter:
    """One quarter side by side: our scorecard of the supplier and its rating of us."""

    start: dt.date
    quarter: str  # "2026-Q2"
    ours: domain.PeriodScore | None  # None: no KPI applies to the supplier
    theirs: domain.CustomerScore
    ratings: dict[str, PartnerRating] = field(default_factory=dict)  # stored, by criterion
    line: str = ""

    @property
    def entered_by_supplier(self) -> bool:
        """The supplier gave this quarter's rating themselves, through the portal."""
        return any(r.source == PartnerRating.Source.PORTAL for r in self.ratings.values())


def mutual_scorecard(
    supplier: Supplier, as_of: dt.date | None = None, quarters: int = MUTUAL_QUARTERS
) -> list[MutualQuarter]:
    """The last `quarters` quarters up to the one containing `as_of` (default: today),
    newest first: our scorecard of each quarter (computed as the scorecard page does)
    beside the supplier's rating of us (`domain.customer_score`). The two are never
    combined. A fixed number of queries."""
    quarters = max(1, min(quarters, MAX_QUARTERS))
    current = domain.period_start(as_of or timezone.localdate(), domain.QUARTER)
    card, definitions = services.scorecard(supplier, current, domain.QUARTER, trailing=quarters)
    ours = {p.start: p for p in card.trailing} if definitions else {}
    first = domain.shift(current, domain.QUARTER, -(quarters - 1))
    by_quarter: dict[dt.date, dict[str, PartnerRating]] = {}
    for rating in PartnerRating.objects.filter(
        supplier=supplier, period__gte=first, period__lte=current
    ).select_related("entered_by"):
        by_quarter.setdefault(rating.period, {})[rating.criterion] = rating
    found = []
    for n in range(quarters):
        start = domain.shift(current, domain.QUARTER, -n)
        stored = by_quarter.get(start, {})
        theirs = domain.customer_score(start, {k: r.score for k, r in stored.items()})
        mine = ours.get(start)
        found.append(
            MutualQuarter(
                start,
                domain.quarter_text(start),
                mine,
                theirs,
                stored,
                domain.mutual_line(mine, theirs),
            )  # fmt: skip
        )
    return found


MUTUAL_COLUMNS = (
    "quarter", "our_score", "our_standing", "their_score", "their_light",
    *domain.CUSTOMER_CRITERIA, "explanation",
)  # fmt: skip


def export_mutual_scorecard(
    supplier: Supplier, fmt: str, as_of: dt.date | None = None, quarters: int = MUTUAL_QUARTERS
) -> ExportFile:
    """One row per quarter, newest first: our overall score and standing, their score and
    light, their 1-5 rating per criterion, and the explanation line."""
    rows: list[list[Any]] = []
    for q in mutual_scorecard(supplier, as_of, quarters):
        overall = q.ours.overall if q.ours is not None else None
        standing = q.ours.standing if q.ours is not None else None
        rows.append(
            [q.quarter, services.rounded(overall), standing or "no data",
             services.rounded(q.theirs.score), q.theirs.light or "not rated",
             *[score for _, _, score in q.theirs.criteria], q.theirs.explanation]
        )  # fmt: skip
    if fmt == "xlsx":
        numbers = ("our_score", "their_score", *domain.CUSTOMER_CRITERIA)
        content = write_xlsx("Mutual scorecard", MUTUAL_COLUMNS, rows, number_columns=numbers)
    else:
        content = write_csv(MUTUAL_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


# --- demo data ------------------------------------------------------------------------------

DEMO_KPI: dict[str, Any] = {
    "key": "collaboration", "name": "Collaboration", "kind": "judgement",
    "direction": "higher", "unit": "points", "target": 80, "yellow_threshold": 70,
    "red_threshold": 50, "weight": 10,
}  # fmt: skip
# Where the demo supplier stands with us per criterion, on the 1-5 scale (we pay late).
DEMO_PARTNER_LEVELS: dict[str, float] = {
    "payment_on_time": 2.4, "forecast_accuracy": 3.1, "spec_clarity": 3.8,
    "responsiveness": 4.2, "fairness": 3.9,
}  # fmt: skip


def _demo_judgement_kpi(actor: User, supplier: Supplier, kpi: Mapping[str, Any]) -> str:
    """The key of the supplier's judgement KPI `kpi["key"]`, defined as its override when
    it has none."""
    current = {d.key: d for d in services.effective_definitions(supplier)}.get(kpi["key"])
    if current is None:
        services.define_kpi(actor, dict(kpi), supplier=supplier)
    elif current.kind not in domain.RATED_KINDS:
        raise ValueError(f"{supplier.name}: KPI '{kpi['key']}' exists and is not a judgement.")
    return str(kpi["key"])


def demo_ratings(
    actor: User,
    supplier: Supplier,
    raters: Sequence[User],
    *,
    months: int = 12,
    level: float = 72.0,
    spread: float = 16.0,
    kpi: Mapping[str, Any] | None = None,
    pending: int = 1,
    seed: int = 0,
    today: dt.date | None = None,
) -> RatingWrite:
    """Reviewers' scores for the demo: each of `raters` scores the supplier's judgement KPI
    (`kpi`, default `DEMO_KPI`, defined as the supplier's override when missing) every month
    of the last `months` up to today, around `level` within `spread`; the last `pending`
    raters have not scored the current month yet, so the tab shows who is missing.
    `actor` needs "performance.edit" on the supplier and "performance.configure" (a
    manager or admin). Deterministic for a seed; running it again changes nothing."""
    key = _demo_judgement_kpi(actor, supplier, kpi or DEMO_KPI)
    end = services.month_start(today or timezone.localdate())
    rows = []
    for n in range(months):
        month = domain.shift(end, domain.MONTH, -(months - 1 - n))
        for index, rater in enumerate(raters):
            if month == end and index >= len(raters) - pending:
                continue
            rng = random.Random(f"{seed}-{supplier.pk}-{rater.username}-{month}")  # noqa: S311
            score = min(100.0, max(0.0, round(level + (rng.random() - 0.5) * spread)))
            rows.append(RatingRow(supplier, key, month, rater, score))
    return save_ratings(actor, rows)


def demo_partner_ratings(
    actor: User,
    supplier: Supplier,
    *,
    quarters: int = 4,
    levels: Mapping[str, float] | None = None,
    seed: int = 0,
    today: dt.date | None = None,
) -> int:
    """The supplier's ratings of us for the demo: every criterion for the last `quarters`
    complete quarters before today, around `levels` (1-5 per criterion, default
    `DEMO_PARTNER_LEVELS`: payment on time weakest). `actor` needs "performance.edit" on
    the supplier. Deterministic for a seed; running it again changes nothing. Returns how
    many quarters were saved."""
    current = domain.period_start(today or timezone.localdate(), domain.QUARTER)
    chosen = levels or DEMO_PARTNER_LEVELS
    for n in range(quarters, 0, -1):
        start = domain.shift(current, domain.QUARTER, -n)
        given = {}
        for criterion, level in chosen.items():
            rng = random.Random(f"{seed}-{supplier.pk}-{criterion}-{start}")  # noqa: S311
            score = int(min(5, max(1, round(level + (rng.random() - 0.5)))))
            given[criterion] = PartnerScore(score)
        save_partner_ratings(actor, supplier, start, given)
    return quarters
