"""Web pages of segmentation: the Segmentation tab of a supplier and the scoring settings.

Thin: load the supplier through `visible_to`, check permission, call a service, render. The
page is rebuilt with the submitted form (and its field errors) when a service refuses input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.history import AuditEntry, build_entries
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors

from . import domain, portal, services
from .forms import (
    DIMENSION_NAMES,
    AlignmentForm,
    EngagementModelForm,
    ExpectationsForm,
    FactorsForm,
    MaturityMoveForm,
    OverrideForm,
    ScoringSettingsForm,
)
from .models import AlignmentAssessment, ScoringSettings, SupplierAlignmentAnswer

SETTINGS_HISTORY_LIMIT = 8

# The engagement models as a sentence names them (lower case in English).
MODEL_NAMES = {
    "transactional": pgettext_lazy("engagement model in a sentence", "transactional"),
    "partnership": pgettext_lazy("engagement model in a sentence", "partnership"),
}


def _supplier(request: AuthenticatedRequest, pk: int) -> Supplier:
    suppliers = Supplier.objects.visible_to(request.user).select_related("category")
    return get_object_or_404(suppliers, pk=pk)


# --- the Segmentation tab -----------------------------------------------------------------


@internal_view("segmentation.view")
def supplier_segmentation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, _supplier(request, pk))


@require_POST
@internal_view("segmentation.view")
def update_factors(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "segmentation.edit", supplier)
    return _submit(
        request, supplier, "factors", FactorsForm(request.POST),
        lambda d: services.update_factors(request.user, supplier, d, d.get("version")),
        _("Factors saved."),
    )  # fmt: skip


@require_POST
@internal_view("segmentation.override")
def override_quadrant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    return _submit(
        request, supplier, "override", OverrideForm(request.POST),
        lambda d: services.override_quadrant(request.user, supplier, d["quadrant"], d["reason"]),
        _("Quadrant overridden."),
    )  # fmt: skip


@require_POST
@internal_view("segmentation.override")
def clear_override(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    services.clear_override(request.user, supplier)
    messages.success(request, _("Override removed: the computed quadrant applies again."))
    return redirect(_url(supplier, "quadrant"))


@require_POST
@internal_view("segmentation.view")
def choose_model(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "segmentation.edit", supplier)
    return _submit(
        request, supplier, "model", EngagementModelForm(request.POST),
        lambda d: services.choose_engagement_model(request.user, supplier, d["model"],
                                                   d["reason"], d.get("version")),
        _("Engagement model recorded."),
    )  # fmt: skip


@require_POST
@internal_view("segmentation.view")
def set_expectations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "segmentation.edit", supplier)
    form = ExpectationsForm.for_profile(services.profile_of(supplier), request.POST)
    return _submit(
        request, supplier, "expectations", form,
        lambda d: services.set_expectations(request.user, supplier, form.changes(), "buyer",
                                            d.get("version")),
        _("Expectations saved."),
    )  # fmt: skip


@require_POST
@internal_view("segmentation.view")
def record_maturity_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "segmentation.edit", supplier)
    return _submit(
        request, supplier, "maturity", MaturityMoveForm(request.POST),
        lambda d: services.record_maturity_move(request.user, supplier, d["to_stage"],
                                                d["evidence"], d["moved_on"]),
        _("Maturity move recorded."),
    )  # fmt: skip


@require_POST
@internal_view("segmentation.view")
def record_alignment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "segmentation.edit", supplier)
    return _submit(
        request, supplier, "alignment", AlignmentForm(request.POST),
        lambda data: services.record_alignment(request.user, supplier, data),
        _("Alignment assessment added."),
    )  # fmt: skip


def _url(supplier: Supplier, section: str) -> str:
    return reverse("segmentation:supplier", args=[supplier.pk]) + f"#{section}"


def _submit(
    request: AuthenticatedRequest,
    supplier: Supplier,
    key: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run `action` on the parsed form; on bad input show the page again with the errors."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except StaleEdit as exc:
            # The page again with the current values in this form, and the other person's change.
            return _page(request, supplier, stale=(key, exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_url(supplier, key))
    return _page(request, supplier, {key: form})


def _page(
    request: AuthenticatedRequest,
    supplier: Supplier,
    bound: dict[str, forms.Form] | None = None,
    stale: tuple[str, StaleEdit] | None = None,
) -> HttpResponse:
    """The Segmentation tab; `bound` replaces a blank form with a submitted one, and `stale`
    names the form whose save was refused as stale (shown with the current values, 409)."""
    bound = bound or {}
    seg = services.segmentation_of(supplier)
    settings_obj = services.get_settings()
    profile = seg.profile
    history = services.alignment_history(supplier)
    moves = services.maturity_timeline(supplier)
    supplier_answer = portal.alignment_answer_of(supplier)
    forms_ = {
        "factors": FactorsForm.for_profile(profile),
        "override": OverrideForm(
            initial={"quadrant": seg.quadrant.value if seg.quadrant else "strategic"}
        ),
        "model": EngagementModelForm(
            initial={
                "model": profile.chosen_model,
                "reason": profile.chosen_model_reason,
                "version": profile.version,
            }
        ),
        "expectations": ExpectationsForm.for_profile(profile),
        "maturity": MaturityMoveForm(initial={"to_stage": seg.next_stage or ""}),
        "alignment": AlignmentForm(initial=_their_side(supplier_answer)),
    } | bound
    if stale is not None:
        stale_key, exc = stale
        show_stale(forms_[stale_key], exc)
        bound = {stale_key: forms_[stale_key]}
    context: dict[str, Any] = {
        "supplier": supplier,
        "supplier_alignment": supplier_answer,
        "seg": seg,
        "profile": profile,
        "overridden_by": profile.overridden_by if seg.overridden else None,
        "quadrant_label": _quadrant_label(seg.quadrant),
        "computed_label": _quadrant_label(seg.placement.quadrant),
        "quadrant_meaning": _(domain.QUADRANT_MEANING[seg.quadrant]) if seg.quadrant else None,
        "matrix": _matrix(seg),
        "gap_distance": abs(seg.gap.distance) if seg.gap else 0,
        "confidence": round(seg.placement.confidence * 100),
        "missing": [_(label) for label in seg.placement.value.missing + seg.placement.risk.missing],
        "score_tables": [
            (
                "value",
                _("Value score"),
                _factor_rows(seg.placement.value, supplier, settings_obj),
                seg.placement.value,
            ),
            (
                "risk",
                _("Risk score"),
                _factor_rows(seg.placement.risk, supplier, settings_obj),
                seg.placement.risk,
            ),
        ],
        "stage_label": _(domain.STAGE_LABELS[domain.Stage(profile.maturity_stage)]),
        "stages": _stage_ladder(profile.maturity_stage),
        "moves": list(reversed(moves)),
        "history": [(a, _reading_names(reading)) for a, reading in history],
        "latest": _latest_alignment(history),
        "chart": _chart_data(history),
        "chosen_model_word": MODEL_NAMES.get(profile.chosen_model or "", ""),
        "recommended_model_word": MODEL_NAMES[seg.fit.recommended.value],
        "forms": forms_,
        "open_form": next(iter(bound), None),
        "can_edit": can(request.user, "segmentation.edit", supplier),
        "can_override": can(request.user, "segmentation.override"),
        "can_configure": can(request.user, "segmentation.configure"),
    }
    return render(
        request, "segmentation/supplier.html", context, status=409 if stale is not None else 200
    )


# --- presentation helpers (plain data for the template) -----------------------------------


def _quadrant_label(quadrant: domain.Quadrant | None) -> str | None:
    return _(domain.QUADRANT_LABELS[quadrant]) if quadrant else None


def _matrix(seg: services.Segmentation) -> list[dict[str, Any]]:
    """The four cells, high value on top, low risk on the left, marking where we stand."""
    cells = []
    for quadrant in (domain.Quadrant.STRATEGIC, domain.Quadrant.OPPORTUNISTIC,
                     domain.Quadrant.OPERATIONAL, domain.Quadrant.AVOID):  # fmt: skip
        cells.append(
            {
                "key": quadrant.value,
                "label": _(domain.QUADRANT_LABELS[quadrant]),
                "effective": seg.quadrant == quadrant,
                "computed": seg.overridden
                and seg.placement.quadrant == quadrant
                and seg.quadrant != quadrant,
            }
        )
    return cells


def _hint(factor: str, settings_obj: ScoringSettings) -> str:
    """What a recorded value means for the score, where the bare number could mislead."""
    if factor == "financial_health":  # the one scale where a high number means low risk
        return _("5 = strong, so low risk")
    if factor == "spend_share":
        return _("full points from %(share)s %%") % {
            "share": f"{settings_obj.spend_share_full_at * 100:g}"
        }
    if factor == "serious_incidents":
        return _("full points from %(count)s") % {"count": settings_obj.incidents_full_at}
    return ""


def _recorded(factor: str, raw: object) -> str:
    """A recorded factor value as a person reads it."""
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    if factor == "spend_share" and isinstance(raw, int | float):
        return _("%(share)s %% of spend") % {"share": f"{raw * 100:.1f}"}
    if factor == "serious_incidents":
        count = int(raw) if isinstance(raw, int) else 0
        return ngettext("%(count)s incident", "%(count)s incidents", count) % {"count": raw}
    return f"{raw} / 5"


def _missing_note(factor: str, supplier: Supplier, settings_obj: ScoringSettings) -> str:
    if factor != "spend_share":
        return _("not recorded yet")
    if supplier.annual_spend is None:
        return _("no annual spend on the supplier record")
    if supplier.currency != settings_obj.reporting_currency and not (
        settings_obj.exchange_rates or {}
    ).get(supplier.currency):
        return _("no exchange rate for %(currency)s in the scoring settings") % {
            "currency": supplier.currency
        }
    return _("the portfolio's total spend is zero")


def _factor_rows(
    score: domain.Score, supplier: Supplier, settings_obj: ScoringSettings
) -> list[dict[str, Any]]:
    return [
        {
            "label": _(c.label),
            "missing": c.missing,
            "recorded": None if c.missing else _recorded(c.factor, c.raw),
            "note": (
                _missing_note(c.factor, supplier, settings_obj)
                if c.missing
                else _hint(c.factor, settings_obj)
            ),
            "weight": f"{c.weight:g}",
            "points": c.points,
        }
        for c in score.contributions
    ]


def _stage_ladder(current: str) -> list[dict[str, Any]]:
    index = domain.STAGES.index(domain.Stage(current))
    return [
        {
            "label": _(domain.STAGE_LABELS[stage]),
            "requirement": _(domain.STAGE_REQUIREMENTS[stage]),
            "state": "done" if i < index else "current" if i == index else "ahead",
        }
        for i, stage in enumerate(domain.STAGES)
    ]


def _their_side(answer: SupplierAlignmentAnswer | None) -> dict[str, Any]:
    """A new assessment starts from the supplier's own answer in the portal, if any."""
    if answer is None:
        return {}
    return {f"their_{d}": getattr(answer, d) for d in ("goals", "values", "capabilities")} | {
        f"their_{d}_note": getattr(answer, f"{d}_note") for d in ("goals", "values", "capabilities")
    }


