"""Demo stories of the supplier's voice in the portal, scheduled on the demo loader's clock.

- Sterilis (Claire Dufour) proposed a lighter tray for the catheter kits, which we took up;
  warned of an allocation of sterile-barrier film next quarter (answered); proposed a
  shared pallet pool last week (not answered yet); and asked by name why invoices wait so
  long for approval.
- Nordpack (Linnea Berg) sends no suggestions or warnings any more: the drift story needs
  its last 90 days without a single one, and even one early warning would lift its health
  out of the red. Linnea asked by name for a forecast freeze window instead (a concern, not a
  signal), which Tom, their owner, has read.
- Three concerns were raised anonymously at Nordpack, so our side can read them (as "a
  contact at Nordpack"); one anonymous concern at Sterilis is still held back.

The portal users come from `data.USERS`; everything goes through the feature's services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from partnerbook.portal import services
from partnerbook.portal.models import Concern, SupplierMessage


def load(loader: Any) -> None:
    """Queue the supplier-voice stories on the demo clock (all after the portal invitations)."""
    loader.at_day(26, lambda: _suggest(loader, "sterilis", TRAY))
    loader.at_day(22, lambda: _answer(loader, "sterilis", TRAY, "taken_up", TRAY_REPLY))
    loader.at_day(21, lambda: _concern(loader, "nordpack", "planning", NORDPACK_CONCERNS[0]))
    loader.at_day(14, lambda: _named_concern(loader, "nordpack", "planning", NORDPACK_NAMED))
    loader.at_day(13, lambda: _concern(loader, "nordpack", "communication", NORDPACK_CONCERNS[1]))
    loader.at_day(11, lambda: _read(loader, "nordpack"))
    loader.at_day(10, lambda: _concern(loader, "sterilis", "conduct", STERILIS_ANONYMOUS))
    loader.at_day(8, lambda: _named_concern(loader, "sterilis", "payment", STERILIS_NAMED))
    loader.at_day(7, lambda: _suggest(loader, "sterilis", PALLETS))
    loader.at_day(6, lambda: _concern(loader, "nordpack", "fairness", NORDPACK_CONCERNS[2]))
    loader.at_day(4, lambda: _warn(loader, "sterilis", FILM, 60))
    loader.at_day(2, lambda: _answer(loader, "sterilis", FILM, "acknowledged", FILM_REPLY))


TRAY = (
    "A lighter tray for the catheter kits",
    "We tested a tray with thinner walls and a ribbed base: 14 % less material, the same "
    "seal strength and drop results in our validation runs. Samples are ready.",
    "A trial lot of 2,000 trays on one kit line, and a look at the savings together.",
)
TRAY_REPLY = (
    "Thank you, Claire. Quality has seen the samples; we run the trial lot on line 2 next "
    "month and share the savings as agreed."
)
NORDPACK_NAMED = (
    "Could we agree a forecast freeze window of two weeks for the 12-pack line? Changes after "
    "our cut-off are hard on the night shift."
)
PALLETS = (
    "Shared pallet pool with your other packaging suppliers",
    "Your warehouse returns our pallets and those of two other suppliers separately. A shared "
    "pool run by one of us would cut empty runs by about a third.",
    "Bring your logistics lead and ours together for an hour.",
)
FILM = (
    "Sterile-barrier film allocation from next quarter",
    "Our film supplier has told us it will allocate volumes for two quarters after a plant "
    "outage. We have three months of stock; your pouch volumes are safe until then.",
    "If your forecast for the second half is firm, we can reserve film for it now.",
)
FILM_REPLY = (
    "Thanks for telling us early. Our planners will send a firm forecast for the second half "
    "by the end of next week."
)
NORDPACK_CONCERNS = (
    "Forecasts for the 12-pack line change every week, often after the cut-off, and the "
    "late changes end up as our overtime.",
    "Since the change of buyer we hear about decisions after they are made, and questions "
    "sometimes go unanswered for weeks.",
    "Price reviews feel one-sided: we are asked to absorb board price rises while savings we "
    "propose are not shared.",
)
STERILIS_ANONYMOUS = (
    "In the last review call our quality team felt blamed for a delay that started with a "
    "late drawing change."
)
STERILIS_NAMED = (
    "Invoices wait four to six weeks for approval on your side, well past the agreed 30 "
    "days. Could we find out together where they get stuck?"
)


def _user(loader: Any, key: str) -> Any:
    return loader.users[key]  # the portal users are named after their supplier in the demo


def _suggest(loader: Any, key: str, spec: tuple[str, str, str]) -> None:
    title, text, proposal = spec
    services.send_message(
        _user(loader, key),
        {"kind": "suggestion", "title": title, "text": text, "proposal": proposal},
    )


def _warn(loader: Any, key: str, spec: tuple[str, str, str], due_in_days: int) -> None:
    title, text, impact = spec
    services.send_message(
        _user(loader, key),
        {
            "kind": "early_warning", "title": title, "text": text, "proposal": impact,
            "due_by": timezone.localdate() + timedelta(days=due_in_days),
        },
    )  # fmt: skip


def _answer(loader: Any, key: str, spec: tuple[str, ...], status: str, reply: str) -> None:
    message = SupplierMessage.objects.select_related("supplier", "author").get(
        supplier_id=loader.supplier_ids[key], title=spec[0]
    )
    services.reply_to_message(loader.actor_for(key), message, status, reply)


def _concern(loader: Any, key: str, topic: str, text: str) -> None:
    services.raise_concern(_user(loader, key), {"topic": topic, "text": text, "anonymous": True})


def _named_concern(loader: Any, key: str, topic: str, text: str) -> None:
    services.raise_concern(_user(loader, key), {"topic": topic, "text": text, "anonymous": False})


def _read(loader: Any, key: str) -> None:
    concern = Concern.objects.select_related("supplier", "author").get(
        supplier_id=loader.supplier_ids[key], anonymous=False
    )
    services.acknowledge_concern(loader.actor_for(key), concern)
