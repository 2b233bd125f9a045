"""The import page (every registered import kind: suppliers, segmentation factors,
interactions, ...) and the supplier list export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, can, internal_view
from partnerbook.core import registry
from partnerbook.core.spreadsheets import attachment

from . import mapping_services
from .exports import export_filename, export_suppliers
from .imports import FORMATS, ImportFileError, ImportResult, read_table
from .mapping import ColumnMapping, plan_header
from .models import DateOrder, ImportMapping
from .synonyms import IGNORE
from .views import filtered_suppliers

PREVIEW_ROWS = 5


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        initial="suppliers",
        required=False,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, comma or semicolon separated) or Excel .xlsx; first sheet only."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    valid_only = forms.BooleanField(
        required=False,
        label=_("Import the valid rows only"),
        help_text=_(
            "Rows with errors are left out and listed; without this, any error stops it all."
        ),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=_("Check only (dry run)"),
        help_text=_("Check the file and show what would change, without saving anything."),
    )

    mapping = forms.ChoiceField(
        label=_("Saved column mapping"),
        required=False,
        help_text=_(
            "A mapping saved for another system's export (e.g. your ERP's): it says "
            "which of the file's columns is which, and how it writes dates and numbers."
        ),
    )

    def __init__(
        self,
        *args: object,
        kinds: list[registry.ImportKind],
        profiles: list[ImportMapping] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds]  # type: ignore[attr-defined]
        labels = {k.key: k.label for k in kinds}
        self.profiles = {str(p.pk): p for p in profiles or []}
        self.fields["mapping"].choices = [  # type: ignore[attr-defined]
            ("", gettext("None: recognise the columns by name")),
            *((str(p.pk), f"{p.name} ({labels.get(p.kind, p.kind)})") for p in profiles or []),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        profile = self.profiles.get(data.get("mapping") or "")
        if profile is not None and profile.kind != (data.get("kind") or "suppliers"):
            self.add_error("mapping", gettext("This mapping is for another kind of file."))
        data["profile"] = profile
        return data


class MappingStepForm(forms.Form):
    """The options of the mapping step (the column choices come as column_N / title_N)."""

    date_order = forms.ChoiceField(
        label=_("Dates like 03/04/2025 mean"),
        choices=DateOrder.choices,
        initial=DateOrder.DAY_FIRST,
        required=False,
    )
    decimal_comma = forms.BooleanField(
        label=_("Numbers use a decimal comma (1.234,56)"), required=False
    )
    save_as = forms.CharField(
        label=_("Save these choices as a mapping named"),
        max_length=80,
        required=False,
        help_text=_(
            "Optional. Next time, pick it above (or use --mapping NAME on the command "
            "line) and the same columns are read the same way."
        ),
    )


def _choices(post: Any) -> tuple[dict[str, str], list[str]]:
    """The mapping step's choices: ({file's title: column}, [titles left out])."""
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for key, value in post.items():
        if not key.startswith("column_") or not value:
            continue
        title = post.get(f"title_{key.removeprefix('column_')}", "")
        if value == IGNORE:
            ignored.append(title)
        else:
            columns[title] = value
    return columns, ignored


def _mapping(
    request: AuthenticatedRequest, form: ImportForm, kind: registry.ImportKind
) -> tuple[ColumnMapping | None, MappingStepForm | None]:
    """The mapping the import runs with (None when there is none), saving it as a profile
    when asked; errors go onto the forms (then the first value is None)."""
    profile: ImportMapping | None = form.cleaned_data["profile"]
    if not request.POST.get("mapping_step"):
        return (ColumnMapping.of(profile) if profile else ColumnMapping()), None
    step = MappingStepForm(request.POST)
    if not step.is_valid():
        return None, step
    chosen, left_out = _choices(request.POST)
    columns = {**(profile.columns if profile else {}), **chosen}
    ignored = [*(profile.ignored if profile else []), *left_out]
    options = {
        "date_order": step.cleaned_data["date_order"] or DateOrder.DAY_FIRST,
        "decimal_comma": step.cleaned_data["decimal_comma"],
    }
    try:
        columns, ignored = mapping_services.clean_choices(kind, columns, ignored)
        if step.cleaned_data["save_as"]:
            data = {"name": step.cleaned_data["save_as"], "kind": kind.key, **options}
            mapping_services.create_mapping(
                request.user, {**data, "columns": columns, "ignored": ignored}
            )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            step.add_error("save_as" if field == "name" else None, messages)
        return None, step
    mapping = ColumnMapping(
        columns=columns,
        ignored=ignored,
        day_first=options["date_order"] != DateOrder.MONTH_FIRST,
        decimal_comma=options["decimal_comma"],
    )
    return mapping, step


@internal_view("supplier.import")
def supplier_import(request: AuthenticatedRequest) -> HttpResponse:
    kinds = [k for k in registry.import_kinds() if can(request.user, k.action)]
    by_key = {k.key: k for k in kinds}
    profiles = list(mapping_services.visible_mappings(request.user))
    posted = request.method == "POST"
    if posted:
        form = ImportForm(request.POST, request.FILES, kinds=kinds, profiles=profiles)
    else:
        asked = request.GET.get("kind")
        initial = {"kind": asked} if asked in by_key else None
        form = ImportForm(initial=initial, kinds=kinds, profiles=profiles)
    result: ImportResult | None = None
    step: MappingStepForm | None = None
    if posted and form.is_valid():
        kind = by_key[form.cleaned_data["kind"] or "suppliers"]
        mapping, step = _mapping(request, form, kind)
        if mapping is not None:
            upload = form.cleaned_data["file"]
            result = kind.run(
                request.user,
                upload,
                upload.name or "",
                valid_only=form.cleaned_data["valid_only"],
                dry_run=form.cleaned_data["dry_run"],
                mapping=mapping,
            )
    context = {
        "form": form,
        "step_errors": step.errors if step is not None and result is None else None,
        "result": result,
        "kinds": kinds,
        "help_blocks": _help_blocks(request, kinds),
        "max_megabytes": settings.PARTNERBOOK_MAX_IMPORT_BYTES // (1024 * 1024),
    }
    return render(request, "suppliers/import.html", context)


def _help_blocks(request: HttpRequest, kinds: list[registry.ImportKind]) -> list[str]:
    """Each kind's help, rendered in the kinds' order; a text several kinds share word for
    word (the risk files' one) is shown once, while texts drawn per kind are all kept."""
    blocks: list[str] = []
    for kind in kinds:
        if kind.help_template:
            html = render_to_string(kind.help_template, {"kind": kind}, request=request)
            if html.strip() and html not in blocks:
                blocks.append(html)
    return blocks


@internal_view("supplier.import")
@require_POST
def import_columns(request: AuthenticatedRequest) -> HttpResponse:
    """The mapping step (an htmx fragment of the import page): the file's first rows and,
    for each column not recognised, a choice of column or 'leave out'. Nothing is checked
    or saved here."""
    kinds = [k for k in registry.import_kinds() if can(request.user, k.action)]
    profiles = list(mapping_services.visible_mappings(request.user))
    form = ImportForm(request.POST, request.FILES, kinds=kinds, profiles=profiles)
    context: dict[str, Any] = {"problem": ""}
    if not form.is_valid():
        context["problem"] = (
            "Choose a .csv or .xlsx file to see its columns."
            if "file" in form.errors
            else " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return render(request, "suppliers/_import_columns.html", context)
    kind = {k.key: k for k in kinds}[form.cleaned_data["kind"] or "suppliers"]
    profile: ImportMapping | None = form.cleaned_data["profile"]
    upload = form.cleaned_data["file"]
    try:
        table = read_table(upload, upload.name or "")
    except ImportFileError as exc:
        context["problem"] = str(exc)
        return render(request, "suppliers/_import_columns.html", context)
    plan = plan_header(table.header, kind.columns, profile)
    columns: list[dict[str, Any]] = []
    for index, title in enumerate(table.header):
        field = ""
        if index in plan.keep:
            new = plan.header[plan.keep.index(index)]
            field = new if new in kind.columns else ""
            if new in kind.columns and any(t == title.strip() for t, _ in plan.errors):
                field = ""
        columns.append(
            {"index": index, "title": title, "field": field, "left_out": index not in plan.keep}
        )
    taken = {c["field"] for c in columns if c["field"]}
    initial = (
        {"decimal_comma": profile.decimal_comma, "date_order": profile.date_order}
        if profile
        else None
    )
    context.update(
        kind=kind,
        columns=columns,
        unrecognised=[
            c for c in columns if not c["field"] and not c["left_out"] and str(c["title"]).strip()
        ],
        free_fields=[f for f in kind.columns if f not in taken],
        rows=[
            [cells[i] if i < len(cells) else "" for i in range(len(table.header))]
            for _, cells in table.rows[:PREVIEW_ROWS]
        ],
        step=MappingStepForm(initial=initial),
        ignore=IGNORE,
        profile=profile,
    )
    return render(request, "suppliers/_import_columns.html", context)


@internal_view("supplier.export")
def supplier_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Export as .csv or .xlsx.")
    _filters, queryset, _errors = filtered_suppliers(request)
    export = export_suppliers(queryset, fmt)
    return attachment(export, export_filename(fmt))
