"""The Performance tab: scorecard, lights, explanations, no data, the guard, health beside
it, entering measurements, the export; permissions and bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerbook.performance import services
from partnerbook.performance.models import DeliveryLine, Measurement
from partnerbook.relationship.models import HealthSnapshot
from tests.performance.conftest import may_deliveries


def page(supplier, **query):
    url = reverse("performance:supplier", args=[supplier.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_tab_shows_lights_explanations_score_and_standing(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))

    response = login(viewer).get(page(supplier_a, period="2026-05"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "On-time 92 % (46 of 50 lines) against a 95 % target: yellow" in html
    assert 'class="badge light-yellow"' in html
    assert 'id="standing"' in html
    assert "Cost variance: no data for this period" in html
    assert "No data this period:" in html
    assert 'aria-current="page">Performance<' in html


def test_the_tab_says_no_data_for_a_month_without_deliveries(
    frozen, login, viewer, supplier_a, standard_kpis
):
    html = login(viewer).get(page(supplier_a)).content.decode()

    assert "Overall score:" in html and "<strong>no data</strong>" in html
    assert "0 %" not in html and "100 %" not in html


def test_the_quarter_toggle_shows_the_quarter(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))

    html = login(viewer).get(page(supplier_a, granularity="quarter")).content.decode()

    assert "Scorecard · 2026 Q2" in html
    assert 'id="show-month"' in html
    assert "2025 Q3" in html  # the trailing quarters


def test_health_is_shown_beside_the_scorecard_not_in_it(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    HealthSnapshot.objects.create(supplier=supplier_a, as_of=frozen, score=31, light="red")
    without_health, _ = services.scorecard(supplier_a, dt.date(2026, 5, 1))

    html = login(viewer).get(page(supplier_a, period="2026-05")).content.decode()

    assert 'id="health-beside"' in html and ">31<" in html
    with_health, _ = services.scorecard(supplier_a, dt.date(2026, 5, 1))
    assert with_health.current.overall == without_health.current.overall


def test_the_guard_warns_about_too_many_core_kpis(frozen, login, viewer, manager, supplier_a):
    for n in range(11):
        services.define_kpi(manager, {
            "key": f"custom_{n}", "name": f"Custom {n}", "kind": "custom", "direction": "higher",
            "target": 10, "yellow_threshold": 5, "red_threshold": 0, "weight": 1,
        })  # fmt: skip

    html = login(viewer).get(page(supplier_a)).content.decode()

    assert 'id="kpi-guard"' in html and "11 core KPIs" in html


def test_without_kpis_managers_can_set_up_the_standard_ones(
    frozen, login, manager, viewer, supplier_a
):
    assert 'id="no-kpis"' in login(viewer).get(page(supplier_a)).content.decode()
    url = reverse("performance:install_defaults", args=[supplier_a.pk])

    assert login(viewer).post(url).status_code == 403
    assert login(manager).post(url).status_code == 302
    assert 'id="kpi-table"' in login(viewer).get(page(supplier_a)).content.decode()


def test_the_owner_enters_a_measurement(frozen, login, buyer, supplier_a, standard_kpis):
    url = reverse("performance:measurement_create", args=[supplier_a.pk])

    response = login(buyer).post(url, {"kpi": "cost_variance", "period": "2026-05", "value": "1.5"})

    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.period, measurement.value, measurement.entered_by) == (
        dt.date(2026, 5, 1), 1.5, buyer,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kpi": "cost_variance", "period": "May 2026", "value": "1"}, "period"),
        ({"kpi": "cost_variance", "period": "2026-13", "value": "1"}, "period"),
        ({"kpi": "cost_variance", "period": "2026-09", "value": "1"}, "period"),  # future
        ({"kpi": "cost_variance", "period": "2026-05", "value": "many"}, "value"),
        ({"kpi": "on_time", "period": "2026-05", "value": "1"}, "kpi"),  # computed
    ],
)
def test_a_bad_measurement_shows_field_errors_and_saves_nothing(
    frozen, login, buyer, supplier_a, standard_kpis, data, field
):
    url = reverse("performance:measurement_create", args=[supplier_a.pk])

    response = login(buyer).post(url, data)

    assert response.status_code == 400
    assert f'id="error-{field}"' in response.content.decode()
    assert not Measurement.objects.exists()


def test_permissions_of_the_tab(
    frozen, login, client, viewer, other_buyer, portal_user_a, supplier_a, standard_kpis
):
    url = reverse("performance:measurement_create", args=[supplier_a.pk])
    data = {"kpi": "cost_variance", "period": "2026-05", "value": "1"}

    assert client.get(page(supplier_a)).status_code == 302  # sign in first
    assert login(portal_user_a).get(page(supplier_a)).status_code == 403
    assert login(viewer).post(url, data).status_code == 403
    assert login(other_buyer).post(url, data).status_code == 403
    assert login(viewer).get(url).status_code == 405
    assert 'id="measurement-form"' not in login(viewer).get(page(supplier_a)).content.decode()
    assert (
        login(viewer).get(page(supplier_a).replace(str(supplier_a.pk), "999999")).status_code == 404
    )
    assert not Measurement.objects.exists()


def test_the_export_has_a_row_per_period_and_kpi(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    url = reverse("performance:export", args=[supplier_a.pk, "csv"]) + "?period=2026-05"

    response = login(viewer).get(url)

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response.status_code == 200
    assert len(lines) == 1 + 12 * len(services.DEFAULT_KPIS)
    assert (
        login(viewer).get(reverse("performance:export", args=[supplier_a.pk, "pdf"])).status_code
        == 404
    )
    assert (
        login(viewer).get(reverse("performance:export", args=[supplier_a.pk, "xlsx"])).status_code
        == 200
    )


def test_the_tab_runs_a_fixed_number_of_queries_with_five_years_of_data(
    frozen, login, viewer, supplier_a, standard_kpis, django_assert_max_num_queries
):
    start = dt.date(2021, 6, 1)
    DeliveryLine.objects.bulk_create(
        DeliveryLine(
            po_line_id=f"L{n}", supplier=supplier_a, ordered_on=start,
            promised_on=start + dt.timedelta(days=n % 1800),
            received_on=start + dt.timedelta(days=n % 1800 + n % 2),
            promised_qty=Decimal(1), received_qty=Decimal(1),
        )
        for n in range(3000)
    )  # fmt: skip
    Measurement.objects.bulk_create(
        Measurement(supplier=supplier_a, kpi_key="cost_variance", period=services.month_start(
            start + dt.timedelta(days=31 * n)), value=n % 4)
        for n in range(58)
    )  # fmt: skip
    client = login(viewer)
    client.get(page(supplier_a))  # warm up sessions and caches

    with django_assert_max_num_queries(20):
        response = client.get(page(supplier_a, period="2026-05"))

    assert response.status_code == 200


def test_the_overview_card_shows_the_months_score(
    frozen, login, viewer, manager, supplier_a, standard_kpis
):
    services.save_deliveries(
        manager, [(s, po, {**v, "received_on": frozen, "promised_on": frozen})
                  for s, po, v in may_deliveries(supplier_a)]
    )  # fmt: skip

    html = login(viewer).get(reverse("suppliers:detail", args=[supplier_a.pk])).content.decode()

    assert 'id="performance-card"' in html and "Performance · 2026-06" in html
    assert "100 of 100" in html


def test_the_portfolio_lists_scores_standing_and_the_guard(
    frozen, login, viewer, manager, supplier_a, supplier_b, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))
    for n in range(6):
        services.define_kpi(manager, {
            "key": f"extra_{n}", "name": f"Extra {n}", "kind": "custom", "direction": "higher",
            "target": 10, "yellow_threshold": 5, "red_threshold": 0,
        }, supplier=supplier_b)  # fmt: skip

    html = login(viewer).get(reverse("performance:portfolio") + "?period=2026-05").content.decode()

    row_a = html[html.index(f'id="supplier-{supplier_a.pk}"') :].split("</tr>")[0]
    row_b = html[html.index(f'id="supplier-{supplier_b.pk}"') :].split("</tr>")[0]
    card, _ = services.scorecard(supplier_a, dt.date(2026, 5, 1))
    assert f"<td>{card.current.overall:.1f}</td>" in row_a and "excellent" in row_a
    assert "no data" in row_b and "too many KPIs" in row_b
    assert "too many KPIs" not in row_a


def test_the_portfolio_runs_a_fixed_number_of_queries_with_5000_suppliers(
    frozen, login, viewer, manager, standard_kpis, django_assert_max_num_queries
):
    from tests.factories import bulk_suppliers

    suppliers = bulk_suppliers(5000)
    rows = []
    for supplier in suppliers[:200]:
        rows += may_deliveries(supplier, on_time=3, late=1)
    services.save_deliveries(manager, rows)
    client = login(viewer)
    client.get(reverse("performance:portfolio"))

    # A period not stored yet is computed first (about 13 queries, whatever the size), then
    # its page is read from the stored scores.
    for query in ("?period=2026-05", "?granularity=quarter&page=3", "?page=100"):
        with django_assert_max_num_queries(14):
            response = client.get(reverse("performance:portfolio") + query)
        assert response.status_code == 200
    first = client.get(reverse("performance:portfolio") + "?period=2026-05").content.decode()
    last = client.get(
        reverse("performance:portfolio") + "?period=2026-05&page=100"
    ).content.decode()
    # 3 of 4 on time (below the red line: 0 points), in full and accepted: 40/70 -> 57.1.
    assert first.count(">watch</span>") == 50 and "57.1" in first
    assert last.count('<td class="muted">no data</td>') == 50


def test_the_portfolio_is_for_internal_users(frozen, login, client, portal_user_a):
    assert client.get(reverse("performance:portfolio")).status_code == 302
    assert login(portal_user_a).get(reverse("performance:portfolio")).status_code == 403
