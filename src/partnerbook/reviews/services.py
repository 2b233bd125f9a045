"""Reads and writes of quarterly business reviews. Views, the API, the demo loader and tests
all come through here; the rules are in `domain.py`.

Recording a review freezes the quarter's scorecard, re-checks the value-risk quadrant, logs
a business-review interaction on the relationship timeline and raises its action items,
all in one transaction: a problem anywhere writes nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.core import events
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.performance import domain as performance_domain
from partnerbook.performance import services as performance
from partnerbook.performance.models import PartnerRating
from partnerbook.relationship import services as relationship
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import BusinessReview

ACTION = "review.action"
MITIGATION = "review.mitigation"
ITEM_KINDS = {"actions": ACTION, "mitigation": MITIGATION}
TEXT_FIELDS = ("our_comments", "supplier_comments")
TEXT_LIMIT = 5000
MAX_PEOPLE = 50
EXPORT_COLUMNS = (
    "id", "supplier", "supplier_external_id", "quarter", "held_on", "overall", "standing",
    "green", "yellow", "red", "no_data", "quadrant_before", "quadrant_after", "risk_before",
    "risk_after", "risk_rose", "decisions", "successes", "our_comments", "supplier_comments",
    "actions", "open_actions", "archived",
)  # fmt: skip
EXPORT_LIMIT = 50_000


# --- what a review compares -----------------------------------------------------------------


def current_position(supplier: Supplier) -> domain.Position:
    """The supplier's quadrant (the override when there is one) and risk score now."""
    from partnerbook.segmentation.services import segmentation_of

    seg = segmentation_of(supplier)
    quadrant = seg.quadrant.value if seg.quadrant is not None else None
    return domain.Position(quadrant, seg.placement.risk.score)


def previous_review(supplier: Supplier, period: dt.date) -> BusinessReview | None:
    """The latest review (not archived) of a quarter before `period`."""
    reviews = BusinessReview.objects.filter(supplier=supplier, archived=False, period__lt=period)
    return reviews.order_by("-period", "-held_on", "-pk").first()


def frozen_scorecard(supplier: Supplier, period: dt.date) -> dict[str, Any]:
    """The quarter's scorecard (and the supplier's rating of us for it, when given) as the
    plain data a review stores. Six queries."""
    card, _ = performance.scorecard(supplier, period, performance_domain.QUARTER, trailing=2)
    ratings = dict(
        PartnerRating.objects.filter(supplier=supplier, period=period).values_list(
            "criterion", "score"
        )
    )
    customer = performance_domain.customer_score(period, ratings) if ratings else None
    complete = timezone.localdate() >= domain.next_quarter(period)
    return domain.freeze_scorecard(card, timezone.now().isoformat(), complete, customer)


@dataclass(frozen=True)
class Preview:
    """What recording a review of one quarter would freeze and compare, now."""

    period: dt.date
    scorecard: dict[str, Any]
    recheck: domain.Recheck
    previous: BusinessReview | None

    @property
    def label(self) -> str:
        return domain.quarter_label(self.period)


def preview(supplier: Supplier, period: dt.date) -> Preview:
    """The scorecard a review of `period` would freeze and the quadrant re-check it would
    store (the same computation `record_review` uses)."""
    previous = previous_review(supplier, period)
    before = (
        domain.Position(previous.quadrant_after or None, previous.risk_after) if previous else None
    )
    check = domain.recheck(before, current_position(supplier))
    return Preview(period, frozen_scorecard(supplier, period), check, previous)


# --- checks ---------------------------------------------------------------------------------


def _period_of(value: Any) -> dt.date:
    period = domain.parse_quarter(value) if isinstance(value, str) else value
    if not isinstance(period, dt.date) or isinstance(period, dt.datetime):
        raise ValidationError({"quarter": gettext("Give the quarter reviewed, e.g. 2026-Q1.")})
    problem = domain.quarter_problem(period, timezone.localdate())
    if problem:
        raise ValidationError({"quarter": problem})
    return period


