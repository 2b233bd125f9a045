"""Demo stories of the economics feature (issue 12), scheduled on the demo loader's clock.

- Castellan Friction (brake pads): a gain-share on material waste. A joint project cut the
  scrap of friction compound and backing plates by about 12 % against the 2025 baseline;
  the supplier keeps 40 % of the verified savings, overruns are shared half and half, and
  every quarter is verified by a neutral auditor. Four quarters: three savings and one
  small overrun; the first two quarters are paid out, the rest is owed.
- Sterilis Medical Packaging: its thinner-walled tray's material savings, split 50/50 and
  verified by the category manager each quarter, plus rework avoided: a clearly positive
  ROI. Rheinfracht Logistik: expediting and rework avoided well above the hours spent.
- Hedmark Timber, the commodity supplier in the partnership programme: executive dinners
  and innovation workshops log many hours for a small volume rebate, a negative ROI.
- Packaging TCO: Atlantic Corrugated has the smallest invoices of the established box
  suppliers, but rework, freight and expediting costs make it the costliest per 100 spent.

`schedule(loader)` adds events with `loader.at_day(days_ago, action)`; the actions use the
loader's helpers (`loader.supplier(key)`, `loader.users[username]`, `loader.actor_for(key)`)
and the feature's services, never hand-made rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils import timezone

from partnerbook.economics import domain, services
from partnerbook.economics.models import GainShareAgreement, SavingsEntry

AUDITOR = "Auditoría Técnica Levante S.L."
CASTELLAN_TITLE = "Friction compound waste reduction"
STERILIS_TITLE = "Thin-wall tray material savings"
# Castellan: baseline scrap per quarter and each quarter's saving (negative: an overrun).
CASTELLAN_BASELINE = Decimal("96000.00")
CASTELLAN_QUARTERS = (
    Decimal("10850.00"),
    Decimal("11620.00"),
    Decimal("-1480.00"),
    Decimal("11900.00"),
)
STERILIS_QUARTERS = (
    Decimal("18400.00"),
    Decimal("19150.00"),
    Decimal("18720.00"),
    Decimal("19600.00"),
)


def _days_ago(loader: Any, day: date) -> float:
    return float((loader.now.date() - day).days)


def _quarters(loader: Any, count: int) -> list[date]:
    """The first days of the last `count` whole quarters, oldest first."""
    this = domain.period_start(loader.now.date(), "quarter")
    out = []
    for back in range(count, 0, -1):
        month = this.month - 3 * back
        year = this.year + (month - 1) // 12
        out.append(date(year, (month - 1) % 12 + 1, 1))
    return out


def _agreement(title: str) -> GainShareAgreement:
    return GainShareAgreement.objects.get(title=title)


def _record_agreement(loader: Any, key: str, data: dict[str, Any]) -> None:
    services.create_agreement(loader.actor_for(key), loader.supplier(key), data)


def _record_saving(
    loader: Any, key: str, title: str, period: date, amount: Decimal, evidence: str
) -> None:
    services.record_saving(
        loader.actor_for(key),
        _agreement(title),
        {"period": period, "amount": amount, "evidence": evidence},
    )


def _verify(loader: Any, title: str, period: date, third_party: str) -> None:
    entry = SavingsEntry.objects.get(agreement=_agreement(title), period=period)
    services.verify_saving(loader.users["maria"], entry, third_party)


def _pay(loader: Any, title: str, period: date, amount: Decimal, ref: str) -> None:
    services.record_payout(
        loader.users["maria"],
        _agreement(title),
        {"period": period, "amount": amount, "paid_on": timezone.localdate(), "reference": ref},
    )


def _schedule_gainshare(
    loader: Any,
    key: str,
    title: str,
    agreement: dict[str, Any],
    amounts: tuple[Decimal, ...],
    evidence: str,
    third_party: str,
) -> list[date]:
    quarters = _quarters(loader, len(amounts))
    start = quarters[0]
    loader.at_day(
        _days_ago(loader, start) + 12,
        partial(_record_agreement, loader, key, {**agreement, "title": title, "starts_on": start}),
    )
    for period, amount in zip(quarters, amounts, strict=True):
        recorded = domain.period_end(period, "quarter")
        # Clamped so that a quarter that ended days ago is still recorded in the past.
        when = max(_days_ago(loader, recorded) - 18, 0.3)
        label = domain.period_label(period, "quarter")
        loader.at_day(
            when,
            partial(
                _record_saving, loader, key, title, period, amount, evidence.format(quarter=label)
            ),
        )
        loader.at_day(max(when - 9, 0.2), partial(_verify, loader, title, period, third_party))
    return quarters


def _castellan(loader: Any) -> None:
    quarters = _schedule_gainshare(
        loader,
        "castellan",
        CASTELLAN_TITLE,
        {
            "baseline": "Scrapped friction compound and rejected backing plates on the brake-pad "
            "line in 2025: on average 96,000 EUR a quarter, at 2025 material prices.",
            "baseline_amount": CASTELLAN_BASELINE,
            "currency": "EUR",
            "period_kind": "quarter",
            "supplier_saving_pct": "40",
            "supplier_overrun_pct": "50",
            "our_overrun_pct": "50",
            "requires_third_party": True,
        },
        CASTELLAN_QUARTERS,
        "{quarter}: scrap weights from the line's MES export against the 2025 baseline, priced "
        "at baseline prices; the joint mixing-sequence change is in place on both shifts.",
        AUDITOR,
    )
    # The first two quarters are paid out (40 % of 10,850 + 11,620 = 8,988.00); the small
    # overrun and the last quarter are still owed.
    paid_days = _days_ago(loader, domain.period_end(quarters[1], "quarter")) - 40
    loader.at_day(
        paid_days,
        partial(_pay, loader, CASTELLAN_TITLE, quarters[1], Decimal("8988.00"), "CF-GS-01"),
    )


def _sterilis(loader: Any) -> None:
    quarters = _schedule_gainshare(
        loader,
        "sterilis",
        STERILIS_TITLE,
        {
            "baseline": "Polymer sheet bought for the cart-accessory trays before the thin-wall "
            "design: 310,000 EUR a quarter at the volumes of the year before.",
            "baseline_amount": Decimal("310000.00"),
            "currency": "EUR",
            "period_kind": "quarter",
            "supplier_saving_pct": "50",
            "supplier_overrun_pct": "50",
            "our_overrun_pct": "50",
        },
        STERILIS_QUARTERS,
        "{quarter}: sheet consumption per tray from Sterilis' production records against "
        "the old design, confirmed in the quarterly review.",
        "",
    )
    for n, period in enumerate(quarters[:3]):
        amount = domain.cents(STERILIS_QUARTERS[n] / 2)
        days = _days_ago(loader, domain.period_end(period, "quarter")) - 45
        loader.at_day(
            days, partial(_pay, loader, STERILIS_TITLE, period, amount, f"SMP-GS-{n + 1:02d}")
        )


# Benefits: (supplier key, days ago, kind, amount, note).
BENEFITS: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "rheinfracht",
        300,
        "expediting_avoided",
        "14200.00",
        "Weekend shuttle for the Zaragoza dealer stock run by their own planners: no express "
        "carrier needed during the March recall.",
    ),
    (
        "rheinfracht",
        190,
        "expediting_avoided",
        "9800.00",
        "Rerouted two trailers around the Brenner closure the same day; no air freight.",
    ),
    (
        "rheinfracht",
        120,
        "rework_avoided",
        "6400.00",
        "Shock loggers on the gearbox lanes: transport damage claims down to zero for a quarter.",
    ),
    (
        "rheinfracht",
        40,
        "volume_discount",
        "18500.00",
        "Annual volume bonus for consolidating Spanish dealer deliveries.",
    ),
    (
        "sterilis",
        210,
        "rework_avoided",
        "22000.00",
        "Seal-strength drift caught by their in-line test before shipping: no lot re-sterilised.",
    ),
    (
        "sterilis",
        75,
        "revenue_enabled",
        "35000.00",
        "Trays for the new oncology cart delivered four weeks early for the trade fair launch.",
    ),
    (
        "castellan",
        160,
        "rework_avoided",
        "4100.00",
        "Pad chamfer corrected at their line after our field feedback; no rework of kit stock.",
    ),
    (
        "hedmark",
        230,
        "volume_discount",
        "1900.00",
        "Rebate on the annual spruce volume, the same any mill on the index offers.",
    ),
)
# Time logged directly: (supplier key, days ago, hours, activity, note).
TIME_LOGS: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "hedmark",
        320,
        "12",
        "meeting_preparation",
        "Executive dinner in Oslo: agenda, travel and the dinner itself (three of us).",
    ),
    ("hedmark", 300, "16", "travel", "Flights and hotel for the Oslo dinner."),
    (
        "hedmark",
        250,
        "24",
        "joint_project",
        "Joint innovation workshop at the mill, two days, two of us: no change came of it.",
    ),
    ("hedmark", 230, "12", "meeting_preparation", "Quarterly executive dinner, Hamburg."),
    ("hedmark", 140, "12", "meeting_preparation", "Quarterly executive dinner, Bergen."),
    ("hedmark", 135, "14", "travel", "Travel to Bergen."),
    ("hedmark", 60, "12", "meeting_preparation", "Quarterly executive dinner, Hamburg."),
    (
        "hedmark",
        30,
        "10",
        "administration",
        "Partnership programme report for Hedmark, on request of the sponsor.",
    ),
    ("rheinfracht", 280, "6", "problem_solving", "Recall logistics plan with their planners."),
    ("rheinfracht", 100, "4", "joint_project", "Shock-logger pilot set-up."),
    ("sterilis", 200, "8", "joint_project", "Seal-strength test method aligned with Nadia."),
    ("sterilis", 90, "6", "joint_project", "Oncology cart tray launch plan."),
    (
        "castellan",
        330,
        "16",
        "joint_project",
        "Waste-reduction project kick-off at the Castellan plant: mixing sequence trials.",
    ),
    ("castellan", 250, "8", "joint_project", "Scrap measurement method agreed with the auditor."),
)
# Extra costs this year (Packaging), so that the TCO comparison has a story:
# (supplier key, kind, amount, note).
COSTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "atlantic",
        "quality_rework",
        "31500.00",
        "Crushed corners on three deliveries: boxes resorted and parts repacked by our staff.",
    ),
    ("atlantic", "logistics", "18400.00", "Express freight for late deliveries to the Irish site."),
    ("atlantic", "administration", "6200.00", "Credit notes and price-list mismatches chased."),
    (
        "kartonagen_ruhr",
        "logistics",
        "7400.00",
        "Freight for catalogue orders below the free-delivery threshold.",
    ),
    ("nordpack", "logistics", "9600.00", "Delivery surcharges for the insert tooling changes."),
    ("nordpack", "inventory", "5200.00", "Safety stock held of the recycled-fibre insert."),
)


def _benefit(loader: Any, key: str, kind: str, amount: str, note: str, ref: str) -> None:
    supplier = loader.supplier(key)
    services.add_benefit(
        loader.actor_for(key),
        supplier,
        {
            "kind": kind,
            "amount": amount,
            "currency": "EUR",
            "realised_on": timezone.localdate(),
            "note": note,
            "reference": ref,
        },
    )


def _time(loader: Any, key: str, hours: str, activity: str, note: str) -> None:
    services.log_time(
        loader.actor_for(key),
        loader.supplier(key),
        {"day": timezone.localdate(), "hours": hours, "activity": activity, "note": note},
    )


def _cost(loader: Any, key: str, kind: str, amount: str, note: str, ref: str) -> None:
    services.add_cost(
        loader.users["maria"],
        loader.supplier(key),
        {
            "kind": kind,
            "amount": amount,
            "currency": "EUR",
            "year": timezone.localdate().year,
            "note": note,
            "reference": ref,
        },
    )


def schedule(loader: Any) -> None:
    """The gain-share agreements, benefits, time logs and extra costs of the stories."""
    _castellan(loader)
    _sterilis(loader)
    for n, (key, days, kind, amount, note) in enumerate(BENEFITS):
        loader.at_day(days, partial(_benefit, loader, key, kind, amount, note, f"DEMO-B{n:02d}"))
    for key, days, hours, activity, note in TIME_LOGS:
        loader.at_day(days, partial(_time, loader, key, hours, activity, note))
    # The extra costs belong to this year, so that this year's TCO shows them.
    day_of_year = loader.now.timetuple().tm_yday
    for n, (key, kind, amount, note) in enumerate(COSTS):
        loader.at_day(
            min(30 + 5 * n, day_of_year - 1),
            partial(_cost, loader, key, kind, amount, note, f"DEMO-C{n:02d}"),
        )
