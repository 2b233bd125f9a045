"""The computed portfolio, kept in memory between requests while its inputs are unchanged.

Scoring every current supplier (value, risk, quadrant, engagement fit and guidance, each with
its explanation) takes seconds at ten thousand suppliers; the portfolio page, its chart
endpoint and the review read it on every request. This process keeps the last result and
uses it again while the data it came from is the same:

- `fingerprint()` reads, in two small queries, what the result depends on: the suppliers'
  and profiles' counts, highest ids, versions and last changes, the scoring settings, and
  the names of the categories and owners shown. A change made by another worker or server
  changes it, so no process shows a result older than the database.
- Saving or deleting a supplier, profile, setting, category or owner in this process (the
  services all save) forgets the result at once (`forget`, connected in `SegmentationConfig`).
- A result computed inside a transaction is never kept: it may hold writes that are rolled
  back.

Kept here because segmentation owns the computation; nothing else is cached.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")

_lock = threading.Lock()
_memo: dict[str, tuple[tuple[Any, ...], Any]] = {}
# Counts each time the result is computed afresh (tests and the benchmark read it).
computed = {"count": 0}


def fingerprint() -> tuple[Any, ...]:
    """What the portfolio depends on, as read now (two queries)."""
    from partnerbook.accounts.models import User
    from partnerbook.suppliers.models import Category, Supplier

    from .models import ScoringSettings, SegmentationProfile

    # Only quoted table and column names of our own models go into the SQL; no input does.
    q = connection.ops.quote_name
    stats = f"COUNT(*), MAX({q('id')}), SUM({q('version')}), MAX({q('updated_at')})"
    suppliers = q(Supplier._meta.db_table)
    profiles = q(SegmentationProfile._meta.db_table)
    settings_table = q(ScoringSettings._meta.db_table)
    settings_stats = f"MAX({q('version')}), MAX({q('updated_at')})"
    sql = (
        f"SELECT * FROM (SELECT {stats} FROM {suppliers}) s, "  # noqa: S608
        f"(SELECT {stats} FROM {profiles}) p, "
        f"(SELECT {settings_stats} FROM {settings_table}) c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = tuple(cursor.fetchone())
    # Names shown beside each supplier: categories (with their tree) and owners. Small tables.
    owners = Supplier.objects.exclude(relationship_owner=None).values("relationship_owner_id")
    names = tuple(Category.objects.order_by("pk").values_list("pk", "name", "parent_id")) + tuple(
        User.objects.filter(pk__in=owners)
        .order_by("pk")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return counts + names


def portfolio(compute: Callable[[tuple[Any, ...] | None], T]) -> T:
    """The memoised whole portfolio, or `compute(key)` when its inputs changed. Inside a
    transaction it is computed afresh and not kept (`compute(None)`)."""
    if connection.in_atomic_block:
        return compute(None)
    key = fingerprint()
    found = _memo.get("portfolio")
    if found is not None and found[0] == key:
        result: T = found[1]
        return result
    with _lock:
        found = _memo.get("portfolio")
        if found is not None and found[0] == key:
            return found[1]  # type: ignore[no-any-return]
        # Tens of thousands of small objects: the garbage collector would walk all of them
        # (and every kept one) several times over while they are made; nothing here cycles.
        collecting = gc.isenabled()
        gc.disable()
        try:
            value = compute(key)
        finally:
            if collecting:
                gc.enable()
        computed["count"] += 1
        _memo["portfolio"] = (key, value)
        return value


def forget(*args: Any, **kwargs: Any) -> None:
    """Drop the kept result (a signal receiver: a supplier, profile, setting, category or
    owner was saved or deleted in this process)."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a login changes nothing the portfolio shows
    _memo.clear()


def connect() -> None:
    """Forget the result whenever one of its inputs is saved or deleted (from `ready`)."""
    from django.db.models.signals import post_delete, post_save

    from partnerbook.accounts.models import User
    from partnerbook.suppliers.models import Category, Supplier

    from .models import ScoringSettings, SegmentationProfile

    for model in (Supplier, SegmentationProfile, ScoringSettings, Category, User):
        uid = f"segmentation-portfolio-cache-{model._meta.label_lower}"
        post_save.connect(forget, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(forget, sender=model, dispatch_uid=uid + "-delete")
