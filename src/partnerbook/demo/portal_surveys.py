"""Demo stories of the portal's surveys, scorecard and meetings, scheduled on the demo
loader's clock (`load(loader)` adds events with `loader.at_day(days_ago, action)`).

- Nordpack (Linnea Berg): the owner held the annual health check a few days ago; Nordpack's
  side has not answered yet, nor rated us this quarter, nor said what relationship it
  expects — their portal shows these as waiting.
- Sterilis (Claire Dufour): rated us for the running quarter, gave its expectation and its
  side of the alignment triangle through the portal soon after getting the login (a month
  ago; earlier quarters' ratings were entered by the owner); its own health check answers
  are in (see the loader's Sterilis story).
- Both have a monthly performance meeting planned in the coming days with their side on
  the invitation, so their Meetings page and calendar feed are not empty."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.utils import timezone

from partnerbook.cadence import services as cadence
from partnerbook.cadence.models import CadenceItem
from partnerbook.performance import portal as performance_portal
from partnerbook.segmentation import portal as segmentation_portal
from partnerbook.suppliers.models import Contact

NORDPACK_CHECK_OURS = {
    "trust": 3, "trust_comment": "Good on the floor; the price talks left a mark.",
    "openness": 2, "openness_comment": "We heard about the resin shortage from a competitor.",
    "reciprocity": 3, "communication": 3, "joint_problem_solving": 3,
}  # fmt: skip
STERILIS_RATING = {
    "payment_on_time": (3, "Better since the new invoice portal, still a few 45-day waits."),
    "forecast_accuracy": (4, "The rolling forecast helps our sterilisation planning."),
    "spec_clarity": (5, "The tray drawings were complete from the start."),
    "responsiveness": (4, ""),
    "fairness": (4, "The index clause was applied as agreed, both ways."),
}  # fmt: skip
STERILIS_ALIGNMENT = {
    "goals": 4, "goals_note": "We both want fewer tray variants and a shorter validation.",
    "values": 5, "values_note": "",
    "capabilities": 3,
    "capabilities_note": "Your change requests still need more of our engineers' time.",
}  # fmt: skip


def load(loader: Any) -> None:
    """Schedule the stories (portal users exist from a month ago)."""
    loader.at_day(29, partial(_tie_to_contact, loader, "sterilis", "Claire Dufour"))
    loader.at_day(29, partial(_tie_to_contact, loader, "nordpack", "Linnea Berg"))
    loader.at_day(22, partial(_sterilis_answers, loader))
    loader.at_day(5, partial(_nordpack_health_check, loader))
    loader.at_day(3, partial(_plan_meeting, loader, "sterilis", 4, 14))
    loader.at_day(2, partial(_plan_meeting, loader, "nordpack", 6, 10))


def _tie_to_contact(loader: Any, key: str, name: str) -> None:
    user = loader.users[key]
    user.contact = Contact.objects.filter(
        supplier_id=loader.supplier_ids[key], side="supplier", name=name
    ).first()
    user.save(update_fields=["contact"])


def _sterilis_answers(loader: Any) -> None:
    claire = loader.users["sterilis"]
    claire.refresh_from_db()
    # Whatever quarter the loader's clock is in now is the one open for rating.
    quarter = performance_portal.open_quarter()
    performance_portal.rate_us(claire, quarter, STERILIS_RATING)
    segmentation_portal.set_expectation(claire, "strategic", 5)
    segmentation_portal.set_alignment(claire, STERILIS_ALIGNMENT)


def _nordpack_health_check(loader: Any) -> None:
    supplier = loader.supplier("nordpack")
    cadence.record_health_check(
        loader.actor_for("nordpack"), supplier, timezone.localdate(), NORDPACK_CHECK_OURS,
        notes="Held with Linnea by video. Internal: watch the price talks before renewal.",
    )  # fmt: skip


def _plan_meeting(loader: Any, key: str, in_days: int, hour: int) -> None:
    """The monthly performance meeting, planned `in_days` from the demo's today (an existing
    one is given a time; otherwise one is added)."""
    supplier = loader.supplier(key)
    owner = supplier.relationship_owner or loader.actor_for(key)
    day = timezone.localdate() + timedelta(days=in_days)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))
    planned = {
        "planned_start": start, "planned_end": start + timedelta(hours=1),
        "their_level": "operational", "location": "Video call",
    }  # fmt: skip
    item = CadenceItem.objects.filter(supplier=supplier, kind="monthly_performance").first()
    if item is None:
        cadence.add_item(
            owner, supplier,
            {"kind": "monthly_performance", "interval_days": 30, "channels": ["call", "meeting"],
             "our_level": "operational", "owner": owner, **planned},
        )  # fmt: skip
    else:
        cadence.update_item(owner, item, planned)
