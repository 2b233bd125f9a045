"""What a supplier's portal user answers about the relationship itself: the level of
relationship they expect, and their own side of the alignment triangle.

Both answers stay editable: they describe how the supplier sees things *now*, and every
change is kept in the record's history. Each save e-mails the relationship owner."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerbook.accounts.models import User
from partnerbook.accounts.notifications import notify
from partnerbook.accounts.policy import require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.suppliers.models import Supplier

from . import domain
from .models import SegmentationProfile, SupplierAlignmentAnswer
from .portal_schemas import MAX_NOTE, PortalAlignmentOut, PortalExpectationOut

SUPPLIER_WROTE = "portal.supplier_wrote"  # registered by the portal app
STAGES = {s.value: domain.STAGE_LABELS[s] for s in domain.Stage}
DIMENSION_LABELS = {"goals": "Goals", "values": "Values", "capabilities": "Capabilities"}


def own_supplier(user: User) -> Supplier:
    """The portal user's own supplier (checked with "portal.use")."""
    supplier = Supplier.objects.visible_to(user).get(pk=user.supplier_id)
    require(user, "portal.use", supplier)
    return supplier


def score_error(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return "Give a score from 1 to 5."
    return None


def tell_owner(supplier: Supplier, actor: User, what: str) -> None:
    """E-mail the relationship owner that the supplier answered something in the portal."""
    notify(
        SUPPLIER_WROTE,
        [supplier.relationship_owner],
        f"{supplier.name} answered in the portal: {what}",
        f"{actor.display_name} of {supplier.name} {what} in the supplier portal.\n"
        "You find their answer on the supplier's pages in Partnerbook.",
    )


@dataclass(frozen=True)
class Expectation:
    expectation: str  # "" when not answered yet
    importance: int | None
    answered: bool  # given by the supplier through the portal
    version: int


def expectation_of(user: User) -> Expectation:
    """The supplier's expectation as stored; only a portal answer counts as answered."""
    profile = SegmentationProfile.objects.filter(
        supplier__in=Supplier.objects.visible_to(user)
    ).first()
    if profile is None:
        return Expectation("", None, False, 1)
    answered = profile.supplier_expectation_source == "portal"
    return Expectation(
        profile.supplier_expectation if answered else "",
        profile.supplier_importance if answered else None,
        answered,
        profile.version,
    )


@transaction.atomic
def set_expectation(
    actor: User, expectation: str, importance: int | None, expected_version: int | None = None
) -> SegmentationProfile:
    """Record the level of relationship the supplier expects (a maturity stage) and how much
    it matters to them (1-5, optional), as entered by the supplier."""
    supplier = own_supplier(actor)
    errors = {}
    if expectation not in STAGES:
        errors["expectation"] = f"Choose one of: {', '.join(STAGES)}."
    if importance is not None and (reason := score_error(importance)):
        errors["importance"] = reason
    if errors:
        raise ValidationError(errors)
    list(Supplier.objects.select_for_update().filter(pk=supplier.pk).values_list("pk"))
    profile = SegmentationProfile.objects.select_for_update().filter(supplier=supplier).first()
    if profile is None:
        profile = SegmentationProfile(supplier=supplier)
        save_audited(profile, actor, "Segmentation started")
    elif expected_version is not None:
        lock_for_edit(profile, expected_version, "your expectation")
    profile.supplier_expectation = expectation
    profile.supplier_importance = importance
    profile.supplier_expectation_source = "portal"
    next_version(profile)
    save_audited(profile, actor, "Expectation answered by the supplier")
    tell_owner(supplier, actor, "gave their expectation of the relationship")
    return profile


def alignment_of(user: User) -> SupplierAlignmentAnswer | None:
    return SupplierAlignmentAnswer.objects.filter(
        supplier__in=Supplier.objects.visible_to(user)
    ).first()


def alignment_answer_of(supplier: Supplier) -> SupplierAlignmentAnswer | None:
    """For our side's pages: the supplier's own answer, with who gave it (one query)."""
    return (
        SupplierAlignmentAnswer.objects.filter(supplier=supplier)
        .select_related("answered_by")
        .first()
    )


@transaction.atomic
def set_alignment(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> SupplierAlignmentAnswer:
    """Save the supplier's side of the alignment triangle: `goals`, `values`, `capabilities`
    (1-5 each, required) and optional `<dimension>_note`."""
    supplier = own_supplier(actor)
    errors = {}
    for dimension in domain.DIMENSIONS:
        if reason := score_error(data.get(dimension)):
            errors[dimension] = reason
        if len(str(data.get(f"{dimension}_note") or "")) > MAX_NOTE:
            errors[f"{dimension}_note"] = f"At most {MAX_NOTE} characters are allowed."
    if errors:
        raise ValidationError(errors)
    answer = SupplierAlignmentAnswer.objects.select_for_update().filter(supplier=supplier).first()
    if answer is None:
        answer = SupplierAlignmentAnswer(supplier=supplier)
        reason = "Alignment answered by the supplier"
    else:
        lock_for_edit(answer, expected_version, "your alignment answer")
        next_version(answer)
        reason = "Alignment answer changed by the supplier"
    for dimension in domain.DIMENSIONS:
        setattr(answer, dimension, data[dimension])
        setattr(answer, f"{dimension}_note", str(data.get(f"{dimension}_note") or "").strip())
    answer.answered_by = actor
    answer.answered_by_contact_id = actor.contact_id
    save_audited(answer, actor, reason)
    tell_owner(supplier, actor, "answered the alignment triangle")
    return answer


def expectation_out(user: User) -> PortalExpectationOut:
    found = expectation_of(user)
    return PortalExpectationOut(
        expectation=found.expectation or None,  # type: ignore[arg-type]
        importance=found.importance,
        answered=found.answered,
        version=found.version,
    )


def alignment_out(user: User) -> PortalAlignmentOut:
    answer = alignment_of(user)
    if answer is None:
        return PortalAlignmentOut(
            goals=None, values=None, capabilities=None, goals_note="", values_note="",
            capabilities_note="", answered=False, version=None,
        )  # fmt: skip
    return PortalAlignmentOut(
        goals=answer.goals, values=answer.values, capabilities=answer.capabilities,
        goals_note=answer.goals_note, values_note=answer.values_note,
        capabilities_note=answer.capabilities_note, answered=True, version=answer.version,
    )  # fmt: skip
