"""Reads and writes of referrals and recognition: recording referrals and moving them along,
registering a referred company as a prospect, the programme's figures (pipeline share by
referral, retention of referred suppliers), recording and publishing wins (each a trust
deposit), the ideal-supplier profile, and what the supplier pages show of all this."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import can, require
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.suppliers.models import Category, Supplier

from . import domain
from .models import IdealSupplierProfile, Referral, Win

# Who edits the ideal-supplier profile: the managers who set what sourcing looks for.
PROFILE_ACTION = "sourcing.configure"
REFERRAL_FIELDS = (
    "company_name", "contact_name", "contact_email", "contact_phone", "reward_text",
    "reward_currency", "reward_status", "note",
)  # fmt: skip
WIN_FIELDS = ("title", "story", "impact", "impact_currency")
PROFILE_FIELDS = (
    "title", "introduction", "what_we_look_for", "what_partners_get", "how_to_start", "contact",
)  # fmt: skip
LIST_FILTERS = ("status", "reward_status", "referring", "q")


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def configured_points() -> int:
    """The trust deposit of a win: the PARTNERBOOK_RECOGNITION_POINTS setting (or environment
    variable) when it is a whole number from 1 to 20, else the default of 3."""
    raw = getattr(settings, "PARTNERBOOK_RECOGNITION_POINTS", None)
    if raw is None:
        raw = os.environ.get("PARTNERBOOK_RECOGNITION_POINTS")
    try:
        points = int(raw) if raw is not None else domain.DEFAULT_WIN_POINTS
    except (TypeError, ValueError):
        return domain.DEFAULT_WIN_POINTS
    if not domain.MIN_WIN_POINTS <= points <= domain.MAX_WIN_POINTS:
        return domain.DEFAULT_WIN_POINTS
    return points


def _day(value: Any, field: str, in_the_future: str) -> dt.date:
    """The day `value` (today when empty); `in_the_future` says why a later day is refused."""
    day = value or timezone.localdate()
    if not isinstance(day, dt.date):
        raise ValidationError({field: gettext("Give a date.")})
    if day > timezone.localdate():
        raise ValidationError({field: in_the_future})
    return day


def _money(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: gettext("Give an amount, e.g. 500 or 1250.50.")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: gettext("Give an amount of zero or more.")})
    return amount.quantize(Decimal("0.01"))


def _referral_in_the_future() -> str:
    return gettext("A referral cannot be dated in the future.")


# --- referrals ------------------------------------------------------------------------------


def _apply_referral(referral: Referral, data: Mapping[str, Any]) -> None:
    for key in REFERRAL_FIELDS:
        if key in data:
            setattr(referral, key, _text(data[key]))
    referral.reward_currency = referral.reward_currency.upper()
    referral.reward_status = referral.reward_status or "none"
    if "referred_supplier" in data:
        referral.referred_supplier = data["referred_supplier"]
    if "category" in data:
        referral.category = data["category"]
    if "reward_amount" in data:
        referral.reward_amount = _money(data["reward_amount"], "reward_amount")
    if "paid_on" in data:
        referral.paid_on = data["paid_on"] or None
    if "received_on" in data:
        referral.received_on = _day(data["received_on"], "received_on", _referral_in_the_future())
    if referral.paid_on is not None and referral.paid_on > timezone.localdate():
        raise ValidationError({"paid_on": gettext("A reward cannot be paid in the future.")})
    referred = referral.referred_supplier
    if referred is not None and referred.pk == referral.referring_supplier_id:
        raise ValidationError({"referred_supplier": gettext("A supplier cannot refer itself.")})
    if referred is None and not referral.company_name:
        raise ValidationError(
            {"company_name": gettext("Name the referred company, or choose its supplier record.")}
        )
    if referral.category is None and referred is not None:
        referral.category = referred.category
    error = domain.reward_error(
        referral.reward_status, referral.reward_amount, referral.reward_currency, referral.paid_on
    )
    if error:
        raise ValidationError({error[0]: error[1]})


@transaction.atomic
def record_referral(actor: User, referring: Supplier, data: Mapping[str, Any]) -> Referral:
    """Record a company `referring` pointed us to. `data`: `referred_supplier` (a registered
    supplier) or `company_name` with optional contact details; `category`, `received_on`
    (default today), `status` (default received), the reward fields and `note`."""
    require(actor, "referral.edit")
    received_on = _day(data.get("received_on"), "received_on", _referral_in_the_future())
    referral = Referral(
        referring_supplier=referring, received_on=received_on, status_changed_on=received_on,
        created_by=actor,
    )  # fmt: skip
    _apply_referral(referral, {**data, "received_on": received_on})
    status = data.get("status") or "received"
    if status not in domain.REFERRAL_STATUSES:
        raise ValidationError(
            {
                "status": gettext("Use one of: %(choices)s.")
                % {"choices": ", ".join(domain.REFERRAL_STATUSES)}
            }
        )
    referral.status = status
    save_audited(referral, actor, "Referral recorded.")
    return referral


@transaction.atomic
def update_referral(
    actor: User, referral: Referral, data: Mapping[str, Any], expected_version: int | None = None
) -> Referral:
    """Change the referred company, its contact details, category, dates, reward or note.
    The status moves through `move_referral`."""
    require(actor, "referral.edit")
    lock_for_edit(referral, expected_version, "this referral")
    if "status" in data and data["status"] != referral.status:
        raise ValidationError(
            {"status": gettext("Use the status move to change a referral's status.")}
        )
    _apply_referral(referral, data)
    if referral.status_changed_on < referral.received_on:
        referral.status_changed_on = referral.received_on
    next_version(referral)
    save_audited(referral, actor, "Referral changed.")
    return referral


@transaction.atomic
def move_referral(
    actor: User,
    referral: Referral,
    target: str,
    on: dt.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Referral:
    """Move a referral along (received → contacted → vetting → onboarded, or declined)."""
    require(actor, "referral.edit")
    lock_for_edit(referral, expected_version, "this referral")
    error = domain.move_error(referral.status, target)
    if error:
        raise ValidationError({"status": error})
    day = _day(on, "on", gettext("A status move cannot be dated in the future."))
    if day < referral.received_on:
        raise ValidationError({"on": gettext("A referral cannot move before it was received.")})
    before = domain.REFERRAL_STATUSES[referral.status]
    referral.status, referral.status_changed_on = target, day
    next_version(referral)
    reason = f"Status: {before} → {domain.REFERRAL_STATUSES[target]}."
    text = _text(note)
    save_audited(referral, actor, f"{reason} {text[:300]}" if text else reason)
    return referral


@transaction.atomic
def create_prospect(actor: User, referral: Referral) -> Supplier:
    """Register the referred company as a prospect (through the supplier registry's own
    service), with its contact person, and link it to the referral."""
    from partnerbook.suppliers import services as suppliers

    require(actor, "referral.edit")
    require(actor, "supplier.create")
    lock_for_edit(referral, None, "this referral")
    if referral.referred_supplier_id is not None:
        raise ValidationError(
            {"referred_supplier": gettext("The referral is linked to a supplier already.")}
        )
    referring = referral.referring_supplier
    supplier = suppliers.create_supplier(actor, {
        "name": referral.company_name, "category": referral.category, "status": "prospect",
        "notes": f"Referred by {referring.name} on {referral.received_on.isoformat()}.",
    })  # fmt: skip
    if referral.contact_name and can(actor, "contact.edit", supplier):
        suppliers.create_contact(actor, supplier, {
            "side": "supplier", "name": referral.contact_name[:150],
            "email": referral.contact_email, "phone": referral.contact_phone[:40],
        })  # fmt: skip
    referral.referred_supplier = supplier
    next_version(referral)
    save_audited(referral, actor, f"Registered {supplier.name} as a prospect.")
    return supplier


def filter_referrals(qs: QuerySet[Referral], params: Mapping[str, Any]) -> QuerySet[Referral]:
    """The one filter of the referral lists (page, API and export)."""
    if params.get("status") in domain.REFERRAL_STATUSES:
        qs = qs.filter(status=params["status"])
    if params.get("reward_status") in domain.REWARD_STATUSES:
        qs = qs.filter(reward_status=params["reward_status"])
    value = str(params.get("referring") or "")
    if value.isdigit() and len(value) <= 18:
        qs = qs.filter(referring_supplier_id=int(value))
    q = _text(params.get("q"))
    if q:
        qs = qs.filter(
            Q(company_name__icontains=q)
            | Q(referring_supplier__name__icontains=q)
            | Q(referred_supplier__name__icontains=q)
        )
    return qs


def candidacies_for(supplier_ids: Sequence[int]) -> dict[int, list[Any]]:
    """{supplier pk: its candidacies in sourcing projects}, in one query."""
    from partnerbook.sourcing.models import Candidate

    found: dict[int, list[Any]] = defaultdict(list)
    if not supplier_ids:
        return found
    rows = (
        Candidate.objects.filter(supplier_id__in=list(supplier_ids), project__archived=False)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )
    for candidate in rows:
        found[candidate.supplier_id].append(candidate)
    return found


def counts_by_status(qs: QuerySet[Referral]) -> dict[str, int]:
    return dict(qs.values_list("status").annotate(n=Count("pk")).order_by())  # type: ignore[arg-type]


# --- the figures ----------------------------------------------------------------------------


def _referred_ids() -> set[int]:
    """Suppliers that came by referral: a referral recorded for them or a candidacy whose
    source is referral (two queries)."""
    from partnerbook.sourcing.models import Candidate

    recorded = set(
        Referral.objects.filter(referred_supplier__isnull=False)
        .values_list("referred_supplier_id", flat=True)
        .distinct()
    )
    by_candidacy = set(
        Candidate.objects.filter(source="referral").values_list("supplier_id", flat=True).distinct()
    )
    return recorded | by_candidacy


def pipeline_entries(user: User) -> list[domain.PipelineEntry]:
    """Every supplier in the pipeline with how it got there (four queries): not archived and
    a prospect, in vetting or in pilot, or on the long or short list of an open, unarchived
    sourcing project."""
    from partnerbook.sourcing.models import Candidate

    suppliers = Supplier.objects.visible_to(user).filter(archived=False)
    recorded = set(
        Referral.objects.filter(referred_supplier__isnull=False)
        .values_list("referred_supplier_id", flat=True)
        .distinct()
    )
    entries = [
        domain.PipelineEntry(pk, name, status=status, referral_recorded=pk in recorded)
        for pk, name, status in suppliers.filter(status__in=domain.PIPELINE_STATUSES)
        .values_list("pk", "name", "status")
        .order_by()
    ]
    referral_candidates = set(
        Candidate.objects.filter(source="referral").values_list("supplier_id", flat=True).distinct()
    )
    entries = [
        domain.PipelineEntry(
            e.supplier_id, e.name, e.status, False, e.referral_recorded,
            e.supplier_id in referral_candidates,
        )
        for e in entries
    ]  # fmt: skip
    open_candidates = (
        Candidate.objects.filter(
            project__archived=False, project__status="open",
            stage__in=["long_list", "short_list"], supplier__in=suppliers,
        )
        .values_list("supplier_id", "supplier__name")
        .distinct()
        .order_by()
    )  # fmt: skip
    entries += [
        domain.PipelineEntry(
            pk, name, "", True, pk in recorded, pk in referral_candidates
        )
        for pk, name in open_candidates
    ]  # fmt: skip
    return entries


def pipeline_share(user: User) -> domain.PipelineShare:
    return domain.pipeline_share(pipeline_entries(user))


def start_facts(user: User) -> list[domain.StartFacts]:
    """Each supplier that was ever active: the first day it was, the first day after that on
    which it was phasing out or exited, and whether it came by referral (four queries)."""
    history = Supplier.history.model  # type: ignore[attr-defined]
    visible = Supplier.objects.visible_to(user).values("pk")
    starts = {
        pk: timezone.localdate(first)
        for pk, first in history.objects.filter(status="active", id__in=visible)
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
        .order_by()
    }
    leaving: dict[int, list[dt.date]] = defaultdict(list)
    for pk, when in (
        history.objects.filter(status__in=domain.GONE_STATUSES, id__in=list(starts))
        .values_list("id", "history_date")
        .order_by()
        if starts
        else []
    ):
        leaving[pk].append(timezone.localdate(when))
    referred = _referred_ids()
    facts = []
    for pk, started in starts.items():
        left = min((d for d in leaving.get(pk, []) if d >= started), default=None)
        facts.append(domain.StartFacts(pk, pk in referred, started, left))
    return facts


def retention(user: User, as_of: dt.date | None = None) -> domain.Retention:
    return domain.retention(start_facts(user), as_of or timezone.localdate())


@dataclass(frozen=True)
class RewardTotal:
    reward_status: str
    currency: str
    amount: Decimal
    count: int


@dataclass(frozen=True)
class Rewards:
    totals: list[RewardTotal]  # per reward status and currency
    reporting_currency: str
    paid: Decimal | None  # in the reporting currency; None when a rate is missing
    promised: Decimal | None
    explanation: str


def to_reporting(amount: Decimal, currency: str, settings_obj: Any) -> Decimal | None:
    """`amount` in the reporting currency as a Decimal (the exchange rates of the scoring
    settings, as segmentation converts); None when no rate is configured."""
    if currency == settings_obj.reporting_currency:
        return amount
    rate = (settings_obj.exchange_rates or {}).get(currency)
    if not rate:
        return None
    return (amount * Decimal(str(rate))).quantize(Decimal("0.01"))


def rewards(user: User) -> Rewards:
    """Rewards promised and paid, per currency and in the reporting currency (two queries)."""
    from partnerbook.segmentation.services import get_settings

    rows = (
        Referral.objects.visible_to(user)
        .filter(reward_status__in=["promised", "paid"], reward_amount__isnull=False)
        .values_list("reward_status", "reward_currency")
        .annotate(total=Sum("reward_amount"), n=Count("pk"))
        .order_by("reward_status", "reward_currency")
    )
    totals = [RewardTotal(s, c, Decimal(t), n) for s, c, t, n in rows]
    config = get_settings()
    sums: dict[str, Decimal | None] = {"paid": Decimal("0.00"), "promised": Decimal("0.00")}
    missing: set[str] = set()
    for total in totals:
        converted = to_reporting(total.amount, total.currency, config)
        if converted is None:
            missing.add(total.currency)
            sums[total.reward_status] = None
        elif sums[total.reward_status] is not None:
            sums[total.reward_status] = sums[total.reward_status] + converted  # type: ignore[operator]
    currency = config.reporting_currency
    text = (
        f"Amounts of promised and paid rewards added up per currency and converted to "
        f"{currency} with the exchange rates of the scoring settings."
    )
    if missing:
        text += f" No rate is set for {', '.join(sorted(missing))}, so that total is not shown."
    return Rewards(totals, currency, sums["paid"], sums["promised"], text)


# --- wins -----------------------------------------------------------------------------------


def _apply_win(win: Win, data: Mapping[str, Any]) -> None:
    for key in WIN_FIELDS:
        if key in data:
            setattr(win, key, _text(data[key]))
    win.impact_currency = win.impact_currency.upper()
    if "impact_amount" in data:
        win.impact_amount = _money(data["impact_amount"], "impact_amount")
    if "happened_on" in data:
        win.happened_on = _day(
            data["happened_on"], "happened_on", gettext("A win cannot be dated in the future.")
        )
    if "published" in data and data["published"] is not None:
        win.published = bool(data["published"])
    if not win.title:
        raise ValidationError({"title": gettext("Name the win in a few words.")})
    if not win.story:
        raise ValidationError({"story": gettext("Tell what happened, in a sentence or two.")})
    if win.impact_amount is not None and not win.impact_currency:
        raise ValidationError({"impact_currency": gettext("Give the currency of the amount.")})


@transaction.atomic
def record_win(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Win:
    """Record a win with `supplier` as recognition: `title`, `story`, `happened_on` (default
    today), `impact`, `impact_amount` + `impact_currency`, `published`, and optionally
    `trust_points` (default: `configured_points()`). It makes one deposit in the trust
    ledger, dated the day the win happened."""
    from partnerbook.relationship.services import add_trust_entry

    require(actor, "recognition.edit", supplier)
    win = Win(supplier=supplier, recorded_by=actor, happened_on=timezone.localdate())
    _apply_win(win, {"happened_on": None, **data})
    points = data.get("trust_points") or configured_points()
    if not isinstance(points, int) or not (
        domain.MIN_WIN_POINTS <= points <= domain.MAX_WIN_POINTS
    ):
        raise ValidationError(
            {"trust_points": gettext("Use a whole number from %(low)s to %(high)s.")
                             % {"low": domain.MIN_WIN_POINTS, "high": domain.MAX_WIN_POINTS}}
        )  # fmt: skip
    win.trust_points = points
    win.trust_entry = add_trust_entry(
        actor, supplier,
        {"occurred_on": win.happened_on, "points": points,
         "reason": f"Recognition: {win.title}"[:500]},
    )  # fmt: skip
    save_audited(win, actor, "Win recorded as recognition.")
    return win


@transaction.atomic
def update_win(
    actor: User, win: Win, data: Mapping[str, Any], expected_version: int | None = None
) -> Win:
    """Change the win's text, date, impact or whether it is published. The trust deposit was
    made when it was recorded and stays as it is."""
    require(actor, "recognition.edit", win.supplier)
    lock_for_edit(win, expected_version, "this win")
    if "trust_points" in data and data["trust_points"] not in (None, win.trust_points):
        raise ValidationError(
            {
                "trust_points": gettext(
                    "The trust deposit was made when the win was recorded; it stays."
                )
            }
        )
    _apply_win(win, data)
    next_version(win)
    save_audited(win, actor, "Win changed.")
    return win


@transaction.atomic
def set_published(actor: User, win: Win, published: bool) -> Win:
    """Put the win on the supplier's success-story page, or take it off."""
    require(actor, "recognition.edit", win.supplier)
    lock_for_edit(win, None, "this win")
    if win.published != published:
        win.published = published
        next_version(win)
        save_audited(win, actor, "Win published." if published else "Win unpublished.")
    return win


