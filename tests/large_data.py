"""A large spend portfolio, built in seconds, for the query-count tests of the pages that
sum spend (concentration, economics).

Suppliers and categories go in with `bulk_create`; the spend lines with ONE
`INSERT ... SELECT` over a generated series (`generate_series` on PostgreSQL, a recursive
CTE on SQLite), so no Python loop touches a million rows.

Use it from a module-scoped fixture (see tests/risk/test_large_data.py):

    @pytest.fixture(scope="module")
    def portfolio(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            build_spend_portfolio()
            settle_deferred_constraints()
            yield
            transaction.set_rollback(True)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from partnerbook.risk.models import SpendLine
from partnerbook.suppliers.models import Category, Supplier

CATEGORY_COUNT = 50
MONTHS = 24
NAME_PREFIX = "Large"


def _contiguous_ids(objs: list, what: str) -> int:
    ids = sorted(obj.pk for obj in objs)
    if not ids or ids[-1] - ids[0] + 1 != len(ids):
        raise RuntimeError(f"the bulk-created {what} did not get consecutive ids")
    return ids[0]


def settle_deferred_constraints() -> None:
    """Check now, once, the foreign keys PostgreSQL defers to the end of the transaction.

    Data built in a module-scoped transaction leaves one deferred check per row pending;
    each test's teardown checks pending constraints inside its savepoint, and the savepoint's
    rollback puts them back, so every test would check a million rows again (15 s each).
    Call this at the end of such a fixture. A no-op on SQLite, which checks at once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def build_spend_portfolio(
    suppliers: int = 10_000,
    lines: int = 1_000_000,
    *,
    categories: int = CATEGORY_COUNT,
    months: int = MONTHS,
    owner=None,
    as_of: date | None = None,
) -> None:
    """Create `categories` categories, `suppliers` active EUR suppliers (spread over the
    categories, owned by `owner`) and `lines` spend lines over the `months` months up to the
    month of `as_of` (default today).

    The lines are shared out evenly (the last suppliers may get fewer); a supplier's k-th
    line is k mod `months` months back, and after each full round of months its lines move
    on to the next category, so it sells mostly in its own category, a little in others.
    Amounts are 10.00 to 10,009.99 EUR, every 97th line a credit note (negative).
    Needs `lines <= suppliers * months * categories` (one line per supplier, category,
    month and currency)."""
    if lines > suppliers * months * categories:
        raise ValueError("more lines than distinct (supplier, category, month) triples")
    anchor = first_of_month(as_of or timezone.localdate())
    made_categories = Category.objects.bulk_create(
        Category(name=f"{NAME_PREFIX} category {i:03d}") for i in range(categories)
    )
    first_category = _contiguous_ids(made_categories, "categories")
    made_suppliers = Supplier.objects.bulk_create(
        (
            Supplier(
                name=f"{NAME_PREFIX} supplier {i:06d}",
                category_id=first_category + i % categories,
                status="active",
                annual_spend=Decimal(1000 + (i * 7919) % 500_000),
                currency="EUR",
                relationship_owner=owner,
            )
            for i in range(suppliers)
        ),
        batch_size=2000,
    )
    first_supplier = _contiguous_ids(made_suppliers, "suppliers")
    if lines <= 0:
        return

    table = SpendLine._meta.db_table
    # Line n -> supplier index s and the supplier's k-th line; generated in supplier order,
    # so the unique index grows at its end instead of being written all over.
    per_supplier = -(-lines // suppliers)
    # `%%` is the modulo operator once the driver has filled in the parameters.
    s = f"(n / {int(per_supplier)})"
    k = f"(n %% {int(per_supplier)})"
    category = (
        f"{int(first_category)} + ((({s}) %% {int(categories)}) + ({k}) / {int(months)}) "
        f"%% {int(categories)}"
    )
    sign = "(CASE WHEN n %% 97 = 0 THEN -1 ELSE 1 END)"
    amount = f"{sign} * (10 + ((n * 7919) %% 1000000) / 100.0)"
    columns = "supplier_id, category_id, period, amount, currency, updated_at, updated_by_id"
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            period = f"(%s::date - make_interval(months => (({k}) %% {int(months)})::int))::date"
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 (integers and a table name)
                f"SELECT {int(first_supplier)} + {s}, {category}, {period}, "
                f"round(({amount})::numeric, 2), 'EUR', %s, NULL "
                f"FROM generate_series(CAST(0 AS bigint), CAST(%s AS bigint) - 1) AS g(n)",
                [anchor, now, int(lines)],
            )
        else:
            period = f"date(%s, '-' || (({k}) %% {int(months)}) || ' months')"
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 (integers and a table name)
                f"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq "
                f"WHERE n + 1 < %s) "
                f"SELECT {int(first_supplier)} + {s}, {category}, {period}, "
                f"round({amount}, 2), 'EUR', %s, NULL FROM seq",
                [int(lines), anchor.isoformat(), now],
            )