def _latest_alignment(
    history: list[tuple[AlignmentAssessment, domain.AlignmentReading]],
) -> dict[str, Any] | None:
    if not history:
        return None
    assessment, reading = history[0]
    ours, theirs = assessment.ours(), assessment.theirs()
    rows = [
        {
            "dimension": d,
            "name": DIMENSION_NAMES[d],
            "ours": ours[d],
            "theirs": theirs[d],
            "average": reading.averages[d],
            "gap": reading.gaps[d],
            "our_note": getattr(assessment, f"our_{d}_note"),
            "their_note": getattr(assessment, f"their_{d}_note"),
            "weakest": d == reading.weakest,
            "disagreement": d == reading.biggest_disagreement,
        }
        for d in domain.DIMENSIONS
    ]
    return {
        "assessment": assessment,
        "reading": reading,
        "rows": rows,
        "weakest": next(r for r in rows if r["weakest"]),
        "disagreement": next((r for r in rows if r["disagreement"]), None),
    }


def _chart_data(
    history: list[tuple[AlignmentAssessment, domain.AlignmentReading]],
) -> dict[str, Any] | None:
    """The latest assessment as the radar chart's two datasets."""
    if not history:
        return None
    assessment = history[0][0]
    ours, theirs = assessment.ours(), assessment.theirs()
    return {
        "labels": [str(DIMENSION_NAMES[d]).capitalize() for d in domain.DIMENSIONS],
        "ours": [ours[d] for d in domain.DIMENSIONS],
        "theirs": [theirs[d] for d in domain.DIMENSIONS],
        "assessed_on": assessment.assessed_on.isoformat(),
    }