# --- the ideal-supplier profile -------------------------------------------------------------


def get_profile() -> IdealSupplierProfile:
    """The profile; an empty one (unsaved) until a manager writes it."""
    return IdealSupplierProfile.objects.filter(pk=1).first() or IdealSupplierProfile(pk=1)


@transaction.atomic
def update_profile(
    actor: User, data: Mapping[str, Any], expected_version: int | None = None
) -> IdealSupplierProfile:
    """Change the profile's texts (only the fields given)."""
    require(actor, PROFILE_ACTION)
    profile = get_profile()
    lock_for_edit(profile, expected_version, "the ideal-supplier profile")
    for key in PROFILE_FIELDS:
        if key in data:
            setattr(profile, key, _text(data[key]))
    if not profile.title:
        raise ValidationError({"title": gettext("Give the page a title.")})
    profile.updated_by = actor
    if IdealSupplierProfile.objects.filter(pk=1).exists():
        next_version(profile)
    save_audited(profile, actor, "Ideal-supplier profile changed.")
    return profile


PROFILE_SECTIONS = (
    ("introduction", ""),
    ("what_we_look_for", "What we look for"),
    ("what_partners_get", "What our partners get from us"),
    ("how_to_start", "How to start"),
)


def profile_markdown(profile: IdealSupplierProfile) -> str:
    """The profile as a Markdown file to send to partners."""
    parts = [f"# {profile.title}", ""]
    for key, heading in PROFILE_SECTIONS:
        text = getattr(profile, key)
        if not text:
            continue
        if heading:
            parts += [f"## {heading}", ""]
        parts += [text, ""]
    if profile.contact:
        parts += ["## Contact", "", profile.contact, ""]
    return "\n".join(parts)


