"""Web pages of the supplier registry. Thin: parse, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.models import INTERNAL_ROLES, User
from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view, require
from partnerbook.accounts.queries import portal_access
from partnerbook.core import registry
from partnerbook.core.concurrency import StaleEdit, show_stale

from . import services
from .domain import NEW_WORK, STATUS_LABELS, Status, allowed_next
from .filters import parse_filters
from .forms import CategoryForm, ContactForm, StatusChangeForm, SupplierForm
from .history import supplier_audit_trail
from .models import Category, Contact, Supplier, Tag
from .templatetags.supplier_pages import OWN_TABS, contact_counts
from .timeline import timeline_for

PAGE_SIZE = 50
DETAIL_TABS = tuple(key for key, _label in OWN_TABS)
TIMELINE_LIMIT = 200


def apply_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's validation errors on the form, beside the field they name."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _supplier(request: AuthenticatedRequest, pk: int) -> Supplier:
    return get_object_or_404(Supplier.objects.visible_to(request.user).for_list(), pk=pk)


def visible_supplier(request: AuthenticatedRequest, pk: int) -> Supplier:
    """The supplier `pk` if the user may see it (404 otherwise), for a feature app's tab."""
    suppliers = Supplier.objects.visible_to(request.user)
    return get_object_or_404(suppliers.select_related("category", "relationship_owner"), pk=pk)


def filtered_suppliers(request: AuthenticatedRequest) -> tuple[Any, Any, dict[str, str]]:
    """The supplier list as the request's filters narrow it (shared by the page and exports)."""
    filters, errors = parse_filters(request.GET.dict())
    category_ids = (
        services.category_with_descendants(filters.category) if filters.category else None
    )
    qs = filters.apply(Supplier.objects.visible_to(request.user).for_list(), category_ids)
    return filters, qs, errors


@internal_view("supplier.view")
def supplier_list(request: AuthenticatedRequest) -> HttpResponse:
    filters, qs, errors = filtered_suppliers(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    suppliers = list(page.object_list)
    columns = registry.columns()
    filled = {column.key: column.fill(suppliers) for column in columns}
    rows = [(s, [(c, filled[c.key].get(s.pk)) for c in columns]) for s in suppliers]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "columns": columns,
        "filters": filters,
        "filter_errors": errors,
        "querystring": query.urlencode(),
        "statuses": [(value, _(label)) for value, label in STATUS_LABELS.items()],
        "categories": Category.objects.order_by("name"),
        "owners": User.objects.filter(role__in=INTERNAL_ROLES).order_by("first_name", "username"),
        "tags": Tag.objects.order_by("name"),
        "sort_links": _sort_links(query, filters.sort),
    }
    template = "suppliers/_table.html" if request.htmx else "suppliers/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _sort_links(query: Any, current: str) -> dict[str, str]:
    links = {}
    for key in ("name", "status", "category", "country", "annual_spend"):
        q = query.copy()
        q["sort"] = f"-{key}" if current == key else key
        links[key] = q.urlencode()
    return links


@internal_view("supplier.view")
def supplier_detail(request: AuthenticatedRequest, pk: int, tab: str = "overview") -> HttpResponse:
    if tab not in DETAIL_TABS:
        raise Http404("No such tab.")
    supplier = _supplier(request, pk)
    context: dict[str, Any] = {
        "supplier": supplier,
        "tab": tab,
        "can_edit": can(request.user, "supplier.edit", supplier),
        "can_change_status": can(request.user, "supplier.change_status", supplier),
        "can_archive": can(request.user, "supplier.archive", supplier),
        "allowed_next": [(s.value, _(STATUS_LABELS[s])) for s in allowed_next(supplier.status)],
        "contact_counts": contact_counts(supplier),
        # A manager may move a pilot to active without the complete decision checklist.
        "can_override_gate": supplier.status == Status.PILOT and can(request.user, "gate.override"),
    }
    if context["can_change_status"] and NEW_WORK.intersection(allowed_next(supplier.status)):
        context["pick_warnings"] = registry.pick_warnings([supplier]).get(supplier.pk, [])
    if tab == "overview":
        context["cards"] = [
            (card.template, card_context)
            for card in registry.cards()
            if can(request.user, card.action, supplier)
            and (card_context := card.context(request.user, supplier)) is not None
        ]
    elif tab == "contacts":
        context["contacts"] = supplier.contacts.order_by("archived", "side", "name")
        context["portal"] = portal_access(supplier)
        context["can_invite"] = can(request.user, "portal.invite", supplier)
    elif tab == "history":
        context["entries"] = supplier_audit_trail(supplier)
        context["owner_spells"] = supplier.owner_assignments.select_related(
            "owner", "assigned_by"
        ).order_by("-started_at")
    elif tab == "timeline":
        context["timeline"] = timeline_for(request.user, supplier, request.GET, TIMELINE_LIMIT)
    return render(request, "suppliers/detail.html", context)


