"""Reads and writes of collaboration practices and agreements. Views, API, the demo loader
and tests all come through here; the rules are in `domain.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.alerts.services import AlertCandidate, clear_resolved, sync_alerts
from partnerbook.core.audit import save_audited
from partnerbook.core.concurrency import lock_for_edit, next_version
from partnerbook.core.registry import ChecklistResult, TimelineEntry, pk_urls, start_of
from partnerbook.core.spreadsheets import CONTENT_TYPES, ExportFile, write_csv, write_xlsx
from partnerbook.segmentation import services as segmentation_services
from partnerbook.suppliers.models import Contact, Supplier

from . import domain
from .models import Agreement, Practice

PRACTICE_FIELDS = ("kind", "started_on", "owner", "notes")
AGREEMENT_TEXT_FIELDS = ("reference", "note", *domain.TEXT_SECTIONS, "legal_reviewer")
AGREEMENT_FIELDS = (
    "kind", "template", "signed_on", "starts_on", "expires_on", "renewal_notice_days",
    "reference", "note", *domain.SECTION_KEYS, "legal_reviewed_on", "legal_reviewer",
)  # fmt: skip
RENEWAL_ALERT_KIND = "practices.agreement_renewal"


# --- context --------------------------------------------------------------------------------


def segmentation_facts(supplier: Supplier) -> domain.SegmentationFacts:
    """What the practice rules need from the supplier's segmentation (a fixed few queries)."""
    seg = segmentation_services.segmentation_of(supplier)
    profile = seg.profile
    config = segmentation_services.config_from(segmentation_services.get_settings())
    chosen = profile.chosen_model or ""
    return domain.SegmentationFacts(
        value_score=seg.placement.value.score,
        value_cutoff=config.value_cutoff,
        quadrant=seg.quadrant.value if seg.quadrant is not None else None,
        complexity=profile.complexity,
        ip_sensitivity=profile.ip_sensitivity,
        supplier_is_competitor=profile.supplier_is_competitor,
        shared_risk_reward=profile.shared_risk_reward,
        engagement_model=chosen or seg.fit.recommended.value,
        engagement_model_chosen=bool(chosen),
    )


def agreement_facts(supplier: Supplier) -> tuple[domain.AgreementFacts, ...]:
    return tuple(a.facts() for a in Agreement.objects.filter(supplier=supplier, archived=False))


def _attendee(contact: Contact) -> domain.Attendee:
    return domain.Attendee(side=contact.side, level=contact.level, name=contact.name)


def check(
    kind: str,
    attendees: Iterable[Contact],
    started_on: dt.date | None,
    ended_on: dt.date | None,
    segmentation: domain.SegmentationFacts,
    agreements: tuple[domain.AgreementFacts, ...],
    today: dt.date | None = None,
) -> domain.Checks:
    """The context checks of a practice (saved or not), judged on its check day."""
    return domain.check_practice(
        domain.PracticeContext(
            kind=kind,
            as_of=domain.check_day(started_on, ended_on, today or timezone.localdate()),
            attendees=tuple(_attendee(c) for c in attendees),
            agreements=agreements,
            segmentation=segmentation,
        )
    )


def checks_for(supplier: Supplier, practices: Sequence[Practice]) -> dict[int, domain.Checks]:
    """Checks of each practice of `supplier`, recomputed now (attendees prefetched: a fixed
    number of queries whatever the number of practices)."""
    segmentation = segmentation_facts(supplier)
    agreements = agreement_facts(supplier)
    return {
        p.pk: check(p.kind, p.attendees.all(), p.started_on, p.ended_on, segmentation, agreements)
        for p in practices
    }


def checks_of(practice: Practice) -> domain.Checks:
    return checks_for(practice.supplier, [practice])[practice.pk]


# --- agreements -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSuggestion:
    """The contract template the supplier's segmentation suggests, with its inputs."""

    template: str
    explanation: str
    engagement_model: str  # "" when none is recorded
    engagement_model_chosen: bool
    maturity_stage: str


