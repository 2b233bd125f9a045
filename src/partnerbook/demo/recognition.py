"""Demo stories of the recognition feature (issue 12), scheduled on the demo loader's clock.

`schedule(loader)` adds events with `loader.at_day(days_ago, action)`; the actions use the
loader's helpers (`loader.supplier(key)`, `loader.users[username]`, `loader.actor_for(key)`)
and the feature's services, never hand-made rows.

The stories:
- Nordpack pointed us to Greenfold Packaging, which went through vetting into its pilot: the
  referral is onboarded and its reward (a credit note) paid. Greenfold also sits on the
  packaging project's long list as an "existing" supplier, which the referral page flags.
- Sterilis pointed us to Medipak Baltic as a second source for sterile pouches; the
  referral is in vetting with a thank-you promised.
- Rheinfracht suggested a small courier firm for urgent spare parts; we declined it.
- Two wins recorded as recognition (each a trust deposit, on the timeline, published as a
  success story): Rheinfracht's joint fix of the missed pick-ups (the supplier issue of the
  conflicts stories) and Sterilis turning the validation file round in a day for our audit.
- Hollen's ideal-supplier profile, written by the category manager.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from partnerbook.recognition import services
from partnerbook.recognition.models import Referral
from partnerbook.suppliers.models import Category

PROFILE = {
    "title": "Partnering with Hollen Group",
    "introduction": (
        "Hollen Group builds utility vehicles and medical carts in Europe. We work with a small "
        "number of suppliers as real partners, and we are always glad to meet companies that "
        "could become one."
    ),
    "what_we_look_for": (
        "Engineering depth: people who suggest a better part rather than only quote the one "
        "we drew.\n"
        "Openness: problems raised early, facts shared on both sides.\n"
        "Reliability in small things: confirmations on time, paperwork complete, promises "
        "kept.\n"
        "Quality systems that fit the part: ISO 9001 at least, ISO 13485 for medical "
        "packaging.\n"
        "A wish to grow with us over several years rather than one order."
    ),
    "what_partners_get": (
        "Early sight of our product plans and volume forecasts.\n"
        "A named contact on our side at operational, management and executive level.\n"
        "Regular reviews in both directions: you rate us as a customer too.\n"
        "Shared savings where a joint improvement cuts cost, under a written agreement.\n"
        "Payment on the agreed terms, every time."
    ),
    "how_to_start": (
        "Send a short introduction of your company, what you make and for whom, and the "
        "certificates you hold. We answer within two weeks. If there is a fit, we begin with "
        "a discovery call, then references, a site visit and a small pilot order."
    ),
    "contact": "Supplier development, sourcing@hollen.example",
}


def schedule(loader: Any) -> None:
    """Queue the referral and recognition stories on the demo clock."""
    loader.at_day(200, lambda: _write_profile(loader))
    _greenfold_referral(loader)
    _medipak_referral(loader)
    _declined_referral(loader)
    # The missed pick-ups were raised 55 days ago and resolved a week later; the fix held.
    loader.at_day(38, lambda: _rheinfracht_win(loader))
    loader.at_day(95, lambda: _sterilis_win(loader))


def _day(days_ago: float) -> Any:
    return timezone.localdate() - timedelta(days=days_ago)


def _referral(key: str) -> Referral:
    return Referral.objects.select_related("referring_supplier").get(
        referring_supplier__name__in=_names(key)
    )


def _names(key: str) -> list[str]:
    from . import data

    return [s.name for s in data.SUPPLIERS if s.key == key]


def _write_profile(loader: Any) -> None:
    services.update_profile(loader.users["maria"], PROFILE)


def _greenfold_referral(loader: Any) -> None:
    # Greenfold is registered 5 months (152 days) ago, vetted from 137 and in pilot from 76.
    def record() -> None:
        services.record_referral(
            loader.actor_for("nordpack"), loader.supplier("nordpack"),
            {"referred_supplier": loader.supplier("greenfold"), "received_on": _day(160),
             "category": Category.objects.get(name="Packaging"),
             "contact_name": "Femke de Vries", "contact_email": "f.devries@greenfold.example",
             "reward_text": "Credit note on Nordpack's next invoice, with a thank-you letter",
             "reward_amount": Decimal("500.00"), "reward_currency": "EUR",
             "reward_status": "promised",
             "note": "Linnea Berg told us Greenfold makes recyclable paper mailers that could "
                     "replace our plastic bags for small parts; Nordpack does not make them."},
        )  # fmt: skip

    def move(status: str) -> None:
        services.move_referral(loader.actor_for("nordpack"), _referral("nordpack"), status)

    def pay() -> None:
        services.update_referral(
            loader.users["maria"],
            _referral("nordpack"),
            {"reward_status": "paid", "paid_on": timezone.localdate()},
        )

    loader.at_day(150, record)
    loader.at_day(148, lambda: move("contacted"))
    loader.at_day(136, lambda: move("vetting"))
    loader.at_day(75, lambda: move("onboarded"))
    loader.at_day(58, pay)


def _medipak_referral(loader: Any) -> None:
    # Medipak Baltic is registered 76 days ago and in vetting from 61.
    def record() -> None:
        services.record_referral(
            loader.actor_for("sterilis"), loader.supplier("sterilis"),
            {"referred_supplier": loader.supplier("medipak_baltic"), "received_on": _day(82),
             "contact_name": "Rasa Petrauskienė", "reward_status": "promised",
             "reward_text": "A thank-you letter from our vice president of engineering",
             "note": "Claire Dufour suggested them as a second source for sterile pouches; "
                     "Sterilis buys film from them and rates their cleanroom."},
        )  # fmt: skip

    def move(status: str) -> None:
        services.move_referral(loader.actor_for("sterilis"), _referral("sterilis"), status)

    loader.at_day(74, record)
    loader.at_day(70, lambda: move("contacted"))
    loader.at_day(60, lambda: move("vetting"))


def _declined_referral(loader: Any) -> None:
    def record() -> None:
        services.record_referral(
            loader.actor_for("rheinfracht"), loader.supplier("rheinfracht"),
            {"company_name": "Kurierdienst Elbe", "received_on": _day(124),
             "category": Category.objects.get(name="Logistics"),
             "contact_name": "Olaf Brandt", "contact_email": "o.brandt@kurier-elbe.example",
             "contact_phone": "+49 40 555 0199",
             "note": "A courier firm Rheinfracht works with for urgent spare parts."},
        )  # fmt: skip

    def move(status: str, note: str = "") -> None:
        services.move_referral(
            loader.actor_for("rheinfracht"), _referral("rheinfracht"), status, note=note
        )

    loader.at_day(120, record)
    loader.at_day(112, lambda: move("contacted"))
    loader.at_day(
        96, lambda: move("declined", "They serve northern Germany only; we need Europe-wide lanes.")
    )


def _rheinfracht_win(loader: Any) -> None:
    services.record_win(
        loader.actor_for("rheinfracht"), loader.supplier("rheinfracht"),
        {"title": "Every pick-up on time after the peak-week fix",
         "story": "After two missed pick-ups at Kassel in the week before the trade fair, "
                  "Rheinfracht's dispatch team and Tom worked the problem through together: we "
                  "now send a rolling weekly forecast every Thursday, and they hold two "
                  "trailers in reserve for us on Mondays. Every pick-up since has been on time.",
         "happened_on": _day(40),
         "impact": "No finished carts waiting on the dock since; no express trucks needed in "
                   "the next peak.",
         "published": True},
    )  # fmt: skip


def _sterilis_win(loader: Any) -> None:
    services.record_win(
        loader.actor_for("sterilis"), loader.supplier("sterilis"),
        {"title": "Validation file ready within a day for our audit",
         "story": "Our notified body asked for the sterilisation validation file of the "
                  "accessory trays at short notice. Nadia Frei at Sterilis assembled and sent "
                  "the complete file the same day, with a note on the last revalidation.",
         "happened_on": _day(97),
         "impact": "The audit closed without a finding on packaging.",
         "published": True},
    )  # fmt: skip
