"""Reads and writes of the decision checklist: the checklist of many suppliers at once, the
items a person ticks with evidence, the guard that every move to active passes (form, API,
import, CLI and admin all come through `suppliers.services.change_status`), the decisions
on record and the lists the portfolio shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core import registry
from partnerbook.core.audit import save_audited
from partnerbook.core.marks import gettext_noop, text
from partnerbook.segmentation.domain import GuidanceCheck
from partnerbook.suppliers.models import Supplier

from . import domain
from .models import Activation, Tick


def register() -> None:
    """Register the hand-ticked items and the guard (from `GateConfig.ready`)."""
    for key, (label, help_text, order) in domain.MANUAL_ITEMS.items():
        registry.register_checklist_item(
            registry.ChecklistItem(key=key, label=label, help=help_text, order=order)
        )
    registry.register_status_guard(
        registry.StatusGuard(key="checklist", refusal=refusal, record=record)
    )
    registry.register_portfolio_check(
        registry.PortfolioCheck(key="activations", checks=portfolio_guidance)
    )


# --- the checklist --------------------------------------------------------------------------


def _items(keys: Iterable[str] | None) -> list[registry.ChecklistItem]:
    items = registry.checklist_items()
    if keys is None:
        return items
    wanted = set(keys)
    return [item for item in items if item.key in wanted]


def checklists(
    supplier_ids: Iterable[int], keys: Iterable[str] | None = None
) -> dict[int, domain.Checklist]:
    """{supplier pk: its checklist} for every pk given: one query for the ticked items and a
    fixed number per item read from another feature, whatever the number of suppliers.
    `keys` limits the checklists to those items (e.g. the ones that place a board card)."""
    ids = sorted(set(supplier_ids))
    if not ids:
        return {}
    items = _items(keys)
    ticks: dict[tuple[int, str], Tick] = {}
    manual = [item.key for item in items if item.check is None]
    if manual:
        rows = (
            Tick.objects.filter(supplier_id__in=ids, key__in=manual)
            .select_related("ticked_by")
            .order_by()
        )
        ticks = {(t.supplier_id, t.key): t for t in rows}
    tab_url = registry.pk_urls("gate:supplier", "#checklist")
    results: dict[int, list[domain.ItemResult]] = {pk: [] for pk in ids}
    for item in items:
        if item.check is None:
            for pk in ids:
                results[pk].append(_manual_result(item, ticks.get((pk, item.key)), tab_url(pk)))
            continue
        found = item.check(ids)
        for pk in ids:
            result = found.get(pk) or registry.ChecklistResult(False, "Not assessed.")
            results[pk].append(
                domain.ItemResult(
                    item.key, item.label, result.ok, result.evidence, result.url, help=item.help
                )
            )
    return {pk: domain.Checklist(tuple(rows)) for pk, rows in results.items()}


def complete_among(supplier_ids: Iterable[int]) -> set[int]:
    """The pks among those given whose checklist is complete, asked through the same items
    as `checklists`: each item only about the suppliers every item before it held for (a
    checklist is complete when all its items hold), so a portfolio where most suppliers
    miss the first items costs a few cheap queries instead of every item for everyone.
    A fixed number of queries (at most one pass over the items). A hand-ticked item reads
    every tick of its key and keeps those asked about: there are few, and a portfolio's
    thousands of pks in an IN list cost more to build than the rows to read."""
    left = sorted(set(supplier_ids))
    for item in registry.checklist_items():
        if not left:
            break
        if item.check is None:
            ticked = Tick.objects.filter(key=item.key).order_by().values_list("supplier_id")
            held = {pk for (pk,) in ticked}
            left = [pk for pk in left if pk in held]
            continue
        found = item.check(left)
        left = [pk for pk in left if (result := found.get(pk)) is not None and result.ok]
    return set(left)


def _manual_result(item: registry.ChecklistItem, tick: Tick | None, url: str) -> domain.ItemResult:
    if tick is None:
        return domain.ItemResult(
            item.key, item.label, False, "Not ticked yet.", url, True, item.help
        )
    who = tick.ticked_by.display_name if tick.ticked_by else "someone"
    evidence = f"{tick.evidence} (ticked by {who} on {tick.ticked_at:%Y-%m-%d})"
    return domain.ItemResult(item.key, item.label, True, evidence, url, True, item.help)


def checklist_for(supplier: Supplier) -> domain.Checklist:
    return checklists([supplier.pk])[supplier.pk]


def _manual_key(key: str) -> str:
    if key not in domain.MANUAL_ITEMS:
        manual = ", ".join(domain.MANUAL_ITEMS)
        raise ValidationError(
            {"key": f"'{key}' is not an item ticked by hand; those are: {manual}. The other "
                    "items are read from the data of the feature that owns them."}
        )  # fmt: skip
    return key


@transaction.atomic
def tick(actor: User, supplier: Supplier, key: str, evidence: str) -> Tick:
    """Confirm a hand-ticked item with the evidence relied on (replaces an earlier tick)."""
    require(actor, "playbook.edit", supplier)
    _manual_key(key)
    text = (evidence or "").strip()
    if not text:
        raise ValidationError({"evidence": "Name the evidence you relied on."})
    if len(text) > domain.MAX_EVIDENCE:
        raise ValidationError({"evidence": f"Keep it under {domain.MAX_EVIDENCE} characters."})
    row = Tick.objects.select_for_update().filter(supplier=supplier, key=key).first()
    row = row or Tick(supplier=supplier, key=key)
    row.evidence = text
    row.ticked_by = actor
    label = domain.MANUAL_ITEMS[key][0]
    save_audited(row, actor, f"Checklist: {label} ticked.")
    return row


@transaction.atomic
def untick(actor: User, supplier: Supplier, key: str) -> None:
    """Withdraw a hand-ticked item (its history stays)."""
    require(actor, "playbook.edit", supplier)
    _manual_key(key)
    row = Tick.objects.filter(supplier=supplier, key=key).first()
    if row is not None:
        row._history_user = actor  # type: ignore[attr-defined]
        row._change_reason = f"Checklist: {domain.MANUAL_ITEMS[key][0]} withdrawn."  # type: ignore[attr-defined]
        row.delete()


# --- the guard on every move to active ------------------------------------------------------


def refusal(actor: User, supplier: Supplier, target: str, override_reason: str) -> Any:
    """A ValidationError listing what is missing when `supplier` may not become active yet
    (None when it may: not a gated move, the checklist holds, or a valid override)."""
    if not domain.is_gated(supplier.status, target):
        return None
    checklist = checklist_for(supplier)
    if checklist.complete:
        return None
    reason = (override_reason or "").strip()
    if reason:
        if not can(actor, "gate.override"):
            return ValidationError(
                {"override_reason": "Only a manager or an administrator can override the "
                                    "decision checklist."}
            )  # fmt: skip
        problem = domain.reason_problem(reason)
        return ValidationError({"override_reason": problem}) if problem else None
    return ValidationError(
        {
            "status": domain.refusal_message(checklist, can(actor, "gate.override")),
            "checklist": checklist.missing_lines(),
        }
    )


def record(actor: User, supplier: Supplier, target: str, override_reason: str) -> str:
    """Keep the decision of an allowed move to active; returns the audit sentence."""
    if not domain.is_gated(supplier.status, target):
        return ""
    checklist = checklist_for(supplier)
    if checklist.complete:
        decision = Activation(supplier=supplier, how=Activation.How.CHECKLIST, decided_by=actor)
        save_audited(decision, actor, "Decision checklist complete.")
        return "Decision checklist complete."
    reason = " ".join(override_reason.split())
    decision = Activation(
        supplier=supplier, how=Activation.How.OVERRIDE, reason=reason,
        missing=checklist.missing_lines(), decided_by=actor,
    )  # fmt: skip
    save_audited(decision, actor, "Decision checklist overridden.")
    count = len(checklist.missing)
    return (
        f"Decision checklist overridden with {count} item{'s' if count != 1 else ''} missing. "
        f"Reason: {reason}"
    )


# --- decisions and the portfolio's lists ----------------------------------------------------


def latest_activations(supplier_ids: Iterable[int]) -> dict[int, Activation]:
    """{supplier pk: its latest activation decision} (one query)."""
    latest: dict[int, Activation] = {}
    rows = Activation.objects.filter(supplier_id__in=list(supplier_ids)).select_related(
        "decided_by"
    )
    for row in rows.order_by("supplier_id", "-decided_at", "-pk"):
        latest.setdefault(row.supplier_id, row)
    return latest


@dataclass(frozen=True)
class Standing:
    """Where one active supplier stands against the checklist."""

    supplier: Supplier
    activation: Activation | None
    checklist: domain.Checklist

    @property
    def without_checklist(self) -> bool:
        """Active as existing business, and the checklist is still not complete."""
        return self.activation is None and not self.checklist.complete

    @property
    def overridden(self) -> bool:
        return self.activation is not None and self.activation.how == Activation.How.OVERRIDE


def active_suppliers(user: User) -> QuerySet[Supplier]:
    return (
        Supplier.objects.visible_to(user)
        .filter(status=domain.ACTIVE, archived=False)
        .select_related("category", "relationship_owner")
        .order_by("name", "pk")
    )


def standings(suppliers: Sequence[Supplier]) -> list[Standing]:
    """The standing of each given supplier, in a fixed number of queries."""
    ids = [s.pk for s in suppliers]
    decisions = latest_activations(ids)
    lists = checklists(ids)
    return [Standing(s, decisions.get(s.pk), lists[s.pk]) for s in suppliers]


@dataclass(frozen=True)
class Lists:
    overridden: list[Standing]
    without_checklist: list[Standing]


def portfolio_lists(user: User) -> Lists:
    """The active suppliers activated by override and those active without the checklist
    (registered as existing business, checklist still incomplete)."""
    found = standings(list(active_suppliers(user)))
    return Lists(
        overridden=[s for s in found if s.overridden],
        without_checklist=[s for s in found if s.without_checklist],
    )


def portfolio_guidance(supplier_ids: list[int]) -> list[GuidanceCheck]:
    """The portfolio page's guidance: active suppliers activated by override, and those
    active without the checklist (a fixed number of queries). Asks only what it needs:
    the latest decision's kind per active supplier, and whether the checklist is complete
    for those without a decision (`complete_among`); each supplier's page and the
    activation decisions list say which items are missing."""
    # Every active pk, then those asked about: the portfolio's thousands of pks in an IN
    # list cost more to build than the rows to read.
    asked = set(supplier_ids)
    everyone = Supplier.objects.filter(status=domain.ACTIVE).order_by("name", "pk")
    active = [pk for pk in everyone.values_list("pk", flat=True) if pk in asked]
    latest: dict[int, str] = {}
    decisions = Activation.objects.filter(supplier__status=domain.ACTIVE).order_by(
        "supplier_id", "-decided_at", "-pk"
    )
    for pk, how in decisions.values_list("supplier_id", "how"):
        latest.setdefault(pk, how)
    overridden = tuple(pk for pk in active if latest.get(pk) == Activation.How.OVERRIDE)
    undecided = [pk for pk in active if pk not in latest]
    complete = complete_among(undecided)
    without = tuple(pk for pk in undecided if pk not in complete)
    checks = []
    if overridden:
        checks.append(
            GuidanceCheck(
                "activated-by-override",
                text(gettext_noop("Activated by override")),
                text(
                    gettext_noop(
                        "A manager made these suppliers active without the complete decision "
                        "checklist; the reason is on each supplier's page and in the "
                        "activation decisions list."
                    )
                ),
                overridden,
                reverse("gate:activations"),
            )
        )
    if without:
        checks.append(
            GuidanceCheck(
                "active-without-checklist",
                text(gettext_noop("Active without the checklist")),
                text(
                    gettext_noop(
                        "Registered as existing business and never checked: complete their "
                        "decision checklist (Playbook tab) to take them off this list."
                    )
                ),
                without,
                reverse("gate:activations"),
            )
        )
    return checks


def overview_card(user: User, supplier: Supplier) -> dict[str, Any] | None:
    """The card on the supplier's overview: how it became active (the override's reason in
    full), or how far its checklist is when it is on its way to active."""
    if supplier.status not in domain.GATED_FROM and supplier.status != domain.ACTIVE:
        return None
    standing = standings([supplier])[0]
    return {"standing": standing, "supplier": supplier}
