"""The review of prospects' registrations: approving one (a new prospect supplier, its
contact, the portal user and the candidacy on a sourcing project) or declining it.

The registration itself, its public page and `accounts.services.register` stay in
`accounts`; the review lives here because approving one writes suppliers and sourcing
records, which the low-level `accounts` app must not import.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, QuerySet, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerbook.accounts.models import MAX_DECISION_NOTE, Registration, Role, User
from partnerbook.accounts.policy import require
from partnerbook.accounts.services import email_base_url, send_notice, username_problem
from partnerbook.core.audit import save_audited
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.services import create_contact, create_supplier

from .domain import decision_refusal, project_refusal
from .models import Candidate, SourcingProject
from .services import add_candidate


def open_projects() -> QuerySet[SourcingProject]:
    """The sourcing projects an approved prospect may join as a candidate."""
    return SourcingProject.objects.filter(
        status=SourcingProject.Status.OPEN, archived=False
    ).select_related("category")


def project_for_approval(project_id: int | None) -> SourcingProject | None:
    """The sourcing project an approval names, or None when it names none. Raises
    ValidationError on `project` for an id that matches no project."""
    if project_id is None:
        return None
    project = SourcingProject.objects.filter(pk=project_id).first()
    if project is None:
        raise ValidationError({"project": _("There is no sourcing project with this id.")})
    return project


def pending_count() -> int:
    return Registration.objects.filter(status=Registration.Status.PENDING).count()


def registrations_for_review() -> QuerySet[Registration]:
    """Every registration, those waiting for review first, then the newest."""
    pending_first = Case(When(status=Registration.Status.PENDING, then=0), default=1)
    return Registration.objects.select_related("category", "decided_by", "supplier").order_by(
        pending_first, "-created_at", "-pk"
    )


def same_name_suppliers(registrations: Iterable[Registration]) -> dict[int, list[Supplier]]:
    """Registration id -> existing suppliers with the same name (ignoring case and spaces),
    in one query, so the reviewer can spot a duplicate."""
    by_name: dict[str, list[int]] = {}
    for registration in registrations:
        if registration.status == Registration.Status.PENDING:
            key = " ".join(registration.company_name.lower().split())
            by_name.setdefault(key, []).append(registration.pk)
    found: dict[int, list[Supplier]] = {}
    if not by_name:
        return found
    suppliers = Supplier.objects.annotate(lowered=Lower("name")).filter(lowered__in=list(by_name))
    for supplier in suppliers.order_by("name", "pk"):
        for registration_id in by_name.get(" ".join(supplier.name.lower().split()), []):
            found.setdefault(registration_id, []).append(supplier)
    return found


def _lock_pending(registration: Registration) -> Registration:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    refusal = decision_refusal(locked.status)
    if refusal:
        raise ValidationError({"registration": refusal})
    return locked


@transaction.atomic
def approve(
    actor: User, registration: Registration, project: SourcingProject | None, *, base_url: str
) -> Registration:
    """Approve a registration: in one transaction, a NEW supplier in status prospect (never
    an existing one), its contact, the portal user with the chosen password, the candidacy
    (source: inbound) on `project`, then the "you can now sign in" e-mail.

    Raises ValidationError naming `registration` (already decided), `project` (missing
    while projects are open, or not open), `username` (taken meanwhile) or `email`.
    """
    require(actor, "portal.review_registrations")
    registration = _lock_pending(registration)
    if project is not None and (project.archived or project.status != SourcingProject.Status.OPEN):
        raise ValidationError(
            {"project": _("This sourcing project is not open; choose an open one.")}
        )
    refusal = project_refusal(chosen=project is not None, open_projects=open_projects().count())
    if refusal:
        raise ValidationError({"project": refusal})
    if username_problem(registration.username, exclude_pk=registration.pk):
        raise ValidationError(
            {"username": "Someone took this user name after the registration; decline it and "
             "ask them to register again with another one."}
        )  # fmt: skip
    supplier = create_supplier(
        actor,
        {"name": registration.company_name, "category": registration.category,
         "country": registration.country, "website": registration.website,
         "status": "prospect", "notes": registration.offer},
    )  # fmt: skip
    contact = create_contact(
        actor,
        supplier,
        {"side": "supplier", "name": registration.contact_name, "email": registration.email},
    )
    first, _space, last = registration.contact_name.partition(" ")
    user = User(
        username=registration.username,
        email=registration.email,
        first_name=first[:150],
        last_name=last.strip()[:150],
        role=Role.SUPPLIER_CONTACT,
        supplier=supplier,
        contact=contact,
        password=registration.password_hash,
    )
    save_audited(user, actor, f"Portal account opened by approving the registration of "
                 f"{registration.company_name}.")  # fmt: skip
    if project is not None:
        add_candidate(
            actor, project,
            {"supplier": supplier, "source": Candidate.Source.INBOUND,
             "note": "Registered on our website."},
        )  # fmt: skip
    registration.status = Registration.Status.APPROVED
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.supplier, registration.contact, registration.user = supplier, contact, user
    save_audited(registration, actor, "Registration approved.")
    sign_in = email_base_url(base_url) + reverse("login")
    send_notice(
        f"Your registration of {registration.company_name} is approved",
        f"Hello {registration.contact_name},\n\n"
        f"Good news: we have approved the registration of {registration.company_name}. You "
        f"can now sign in as {registration.username} with the password you chose:\n\n"
        f"{sign_in}\n\nWe look forward to getting to know you.\n",
        registration.email,
        "email",
        "approval",
    )
    return registration


@transaction.atomic
def decline(actor: User, registration: Registration, note: str) -> Registration:
    """Decline a registration with a note (e-mailed to the registrant); nothing is created."""
    require(actor, "portal.review_registrations")
    registration = _lock_pending(registration)
    note = str(note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say briefly why; the registrant reads this note.")})
    if len(note) > MAX_DECISION_NOTE:
        raise ValidationError({"note": f"Keep the note to {MAX_DECISION_NOTE} characters."})
    registration.status = Registration.Status.DECLINED
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.decision_note = note
    save_audited(registration, actor, "Registration declined.")
    send_notice(
        f"Your registration of {registration.company_name}",
        f"Hello {registration.contact_name},\n\n"
        f"Thank you for your interest in working with us. We have looked at the registration "
        f"of {registration.company_name} and cannot take it further at the moment:\n\n"
        f"{note}\n\nWe wish you every success, and thank you again for getting in touch.\n",
        registration.email,
        "email",
        "answer",
    )
    return registration
