"""Demo stories of the review feature (issue 12), scheduled on the demo loader's clock.

`schedule(loader)` adds events with `loader.at_day(days_ago, action)`; the actions use the
loader's helpers (`loader.supplier(key)`, `loader.users[username]`, `loader.actor_for(key)`)
and the feature's services, never hand-made rows."""

from __future__ import annotations

from typing import Any


def schedule(loader: Any) -> None:
    """Nothing yet."""
