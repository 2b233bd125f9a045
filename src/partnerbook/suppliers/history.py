"""The audit trail shown on a supplier page: the supplier's own changes, its contacts' and its
portal invitations'."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.accounts.models import Invitation, User
from partnerbook.core.history import AuditEntry, build_entries

from .models import Category, Contact, Supplier

SUPPLIER_LABELS = {
    "name": _("Name"), "legal_name": _("Legal name"), "category": _("Category"),
    "country": _("Country"), "website": _("Website"), "status": _("Status"),
    "annual_spend": _("Annual spend"), "currency": _("Currency"),
    "relationship_owner": _("Relationship owner"), "external_id": _("External id"),
    "notes": _("Notes"), "archived": _("Archived"), "tags": _("Tags"),
}  # fmt: skip
CONTACT_LABELS = {
    "side": _("Side"), "name": _("Name"), "job_title": _("Job title"), "function": _("Function"),
    "level": _("Level"), "email": _("E-mail"), "phone": _("Phone"), "archived": _("Archived"),
}  # fmt: skip
INVITATION_LABELS = {"accepted_at": _("Accepted"), "revoked_at": _("Revoked")}


def _moment(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value)


def supplier_audit_trail(supplier: Supplier, limit: int = 200) -> list[AuditEntry]:
    """Newest first. Runs a fixed number of queries however long the history is."""
    supplier_records = list(
        supplier.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
    )
    tags_by_record: dict[int, set[str]] = defaultdict(set)
    tag_rows = apps.get_model("suppliers", "HistoricalSupplier_tags").objects.filter(
        history__in=[r.history_id for r in supplier_records]
    )
    for history_id, tag_name in tag_rows.values_list("history_id", "tag__name"):
        tags_by_record[history_id].add(tag_name)
    contact_records = list(
        Contact.history.filter(supplier_id=supplier.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    invitation_records = list(
        Invitation.history.filter(supplier_id=supplier.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    category_ids = {r.category_id for r in supplier_records if r.category_id}
    owner_ids = {r.relationship_owner_id for r in supplier_records if r.relationship_owner_id}
    categories = dict(Category.objects.filter(pk__in=category_ids).values_list("pk", "name"))
    owners = {u.pk: u.display_name for u in User.objects.filter(pk__in=owner_ids)}
    status_labels = dict(Supplier._meta.get_field("status").choices)  # type: ignore[arg-type]

    entries = build_entries(
        supplier_records,
        subject=lambda r: gettext("Supplier"),
        labels=SUPPLIER_LABELS,
        resolvers={
            "category": lambda pk: categories.get(pk, f"#{pk}"),
            "relationship_owner": lambda pk: owners.get(pk, f"user #{pk}"),
            "status": lambda v: str(status_labels.get(v, v)),
        },
        m2m={"tags": lambda r: tags_by_record.get(r.history_id, set())},
    )
    side_labels = dict(Contact.Side.choices)
    entries += build_entries(
        contact_records,
        subject=lambda r: (
            gettext("Contact %(name)s (%(side)s)")
            % {"name": r.name, "side": side_labels.get(r.side, r.side)}
        ),
        labels=CONTACT_LABELS,
    )
    entries += build_entries(
        invitation_records,
        subject=lambda r: gettext("Portal invitation for %(email)s") % {"email": r.email},
        labels=INVITATION_LABELS,
        resolvers={"accepted_at": _moment, "revoked_at": _moment},
    )
    # Newest first; entries recorded in the same instant keep the order they happened in.
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].when, pair[0]), reverse=True)
    return [entry for _, entry in ordered][:limit]
