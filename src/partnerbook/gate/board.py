"""The pipeline board: every open sourcing project's candidates and every new supplier, by
playbook step (criteria, vetting, pilot, agreement, onboarding, active), with what blocks
each one. Read in a fixed number of queries whatever the number of candidates; advancing a
card is a status move through `suppliers.services.change_status`, so the same gate holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.core import registry
from partnerbook.sourcing.models import Candidate, SourcingProject
from partnerbook.suppliers.domain import STATUS_LABELS, Status
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Activation

RECENT_DAYS = 90  # an activated supplier stays on the board this long
SHOWN_PER_STEP = 60  # cards drawn per column; the rest are counted
# What a card reads of its supplier (the page's link, name and status badge, and whether the
# user may advance it: `supplier.change_status` looks at the relationship owner).
CARD_FIELDS = ("name", "status", "relationship_owner", "archived")
PILOT_STEPS = (domain.PILOT, domain.AGREEMENT)  # the steps a supplier in pilot moves through


@dataclass(frozen=True)
class BoardCard:
    supplier: Supplier
    project: SourcingProject | None
    candidate_stage: str  # e.g. "short_list"; "" for a new supplier
    card: domain.Card
    next_status: str | None
    next_label: str
    urls: dict[str, str]  # "supplier", "move" (its status change), "project" when a candidate

    @property
    def stage_label(self) -> str:
        return str(Candidate.Stage(self.candidate_stage).label) if self.candidate_stage else ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    cards: list[BoardCard]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


def board(user: User, project_id: int | None = None) -> list[Column]:
    """The board's columns for `user` (optionally one project's candidates only)."""
    visible = Supplier.objects.visible_to(user)
    candidates = (
        Candidate.objects.filter(
            project__archived=False,
            project__status=SourcingProject.Status.OPEN,
            supplier__in=visible,
            supplier__archived=False,
        )
        .exclude(stage=Candidate.Stage.REJECTED)
        .select_related("supplier", "project")
        .only(
            "project",
            "supplier",
            "stage",
            "project__title",
            *(f"supplier__{field}" for field in CARD_FIELDS),
        )
        .order_by("project__title", "project_id", "supplier__name", "pk")
    )
    if project_id is not None:
        candidates = candidates.filter(project_id=project_id)
    rows = list(candidates)
    criteria = dict(
        SourcingProject.objects.filter(pk__in={c.project_id for c in rows})
        .annotate(n=Count("criteria"))
        .values_list("pk", "n")
    )
    entries: list[tuple[Supplier, SourcingProject | None, str]] = [
        (c.supplier, c.project, c.stage) for c in rows
    ]
    if project_id is None:
        entries.extend(
            (s, None, "") for s in _new_suppliers(visible, {c.supplier_id for c in rows})
        )
    # Every entry is counted in its column, but only the cards drawn need their blockers:
    # place every entry from its status and the two items that move a pilot on (pilot,
    # contract), then read for the drawn cards the items their step's blockers name.
    pilots = {s.pk for s, _, _ in entries if s.status == "pilot"}
    placing = services.checklists(
        pilots, keys=[key for step in PILOT_STEPS for key in domain.STEP_ITEMS[step]]
    )
    empty = domain.Checklist(())
    placed: dict[str, list[tuple[Supplier, SourcingProject | None, str, bool]]] = {
        step: [] for step, _ in domain.STEPS
    }
    for supplier, project, stage in entries:
        has_criteria = project is None or criteria.get(project.pk, 0) > 0
        step = domain.place_on_board(
            supplier.status,
            placing.get(supplier.pk, empty),
            project_has_criteria=has_criteria,
            candidate_stage=stage,
        ).step
        placed[step].append((supplier, project, stage, has_criteria))
    drawn = {step: rows[:SHOWN_PER_STEP] for step, rows in placed.items()}
    lists = {
        domain.VETTING: services.checklists(
            {s.pk for s, _, _, _ in drawn[domain.VETTING]}, keys=domain.STEP_ITEMS[domain.VETTING]
        ),
        domain.PILOT: placing,
        domain.AGREEMENT: placing,
        domain.ONBOARDING: services.checklists({s.pk for s, _, _, _ in drawn[domain.ONBOARDING]}),
    }  # criteria and active cards name no checklist item
    # One reverse() per link, the pk formatted in: a hundred and eighty cards link three times.
    supplier_url = registry.pk_urls("gate:supplier")
    move_url = registry.pk_urls("suppliers:change_status")
    project_url = registry.pk_urls("sourcing:project")
    columns = []
    for step, label in domain.STEPS:
        cards = []
        for supplier, project, stage, has_criteria in drawn[step]:
            card = domain.place_on_board(
                supplier.status,
                lists.get(step, {}).get(supplier.pk, empty),
                project_has_criteria=has_criteria,
                candidate_stage=stage,
            )
            target = domain.NEXT_STATUS.get(supplier.status)
            next_label = STATUS_LABELS[Status(target)] if target else ""
            urls = {"supplier": supplier_url(supplier.pk), "move": move_url(supplier.pk)}
            if project is not None:
                urls["project"] = project_url(project.pk)
            cards.append(BoardCard(supplier, project, stage, card, target, next_label, urls))
        columns.append(Column(step, label, cards, len(placed[step])))
    return columns


def _new_suppliers(visible: QuerySet[Supplier], skip: set[int]) -> list[Supplier]:
    """Suppliers on their way in (prospect, vetting, pilot) and those made active in the
    last RECENT_DAYS days, that are not already on the board as a candidate."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    recent = Activation.objects.filter(decided_at__gte=since).values("supplier_id")
    on_the_way = visible.filter(archived=False).filter(
        Q(status__in=sorted(domain.GATED_FROM)) | Q(status="active", pk__in=recent)
    )
    return [s for s in on_the_way.only(*CARD_FIELDS).order_by("name", "pk") if s.pk not in skip]
