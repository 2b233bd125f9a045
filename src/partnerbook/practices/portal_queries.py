"""Reads of agreements for the supplier portal: a portal user's own supplier's agreements in
the portal schema (terms, dates, escalation path, meeting rhythm), never our internal note,
legal review or template suggestion."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from . import domain, services
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


def _data(user: Any) -> tuple[list[Agreement], dict[str, Any]]:
    """The user's supplier's agreements that are not archived (contracts first, newest
    first), and the summary's data with the meetings of its rhythm (two queries)."""
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
    data = {
        "agreements": [_agreement(a, today) for a in agreements],
        "review_rhythm": [
            {"meeting": item.label, "every_days": item.interval_days} for item in rhythm
        ],
    }
    return agreements, data


def summary(user: Any) -> PortalAgreementSummaryOut:
    """The user's supplier's agreements that are not archived (contracts first, newest
    first), and the meetings of its rhythm (two queries)."""
    return PortalAgreementSummaryOut.model_validate(_data(user)[1])


def agreement_card(user: Any) -> dict[str, Any] | None:
    """The portal page's card: the API's summary with its labels in the person's language
    (the API itself keeps them in English)."""
    agreements, data = _data(user)
    summary_data = PortalAgreementSummaryOut.model_validate(data).model_dump()
    today = timezone.localdate()
    for agreement, item in zip(agreements, summary_data["agreements"], strict=True):
        label = gettext(KIND_LABELS.get(agreement.kind, agreement.kind))
        item["title"] = f"{label} {agreement.reference}".strip()
        item["renewal"] = services.renewal_label(domain.renewal(agreement.facts(), today))
        for term in item["terms"]:
            term["label"] = gettext(domain.SECTION_LABELS[term["key"]])
    return {"summary": summary_data}
