"""The import page (every registered import kind: suppliers, segmentation factors,
interactions, ...) and the supplier list export."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view
from partnerbook.core import registry
from partnerbook.core.spreadsheets import attachment

from .exports import export_filename, export_suppliers
from .imports import FORMATS, ImportResult
from .views import filtered_suppliers


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        initial="suppliers",
        required=False,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="File",
        help_text="CSV (UTF-8, comma or semicolon separated) or Excel .xlsx; first sheet only.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    valid_only = forms.BooleanField(
        required=False,
        label="Import the valid rows only",
        help_text="Rows with errors are left out and listed; without this, any error stops it all.",
    )
    dry_run = forms.BooleanField(
        required=False,
        label="Check only (dry run)",
        help_text="Check the file and show what would change, without saving anything.",
    )

    def __init__(self, *args: object, kinds: list[registry.ImportKind], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds]  # type: ignore[attr-defined]


@internal_view("supplier.import")
def supplier_import(request: AuthenticatedRequest) -> HttpResponse:
    kinds = [k for k in registry.import_kinds() if can(request.user, k.action)]
    by_key = {k.key: k for k in kinds}
    posted = request.method == "POST"
    if posted:
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
    else:
        asked = request.GET.get("kind")
        form = ImportForm(initial={"kind": asked} if asked in by_key else None, kinds=kinds)
    result: ImportResult | None = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        result = by_key[form.cleaned_data["kind"] or "suppliers"].run(
            request.user,
            upload,
            upload.name or "",
            valid_only=form.cleaned_data["valid_only"],
            dry_run=form.cleaned_data["dry_run"],
        )
    context = {
        "form": form,
        "result": result,
        "kinds": kinds,
        "max_megabytes": settings.PARTNERBOOK_MAX_IMPORT_BYTES // (1024 * 1024),
    }
    return render(request, "suppliers/import.html", context)


@internal_view("supplier.export")
def supplier_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Export as .csv or .xlsx.")
    _filters, queryset, _errors = filtered_suppliers(request)
    export = export_suppliers(queryset, fmt)
    return attachment(export, export_filename(fmt))
