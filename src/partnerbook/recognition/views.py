"""Web pages of referrals and recognition: the referral list with the programme's figures, a
referral's page (details, reward, status moves, registering the company as a prospect), the
supplier's Recognition tab (its wins and the referrals it gave), a win's page, the printable
success-story page per supplier, and the ideal-supplier profile (printable, downloadable,
edited by managers). Thin: load, check permission, call a service, render or redirect."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.core.concurrency import StaleEdit, show_stale
from partnerbook.core.spreadsheets import attachment
from partnerbook.suppliers.models import Supplier
from partnerbook.suppliers.views import apply_errors, visible_supplier

from . import domain, exports, services
from .forms import MoveForm, NewWinForm, ProfileForm, ReferralForm, WinForm
from .models import Referral, Win

PAGE_SIZE = 50
MAX_CHOICES = 500  # suppliers offered in the list's filter
MAX_ID_DIGITS = 15


def _suppliers(request: AuthenticatedRequest) -> Any:
    return Supplier.objects.visible_to(request.user).filter(archived=False).order_by("name")


def _referral(request: AuthenticatedRequest, referral_id: int) -> Referral:
    found: Referral = get_object_or_404(
        Referral.objects.visible_to(request.user).for_list(), pk=referral_id
    )
    return found


def _win(request: AuthenticatedRequest, win_id: int) -> Win:
    found: Win = get_object_or_404(
        Win.objects.visible_to(request.user).select_related(
            "supplier", "supplier__category", "supplier__relationship_owner", "recorded_by"
        ),
        pk=win_id,
    )
    return found


# --- referrals ------------------------------------------------------------------------------


def _list_page(
    request: AuthenticatedRequest, form: ReferralForm | None = None, status: int = 200
) -> HttpResponse:
    params = {key: request.GET.get(key, "").strip()[:200] for key in services.LIST_FILTERS}
    if not params["referring"].isdigit() or len(params["referring"]) > MAX_ID_DIGITS:
        params["referring"] = ""
    visible = Referral.objects.visible_to(request.user)
    qs = services.filter_referrals(visible.for_list(), params)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in params.items() if v})
    can_edit = can(request.user, "referral.edit")
    counts = services.counts_by_status(visible)
    context = {
        "page": page, "params": params, "page_query": query,
        "statuses": {k: _(v) for k, v in domain.REFERRAL_STATUSES.items()},
        "reward_statuses": {k: _(v) for k, v in domain.REWARD_STATUSES.items()},
        "referrers": list(
            Supplier.objects.visible_to(request.user).filter(referrals_given__isnull=False)
            .distinct().order_by("name").values_list("pk", "name")[:MAX_CHOICES]
        ),
        "status_counts": [
            (_(label), counts.get(key, 0)) for key, label in domain.REFERRAL_STATUSES.items()
        ],
        "pipeline": services.pipeline_share(request.user),
        "retention": services.retention(request.user),
        "rewards": services.rewards(request.user),
        "can_edit": can_edit,
        "form": (form or ReferralForm(suppliers=_suppliers(request))) if can_edit else None,
        "export_query": urlencode({k: v for k, v in params.items() if v}),
    }  # fmt: skip
    return render(request, "recognition/referrals.html", context, status=status)


@internal_view("recognition.view")
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return _list_page(request)
    require(request.user, "referral.edit")
    form = ReferralForm(request.POST, suppliers=_suppliers(request))
    if form.is_valid():
        try:
            referral = services.record_referral(
                request.user, form.cleaned_data["referring_supplier"], form.data_for_service()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Referral recorded."))
            return redirect("recognition:referral", referral_id=referral.pk)
    return _list_page(request, form, status=400)


def _referral_page(
    request: AuthenticatedRequest,
    referral: Referral,
    form: ReferralForm | None = None,
    move_form: MoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = can(request.user, "referral.edit")
    initial = {
        "referring_supplier": referral.referring_supplier_id,
        "referred_supplier": referral.referred_supplier_id,
        "company_name": referral.company_name, "contact_name": referral.contact_name,
        "contact_email": referral.contact_email, "contact_phone": referral.contact_phone,
        "category": referral.category_id, "received_on": referral.received_on,
        "reward_text": referral.reward_text, "reward_amount": referral.reward_amount,
        "reward_currency": referral.reward_currency, "reward_status": referral.reward_status,
        "paid_on": referral.paid_on, "note": referral.note, "version": referral.version,
    }  # fmt: skip
    moves = domain.allowed_moves(referral.status)
    if move_form is None and moves:
        move_form = MoveForm(initial={"version": referral.version, "status": moves[0]})
    if move_form is not None:
        move_form.fields["status"].choices = [  # type: ignore[attr-defined]
            (s, domain.REFERRAL_STATUSES[s]) for s in moves
        ]
    candidacies = (
        services.candidacies_for([referral.referred_supplier_id])
        if referral.referred_supplier_id
        else {}
    )
    context = {
        "referral": referral, "can_edit": can_edit,
        "can_create_prospect": can_edit and can(request.user, "supplier.create")
        and referral.referred_supplier_id is None,
        "form": (form or ReferralForm(initial=initial, suppliers=_suppliers(request)))
        if can_edit else None,
        "move_form": move_form if can_edit and moves else None,
        "candidacies": candidacies.get(referral.referred_supplier_id or 0, []),
        "history": referral.history.select_related("history_user").order_by(  # type: ignore[attr-defined]
            "-history_date", "-history_id"
        )[:50],
    }  # fmt: skip
    return render(request, "recognition/referral.html", context, status=status)


@internal_view("recognition.view")
def referral_detail(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    if request.method != "POST":
        return _referral_page(request, referral)
    require(request.user, "referral.edit")
    form = ReferralForm(request.POST, suppliers=_suppliers(request))
    if form.is_valid():
        try:
            services.update_referral(
                request.user, referral, form.data_for_service(), form.cleaned_data["version"]
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Referral saved."))
            return redirect("recognition:referral", referral_id=referral.pk)
    return _referral_page(request, _referral(request, referral_id), form=form, status=400)


@require_POST
@internal_view("recognition.view")
def referral_move(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    require(request.user, "referral.edit")
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_referral(
                request.user, referral, data["status"], data["on"], data["note"], data["version"]
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            label = _(domain.REFERRAL_STATUSES[data["status"]]).lower()
            messages.success(request, _("Referral moved to %(status)s.") % {"status": label})
            return redirect("recognition:referral", referral_id=referral.pk)
    return _referral_page(request, _referral(request, referral_id), move_form=form, status=400)


@require_POST
@internal_view("recognition.view")
def referral_prospect(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    require(request.user, "referral.edit")
    require(request.user, "supplier.create")
    try:
        supplier = services.create_prospect(request.user, referral)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _referral_page(request, _referral(request, referral_id), status=400)
    messages.success(request, _("%(name)s registered as a prospect.") % {"name": supplier.name})
    return redirect("recognition:referral", referral_id=referral.pk)


@internal_view("recognition.view")
def referral_export(request: AuthenticatedRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        raise Http404("Export as csv or xlsx.")
    params = {k: request.GET.get(k, "")[:200] for k in services.LIST_FILTERS}
    return attachment(exports.export_referrals(request.user, params, fmt), f"referrals.{fmt}")


# --- wins -----------------------------------------------------------------------------------


@internal_view("recognition.view")
def win_list(request: AuthenticatedRequest) -> HttpResponse:
    qs = Win.objects.visible_to(request.user).for_list()
    if request.GET.get("published") in ("yes", "no"):
        qs = qs.filter(published=request.GET["published"] == "yes")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    published = request.GET.get("published", "")
    context = {
        "page": page,
        "published": published if published in ("yes", "no") else "",
        "page_query": urlencode({"published": published}) if published in ("yes", "no") else "",
    }
    return render(request, "recognition/wins.html", context)


@internal_view("recognition.view")
def win_export(request: AuthenticatedRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        raise Http404("Export as csv or xlsx.")
    supplier = request.GET.get("supplier", "")
    params = {"supplier": supplier if supplier.isdigit() and len(supplier) <= 15 else ""}
    return attachment(exports.export_wins(request.user, params, fmt), f"wins.{fmt}")


def _tab(
    request: AuthenticatedRequest, supplier: Supplier, form: NewWinForm | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    can_edit = can(request.user, "recognition.edit", supplier)
    context = {
        "supplier": supplier,
        "can_edit": can_edit,
        "wins": list(
            Win.objects.filter(supplier=supplier).select_related("recorded_by")[:200]
        ),
        "given": list(
            Referral.objects.filter(referring_supplier=supplier).for_list()[:200]
        ),
        "received": list(
            Referral.objects.filter(referred_supplier=supplier).for_list()[:50]
        ),
        "form": (form or NewWinForm(initial={"trust_points": services.configured_points()}))
        if can_edit else None,
        "points": services.configured_points(),
    }  # fmt: skip
    return render(request, "recognition/supplier.html", context, status=status)


@internal_view("recognition.view")
def supplier_tab(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    return _tab(request, visible_supplier(request, supplier_id))


@require_POST
@internal_view("recognition.view")
def record_win(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    require(request.user, "recognition.edit", supplier)
    form = NewWinForm(request.POST)
    if form.is_valid():
        try:
            win = services.record_win(request.user, supplier, form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Win recorded: a trust deposit of %(points)s points.")
                % {"points": win.trust_points},
            )
            return redirect("recognition:supplier", supplier_id=supplier.pk)
    return _tab(request, supplier, form=form, status=400)


@internal_view("recognition.view")
def win_detail(request: AuthenticatedRequest, win_id: int) -> HttpResponse:
    win = _win(request, win_id)
    can_edit = can(request.user, "recognition.edit", win.supplier)
    form: WinForm | None = None
    status = 200
    if request.method == "POST":
        require(request.user, "recognition.edit", win.supplier)
        form = WinForm(request.POST)
        if form.is_valid():
            try:
                services.update_win(
                    request.user, win, form.data_for_service(), form.cleaned_data["version"]
                )
            except StaleEdit as exc:
                show_stale(form, exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Win saved."))
                return redirect("recognition:win", win_id=win.pk)
        status = 400
        win = _win(request, win_id)
    elif can_edit:
        form = WinForm(initial={
            "title": win.title, "story": win.story, "happened_on": win.happened_on,
            "impact": win.impact, "impact_amount": win.impact_amount,
            "impact_currency": win.impact_currency, "published": win.published,
            "version": win.version,
        })  # fmt: skip
    context = {"win": win, "supplier": win.supplier, "form": form, "can_edit": can_edit}
    return render(request, "recognition/win.html", context, status=status)


@require_POST
@internal_view("recognition.view")
def win_publish(request: AuthenticatedRequest, win_id: int) -> HttpResponse:
    win = _win(request, win_id)
    require(request.user, "recognition.edit", win.supplier)
    published = request.POST.get("published") == "yes"
    services.set_published(request.user, win, published)
    messages.success(request, _("Win published.") if published else _("Win taken off the stories."))
    return redirect("recognition:supplier", supplier_id=win.supplier_id)


@internal_view("recognition.view")
def stories(request: AuthenticatedRequest, supplier_id: int) -> HttpResponse:
    supplier = visible_supplier(request, supplier_id)
    wins = list(
        Win.objects.filter(supplier=supplier, published=True).order_by("-happened_on", "-pk")[:200]
    )
    return render(request, "recognition/stories.html", {"supplier": supplier, "wins": wins})


# --- the ideal-supplier profile -------------------------------------------------------------


@internal_view("recognition.view")
def profile(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "profile": services.get_profile(),
        "sections": services.PROFILE_SECTIONS,
        "can_edit": can(request.user, services.PROFILE_ACTION),
    }
    return render(request, "recognition/profile.html", context)


@internal_view(services.PROFILE_ACTION)
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    current = services.get_profile()
    if request.method != "POST":
        initial = {key: getattr(current, key) for key in services.PROFILE_FIELDS}
        form = ProfileForm(initial={**initial, "version": current.version})
        return render(request, "recognition/profile_edit.html", {"form": form})
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.update_profile(
                request.user, form.data_for_service(), form.cleaned_data["version"]
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Ideal-supplier profile saved."))
            return redirect("recognition:profile")
    return render(request, "recognition/profile_edit.html", {"form": form}, status=400)


@internal_view("recognition.view")
def profile_download(request: AuthenticatedRequest) -> HttpResponse:
    fmt = request.GET.get("format", "md")
    current = services.get_profile()
    if fmt == "md":
        response = HttpResponse(
            services.profile_markdown(current), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="ideal-supplier-profile.md"'
        return response
    if fmt == "html":
        response = HttpResponse(
            services.profile_html(current), content_type="text/html; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="ideal-supplier-profile.html"'
        return response
    raise Http404("Download as md or html.")