def template_suggestion(supplier: Supplier) -> TemplateSuggestion:
    """Suggest a contract template from the supplier's current segmentation: the engagement
    model (chosen, else recommended) and the maturity stage. A fixed few queries."""
    seg = segmentation_services.segmentation_of(supplier)
    chosen = seg.profile.chosen_model or ""
    model = chosen or seg.fit.recommended.value
    stage = seg.profile.maturity_stage or "transactional"
    template, why = domain.suggest_template(model, stage)
    if not chosen:
        why += " (The engagement model is the one recommended; none has been chosen yet.)"
    return TemplateSuggestion(template, why, model, bool(chosen), stage)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _apply_agreement(agreement: Agreement, data: Mapping[str, Any]) -> list[str]:
    """Copy the keys of `data` onto `agreement` and check the whole of it; returns the
    names of the fields that changed. Raises ValidationError naming each bad field."""
    changed: list[str] = []
    for key in AGREEMENT_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key in AGREEMENT_TEXT_FIELDS:
            value = _text(value)
            if "\x00" in value:
                raise ValidationError({key: _("The text contains a NUL character.")})
        elif key == "template":
            value = value or ""
        elif key == "escalation_path":
            levels, problem = domain.check_escalation_path(value or [])
            if problem:
                raise ValidationError({"escalation_path": problem})
            value = [level.as_dict() for level in levels]
        if getattr(agreement, key) != value:
            changed.append(key)
        setattr(agreement, key, value)
    _check_agreement(agreement)
    return changed


