"""Reads and writes of segmentation. Views, API, CLI, imports and tests all come through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core import currencies
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import ChecklistResult, TimelineEntry, pk_urls, start_of
from partnerbook.suppliers.models import Supplier

from . import cache, domain
from .models import (
    AlignmentAssessment,
    MaturityMove,
    ScoringSettings,
    SegmentationProfile,
    StageChoice,
)

FACTOR_FIELDS = (
    "criticality", "complexity", "innovation", "integration", "financial_health",
    "single_source", "market_difficulty", "country_risk", "ip_sensitivity",
    "regulatory_constraints", "serious_incidents", "commodity", "collaboration_willingness",
    "supplier_is_competitor", "regulation_mandates_distance", "shared_risk_reward",
)  # fmt: skip
EXPECTATION_FIELDS = (
    "our_expectation", "our_importance", "supplier_expectation", "supplier_importance",
)  # fmt: skip
SETTINGS_FIELDS = tuple(f.name for f in fields(domain.ScoringConfig)) + (
    "reporting_currency",
    "exchange_rates",
)


# --- settings -----------------------------------------------------------------------------


def get_settings() -> ScoringSettings:
    """The scoring settings; the defaults (unsaved) until an administrator changes them."""
    return ScoringSettings.objects.filter(pk=1).first() or ScoringSettings(pk=1)


def config_from(settings_obj: ScoringSettings) -> domain.ScoringConfig:
    return domain.ScoringConfig(
        **{f.name: getattr(settings_obj, f.name) for f in fields(domain.ScoringConfig)}
    )


def _check_rates(rates: Any) -> None:
    if not isinstance(rates, dict) or not all(
        currencies.is_currency(k)
        and isinstance(v, int | float)
        and not isinstance(v, bool)
        and 0 < v < 1e9
        for k, v in rates.items()
    ):
        raise ValidationError(
            {"exchange_rates": _('Give rates as {"USD": 0.92}: ISO 4217 codes, positive numbers.')}
        )


@transaction.atomic
def update_settings(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> ScoringSettings:
    """Change weights and thresholds (administrators only; audited). With `expected_version`,
    a change based on an older version raises `StaleEdit`."""
    require(actor, "segmentation.configure")
    settings_obj = ScoringSettings.objects.select_for_update().filter(
        pk=1
    ).first() or ScoringSettings(pk=1)
    lock_for_edit(settings_obj, expected_version, "these scoring settings")
    for key in SETTINGS_FIELDS:
        if key in data:
            setattr(settings_obj, key, data[key])
    _check_rates(settings_obj.exchange_rates)
    settings_obj.reporting_currency = (settings_obj.reporting_currency or "").upper()
    next_version(settings_obj)
    save_audited(settings_obj, actor, "Scoring settings changed")
    return settings_obj


# --- spend in one currency ----------------------------------------------------------------


def to_reporting(
    amount: Decimal | float | None, currency: str, settings_obj: ScoringSettings
) -> float | None:
    """`amount` in the reporting currency; None when unknown or no rate is configured."""
    if amount is None:
        return None
    if currency == settings_obj.reporting_currency:
        return float(amount)
    rate = (settings_obj.exchange_rates or {}).get(currency)
    return float(amount) * float(rate) if rate else None


def portfolio_spend_total(settings_obj: ScoringSettings) -> float:
    """Total annual spend of current suppliers in the reporting currency (one query)."""
    rows = (
        Supplier.objects.filter(archived=False)
        .exclude(status="exited")
        .values("currency")
        .annotate(total=Sum("annual_spend"))
    )
    return sum(to_reporting(r["total"], r["currency"], settings_obj) or 0.0 for r in rows)


def _spend_share(supplier: Supplier, settings_obj: ScoringSettings, total: float) -> float | None:
    spend = to_reporting(supplier.annual_spend, supplier.currency, settings_obj)
    if spend is None or total <= 0:
        return None
    return spend / total


# --- one supplier -------------------------------------------------------------------------


def profile_of(supplier: Supplier) -> SegmentationProfile:
    """The saved profile, or an empty unsaved one (reading never writes)."""
    try:
        return supplier.segmentation  # type: ignore[attr-defined]
    except SegmentationProfile.DoesNotExist:
        return SegmentationProfile(supplier=supplier)


def factors_of(profile: SegmentationProfile, spend_share: float | None) -> domain.Factors:
    return domain.Factors(
        spend_share=spend_share,
        **{
            f.name: getattr(profile, f.name)
            for f in fields(domain.Factors)
            if f.name != "spend_share"
        },
    )


def engagement_inputs_of(profile: SegmentationProfile) -> domain.EngagementInputs:
    return domain.EngagementInputs(
        **{f.name: getattr(profile, f.name) for f in fields(domain.EngagementInputs)}
    )


@dataclass(frozen=True)
class Segmentation:
    """Everything the segmentation of one supplier shows, computed and explained."""

    profile: SegmentationProfile
    factors: domain.Factors
    placement: domain.Placement
    quadrant: domain.Quadrant | None  # effective: the override when there is one
    overridden: bool
    fit: domain.EngagementFit
    model_mismatch: bool
    gap: domain.ExpectationGap | None
    next_stage: domain.Stage | None
    next_stage_requirement: str | None

    @property
    def quadrant_label(self) -> str:
        """The effective quadrant's English name (pages translate it), or ""."""
        return domain.QUADRANT_LABELS[self.quadrant] if self.quadrant else ""

    @property
    def computed_label(self) -> str:
        """The computed quadrant's English name (pages translate it), or ""."""
        quadrant = self.placement.quadrant
        return domain.QUADRANT_LABELS[quadrant] if quadrant else ""


