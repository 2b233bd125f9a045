"""Turn django-simple-history records into readable audit entries, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Change:
    field: StrOrPromise
    old: str
    new: str


@dataclass
class AuditEntry:
    when: datetime
    who: str
    subject: str
    action: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_SKIP = {"id", "created_at", "updated_at"}


def _display(value: Any, resolver: Callable[[Any], str] | None) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if resolver is not None:
        return resolver(value)
    return str(value)


def build_entries(
    records: Iterable[Any],
    subject: Callable[[Any], str],
    labels: Mapping[str, StrOrPromise],
    resolvers: dict[str, Callable[[Any], str]] | None = None,
    m2m: dict[str, Callable[[Any], set[str]]] | None = None,
) -> list[AuditEntry]:
    """Entries for `records` (history rows of one model, each object's rows oldest first).

    `labels` maps tracked field names to what the UI calls them; only those are diffed.
    `resolvers` turn stored values (e.g. foreign-key ids) into names; `m2m` reads a
    record's prefetched many-to-many values so that no query runs per record.
    """
    resolvers = resolvers or {}
    m2m = m2m or {}
    previous: dict[Any, Any] = {}
    entries: list[AuditEntry] = []
    for record in records:
        user = record.history_user
        entry = AuditEntry(
            when=record.history_date,
            who=(user.get_full_name() or user.username) if user else "system",
            subject=subject(record),
            action=_ACTIONS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
        )
        old = previous.get(record.id)
        if old is not None:
            for name, label in labels.items():
                if name in _SKIP or name in m2m:
                    continue
                attname = (
                    f"{name}_id" if name in resolvers and hasattr(record, f"{name}_id") else name
                )
                before, after = getattr(old, attname, None), getattr(record, attname, None)
                if before != after:
                    entry.changes.append(
                        Change(
                            label,
                            _display(before, resolvers.get(name)),
                            _display(after, resolvers.get(name)),
                        )
                    )
            for name, reader in m2m.items():
                before_set, after_set = reader(old), reader(record)
                if before_set != after_set:
                    entry.changes.append(
                        Change(
                            labels.get(name, name),
                            ", ".join(sorted(before_set)) or "—",
                            ", ".join(sorted(after_set)) or "—",
                        )
                    )
        previous[record.id] = record
        if entry.action != "changed" or entry.changes or entry.reason:
            entries.append(entry)
    return entries
