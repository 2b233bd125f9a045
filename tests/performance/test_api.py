"""Supplier performance over the REST API: scorecards, delivery lines, measurements, KPIs;
permissions and bad input, and one figure read through the page, the export and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from partnerbook.performance import services
from partnerbook.performance.models import DeliveryLine, Measurement
from tests.api import API, error_fields, token_client
from tests.performance.conftest import may_deliveries

JSON = "application/json"
LINE = {
    "po_line_id": "PO-1", "ordered_on": "2026-04-01", "promised_on": "2026-05-10",
    "promised_qty": 10, "received_on": "2026-05-09", "received_qty": 10, "rejected_qty": 0,
}  # fmt: skip


def post(client, path, payload):
    return client.post(API + path, payload, content_type=JSON)


def test_the_scorecard_endpoint_explains_every_kpi(
    frozen, manager, viewer, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a))

    response = token_client(viewer).get(
        f"{API}/suppliers/{supplier_a.pk}/scorecard", {"period": "2026-05", "granularity": "month"}
    )

    body = response.json()
    assert response.status_code == 200, body
    assert (body["period"], body["standing"]) == ("2026-05", "excellent")
    on_time = next(k for k in body["kpis"] if k["key"] == "on_time")
    assert (on_time["value"], on_time["light"]) == (92.0, "yellow")
    assert on_time["explanation"].startswith("On-time 92 % (46 of 50 lines)")
    cost = next(k for k in body["kpis"] if k["key"] == "cost_variance")
    assert cost["value"] is None and "Cost variance" in body["no_data"]
    assert len(body["trailing"]) == 12 and body["trailing"][-1]["values"]["on_time"] == 92.0
    assert body["trailing"][0]["overall"] is None  # no deliveries: no data, not 0


def test_the_quarter_scorecard(frozen, manager, viewer, supplier_a, standard_kpis):
    services.save_deliveries(manager, may_deliveries(supplier_a))

    body = (
        token_client(viewer)
        .get(f"{API}/suppliers/{supplier_a.pk}/scorecard", {"granularity": "quarter"})
        .json()
    )

    assert body["period"] == "2026 Q2" and body["trailing"][0]["label"] == "2023 Q3"


@pytest.mark.parametrize(
    "query", [{"period": "2026-13"}, {"period": "May"}, {"granularity": "week"}]
)
def test_a_bad_scorecard_query_is_refused(frozen, viewer, supplier_a, query):
    response = token_client(viewer).get(f"{API}/suppliers/{supplier_a.pk}/scorecard", query)

    assert response.status_code == 422
    assert error_fields(response)


def test_the_owner_posts_a_delivery_line_and_posting_it_again_updates_it(frozen, buyer, supplier_a):
    client = token_client(buyer)
    path = f"/suppliers/{supplier_a.pk}/deliveries"

    first = post(client, path, LINE)
    second = post(client, path, {**LINE, "received_qty": 9})

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["received_qty"] == 9 and second.json()["version"] == 2
    assert DeliveryLine.objects.count() == 1
    listed = client.get(API + path).json()
    assert listed["count"] == 1 and listed["items"][0]["po_line_id"] == "PO-1"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"received_on": "2026-03-01"}, 400, "received_on"),  # before the order
        ({"received_on": "2026-08-01"}, 400, "received_on"),  # in the future
        ({"rejected_qty": 11}, 400, "rejected_qty"),
        ({"promised_qty": -1}, 422, "promised_qty"),
        ({"ordered_on": "2026-02-30"}, 422, "ordered_on"),
        ({"ordered_on": 20260401}, 422, "ordered_on"),
        ({"po_line_id": ""}, 422, "po_line_id"),
        ({"colour": "red"}, 422, "colour"),
    ],
)
def test_a_bad_delivery_line_is_refused_naming_the_field(
    frozen, manager, supplier_a, change, status, field
):
    response = post(
        token_client(manager), f"/suppliers/{supplier_a.pk}/deliveries", {**LINE, **change}
    )

    assert response.status_code == status, response.content
    assert field in error_fields(response)
    assert not DeliveryLine.objects.exists()


def test_a_po_line_of_another_supplier_is_a_400(frozen, manager, supplier_a, supplier_b):
    client = token_client(manager)
    post(client, f"/suppliers/{supplier_a.pk}/deliveries", LINE)

    response = post(client, f"/suppliers/{supplier_b.pk}/deliveries", LINE)

    assert response.status_code == 400 and "po_line_id" in error_fields(response)
    assert DeliveryLine.objects.get().supplier == supplier_a


def test_measurements_over_the_api(frozen, buyer, supplier_a, standard_kpis):
    client = token_client(buyer)
    path = f"/suppliers/{supplier_a.pk}/measurements"

    created = post(client, path, {"kpi": "responsiveness", "period": "2026-05", "value": 30})
    computed = post(client, path, {"kpi": "on_time", "period": "2026-05", "value": 30})
    future = post(client, path, {"kpi": "responsiveness", "period": "2026-08", "value": 30})
    stale = post(
        client, path, {"kpi": "responsiveness", "period": "2026-05", "value": 3, "version": 7}
    )

    assert created.status_code == 201, created.content
    assert created.json()["kpi"] == "responsiveness" and created.json()["period"] == "2026-05-01"
    assert (computed.status_code, error_fields(computed)) == (400, {"kpi"})
    assert (future.status_code, error_fields(future)) == (400, {"period"})
    assert stale.status_code == 409
    assert client.get(API + path).json()["items"][0]["value"] == 30


def test_kpis_list_defaults_and_visible_overrides(
    frozen, manager, viewer, supplier_a, standard_kpis
):
    services.define_kpi(manager, {**services.DEFAULT_KPIS[0], "target": 97}, supplier=supplier_a)

    body = token_client(viewer).get(f"{API}/kpis", {"limit": 100}).json()

    assert body["count"] == len(services.DEFAULT_KPIS) + 1
    assert any(k["supplier_id"] == supplier_a.pk and k["target"] == 97 for k in body["items"])


def test_permissions_over_the_api(
    frozen, viewer, other_buyer, portal_user_a, supplier_a, standard_kpis
):
    path = f"/suppliers/{supplier_a.pk}"
    viewer_client, other, portal = (
        token_client(viewer),
        token_client(other_buyer),
        token_client(portal_user_a),
    )

    assert post(viewer_client, f"{path}/deliveries", LINE).status_code == 403
    assert post(other, f"{path}/deliveries", LINE).status_code == 403
    measurement = {"kpi": "responsiveness", "period": "2026-05", "value": 1}
    assert post(other, f"{path}/measurements", measurement).status_code == 403
    for url in (f"{path}/scorecard", f"{path}/deliveries", f"{path}/measurements", "/kpis"):
        assert portal.get(API + url).status_code == 403
    assert viewer_client.get(f"{API}/suppliers/999999/scorecard").status_code == 404
    assert not DeliveryLine.objects.exists() and not Measurement.objects.exists()


def test_the_same_supplier_month_reads_the_same_through_page_export_and_api(
    frozen, login, manager, viewer, supplier_a, standard_kpis
):
    services.save_deliveries(manager, may_deliveries(supplier_a, on_time=37, late=4))
    services.record_measurement(manager, supplier_a, "cost_variance", dt.date(2026, 5, 1), 1.25)
    expected = round(100 * 37 / 41, 1)  # 90.2 %

    api = token_client(viewer).get(
        f"{API}/suppliers/{supplier_a.pk}/scorecard", {"period": "2026-05"}
    )
    api_kpis = {k["key"]: k for k in api.json()["kpis"]}
    html = (
        login(viewer)
        .get(reverse("performance:supplier", args=[supplier_a.pk]) + "?period=2026-05")
        .content.decode()
    )
    export = (
        login(viewer)
        .get(reverse("performance:export", args=[supplier_a.pk, "csv"]) + "?period=2026-05")
        .content.decode("utf-8-sig")
    )
    rows = {(r["period"], r["kpi"]): r for r in csv.DictReader(io.StringIO(export))}

    page_on_time = re.search(
        r'id="kpi-on_time">\s*<td>On-time</td>\s*<td class="nowrap">([\d.]+) %', html
    )
    assert page_on_time is not None
    assert float(page_on_time.group(1)) == expected
    assert round(api_kpis["on_time"]["value"], 1) == expected
    assert round(float(rows["2026-05", "on_time"]["value"]), 1) == expected
    # The overall score too.
    overall = re.search(r'class="perf-score">([\d.]+)<', html)
    assert overall is not None
    assert float(overall.group(1)) == round(api.json()["overall"], 1)
    assert float(rows["2026-05", "on_time"]["overall"]) == api.json()["overall"]
    assert (
        api_kpis["cost_variance"]["value"]
        == float(rows["2026-05", "cost_variance"]["value"])
        == 1.25
    )


KPI = {
    "key": "on_time", "name": "On-time", "kind": "on_time", "direction": "higher", "unit": "%",
    "target": 95, "yellow_threshold": 95, "red_threshold": 85, "weight": 30,
}  # fmt: skip


def test_defining_kpis_over_the_api(frozen, manager, buyer, supplier_a, supplier_b, category):
    as_manager, as_buyer = token_client(manager), token_client(buyer)

    default = post(as_manager, "/kpis", KPI)
    for_category = post(as_manager, "/kpis", {**KPI, "target": 97, "category_id": category.pk})
    override = post(as_buyer, "/kpis", {**KPI, "target": 99, "supplier_id": supplier_a.pk})

    assert (default.status_code, for_category.status_code, override.status_code) == (201, 201, 201)
    assert override.json()["supplier_id"] == supplier_a.pk
    chosen = {d.key: d.target for d in services.effective_definitions(supplier_b)}
    assert chosen == {"on_time": 97}


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"red_threshold": 99}, 400, "red_threshold"),
        ({"category_id": 999999}, 400, "category_id"),
        ({"supplier_id": 999999}, 400, "supplier_id"),
        ({"kind": "vibes"}, 422, "kind"),
        ({"key": "On Time"}, 422, "key"),
        ({"weight": -1}, 422, "weight"),
    ],
)
def test_a_bad_kpi_is_refused_naming_the_field(frozen, manager, change, status, field):
    response = post(token_client(manager), "/kpis", {**KPI, **change})

    assert response.status_code == status, response.content
    assert field in error_fields(response)


def test_a_key_defined_twice_for_the_same_scope_is_a_400(frozen, manager):
    post(token_client(manager), "/kpis", KPI)

    assert post(token_client(manager), "/kpis", KPI).status_code == 400


def test_who_may_define_kpis_over_the_api(
    frozen, buyer, other_buyer, viewer, portal_user_a, supplier_a
):
    assert post(token_client(buyer), "/kpis", KPI).status_code == 403
    assert (
        post(token_client(viewer), "/kpis", {**KPI, "supplier_id": supplier_a.pk}).status_code
        == 403
    )
    assert (
        post(token_client(other_buyer), "/kpis", {**KPI, "supplier_id": supplier_a.pk}).status_code
        == 403
    )
    assert post(token_client(portal_user_a), "/kpis", KPI).status_code == 403