def evaluate(
    profile: SegmentationProfile, spend_share: float | None, config: domain.ScoringConfig
) -> Segmentation:
    """Pure evaluation of a profile (no queries)."""
    factors = factors_of(profile, spend_share)
    placement = domain.place(factors, config)
    fit = domain.engagement_fit(factors, engagement_inputs_of(profile), placement, config)
    override = profile.quadrant_override
    stage = profile.maturity_stage or StageChoice.TRANSACTIONAL
    upcoming = domain.next_stage(stage)
    return Segmentation(
        profile=profile,
        factors=factors,
        placement=placement,
        quadrant=domain.Quadrant(override) if override else placement.quadrant,
        overridden=bool(override),
        fit=fit,
        model_mismatch=fit.mismatch_with(profile.chosen_model),
        gap=domain.expectation_gap(
            profile.our_expectation,
            profile.supplier_expectation,
            profile.our_importance,
            profile.supplier_importance,
        ),
        next_stage=upcoming,
        next_stage_requirement=domain.STAGE_REQUIREMENTS[upcoming] if upcoming else None,
    )


def segmentation_of(supplier: Supplier) -> Segmentation:
    """Compute one supplier's segmentation (a fixed handful of queries)."""
    settings_obj = get_settings()
    total = portfolio_spend_total(settings_obj)
    # Read afresh: a profile cached on `supplier` may predate a write made since.
    profile = SegmentationProfile.objects.filter(supplier=supplier).first()
    return evaluate(
        profile or SegmentationProfile(supplier=supplier),
        _spend_share(supplier, settings_obj, total),
        config_from(settings_obj),
    )


def segmentations_of(suppliers: list[Supplier]) -> dict[int, Segmentation]:
    """Segmentation of each given supplier (e.g. one page of a list) in three queries."""
    settings_obj = get_settings()
    config = config_from(settings_obj)
    total = portfolio_spend_total(settings_obj)
    profiles = {
        p.supplier_id: p for p in SegmentationProfile.objects.filter(supplier__in=suppliers)
    }
    return {
        s.pk: evaluate(
            profiles.get(s.pk) or SegmentationProfile(supplier=s),
            _spend_share(s, settings_obj, total),
            config,
        )
        for s in suppliers
    }


