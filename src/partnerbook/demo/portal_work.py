"""Demo stories of the supplier portal's work together (issues, corrective actions, action
items, the agreement), scheduled on the demo loader's clock with the features' own services.

- Nordpack's portal user (Linnea Berg) is linked to her contact person. She owns an open
  action item due in a few days, and one she marked done last week with a progress note.
- Sterilis's portal user (Claire Dufour) is linked to hers. Our buyer raised a quality
  issue on pouches that tear when opened (peel strength too high) and opened an 8D request:
  Claire wrote Sterilis's side of the first step and answered D1 and D3 through the portal;
  D4 to D7 wait for her. An agreed action on the issue is hers. Bolzano's open 8D (the
  conflicts stories) stays with a supplier that has no portal user, so this one is the
  portal's.
- Nordpack gets a framework agreement with an escalation path when it has no contract yet,
  so its "Your agreement" card has something to show.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from partnerbook.accounts.models import User
from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.conflicts import services as conflicts
from partnerbook.conflicts.models import SupplierIssue
from partnerbook.practices import services as practices
from partnerbook.practices.models import Agreement

SEAL_ISSUE = "Sterile pouches tear when opened: peel strength too high"
NORDPACK_OPEN = "Confirm carton drawing revision C for the new tray"
NORDPACK_DONE = "Tell us about the stretch-film supplier change"
STERILIS_ACTION = "Send the peel-test results for lots 2291 to 2294"


def load(loader: Any) -> None:
    """Schedule the stories on `loader` (the demo's `_Loader`)."""
    loader.at_day(12, partial(_nordpack_agreement, loader))
    loader.at_day(10, partial(_nordpack_actions, loader))
    # Sterilis is a steady story: its issue is recent enough that level 1's time box (five
    # days on its agreement's path) still runs, so no alert is raised.
    loader.at_day(4, partial(_sterilis_issue, loader))
    loader.at_day(3.8, partial(_sterilis_8d, loader))
    # Items are created before the contacts are linked, so the demo sends no assignment
    # e-mails; the links come now, and the portal answers after them.
    loader.at_day(3.5, partial(_link_contacts, loader))
    loader.at_day(3, partial(_claire_answers_step, loader))
    loader.at_day(2.5, partial(_claire_answers_8d, loader, "d1_team",
                               "Claire Dufour (key account, lead), Jonas Meier (quality), "
                               "Rita Hofer (sealing line 3)."))  # fmt: skip
    containment = (
        "All pouches of lots 2291-2294 at our site are on hold; your stock was swapped for "
        "lot 2301, tested at 3.9 N/15 mm."
    )
    loader.at_day(2.2, partial(_claire_answers_8d, loader, "d3_containment", containment))
    loader.at_day(2, partial(_linnea_marks_done, loader))


def _portal_user(username: str) -> User:
    return User.objects.get(username=username)


def _nordpack_agreement(loader: Any) -> None:
    supplier = loader.supplier("nordpack")
    if (
        Agreement.objects.filter(supplier=supplier, archived=False)
        .exclude(kind__in=["mutual_nda", "one_way_nda"])
        .exists()
    ):
        return
    practices.demo_agreement(
        loader.users["maria"], supplier, kind="framework", template="collaborative",
        signed_days_ago=400, expires_in_days=330, renewal_notice_days=120,
        reference="FA-2025-014",
        scope="Corrugated shipping cartons and trays for the utility-vehicle line.",
        payment_terms="60 days after invoice.",
        service_levels="On time in full 97%; defects below 500 ppm.",
        escalation_path=[
            {"level": 1, "who": "Buyer and key account manager", "time_box_days": 5},
            {"level": 2, "who": "Category manager and sales director", "time_box_days": 10},
            {"level": 3, "who": "Chief operating officer and chief executive",
             "time_box_days": 15},
        ],
    )  # fmt: skip


def _nordpack_actions(loader: Any) -> None:
    supplier = loader.supplier("nordpack")
    linnea = loader.contact("nordpack", "Linnea Berg")
    actor = loader.actor_for("nordpack")
    today = loader.now.date()
    actions.create_action_item(
        actor, supplier,
        {"title": NORDPACK_OPEN, "owner_contact": linnea, "due_on": today + timedelta(days=4),
         "detail": "Revision C moves the tear strip 5 mm; please confirm it against your "
                   "die-cut tooling before the pilot run."},
    )  # fmt: skip
    actions.create_action_item(
        actor, supplier,
        {"title": NORDPACK_DONE, "owner_contact": linnea, "due_on": today - timedelta(days=3),
         "detail": "Which film, from when, and whether it changes the pallet stability."},
    )  # fmt: skip


def _sterilis_issue(loader: Any) -> None:
    bruno = loader.users["bruno"]
    issue = conflicts.raise_issue(
        bruno, loader.supplier("sterilis"),
        {"title": SEAL_ISSUE, "category": "quality", "severity": "major",
         "safety_impact": True,
         "description": "Theatre staff reported pouches of lots 2291-2294 tearing instead of "
                        "peeling. Incoming inspection measured 5.8 N/15 mm (specification: "
                        "at most 4.5)."},
    )  # fmt: skip
    conflicts.record_step(
        bruno, issue, "define",
        {"ours": "Four lots above the peel-strength limit, confirmed at incoming inspection "
                 "on retained samples. Lots before 2291 were fine."},
    )  # fmt: skip


def _seal_issue() -> SupplierIssue:
    return SupplierIssue.objects.select_related("supplier").get(title=SEAL_ISSUE)


def _sterilis_8d(loader: Any) -> None:
    bruno = loader.users["bruno"]
    issue = _seal_issue()
    car = conflicts.open_corrective_action(bruno, issue, loader.now.date() + timedelta(days=14))
    conflicts.answer_discipline(
        bruno,
        car,
        "d2_problem",
        "Peel strength 5.8 N/15 mm (at most 4.5 allowed) on lots 2291, 2292, 2293 and "
        "2294; 1,800 pouches on hold at our warehouse, none left in the theatres.",
    )
    conflicts.add_action(
        bruno, issue,
        {"title": STERILIS_ACTION, "owner_contact": loader.contact("sterilis", "Claire Dufour"),
         "due_on": loader.now.date() + timedelta(days=6)},
    )  # fmt: skip


def _link_contacts(loader: Any) -> None:
    for username, key, name in (("nordpack", "nordpack", "Linnea Berg"),
                                ("sterilis", "sterilis", "Claire Dufour")):  # fmt: skip
        user = _portal_user(username)
        contact = loader.contact(key, name)
        if contact is not None and user.contact_id is None:
            user.contact = contact
            user.full_clean()
            user.save(update_fields=["contact"])


def _claire_answers_step(loader: Any) -> None:
    conflicts.supplier_answer_step(
        _portal_user("sterilis"),
        _seal_issue(),
        "define",
        "Confirmed on our side: the four lots were sealed on line 3 after its heater band "
        "was replaced. Retained samples show the same values.",
    )


def _claire_answers_8d(loader: Any, key: str, text: str) -> None:
    issue = _seal_issue()
    conflicts.supplier_answer_discipline(
        _portal_user("sterilis"), issue.corrective_action, key, text
    )


def _linnea_marks_done(loader: Any) -> None:
    linnea = _portal_user("nordpack")
    item = ActionItem.objects.select_related("supplier").get(title=NORDPACK_DONE)
    actions.supplier_update_action_item(
        linnea, item,
        {"status": "done",
         "progress_note": "From 1 March we use Polyfilm Nord's 17 µm film; our pallet tests "
                          "show the same stability. Test report sent to Aisha."},
    )  # fmt: skip
