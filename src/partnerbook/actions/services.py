"""Reads and writes of action items. Every app that raises action items (plans, and later
reviews, the playbook and supplier issues) creates and changes them through here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import can, require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.suppliers.models import Contact, Supplier

from .models import ActionItem

ITEM_FIELDS = ("title", "detail", "owner", "owner_contact", "due_on", "status")
STATUSES = tuple(ActionItem.Status.values)
SOURCE_LABELS = {
    "": gettext_lazy("Stand-alone"),
    "plan.objective": gettext_lazy("Plan objective"),
    "plan.recovery": gettext_lazy("Recovery step"),
    "review.action": gettext_lazy("Review action"),
    "review.mitigation": gettext_lazy("Review: mitigation"),
    "onboarding.task": gettext_lazy("Onboarding task"),
    "conflicts.issue": gettext_lazy("Issue: agreed action"),
}
EXPORT_COLUMNS = (
    "id", "supplier", "supplier_external_id", "title", "detail", "owner", "supplier_owner",
    "due_on", "status", "done_on", "overdue", "source", "source_id",
)  # fmt: skip
EXPORT_LIMIT = 50_000


def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def resolve_people(supplier: Supplier, data: Mapping[str, Any]) -> dict[str, Any]:
    """Turn `owner_id` / `owner_contact_id` (API input) into records; an unknown id is an
    error on that field."""
    out = dict(data)
    if "owner_id" in out:
        owner_id = out.pop("owner_id")
        owner = None
        if owner_id is not None:
            owner = User.objects.filter(
                pk=owner_id, role__in=INTERNAL_ROLES, is_active=True
            ).first()
            if owner is None:
                raise ValidationError({"owner_id": f"No active colleague with id {owner_id}."})
        out["owner"] = owner
    if "owner_contact_id" in out:
        contact_id = out.pop("owner_contact_id")
        contact = None
        if contact_id is not None:
            contact = Contact.objects.filter(
                pk=contact_id, supplier=supplier, side=Contact.Side.SUPPLIER
            ).first()
            if contact is None:
                raise ValidationError(
                    {"owner_contact_id": f"Contact {contact_id} is not one of this supplier's "
                     "own people."}
                )  # fmt: skip
        out["owner_contact"] = contact
    return out


def _apply(item: ActionItem, data: Mapping[str, Any]) -> None:
    for key in ITEM_FIELDS:
        if key in data:
            value = data[key]
            if key in ("title", "detail", "status") and value is None:
                value = ""
            setattr(item, key, value.strip() if isinstance(value, str) else value)
    if not item.title:
        raise ValidationError({"title": _("Say what needs doing.")})
    if item.status not in STATUSES:
        raise ValidationError({"status": f"Use one of: {', '.join(STATUSES)}."})
    if item.owner is not None and not (item.owner.is_active and item.owner.is_internal):
        raise ValidationError({"owner": _("The owner on our side must be an active colleague.")})
    contact = item.owner_contact
    if contact is not None and (
        contact.supplier_id != item.supplier_id or contact.side != Contact.Side.SUPPLIER
    ):
        raise ValidationError(
            {"owner_contact": _("Choose a person from this supplier's own contacts.")}
        )
    today = timezone.localdate()
    if item.status == ActionItem.Status.DONE:
        done_on = data.get("done_on") or item.done_on or today
        if done_on > today:
            raise ValidationError({"done_on": _("An action item cannot be done in the future.")})
        item.done_on = done_on
    else:
        item.done_on = None


@transaction.atomic
def create_action_item(
    actor: User,
    supplier: Supplier,
    data: Mapping[str, Any],
    *,
    source: str = "",
    source_id: int | None = None,
    reason: str = "Action item added.",
) -> ActionItem:
    """Add an action item to `supplier`. `data` holds title, and optionally detail, owner
    (a User), owner_contact (a supplier-side Contact), due_on, status and done_on.
    `source`/`source_id` name the record that raised it (see `ActionItem`)."""
    require(actor, "action.edit", supplier)
    item = ActionItem(supplier=supplier, created_by=actor, source=source, source_id=source_id)
    _apply(item, data)
    save_audited(item, actor, reason)
    tell_new_owner(item, previous_contact_id=None)
    return item


@transaction.atomic
def update_action_item(
    actor: User,
    item: ActionItem,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> ActionItem:
    """Change the fields given in `data`; with `expected_version`, an edit based on an older
    version raises `StaleEdit`. Marking it done sets `done_on` (today unless given)."""
    require(actor, "action.edit", item.supplier)
    lock_for_edit(item, expected_version, "this action item")
    previous_contact_id = item.owner_contact_id
    _apply(item, data)
    next_version(item)
    save_audited(item, actor, "Action item changed.")
    tell_new_owner(item, previous_contact_id)
    return item


def complete_action_item(
    actor: User, item: ActionItem, on: dt.date | None = None, expected_version: int | None = None
) -> ActionItem:
    """Mark an action item done (on `on`, default today)."""
    return update_action_item(
        actor, item, {"status": ActionItem.Status.DONE, "done_on": on}, expected_version
    )


def set_status(
    actor: User, item: ActionItem, status: str, expected_version: int | None = None
) -> ActionItem:
    """Open, done (today) or dropped."""
    return update_action_item(actor, item, {"status": status}, expected_version)


# --- reads ----------------------------------------------------------------------------------


def with_overdue(queryset: QuerySet[ActionItem], today: dt.date | None = None) -> Any:
    """Annotate `overdue` (1/0) and order overdue first, then by due date (undated last)."""
    today = today or timezone.localdate()
    return queryset.annotate(
        overdue=Case(
            When(status=ActionItem.Status.OPEN, due_on__lt=today, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-overdue", F("due_on").asc(nulls_last=True), "pk")


def my_open_items(user: User) -> Any:
    """`user`'s open action items on suppliers they may see, overdue first (one query)."""
    items = ActionItem.objects.visible_to(user).filter(owner=user, status=ActionItem.Status.OPEN)
    return with_overdue(items.for_list())