def _editable_profile(
    actor: User, supplier: Supplier, action: str, expected_version: int | None = None
) -> SegmentationProfile:
    """The supplier's profile, locked (created at version 1 when there is none yet). With
    `expected_version`, raises `StaleEdit` when someone saved the profile since."""
    require(actor, action, supplier)
    # Lock the supplier first: two people starting a segmentation at the same moment would
    # otherwise both find no profile and both create one.
    list(Supplier.objects.select_for_update().filter(pk=supplier.pk).values_list("pk"))
    profile = SegmentationProfile.objects.select_for_update().filter(supplier=supplier).first()
    if profile is None:
        # Created through save_audited so that the first history record names the actor too.
        profile = SegmentationProfile(supplier=supplier)
        save_audited(profile, actor, "Segmentation started")
    elif expected_version is not None and expected_version != profile.version:
        lock_for_edit(profile, expected_version, "this segmentation")
    return profile


def _save_profile(profile: SegmentationProfile, actor: User, reason: str) -> None:
    next_version(profile)
    save_audited(profile, actor, reason)


@transaction.atomic
def update_factors(
    actor: User, supplier: Supplier, data: Mapping[str, Any], expected_version: int | None = None
) -> SegmentationProfile:
    """Record value, risk and engagement factors (None clears a factor back to 'missing').
    With `expected_version` (the profile's), a stale edit raises `StaleEdit`."""
    profile = _editable_profile(actor, supplier, "segmentation.edit", expected_version)
    for key in FACTOR_FIELDS:
        if key in data:
            setattr(profile, key, data[key])
    _save_profile(profile, actor, "Segmentation factors changed")
    return profile


@transaction.atomic
def override_quadrant(
    actor: User, supplier: Supplier, quadrant: str, reason: str
) -> SegmentationProfile:
    """Replace the computed quadrant with a manager's judgement; the reason is mandatory."""
    profile = _editable_profile(actor, supplier, "segmentation.override")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the computed quadrant is overridden.")})
    if quadrant not in {q.value for q in domain.Quadrant}:
        raise ValidationError(
            {"quadrant": _("'%(value)s' is not a quadrant.") % {"value": quadrant}}
        )
    profile.quadrant_override = quadrant
    profile.override_reason = reason
    profile.overridden_by = actor
    profile.overridden_at = timezone.now()
    label = domain.QUADRANT_LABELS[domain.Quadrant(quadrant)]
    save_audited(profile, actor, f"Quadrant overridden to {label}: {reason}")
    return profile


@transaction.atomic
def clear_override(actor: User, supplier: Supplier) -> SegmentationProfile:
    """Go back to the computed quadrant."""
    profile = _editable_profile(actor, supplier, "segmentation.override")
    if profile.quadrant_override:
        profile.quadrant_override = ""
        profile.override_reason = ""
        profile.overridden_by = None
        profile.overridden_at = None
        save_audited(profile, actor, "Quadrant override removed")
    return profile


@transaction.atomic
def choose_engagement_model(
    actor: User,
    supplier: Supplier,
    model: str,
    reason: str = "",
    expected_version: int | None = None,
) -> SegmentationProfile:
    """Record the engagement model the team runs ('' = not decided). With `expected_version`
    (the profile's), a stale edit raises `StaleEdit`."""
    profile = _editable_profile(actor, supplier, "segmentation.edit", expected_version)
    if model not in {"", *(m.value for m in domain.EngagementModel)}:
        raise ValidationError(
            {"model": _("'%(value)s' is not an engagement model.") % {"value": model}}
        )
    profile.chosen_model = model
    profile.chosen_model_reason = (reason or "").strip()
    _save_profile(profile, actor, f"Engagement model: {model or 'not decided'}")
    return profile