def _reading_names(reading: domain.AlignmentReading) -> dict[str, Any]:
    """An assessment's weakest side and biggest disagreement, named for the reader."""
    widest = reading.biggest_disagreement
    return {
        "weakest": DIMENSION_NAMES[reading.weakest],
        "biggest_disagreement": DIMENSION_NAMES[widest] if widest else None,
    }


# --- scoring settings ---------------------------------------------------------------------


@internal_view("segmentation.configure")
def scoring_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = ScoringSettingsForm(request.POST or None, instance=services.get_settings())
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_settings(request.user, data, data.pop("version", None))
        except StaleEdit as exc:
            form = show_stale(ScoringSettingsForm(instance=services.get_settings()), exc)
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Scoring settings saved. Every score now uses them."))
            return redirect("segmentation:settings")
    return render(
        request,
        "segmentation/settings.html",
        {"form": form, "entries": _settings_history(SETTINGS_HISTORY_LIMIT)},
        status=status,
    )


def _settings_history(limit: int) -> list[AuditEntry]:
    """The latest `limit` changes, newest first, each diffed against the one before it."""
    records = list(
        ScoringSettings.history.select_related("history_user").order_by(  # type: ignore[attr-defined]
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    records.reverse()
    labels = ScoringSettingsForm.labels()
    entries = build_entries(records, subject=lambda r: _("Scoring settings"), labels=labels)
    if len(records) > limit and entries and entries[0].when == records[0].history_date:
        entries = entries[1:]  # fetched only to diff the next change against
    return list(reversed(entries))
