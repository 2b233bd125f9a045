"""Things that happened, told to whoever listens (e.g. the outbound webhooks).

A feature app calls `publish("supplier.status_changed", {...})` inside its service; an app
that wants to hear of events calls `subscribe(listener)` in its `AppConfig.ready()`. The
feature apps import only this module, so they never depend on the listeners. A listener
must not fail the caller's write: it should do its work after the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Listener = Callable[[str, Mapping[str, Any]], None]

_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    """Call `listener(event, payload)` for every event published from now on."""
    if listener not in _listeners:
        _listeners.append(listener)


def publish(event: str, payload: Mapping[str, Any]) -> None:
    """Tell every listener that `event` happened; `payload` is plain JSON-ready data."""
    for listener in list(_listeners):
        listener(event, payload)
