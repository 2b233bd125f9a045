"""Demo stories of the risk feature (issue 12), scheduled on the demo loader's clock.

`schedule(loader)` adds events with `loader.at_day(days_ago, action)`; the actions use the
loader's helpers (`loader.supplier(key)`, `loader.users[username]`, `loader.actor_for(key)`)
and the feature's services, never hand-made rows.

- Two years of monthly spend lines for every current supplier, with some seasonality; the
  last twelve months add up to each supplier's annual spend in `data.py`.
- Brake systems: Brennwald holds about 92 % of the category and has no qualified backup
  (Morava Friction is proposed, still on the test rigs): the cap and no-backup alerts fire;
  its transition plan exists but its review is overdue.
- Brightwave Semiconductors: a chip maker in the billions where we are a small customer.
- Sterilis Medical Packaging: a qualified backup (Clearseal Pouches) and a current plan.
- Financial ratings; Kaiyuan Electronics' latest rating falls and raises the alert."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils import timezone

from partnerbook.risk import domain, services

from . import data

# The demo's categories hold two to five suppliers each: at the default 30 % cap every
# category leader would be flagged. The team flags near-sole sources only.
SETTINGS = {
    "category_cap": Decimal("85"),
    "our_annual_revenue": Decimal("180000000"),
    "our_revenue_currency": "EUR",
}
SETTINGS_DAYS_AGO = 205
SPEND_FEED_DAYS_AGO = 2
SPEND_MONTHS = 24
CURRENT = {"active", "pilot", "reserve", "phasing_out"}

# (supplier key, provider, days ago, score)
RATINGS = (
    ("kaiyuan", "Creditscope", 420, "64"),
    ("kaiyuan", "Creditscope", 240, "61"),
    ("kaiyuan", "Creditscope", 20, "44"),
    ("brennwald", "Creditscope", 300, "78"),
    ("brennwald", "Creditscope", 30, "76"),
    ("sterilis", "Creditscope", 200, "84"),
    ("sterilis", "Creditscope", 25, "86"),
    ("lumitron", "Creditscope", 180, "81"),
    ("lumitron", "Creditscope", 15, "82"),
    ("brightwave", "Northgate Risk", 60, "91"),
)
# (supplier key, annual revenue, currency, fiscal year, source)
REVENUES = (
    ("brightwave", "8600000000", "USD", 2025, "Annual report 2025"),
    ("brennwald", "240000000", "EUR", 2025, "Bundesanzeiger filing"),
    ("castellan", "45000000", "EUR", 2025, "Registro Mercantil"),
    ("sterilis", "95000000", "CHF", 2025, "Annual report 2025"),
)


def schedule(loader: Any) -> None:
    # After the exchange rates are set (segmentation, 7 months ago) so that shares are
    # complete; the good examples get their qualified backups before any check runs on
    # them, so they never raise a no-backup alert.
    loader.at_day(200, partial(_good_examples, loader))
    loader.at_day(SETTINGS_DAYS_AGO, partial(_settings, loader))
    # Reviewed when written, then left: due again 15 days ago.
    loader.at_day(195, partial(_plan, loader, "brennwald", _BRENNWALD_PLAN, reviewed=True))
    loader.at_day(150, partial(_plan, loader, "sterilis", _STERILIS_PLAN, reviewed=True))
    loader.at_day(40, partial(_reviewed, loader, "sterilis"))
    loader.at_day(
        120,
        partial(
            _backup, loader, "brennwald", "morava", "proposed", "",
            "Pilot parts are still on the test rigs; qualification expected after the "
            "winter tests.",
        ),
    )  # fmt: skip
    # The provider's history arrives with the first file; later ratings as they come.
    for key, provider, days_ago, score in RATINGS:
        loader.at_day(min(days_ago, 190), partial(_rating, loader, key, provider, days_ago, score))
    for key, amount, currency, year, source in REVENUES:
        loader.at_day(90, partial(_revenue, loader, key, amount, currency, year, source))
    loader.at_day(SPEND_FEED_DAYS_AGO, partial(_spend_feed, loader))


_BRENNWALD_PLAN = {
    "knowledge_transfer": "Caliper drawings and the friction-material specs are in our PLM; "
    "the test protocols for the pad compound are not yet.",
    "alternate_sourcing": "Castellan Friction could take the standard pads within 3 months; "
    "Morava Friction is in pilot for the calipers.",
    "exit_steps": "1. Second tooling set at Castellan. 2. Qualify Morava calipers. "
    "3. Move the aftermarket volumes first.",
    "review_interval_days": 180,
}
_STERILIS_PLAN = {
    "knowledge_transfer": "Validated sealing parameters and the sterilisation records are "
    "shared with us quarterly.",
    "alternate_sourcing": "Clearseal Pouches is qualified for the pouches and lids.",
    "exit_steps": "1. Shift pouch volumes to Clearseal. 2. Re-validate the trays (12 weeks).",
    "review_interval_days": 180,
}


def _settings(loader: Any) -> None:
    services.update_settings(loader.users["demo"], SETTINGS)


def _plan(loader: Any, key: str, plan: dict[str, Any], reviewed: bool = False) -> None:
    extra = {"last_reviewed_on": timezone.localdate()} if reviewed else {}
    services.save_plan(loader.users["maria"], loader.supplier(key), {**plan, **extra})


def _reviewed(loader: Any, key: str) -> None:
    from partnerbook.risk.models import TransitionPlan

    plan = TransitionPlan.objects.get(supplier=loader.supplier(key))
    services.mark_plan_reviewed(loader.users["maria"], plan)


def _good_examples(loader: Any) -> None:
    """Both qualified backups at once, checked together: neither supplier is ever seen
    without its backup."""
    _backup(
        loader, "sterilis", "clearseal", "qualified",
        "Clearseal's pouches passed our seal-strength and sterility validation; ISO 13485 "
        "certified. Second source for the tray lids.",
        run_checks=False,
    )  # fmt: skip
    _backup(
        loader, "lumitron", "elektra", "qualified",
        "Elektra's passives were qualified on our boards in a sample project (PPAP level 3); "
        "they can take over the Lumitron capacitors within eight weeks.",
    )  # fmt: skip


def _backup(
    loader: Any,
    key: str,
    backup_key: str,
    status: str,
    evidence: str,
    note: str = "",
    run_checks: bool = True,
) -> None:
    services.add_backup(
        loader.users["maria"],
        loader.supplier(backup_key),
        supplier=loader.supplier(key),
        data={"status": status, "evidence": evidence, "note": note},
        run_checks=run_checks,
    )


def _rating(loader: Any, key: str, provider: str, days_ago: int, score: str) -> None:
    rated_on = loader.now.date() - timedelta(days=days_ago)
    services.record_rating(
        loader.users["maria"],
        loader.supplier(key),
        {"rated_on": rated_on, "score": Decimal(score), "provider": provider},
        source="imported",
    )


def _revenue(loader: Any, key: str, amount: str, currency: str, year: int, source: str) -> None:
    services.set_revenue(
        loader.users["maria"],
        loader.supplier(key),
        {"annual_revenue": Decimal(amount), "currency": currency, "fiscal_year": year,
         "source": source},
    )  # fmt: skip


def monthly_spend(key: str, annual: int, months: list[date]) -> list[Decimal]:
    """Seasonal, deterministic monthly amounts for `months` (oldest first): the last twelve
    (or all, for a younger supplier) add up to `annual` exactly; the year before to about
    6 % less."""
    rng = random.Random(f"spend-{key}")  # noqa: S311 (demo data, not security)
    weights = [
        (1 + 0.12 * math.cos(2 * math.pi * (m.month - 3) / 12)) * rng.uniform(0.9, 1.1)
        for m in months
    ]
    recent, earlier = weights[-12:], weights[:-12]
    older_target = Decimal(annual) * Decimal("0.94") * Decimal(len(earlier)) / 12
    return _spread(earlier, older_target) + _spread(recent, Decimal(annual))


def _spread(weights: list[float], target: Decimal) -> list[Decimal]:
    if not weights:
        return []
    total = sum(weights)
    parts = [(target * Decimal(str(w / total))).quantize(domain.CENT) for w in weights]
    parts[-1] += target.quantize(domain.CENT) - sum(parts)
    return parts


def _spend_feed(loader: Any) -> None:
    """The ERP's spend feed: two years of monthly lines for every current supplier (for a
    young supplier, the months since it was registered), written as one import."""
    this_month = domain.month_start(timezone.localdate())
    rows = []
    for spec in data.SUPPLIERS:
        if not spec.annual_spend or spec.archived_months_ago is not None:
            continue
        supplier = loader.supplier(spec.key)
        if supplier.status not in CURRENT:
            continue
        available = min(SPEND_MONTHS, max(1, int(spec.since_months)))
        months = [domain.add_months(this_month, -i) for i in range(available, 0, -1)]
        # With under a year of history, the months there are carry the yearly figure.
        amounts = monthly_spend(spec.key, spec.annual_spend, months)
        for period, amount in zip(months, amounts, strict=True):
            rows.append(
                (
                    supplier,
                    services.clean_line(
                        supplier, {"period": period, "amount": amount, "currency": spec.currency}
                    ),
                )
            )
    services.write_lines(loader.users["maria"], rows)
    services.check_all()
