"""Web pages to import suppliers (or their segmentation factors) from a file and to export
the supplier list."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view
from partnerbook.segmentation import imports as segmentation_imports

from .exports import export_filename, export_suppliers
from .imports import COLUMNS, FORMATS, ImportResult, import_suppliers
from .views import filtered_suppliers

IMPORTERS = {
    "suppliers": import_suppliers,
    "segmentation": segmentation_imports.import_segmentation,
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[
            ("suppliers", "Suppliers"),
            ("segmentation", "Segmentation factors of existing suppliers"),
        ],
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


@internal_view("supplier.import")
def supplier_import(request: AuthenticatedRequest) -> HttpResponse:
    posted = request.method == "POST"
    if posted:
        form = ImportForm(request.POST, request.FILES)
    else:
        asked = request.GET.get("kind")
        form = ImportForm(initial={"kind": asked} if asked in IMPORTERS else None)
    result: ImportResult | None = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        result = IMPORTERS[form.cleaned_data["kind"] or "suppliers"](
            request.user,
            upload,
            upload.name or "",
            valid_only=form.cleaned_data["valid_only"],
            dry_run=form.cleaned_data["dry_run"],
        )
    context = {
        "form": form,
        "result": result,
        "columns": COLUMNS,
        "segmentation_columns": segmentation_imports.COLUMNS,
        "max_megabytes": settings.PARTNERBOOK_MAX_IMPORT_BYTES // (1024 * 1024),
    }
    return render(request, "suppliers/import.html", context)


@internal_view("supplier.export")
def supplier_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Export as .csv or .xlsx.")
    _filters, queryset, _errors = filtered_suppliers(request)
    export = export_suppliers(queryset, fmt)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(fmt)}"'
    return response