def _held_on(value: Any, period: dt.date) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        message = gettext("Give the day the review was held (YYYY-MM-DD).")
        raise ValidationError({"held_on": message})
    problem = domain.held_on_problem(value, period, timezone.localdate())
    if problem:
        raise ValidationError({"held_on": problem})
    return value


def _points(name: str, values: Any) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError({name: "Give a list of short texts."})
    points = domain.clean_points(values)
    problem = domain.points_problem(points)
    if problem:
        raise ValidationError({name: problem})
    return points


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({name: "Give text."})
    value = value.strip()
    if len(value) > TEXT_LIMIT:
        raise ValidationError({name: f"Keep it under {TEXT_LIMIT:,} characters."})
    return value


def _contacts(supplier: Supplier, values: Any) -> list[Contact]:
    people = list(values or [])
    if len(people) > MAX_PEOPLE:
        message = gettext("Name at most %(limit)s people.") % {"limit": MAX_PEOPLE}
        raise ValidationError({"contacts": message})
    if any(not isinstance(c, Contact) or c.supplier_id != supplier.pk for c in people):
        raise ValidationError({"contacts": gettext("Choose people from this supplier's contacts.")})
    return people


def _items(kind: str, values: Any, held_on: dt.date) -> list[dict[str, Any]]:
    """The action items to raise, checked for what `create_action_item` does not check."""
    items = list(values or [])
    if len(items) > domain.MAX_ACTIONS:
        raise ValidationError({kind: f"Keep it to {domain.MAX_ACTIONS} actions at most."})
    checked = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ValidationError({kind: "Give each action as a title, an owner and a due day."})
        item = dict(item)
        title = str(item.get("title") or "").strip()
        if not title:
            raise ValidationError(
                {f"{kind}.{index}.title": f"{_noun(kind)} {index + 1}: say what needs doing."}
            )
        due_on = item.get("due_on")
        if due_on is not None and (
            not isinstance(due_on, dt.date) or isinstance(due_on, dt.datetime)
        ):
            raise ValidationError(
                {f"{kind}.{index}.due_on": f"{_noun(kind)} {index + 1}: give the due day."}
            )
        problem = domain.due_problem(due_on, held_on)
        if problem:
            raise ValidationError(
                {f"{kind}.{index}.due_on": f"{_noun(kind)} {index + 1}: {problem}"}
            )
        if item.get("owner") is not None and item.get("owner_contact") is not None:
            raise ValidationError(
                {f"{kind}.{index}.owner_contact": f"{_noun(kind)} {index + 1}: choose one "
                 "owner, on our side or on theirs."}
            )  # fmt: skip
        item["title"] = title
        checked.append(item)
    return checked


def _noun(kind: str) -> str:
    return "Mitigation action" if kind == "mitigation" else "Action"


def _raise_items(
    actor: User, review: BusinessReview, kind: str, items: Sequence[Mapping[str, Any]]
) -> list[ActionItem]:
    created = []
    for index, item in enumerate(items):
        data = {k: v for k, v in item.items() if k in actions.ITEM_FIELDS}
        data["status"] = ActionItem.Status.OPEN
        try:
            created.append(
                actions.create_action_item(
                    actor,
                    review.supplier,
                    data,
                    source=ITEM_KINDS[kind],
                    source_id=review.pk,
                    reason=f"{_noun(kind)} raised by the review of {review.quarter_label}.",
                )  # fmt: skip
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"{kind}.{index}.{name}": f"{_noun(kind)} {index + 1}: {message}"
                    for name, messages in exc.message_dict.items()
                    for message in messages
                }
            ) from exc
    return created


def _notes(review: BusinessReview) -> str:
    card = review.scorecard or {}
    return domain.interaction_notes(
        review.quarter_label, card.get("overall"), card.get("standing"), review.decisions,
        review.successes, review.our_comments, review.supplier_comments,
        review.recheck.summary,
    )  # fmt: skip


def _subject(review: BusinessReview) -> str:
    return f"Quarterly business review {review.quarter_label}"


# --- writes ---------------------------------------------------------------------------------