# A file people open from their disk or attach to an e-mail: it carries its own styles (the
# site's content security policy does not apply to it, and no site file can be linked).
_FILE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:1.6rem}"
    "@media print{body{margin:0;max-width:none}}"
)


def profile_html(profile: IdealSupplierProfile) -> str:
    """The profile as a self-contained HTML file to send to partners (text escaped)."""
    from django.utils.html import escape, linebreaks

    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(profile.title)}</title><style>{_FILE_STYLE}</style></head><body>",
        f"<h1>{escape(profile.title)}</h1>",
    ]  # fmt: skip
    for key, heading in PROFILE_SECTIONS:
        text = getattr(profile, key)
        if not text:
            continue
        if heading:
            parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append(linebreaks(text, autoescape=True))
    if profile.contact:
        parts += ["<h2>Contact</h2>", f"<p>{escape(profile.contact)}</p>"]
    parts.append("</body></html>")
    return "\n".join(parts)


# --- the supplier pages ---------------------------------------------------------------------


def overview_card(user: User, supplier: Supplier) -> dict[str, Any] | None:
    """The card on the supplier's overview: the latest wins and the referrals it gave (two
    queries). Left out when there is nothing to show."""
    wins = list(Win.objects.filter(supplier=supplier).order_by("-happened_on", "-pk")[:3])
    referrals = list(
        Referral.objects.filter(referring_supplier=supplier)
        .select_related("referred_supplier")
        .order_by("-received_on", "-pk")[:3]
    )
    if not wins and not referrals:
        return None
    return {"supplier": supplier, "wins": wins, "referrals": referrals}


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Wins recorded with the supplier and referrals it gave (two queries)."""
    if not can(user, "recognition.view"):
        return []
    wins = Win.objects.filter(supplier=supplier).select_related("recorded_by")
    referrals = Referral.objects.filter(referring_supplier=supplier).select_related(
        "referred_supplier"
    )
    if since is not None:
        wins = wins.filter(happened_on__gte=since.date())
        referrals = referrals.filter(received_on__gte=since.date())
    entries = [
        TimelineEntry(
            when=start_of(w.happened_on), kind="recognition",
            url=reverse("recognition:win", args=[w.pk]), badge="deposit",
            title=gettext("Win recognised: %(title)s") % {"title": w.title},
            detail=w.story[:300],
            who=w.recorded_by.display_name if w.recorded_by else "",
        )
        for w in wins.order_by("-happened_on", "-pk")[:limit]
    ]  # fmt: skip
    entries += [
        TimelineEntry(
            when=start_of(r.received_on), kind="recognition",
            url=reverse("recognition:referral", args=[r.pk]),
            badge=r.status,
            title=gettext("Referred %(name)s to us") % {"name": r.referred_name},
        )
        for r in referrals.order_by("-received_on", "-pk")[:limit]
    ]  # fmt: skip
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def category_choices() -> QuerySet[Category]:
    return Category.objects.order_by("name")
