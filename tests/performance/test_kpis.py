"""KPI definitions: the web pages to list, define and change them, the API to change one,
their baselines, the import and export of definitions and measurements, and the warning
when a supplier in poor standing is picked for new work."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerbook.core import registry
from partnerbook.performance import domain, kpi_io, services
from partnerbook.performance.models import KpiBaseline, KpiDefinition, Measurement
from tests.api import API, error_fields, token_client
from tests.performance.conftest import delivery, may_deliveries

from ..suppliers.test_import import csv_bytes, error_map, xlsx_bytes

JSON = "application/json"
NEW_KPI = {
    "key": "sustainability", "name": "Sustainability", "kind": "custom", "direction": "higher",
    "unit": "pts", "target": "80", "yellow_threshold": "60", "red_threshold": "40",
    "weight": "5", "core": "on",
}  # fmt: skip
KPI_DATA = {**NEW_KPI, "target": 80, "yellow_threshold": 60, "red_threshold": 40, "weight": 5,
            "core": True}  # fmt: skip


# --- pages ----------------------------------------------------------------------------------


def test_a_manager_defines_a_default_kpi_on_the_page_and_every_supplier_gets_it(
    frozen, login, manager, supplier_a, supplier_b
):
    client = login(manager)
    assert client.get(reverse("performance:kpi_create")).status_code == 200

    response = client.post(reverse("performance:kpi_create"), NEW_KPI)

    assert response.status_code == 302
    definition = KpiDefinition.objects.get(key="sustainability")
    assert (definition.category, definition.supplier, definition.weight) == (None, None, 5)
    for supplier in (supplier_a, supplier_b):
        keys = [d.key for d in services.effective_definitions(supplier)]
        assert "sustainability" in keys
    page = client.get(reverse("performance:kpis")).content.decode()
    assert "Sustainability" in page and f'id="kpi-{definition.pk}"' in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"red_threshold": "90"}, "red_threshold"),  # red above the target, higher is better
        ({"target": "lots"}, "target"),
        ({"key": "Bad Key"}, "key"),
        ({"weight": "-1"}, "weight"),
        ({"kind": "telepathy"}, "kind"),
    ],
)
def test_a_bad_definition_shows_the_field_error_and_saves_nothing(
    frozen, login, manager, change, field
):
    response = login(manager).post(reverse("performance:kpi_create"), {**NEW_KPI, **change})

    assert response.status_code == 400
    assert f'id="error-{field}"' in response.content.decode()
    assert not KpiDefinition.objects.exists()


def test_a_key_defined_twice_for_the_same_scope_is_refused(frozen, login, manager):
    client = login(manager)
    client.post(reverse("performance:kpi_create"), NEW_KPI)

    response = client.post(reverse("performance:kpi_create"), NEW_KPI)

    assert response.status_code == 400
    assert KpiDefinition.objects.count() == 1


def test_editing_a_kpi_keeps_its_key_and_refuses_a_stale_edit(
    frozen, login, manager, standard_kpis
):
    on_time = KpiDefinition.objects.get(key="on_time", supplier=None)
    client = login(manager)
    url = reverse("performance:kpi_edit", args=[on_time.pk])
    form = {**NEW_KPI, "key": "hijacked", "name": "On time (OTD)", "kind": "on_time",
            "unit": "%", "target": "97", "yellow_threshold": "95", "red_threshold": "85",
            "version": on_time.version}  # fmt: skip

    assert client.post(url, form).status_code == 302
    on_time.refresh_from_db()
    assert (on_time.key, on_time.name, on_time.target, on_time.version) == (
        "on_time",
        "On time (OTD)",
        97,
        2,
    )
    stale = client.post(url, {**form, "name": "Someone else's", "version": 1})
    assert stale.status_code == 409
    on_time.refresh_from_db()
    assert on_time.name == "On time (OTD)"


def test_only_managers_change_shared_kpis_and_buyers_override_their_own_suppliers(
    frozen, login, buyer, viewer, portal_user_a, supplier_a, supplier_b, standard_kpis
):
    on_time = KpiDefinition.objects.get(key="on_time", supplier=None)
    for user in (buyer, viewer):
        client = login(user)
        assert client.get(reverse("performance:kpi_create")).status_code == 403
        assert (
            client.post(reverse("performance:kpi_edit", args=[on_time.pk]), {}).status_code == 403
        )
    assert login(portal_user_a).get(reverse("performance:kpis")).status_code == 403

    client = login(buyer)
    own = reverse("performance:supplier_kpi_create", args=[supplier_a.pk])
    page = client.get(own + "?key=on_time").content.decode()
    assert 'value="on_time"' in page  # starts from the definition that applies now
    override = {
        **NEW_KPI, "key": "on_time", "kind": "on_time", "name": "On-time (strict)",
        "unit": "%", "target": "99", "yellow_threshold": "97", "red_threshold": "90",
    }  # fmt: skip
    assert client.post(own, override).status_code == 302
    other = reverse("performance:supplier_kpi_create", args=[supplier_b.pk])
    assert client.post(other, override).status_code == 403
    strict = {d.key: d for d in services.effective_definitions(supplier_a)}["on_time"]
    assert (strict.supplier, strict.target) == (supplier_a, 99)
    assert {d.key: d for d in services.effective_definitions(supplier_b)}["on_time"].target == 95


def test_the_definitions_page_lists_suppliers_with_too_many_core_kpis(
    frozen, login, manager, viewer, supplier_a, supplier_b, standard_kpis
):
    for n in range(8):
        services.define_kpi(manager, {**KPI_DATA, "key": f"extra_{n}"}, supplier=supplier_b)

    page = login(viewer).get(reverse("performance:kpis")).content.decode()

    guard = page[page.index('id="kpi-guard"') :].split("</section>")[0]
    # 5 core defaults + 8 of its own: 13 > 10.
    assert "Beta Boxes</a>: 13 core KPIs" in guard and "Alpha" not in guard


# --- API ------------------------------------------------------------------------------------


def test_the_api_changes_a_kpi_and_names_the_field_on_bad_input(
    frozen, manager, viewer, standard_kpis
):
    on_time = KpiDefinition.objects.get(key="on_time", supplier=None)
    client = token_client(manager)
    url = f"{API}/kpis/{on_time.pk}"

    ok = client.patch(url, {"weight": 40, "version": 1}, content_type=JSON)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["weight"] == 40 and ok.json()["version"] == 2
    stale = client.patch(url, {"weight": 10, "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    bad = client.patch(url, {"red_threshold": 99}, content_type=JSON)
    assert bad.status_code == 400 and "red_threshold" in error_fields(bad)
    null = client.patch(url, {"name": None}, content_type=JSON)
    assert null.status_code == 422 and "name" in error_fields(null)
    denied = token_client(viewer).patch(url, {"weight": 1}, content_type=JSON)
    assert denied.status_code == 403
    on_time.refresh_from_db()
    assert (on_time.weight, on_time.version) == (40, 2)


def test_the_api_hides_other_suppliers_overrides(
    frozen, manager, buyer, other_buyer, supplier_a, supplier_b, standard_kpis
):
    override = services.define_kpi(
        manager, KPI_DATA,
        supplier=supplier_b,
    )  # fmt: skip
    response = token_client(buyer).patch(
        f"{API}/kpis/{override.pk}", {"weight": 1}, content_type=JSON
    )
    assert response.status_code == 403  # buyers see every supplier, but change only their own
    assert (
        token_client(other_buyer)
        .patch(f"{API}/kpis/{override.pk}", {"weight": 2}, content_type=JSON)
        .status_code
        == 200
    )


# --- baselines ------------------------------------------------------------------------------


def test_a_kpi_gets_its_baseline_from_the_twelve_months_before_it_was_defined(
    frozen, manager, supplier_a, supplier_b
):
    # 2025-08: 3 of 4 on time; 2025-05 is outside the 12 months before June 2026.
    august = dt.date(2025, 8, 10)
    rows = [delivery(supplier_a, f"A-{n}", august, august) for n in range(3)]
    rows.append(delivery(supplier_a, "A-late", august, august + dt.timedelta(days=3)))
    rows.append(delivery(supplier_a, "A-old", dt.date(2025, 5, 10), dt.date(2025, 5, 20)))
    services.save_deliveries(manager, rows)

    services.install_default_kpis(manager)

    baseline = KpiBaseline.objects.get(supplier=supplier_a, kpi_key="on_time")
    assert baseline.value == pytest.approx(75.0)
    assert "3 of 4 lines" in baseline.basis
    assert (baseline.window_start, baseline.window_end) == (
        dt.date(2025, 6, 1),
        dt.date(2026, 6, 1),
    )
    assert KpiBaseline.objects.get(supplier=supplier_b, kpi_key="on_time").value is None
    assert KpiBaseline.objects.get(supplier=supplier_a, kpi_key="cost_variance").value is None


def test_a_baseline_is_kept_once_and_does_not_move(frozen, manager, supplier_a, standard_kpis):
    first = KpiBaseline.objects.get(supplier=supplier_a, kpi_key="on_time")
    services.save_deliveries(manager, may_deliveries(supplier_a))

    measured = services.ensure_all_baselines()

    assert measured == 0
    assert KpiBaseline.objects.get(supplier=supplier_a, kpi_key="on_time") == first
    assert KpiBaseline.objects.get(pk=first.pk).value is None


def test_a_new_supplier_gets_its_baselines_from_the_nightly_job(
    frozen, manager, category, standard_kpis
):
    from partnerbook.suppliers import services as supplier_services

    late = supplier_services.create_supplier(
        manager, {"name": "Late Arrival", "category": category}
    )
    assert not KpiBaseline.objects.filter(supplier=late).exists()

    services.ensure_all_baselines()

    assert KpiBaseline.objects.filter(supplier=late).count() == len(services.DEFAULT_KPIS)


def test_the_baseline_shows_on_the_page_and_in_the_api(frozen, login, manager, viewer, supplier_a):
    march = dt.date(2026, 3, 10)
    services.save_deliveries(manager, [delivery(supplier_a, "A-1", march, march)])
    services.install_default_kpis(manager)

    api = token_client(viewer).get(f"{API}/suppliers/{supplier_a.pk}/scorecard").json()
    page = login(viewer).get(reverse("performance:supplier", args=[supplier_a.pk]))

    on_time = next(k for k in api["kpis"] if k["key"] == "on_time")
    assert on_time["baseline"] == 100.0 and "1 of 1 lines" in on_time["baseline_basis"]
    assert page.context["baselines"]["on_time"].value == 100.0
    cell = page.content.decode().split('id="baseline-on_time"')[1].split("</td>")[0]
    assert "100 %" in cell and "1 of 1 lines" in cell


def test_the_baseline_definition_averages_entered_months_and_pools_deliveries():
    months = [
        domain.PeriodData(dt.date(2026, 1, 1), domain.DeliveryTotals(4, 4, 4, 40, 0), {"x": 2.0}),
        domain.PeriodData(dt.date(2026, 2, 1), domain.DeliveryTotals(), {}),
        domain.PeriodData(dt.date(2026, 3, 1), domain.DeliveryTotals(6, 0, 6, 60, 0), {"x": 4.0}),
    ]

    assert domain.baseline("on_time", "on_time", months).value == pytest.approx(40.0)
    assert domain.baseline("innovation", "x", months).value == pytest.approx(3.0)
    assert domain.baseline("custom", "y", months).value is None
    assert domain.baseline("on_time", "on_time", months[1:2]).value is None


# --- import and export ----------------------------------------------------------------------

KPI_HEADER = list(kpi_io.KPI_COLUMNS)


def kpi_row(**cells: str) -> list[str]:
    base = {"key": "sustainability", "name": "Sustainability", "kind": "custom",
            "direction": "higher", "unit": "pts", "target": "80", "yellow_threshold": "60",
            "red_threshold": "40", "weight": "5", "core": "yes"}  # fmt: skip
    base.update(cells)
    return [base.get(column, "") for column in KPI_HEADER]


def test_kpi_definitions_round_trip_through_export_and_import(
    frozen, login, manager, supplier_a, category, standard_kpis
):
    services.define_kpi(manager, KPI_DATA, category=category)
    services.define_kpi(manager, {**KPI_DATA, "key": "own"}, supplier=supplier_a)
    before = list(KpiDefinition.objects.order_by("pk").values_list())

    exported = login(manager).get(reverse("performance:kpi_export", args=["csv"]))
    result = kpi_io.import_kpis(manager, exported.content, "kpis.csv")

    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {r["category"] for r in rows} == {"", "Packaging"}
    assert result.applied and (result.created, result.updated) == (0, 0), result.errors
    assert result.unchanged == len(before)
    assert list(KpiDefinition.objects.order_by("pk").values_list()) == before


def test_a_kpi_file_creates_updates_and_measures_baselines(frozen, manager, supplier_a):
    content = xlsx_bytes([KPI_HEADER, kpi_row(), kpi_row(key="own", external_id="ERP-A")])

    result = kpi_io.import_kpis(manager, content, "kpis.xlsx")
    again = kpi_io.import_kpis(manager, csv_bytes([KPI_HEADER, kpi_row(weight="9")]), "kpis.csv")

    assert (result.created, again.updated) == (2, 1), (result.errors, again.errors)
    assert KpiDefinition.objects.get(key="own").supplier == supplier_a
    assert KpiDefinition.objects.get(key="sustainability", supplier=None).weight == 9
    assert KpiBaseline.objects.filter(supplier=supplier_a, kpi_key="own").exists()


def test_a_kpi_file_with_errors_changes_nothing_and_says_where(frozen, manager, buyer, supplier_a):
    content = csv_bytes(
        [
            KPI_HEADER,
            kpi_row(),
            kpi_row(key="Bad Key"),
            kpi_row(key="k2", direction="sideways"),
            kpi_row(key="k3", red_threshold="95"),
            kpi_row(key="k4", category="Nowhere"),
            kpi_row(key="k5", external_id="ERP-NOPE"),
            kpi_row(),  # the same KPI again
            kpi_row(key="k6", target="12,5x"),
            kpi_row(key="k7", category="Packaging", external_id="ERP-A"),
        ]
    )

    result = kpi_io.import_kpis(manager, content, "kpis.csv")

    errors = error_map(result)
    assert result.blocked and not KpiDefinition.objects.exists()
    expected = {
        (3, "key"), (4, "direction"), (5, "red_threshold"), (6, "category"),
        (7, "external_id"), (8, "key"), (9, "target"), (10, "category"),
    }  # fmt: skip
    assert expected <= set(errors)
    assert "Row 2" in errors[8, "key"]
    with pytest.raises(PermissionDenied):  # importing is for managers and administrators
        kpi_io.import_kpis(buyer, csv_bytes([KPI_HEADER, kpi_row()]), "kpis.csv")


MEASURE_HEADER = list(kpi_io.MEASUREMENT_COLUMNS)


def test_measurements_import_in_bulk_idempotently_and_round_trip(
    frozen, login, manager, supplier_a, supplier_b, standard_kpis, django_assert_max_num_queries
):
    rows = [MEASURE_HEADER]
    for month in range(1, 6):
        rows.append(["ERP-A", "", "cost_variance", f"2026-{month:02d}", str(month / 2)])
        rows.append(["", "Beta Boxes", "responsiveness", f"2026-{month:02d}", "30"])
    content = csv_bytes(rows)

    with django_assert_max_num_queries(40):
        first = kpi_io.import_measurements(manager, content, "m.csv")
    again = kpi_io.import_measurements(manager, content, "m.csv")
    exported = login(manager).get(
        reverse("performance:supplier_data_export", args=[supplier_a.pk, "measurements", "csv"])
    )
    round_trip = kpi_io.import_measurements(manager, exported.content, "m.csv")

    assert first.created == 10, first.errors
    assert (again.created, again.unchanged) == (0, 10)
    assert round_trip.unchanged == 5 and not round_trip.errors
    value = Measurement.objects.get(supplier=supplier_a, period=dt.date(2026, 4, 1)).value
    assert value == 2.0
    card, _ = services.scorecard(supplier_a, dt.date(2026, 4, 1))
    assert next(k for k in card.current.kpis if k.key == "cost_variance").value == 2.0


def test_a_measurements_file_with_errors_changes_nothing(
    frozen, manager, supplier_a, standard_kpis
):
    content = csv_bytes(
        [
            MEASURE_HEADER,
            ["ERP-A", "", "cost_variance", "2026-03", "1.5"],
            ["ERP-A", "", "on_time", "2026-03", "90"],  # computed from deliveries
            ["ERP-A", "", "nonsense", "2026-03", "1"],
            ["ERP-A", "", "cost_variance", "2026-13", "1"],
            ["ERP-A", "", "cost_variance", "2026-09", "1"],  # the future
            ["ERP-A", "", "cost_variance", "2026-02", "lots"],
            ["ERP-NOPE", "", "cost_variance", "2026-02", "1"],
            ["ERP-A", "", "cost_variance", "2026-03", "2"],  # row 2 again
            ["ERP-A", "", "cost_variance", "2026-01", "-1e40"],
        ]
    )

    result = kpi_io.import_measurements(manager, content, "m.csv")

    errors = error_map(result)
    assert result.blocked and not Measurement.objects.exists()
    assert {(3, "kpi"), (4, "kpi"), (5, "month"), (6, "month"), (7, "value"),
            (8, "external_id"), (9, "month"), (10, "value")} <= set(errors)  # fmt: skip
    assert "computed" not in errors[3, "kpi"] or "not entered" in errors[3, "kpi"]
    valid = kpi_io.import_measurements(manager, content, "m.csv", valid_only=True)
    assert valid.created == 1 and Measurement.objects.count() == 1


def test_the_deliveries_export_reads_back_unchanged(frozen, login, manager, supplier_a):
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=3, late=1))
    from partnerbook.performance.imports import import_deliveries

    exported = login(manager).get(
        reverse("performance:supplier_data_export", args=[supplier_a.pk, "deliveries", "xlsx"])
    )
    result = import_deliveries(manager, exported.content, "d.xlsx")

    assert exported.status_code == 200
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4), result.errors


def test_exports_are_for_internal_users_and_visible_suppliers(
    frozen, login, portal_user_a, viewer, supplier_a
):
    url = reverse("performance:supplier_data_export", args=[supplier_a.pk, "deliveries", "csv"])
    assert login(portal_user_a).get(url).status_code == 403
    assert login(viewer).get(url).status_code == 200
    bad = reverse("performance:supplier_data_export", args=[supplier_a.pk, "secrets", "csv"])
    assert login(viewer).get(bad).status_code == 404
    assert login(viewer).get(reverse("performance:kpi_export", args=["pdf"])).status_code == 404


def test_the_import_kinds_are_registered_for_the_import_page_and_cli():
    assert registry.import_kind("kpis").columns == kpi_io.KPI_COLUMNS
    assert registry.import_kind("measurements").columns == kpi_io.MEASUREMENT_COLUMNS


# --- poor standing where a supplier is picked for new work ----------------------------------


def _poor_quarter(manager, supplier):
    """Q1 2026: every line two weeks late and short: poor."""
    day = dt.date(2026, 2, 10)
    rows = [
        delivery(supplier, f"{supplier.pk}-q1-{n}", day, day + dt.timedelta(days=14), received=5)
        for n in range(5)
    ]
    services.save_deliveries(manager, rows)


def test_a_poor_supplier_warns_on_its_status_form_and_when_moved_to_new_work(
    frozen, login, manager, supplier_a, supplier_b, standard_kpis
):
    _poor_quarter(manager, supplier_b)  # Beta is in pilot: it may move to active
    client = login(manager)

    page = client.get(reverse("suppliers:detail", args=[supplier_b.pk])).content.decode()
    moved = client.post(
        reverse("suppliers:change_status", args=[supplier_b.pk]),
        {"status": "active", "note": "pilot went fine",
         # The decision checklist is not the point here: a manager overrides it.
         "override_reason": "Checklist is tested elsewhere; this test is about warnings."},
        follow=True,
    ).content.decode()  # fmt: skip

    assert 'id="pick-warning-1"' in page and "Poor performance standing in 2026 Q1" in page
    assert "red: On-time, In-full" in page
    assert "Poor performance standing in 2026 Q1" in moved  # a warning, not a refusal
    supplier_b.refresh_from_db()
    assert supplier_b.status == "active"


def test_a_supplier_without_poor_standing_shows_no_warning(
    frozen, login, manager, supplier_b, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_b))
    page = login(manager).get(reverse("suppliers:detail", args=[supplier_b.pk])).content.decode()
    assert "pick-warning" not in page
    assert services.poor_standing([supplier_b]) == {}


def test_the_portfolio_lists_poor_suppliers_and_filters_on_them(
    frozen, login, manager, viewer, supplier_a, supplier_b, standard_kpis
):
    _poor_quarter(manager, supplier_b)
    services.save_deliveries(manager, may_deliveries(supplier_a))
    client = login(viewer)

    page = client.get(
        reverse("performance:portfolio") + "?granularity=quarter&period=2026-02"
    ).content.decode()
    only_poor = client.get(
        reverse("performance:portfolio") + "?granularity=quarter&period=2026-02&show=poor"
    ).content.decode()

    poor = page[page.index('id="poor-standing"') :].split("</section>")[0]
    assert "Beta Boxes" in poor and "Alpha" not in poor
    table = only_poor[only_poor.index('id="portfolio-table"') :]
    assert f'id="supplier-{supplier_b.pk}"' in table
    assert f'id="supplier-{supplier_a.pk}"' not in table


def test_a_supplier_back_from_the_reserve_is_judged_by_its_last_scored_quarter(
    frozen, manager, supplier_b, standard_kpis
):
    august = dt.date(2025, 8, 10)  # 2025 Q3: three quarters before the last complete one
    rows = [
        delivery(supplier_b, f"B-{n}", august, august + dt.timedelta(days=14), received=5)
        for n in range(4)
    ]
    services.save_deliveries(manager, rows)

    warning = services.poor_standing([supplier_b])[supplier_b.pk]

    assert "Poor performance standing in 2025 Q3" in warning


def test_a_poor_quarter_older_than_a_year_no_longer_warns(
    frozen, manager, supplier_b, standard_kpis
):
    february = dt.date(2025, 2, 10)  # 2025 Q1: outside the last four complete quarters
    rows = [
        delivery(supplier_b, f"B-{n}", february, february + dt.timedelta(days=14), received=5)
        for n in range(4)
    ]
    services.save_deliveries(manager, rows)

    assert services.poor_standing([supplier_b]) == {}


# --- innovation counted from the relationship log -------------------------------------------


def _log(manager, supplier, day, tags, side="supplier"):
    from partnerbook.relationship.services import record_interaction

    return record_interaction(
        manager, supplier,
        {"occurred_on": day, "channel": "meeting", "initiated_by": side, "subject": "Talk",
         "tags": tags},
    )  # fmt: skip


def test_innovation_counts_the_suppliers_logged_suggestions_and_nothing_logged_is_no_data(
    frozen, manager, supplier_a, supplier_b, standard_kpis
):
    may = dt.date(2026, 5, 12)
    _log(manager, supplier_a, may, ["unsolicited_suggestion"])
    _log(manager, supplier_a, may, ["unsolicited_suggestion"])
    _log(manager, supplier_a, may, [])  # a plain meeting: no suggestion
    _log(manager, supplier_b, may, [])  # listened, heard nothing new: zero, not no data
    archived = _log(manager, supplier_a, may, ["unsolicited_suggestion"])
    from partnerbook.relationship.services import set_interaction_archived

    set_interaction_archived(manager, archived, True)

    a = {k.key: k for k in services.scorecard(supplier_a, may)[0].current.kpis}["innovation"]
    b = {k.key: k for k in services.scorecard(supplier_b, may)[0].current.kpis}["innovation"]
    april = {k.key: k for k in services.scorecard(supplier_a, dt.date(2026, 4, 1))[0].current.kpis}

    assert a.value == 2 and "from the relationship log" in a.explanation
    assert b.value == 0 and b.score == 0  # at the red threshold: yellow, no points
    assert april["innovation"].value is None
    assert "no interactions logged" in april["innovation"].explanation


def test_a_kpi_counted_from_the_log_cannot_be_entered(frozen, manager, supplier_a, standard_kpis):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.record_measurement(manager, supplier_a, "innovation", dt.date(2026, 5, 1), 3)

    assert "relationship log" in str(caught.value)
    assert not Measurement.objects.exists()
