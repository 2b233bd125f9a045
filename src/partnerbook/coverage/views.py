"""The supplier's Coverage tab. Thin: load, check permission, call the service."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from partnerbook.accounts.policy import AuthenticatedRequest, internal_view, require
from partnerbook.suppliers.models import Contact, Supplier

from . import domain, services


@internal_view("coverage.view")
def supplier_coverage(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qs = Supplier.objects.visible_to(request.user).select_related("category")
    supplier = get_object_or_404(qs, pk=pk)
    require(request.user, "coverage.view", supplier)
    assessment = services.assess(supplier)
    coverage = assessment.coverage
    labels = dict(Contact.Function.choices)
    rows = [
        {
            "level": _(domain.LEVEL_LABELS[ours]),
            "key": ours,
            "cells": [(theirs, coverage.grid[ours][theirs]) for theirs in domain.LEVELS],
        }
        for ours in (*domain.LEVELS, domain.UNKNOWN)
        if ours != domain.UNKNOWN or any(coverage.grid[ours].values())
    ]
    context = {
        "supplier": supplier,
        "coverage": coverage,
        "meaning": assessment.meaning,
        "rows": rows,
        "their_levels": [_(domain.LEVEL_LABELS[level]) for level in domain.LEVELS],
        "functions": {
            side: [(labels.get(f, f), n) for f, n in counts.items()]
            for side, counts in coverage.functions.items()
        },
        "bow_tie_share": round(100 * domain.BOW_TIE_SHARE),
    }
    return render(request, "coverage/supplier.html", context)
