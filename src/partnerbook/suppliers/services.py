"""Every write to the supplier registry goes through here: web views, API, CLI and imports alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core import events, registry
from partnerbook.core.audit import save_audited, write_history
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.db import bulk_insert

from .domain import STATUS_LABELS, Status, transition_error
from .models import Category, Contact, OwnerAssignment, Supplier, Tag

SUPPLIER_FIELDS = (
    "name", "legal_name", "category", "country", "website", "status", "annual_spend",
    "currency", "relationship_owner", "external_id", "notes",
)  # fmt: skip
CONTACT_FIELDS = ("side", "name", "job_title", "function", "level", "email", "phone")
CATEGORY_FIELDS = ("name", "parent", "description")


def normalise_tags(names: Iterable[str]) -> list[str]:
    """Tags are compared case-insensitively and stored lower-case, without duplicates."""
    seen: dict[str, None] = {}
    for name in names:
        clean = " ".join(str(name).split()).lower()
        if clean:
            if len(clean) > 50:
                message = gettext("Tag '%(tag)s…' is longer than 50 characters.")
                raise ValidationError({"tags": message % {"tag": clean[:20]}})
            seen.setdefault(clean, None)
    return list(seen)


def _set_tags(supplier: Supplier, names: Iterable[str]) -> None:
    wanted = normalise_tags(names)
    existing = {t.name: t for t in Tag.objects.filter(name__in=wanted)}
    missing = [Tag(name=n) for n in wanted if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(name__in=wanted)}
    supplier.tags.set([existing[n] for n in wanted])


def _assign_owner(supplier: Supplier, owner: User | None, actor: User | None) -> None:
    """Close the current ownership spell and open a new one (kept for turnover analysis)."""
    now = timezone.now()
    OwnerAssignment.objects.filter(supplier=supplier, ended_at__isnull=True).update(ended_at=now)
    if owner is not None:
        OwnerAssignment.objects.create(
            supplier=supplier, owner=owner, started_at=now, assigned_by=actor
        )


def _check_owner(actor: User, owner: User | None, current: User | None) -> None:
    if owner == current or can(actor, "supplier.assign_owner"):
        if owner is not None and not owner.is_internal:
            raise ValidationError(
                {"relationship_owner": gettext("The owner must be someone on our side.")}
            )
        return
    raise ValidationError(
        {
            "relationship_owner": gettext(
                "Only a category manager or an administrator can change the owner."
            )
        }
    )


@transaction.atomic
def create_supplier(actor: User, data: Mapping[str, Any]) -> Supplier:
    """Register a supplier. A buyer who names no owner becomes the owner."""
    require(actor, "supplier.create")
    fields = {k: v for k, v in data.items() if k in SUPPLIER_FIELDS}
    if "relationship_owner" not in fields and actor.role == "buyer":
        fields["relationship_owner"] = actor
    owner = fields.get("relationship_owner")
    _check_owner(actor, owner, actor if actor.role == "buyer" else None)
    status = fields.get("status") or Status.PROSPECT.value
    if status not in {s.value for s in Status}:
        raise ValidationError(
            {"status": gettext("'%(status)s' is not a supplier status.") % {"status": status}}
        )
    supplier = Supplier(**{**fields, "status": status})
    save_audited(supplier, actor, "Created")
    if "tags" in data:
        _set_tags(supplier, data["tags"] or [])
    if owner is not None:
        _assign_owner(supplier, owner, actor)
    return supplier


@transaction.atomic
def update_supplier(
    actor: User,
    supplier: Supplier,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Supplier:
    """Change a supplier's details. Status moves go through `change_status`. With
    `expected_version`, an edit based on an older version raises `StaleEdit`."""
    require(actor, "supplier.edit", supplier)
    lock_for_edit(supplier, expected_version, "this supplier")
    if "status" in data and data["status"] != supplier.status:
        raise ValidationError(
            {"status": gettext("Use the status action to move a supplier's status.")}
        )
    previous_owner = supplier.relationship_owner
    changed = False
    for key in SUPPLIER_FIELDS:
        if key in data and key != "status" and getattr(supplier, key) != data[key]:
            setattr(supplier, key, data[key])
            changed = True
    new_owner = supplier.relationship_owner
    if new_owner != previous_owner:
        _check_owner(actor, new_owner, previous_owner)
    tags_changed = "tags" in data and sorted(t.name for t in supplier.tags.all()) != sorted(
        normalise_tags(data["tags"] or [])
    )
    if changed or tags_changed:
        next_version(supplier)
        save_audited(supplier, actor)
    if tags_changed:
        _set_tags(supplier, data["tags"] or [])
    if new_owner != previous_owner:
        _assign_owner(supplier, new_owner, actor)
    return supplier


# Bulk writes for imports: the same rules as the single-record services above, a bounded
# number of queries per 1,000 suppliers instead of several per supplier. Field values must
# have been checked already (an import checks every row before it writes); the database
# still enforces the constraints.

_BATCH = 1000


def create_suppliers(actor: User, rows: Sequence[Mapping[str, Any]]) -> list[Supplier]:
    """Register many suppliers as `create_supplier` registers one (a buyer who names no
    owner becomes the owner; the owner's first spell is recorded), with their history rows
    ("Created", by `actor`) written in bulk. Rows with tags are refused (ValueError): their
    tag history belongs to `create_supplier`. Returns the suppliers, with primary keys."""
    require(actor, "supplier.create")
    if any("tags" in data for data in rows):
        raise ValueError("create_suppliers takes no tags; use create_supplier.")
    valid_statuses = {s.value for s in Status}
    suppliers: list[Supplier] = []
    for data in rows:
        fields = {k: v for k, v in data.items() if k in SUPPLIER_FIELDS}
        if "relationship_owner" not in fields and actor.role == "buyer":
            fields["relationship_owner"] = actor
        _check_owner(
            actor, fields.get("relationship_owner"), actor if actor.role == "buyer" else None
        )
        status = fields.get("status") or Status.PROSPECT.value
        if status not in valid_statuses:
            raise ValidationError(
                {"status": gettext("'%(status)s' is not a supplier status.") % {"status": status}}
            )
        suppliers.append(Supplier(**{**fields, "status": status}))
    if not suppliers:
        return []
    now = timezone.now()
    with transaction.atomic():
        bulk_insert(Supplier, suppliers, _BATCH, with_ids=True)
        _history(suppliers, actor, "Created", now)
        _start_spells(suppliers, actor, now)
    return suppliers


def update_suppliers(
    actor: User, changes: Sequence[tuple[Supplier, Mapping[str, Any]]]
) -> list[Supplier]:
    """Change many suppliers' details as `update_supplier` changes one (no status moves, no
    tags: ValueError): each row is locked and re-read, the changes are applied to its
    current values, and a supplier whose values really change gets a new version, a history
    row by `actor` and, for a new owner, a new ownership spell. Returns the suppliers changed."""
    if any("tags" in data or "status" in data for _, data in changes):
        raise ValueError("update_suppliers changes no tags or status; use update_supplier.")
    for supplier, _ in changes:
        require(actor, "supplier.edit", supplier)
    wanted = {supplier.pk: data for supplier, data in changes}
    current: dict[int, Supplier] = {}
    pks = sorted(wanted)
    locked = Supplier.objects.select_for_update(of=("self",)).select_related("relationship_owner")
    for start in range(0, len(pks), _BATCH):
        current.update((s.pk, s) for s in locked.filter(pk__in=pks[start : start + _BATCH]))
    changed: list[Supplier] = []
    new_owners: list[Supplier] = []
    names = [k for k in SUPPLIER_FIELDS if k != "status"]
    for pk in pks:
        if pk not in current:  # deleted meanwhile: the import saves row by row and says which
            raise ValidationError("A supplier was deleted meanwhile.")
        supplier, data = current[pk], wanted[pk]
        previous_owner = supplier.relationship_owner
        dirty = False
        for key in names:
            if key in data and getattr(supplier, key) != data[key]:
                setattr(supplier, key, data[key])
                dirty = True
        if supplier.relationship_owner != previous_owner:
            _check_owner(actor, supplier.relationship_owner, previous_owner)
            new_owners.append(supplier)
        if dirty:
            next_version(supplier)
            changed.append(supplier)
    if not changed:
        return []
    now = timezone.now()
    for supplier in changed:
        supplier.updated_at = now
    with transaction.atomic():
        Supplier.objects.bulk_update(changed, [*names, "version", "updated_at"], batch_size=_BATCH)
        _history(changed, actor, None, now, update=True)
        if new_owners:
            ids = [s.pk for s in new_owners]
            for start in range(0, len(ids), _BATCH):
                OwnerAssignment.objects.filter(
                    supplier_id__in=ids[start : start + _BATCH], ended_at__isnull=True
                ).update(ended_at=now)
            _start_spells(new_owners, actor, now)
    return changed


def _start_spells(suppliers: Sequence[Supplier], actor: User, now: Any) -> None:
    """The ownership spell each supplier's current owner starts now (none without an owner),
    in bulk, as `_assign_owner` starts one."""
    OwnerAssignment.objects.bulk_create(
        [
            OwnerAssignment(
                supplier=s, owner=s.relationship_owner, started_at=now, assigned_by=actor
            )
            for s in suppliers
            if s.relationship_owner_id is not None
        ],
        batch_size=_BATCH,
    )


def _history(
    suppliers: Sequence[Supplier], actor: User, reason: str | None, now: Any, update: bool = False
) -> None:
    """The history rows `save_audited` would write for each supplier, in bulk."""
    write_history(suppliers, actor, reason, now, "~" if update else "+")


def status_refusal(
    actor: User, supplier: Supplier, target: str, override_reason: str = ""
) -> ValidationError | None:
    """Why `supplier` may not move to `target` now (None: it may): the lifecycle's rules,
    then every registered status guard (e.g. the decision checklist before active). Writes
    nothing, so an import can check every row before it changes anything."""
    if supplier.archived:
        return ValidationError({"status": gettext("Restore the supplier from the archive first.")})
    error = transition_error(supplier.status, target)
    if error:
        return ValidationError({"status": error})
    for guard in registry.status_guards():
        refusal = guard.refusal(actor, supplier, target, override_reason)
        if refusal is not None:
            return cast(ValidationError, refusal)
    return None


@transaction.atomic
def change_status(
    actor: User, supplier: Supplier, target: str, note: str = "", override_reason: str = ""
) -> Supplier:
    """Move a supplier along its lifecycle; illegal moves and moves a status guard refuses
    are refused with the reason. `override_reason` is for guards that a manager may
    override with a written reason (the decision checklist)."""
    require(actor, "supplier.change_status", supplier)
    refusal = status_refusal(actor, supplier, target, override_reason)
    if refusal is not None:
        raise refusal
    before = STATUS_LABELS[Status(supplier.status)]
    moved = {"supplier_id": supplier.pk, "supplier_name": supplier.name,
             "from_status": supplier.status}  # fmt: skip
    recorded = [
        guard.record(actor, supplier, target, override_reason) for guard in registry.status_guards()
    ]
    supplier.status = target
    reason = f"Status: {before} → {STATUS_LABELS[Status(target)]}"
    extras = " ".join(part for part in (note.strip(), *recorded) if part)
    save_audited(supplier, actor, f"{reason}. {extras}" if extras else reason)
    events.publish("supplier.status_changed", {**moved, "to_status": target})
    return supplier


@transaction.atomic
def set_archived(actor: User, supplier: Supplier, archived: bool) -> Supplier:
    """Archive (hide from everyday lists) or restore a supplier. Nothing is deleted."""
    require(actor, "supplier.archive", supplier)
    if supplier.archived != archived:
        supplier.archived = archived
        save_audited(supplier, actor, "Archived" if archived else "Restored from archive")
    return supplier


@transaction.atomic
def create_contact(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Contact:
    """Add a person to a supplier relationship."""
    require(actor, "contact.edit", supplier)
    contact = Contact(supplier=supplier, **{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    save_audited(contact, actor, "Created")
    return contact


@transaction.atomic
def update_contact(
    actor: User, contact: Contact, data: Mapping[str, Any], expected_version: int | None = None
) -> Contact:
    """Change a contact's details. With `expected_version`, an edit based on an older
    version raises `StaleEdit`."""
    require(actor, "contact.edit", contact)
    lock_for_edit(contact, expected_version, "this contact")
    for key in CONTACT_FIELDS:
        if key in data:
            setattr(contact, key, data[key])
    next_version(contact)
    save_audited(contact, actor)
    return contact


@transaction.atomic
def set_contact_archived(actor: User, contact: Contact, archived: bool) -> Contact:
    """Archive (someone who left) or restore a contact."""
    require(actor, "contact.edit", contact)
    if contact.archived != archived:
        contact.archived = archived
        save_audited(contact, actor, "Archived" if archived else "Restored")
    return contact


def _check_parent(category: Category) -> None:
    seen = {category.pk}
    parent = category.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": gettext("A category cannot sit under itself.")})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def create_category(actor: User, data: Mapping[str, Any]) -> Category:
    """Add a spend category."""
    require(actor, "category.manage")
    category = Category(**{k: v for k, v in data.items() if k in CATEGORY_FIELDS})
    save_audited(category, actor, "Created")
    return category


@transaction.atomic
def update_category(
    actor: User, category: Category, data: Mapping[str, Any], expected_version: int | None = None
) -> Category:
    """Rename or move a category; a category cannot become its own ancestor. With
    `expected_version`, an edit based on an older version raises `StaleEdit`."""
    require(actor, "category.manage")
    lock_for_edit(category, expected_version, "this category")
    for key in CATEGORY_FIELDS:
        if key in data:
            setattr(category, key, data[key])
    _check_parent(category)
    next_version(category)
    save_audited(category, actor)
    return category


def category_with_descendants(category_id: int) -> list[int]:
    """The id of a category and of everything under it (one query for the whole tree)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    result, stack = [], [category_id]
    while stack:
        current = stack.pop()
        if current in result:
            continue
        result.append(current)
        stack.extend(children.get(current, []))
    return result
