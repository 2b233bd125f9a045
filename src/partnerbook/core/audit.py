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


def history_rows(
    instances: Sequence[Any], actor: Any, reason: str | None, when: datetime, kind: str = "+"
) -> list[Any]:
    """The history rows (unsaved) that `save_audited` would write for each of `instances`
    (saved records of one model, with their primary keys), for a bulk write: `kind` is "+"
    for created records and "~" for changed ones. A many-to-many field's own history is not
    included: records created in bulk have none yet."""
    if not instances:
        return []
    history = type(instances[0]).history.model  # type: ignore[attr-defined]
    names = [field.attname for field in history.tracked_fields]
    user_id = getattr(actor, "pk", None)
    return [
        history(
            history_date=when,
            history_user_id=user_id,
            history_change_reason=reason,
            history_type=kind,
            **{name: getattr(instance, name) for name in names},
        )
        for instance in instances
    ]
