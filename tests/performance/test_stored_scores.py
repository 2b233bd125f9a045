"""Each supplier's scored period is stored for the list pages (services.StoredScore): the
stored figure is the freshly computed one, explanations included, and a change through a
service shows at once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from partnerbook.performance import domain, services
from partnerbook.performance.models import StoredScore
from partnerbook.suppliers.models import Category, Supplier
from tests.performance.conftest import delivery, may_deliveries

MAY = dt.date(2026, 5, 1)


def _stored(supplier: Supplier, start: dt.date = MAY, granularity: str = domain.MONTH):
    scope = Supplier.objects.filter(pk=supplier.pk)
    row = services.stored_portfolio(scope, start, granularity).rows.get()
    return services.portfolio_row(row)


def _fresh(supplier: Supplier, start: dt.date = MAY, granularity: str = domain.MONTH):
    return services.portfolio([supplier], start, granularity)[0]


def _row_html(client, supplier: Supplier, query: str = "?period=2026-05") -> str:
    html = client.get(reverse("performance:portfolio") + query).content.decode()
    return html[html.index(f'id="supplier-{supplier.pk}"') :].split("</tr>")[0]


def test_the_stored_score_is_the_freshly_computed_one_explanations_included(
    frozen, manager, supplier_a, supplier_b, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=40, late=10))
    services.record_measurement(manager, supplier_a, "cost_variance", MAY, 3.5)
    for n in range(9):  # supplier_b: too many core KPIs, none with data
        services.define_kpi(manager, {
            "key": f"extra_{n}", "name": f"Extra {n}", "kind": "custom", "direction": "higher",
            "target": 10, "yellow_threshold": 5, "red_threshold": 0,
        }, supplier=supplier_b)  # fmt: skip
    bare = Supplier.objects.create(name="Gamma (no data)", status="active")

    everyone = Supplier.objects.all()
    for granularity in (domain.MONTH, domain.QUARTER):
        start = domain.period_start(MAY, granularity)
        stored = services.stored_portfolio(everyone, start, granularity)
        rows = [services.portfolio_row(s) for s in stored.rows]
        fresh = services.portfolio(list(everyone.order_by("name", "pk")), start, granularity)
        assert [r.supplier.pk for r in rows] == [r.supplier.pk for r in fresh]
        for kept, computed in zip(rows, fresh, strict=True):
            assert kept.score == computed.score  # every figure and every explanation
            assert kept.guard == computed.guard and kept.core_count == computed.core_count
        assert stored.counts["all"] == 3 and stored.counts["guard"] == 1

    kept = {k.key: k for k in _stored(supplier_a).score.kpis}
    assert kept["on_time"].explanation.startswith("On-time 80 % (40 of 50 lines)")
    assert (
        _stored(bare).score.overall is None and "no data" in _stored(bare).score.kpis[0].explanation
    )


def test_a_change_through_a_service_shows_at_once(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=50, late=0))
    client = login(viewer)
    assert "50 of 50 lines" in _row_html(client, supplier_a)  # stored now
    assert StoredScore.objects.filter(supplier=supplier_a).count() == 1

    # A delivery line late: on-time falls (the import path writes through the same service).
    late = dt.date(2026, 5, 20)
    services.save_deliveries(
        manager, [delivery(supplier_a, "late-1", late, late + dt.timedelta(3))]
    )
    assert _stored(supplier_a) == _fresh(supplier_a)
    assert "50 of 51 lines" in _row_html(client, supplier_a)

    # An entered value.
    services.record_measurement(manager, supplier_a, "cost_variance", MAY, 9)
    assert "Cost variance 9 %" in _row_html(client, supplier_a)
    assert _stored(supplier_a) == _fresh(supplier_a)

    # A default KPI's threshold: every supplier's score moves.
    on_time = next(d for d in services.effective_definitions(supplier_a) if d.key == "on_time")
    services.update_kpi(manager, on_time, {"target": 99, "yellow_threshold": 99})
    assert "against a 99 % target" in _row_html(client, supplier_a)
    assert _stored(supplier_a) == _fresh(supplier_a)

    # The supplier's own override.
    services.define_kpi(manager, {
        "key": "in_full", "name": "In full (own)", "kind": "in_full", "direction": "higher",
        "unit": "%", "target": 90, "yellow_threshold": 80, "red_threshold": 70, "weight": 40,
    }, supplier=supplier_a)  # fmt: skip
    assert "In full (own)" in _row_html(client, supplier_a)
    assert _stored(supplier_a) == _fresh(supplier_a)


def test_a_new_category_kpi_and_a_supplier_moved_to_another_category_show_at_once(
    frozen, login, viewer, manager, supplier_a, category, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    client = login(viewer)
    assert "Cartons" not in _row_html(client, supplier_a)
    other = Category.objects.create(name="Cartons")
    services.define_kpi(manager, {
        "key": "carton_quality", "name": "Cartons quality", "kind": "custom",
        "direction": "higher", "target": 10, "yellow_threshold": 5, "red_threshold": 0,
    }, category=other)  # fmt: skip
    supplier_a.category = other
    supplier_a.save()
    row = _row_html(client, supplier_a)
    assert "Cartons" in row  # the category column, from the same stored row
    assert _stored(supplier_a) == _fresh(supplier_a)
    assert any(k.key == "carton_quality" for k in _stored(supplier_a).score.kpis)


def test_a_logged_suggestion_shows_at_once(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    from partnerbook.relationship.services import record_interaction, set_interaction_archived

    before = {k.key: k for k in _stored(supplier_a).score.kpis}["innovation"]
    assert before.value is None
    talk = record_interaction(
        manager, supplier_a,
        {"occurred_on": dt.date(2026, 5, 12), "channel": "meeting", "initiated_by": "supplier",
         "subject": "Idea", "tags": ["unsolicited_suggestion"]},
    )  # fmt: skip
    assert {k.key: k for k in _stored(supplier_a).score.kpis}["innovation"].value == 1
    set_interaction_archived(manager, talk, True)
    assert {k.key: k for k in _stored(supplier_a).score.kpis}["innovation"].value is None
    assert _stored(supplier_a) == _fresh(supplier_a)


def test_the_supplier_list_column_reads_the_stored_scores(
    frozen, manager, supplier_a, supplier_b, standard_kpis, django_assert_max_num_queries
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    with frozen_in_may():
        found = services.standings([supplier_a, supplier_b])
        assert found[supplier_a.pk] == _fresh(supplier_a).score
        with django_assert_max_num_queries(2):  # all stored: the check and the read
            assert services.standings([supplier_a, supplier_b]) == found


class frozen_in_may:  # noqa: N801 - used as a context manager
    """Today in May 2026, so that "this month" has the May deliveries."""

    def __enter__(self) -> None:
        import time_machine

        self.travel = time_machine.travel(dt.datetime(2026, 5, 28, 12, tzinfo=dt.UTC), tick=False)
        self.travel.start()

    def __exit__(self, *args: object) -> None:
        self.travel.stop()


def test_the_daily_refresh_scores_every_supplier_afresh(
    frozen, manager, supplier_a, supplier_b, standard_kpis
):
    from partnerbook.performance import tasks

    services.save_deliveries(manager, may_deliveries(supplier_a))
    june = dt.date(2026, 6, 1)
    services.stored_portfolio(Supplier.objects.all(), june, domain.MONTH)
    # A change that bypassed the services (a raw bulk update): the stored score is stale...
    StoredScore.objects.filter(supplier=supplier_a).update(overall=1.0, standing="poor")

    assert tasks.refresh_scores.call() == {domain.MONTH: 2, domain.QUARTER: 2}

    # ...until the daily refresh.
    kept = StoredScore.objects.get(supplier=supplier_a, granularity=domain.MONTH, start=june)
    assert services.portfolio_row(kept) == _fresh(supplier_a, june)
    assert kept.overall != 1.0
