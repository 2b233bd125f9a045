"""Reads and writes of relationship plans and recovery plans. Views, API, the demo loader
and tests all come through here; the rules are in `domain.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.alerts.models import Alert
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.relationship.domain import CHANNELS
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import MAX_HOURS, PlanRevision, RecoveryPlan, RelationshipPlan

OBJECTIVE = "plan.objective"
RECOVERY = "plan.recovery"
SWOT = ("strengths", "weaknesses", "opportunities", "threats")
HOURS = ("response_urgent_hours", "response_normal_hours", "response_low_hours")
PLAN_FIELDS = (
    "contributor_ids", "contributors_note", *SWOT, "contact_map", "preferred_channels", *HOURS,
    "languages", "time_zones", "meeting_etiquette", "uses_intermediary", "intermediary",
)  # fmt: skip
MAX_ROWS = 50
MAX_ITEMS = 20
MAX_STEPS = 20


# --- relationship plan ----------------------------------------------------------------------


def plan_of(supplier: Supplier) -> RelationshipPlan | None:
    return RelationshipPlan.objects.filter(supplier=supplier).select_related("updated_by").first()


def _texts(field: str, values: Any, limit: int, length: int) -> list[str]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: "Give a list of short texts."})
    cleaned = []
    for value in values:
        value = value.strip()
        if value and value not in cleaned:
            cleaned.append(value)
    if len(cleaned) > limit:
        raise ValidationError(
            {
                field: ngettext(
                    "Keep it to %(limit)d item at most.",
                    "Keep it to %(limit)d items at most.",
                    limit,
                )
                % {"limit": limit}
            }
        )
    if any(len(v) > length for v in cleaned):
        raise ValidationError(
            {field: gettext("Keep each item to %(length)d characters.") % {"length": length}}
        )
    return cleaned


def _ids(values: Any) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _check_contact_map(
    supplier: Supplier, rows: Any, contributor_ids: list[int]
) -> tuple[list[dict[str, Any]], list[int]]:
    """The contact map's rows and the contributors, checked against the supplier's contacts
    in one query: an unknown contact, one of another supplier or on the wrong side is an
    error on the field that names it."""
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise ValidationError({"contact_map": f"Give a list of at most {MAX_ROWS} rows."})
    wanted: set[int] = set(_ids(contributor_ids))
    for row in rows:
        if not isinstance(row, Mapping):
            raise ValidationError({"contact_map": "Each row needs our and their contact."})
        wanted |= set(_ids([row.get("our_contact"), row.get("their_contact")]))
    contacts = {c.pk: c for c in Contact.objects.filter(pk__in=wanted, supplier=supplier)}
    for pk in contributor_ids:
        contact = contacts.get(pk)
        if contact is None or contact.side != Contact.Side.SUPPLIER:
            raise ValidationError(
                {"contributor_ids": f"Contact {pk} is not one of this supplier's own people."}
            )
    cleaned: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        for key, side, words in (
            ("our_contact", Contact.Side.OURS, "one of our people for this supplier"),
            ("their_contact", Contact.Side.SUPPLIER, "one of this supplier's own people"),
        ):
            pk = row.get(key)
            contact = contacts.get(pk) if isinstance(pk, int) else None
            if contact is None or contact.side != side:
                shown = "missing" if pk in (None, "") else f"contact {pk}"
                raise ValidationError(
                    {"contact_map": f"Row {number}: {shown} is not {words} (among its contacts)."}
                )
        level = row.get("level")
        if level not in domain.LEVELS:
            raise ValidationError(
                {"contact_map": f"Row {number}: choose the level (executive, management or "
                 "operational)."}
            )  # fmt: skip
        purpose = str(row.get("purpose") or "").strip()
        if len(purpose) > 300:
            raise ValidationError({"contact_map": f"Row {number}: keep the purpose short."})
        cleaned.append(
            {"our_contact": row["our_contact"], "their_contact": row["their_contact"],
             "level": level, "purpose": purpose}
        )  # fmt: skip
    return cleaned, list(dict.fromkeys(contributor_ids))


def _apply_plan(plan: RelationshipPlan, supplier: Supplier, data: Mapping[str, Any]) -> None:
    for key in PLAN_FIELDS:
        if key in data:
            setattr(plan, key, data[key])
    for key in SWOT:
        setattr(plan, key, _texts(key, getattr(plan, key), domain.MAX_POINTS, 300))
    plan.languages = _texts("languages", plan.languages, MAX_ITEMS, 60)
    plan.time_zones = _texts("time_zones", plan.time_zones, MAX_ITEMS, 60)
    channels = _texts("preferred_channels", plan.preferred_channels, MAX_ITEMS, 40)
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise ValidationError(
            {"preferred_channels": f"Unknown channel(s): {', '.join(unknown)}. "
             f"Known: {', '.join(CHANNELS)}."}
        )  # fmt: skip
    plan.preferred_channels = channels
    for key in HOURS:
        value = getattr(plan, key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_HOURS
        ):
            raise ValidationError({key: f"Give whole hours from 1 to {MAX_HOURS}."})
    problems = domain.response_time_problems(
        {u: getattr(plan, f"response_{u}_hours") for u in domain.URGENCIES}
    )
    if problems:
        raise ValidationError({key: gettext(text) for key, text in problems.items()})
    plan.contributors_note = (plan.contributors_note or "").strip()
    plan.meeting_etiquette = (plan.meeting_etiquette or "").strip()
    plan.intermediary = (plan.intermediary or "").strip()
    if plan.uses_intermediary and not plan.intermediary:
        raise ValidationError({"intermediary": gettext("Say who acts as the intermediary.")})
    if not isinstance(plan.contributor_ids, list) or len(plan.contributor_ids) > MAX_ROWS:
        raise ValidationError({"contributor_ids": "Give a list of contact ids."})
    plan.contact_map, plan.contributor_ids = _check_contact_map(
        supplier, plan.contact_map, plan.contributor_ids
    )


@transaction.atomic
def save_plan(
    actor: User,
    supplier: Supplier,
    data: Mapping[str, Any],
    note: str,
    expected_version: int | None = None,
) -> RelationshipPlan:
    """Write the supplier's relationship plan (created on first save) and add a revision.

    `data` holds any of PLAN_FIELDS: SWOT lists of short texts, `contact_map` rows
    {"our_contact": contact id (our side), "their_contact": contact id (their side),
    "level": "executive"|"management"|"operational", "purpose": text},
    `preferred_channels` (interaction channel keys), `response_*_hours` (whole hours or
    None), `languages` and `time_zones` (lists of texts), `meeting_etiquette`,
    `uses_intermediary` + `intermediary`, `contributor_ids` (supplier-side contacts) and
    `contributors_note`. `note` (what changed and why) is required. With
    `expected_version`, an edit based on an older version raises `StaleEdit` (a plan not
    written yet is at version 1)."""
    require(actor, "plan.edit", supplier)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"change_note": gettext("Say what changed and why.")})
    if len(note) > 2000:
        raise ValidationError({"change_note": gettext("Keep the note under 2,000 characters.")})
    # Lock the supplier first: two people writing the first plan at the same moment would
    # otherwise both create one.
    list(Supplier.objects.select_for_update().filter(pk=supplier.pk).values_list("pk"))
    plan = RelationshipPlan.objects.filter(supplier=supplier).first() or RelationshipPlan(
        supplier=supplier
    )
    lock_for_edit(plan, expected_version, "this relationship plan")
    _apply_plan(plan, supplier, data)
    next_version(plan)
    plan.revision += 1
    plan.updated_by = actor
    save_audited(plan, actor, f"Relationship plan revision {plan.revision}: {note}"[:100])
    revision = PlanRevision(
        plan=plan,
        number=plan.revision,
        note=note,
        snapshot=snapshot_of(plan),
        created_by=actor,
    )
    save_audited(revision, actor, "Relationship plan revised.")
    return plan


def _contact_names(ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(Contact.objects.filter(pk__in=ids).values_list("pk", "name"))


def snapshot_of(plan: RelationshipPlan) -> dict[str, Any]:
    """The plan as plain data for a revision: every field, contact names beside their ids,
    and the objectives as they stand (three queries)."""
    ids = set(plan.contributor_ids)
    for row in plan.contact_map:
        ids |= {row["our_contact"], row["their_contact"]}
    names = _contact_names(ids)
    data: dict[str, Any] = {key: getattr(plan, key) for key in PLAN_FIELDS}
    data["contributors"] = [names.get(pk, f"#{pk}") for pk in plan.contributor_ids]
    data["contact_map"] = [
        {**row, "our_name": names.get(row["our_contact"], ""),
         "their_name": names.get(row["their_contact"], "")}
        for row in plan.contact_map
    ]  # fmt: skip
    data["objectives"] = [
        {"title": item.title, "owner": item.owner.display_name if item.owner else "",
         "due_on": item.due_on.isoformat() if item.due_on else None, "status": item.status}
        for item in objectives_of(plan)
    ]  # fmt: skip
    return data


def revisions_of(plan: RelationshipPlan | None) -> Any:
    """The plan's revisions, newest first (one query)."""
    if plan is None:
        return PlanRevision.objects.none()
    return PlanRevision.objects.filter(plan=plan).select_related("created_by").order_by("-number")


