"""Reads and writes of the portfolio review and the getting-started plan. Views, the API,
exports, the demo and tests all come through here."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from simple_history.utils import bulk_create_with_history

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.performance import domain as performance_domain
from partnerbook.performance import services as performance
from partnerbook.relationship import services as relationship
from partnerbook.segmentation import services as segmentation
from partnerbook.segmentation.services import PortfolioEntry
from partnerbook.suppliers.models import Category, Supplier
from partnerbook.suppliers.services import category_with_descendants

from . import domain
from .models import PortfolioSettings, ReviewDecision, ReviewRound

# --- settings -----------------------------------------------------------------------------


def get_settings() -> PortfolioSettings:
    """The review's settings; the defaults (unsaved) until someone changes them."""
    return PortfolioSettings.objects.filter(pk=1).first() or PortfolioSettings(pk=1)


@transaction.atomic
def update_settings(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> PortfolioSettings:
    """Change the strategic-partner limits (managers and administrators; audited)."""
    require(actor, "portfolio.review")
    settings_obj = PortfolioSettings.objects.select_for_update().filter(
        pk=1
    ).first() or PortfolioSettings(pk=1)
    lock_for_edit(settings_obj, expected_version, "these portfolio settings")
    for key in ("owner_limit", "team_limit"):
        if key in data and data[key] is not None:
            setattr(settings_obj, key, data[key])
    next_version(settings_obj)
    save_audited(settings_obj, actor, "Portfolio review settings changed")
    return settings_obj


# --- the inputs of a suggestion -----------------------------------------------------------


def _light_of(score: float) -> str:
    """The scorecard's traffic light of an overall score (its standing bands)."""
    if score >= performance_domain.GOOD_FROM:
        return performance_domain.GREEN
    if score >= performance_domain.WATCH_FROM:
        return performance_domain.YELLOW
    return performance_domain.RED


def _performance(suppliers: Sequence[Supplier], today: dt.date) -> dict[int, tuple[float, str]]:
    """{pk: (overall score, period label)} of the latest quarter with a score: the last
    complete quarter or the current one. A fixed number of queries per 500 suppliers."""
    current = performance_domain.period_start(today, performance_domain.QUARTER)
    starts = [performance_domain.shift(current, performance_domain.QUARTER, -1), current]
    found: dict[int, tuple[float, str]] = {}
    for index in range(0, len(suppliers), 500):
        chunk = suppliers[index : index + 500]
        definitions, inputs = performance.inputs_for(chunk, starts, performance_domain.QUARTER)
        for pk, periods in inputs.items():
            kpis = [d.as_kpi() for d in definitions[pk]]
            for data in reversed(periods):
                scored = performance_domain.score_period(
                    kpis, data, performance_domain.QUARTER, explain=False
                )
                if scored.overall is not None:
                    found[pk] = (scored.overall, scored.label)
                    break
    return found


def _roi_source() -> Any:
    """`economics.services.roi_summaries`, or None while the economics feature lacks it."""
    try:
        module = importlib.import_module("partnerbook.economics.services")
    except ImportError:
        return None
    return getattr(module, "roi_summaries", None)


def _explanation_text(explanation: Any) -> str:
    """The ROI's explanation as one line (economics gives a sequence of sentences)."""
    if isinstance(explanation, list | tuple):
        return " ".join(str(line).strip() for line in explanation[:MAX_ROI_LINES] if line)
    return str(explanation or "")


MAX_ROI_LINES = 4


def _roi(supplier_ids: list[int]) -> tuple[bool, dict[int, tuple[Decimal | None, str]]]:
    """(available, {pk: (roi, explanation)}) from the economics feature."""
    source = _roi_source()
    if source is None:
        return False, {}
    found = {}
    for pk, summary in source(supplier_ids).items():
        roi = getattr(summary, "roi", None)
        try:
            roi = None if roi is None else Decimal(roi)
        except (InvalidOperation, TypeError, ValueError):
            roi = None
        found[pk] = (roi, _explanation_text(getattr(summary, "explanation", "")))
    return True, found


def review_inputs(entries: Sequence[PortfolioEntry]) -> dict[int, domain.ReviewInputs]:
    """Each supplier's inputs: effective quadrant and engagement models (from the loaded
    segmentation), the latest health snapshot (one query), the scorecard's latest scored
    quarter (a fixed number of queries per 500 suppliers) and the ROI (economics)."""
    suppliers = [e.supplier for e in entries]
    ids = [s.pk for s in suppliers]
    health = relationship.latest_health(ids)
    scores = _performance(suppliers, timezone.localdate())
    economics_available, rois = _roi(ids)
    found = {}
    for entry in entries:
        pk, seg = entry.supplier.pk, entry.segmentation
        snap = health.get(pk)
        score = scores.get(pk)
        roi, roi_text = rois.get(pk, (None, ""))
        found[pk] = domain.ReviewInputs(
            quadrant=seg.quadrant.value if seg.quadrant else None,
            quadrant_overridden=seg.overridden,
            recommended_model=seg.fit.recommended.value if seg.fit.recommended else None,
            chosen_model=seg.profile.chosen_model or None,
            health_score=snap.score if snap else None,
            health_light=snap.light if snap and snap.score is not None else None,
            health_as_of=snap.as_of.isoformat() if snap else "",
            performance_score=round(score[0], 1) if score else None,
            performance_light=_light_of(score[0]) if score else None,
            performance_period=score[1] if score else "",
            roi=roi,
            roi_explanation=roi_text,
            economics_available=economics_available,
        )
    return found


def suggestions_for(entries: Sequence[PortfolioEntry]) -> dict[int, domain.Suggestion]:
    """{pk: the seeded suggestion} for the given portfolio entries."""
    return {pk: domain.suggest(inputs) for pk, inputs in review_inputs(entries).items()}


# --- starting a round ---------------------------------------------------------------------


def _clean_text(value: Any, field: str, limit: int, required: bool) -> str:
    text = " ".join(str(value or "").split()) if field != "note" else str(value or "").strip()
    if required and not text:
        raise ValidationError({field: gettext("This field is required.")})
    if len(text) > limit:
        raise ValidationError({field: gettext("At most %(limit)s characters.") % {"limit": limit}})
    return text


def _scope_entries(
    actor: User, kind: str, category: Category | None, owner: User | None, picked: list[int]
) -> tuple[list[PortfolioEntry], str]:
    """The current suppliers in scope, loaded with their segmentation, and the scope in
    words."""
    if kind == domain.SCOPE_CATEGORY:
        if category is None:
            raise ValidationError({"scope_category": gettext("Pick the category to review.")})
        portfolio = segmentation.portfolio(
            actor, category_ids=category_with_descendants(category.pk)
        )
        return portfolio.entries, f"Category {category.name} (with its sub-categories)"
    if kind == domain.SCOPE_OWNER:
        if owner is None:
            raise ValidationError({"scope_owner": gettext("Pick the relationship owner.")})
        portfolio = segmentation.portfolio(actor, owner_id=owner.pk)
        return portfolio.entries, f"Suppliers owned by {owner.display_name}"
    if kind == domain.SCOPE_SUPPLIERS:
        if not picked:
            raise ValidationError({"suppliers": gettext("Pick at least one supplier.")})
        if len(picked) > domain.MAX_PICKED:
            raise ValidationError(
                {
                    "suppliers": gettext("At most %(count)s suppliers.")
                    % {"count": domain.MAX_PICKED}
                }
            )
        portfolio = segmentation.portfolio(actor)
        wanted = set(picked)
        entries = [e for e in portfolio.entries if e.supplier.pk in wanted]
        unknown = wanted - {e.supplier.pk for e in entries}
        if unknown:
            raise ValidationError(
                {"suppliers": f"Not a current supplier you can see: {sorted(unknown)[:10]}."}
            )
        return entries, f"{len(entries)} hand-picked supplier{'s' if len(entries) != 1 else ''}"
    if kind == domain.SCOPE_ALL:
        return segmentation.portfolio(actor).entries, "The whole portfolio"
    raise ValidationError({"scope_kind": f"Use one of {', '.join(domain.SCOPES)}."})


@transaction.atomic
def start_round(actor: User, data: Mapping[str, Any]) -> ReviewRound:
    """Open a review round over a scope (`scope_kind`: all, category with `scope_category`,
    owner with `scope_owner`, or suppliers with `suppliers`, a list of ids or suppliers)
    and seed a suggestion with its reasons for every current supplier in it."""
    require(actor, "portfolio.review")
    title = _clean_text(data.get("title"), "title", domain.MAX_TITLE, required=True)
    note = _clean_text(data.get("note"), "note", domain.MAX_NOTE, required=False)
    kind = str(data.get("scope_kind") or "")
    picked = [getattr(s, "pk", s) for s in data.get("suppliers") or []]
    entries, label = _scope_entries(
        actor, kind, data.get("scope_category"), data.get("scope_owner"), picked
    )
    if not entries:
        raise ValidationError(
            {"scope_kind": gettext("No current supplier in this scope to review.")}
        )
    round_ = ReviewRound(
        title=title, scope_kind=kind, scope_label=label, note=note, started_by=actor,
        started_at=timezone.now(),
        scope_category=data.get("scope_category") if kind == domain.SCOPE_CATEGORY else None,
        scope_owner=data.get("scope_owner") if kind == domain.SCOPE_OWNER else None,
    )  # fmt: skip
    save_audited(round_, actor, f"Review round started: {label}")
    inputs = review_inputs(entries)
    rows = []
    for entry in entries:
        pk, seg = entry.supplier.pk, entry.segmentation
        suggestion = domain.suggest(inputs[pk])
        chosen = seg.profile.chosen_model or ""
        rows.append(
            ReviewDecision(
                round=round_, supplier=entry.supplier,
                quadrant=seg.quadrant.value if seg.quadrant else "",
                engagement_model=chosen or seg.fit.recommended.value,
                suggestion=suggestion.decision, suggestion_points=suggestion.points,
                suggestion_reasons=[r.as_dict() for r in suggestion.reasons],
                suggestion_explanation=suggestion.explanation,
            )
        )  # fmt: skip
    bulk_create_with_history(
        rows, ReviewDecision, batch_size=500, default_user=actor,
        default_change_reason="Suggestion seeded",
    )  # fmt: skip
    return round_


# --- deciding and closing -----------------------------------------------------------------


def _open_round(round_: ReviewRound) -> None:
    if not round_.is_open:
        raise ValidationError(
            {"round": gettext("This review round is closed; its decisions stand.")}
        )


@transaction.atomic
def decide(
    actor: User, round_: ReviewRound, supplier_id: int, decision: str, reason: str
) -> ReviewDecision:
    """Record invest, maintain or phase out for one supplier of an open round, with the
    reason (required). Deciding again replaces the earlier decision (kept in history)."""
    require(actor, "portfolio.review")
    round_ = ReviewRound.objects.select_for_update().get(pk=round_.pk)
    _open_round(round_)
    row = (
        ReviewDecision.objects.select_for_update()
        .filter(round=round_, supplier_id=supplier_id)
        .first()
    )
    if row is None:
        raise ValidationError({"supplier": gettext("This supplier is not in the review round.")})
    if decision not in domain.DECISIONS:
        raise ValidationError({"decision": f"Use one of {', '.join(domain.DECISIONS)}."})
    text = str(reason or "").strip()
    if not text:
        raise ValidationError({"reason": gettext("Give the reason for this decision.")})
    if len(text) > domain.MAX_REASON:
        raise ValidationError(
            {"reason": gettext("At most %(limit)s characters.") % {"limit": domain.MAX_REASON}}
        )
    row.decision, row.reason = decision, text
    row.decided_by, row.decided_at = actor, timezone.now()
    followed = "as suggested" if decision == row.suggestion else "against the suggestion"
    # The rules are checked above; skip Django's query per constraint on this hot path.
    save_audited(
        row,
        actor,
        f"Decided {domain.DECISIONS[decision].lower()} ({followed})",
        validate_constraints=False,
    )
    return row


@transaction.atomic
def close_round(actor: User, round_: ReviewRound, note: str | None = None) -> ReviewRound:
    """Close a round once every supplier in it is decided."""
    require(actor, "portfolio.review")
    round_ = ReviewRound.objects.select_for_update().get(pk=round_.pk)
    _open_round(round_)
    undecided = round_.decisions.filter(decision="").count()
    if undecided:
        raise ValidationError(
            {
                "decisions": ngettext(
                    "%(count)s supplier is still undecided; decide every supplier before closing.",
                    "%(count)s suppliers are still undecided; decide every supplier before "
                    "closing.",
                    undecided,
                )
                % {"count": undecided}
            }
        )
    if note is not None and note.strip():
        round_.note = _clean_text(note, "note", domain.MAX_NOTE, required=False)
    round_.status, round_.closed_at, round_.closed_by = domain.CLOSED, timezone.now(), actor
    save_audited(round_, actor, "Review round closed")
    return round_


# --- reading a round ----------------------------------------------------------------------


def visible_rounds(user: User) -> Any:
    """Every round, newest first, with its counts (one query). Rounds are the team's: any
    internal user may read them."""
    require(user, "portfolio.view")
    return (
        ReviewRound.objects.select_related("started_by", "closed_by")
        .annotate(
            total=Count("decisions"),
            decided=Count("decisions", filter=~Q(decisions__decision="")),
            invest=Count("decisions", filter=Q(decisions__decision=domain.INVEST)),
            maintain=Count("decisions", filter=Q(decisions__decision=domain.MAINTAIN)),
            phase_out=Count("decisions", filter=Q(decisions__decision=domain.PHASE_OUT)),
        )
        .order_by("-started_at", "-pk")
    )


def round_for(user: User, round_id: int) -> ReviewRound:
    """One round with its counts, or ReviewRound.DoesNotExist."""
    found: ReviewRound = visible_rounds(user).get(pk=round_id)
    return found


@dataclass(frozen=True)
class RoundView:
    """A round with its decisions (the suppliers the viewer may see), progress and guard."""

    round: ReviewRound
    decisions: list[ReviewDecision]
    decided: int
    total: int
    overridden: int
    counts: dict[str, int]
    guard: domain.Guard

    @property
    def progress(self) -> str:
        return gettext("%(decided)s of %(total)s decided") % {
            "decided": self.decided,
            "total": self.total,
        }

    @property
    def complete(self) -> bool:
        return self.decided == self.total


def decisions_of(user: User, round_: ReviewRound) -> list[ReviewDecision]:
    """The round's rows the user may see, with supplier, category and owner (one query)."""
    visible = Supplier.objects.visible_to(user)
    return list(
        round_.decisions.filter(supplier__in=visible)
        .select_related(
            "supplier", "supplier__category", "supplier__relationship_owner", "decided_by"
        )
        .order_by("supplier__name", "pk")
    )


def guard_of(decisions: Iterable[ReviewDecision], settings_obj: PortfolioSettings) -> domain.Guard:
    rows = [
        domain.AttentionRow(
            supplier_id=d.supplier_id,
            supplier=d.supplier.name,
            owner=d.supplier.relationship_owner.display_name
            if d.supplier.relationship_owner
            else "",
            quadrant=d.quadrant or None,
            model=d.engagement_model or None,
            decision=d.decision,
        )
        for d in decisions
    ]
    return domain.attention_guard(rows, settings_obj.owner_limit, settings_obj.team_limit)


def round_view(user: User, round_: ReviewRound) -> RoundView:
    """Everything the review page, its report and the API show (three queries)."""
    decisions = decisions_of(user, round_)
    counts = {key: 0 for key in domain.DECISIONS}
    for d in decisions:
        if d.decision:
            counts[d.decision] += 1
    return RoundView(
        round=round_,
        decisions=decisions,
        decided=sum(counts.values()),
        total=len(decisions),
        overridden=sum(1 for d in decisions if d.overridden),
        counts=counts,
        guard=guard_of(decisions, get_settings()),
    )


def last_decisions(supplier_ids: Sequence[int]) -> dict[int, ReviewDecision]:
    """{supplier pk: its latest decided review decision} (one query)."""
    latest: dict[int, ReviewDecision] = {}
    rows = (
        ReviewDecision.objects.filter(supplier_id__in=list(supplier_ids))
        .exclude(decision="")
        .select_related("round", "decided_by")
        .order_by("supplier_id", "-decided_at", "-pk")
    )
    for row in rows:
        latest.setdefault(row.supplier_id, row)
    return latest


def overview_card(user: User, supplier: Supplier) -> dict[str, Any] | None:
    """The supplier overview's card: its last review decision (None: never reviewed)."""
    last = last_decisions([supplier.pk]).get(supplier.pk)
    if last is None:
        return None
    return {"decision": last, "labels": domain.DECISIONS}


def list_column(suppliers: list[Any]) -> dict[int, Any]:
    """{pk: latest decision} for one page of the supplier list (one query)."""
    return last_decisions([s.pk for s in suppliers])


# --- getting started: the 30-day plan -----------------------------------------------------

MOST = Decimal("0.5")  # "most current suppliers segmented": more than half


def _week1(user: User) -> list[domain.PlanItem]:
    from partnerbook.segmentation.models import AlignmentAssessment
    from partnerbook.sourcing.models import CriteriaTemplate, Criterion

    templates = list(
        CriteriaTemplate.objects.exclude(criteria=[])
        .select_related("category")
        .order_by("category__name")
        .values_list("category__name", flat=True)[:4]
    )
    criteria = Criterion.objects.aggregate(n=Count("pk"), projects=Count("project", distinct=True))
    if templates:
        evidence = f"Criteria templates for {', '.join(templates)}"
        if criteria["n"]:
            evidence += f"; {criteria['n']} criteria on {criteria['projects']} sourcing project(s)"
        ok = True
    elif criteria["n"]:
        evidence = f"{criteria['n']} criteria on {criteria['projects']} sourcing project(s)."
        ok = True
    else:
        evidence = gettext(
            "No partnership criteria yet: no sourcing project criteria, no category template."
        )
        ok = False
    items = [domain.PlanItem(
        "criteria", 1, gettext("Partnership criteria defined (goals, values, capabilities)"), ok,
        evidence if evidence.endswith(".") else evidence + ".",
        reverse("sourcing:list"), gettext("Sourcing projects and criteria"),
    )]  # fmt: skip
    visible = Supplier.objects.visible_to(user)
    latest = (
        AlignmentAssessment.objects.filter(supplier__in=visible)
        .select_related("supplier")
        .order_by("-assessed_on", "-pk")
        .first()
    )
    count = AlignmentAssessment.objects.filter(supplier__in=visible).count()
    if latest is None:
        items.append(domain.PlanItem(
            "alignment", 1, gettext("Alignment triangle used"), False,
            gettext(
                "No alignment assessment recorded yet: score goals, values and capabilities "
                "on a supplier's segmentation tab."
            ), reverse("suppliers:list"), gettext("Pick a supplier"),
        ))  # fmt: skip
    else:
        items.append(domain.PlanItem(
            "alignment", 1, gettext("Alignment triangle used"), True,
            f"{count} alignment assessment{'s' if count != 1 else ''}; latest for "
            f"{latest.supplier.name} on {latest.assessed_on}.",
            reverse("segmentation:supplier", args=[latest.supplier_id]), gettext("Open it"),
        ))  # fmt: skip
    return items


def _week2(user: User) -> list[domain.PlanItem]:
    portfolio = segmentation.portfolio(user)
    total = len(portfolio.entries)
    placed = sum(1 for e in portfolio.entries if e.segmentation.quadrant is not None)
    closed = ReviewRound.objects.filter(status=domain.CLOSED).order_by("-closed_at", "-pk").first()
    segmented = total > 0 and Decimal(placed) / Decimal(total) > MOST
    parts = [f"{placed} of {total} current suppliers placed on the value-risk matrix"]
    if closed is not None:
        parts.append(
            f"review round “{closed.title}” closed on {timezone.localdate(closed.closed_at)}"
        )
    else:
        parts.append("no review round closed yet")
    ok = segmented or closed is not None
    url, label = (
        (reverse("portfolio:round", args=[closed.pk]), gettext("Open the review"))
        if closed is not None
        else (reverse("portfolio:rounds"), gettext("Start a portfolio review"))
    )
    return [domain.PlanItem(
        "matrix", 2,
        gettext("Portfolio reviewed on the value-risk matrix (invest, maintain, phase out)"),
        ok, "; ".join(parts).capitalize() + ".", url, label,
    )]  # fmt: skip


@dataclass(frozen=True)
class _Partner:
    supplier: Supplier
    how: str  # what ran it through the playbook
    items: list[domain.PlanItem]


def _partners(user: User) -> list[_Partner]:
    """The suppliers run through the playbook (an activation decision, or checklist items
    ticked), each with its week-4 evidence, best first. A fixed number of queries."""
    from partnerbook.cadence.models import CadenceItem
    from partnerbook.gate.models import Activation, Tick
    from partnerbook.reviews.models import BusinessReview

    visible = Supplier.objects.visible_to(user).filter(archived=False)
    activations: dict[int, Any] = {}
    for row in (
        Activation.objects.filter(supplier__in=visible)
        .select_related("supplier")
        .order_by("-decided_at", "-pk")[:200]
    ):
        activations.setdefault(row.supplier_id, row)
    ticks = dict(
        Tick.objects.filter(supplier__in=visible)
        .values("supplier_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("supplier_id", "n")[:200]
    )
    ids = list(dict.fromkeys([*activations, *ticks]))
    if not ids:
        return []
    suppliers = {s.pk: s for s in Supplier.objects.filter(pk__in=ids)}
    cadence = dict(
        CadenceItem.objects.filter(supplier_id__in=ids)
        .values("supplier_id")
        .annotate(n=Count("pk"))
        .values_list("supplier_id", "n")
    )
    today = timezone.localdate()
    reviews: dict[int, Any] = {}
    for held in BusinessReview.objects.filter(
        supplier_id__in=ids, archived=False, held_on__lte=today
    ).order_by("-held_on", "-pk"):
        reviews.setdefault(held.supplier_id, held)
    kpis = performance.checklist_kpis(ids)
    partners = []
    for pk in ids:
        supplier = suppliers[pk]
        activation = activations.get(pk)
        if activation is not None:
            day = timezone.localdate(activation.decided_at)
            how = (
                f"activated through the complete decision checklist on {day}"
                if activation.how == "checklist"
                else f"activated by a manager's override on {day}"
            )
        else:
            how = f"{ticks[pk]} playbook checklist item(s) confirmed, not active yet"
        n = cadence.get(pk, 0)
        review = reviews.get(pk)
        kpi = kpis[pk]
        items = [
            domain.PlanItem(
                "cadence", 4, gettext("A communication cadence set"), n > 0,
                f"{supplier.name}: {n} meeting{'s' if n != 1 else ''} in its cadence."
                if n else f"{supplier.name} has no cadence yet.",
                reverse("cadence:supplier", args=[pk]), gettext("Cadence"),
            ),
            domain.PlanItem(
                "dashboard", 4, gettext("Scorecard in use: KPIs with a baseline"), kpi.ok,
                f"{supplier.name}: {kpi.evidence}", kpi.url or
                reverse("performance:supplier", args=[pk]), gettext("Scorecard"),
            ),
            domain.PlanItem(
                "quarterly_review", 4, gettext("A quarterly business review held"),
                review is not None,
                f"{supplier.name}: reviewed {review.held_on}." if review is not None
                else f"No quarterly business review with {supplier.name} yet.",
                reverse("reviews:supplier", args=[pk]), gettext("Business reviews"),
            ),
        ]  # fmt: skip
        partners.append(_Partner(supplier, how, items))
    partners.sort(
        key=lambda p: (
            -sum(i.ok for i in p.items),
            p.supplier.pk not in activations,
            p.supplier.name,
        )
    )
    return partners


def getting_started(user: User) -> list[domain.PlanWeek]:
    """The 30-day plan, each item ticked from the data with the evidence found (or what is
    missing) and a link to where to do it. A fixed number of queries, whatever the data."""
    require(user, "portfolio.view")
    items = [*_week1(user), *_week2(user)]
    partners = _partners(user)
    if partners:
        best = partners[0]
        items.append(domain.PlanItem(
            "playbook", 3, gettext("One partner run through the playbook"), True,
            f"{best.supplier.name}: {best.how}."
            + (f" {len(partners) - 1} other supplier(s) too." if len(partners) > 1 else ""),
            reverse("gate:supplier", args=[best.supplier.pk]), gettext("Its playbook"),
        ))  # fmt: skip
        items.extend(best.items)
    else:
        items.append(domain.PlanItem(
            "playbook", 3, gettext("One partner run through the playbook"), False,
            gettext("No supplier has been through the decision checklist yet."),
            reverse("gate:board"), gettext("The pipeline board"),
        ))  # fmt: skip
        for key, title in (
            ("cadence", gettext("A communication cadence set")),
            ("dashboard", gettext("Scorecard in use: KPIs with a baseline")),
            ("quarterly_review", gettext("A quarterly business review held")),
        ):
            items.append(domain.PlanItem(
                key, 4, title, False, gettext("Pick the partner of week 3 first."),
            ))  # fmt: skip
    return domain.plan_weeks(items)