@transaction.atomic
def set_expectations(
    actor: User,
    supplier: Supplier,
    data: Mapping[str, Any],
    source: str = "buyer",
    expected_version: int | None = None,
) -> SegmentationProfile:
    """Record what each side expects the relationship to be, and how much it matters to them.
    With `expected_version` (the profile's), a stale edit raises `StaleEdit`."""
    profile = _editable_profile(actor, supplier, "segmentation.edit", expected_version)
    for key in EXPECTATION_FIELDS:
        if key in data:
            value = data[key]
            setattr(profile, key, "" if value is None and key.endswith("expectation") else value)
    if any(k.startswith("supplier_") for k in data):
        profile.supplier_expectation_source = source
    _save_profile(profile, actor, "Expectations changed")
    return profile


@transaction.atomic
def record_maturity_move(
    actor: User, supplier: Supplier, to_stage: str, evidence: str, moved_on: dt.date | None = None
) -> MaturityMove:
    """Move the relationship to another maturity stage, with the evidence for it."""
    profile = _editable_profile(actor, supplier, "segmentation.edit")
    evidence = (evidence or "").strip()
    errors: dict[str, str] = {}
    if to_stage not in {s.value for s in domain.Stage}:
        errors["to_stage"] = _("'%(value)s' is not a maturity stage.") % {"value": to_stage}
    elif to_stage == profile.maturity_stage:
        errors["to_stage"] = _("The relationship is already %(stage)s.") % {
            "stage": _(domain.STAGE_LABELS[domain.Stage(to_stage)]).lower()
        }
    if not evidence:
        errors["evidence"] = _("Record the evidence for the move.")
    moved_on = moved_on or timezone.localdate()
    if moved_on > timezone.localdate():
        errors["moved_on"] = _("A move cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    move = MaturityMove(
        supplier=supplier,
        from_stage=profile.maturity_stage,
        to_stage=to_stage,
        moved_on=moved_on,
        moved_by=actor,
        evidence=evidence,
    )
    save_audited(move, actor, "Maturity move")
    profile.maturity_stage = to_stage
    save_audited(profile, actor, f"Maturity: {move.from_stage} → {to_stage}")
    return move


@transaction.atomic
def record_alignment(
    actor: User, supplier: Supplier, data: Mapping[str, Any]
) -> AlignmentAssessment:
    """Add an alignment-triangle assessment (all six scores are required)."""
    require(actor, "segmentation.edit", supplier)
    allowed = {f.name for f in AlignmentAssessment._meta.fields} - {
        "id", "supplier", "assessed_by", "created_at",
    }  # fmt: skip
    assessment = AlignmentAssessment(
        supplier=supplier,
        assessed_by=actor,
        assessed_on=data.get("assessed_on") or timezone.localdate(),
        **{k: v for k, v in data.items() if k in allowed and k != "assessed_on"},
    )
    missing = {
        f"{side}_{d}": _("Score every side of the triangle, 1 to 5.")
        for side in ("our", "their")
        for d in domain.DIMENSIONS
        if getattr(assessment, f"{side}_{d}") is None
    }
    if missing:
        raise ValidationError(missing)
    if assessment.assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
    save_audited(assessment, actor, "Alignment assessed")
    return assessment


def alignment_history(
    supplier: Supplier,
) -> list[tuple[AlignmentAssessment, domain.AlignmentReading]]:
    """Assessments newest first, each with its analysis (one query)."""
    assessments = AlignmentAssessment.objects.filter(supplier=supplier)
    return [
        (a, domain.analyse_alignment(a.ours(), a.theirs()))
        for a in assessments.select_related("assessed_by").order_by("-assessed_on", "-pk")
    ]


def maturity_timeline(supplier: Supplier) -> list[MaturityMove]:
    """Moves oldest first (one query)."""
    moves = MaturityMove.objects.filter(supplier=supplier).select_related("moved_by")
    return list(moves.order_by("moved_on", "pk"))