@internal_view("supplier.create")
def supplier_create(request: AuthenticatedRequest) -> HttpResponse:
    can_assign = can(request.user, "supplier.assign_owner")
    form = SupplierForm(
        request.POST or None,
        can_assign_owner=can_assign,
        initial={"relationship_owner": request.user.pk, "currency": "EUR"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not can_assign:
            data.pop("relationship_owner", None)
        try:
            supplier = services.create_supplier(request.user, data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Supplier “%(name)s” created.") % {"name": supplier.name})
            return redirect(supplier)
    return render(request, "suppliers/form.html", {"form": form, "supplier": None})


@internal_view("supplier.view")
def supplier_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "supplier.edit", supplier)
    can_assign = can(request.user, "supplier.assign_owner")
    form = SupplierForm(request.POST or None, instance=supplier, can_assign_owner=can_assign)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        if not can_assign:
            data.pop("relationship_owner", None)
        try:
            services.update_supplier(request.user, supplier, data, expected)
        except StaleEdit as exc:
            # Shown again with the current values, so that nothing is overwritten unseen.
            form = show_stale(SupplierForm(instance=exc.current, can_assign_owner=can_assign), exc)
            context = {"form": form, "supplier": exc.current}
            return render(request, "suppliers/form.html", context, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(supplier)
    return render(request, "suppliers/form.html", {"form": form, "supplier": supplier})


@require_POST
@internal_view("supplier.view")
def supplier_change_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "supplier.change_status", supplier)
    form = StatusChangeForm(request.POST, supplier=supplier)
    if not form.is_valid():
        messages.error(request, _("Choose a status to move to."))
        return redirect(supplier)
    try:
        services.change_status(
            request.user,
            supplier,
            form.cleaned_data["status"],
            form.cleaned_data["note"],
            form.cleaned_data["override_reason"],
        )
    except ValidationError as exc:
        # A status guard (the decision checklist) names each missing item on its own line.
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Status is now %(status)s.") % {"status": supplier.get_status_display()}
        )
        if supplier.status in NEW_WORK:
            for warning in registry.pick_warnings([supplier]).get(supplier.pk, []):
                messages.warning(request, warning)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)  # e.g. the pipeline board the move was made from
    return redirect(supplier)


@require_POST
@internal_view("supplier.archive")
def supplier_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    archive = request.POST.get("archived", "1") == "1"
    services.set_archived(request.user, supplier, archive)
    messages.success(
        request,
        (_("“%(name)s” archived.") if archive else _("“%(name)s” restored from the archive."))
        % {"name": supplier.name},
    )
    return redirect(supplier)


@internal_view("contact.view")
def contact_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    require(request.user, "contact.edit", supplier)
    form = ContactForm(request.POST or None, initial={"side": "supplier"})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_contact(request.user, supplier, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect("suppliers:detail_tab", pk=supplier.pk, tab="contacts")
    return render(
        request,
        "suppliers/contact_form.html",
        {"form": form, "supplier": supplier, "contact": None},
    )


@internal_view("contact.view")
def contact_edit(request: AuthenticatedRequest, pk: int, contact_id: int) -> HttpResponse:
    supplier = _supplier(request, pk)
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user), pk=contact_id, supplier=supplier
    )
    require(request.user, "contact.edit", contact)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST":
        if "archived" in request.POST:
            archived = request.POST["archived"] == "1"
            services.set_contact_archived(request.user, contact, archived)
            messages.success(
                request, _("Contact archived.") if archived else _("Contact restored.")
            )
            return redirect("suppliers:detail_tab", pk=supplier.pk, tab="contacts")
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.update_contact(request.user, contact, data, data.pop("version", None))
            except StaleEdit as exc:
                form = show_stale(ContactForm(instance=exc.current), exc)
                context = {"form": form, "supplier": supplier, "contact": exc.current}
                return render(request, "suppliers/contact_form.html", context, status=409)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Contact saved."))
                return redirect("suppliers:detail_tab", pk=supplier.pk, tab="contacts")
    return render(
        request,
        "suppliers/contact_form.html",
        {"form": form, "supplier": supplier, "contact": contact},
    )


@internal_view("category.view")
def category_list(request: AuthenticatedRequest) -> HttpResponse:
    categories = Category.objects.select_related("parent").annotate(
        supplier_count=Count("suppliers", filter=Q(suppliers__archived=False))
    )
    return render(
        request,
        "suppliers/categories.html",
        {"categories": categories, "can_manage": can(request.user, "category.manage")},
    )


@internal_view("category.manage")
def category_form(request: AuthenticatedRequest, category_id: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=category_id) if category_id else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        try:
            if category is None:
                services.create_category(request.user, data)
            else:
                services.update_category(request.user, category, data, expected)
        except StaleEdit as exc:
            form = show_stale(CategoryForm(instance=exc.current), exc)
            context = {"form": form, "category": exc.current}
            return render(request, "suppliers/category_form.html", context, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Category saved."))
            return redirect("suppliers:categories")
    return render(request, "suppliers/category_form.html", {"form": form, "category": category})