def _check_agreement(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if agreement.kind not in domain.AGREEMENT_KINDS:
        errors["kind"] = "Choose a known kind of agreement."
    if agreement.signed_on is None:
        errors["signed_on"] = "Give the day the agreement was signed."
    elif agreement.signed_on > today:
        errors["signed_on"] = "An agreement cannot be signed in the future."
    problem = domain.agreement_dates_error(agreement.signed_on, agreement.expires_on)
    if problem:
        errors["expires_on"] = problem
    if agreement.starts_on and agreement.expires_on and agreement.starts_on >= agreement.expires_on:
        errors["starts_on"] = "The agreement must start before its end date."
    notice = agreement.renewal_notice_days
    if notice is not None:
        if notice < 0 or notice > domain.MAX_NOTICE_DAYS:
            errors["renewal_notice_days"] = (
                f"Give the notice period in days, from 0 to {domain.MAX_NOTICE_DAYS}."
            )
        elif agreement.expires_on is None:
            errors["renewal_notice_days"] = "A notice period needs an end date (expires on)."
    if agreement.legal_reviewed_on and agreement.legal_reviewed_on > today:
        errors["legal_reviewed_on"] = "A legal review cannot be dated in the future."
    if agreement.legal_reviewed_on and not agreement.legal_reviewer.strip():
        errors["legal_reviewer"] = "Name who reviewed the contract for legal."
    if agreement.legal_reviewer.strip() and not agreement.legal_reviewed_on:
        errors["legal_reviewed_on"] = "Give the day legal reviewed the contract."
    if agreement.kind in domain.NDA_KINDS:
        agreement.template = ""
    elif agreement.template and agreement.template not in domain.TEMPLATES:
        errors["template"] = "Choose transactional, collaborative or strategic."
    elif not agreement.template and agreement.kind in domain.TEMPLATE_REQUIRED_KINDS:
        errors["template"] = "Choose the template of this contract."
    else:
        values = {key: getattr(agreement, key) for key in domain.SECTION_KEYS}
        for key in domain.missing_sections(agreement.template, values):
            errors[key] = domain.missing_section_message(agreement.template, key)
    if errors:
        raise ValidationError(errors)


def _template_reason(agreement: Agreement, suggestion: TemplateSuggestion | None) -> str:
    if suggestion is None or not agreement.template:
        return ""
    agreement.suggested_template = suggestion.template
    if agreement.template == suggestion.template:
        return f" Template {agreement.template}, as suggested."
    return (
        f" Template {agreement.template} chosen instead of the suggested "
        f"{suggestion.template} ({suggestion.explanation})"
    )


@transaction.atomic
def record_agreement(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Agreement:
    """Record a signed agreement; `data` holds kind and signed_on, and optionally any of
    AGREEMENT_FIELDS. A contract must fill the sections its template requires (a
    ValidationError names each missing one); a template other than the one suggested by the
    segmentation is recorded in the history with the suggestion."""
    require(actor, "practice.edit", supplier)
    agreement = Agreement(supplier=supplier, created_by=actor)
    _apply_agreement(agreement, data)
    reason = _template_reason(
        agreement, template_suggestion(supplier) if agreement.template else None
    )
    save_audited(agreement, actor, "Agreement recorded." + reason)
    return agreement


@transaction.atomic
def update_agreement(
    actor: User,
    agreement: Agreement,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Agreement:
    """Change an agreement (only the keys in `data`). With `expected_version`, an edit based
    on an older version raises `StaleEdit`. Archived agreements are not edited."""
    require(actor, "practice.edit", agreement.supplier)
    lock_for_edit(agreement, expected_version, "this agreement")
    if agreement.archived:
        raise ValidationError({"archived": _("This agreement is archived; it is kept as it was.")})
    changed = _apply_agreement(agreement, data)
    reason = ""
    if "template" in changed or "kind" in changed:
        reason = _template_reason(
            agreement, template_suggestion(agreement.supplier) if agreement.template else None
        )
    next_version(agreement)
    save_audited(agreement, actor, "Agreement edited." + reason)
    return agreement


@transaction.atomic
def archive_agreement(actor: User, agreement: Agreement) -> Agreement:
    """Archive an agreement: it stays in the history but no practice rests on it any more."""
    require(actor, "practice.edit", agreement.supplier)
    lock_for_edit(agreement, None, "this agreement")
    if not agreement.archived:
        agreement.archived = True
        next_version(agreement)
        save_audited(agreement, actor, "Agreement archived.")
    return agreement


def agreements_of(supplier: Supplier, archived: bool = False) -> list[Agreement]:
    return list(
        Agreement.objects.filter(supplier=supplier, archived=archived)
        .select_related("created_by")
        .order_by("-signed_on", "-pk")
    )


@dataclass(frozen=True)
class AgreementRow:
    """An agreement as a list shows it: its status today and its renewal."""

    agreement: Agreement
    status: str
    renewal: domain.Renewal

    @property
    def renewal_label(self) -> str:
        return renewal_label(self.renewal)


def renewal_label(renewal: domain.Renewal) -> str:
    """The renewal's short label in the person's language (the API and exports keep
    `renewal.label`, in English)."""
    days = renewal.days_left
    if renewal.state == "notice_passed" and days is not None:
        return ngettext(
            "notice date passed %(days)s day ago", "notice date passed %(days)s days ago", -days
        ) % {"days": -days}
    if renewal.state in ("due_soon", "not_due") and days is not None:
        return ngettext("notice due in %(days)s day", "notice due in %(days)s days", days) % {
            "days": days
        }
    labels = {
        "archived": gettext("archived"),
        "open_ended": gettext("open-ended"),
        "expired": gettext("expired"),
    }
    return labels.get(renewal.state, renewal.label)


def agreement_rows(
    agreements: Iterable[Agreement], day: dt.date | None = None
) -> list[AgreementRow]:
    """Status and renewal of each agreement (no queries)."""
    today = day or timezone.localdate()
    return [
        AgreementRow(a, domain.agreement_status(a.facts(), today), domain.renewal(a.facts(), today))
        for a in agreements
    ]


def escalation_path(supplier: Supplier, day: dt.date | None = None) -> list[domain.EscalationLevel]:
    """The escalation path of the contract in force with `supplier` on `day` (default
    today): the levels of the contract (not an NDA) on record, signed last, that has an
    escalation path; [] when none has. Each level says who settles an issue there
    (`who`) and within how many days (`time_box_days`), from level 1 up. One query."""
    today = day or timezone.localdate()
    contracts = [
        a
        for a in Agreement.objects.filter(supplier=supplier, archived=False)
        .exclude(kind__in=list(domain.NDA_KINDS))
        .order_by("-signed_on", "-pk")
        if a.escalation_path and domain.on_record(a.facts(), today)
    ]
    if not contracts:
        return []
    levels, _problem = domain.check_escalation_path(contracts[0].escalation_path)
    return list(levels)


# --- the decision checklist item ------------------------------------------------------------


# What the contract item reads of an agreement (and `_agreement_name`).
_CHECKLIST_FIELDS = (
    "pk", "supplier_id", "kind", "reference", "signed_on", "expires_on",
    "legal_reviewed_on", "legal_reviewer",
)  # fmt: skip


def contract_checklist(supplier_ids: list[int]) -> dict[int, ChecklistResult]:
    """'Contract reviewed by legal' for each supplier: it holds when a contract (not an NDA,
    not archived, not expired) has a legal review on record. One query."""
    today = timezone.localdate()
    found: dict[int, list[Agreement]] = {pk: [] for pk in supplier_ids}
    for agreement in (
        Agreement.objects.filter(supplier_id__in=supplier_ids, archived=False)
        .exclude(kind__in=list(domain.NDA_KINDS))
        .order_by("-signed_on", "-pk")
        .only(*_CHECKLIST_FIELDS)
    ):
        found.setdefault(agreement.supplier_id, []).append(agreement)
    results: dict[int, ChecklistResult] = {}
    url_of = pk_urls("practices:supplier", "#agreements")
    agreement_url = pk_urls("practices:agreement")
    for pk in supplier_ids:
        url = url_of(pk)
        current = [a for a in found.get(pk, []) if a.expires_on is None or a.expires_on > today]
        reviewed = [a for a in current if a.legal_reviewed_on]
        if reviewed:
            a = reviewed[0]
            assert a.legal_reviewed_on is not None  # noqa: S101 (filtered above)
            results[pk] = ChecklistResult(
                True,
                f"{_agreement_name(a)} was reviewed by {a.legal_reviewer} on "
                f"{a.legal_reviewed_on.isoformat()}.",
                agreement_url(a.pk),
            )
        elif current:
            results[pk] = ChecklistResult(
                False, f"{_agreement_name(current[0])} is not reviewed by legal yet.", url
            )
        elif found.get(pk):
            a = found[pk][0]
            assert a.expires_on is not None  # noqa: S101 (not current: it has expired)
            results[pk] = ChecklistResult(
                False,
                f"No contract on record: {_agreement_name(a)} expired on "
                f"{a.expires_on.isoformat()}.",
                url,
            )
        else:
            results[pk] = ChecklistResult(False, "No contract on record.", url)
    return results


def _agreement_name(agreement: Agreement) -> str:
    label = {
        domain.SUPPLY: "Supply agreement",
        domain.FRAMEWORK: "Framework agreement",
    }.get(agreement.kind, agreement.get_kind_display())
    if agreement.reference:
        return f"{label} {agreement.reference}"
    return f"{label} signed {agreement.signed_on.isoformat()}"


# --- renewal alerts -------------------------------------------------------------------------


def renewal_candidates(as_of: dt.date) -> list[AlertCandidate]:
    """An alert for each agreement (not archived, supplier not archived) from
    RENEWAL_ALERT_DAYS days before its notice date until it ends. One query."""
    agreements = (
        Agreement.objects.filter(
            archived=False,
            supplier__archived=False,
            expires_on__gt=as_of,
            expires_on__lte=as_of
            + dt.timedelta(days=domain.RENEWAL_ALERT_DAYS + domain.MAX_NOTICE_DAYS),
        )
        .select_related("supplier")
        .order_by("supplier_id", "expires_on", "pk")
    )
    candidates = []
    for agreement in agreements:
        seen = domain.renewal(agreement.facts(), as_of)
        if not seen.alert:
            continue
        assert agreement.expires_on is not None and seen.notice_on is not None  # noqa: S101
        name = _agreement_name(agreement)
        passed = seen.state == "notice_passed"
        candidates.append(
            AlertCandidate(
                supplier_id=agreement.supplier_id,
                kind=RENEWAL_ALERT_KIND,
                subject=(
                    f"agreement-{agreement.pk}-{agreement.expires_on:%Y%m%d}-"
                    f"{agreement.renewal_notice_days or 0}"
                ),
                title=f"{agreement.supplier.name}: {name} "
                + ("is past its notice date" if passed else "is due for a renewal decision"),
                summary=f"{name}: {seen.reason} Decide whether to renew, renegotiate or let it "
                "end; extend or archive the agreement once decided.",
                severity="critical" if passed else "warning",
                evidence={
                    "agreement_id": agreement.pk,
                    "kind": agreement.kind,
                    "reference": agreement.reference,
                    "expires_on": agreement.expires_on.isoformat(),
                    "renewal_notice_days": agreement.renewal_notice_days or 0,
                    "notice_on": seen.notice_on.isoformat(),
                    "days_left": seen.days_left,
                },
            )
        )
    return candidates


CLEARED_NOTE = (
    "Cleared by the daily check: the agreement was renewed, extended, archived or has ended."
)


def check_agreement_renewals(as_of: dt.date | None = None) -> int:
    """Raise (or keep) the renewal alerts; open ones whose agreement was archived, extended
    or has ended are cleared (dismissed with a note). Returns how many were raised. Only
    the alerts change: no agreement or supplier is touched."""
    day = as_of or timezone.localdate()
    candidates = renewal_candidates(day)
    raised = sync_alerts(day, candidates, scope_kinds={RENEWAL_ALERT_KIND})
    clear_resolved(
        RENEWAL_ALERT_KIND, {(c.supplier_id, c.subject[:100]) for c in candidates}, CLEARED_NOTE
    )
    return raised


# --- practices ------------------------------------------------------------------------------


def _check_people(practice: Practice, data: Mapping[str, Any]) -> list[Contact] | None:
    owner = data.get("owner", practice.owner if practice.owner_id else None)
    if owner is None:
        raise ValidationError({"owner": _("Choose who owns the practice on our side.")})
    if not owner.is_internal or not owner.is_active:
        raise ValidationError({"owner": _("The owner must be an active colleague.")})
    if "attendees" not in data:
        return None
    attendees = list(data["attendees"] or [])
    if any(c.supplier_id != practice.supplier_id for c in attendees):
        raise ValidationError({"attendees": _("Choose people from this supplier's contacts.")})
    return attendees


def _apply(practice: Practice, data: Mapping[str, Any]) -> list[Contact] | None:
    for key in PRACTICE_FIELDS:
        if key in data:
            value = data[key]
            setattr(practice, key, "" if value is None and key == "notes" else value)
    if practice.kind not in domain.PRACTICE_KINDS:
        raise ValidationError({"kind": _("Choose a known practice.")})
    if practice.started_on is None:
        raise ValidationError({"started_on": _("Give the day the practice started.")})
    problem = domain.practice_dates_error(practice.started_on, practice.ended_on)
    if problem:
        raise ValidationError({"started_on": problem})
    return _check_people(practice, data)


def _refuse_if_blocked(practice: Practice, attendees: Iterable[Contact]) -> domain.Checks:
    result = check(
        practice.kind,
        attendees,
        practice.started_on,
        practice.ended_on,
        segmentation_facts(practice.supplier),
        agreement_facts(practice.supplier),
    )
    if result.refusals:
        raise ValidationError({"kind": [f.message for f in result.refusals]})
    return result


@transaction.atomic
def start_practice(actor: User, supplier: Supplier, data: Mapping[str, Any]) -> Practice:
    """Start a practice; `data` holds kind, started_on, owner (a User; default: the actor),
    notes and attendees (Contacts of this supplier, either side). A practice its context
    refuses (e.g. roadmap sharing without a mutual NDA on record) raises ValidationError
    on `kind`, naming the reasons; warnings never block."""
    require(actor, "practice.edit", supplier)
    practice = Practice(supplier=supplier, created_by=actor, owner=data.get("owner") or actor)
    attendees = _apply(practice, {**data, "owner": data.get("owner") or actor}) or []
    _refuse_if_blocked(practice, attendees)
    save_audited(practice, actor, "Practice started.")
    if attendees:
        practice.attendees.set(attendees)
    return practice


@transaction.atomic
def update_practice(
    actor: User,
    practice: Practice,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Practice:
    """Change a practice (only the keys in `data`; `attendees` replaces the list). With
    `expected_version`, an edit based on an older version raises `StaleEdit`."""
    require(actor, "practice.edit", practice.supplier)
    lock_for_edit(practice, expected_version, "this practice")
    attendees = _apply(practice, data)
    current = attendees if attendees is not None else list(practice.attendees.all())
    _refuse_if_blocked(practice, current)
    next_version(practice)
    save_audited(practice, actor, "Practice edited.")
    if attendees is not None:
        practice.attendees.set(attendees)
    return practice


@transaction.atomic
def end_practice(
    actor: User, practice: Practice, ended_on: dt.date, expected_version: int | None = None
) -> Practice:
    """End a practice on `ended_on` (not before its start, not in the future). Ending is
    never refused by the context checks."""
    require(actor, "practice.edit", practice.supplier)
    lock_for_edit(practice, expected_version, "this practice")
    if practice.status == Practice.Status.ENDED:
        raise ValidationError({"ended_on": _("This practice has already ended.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("A practice cannot be ended in the future.")})
    problem = domain.practice_dates_error(practice.started_on, ended_on)
    if problem:
        raise ValidationError({"ended_on": problem})
    practice.ended_on = ended_on
    practice.status = Practice.Status.ENDED
    next_version(practice)
    save_audited(practice, actor, "Practice ended.")
    return practice


def practices_of(supplier: Supplier) -> list[Practice]:
    """All practices of `supplier`, active first, newest first (two queries)."""
    return list(
        Practice.objects.filter(supplier=supplier)
        .for_list()
        .order_by("status", "-started_on", "-pk")
    )


def colleagues() -> Any:
    from partnerbook.accounts.models import INTERNAL_ROLES

    return User.objects.filter(role__in=INTERNAL_ROLES, is_active=True).order_by(
        "first_name", "username"
    )


# --- timeline -------------------------------------------------------------------------------


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Practices started and ended, agreements signed; newest first (three queries)."""
    day = since.date() if since is not None else None
    labels = dict(domain.PRACTICE_CHOICES)
    url = reverse("practices:supplier", args=[supplier.pk])
    entries: list[TimelineEntry] = []
    started = Practice.objects.filter(supplier=supplier).select_related("owner")
    ended = Practice.objects.filter(supplier=supplier, ended_on__isnull=False).select_related(
        "owner"
    )
    agreements = Agreement.objects.filter(supplier=supplier, archived=False)
    if day is not None:
        started = started.filter(started_on__gte=day)
        ended = ended.filter(ended_on__gte=day)
        agreements = agreements.filter(signed_on__gte=day)
    for p in started.order_by("-started_on", "-pk")[:limit]:
        entries.append(
            TimelineEntry(
                when=start_of(p.started_on),
                kind="practices",
                title=f"Practice started: {labels[p.kind]}",
                detail=p.notes,
                who=p.owner.display_name,
                url=url,
                badge="started",
            )
        )
    for p in ended.order_by("-ended_on", "-pk")[:limit]:
        assert p.ended_on is not None  # noqa: S101 (filtered above)
        entries.append(
            TimelineEntry(
                when=start_of(p.ended_on),
                kind="practices",
                title=f"Practice ended: {labels[p.kind]}",
                who=p.owner.display_name,
                url=url,
                badge="ended",
            )
        )
    for a in agreements.order_by("-signed_on", "-pk")[:limit]:
        entries.append(
            TimelineEntry(
                when=start_of(a.signed_on),
                kind="practices",
                title=f"{a.get_kind_display()} signed"
                + (f" ({a.reference})" if a.reference else ""),
                detail=(f"Expires {a.expires_on.isoformat()}. " if a.expires_on else "") + a.note,
                url=url,
                badge="agreement",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- export ---------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id", "practice", "status", "started_on", "ended_on", "owner", "attendees",
    "refusals", "warnings", "notes",
)  # fmt: skip


def export_practices(supplier: Supplier, fmt: str) -> ExportFile:
    """The supplier's practices with their current warnings, as CSV or XLSX."""
    if fmt not in CONTENT_TYPES:
        raise ValidationError({"fmt": _("Choose csv or xlsx.")})
    practices = practices_of(supplier)
    checks = checks_for(supplier, practices)
    rows = [
        (
            p.pk,
            p.get_kind_display(),
            p.get_status_display(),
            p.started_on.isoformat(),
            p.ended_on.isoformat() if p.ended_on else "",
            p.owner.display_name,
            "; ".join(c.name for c in p.attendees.all()),
            " ".join(f.message for f in checks[p.pk].refusals),
            " ".join(f.message for f in checks[p.pk].warnings),
            p.notes,
        )
        for p in practices
    ]
    if fmt == "csv":
        content = write_csv(EXPORT_COLUMNS, rows)
    else:
        content = write_xlsx("Practices", EXPORT_COLUMNS, rows, number_columns=("id",))
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


AGREEMENT_EXPORT_COLUMNS = (
    "id", "supplier", "external_id", "kind", "template", "suggested_template", "reference",
    "signed_on", "starts_on", "expires_on", "renewal_notice_days", "notice_on", "renewal",
    "status", *domain.TEXT_SECTIONS, "escalation_path", "legal_reviewed_on", "legal_reviewer",
    "archived", "note",
)  # fmt: skip


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def export_agreements(supplier: Supplier | None, fmt: str, user: User | None = None) -> ExportFile:
    """Agreements (of `supplier`, or of every supplier `user` may see) as CSV or XLSX, with
    their status and renewal today. The columns the agreement import reads come back as it
    reads them, so a file exported can be imported again. Two queries."""
    if fmt not in CONTENT_TYPES:
        raise ValidationError({"fmt": _("Choose csv or xlsx.")})
    qs = Agreement.objects.select_related("supplier").order_by("supplier__name", "-signed_on", "pk")
    if supplier is not None:
        qs = qs.filter(supplier=supplier)
    elif user is not None:
        qs = qs.filter(supplier__in=Supplier.objects.visible_to(user))
    today = timezone.localdate()
    rows = []
    for a in qs:
        seen = domain.renewal(a.facts(), today)
        rows.append(
            (
                a.pk, a.supplier.name, a.supplier.external_id or "", a.kind, a.template,
                a.suggested_template, a.reference, _day(a.signed_on), _day(a.starts_on),
                _day(a.expires_on),
                "" if a.renewal_notice_days is None else a.renewal_notice_days,
                _day(seen.notice_on), seen.label, domain.agreement_status(a.facts(), today),
                *(getattr(a, key) for key in domain.TEXT_SECTIONS), a.escalation_text,
                _day(a.legal_reviewed_on), a.legal_reviewer, "yes" if a.archived else "no", a.note,
            )
        )  # fmt: skip
    if fmt == "csv":
        content = write_csv(AGREEMENT_EXPORT_COLUMNS, rows)
    else:
        content = write_xlsx(
            "Agreements",
            AGREEMENT_EXPORT_COLUMNS,
            rows,
            number_columns=("id", "renewal_notice_days"),
        )
    return ExportFile(content, CONTENT_TYPES[fmt], len(rows))


# --- demo -----------------------------------------------------------------------------------


def demo_agreement(
    actor: User,
    supplier: Supplier,
    *,
    kind: str = domain.SUPPLY,
    template: str = "",
    signed_days_ago: int = 200,
    expires_in_days: int | None = 365,
    renewal_notice_days: int | None = 90,
    legal_reviewed: bool = True,
    reference: str = "",
    **sections: Any,
) -> Agreement:
    """An agreement for the demo data, through `record_agreement`. The sections its template
    requires and does not get in `sections` are filled with a short placeholder text; the
    escalation path, when required and not given, has two levels. `legal_reviewed`: reviewed
    by "Legal team" a week after signing."""
    today = timezone.localdate()
    signed_on = today - dt.timedelta(days=signed_days_ago)
    data: dict[str, Any] = {
        "kind": kind,
        "template": "" if kind in domain.NDA_KINDS else template,
        "signed_on": signed_on,
        "starts_on": signed_on,
        "expires_on": today + dt.timedelta(days=expires_in_days)
        if expires_in_days is not None
        else None,
        "renewal_notice_days": renewal_notice_days if expires_in_days is not None else None,
        "reference": reference,
    }
    for key in domain.required_sections(data["template"]):
        if key == "escalation_path":
            data[key] = [
                {"level": 1, "who": "Buyer and account manager", "time_box_days": 5},
                {"level": 2, "who": "Category manager and sales director", "time_box_days": 10},
            ]
        else:
            data[key] = f"{domain.SECTION_LABELS[key]} as agreed in the signed contract."
    data.update(sections)
    if legal_reviewed:
        data["legal_reviewed_on"] = min(today, signed_on + dt.timedelta(days=7))
        data["legal_reviewer"] = "Legal team"
    return record_agreement(actor, supplier, data)


def check_agreement_data(agreement: Agreement, data: Mapping[str, Any]) -> None:
    """Apply `data` to an unsaved copy of an agreement and check it as saving would (for
    imports that check every row before writing). Raises ValidationError naming fields."""
    _apply_agreement(agreement, data)