def maturity_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Maturity moves for the relationship timeline, newest first (one query)."""
    moves = MaturityMove.objects.filter(supplier=supplier).select_related("moved_by")
    if since is not None:
        moves = moves.filter(moved_on__gte=since.date())
    labels = dict(StageChoice.choices)
    return [
        TimelineEntry(
            when=start_of(m.moved_on),
            kind="maturity",
            title=_("Maturity moved from %(from)s to %(to)s")
            % {"from": labels[m.from_stage], "to": labels[m.to_stage]},
            detail=m.evidence,
            who=m.moved_by.display_name,
            badge=m.to_stage,
        )
        for m in moves.order_by("-moved_on", "-pk")[:limit]
    ]


# --- the portfolio ------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioEntry:
    supplier: Supplier
    spend: float | None  # reporting currency
    segmentation: Segmentation


@dataclass(frozen=True)
class Portfolio:
    entries: list[PortfolioEntry]
    total_spend: float
    reporting_currency: str
    by_quadrant: dict[str, dict[str, float]]  # quadrant or "unplaced" -> {count, spend}
    guidance: list[domain.GuidanceCheck]
    config: domain.ScoringConfig
    # What it was computed from (the cache's fingerprint and the filters); None when it was
    # computed inside a transaction and is not kept. Equal keys: equal portfolios.
    key: tuple[Any, ...] | None = None


def portfolio(
    viewer: User, category_ids: list[int] | None = None, owner_id: int | None = None
) -> Portfolio:
    """Every current supplier placed in the matrix, with counts, spend and guidance.

    The whole portfolio is computed once and kept while its inputs are unchanged (see
    `cache`); a filtered one is cut from it. A fixed number of queries whatever the number
    of suppliers: the cache's fingerprint and, when something changed, settings, the spend
    total, and one query for suppliers with their profiles. Treat the result as read-only:
    it is shared between requests.
    """
    require(viewer, "portfolio.view")
    if not viewer.is_internal:  # not reachable today (internal roles only); kept exact
        return _computed(
            Supplier.objects.visible_to(viewer), None, category_ids=category_ids, owner_id=owner_id
        )
    whole = cache.portfolio(lambda key: _computed(Supplier.objects.all(), key))
    if not category_ids and owner_id is None:
        return whole
    wanted = set(category_ids or ())
    entries = [
        e
        for e in whole.entries
        if (not wanted or e.supplier.category_id in wanted)
        and (
            owner_id is None
            or e.supplier.relationship_owner_id == (None if owner_id == 0 else owner_id)
        )
    ]
    key = None if whole.key is None else (*whole.key, tuple(sorted(wanted)), owner_id)
    return _assemble(entries, whole.total_spend, whole.reporting_currency, whole.config, key)


def _computed(
    suppliers: Any,
    key: tuple[Any, ...] | None,
    category_ids: list[int] | None = None,
    owner_id: int | None = None,
) -> Portfolio:
    settings_obj = get_settings()
    config = config_from(settings_obj)
    total = portfolio_spend_total(settings_obj)
    qs = (
        suppliers.filter(archived=False)
        .exclude(status="exited")
        .select_related("segmentation", "category", "relationship_owner")
        .order_by("name", "pk")
    )
    if category_ids:
        qs = qs.filter(category_id__in=category_ids)
    if owner_id is not None:
        qs = qs.filter(
            Q(relationship_owner__isnull=True)
            if owner_id == 0
            else Q(relationship_owner_id=owner_id)
        )
    entries: list[PortfolioEntry] = []
    for supplier in qs:
        spend = to_reporting(supplier.annual_spend, supplier.currency, settings_obj)
        share = spend / total if spend is not None and total > 0 else None
        entries.append(
            PortfolioEntry(supplier, spend, evaluate(profile_of(supplier), share, config))
        )
    return _assemble(entries, total, settings_obj.reporting_currency, config, key)


def _assemble(
    entries: list[PortfolioEntry],
    total: float,
    reporting_currency: str,
    config: domain.ScoringConfig,
    key: tuple[Any, ...] | None,
) -> Portfolio:
    """The counts, spend and guidance of these entries (no queries)."""
    by_quadrant: dict[str, dict[str, float]] = {
        key: {"count": 0, "spend": 0.0} for key in [*(q.value for q in domain.Quadrant), "unplaced"]
    }
    for entry in entries:
        quadrant = entry.segmentation.quadrant.value if entry.segmentation.quadrant else "unplaced"
        by_quadrant[quadrant]["count"] += 1
        by_quadrant[quadrant]["spend"] += entry.spend or 0.0
    rows = [
        domain.PortfolioRow(
            supplier_id=e.supplier.pk,
            name=e.supplier.name,
            category=e.supplier.category.name if e.supplier.category else None,
            spend=e.spend,
            quadrant=e.segmentation.quadrant,
            recommended=e.segmentation.fit.recommended,
            chosen=e.segmentation.profile.chosen_model or None,
            expectation_flagged=bool(e.segmentation.gap and e.segmentation.gap.flagged),
        )
        for e in entries
    ]
    return Portfolio(
        entries=entries,
        total_spend=total,
        reporting_currency=reporting_currency,
        by_quadrant=by_quadrant,
        guidance=domain.portfolio_guidance(rows, config),
        config=config,
        key=key,
    )


# --- decision checklist items (read by the gate before a supplier becomes active) ----------


def checklist_alignment(supplier_ids: list[int]) -> dict[int, ChecklistResult]:
    """{pk: ChecklistResult}: the alignment triangle is assessed (the latest assessment
    named), in one query."""
    latest: dict[int, AlignmentAssessment] = {}
    rows = AlignmentAssessment.objects.filter(supplier_id__in=supplier_ids).select_related(
        "assessed_by"
    )
    for row in rows.order_by("supplier_id", "-assessed_on", "-pk"):
        latest.setdefault(row.supplier_id, row)
    found = {}
    url_of = pk_urls("segmentation:supplier")
    for pk in supplier_ids:
        url = url_of(pk)
        last = latest.get(pk)
        if last is None:
            found[pk] = ChecklistResult(False, "No alignment assessment yet.", url)
        else:
            who = last.assessed_by.display_name
            found[pk] = ChecklistResult(True, f"Assessed on {last.assessed_on} by {who}.", url)
    return found


# From this many suppliers on, the placement checklist reads the kept whole portfolio
# (computed once) rather than scoring the suppliers again; fewer are cheaper to score.
KEPT_FROM = 200


def checklist_placement(supplier_ids: list[int]) -> dict[int, ChecklistResult]:
    """{pk: ChecklistResult}: the supplier has a value-risk quadrant (computed or set by a
    manager), in a fixed number of queries."""
    segmentations: dict[int, Segmentation] = {}
    if len(supplier_ids) >= KEPT_FROM and not transaction.get_connection().in_atomic_block:
        whole = cache.portfolio(lambda key: _computed(Supplier.objects.all(), key))
        wanted = set(supplier_ids)
        segmentations = {
            e.supplier.pk: e.segmentation for e in whole.entries if e.supplier.pk in wanted
        }
    rest = [pk for pk in supplier_ids if pk not in segmentations]
    if rest:  # archived or exited suppliers are not in the portfolio
        segmentations.update(segmentations_of(list(Supplier.objects.filter(pk__in=rest))))
    found = {}
    url_of = pk_urls("segmentation:supplier")
    for pk, seg in segmentations.items():
        url = url_of(pk)
        if seg.quadrant is None:
            found[pk] = ChecklistResult(False, seg.placement.reason or "No quadrant yet.", url)
            continue
        label = domain.QUADRANT_LABELS[seg.quadrant]
        if seg.overridden:
            text = f"{label}, set by a manager."
        else:
            value, risk = seg.placement.value.score, seg.placement.risk.score
            text = f"{label}: value {value or 0:.0f}, risk {risk or 0:.0f}."
        found[pk] = ChecklistResult(True, text, url)
    return found
