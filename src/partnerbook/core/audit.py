"""Saving business records so that their audit history says who changed them and why."""

from __future__ import annotations

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
