"""Demo stories of getting into the portal, through the accounts services (never hand-made
rows):

- Tom invited Sabine Zimmer, Rheinfracht's account manager, to the portal three days ago;
  the link is still open, so Rheinfracht's Contacts tab shows a pending invitation.
- Vestbo Emballasje, a Norwegian packaging maker nobody works with yet, registered on the
  public page yesterday; its registration waits on Sourcing → Supplier registrations.
"""

from __future__ import annotations

from typing import Any

from partnerbook.accounts import services as accounts
from partnerbook.suppliers.models import Category

# The demo runs offline: links in the (console) e-mails point at the local server.
BASE_URL = "http://127.0.0.1:8000/"
# A registration's password is kept only as a hash; this one is never shown anywhere.
REGISTRATION_PASSWORD = "fjord-cartons-since-1962"  # noqa: S105


def load(loader: Any) -> None:
    """The entry point the demo loader calls: schedules the stories above."""
    loader.at_day(3, lambda: _invite(loader))
    loader.at_day(1, _register)


def _invite(loader: Any) -> None:
    contact = loader.contact("rheinfracht", "Sabine Zimmer")
    if contact is not None:
        accounts.invite(loader.users["tom"], contact, base_url=BASE_URL)


def _register() -> None:
    accounts.register(
        {
            "company_name": "Vestbo Emballasje",
            "country": "NO",
            "category": Category.objects.filter(name="Packaging").first(),
            "website": "https://vestbo-emballasje.example",
            "offer": "Folding cartons and corrugated trays from recycled fibre, printed in up "
            "to six colours; runs from 5,000 pieces, three weeks from artwork to delivery.",
            "contact_name": "Sigrid Vestbo",
            "email": "sigrid@vestbo-emballasje.example",
            "username": "sigrid.vestbo",
        },
        REGISTRATION_PASSWORD,
        "198.51.100.23",
    )
