"""The export of supplier issues: `?format=xlsx` (a workbook with a sheet for each kind) or
`?format=csv&kind=...` (one kind), with the list's filters (status, severity, category,
supplier, owner, q)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import internal_view
from partnerbook.core.spreadsheets import attachment

from . import exports, services


@internal_view("issue.view")
def export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    kind = request.GET.get("kind", "issues")
    if fmt not in ("csv", "xlsx") or kind not in exports.KINDS:
        raise Http404("Export as xlsx, or as csv with a kind of: " + ", ".join(exports.KINDS))
    params = {k: request.GET.get(k, "") for k in services.LIST_FILTERS}
    user: User = request.user  # type: ignore[assignment]
    with translation.override("en"):  # the columns and values stay stable English
        result = exports.export(user, params, fmt, kind)
    name = "issues" if fmt == "xlsx" else kind.replace("_", "-")
    return attachment(result, f"{name}.{fmt}")
