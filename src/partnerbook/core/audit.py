"""Saving business records so that their audit history says who changed them and why."""

from __future__ import annotations

from typing import Any


def save_audited(instance: Any, actor: Any, reason: str | None = None) -> None:
    """Validate (fields and constraints), then save `instance` as `actor`, with `reason`
    recorded as the history's change reason. Works outside a web request too (CLI, imports,
    tasks), where simple-history's middleware cannot name the user."""
    instance.full_clean()
    instance._history_user = actor
    # Always overwrite: simple-history would otherwise reuse a reason from an earlier save.
    instance._change_reason = reason
    instance.save()
    instance._change_reason = None
