"""Saving business records so that their audit history says who changed them and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any


def save_audited(
    instance: Any, actor: Any, reason: str | None = None, *, validate_constraints: bool = True
) -> None:
    """Validate (fields and constraints), then save `instance` as `actor`, with `reason`
    recorded as the history's change reason. Works outside a web request too (CLI, imports,
    tasks), where simple-history's middleware cannot name the user.

    `validate_constraints=False` skips Django's query per database constraint, for hot
    paths whose service already checks the same rules in Python (the database still
    enforces them)."""
    instance.full_clean(validate_constraints=validate_constraints)
    instance._history_user = actor
    # Always overwrite: simple-history would otherwise reuse a reason from an earlier save.
    instance._change_reason = reason
    instance.save()
    instance._change_reason = None


def write_history(
    instances: Sequence[Any], actor: Any, reason: str | None, when: datetime, kind: str = "+"
) -> None:
    """Write in bulk the history rows that `save_audited` would write for each of
    `instances` (saved records of one model, with their primary keys), as `actor` with
    `reason`: `kind` is "+" for created records and "~" for changed ones. A many-to-many
    field's own history is not written: records created in bulk have none yet."""
    from .db import insert_rows

    if not instances:
        return
    history = type(instances[0]).history.model
    names = [field.attname for field in history.tracked_fields]
    user_id = getattr(actor, "pk", None)
    columns = [*names, "history_date", "history_user_id", "history_change_reason", "history_type"]
    extra = (when, user_id, reason, kind)
    insert_rows(
        history,
        columns,
        [(*(getattr(instance, name) for name in names), *extra) for instance in instances],
    )