def contact_map_rows(plan: RelationshipPlan | None) -> list[dict[str, Any]]:
    """The contact map with the contacts' records, for display (one query)."""
    if plan is None:
        return []
    ids = {pk for row in plan.contact_map for pk in (row["our_contact"], row["their_contact"])}
    contacts = Contact.objects.in_bulk(ids)
    return [
        {**row, "ours": contacts.get(row["our_contact"]),
         "theirs": contacts.get(row["their_contact"]),
         "level_label": domain.LEVELS.get(row["level"], row["level"])}
        for row in plan.contact_map
    ]  # fmt: skip


def contributors_of(plan: RelationshipPlan | None) -> list[Contact]:
    if plan is None or not plan.contributor_ids:
        return []
    found = Contact.objects.in_bulk(plan.contributor_ids)
    return [found[pk] for pk in plan.contributor_ids if pk in found]


# --- objectives -----------------------------------------------------------------------------


def objectives_of(plan: RelationshipPlan | None) -> list[ActionItem]:
    if plan is None:
        return []
    return actions.items_for_sources(OBJECTIVE, [plan.pk]).get(plan.pk, [])


def add_objective(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> ActionItem:
    """An objective of the supplier's relationship plan: an action item (title, owner,
    owner_contact, due_on, detail) with source "plan.objective". The plan must exist."""
    require(actor, "plan.edit", supplier)
    plan = RelationshipPlan.objects.filter(supplier=supplier).first()
    if plan is None:
        raise ValidationError(
            {"title": gettext("Write the relationship plan first, then its objectives.")}
        )
    return actions.create_action_item(
        actor, supplier, data, source=OBJECTIVE, source_id=plan.pk, reason="Plan objective added."
    )


# --- response targets (registered for the relationship recompute) ---------------------------


def response_targets(supplier_ids: list[int]) -> dict[int, float]:
    """{supplier pk: expected answer hours for normal requests} from the suppliers' current
    relationship plans, for those that set one (one query)."""
    rows = RelationshipPlan.objects.filter(
        supplier_id__in=supplier_ids, response_normal_hours__isnull=False
    ).values_list("supplier_id", "response_normal_hours")
    return {supplier_id: float(hours) for supplier_id, hours in rows}


# --- recovery plans -------------------------------------------------------------------------


def approach_of_plan(plan: RelationshipPlan | None) -> domain.Approach:
    """How the relationship plan engages the supplier: the contact map's levels and people."""
    if plan is None:
        return domain.Approach()
    ids = [pk for row in plan.contact_map for pk in (row["our_contact"], row["their_contact"])]
    return domain.Approach(
        levels=frozenset(domain.levels_of_contact_map(plan.contact_map)),
        people=_contact_names(ids),
    )


def approach_of_recovery(recovery: RecoveryPlan, names: Mapping[int, str]) -> domain.Approach:
    return domain.Approach(
        levels=frozenset(recovery.levels),
        people={pk: names.get(pk, f"#{pk}") for pk in recovery.people},
        cadence=recovery.cadence,
    )


def repetition_check(
    supplier: Supplier,
    levels: Sequence[str],
    people: Sequence[int],
    cadence: str,
    before: RecoveryPlan | None = None,
) -> domain.RepetitionCheck:
    """Compare a proposed recovery approach with the supplier's latest recovery plan (or
    `before`) and its current relationship plan (a fixed handful of queries)."""
    previous = (
        before
        or RecoveryPlan.objects.filter(supplier=supplier).order_by("-created_at", "-pk").first()
    )
    names = _contact_names([*people, *(previous.people if previous else [])])
    earlier: list[tuple[str, domain.Approach]] = []
    if previous is not None:
        earlier.append(("the previous recovery plan", approach_of_recovery(previous, names)))
    plan = RelationshipPlan.objects.filter(supplier=supplier).first()
    if plan is not None:
        earlier.append(("the relationship plan", approach_of_plan(plan)))
    proposed = domain.Approach(
        levels=frozenset(levels), people={pk: names.get(pk, f"#{pk}") for pk in people},
        cadence=cadence,
    )  # fmt: skip
    return domain.check_repetition(proposed, earlier)


def _check_recovery(supplier: Supplier, data: Mapping[str, Any]) -> dict[str, Any]:
    trigger = data.get("trigger")
    if trigger not in RecoveryPlan.Trigger.values:
        raise ValidationError(
            {"trigger": gettext("Choose what set this off: bow-tie, drift or trust.")}
        )
    acknowledgement = str(data.get("acknowledgement") or "").strip()
    if not acknowledgement:
        raise ValidationError(
            {"acknowledgement": gettext("Name the problem openly, without blaming anyone.")}
        )
    review_on = data.get("review_on")
    if not isinstance(review_on, dt.date):
        raise ValidationError({"review_on": gettext("Set the day the plan will be reviewed.")})
    if review_on <= timezone.localdate():
        raise ValidationError({"review_on": gettext("The review must be in the future.")})
    levels = list(dict.fromkeys(data.get("levels") or []))
    unknown = [lv for lv in levels if lv not in domain.ENGAGEMENT_LEVELS]
    if unknown:
        raise ValidationError(
            {"levels": f"Unknown level(s): {', '.join(map(str, unknown))}. "
             f"Known: {', '.join(domain.ENGAGEMENT_LEVELS)}."}
        )  # fmt: skip
    people = list(dict.fromkeys(_ids(data.get("people") or [])))
    if len(people) > MAX_ROWS:
        raise ValidationError({"people": f"Name at most {MAX_ROWS} people."})
    found = set(
        Contact.objects.filter(pk__in=people, supplier=supplier).values_list("pk", flat=True)
    )
    missing = [pk for pk in people if pk not in found]
    if missing:
        raise ValidationError(
            {"people": f"Not among this supplier's contacts: {', '.join(map(str, missing))}."}
        )
    cadence = data.get("cadence") or ""
    if cadence not in RecoveryPlan.Cadence.values:
        raise ValidationError(
            {"cadence": gettext("Choose weekly, fortnightly, monthly or quarterly.")}
        )
    alert = data.get("alert")
    if alert is not None:
        if isinstance(alert, int):
            alert = Alert.objects.filter(pk=alert).first()
        if (
            alert is None
            or alert.supplier_id != supplier.pk
            or alert.status == Alert.Status.DISMISSED
        ):
            raise ValidationError(
                {"alert_id": gettext("Link an alert of this supplier that is not dismissed.")}
            )
    steps = list(data.get("steps") or [])
    if len(steps) > MAX_STEPS:
        raise ValidationError(
            {"steps": gettext("Keep it to %(count)d small steps.") % {"count": MAX_STEPS}}
        )
    return {
        "trigger": trigger, "alert": alert, "acknowledgement": acknowledgement,
        "levels": levels, "people": people, "cadence": cadence,
        "facilitator": str(data.get("facilitator") or "").strip(), "review_on": review_on,
        "steps": steps,
    }  # fmt: skip


@transaction.atomic
def create_recovery_plan(
    actor: User, supplier: Supplier, data: Mapping[str, Any]
) -> tuple[RecoveryPlan, domain.RepetitionCheck]:
    """Start a recovery plan. `data`: trigger ("bow_tie"|"drift_alert"|"trust_breach"),
    alert (an Alert of this supplier, or its id, optional), acknowledgement (text),
    levels (keys of domain.ENGAGEMENT_LEVELS, e.g. "ours:executive"), people (contact ids
    of this supplier, either side), cadence ("" or a key of domain.CADENCES), facilitator
    (name, optional), review_on (a future date), steps (list of action-item data dicts:
    title, and optionally owner, owner_contact, due_on — default the review day).

    Returns the plan and its repetition check; when the plan repeats what was tried, the
    check's warning is stored on the plan (it is saved regardless)."""
    require(actor, "plan.edit", supplier)
    clean = _check_recovery(supplier, data)
    check = repetition_check(supplier, clean["levels"], clean["people"], clean["cadence"])
    steps = clean.pop("steps")
    recovery = RecoveryPlan(
        supplier=supplier, created_by=actor, repetition_warning=check.warning, **clean
    )
    save_audited(recovery, actor, "Recovery plan started.")
    for number, step in enumerate(steps, start=1):
        step = dict(step)
        step.setdefault("due_on", None)
        step["due_on"] = step["due_on"] or recovery.review_on
        try:
            actions.create_action_item(
                actor, supplier, step, source=RECOVERY, source_id=recovery.pk,
                reason="Recovery step added.",
            )  # fmt: skip
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            raise ValidationError(
                {
                    "steps": gettext("Step %(number)d: %(messages)s")
                    % {"number": number, "messages": messages}
                }
            ) from exc
    return recovery, check


@dataclass(frozen=True)
class RecoveryView:
    """A recovery plan with what the page shows beside it."""

    plan: RecoveryPlan
    steps: list[ActionItem]
    people: list[str]
    levels: list[str]


def recovery_plans_of(supplier: Supplier, limit: int = 20) -> list[RecoveryView]:
    """The supplier's recovery plans, newest first, with steps and names (three queries)."""
    plans = list(
        RecoveryPlan.objects.filter(supplier=supplier)
        .select_related("created_by", "alert")
        .order_by("-created_at", "-pk")[:limit]
    )
    steps = actions.items_for_sources(RECOVERY, [p.pk for p in plans])
    names = _contact_names(pk for p in plans for pk in p.people)
    return [
        RecoveryView(
            plan=p,
            steps=steps.get(p.pk, []),
            people=[names.get(pk, f"#{pk}") for pk in p.people],
            levels=[gettext(domain.level_label(k)) for k in p.levels],
        )
        for p in plans
    ]


def open_alerts_of(supplier: Supplier) -> Any:
    return Alert.objects.filter(supplier=supplier).exclude(status=Alert.Status.DISMISSED)


def runs_as_transactional(supplier: Supplier) -> bool:
    """True when the supplier is run (chosen) or recommended as transactional."""
    from partnerbook.segmentation.services import segmentation_of

    seg = segmentation_of(supplier)
    chosen = seg.profile.chosen_model
    return (chosen or str(seg.fit.recommended)) == "transactional"
