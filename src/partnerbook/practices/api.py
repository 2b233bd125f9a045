"""REST endpoints of collaboration practices and agreements (mounted under /api/v1).

Thin: parse input, load the record through `visible_to(user)`, call a service, return.
Internal users only (portal users get 403); the services check who may write. Every
practice comes out with its context checks recomputed now: refusals, warnings and hints,
each with its reason.
"""

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.models import Contact, Supplier

from . import domain, services
from .models import Agreement, Practice
from .schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    PracticeEndIn,
    PracticeIn,
    PracticeOut,
    PracticePatch,
)

router = Router(tags=["practices"])
SUPPLIER = "/suppliers/{supplier_id}"
PRACTICE = "/practices/{practice_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    require(request.user, "practice.view")
    return get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)


def _practice(request: HttpRequest, practice_id: int) -> Practice:
    require(request.user, "practice.view")
    practice: Practice = get_object_or_404(
        Practice.objects.visible_to(request.user).for_list(), pk=practice_id
    )
    practice.supplier = get_object_or_404(
        Supplier.objects.visible_to(request.user), pk=practice.supplier_id
    )
    return practice


def _linked(supplier: Supplier, data: dict[str, Any]) -> dict[str, Any]:
    """Replace owner and attendee ids by their records; an unknown id is a 400 on its field."""
    if data.get("owner") is not None:
        owner = User.objects.filter(
            pk=data["owner"], role__in=INTERNAL_ROLES, is_active=True
        ).first()
        if owner is None:
            raise ValidationError({"owner": f"Not an active colleague: {data['owner']}."})
        data["owner"] = owner
    else:
        data.pop("owner", None)
    if "attendees" in data:
        ids = data["attendees"] or []
        found = list(Contact.objects.filter(supplier=supplier, pk__in=ids))
        missing = sorted(set(ids) - {c.pk for c in found})
        if missing:
            listed = ", ".join(str(pk) for pk in missing[:10])
            raise ValidationError({"attendees": f"Not among this supplier's contacts: {listed}."})
        data["attendees"] = found
    return data


def _findings(findings: tuple[domain.Finding, ...]) -> list[dict[str, str]]:
    return [{"code": f.code, "message": f.message} for f in findings]


def _out(practice: Practice, checks: domain.Checks) -> dict[str, Any]:
    return {
        "id": practice.pk,
        "supplier_id": practice.supplier_id,
        "kind": practice.kind,
        "kind_label": practice.get_kind_display(),
        "status": practice.status,
        "started_on": practice.started_on,
        "ended_on": practice.ended_on,
        "owner_id": practice.owner_id,
        "owner_name": practice.owner.display_name,
        "notes": practice.notes,
        "attendees": [
            {"id": c.pk, "name": c.name, "side": c.side, "level": c.level}
            for c in practice.attendees.all()
        ],
        "version": practice.version,
        "rule": checks.rule,
        "refusals": _findings(checks.refusals),
        "warnings": _findings(checks.warnings),
        "hints": _findings(checks.hints),
    }


def _fresh(practice: Practice) -> dict[str, Any]:
    found: Practice = Practice.objects.for_list().get(pk=practice.pk)
    return _out(found, services.checks_of(found))


def _agreement_out(agreement: Agreement) -> dict[str, Any]:
    today = timezone.localdate()
    facts = agreement.facts()
    out: dict[str, Any] = {
        key: getattr(agreement, key)
        for key in (
            "kind", "template", "suggested_template", "signed_on", "starts_on", "expires_on",
            "renewal_notice_days", "reference", "note", *domain.TEXT_SECTIONS,
            "legal_reviewed_on", "legal_reviewer", "archived", "version", "supplier_id",
        )
    }  # fmt: skip
    levels, _ = domain.check_escalation_path(agreement.escalation_path)
    out.update(
        id=agreement.pk,
        kind_label=agreement.get_kind_display(),
        escalation_path=[level.as_dict() for level in levels],
        required_sections=list(domain.required_sections(agreement.template)),
        on_record=domain.on_record(facts, today),
        status=domain.agreement_status(facts, today),
        renewal=asdict(domain.renewal(facts, today)),
    )
    return out


def _agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    require(request.user, "practice.view")
    agreement: Agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user), pk=agreement_id
    )
    agreement.supplier = get_object_or_404(
        Supplier.objects.visible_to(request.user), pk=agreement.supplier_id
    )
    return agreement


