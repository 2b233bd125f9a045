"""The relationship part of the benchmark generator (bench/parts/relationship.py), run
small: what it makes, that the same seed makes the same portfolio, and that a recompute
over it scores suppliers with a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from bench.parts.relationship import portfolio as generate
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext

from partnerbook.relationship import domain, services
from partnerbook.relationship.models import (
    HealthSnapshot,
    Interaction,
    InteractionSignal,
    TrustEntry,
)
from partnerbook.suppliers.models import OwnerAssignment, Supplier

AS_OF = dt.date(2026, 3, 2)
pytestmark = pytest.mark.django_db


def test_generator_makes_the_portfolio_it_reports():
    result = generate(suppliers=30, interactions=3_000, seed=7, as_of=AS_OF, quiet=True)

    assert result.suppliers == Supplier.objects.count() == 30
    assert result.interactions == Interaction.objects.count() == 3_000
    assert result.signals == InteractionSignal.objects.count() > 0
    assert result.trust_entries == TrustEntry.objects.count() >= 3
    assert Supplier.objects.filter(status="active").count() >= 20
    assert not Supplier.objects.filter(external_id="").exists()

    interactions = Interaction.objects.all()
    assert interactions.filter(occurred_on__gt=AS_OF).count() == 0
    assert interactions.filter(occurred_on__lt=AS_OF - dt.timedelta(days=640)).count() == 0
    assert interactions.filter(channel="informal_checkin").count() > 0
    requests = interactions.exclude(request_side="")
    assert 150 <= requests.count() <= 600  # about 10%, drifting suppliers ask more
    assert requests.filter(answered_at__isnull=True).exists()  # some are unanswered
    assert not requests.filter(asked_at__isnull=True).exists()
    assert interactions.filter(sentiment__lt=0).exists()
    assert interactions.filter(sentiment__gt=0).exists()

    # signals copy their interaction's supplier, day and archived flag, with the right side
    signals = InteractionSignal.objects.select_related("interaction")
    assert not signals.exclude(
        supplier_id=F("interaction__supplier_id"),
        occurred_on=F("interaction__occurred_on"),
        archived=F("interaction__archived"),
    ).exists()
    for s in signals:
        i = s.interaction
        assert s.side == domain.signal_side(s.tag, i.initiated_by, i.request_side)
    # every request carries the request tag
    assert requests.filter(signals__tag="request").count() == requests.count()
    # about 40% carry one or two signal tags besides the request tag (drifters more)
    tagged = Counter(
        InteractionSignal.objects.exclude(tag="request").values_list("interaction_id", flat=True)
    )
    assert 0.3 * 3_000 <= len(tagged) <= 0.6 * 3_000
    assert set(tagged.values()) == {1, 2}

    # owner histories: one open spell per supplier, the supplier's owner is its owner;
    # some had several owners, and the rotating-door suppliers changed often lately
    per_supplier = Supplier.objects.annotate(
        spells=Count("owner_assignments"),
        open=Count("owner_assignments", filter=Q(owner_assignments__ended_at__isnull=True)),
    )
    assert all(s.spells >= 1 and s.open == 1 for s in per_supplier)
    assert any(s.spells >= 2 for s in per_supplier)
    for s in Supplier.objects.all():
        current = OwnerAssignment.objects.get(supplier=s, ended_at__isnull=True)
        assert current.owner_id == s.relationship_owner_id
    since = dt.datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=dt.UTC) - dt.timedelta(
        days=18 * 30
    )
    assert result.rotating
    for pk in result.rotating:
        assert OwnerAssignment.objects.filter(supplier_id=pk, started_at__gte=since).count() >= 3
    assert result.drifting


def test_recompute_over_the_portfolio_scores_suppliers_and_raises_alerts():
    result = generate(suppliers=30, interactions=3_000, seed=7, as_of=AS_OF, quiet=True)

    summary = services.recompute(AS_OF)

    watched = Supplier.objects.filter(status__in=services.WATCHED_STATUSES).count()
    assert summary.suppliers == watched == HealthSnapshot.objects.filter(as_of=AS_OF).count()
    assert summary.scored == watched
    assert summary.findings > 0
    assert summary.alerts_raised > 0
    found = Counter(
        (snap.supplier_id, f["signal"])
        for snap in HealthSnapshot.objects.filter(as_of=AS_OF)
        for f in snap.findings
    )
    assert {(pk, "owner_turnover") for pk in result.rotating} <= set(found)
    drifter = result.drifting[0]  # the first drifting supplier drifts in every way
    assert (drifter, "suggestions") in found or (drifter, "response_time") in found


def _fingerprint() -> list[tuple]:
    tags = Counter(InteractionSignal.objects.values_list("interaction_id", "tag"))
    rows = Interaction.objects.order_by("pk").values_list(
        "pk", "supplier__external_id", "occurred_on", "channel", "initiated_by", "notes",
        "request_side", "asked_at", "answered_at", "archived",
    )  # fmt: skip
    return [
        (*row[1:], sorted(tag for (pk, tag) in tags if pk == row[0]))
        for row in rows  # ids may differ between runs, the content must not
    ]


def test_the_same_seed_makes_the_same_portfolio():
    prints = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            generate(suppliers=6, interactions=300, seed=seed, as_of=AS_OF, quiet=True)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def _statement_kinds(queries: list[dict]) -> Counter:
    return Counter(q["sql"].lstrip().split(None, 1)[0].upper() for q in queries)


def _recompute_queries(suppliers: int, interactions: int) -> tuple[object, list[dict]]:
    with transaction.atomic():
        generate(suppliers=suppliers, interactions=interactions, seed=7, as_of=AS_OF, quiet=True)
        with CaptureQueriesContext(connection) as ctx:
            summary = services.recompute(AS_OF)
        transaction.set_rollback(True)
    return summary, ctx.captured_queries


def test_recompute_runs_a_fixed_number_of_queries_whatever_the_size():
    small, small_queries = _recompute_queries(12, 1_200)
    large, large_queries = _recompute_queries(30, 3_000)

    assert small.scored and large.scored > small.scored
    assert small.alerts_raised and large.alerts_raised
    small_kinds, large_kinds = _statement_kinds(small_queries), _statement_kinds(large_queries)
    writes = {"INSERT", "UPDATE", "DELETE"}
    # reads (and savepoints) are the same; writes may only differ by extra batches, and at
    # these sizes every write fits in one batch
    assert {k: n for k, n in small_kinds.items() if k not in writes} == {
        k: n for k, n in large_kinds.items() if k not in writes
    }
    assert len(small_queries) == len(large_queries), (small_kinds, large_kinds)
