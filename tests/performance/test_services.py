"""KPI sets, scorecards from the database, measurements and delivery lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partnerbook.performance import domain, services
from partnerbook.performance.models import DeliveryLine, KpiDefinition, Measurement
from partnerbook.relationship.services import record_interaction
from partnerbook.suppliers.models import Category
from tests.performance.conftest import delivery, may_deliveries

MAY = dt.date(2026, 5, 1)
ON_TIME = {
    "key": "on_time", "name": "On-time", "kind": "on_time", "direction": "higher", "unit": "%",
    "target": 95, "yellow_threshold": 95, "red_threshold": 85, "weight": 30,
}  # fmt: skip


def test_a_supplier_override_beats_its_category_which_beats_the_default(
    manager, buyer, supplier_a, category
):
    parent = Category.objects.create(name="Packaging parent")
    category.parent = parent
    category.save()
    services.define_kpi(manager, ON_TIME)
    services.define_kpi(manager, {**ON_TIME, "target": 97, "red_threshold": 80}, category=parent)
    services.define_kpi(manager, {**ON_TIME, "key": "cost", "name": "Cost", "kind": "custom"})
    supplier_a.refresh_from_db()

    assert {d.key: d.target for d in services.effective_definitions(supplier_a)} == {
        "on_time": 97, "cost": 95,
    }  # fmt: skip

    services.define_kpi(buyer, {**ON_TIME, "target": 99}, supplier=supplier_a)
    chosen = {d.key: d for d in services.effective_definitions(supplier_a)}
    assert chosen["on_time"].target == 99
    assert chosen["on_time"].scope_label == "supplier override"


def test_who_may_define_kpis(buyer, other_buyer, viewer, supplier_a):
    with pytest.raises(PermissionDenied):
        services.define_kpi(buyer, ON_TIME)  # defaults: managers and admins only
    with pytest.raises(PermissionDenied):
        services.define_kpi(other_buyer, ON_TIME, supplier=supplier_a)
    with pytest.raises(PermissionDenied):
        services.define_kpi(viewer, ON_TIME, supplier=supplier_a)
    assert not KpiDefinition.objects.exists()


def test_thresholds_that_do_not_fit_the_direction_are_refused(manager):
    with pytest.raises(ValidationError) as caught:
        services.define_kpi(manager, {**ON_TIME, "red_threshold": 99})

    assert "red_threshold" in caught.value.message_dict
    assert not KpiDefinition.objects.exists()


def test_updating_a_kpi_counts_versions_and_refuses_stale_edits(manager):
    definition = services.define_kpi(manager, ON_TIME)
    services.update_kpi(manager, definition, {"target": 96}, expected_version=1)

    assert definition.version == 2
    with pytest.raises(ValidationError):
        services.update_kpi(manager, definition, {"target": 90}, expected_version=1)
    definition.refresh_from_db()
    assert definition.target == 96
    assert definition.history.count() == 2


def test_the_scorecard_is_computed_from_delivery_lines_in_the_database(
    frozen, manager, supplier_a, standard_kpis
):
    rows = may_deliveries(supplier_a)
    rows.append(delivery(supplier_a, "zero", dt.date(2026, 5, 3), dt.date(2026, 5, 9), promised=0))
    rows.append(delivery(supplier_a, "open", dt.date(2026, 5, 3), None))
    rows.append(delivery(supplier_a, "short", dt.date(2026, 5, 3), dt.date(2026, 5, 3),
                         promised=10, received=8, rejected=2))  # fmt: skip
    services.save_deliveries(manager, rows)

    card, _ = services.scorecard(supplier_a, MAY)

    kpis = {k.key: k for k in card.current.kpis}
    assert kpis["on_time"].value == pytest.approx(100 * 47 / 51)
    assert kpis["in_full"].value == pytest.approx(100 * 50 / 51)
    assert kpis["acceptance"].value == pytest.approx(100 * (508 - 2) / 508)
    assert kpis["cost_variance"].value is None
    assert "Cost variance" in card.current.no_data
    # The same lines through the pure definitions give the same figures.
    pure = domain.delivery_totals(
        domain.Delivery(v["promised_on"], float(v["promised_qty"]), v["received_on"],
                        float(v["received_qty"]), float(v["rejected_qty"]))
        for _, _, v in rows
    )  # fmt: skip
    assert kpis["on_time"].value == domain.on_time_rate(pure)
    assert kpis["acceptance"].value == domain.acceptance_rate(pure)


def test_a_month_without_deliveries_has_no_data_not_zero(
    frozen, manager, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))

    card, _ = services.scorecard(supplier_a, dt.date(2026, 6, 1))

    june = {k.key: k for k in card.current.kpis}
    assert june["on_time"].value is None and june["on_time"].light is None
    assert card.current.overall is None and card.current.standing is None
    may = card.trailing[-2]
    assert may.label == "2026-05" and may.overall is not None


def test_quarters_add_up_months(frozen, manager, supplier_a, standard_kpis):
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=9, late=1))
    april = dt.date(2026, 4, 12)
    services.save_deliveries(manager, [delivery(supplier_a, "apr", april, april + dt.timedelta(3))])
    for day in (dt.date(2026, 4, 8), dt.date(2026, 5, 6), dt.date(2026, 5, 20)):
        record_interaction(
            manager, supplier_a,
            {"occurred_on": day, "channel": "call", "initiated_by": "supplier",
             "subject": "An idea", "tags": ["unsolicited_suggestion"]},
        )  # fmt: skip
    services.record_measurement(manager, supplier_a, "responsiveness", dt.date(2026, 4, 1), 10)
    services.record_measurement(manager, supplier_a, "responsiveness", dt.date(2026, 5, 1), 30)

    card, _ = services.scorecard(supplier_a, MAY, domain.QUARTER)

    kpis = {k.key: k.value for k in card.current.kpis}
    assert card.current.label == "2026 Q2"
    assert kpis["on_time"] == pytest.approx(9 / 11 * 100)
    assert kpis["innovation"] == 3
    assert kpis["responsiveness"] == 20


def test_the_scorecard_runs_a_fixed_number_of_queries(
    frozen, manager, supplier_a, standard_kpis, django_assert_max_num_queries
):
    start = dt.date(2021, 7, 1)
    lines = [
        DeliveryLine(
            po_line_id=f"bulk-{n}", supplier=supplier_a, ordered_on=start,
            promised_on=start + dt.timedelta(days=n % 1800),
            received_on=start + dt.timedelta(days=n % 1800 + n % 3), promised_qty=Decimal(5),
            received_qty=Decimal(5),
        )
        for n in range(5000)
    ]  # fmt: skip
    DeliveryLine.objects.bulk_create(lines)

    with django_assert_max_num_queries(6):
        card, _ = services.scorecard(supplier_a, MAY, trailing=60)

    assert len(card.trailing) == 60
    assert sum(p.overall is not None for p in card.trailing) > 50


def test_measurements_are_for_entered_kpis_and_past_months(
    frozen, buyer, manager, supplier_a, standard_kpis
):
    with pytest.raises(ValidationError) as caught:
        services.record_measurement(buyer, supplier_a, "on_time", MAY, 90)
    assert "computed" in caught.value.message_dict["kpi"][0]
    with pytest.raises(ValidationError) as caught:
        services.record_measurement(buyer, supplier_a, "nonsense", MAY, 90)
    assert "kpi" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_measurement(buyer, supplier_a, "cost_variance", dt.date(2026, 7, 1), 1)
    assert "period" in caught.value.message_dict

    first = services.record_measurement(
        buyer, supplier_a, "cost_variance", dt.date(2026, 5, 20), 1.5
    )
    again = services.record_measurement(buyer, supplier_a, "cost_variance", MAY, 2.5)

    assert first.pk == again.pk and again.version == 2 and again.value == 2.5
    assert again.period == MAY
    assert Measurement.objects.count() == 1


def test_other_buyers_and_viewers_cannot_enter_measurements(
    frozen, other_buyer, viewer, supplier_a, standard_kpis
):
    for user in (other_buyer, viewer):
        with pytest.raises(PermissionDenied):
            services.record_measurement(user, supplier_a, "cost_variance", MAY, 1)
    assert not Measurement.objects.exists()


def test_delivery_lines_are_idempotent_on_po_line_id(frozen, manager, supplier_a, supplier_b):
    day = dt.date(2026, 5, 4)
    first = services.save_deliveries(manager, [delivery(supplier_a, "PO-1", day, None)])
    second = services.save_deliveries(manager, [delivery(supplier_a, "PO-1", day, day)])
    third = services.save_deliveries(manager, [delivery(supplier_a, "PO-1", day, day)])

    assert (first.created, second.updated, third.unchanged) == (1, 1, 1)
    line = DeliveryLine.objects.get()
    assert line.received_on == day and line.version == 2
    assert line.history.count() == 2
    with pytest.raises(ValidationError):
        services.save_deliveries(manager, [delivery(supplier_b, "PO-1", day, day)])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_on": dt.date(2026, 3, 1)}, "received_on"),  # before the order
        ({"received_on": dt.date(2026, 6, 20)}, "received_on"),  # in the future
        ({"rejected_qty": Decimal(11)}, "rejected_qty"),
        ({"received_on": None}, "received_on"),  # a quantity without a date
    ],
)
def test_a_delivery_line_breaking_a_rule_is_refused(frozen, manager, supplier_a, change, field):
    _, po, values = delivery(supplier_a, "PO-9", dt.date(2026, 5, 4), dt.date(2026, 5, 4))

    with pytest.raises(ValidationError) as caught:
        services.record_delivery(manager, supplier_a, po, {**values, **change})

    assert field in caught.value.message_dict
    assert not DeliveryLine.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"promised_qty": Decimal(-1)},
        {"rejected_qty": Decimal(5), "received_qty": Decimal(2)},
        {"received_on": dt.date(2026, 1, 1)},
    ],
)
def test_the_database_enforces_the_delivery_rules(supplier_a, values):
    row = {
        "po_line_id": "X", "supplier": supplier_a, "ordered_on": dt.date(2026, 2, 1),
        "promised_on": dt.date(2026, 3, 1), "promised_qty": Decimal(1),
        "received_on": dt.date(2026, 3, 1), "received_qty": Decimal(5), **values,
    }  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliveryLine.objects.create(**row)


def test_installing_the_standard_kpis_twice_adds_nothing_the_second_time(manager, buyer):
    assert len(services.install_default_kpis(manager)) == len(services.DEFAULT_KPIS)
    assert services.install_default_kpis(manager) == []
    with pytest.raises(PermissionDenied):
        services.install_default_kpis(buyer)


def _poor_quarters(manager, supplier):
    """Q4 2025 and Q1 2026: 1 line of 4 on time, half of it rejected."""
    rows = []
    for month in (11, 12, 1, 2):
        year = 2025 if month > 6 else 2026
        promised = dt.date(year, month, 10)
        for n in range(4):
            received = promised if n == 0 else promised + dt.timedelta(days=5)
            rows.append(delivery(supplier, f"{supplier.pk}-{month}-{n}", promised, received,
                                 rejected=5))  # fmt: skip
    services.save_deliveries(manager, rows)


def test_two_poor_quarters_raise_an_alert_that_suggests_a_diagnosis_and_a_backup(
    frozen, manager, supplier_a, supplier_b, standard_kpis
):
    from partnerbook.alerts.models import Alert

    _poor_quarters(manager, supplier_a)
    services.save_deliveries(manager, may_deliveries(supplier_b))

    raised = services.check_red_quarters(dt.date(2026, 4, 2))

    alert = Alert.objects.get()
    assert raised == 1 and alert.supplier == supplier_a
    assert alert.kind == services.RED_QUARTERS_KIND
    assert "2025 Q4" in alert.summary and "2026 Q1" in alert.summary
    assert "capability, communication or incentives" in alert.summary
    assert "consider finding a backup" in alert.summary
    assert services.check_red_quarters(dt.date(2026, 4, 3)) == 0  # no second alert


def test_a_backup_on_the_reserve_list_is_named_instead(
    frozen, manager, supplier_a, supplier_b, standard_kpis
):
    from partnerbook.alerts.models import Alert

    _poor_quarters(manager, supplier_a)
    supplier_b.status = "reserve"
    supplier_b.save()

    services.check_red_quarters(dt.date(2026, 4, 2))

    assert f"Backup on the reserve list: {supplier_b.name}." in Alert.objects.get().summary


def test_one_poor_quarter_raises_nothing(frozen, manager, supplier_a, standard_kpis):
    from partnerbook.alerts.models import Alert

    _poor_quarters(manager, supplier_a)

    assert services.check_red_quarters(dt.date(2026, 7, 1)) == 0  # Q1 poor, Q2 no data
    assert not Alert.objects.exists()


def test_demo_deliveries_are_deterministic_and_idempotent(
    frozen, manager, supplier_a, standard_kpis
):
    first = services.demo_deliveries(manager, supplier_a, months=24, on_time_share=1.0)
    again = services.demo_deliveries(manager, supplier_a, months=24, on_time_share=1.0)

    assert first.created == 24 * 20 and again.created == again.updated == 0
    card, _ = services.scorecard(supplier_a, dt.date(2026, 5, 1))
    on_time = {k.key: k for k in card.current.kpis}["on_time"]
    assert on_time.value == 100


def test_a_batch_with_one_bad_line_writes_nothing(frozen, manager, supplier_a):
    day = dt.date(2026, 5, 4)
    good = delivery(supplier_a, "PO-1", day, day)
    bad = delivery(supplier_a, "PO-2", day, day, rejected=50)

    with pytest.raises(ValidationError) as caught:
        services.save_deliveries(manager, [good, bad])

    assert "PO-2" in caught.value.message_dict["rejected_qty"][0]
    assert not DeliveryLine.objects.exists()