# --- practices ----------------------------------------------------------------------------


@router.get(f"{SUPPLIER}/practices", response=list[PracticeOut], summary="List practices")
def list_practices(request: HttpRequest, supplier_id: int) -> list[dict[str, Any]]:
    """A supplier's practices, active first, each with its context checks."""
    supplier = _supplier(request, supplier_id)
    practices = services.practices_of(supplier)
    checks = services.checks_for(supplier, practices)
    return [_out(p, checks[p.pk]) for p in practices]


@router.post(f"{SUPPLIER}/practices", response={201: PracticeOut}, summary="Start a practice")
def start_practice(
    request: HttpRequest, supplier_id: int, payload: PracticeIn
) -> Status[dict[str, Any]]:
    """Editors, or the buyer who owns the supplier. A practice its context refuses (e.g.
    roadmap sharing without a mutual NDA on record) is a 400 on `kind` with the reasons."""
    supplier = _supplier(request, supplier_id)
    data = _linked(supplier, payload.model_dump())
    practice = services.start_practice(_user(request), supplier, data)
    return Status(201, _fresh(practice))


@router.get(PRACTICE, response=PracticeOut, summary="Get a practice")
def get_practice(request: HttpRequest, practice_id: int) -> dict[str, Any]:
    practice = _practice(request, practice_id)
    return _out(practice, services.checks_of(practice))


@router.patch(PRACTICE, response=PracticeOut, summary="Change a practice")
def update_practice(
    request: HttpRequest, practice_id: int, payload: PracticePatch
) -> dict[str, Any]:
    """Only the fields sent change. With `version`, a stale edit is refused with 409."""
    practice = _practice(request, practice_id)
    data = _linked(practice.supplier, payload.model_dump(exclude_unset=True))
    expected = data.pop("version", None)
    services.update_practice(_user(request), practice, data, expected)
    return _fresh(practice)


@router.post(f"{PRACTICE}/end", response=PracticeOut, summary="End a practice")
def end_practice(request: HttpRequest, practice_id: int, payload: PracticeEndIn) -> dict[str, Any]:
    practice = _practice(request, practice_id)
    services.end_practice(_user(request), practice, payload.ended_on, payload.version)
    return _fresh(practice)


# --- agreements ---------------------------------------------------------------------------


@router.get(f"{SUPPLIER}/agreements", response=list[AgreementOut], summary="List agreements")
def list_agreements(
    request: HttpRequest, supplier_id: int, archived: bool = False
) -> list[dict[str, Any]]:
    """A supplier's agreements, newest first; the archived ones with `archived=true`."""
    supplier = _supplier(request, supplier_id)
    return [_agreement_out(a) for a in services.agreements_of(supplier, archived=archived)]


@router.post(f"{SUPPLIER}/agreements", response={201: AgreementOut}, summary="Record an agreement")
def record_agreement(
    request: HttpRequest, supplier_id: int, payload: AgreementIn
) -> Status[dict[str, Any]]:
    supplier = _supplier(request, supplier_id)
    agreement = services.record_agreement(_user(request), supplier, payload.model_dump())
    return Status(201, _agreement_out(agreement))


@router.get("/agreements/{agreement_id}", response=AgreementOut, summary="Get an agreement")
def get_agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    """One agreement with its sections, status and renewal today."""
    return _agreement_out(_agreement(request, agreement_id))


@router.patch("/agreements/{agreement_id}", response=AgreementOut, summary="Change an agreement")
def update_agreement(
    request: HttpRequest, agreement_id: int, payload: AgreementPatch
) -> dict[str, Any]:
    """Only the fields sent change (null clears an optional date or number). With
    `version`, a stale edit is refused with 409. A missing required section is a 400 on
    that section."""
    agreement = _agreement(request, agreement_id)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    services.update_agreement(_user(request), agreement, data, expected)
    return _agreement_out(agreement)


@router.post(
    "/agreements/{agreement_id}/archive", response=AgreementOut, summary="Archive an agreement"
)
def archive_agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    """It stays in the history; practices no longer rest on it."""
    agreement = _agreement(request, agreement_id)
    return _agreement_out(services.archive_agreement(_user(request), agreement))