@transaction.atomic
def record_review(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> BusinessReview:
    """Record the review of one quarter with `supplier`.

    `data`: quarter (a date on a quarter's first day, or text such as "2026-Q1"), held_on
    (a date), our_comments and supplier_comments (text), decisions and successes (lists of
    short texts), contacts (Contacts of this supplier who took part, either side), actions
    and mitigation (lists of {title, detail, owner (User), owner_contact (supplier-side
    Contact), due_on}). When risk rose since the previous review, at least one mitigation
    action is required. Freezes the quarter's scorecard, stores the quadrant re-check,
    logs a "business_review" interaction and raises the action items."""
    require(actor, "review.edit", supplier)
    # Lock the supplier: two people recording the same quarter at once would both pass the
    # duplicate check below.
    list(Supplier.objects.select_for_update().filter(pk=supplier.pk).values_list("pk"))
    period = _period_of(data.get("quarter"))
    held_on = _held_on(data.get("held_on"), period)
    existing = BusinessReview.objects.filter(supplier=supplier, period=period, archived=False)
    found = existing.first()
    if found is not None:
        message = gettext(
            "%(quarter)s was reviewed already, on %(day)s; change that review instead."
        ) % {"quarter": domain.quarter_label(period), "day": f"{found.held_on:%Y-%m-%d}"}
        raise ValidationError({"quarter": ValidationError(message, code="unique")})
    texts = {name: _text(name, data.get(name)) for name in TEXT_FIELDS}
    decisions = _points("decisions", data.get("decisions"))
    successes = _points("successes", data.get("successes"))
    contacts = _contacts(supplier, data.get("contacts"))
    items = {kind: _items(kind, data.get(kind), held_on) for kind in ITEM_KINDS}
    seen = preview(supplier, period)
    if seen.recheck.risk_rose and not items["mitigation"]:
        message = gettext(
            "Risk rose since the last review: add at least one mitigation action (what will be "
            "done, by whom, by when)."
        )
        raise ValidationError({"mitigation": message})
    review = BusinessReview(
        supplier=supplier, period=period, held_on=held_on, scorecard=seen.scorecard,
        decisions=decisions, successes=successes, created_by=actor,
        quadrant_before=seen.recheck.before.quadrant or "", risk_before=seen.recheck.before.risk,
        quadrant_after=seen.recheck.after.quadrant or "", risk_after=seen.recheck.after.risk,
        first_review=seen.recheck.first, previous=seen.previous,
        risk_rose=seen.recheck.risk_rose, **texts,
    )  # fmt: skip
    review.interaction = relationship.record_interaction(
        actor, supplier,
        {"occurred_on": held_on, "channel": "business_review", "initiated_by": "ours",
         "subject": _subject(review), "notes": _notes(review), "contacts": contacts},
    )  # fmt: skip
    save_audited(review, actor, f"Review of {review.quarter_label} recorded.")
    events.publish("review.recorded", {
        "review_id": review.pk, "supplier_id": supplier.pk, "supplier_name": supplier.name,
        "quarter": review.quarter_label, "held_on": held_on})  # fmt: skip
    for kind, listed in items.items():
        _raise_items(actor, review, kind, listed)
    return review


@transaction.atomic
def update_review(
    actor: User,
    review: BusinessReview,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> BusinessReview:
    """Change a review: held_on, the comments, decisions, successes and contacts given in
    `data`, and add `actions` / `mitigation` items (existing items change through the
    action-item service). The quarter, the frozen scorecard and the quadrant re-check stay
    as recorded. The business-review interaction follows (day, notes, people). With
    `expected_version`, an edit based on an older version raises `StaleEdit`."""
    require(actor, "review.edit", review.supplier)
    lock_for_edit(review, expected_version, "this review")
    if review.archived:
        raise ValidationError({"archived": gettext("Restore this review before changing it.")})
    if data.get("quarter") not in (None, "") and _period_of(data["quarter"]) != review.period:
        message = gettext(
            "A review's quarter cannot change: its scorecard was frozen for it. Archive this "
            "review and record one for the other quarter."
        )
        raise ValidationError({"quarter": message})
    if "held_on" in data:
        review.held_on = _held_on(data["held_on"], review.period)
    for name in TEXT_FIELDS:
        if name in data:
            setattr(review, name, _text(name, data[name]))
    for name in ("decisions", "successes"):
        if name in data:
            setattr(review, name, _points(name, data[name]))
    items = {kind: _items(kind, data.get(kind), review.held_on) for kind in ITEM_KINDS}
    next_version(review)
    save_audited(review, actor, f"Review of {review.quarter_label} changed.")
    _sync_interaction(actor, review, data)
    for kind, listed in items.items():
        _raise_items(actor, review, kind, listed)
    return review


def _sync_interaction(actor: User, review: BusinessReview, data: Mapping[str, Any]) -> None:
    """Keep the review's business-review interaction in step (recreated if it was lost)."""
    values: dict[str, Any] = {
        "occurred_on": review.held_on, "subject": _subject(review), "notes": _notes(review),
    }  # fmt: skip
    if "contacts" in data:
        values["contacts"] = _contacts(review.supplier, data["contacts"])
    interaction = review.interaction
    if interaction is None:
        values.update(channel="business_review", initiated_by="ours")
        review.interaction = relationship.record_interaction(actor, review.supplier, values)
        save_audited(review, actor, "Review linked to its timeline entry.")
    else:
        relationship.update_interaction(actor, interaction, values)


@transaction.atomic
def set_review_archived(
    actor: User, review: BusinessReview, archived: bool, expected_version: int | None = None
) -> BusinessReview:
    """Archive a review (it is kept, but no longer counts as the quarter's review, and its
    interaction no longer counts as held) or restore it."""
    require(actor, "review.edit", review.supplier)
    lock_for_edit(review, expected_version, "this review")
    if review.archived == archived:
        return review
    if not archived:
        clash = BusinessReview.objects.filter(
            supplier_id=review.supplier_id, period=review.period, archived=False
        ).exists()
        if clash:
            message = gettext("%(quarter)s has another review; archive that one first.") % {
                "quarter": review.quarter_label
            }
            raise ValidationError({"quarter": ValidationError(message, code="unique")})
    review.archived = archived
    next_version(review)
    save_audited(review, actor, "Review archived." if archived else "Review restored.")
    if review.interaction is not None and review.interaction.archived != archived:
        relationship.set_interaction_archived(actor, review.interaction, archived)
    return review


# --- reads ----------------------------------------------------------------------------------


@dataclass
class ReviewActions:
    """A review's follow-up actions and mitigation plan."""

    actions: list[ActionItem] = field(default_factory=list)
    mitigation: list[ActionItem] = field(default_factory=list)

    @property
    def all(self) -> list[ActionItem]:
        return [*self.mitigation, *self.actions]

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.all if item.status == ActionItem.Status.OPEN)


def actions_of(review_ids: Iterable[int]) -> dict[int, ReviewActions]:
    """{review pk: its action items} for the given reviews, in one query."""
    ids = list(review_ids)
    found: dict[int, ReviewActions] = defaultdict(ReviewActions)
    if not ids:
        return {}
    items = (
        ActionItem.objects.filter(source__in=[ACTION, MITIGATION], source_id__in=ids)
        .for_list()
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    for item in items:
        assert item.source_id is not None  # noqa: S101 - filtered on it
        group = found[item.source_id]
        (group.mitigation if item.source == MITIGATION else group.actions).append(item)
    return dict(found)


def reviews_of(supplier: Supplier, include_archived: bool = True) -> Any:
    """The supplier's reviews, newest quarter first (one query)."""
    reviews = BusinessReview.objects.filter(supplier=supplier)
    if not include_archived:
        reviews = reviews.filter(archived=False)
    return reviews.for_list()


def review_for(user: Any, review_id: int) -> BusinessReview | None:
    """The review if `user` may see it, with its supplier and interaction (one query)."""
    found: BusinessReview | None = (
        BusinessReview.objects.visible_to(user)
        .select_related(
            "supplier",
            "supplier__category",
            "supplier__relationship_owner",
            "created_by",
            "interaction",
            "previous",
        )
        .filter(pk=review_id)
        .first()
    )
    return found


def people_of(review: BusinessReview) -> list[Contact]:
    """Who took part (from the review's interaction), our side first (one query)."""
    if review.interaction_id is None:
        return []
    return list(Contact.objects.filter(interactions=review.interaction_id).order_by("side", "name"))


# --- export ---------------------------------------------------------------------------------


def export_reviews(reviews: Any, fmt: str) -> ExportFile:
    """One row per review as CSV or XLSX through the shared writer (two queries)."""
    listed = list(reviews.select_related("supplier")[:EXPORT_LIMIT])
    items = actions_of(r.pk for r in listed)
    rows = []
    for review in listed:
        card = review.scorecard or {}
        lights = domain.light_counts(card)
        group = items.get(review.pk, ReviewActions())
        rows.append(
            (
                review.pk, review.supplier.name, review.supplier.external_id,
                review.quarter_key, review.held_on.isoformat(), card.get("overall"),
                card.get("standing") or "no data", lights["green"], lights["yellow"],
                lights["red"], "; ".join(card.get("no_data", [])),
                review.quadrant_before, review.quadrant_after, review.risk_before,
                review.risk_after, "yes" if review.risk_rose else "no",
                "; ".join(review.decisions), "; ".join(review.successes),
                review.our_comments, review.supplier_comments, len(group.all),
                group.open_count, "yes" if review.archived else "no",
            )
        )  # fmt: skip
    if fmt == "xlsx":
        numbers = ("id", "overall", "green", "yellow", "red", "risk_before", "risk_after",
                   "actions", "open_actions")  # fmt: skip
        content = write_xlsx("Reviews", EXPORT_COLUMNS, rows, number_columns=numbers)
    else:
        content = write_csv(EXPORT_COLUMNS, rows)
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


# --- demo -----------------------------------------------------------------------------------


def demo_review(
    actor: User,
    supplier: Supplier,
    period: dt.date,
    *,
    held_on: dt.date | None = None,
    our_comments: str = "",
    supplier_comments: str = "",
    decisions: Sequence[str] = (),
    successes: Sequence[str] = (),
    actions: Sequence[Mapping[str, Any]] = (),
    mitigation: Sequence[Mapping[str, Any]] = (),
) -> BusinessReview:
    """A believable past review for the demo: the quarter starting `period` (any day in it
    will do), held `held_on` (default: the 20th day after the quarter ended, or today if
    that is later), with decisions and successes drawn from the frozen scorecard when none
    are given: a red KPI becomes a decision to agree a recovery target, a green one a
    success; one follow-up action for the relationship owner when none is given, and a
    mitigation action when risk rose and none is given. Running it again for a quarter
    already reviewed returns that review unchanged."""
    period = domain.quarter_start(period)
    existing = BusinessReview.objects.filter(supplier=supplier, period=period, archived=False)
    found = existing.first()
    if found is not None:
        return found
    today = timezone.localdate()
    held = held_on or min(domain.next_quarter(period) + dt.timedelta(days=19), today)
    seen = preview(supplier, period)
    kpis = seen.scorecard.get("kpis", [])
    owner = supplier.relationship_owner if supplier.relationship_owner_id else actor
    due = held + dt.timedelta(days=45)
    decided = list(decisions) or [
        f"Agree a recovery target for {k['name']} ({k['display']}) with the supplier"
        for k in kpis if k["light"] == performance_domain.RED
    ][:3] or ["Keep the current targets for the next quarter"]  # fmt: skip
    celebrated = list(successes) or [
        f"{k['name']} on target ({k['display']})" for k in kpis if k["light"] == "green"
    ][:3]  # fmt: skip
    follow_up = list(actions) or [
        {"title": "Share the review minutes and the agreed targets", "owner": owner,
         "due_on": held + dt.timedelta(days=7)}
    ]  # fmt: skip
    plan = list(mitigation)
    if seen.recheck.risk_rose and not plan:
        plan = [
            {"title": "Go through the risk factors that rose and agree how to reduce them",
             "owner": owner, "due_on": due}
        ]  # fmt: skip
    return record_review(
        actor, supplier,
        {"quarter": period, "held_on": held, "our_comments": our_comments,
         "supplier_comments": supplier_comments, "decisions": decided,
         "successes": celebrated, "actions": follow_up, "mitigation": plan},
    )  # fmt: skip
