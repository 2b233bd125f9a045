"""Reads of agreements for the supplier portal: a portal user's own supplier's agreements in
the portal schema (terms, dates, escalation path, meeting rhythm), never our internal note,
legal review or template suggestion."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import domain
from .models import Agreement
from .schemas import PortalAgreementSummaryOut

KIND_LABELS = dict(domain.AGREEMENT_CHOICES)


def _agreement(agreement: Agreement, today: Any) -> dict[str, Any]:
    facts = agreement.facts()
    levels, _ = domain.check_escalation_path(agreement.escalation_path)
    label = KIND_LABELS.get(agreement.kind, agreement.kind)
    renewal = domain.renewal(facts, today)
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "title": f"{label} {agreement.reference}".strip(),
        "status": domain.agreement_status(facts, today),
        "signed_on": agreement.signed_on,
        "starts_on": agreement.starts_on or agreement.signed_on,
        "expires_on": agreement.expires_on,
        "renewal_notice_days": agreement.renewal_notice_days,
        "notice_on": renewal.notice_on,
        "renewal": renewal.label,
        "escalation_path": [lv.as_dict() for lv in levels],
        "terms": [
            {"key": key, "label": domain.SECTION_LABELS[key], "text": getattr(agreement, key)}
            for key in domain.TEXT_SECTIONS
            if getattr(agreement, key, "")
        ],
    }


def summary(user: Any) -> PortalAgreementSummaryOut:
    """The user's supplier's agreements that are not archived (contracts first, newest
    first), and the meetings of its rhythm (two queries)."""
    from partnerbook.cadence.models import CadenceItem

    supplier_id = user.supplier_id
    today = timezone.localdate()
    agreements = sorted(
        Agreement.objects.filter(supplier_id=supplier_id, archived=False).order_by(
            "-signed_on", "-pk"
        ),
        key=lambda a: a.kind in domain.NDA_KINDS,
    )
    rhythm = CadenceItem.objects.filter(supplier_id=supplier_id).order_by("interval_days", "pk")
    return PortalAgreementSummaryOut.model_validate(
        {
            "agreements": [_agreement(a, today) for a in agreements],
            "review_rhythm": [
                {"meeting": item.label, "every_days": item.interval_days} for item in rhythm
            ],
        }
    )


def agreement_card(user: Any) -> dict[str, Any] | None:
    return {"summary": summary(user)}
