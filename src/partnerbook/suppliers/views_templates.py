"""The Excel template of each import kind, to download from the import page."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view, require
from partnerbook.core import import_templates, registry


@internal_view()
def import_template(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    found = registry.import_kind(kind)
    if found is None:
        raise Http404("No such kind of import.")
    require(request.user, found.action)
    response = HttpResponse(
        import_templates.build_template(found), content_type=import_templates.MIME_TYPE
    )
    filename = import_templates.template_filename(found)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
