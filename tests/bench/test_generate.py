"""The one large-portfolio generator (bench/generate.py), run tiny: it makes what the scale
asks, every foreign key holds, the same seed makes the same portfolio, and the busiest
pages render for the manager on the data it made."""

from __future__ import annotations

from collections import Counter

import pytest
from bench.generate import PASSWORD, NotEmpty, generate
from bench.parts.common import check_foreign_keys
from django.db import transaction
from django.test import Client
from django.utils import timezone

from partnerbook.conflicts.models import Escalation, SupplierIssue
from partnerbook.documents.models import Document
from partnerbook.performance.models import DeliveryLine, KpiDefinition, Measurement
from partnerbook.practices.models import Agreement
from partnerbook.relationship.models import HealthSnapshot, Interaction, InteractionSignal
from partnerbook.risk.models import SpendLine
from partnerbook.segmentation.models import SegmentationProfile
from partnerbook.suppliers.models import Contact, Supplier

pytestmark = pytest.mark.django_db
SCALE = 0.002  # 20 suppliers, 4,000 interactions, 100 issues


def _fingerprint() -> tuple:
    return (
        sorted(Supplier.objects.values_list("name", "status", "annual_spend")),
        Interaction.objects.count(),
        InteractionSignal.objects.count(),
        sorted(Counter(SupplierIssue.objects.values_list("status", flat=True)).items()),
        Escalation.objects.count(),
        sorted(Measurement.objects.values_list("supplier__name", "kpi_key", "period", "value")),
        DeliveryLine.objects.filter(received_on__isnull=True).count(),
    )


def test_it_makes_what_the_scale_asks_and_every_key_holds():
    result = generate(scale=SCALE, seed=7)

    tables = {
        "suppliers": Supplier, "interactions": Interaction, "measurements": Measurement,
        "delivery lines": DeliveryLine, "supplier issues": SupplierIssue,
        "segmentation profiles": SegmentationProfile, "contacts": Contact,
        "spend lines": SpendLine, "agreements": Agreement, "documents": Document,
        "interaction signals": InteractionSignal, "escalations": Escalation,
        "KPI definitions": KpiDefinition,
    }  # fmt: skip
    for label, model in tables.items():
        assert result.counts[label] == model.objects.count(), label
    assert result.counts["suppliers"] == 20
    assert result.counts["interactions"] == 4_000
    assert result.counts["measurements"] == 1_200
    assert result.counts["delivery lines"] == 2_000
    assert result.counts["supplier issues"] == 100
    assert result.counts["escalations"] >= 1 and result.counts["documents"] >= 3 * 20
    assert SegmentationProfile.objects.count() == Supplier.objects.count()
    assert not HealthSnapshot.objects.exists()  # the recompute makes them
    assert check_foreign_keys() == {}
    assert set(result.users) == {"manager", "buyer", "viewer", "admin"}
    assert set(result.seconds) >= {"core", "relationship", "performance", "conflicts", "risk"}
    sample = result.sample["supplier_id"]
    profile = SegmentationProfile.objects.get(supplier_id=sample)
    assert profile.chosen_model == "partnership"
    for model in (Interaction, DeliveryLine, Measurement, SupplierIssue, SpendLine, Agreement,
                  Document, Contact):  # fmt: skip
        assert model.objects.filter(supplier_id=sample).exists(), model.__name__
    assert SupplierIssue.objects.filter(pk=result.sample["issue_id"]).exists()

    with pytest.raises(NotEmpty):
        generate(scale=SCALE, seed=7)


def test_the_same_seed_makes_the_same_portfolio():
    prints = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            generate(scale=SCALE, seed=seed, as_of=timezone.localdate())
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_the_busiest_pages_render_for_the_manager():
    result = generate(scale=SCALE, seed=7)
    client = Client()
    assert client.login(username=result.users["manager"], password=PASSWORD)
    pages = [
        "/portfolio/",
        f"/suppliers/{result.sample['supplier_id']}/",
        "/alerts/",
        "/performance/",
        "/playbook/board/",
        "/issues/audit/",
        "/risk/",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
