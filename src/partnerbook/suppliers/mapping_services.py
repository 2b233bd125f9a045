"""Saved column mappings (import profiles): create, change, delete, and find one to use.

Whoever may import a kind of file may use (and read) its profiles; creating, changing and
deleting them needs `supplier.import`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core import registry
from partnerbook.core.audit import save_audited

from .models import DateOrder, ImportMapping
from .synonyms import IGNORE, header_key

MAX_COLUMNS = 100


def usable_kinds(actor: User) -> dict[str, registry.ImportKind]:
    """The import kinds `actor` may import, by key."""
    return {k.key: k for k in registry.import_kinds() if can(actor, k.action)}


def visible_mappings(actor: User) -> QuerySet[ImportMapping]:
    """The profiles of the kinds `actor` may import."""
    return ImportMapping.objects.filter(kind__in=list(usable_kinds(actor)))


def mapping_for(actor: User, reference: str | int, kind: str) -> ImportMapping:
    """The profile named (or numbered) `reference`, for import kind `kind`, that `actor` may use.

    Raises ValidationError({"mapping": reason}) when there is none or it is for another kind."""
    found = visible_mappings(actor)
    profile = (
        found.filter(pk=reference).first()
        if isinstance(reference, int) or str(reference).isdigit()
        else None
    ) or found.filter(name__iexact=str(reference).strip()).first()
    if profile is None:
        raise ValidationError({"mapping": f"No saved mapping is called '{reference}'."})
    if profile.kind != kind:
        raise ValidationError(
            {"mapping": f"The mapping '{profile.name}' is for {profile.kind} files, not {kind}."}
        )
    return profile


def clean_choices(
    kind: registry.ImportKind, columns: dict[str, str], ignored: list[str]
) -> tuple[dict[str, str], list[str]]:
    """`columns` ({file's title: column}) and `ignored` titles checked against `kind`.

    Raises ValidationError naming the field: 'columns' for an unknown column, a column chosen
    twice or too many entries; 'ignored' for a title that is also mapped."""
    if len(columns) + len(ignored) > MAX_COLUMNS:
        raise ValidationError({"columns": f"A mapping holds at most {MAX_COLUMNS} columns."})
    cleaned: dict[str, str] = {}
    used: dict[str, str] = {}
    titles: set[str] = set()
    for title, column in columns.items():
        title = title.strip()
        if not title:
            raise ValidationError({"columns": "A column title cannot be empty."})
        if column not in kind.columns:
            raise ValidationError(
                {"columns": f"'{title}': {kind.label} files have no column '{column}'."}
            )
        if column in used:
            raise ValidationError(
                {
                    "columns": f"'{used[column]}' and '{title}' both go to '{column}'; "
                    "a column can take one of the file's columns only."
                }  # fmt: skip
            )
        if header_key(title) in titles:
            raise ValidationError({"columns": f"'{title}' appears twice."})
        used[column] = title
        titles.add(header_key(title))
        cleaned[title] = column
    left_out: list[str] = []
    for title in ignored:
        title = title.strip()
        if not title:
            continue
        if header_key(title) in titles:
            raise ValidationError(
                {"ignored": f"'{title}' is both mapped to a column and left out."}
            )
        if title not in left_out:
            left_out.append(title)
    return cleaned, left_out


def _apply(actor: User, profile: ImportMapping, data: dict[str, Any]) -> ImportMapping:
    kinds = usable_kinds(actor)
    kind = kinds.get(data.get("kind", profile.kind))
    if kind is None:
        raise ValidationError({"kind": "No import kind with this key that you may import."})
    columns = data.get("columns", profile.columns) or {}
    ignored = data.get("ignored", profile.ignored) or []
    columns = {t: c for t, c in columns.items() if c != IGNORE}
    ignored = [*ignored, *(t for t, c in (data.get("columns") or {}).items() if c == IGNORE)]
    profile.columns, profile.ignored = clean_choices(kind, columns, ignored)
    profile.kind = kind.key
    for name in ("name", "date_order", "decimal_comma"):
        if name in data:
            setattr(profile, name, data[name])
    profile.name = (profile.name or "").strip()
    if profile.date_order not in DateOrder.values:
        raise ValidationError({"date_order": "Choose day_first or month_first."})
    if ImportMapping.objects.filter(name__iexact=profile.name).exclude(pk=profile.pk).exists():
        raise ValidationError({"name": "A mapping with this name exists already."})
    try:
        with transaction.atomic():
            save_audited(profile, actor, "Import mapping saved.")
    except IntegrityError:
        raise ValidationError({"name": "A mapping with this name exists already."}) from None
    return profile


@transaction.atomic
def create_mapping(actor: User, data: dict[str, Any]) -> ImportMapping:
    """Save a new profile from `data` (name, kind, columns, ignored, date_order,
    decimal_comma). Raises PermissionDenied or ValidationError naming the field."""
    require(actor, "supplier.import")
    return _apply(actor, ImportMapping(created_by=actor), data)


@transaction.atomic
def update_mapping(actor: User, profile: ImportMapping, data: dict[str, Any]) -> ImportMapping:
    """Change `profile` with the fields given in `data`."""
    require(actor, "supplier.import")
    if profile.kind not in usable_kinds(actor):
        raise PermissionDenied("You may not import this kind of file.")
    return _apply(actor, profile, data)


@transaction.atomic
def delete_mapping(actor: User, profile: ImportMapping) -> None:
    """Delete `profile` (its history is kept)."""
    require(actor, "supplier.import")
    if profile.kind not in usable_kinds(actor):
        raise PermissionDenied("You may not import this kind of file.")
    profile._history_user = actor  # type: ignore[attr-defined]
    profile.delete()