def overdue_count(user: Any) -> int | None:
    """How many of `user`'s open action items are past their due date (one query)."""
    if not can(user, "action.view"):
        return None
    today = timezone.localdate()
    count = (
        ActionItem.objects.visible_to(user)
        .filter(owner=user, status=ActionItem.Status.OPEN, due_on__lt=today)
        .count()
    )
    return count or None


def items_for_sources(source: str, source_ids: Iterable[int]) -> dict[int, list[ActionItem]]:
    """Action items raised by the given records of kind `source`, per record (one query)."""
    found: dict[int, list[ActionItem]] = defaultdict(list)
    items = (
        ActionItem.objects.filter(source=source, source_id__in=list(source_ids))
        .for_list()
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    for item in items:
        assert item.source_id is not None  # noqa: S101 - filtered on it
        found[item.source_id].append(item)
    return dict(found)


def is_overdue(item: ActionItem, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return item.status == ActionItem.Status.OPEN and item.due_on is not None and item.due_on < today


# --- export ---------------------------------------------------------------------------------


def export_items(items: Any, fmt: str) -> ExportFile:
    """The action items as CSV or XLSX through the shared writer (one query)."""
    today = timezone.localdate()
    rows = [
        (
            item.pk,
            item.supplier.name,
            item.supplier.external_id,
            item.title,
            item.detail,
            item.owner.display_name if item.owner else "",
            item.owner_contact.name if item.owner_contact else "",
            item.due_on.isoformat() if item.due_on else "",
            item.status,
            item.done_on.isoformat() if item.done_on else "",
            "yes" if is_overdue(item, today) else "no",
            item.source,
            item.source_id,
        )
        for item in items.for_list()[:EXPORT_LIMIT]
    ]
    if fmt == "xlsx":
        content = write_xlsx("Action items", EXPORT_COLUMNS, rows, number_columns=("id",))
    else:
        content = write_csv(EXPORT_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


# --- timeline -------------------------------------------------------------------------------


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Action items added, and those done, for the relationship timeline (two queries)."""
    base = ActionItem.objects.filter(supplier=supplier).select_related("owner", "created_by")
    created = base
    done = base.filter(status=ActionItem.Status.DONE)
    if since is not None:
        created = created.filter(created_at__gte=since)
        done = done.filter(done_on__gte=since.date())
    entries = [
        TimelineEntry(
            when=item.created_at,
            kind="actions",
            title=_("Action item added: %(title)s") % {"title": item.title},
            detail=_("Due %(day)s") % {"day": f"{item.due_on:%Y-%m-%d}"} if item.due_on else "",
            who=item.created_by.display_name if item.created_by else "",
            url=reverse("actions:edit", args=[item.pk]),
            badge=source_label(item.source),
        )
        for item in created.order_by("-created_at", "-pk")[:limit]
    ]
    entries += [
        TimelineEntry(
            when=start_of(item.done_on),
            kind="actions",
            title=_("Action item done: %(title)s") % {"title": item.title},
            who=item.owner.display_name if item.owner else "",
            url=reverse("actions:edit", args=[item.pk]),
            badge="done",
        )
        for item in done.order_by("-done_on", "-pk")[:limit]
        if item.done_on is not None
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- overdue action items in the alerts inbox ------------------------------------------------

ALERT_KIND = "actions.overdue"
ASSIGNED_EMAIL = "actions.assigned"


@dataclass(frozen=True)
class OverdueSummary:
    as_of: dt.date
    overdue: int
    alerts_raised: int


def check_overdue(as_of: dt.date | None = None) -> OverdueSummary:
    """Raise an alert for each open action item past its due date, once per item (safe to
    repeat: `sync_alerts` only marks an alert already raised as seen again). Items of
    archived or exited suppliers are left out. One query plus the alert sync."""
    from partnerbook.alerts.services import AlertCandidate, sync_alerts

    as_of = as_of or timezone.localdate()
    rows = (
        ActionItem.objects.filter(status=ActionItem.Status.OPEN, due_on__lt=as_of)
        .filter(supplier__archived=False)
        .exclude(supplier__status="exited")
        .values_list("pk", "supplier_id", "supplier__name", "title", "due_on", "source",
                     "owner__first_name", "owner__last_name", "owner_contact__name")
        .order_by("pk")
    )  # fmt: skip
    candidates = []
    for pk, supplier_id, supplier, title, due, source, first, last, contact in rows:
        due_on = due or as_of  # never null: filtered on due_on__lt
        owner = f"{first} {last}".strip() or contact or "nobody"
        days = (as_of - due_on).days
        candidates.append(
            AlertCandidate(
                supplier_id=supplier_id,
                kind=ALERT_KIND,
                subject=f"item:{pk}",
                title=f"{supplier}: action overdue — {title}"[:200],
                summary=f"Due {due_on.isoformat()}, {days} day{'s' if days != 1 else ''} ago; "
                f"owner: {owner}. Raised by: {source_label(source)}.",
                severity="info",
                evidence={
                    "item": pk,
                    "title": title,
                    "due_on": due_on.isoformat(),
                    "days_overdue": days,
                    "owner": owner,
                    "source": source,
                },
            )  # fmt: skip
        )
    raised = sync_alerts(as_of, candidates, scope_kinds={ALERT_KIND})
    return OverdueSummary(as_of, len(candidates), raised)


# --- the supplier's side: assignment e-mail and the portal ------------------------------------

PORTAL_STATUSES = (ActionItem.Status.OPEN, ActionItem.Status.DONE)
MAX_PROGRESS_NOTE = 2000


def tell_new_owner(item: ActionItem, previous_contact_id: int | None) -> list[str]:
    """E-mail the portal users who are `item`'s supplier-side owner (`ASSIGNED_EMAIL`) when
    the item is open and its owner contact is new: just created with one, or reassigned.
    Nobody is written to when the contact has no active portal account or switched the
    e-mail off. Every path that creates or reassigns an item (plans, reviews, onboarding,
    issues, the action pages and API) comes through here. Two queries at most."""
    contact_id = item.owner_contact_id
    if contact_id is None or contact_id == previous_contact_id:
        return []
    if item.status != ActionItem.Status.OPEN:
        return []
    users = User.objects.filter(
        contact_id=contact_id, supplier_id=item.supplier_id, role="supplier_contact"
    )
    from partnerbook.accounts.notifications import notify

    due = f"It is due on {item.due_on:%d %B %Y}." if item.due_on else "It has no due date yet."
    link = reverse("portal_actions:list")
    if settings.PARTNERBOOK_BASE_URL:
        link = settings.PARTNERBOOK_BASE_URL + link
    body = (
        f"Hello,\n\nA new action item is yours in the partnership between "
        f"{item.supplier.name} and us:\n\n  {item.title}\n\n{due}\n\n"
        f"You can see it, add a note on progress and mark it done in the supplier portal:\n"
        f"{link}"
    )
    return notify(ASSIGNED_EMAIL, users, f"A new action item for you: {item.title}", body)


def for_portal(user: Any) -> QuerySet[ActionItem]:
    """The action items `user` (a portal user) owns as their supplier-side contact; none
    for anyone else. Narrowed by `ActionItem.objects.visible_to`."""
    if getattr(user, "role", None) != "supplier_contact":
        return ActionItem.objects.none()
    result: QuerySet[ActionItem] = ActionItem.objects.visible_to(user).select_related("supplier")
    return result


def portal_items(user: Any, include_closed: bool = True) -> Any:
    """`user`'s own action items, open ones first (overdue first, then by due date), then
    the done and dropped ones (most recent first). One query."""
    today = timezone.localdate()
    items = for_portal(user)
    if not include_closed:
        items = items.filter(status=ActionItem.Status.OPEN)
    return items.annotate(
        overdue=Case(
            When(status=ActionItem.Status.OPEN, due_on__lt=today, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        closed=Case(
            When(status=ActionItem.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("closed", "-overdue", F("due_on").asc(nulls_last=True), "-done_on", "pk")


@transaction.atomic
def supplier_update_action_item(
    actor: User, item: ActionItem, data: Mapping[str, Any], expected_version: int | None = None
) -> ActionItem:
    """The supplier-side owner's change to their own action item, through the portal: the
    status (open or done; dropping an item is the buying side's decision) and a progress
    note. The title, due date and owner stay as agreed. E-mails the supplier's relationship
    owner on our side."""
    require(actor, "portal.use", item)
    require(actor, "action.view", item)
    lock_for_edit(item, expected_version, "this action item")
    unknown = sorted(set(data) - {"status", "progress_note"})
    if unknown:
        raise ValidationError(
            {unknown[0]: _("Only the status and a progress note can change here.")}
        )
    changed: list[str] = []
    if "status" in data and data["status"] != item.status:
        status = data["status"]
        if status not in PORTAL_STATUSES:
            raise ValidationError({"status": _("Mark it open or done.")})
        if item.status == ActionItem.Status.DROPPED:
            raise ValidationError(
                {"status": _("This action was dropped by our side; ask your contact to reopen it.")}
            )
        item.status = status
        item.done_on = timezone.localdate() if status == ActionItem.Status.DONE else None
        changed.append("marked done" if status == ActionItem.Status.DONE else "reopened")
    if "progress_note" in data:
        note = _text_or_empty(data["progress_note"])
        if len(note) > MAX_PROGRESS_NOTE:
            raise ValidationError(
                {
                    "progress_note": _("Keep the note to %(limit)s characters.")
                    % {"limit": MAX_PROGRESS_NOTE}
                }
            )
        if note != item.progress_note:
            item.progress_note, item.progress_noted_at = note, timezone.now()
            changed.append("added a progress note" if note else "cleared the progress note")
    if not changed:
        raise ValidationError({"status": _("Nothing changed: mark it done or write a note.")})
    next_version(item)
    save_audited(item, actor, f"The supplier's owner {' and '.join(changed)} (portal).")
    _tell_relationship_owner(actor, item, changed)
    return item


def _text_or_empty(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _tell_relationship_owner(actor: User, item: ActionItem, changed: list[str]) -> None:
    from partnerbook.accounts.notifications import notify
    from partnerbook.portal.apps import SUPPLIER_WROTE

    supplier = item.supplier
    owner = supplier.relationship_owner
    if owner is None:
        return
    link = reverse("actions:edit", args=[item.pk])
    if settings.PARTNERBOOK_BASE_URL:
        link = settings.PARTNERBOOK_BASE_URL + link
    body = (
        f"{actor.display_name} of {supplier.name} {' and '.join(changed)} on the action item "
        f'"{item.title}".\n'
    )
    if item.progress_note and "added a progress note" in changed:
        body += f"\nTheir note:\n{item.progress_note}\n"
    body += f"\n{link}"
    notify(SUPPLIER_WROTE, [owner], f"{supplier.name} updated an action item: {item.title}", body)
