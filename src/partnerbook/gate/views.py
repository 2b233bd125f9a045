"""Web pages of the playbook: the supplier's Playbook tab (the decision checklist, the
candidacies, the pilot and ramp-up, the onboarding plan and growth). Thin: load, check
permission, call services, render."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view
from partnerbook.onboarding import services as onboarding
from partnerbook.sourcing import services as sourcing
from partnerbook.suppliers.views import visible_supplier


@internal_view("playbook.view")
def supplier_playbook(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Playbook tab."""
    supplier = visible_supplier(request.user, pk)
    context = {
        "supplier": supplier,
        **sourcing.supplier_playbook(request.user, supplier),
        **onboarding.supplier_onboarding(request.user, supplier),
    }
    return render(request, "gate/supplier.html", context)
