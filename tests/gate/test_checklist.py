"""The checklist itself: what each item reads, ticking by hand, the decision kept when
the checklist holds, the lists the portfolio shows, permissions and query counts."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerbook.core import registry
from partnerbook.gate import domain, services
from partnerbook.gate.models import Activation, Tick
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.models import Supplier
from tests.api import API, token_client
from tests.factories import SupplierFactory

JSON = "application/json"


# --- domain ---------------------------------------------------------------------------------


def test_only_first_activation_is_gated():
    assert domain.is_gated("pilot", "active")
    assert not domain.is_gated("reserve", "active")
    assert not domain.is_gated("phasing_out", "active")
    assert not domain.is_gated("vetting", "pilot")


def test_reason_must_be_written_out():
    assert domain.reason_problem("ok")
    assert domain.reason_problem("   a  b  " * 2)
    assert domain.reason_problem("x" * (domain.MAX_REASON + 1))
    assert domain.reason_problem("Sole source for the launch, audited last year.") is None


def _checklist(**oks: bool) -> domain.Checklist:
    return domain.Checklist(
        tuple(
            domain.ItemResult(k, k.title(), ok, "found" if ok else "missing")
            for k, ok in oks.items()
        )
    )


def test_checklist_summary_and_missing_lines():
    checklist = _checklist(fit=True, financial=False, pilot=False)

    assert not checklist.complete
    assert checklist.done == 1
    assert checklist.summary == "2 of 3 items missing."
    assert checklist.missing_lines() == ["Financial: missing", "Pilot: missing"]
    assert _checklist(fit=True).summary == "All 1 items hold."


@pytest.mark.parametrize(
    ("status", "oks", "step"),
    [
        ("prospect", {"fit": False}, "vetting"),
        ("pilot", {"pilot": False, "contract": False}, "pilot"),
        ("pilot", {"pilot": True, "contract": False}, "agreement"),
        ("pilot", {"pilot": True, "contract": True, "onboarding": False}, "onboarding"),
        ("active", {"pilot": False}, "active"),
    ],
)
def test_board_step_follows_status_and_checklist(status, oks, step):
    card = domain.place_on_board(status, _checklist(**oks))

    assert card.step == step


def test_board_blockers_name_the_missing_items_of_the_step():
    card = domain.place_on_board("pilot", _checklist(pilot=True, contract=False, cadence=False))

    assert card.step == "agreement"
    assert card.blockers == ("Contract: missing",)


def test_project_without_criteria_sits_at_criteria():
    card = domain.place_on_board("prospect", _checklist(fit=True), project_has_criteria=False)

    assert card.step == "criteria"


# --- the checklist as the registry builds it -----------------------------------------------


def test_every_item_of_the_issue_is_registered():
    keys = {item.key for item in registry.checklist_items()}

    assert {"fit", "financial", "alignment", "placement", "cadence", "kpis"} <= keys


def test_items_read_from_other_features_say_what_is_missing(supplier_b):
    checklist = services.checklist_for(supplier_b)

    assert checklist.item("cadence").evidence == "No meetings in the rhythm yet."
    assert checklist.item("alignment").evidence == "No alignment assessment yet."
    assert checklist.item("kpis").ok is False
    assert checklist.item("fit").manual  # ticked by hand, not read


def test_tick_records_evidence_and_who(buyer, other_buyer, supplier_b):
    services.tick(other_buyer, supplier_b, "financial", "Creditreform 2026-10: index 212")

    item = services.checklist_for(supplier_b).item("financial")
    assert item.ok
    assert "Creditreform 2026-10: index 212" in item.evidence
    assert other_buyer.display_name in item.evidence
    tick = Tick.objects.get(supplier=supplier_b, key="financial")
    assert tick.history.first().history_user == other_buyer


def test_tick_needs_evidence_and_a_manual_item(other_buyer, supplier_b):
    with pytest.raises(ValidationError) as empty:
        services.tick(other_buyer, supplier_b, "financial", "  ")
    with pytest.raises(ValidationError) as owned:
        services.tick(other_buyer, supplier_b, "cadence", "We meet monthly")

    assert "evidence" in empty.value.message_dict
    assert "key" in owned.value.message_dict
    assert not Tick.objects.exists()


def test_only_editors_and_the_owner_tick(buyer, viewer, supplier_b):
    for user in (buyer, viewer):  # buyer owns supplier_a, not supplier_b
        with pytest.raises(PermissionDenied):
            services.tick(user, supplier_b, "fit", "Site visit")


def test_untick_withdraws_and_keeps_history(other_buyer, supplier_b):
    services.tick(other_buyer, supplier_b, "fit", "Site visit 2026-09")
    services.untick(other_buyer, supplier_b, "fit")

    assert not services.checklist_for(supplier_b).item("fit").ok
    assert Tick.history.filter(history_type="-").count() == 1


def test_complete_checklist_activates_and_keeps_the_decision(monkeypatch, manager, supplier_b):
    """With every registered item holding, the move goes through without an override."""
    manual_only = {k: v for k, v in registry._registry.checklist.items() if v.check is None}
    monkeypatch.setattr(registry._registry, "checklist", manual_only)
    services.tick(manager, supplier_b, "fit", "Site visit 2026-09, line capacity 2m/yr")
    services.tick(manager, supplier_b, "financial", "Accounts 2025 read: equity ratio 41%")

    supplier_services.change_status(manager, supplier_b, "active")

    decision = Activation.objects.get(supplier=supplier_b)
    assert decision.how == Activation.How.CHECKLIST
    assert decision.missing == []
    history = Supplier.history.filter(id=supplier_b.pk).first()
    assert "Decision checklist complete." in history.history_change_reason


# --- portfolio lists ------------------------------------------------------------------------


def test_existing_business_is_listed_until_the_checklist_holds(manager, supplier_a, login):
    lists = services.portfolio_lists(manager)

    assert [s.supplier for s in lists.without_checklist] == [supplier_a]
    page = login(manager).get(reverse("portfolio:matrix")).content.decode()
    assert "Active without the checklist" in page
    assert reverse("gate:activations") in page


def test_activation_lists_in_the_api(manager, supplier_a, supplier_b):
    supplier_services.change_status(
        manager, supplier_b, "active", override_reason="Launch cannot wait; audit booked."
    )

    body = token_client(manager).get(f"{API}/activations").json()

    assert [row["name"] for row in body["overridden"]] == ["Beta Boxes"]
    assert body["overridden"][0]["decision"]["reason"] == "Launch cannot wait; audit booked."
    assert [row["name"] for row in body["without_checklist"]] == ["Alpha Packaging"]


def test_activations_page_bounded_queries(manager, category, login, django_assert_max_num_queries):
    Supplier.objects.bulk_create(
        SupplierFactory.build_batch(300, status="active", category=category)
    )
    client = login(manager)

    with django_assert_max_num_queries(25):
        response = client.get(reverse("gate:activations"))

    assert response.status_code == 200
    assert len(re.findall(r'id="without-\d+"', response.content.decode())) == 300


def test_checklists_cost_the_same_for_many_suppliers(category, django_assert_max_num_queries):
    Supplier.objects.bulk_create(
        SupplierFactory.build_batch(200, status="pilot", category=category)
    )
    ids = list(Supplier.objects.values_list("pk", flat=True))

    with django_assert_max_num_queries(16):
        found = services.checklists(ids)

    assert len(found) == 200


def test_complete_among_agrees_with_the_checklists(monkeypatch, manager, category):
    """The completeness the portfolio guidance asks for is the checklist's own, item by item
    (here the hand-ticked items and a stand-in item read from another feature)."""
    holds_for: set[int] = set()
    asked: list[list[int]] = []

    def check(ids: list[int]) -> dict[int, registry.ChecklistResult]:
        asked.append(list(ids))
        return {pk: registry.ChecklistResult(pk in holds_for, "Stand-in.") for pk in ids}

    items = {k: v for k, v in registry._registry.checklist.items() if v.check is None}
    items["stand-in"] = registry.ChecklistItem(key="stand-in", label="Stand-in", check=check)
    monkeypatch.setattr(registry._registry, "checklist", items)
    a, b, c, d = SupplierFactory.create_batch(4, status="active", category=category)
    for supplier in (a, b, c):
        services.tick(manager, supplier, "fit", "Site visit: the line runs 2m a year")
    for supplier in (a, b):
        services.tick(manager, supplier, "financial", "Accounts 2025: equity ratio 41%")
    holds_for.update({a.pk, c.pk, d.pk})
    ids = [a.pk, b.pk, c.pk, d.pk]

    complete = services.complete_among(ids)

    assert complete == {a.pk}
    assert complete == {pk for pk, found in services.checklists(ids).items() if found.complete}
    assert asked[0] == sorted([a.pk, b.pk])  # asked only about those the ticks left


def test_guidance_lists_overrides_and_incomplete_existing_business(manager, supplier_a, supplier_b):
    supplier_services.change_status(
        manager, supplier_b, "active", override_reason="Launch cannot wait; audit booked."
    )

    checks = {c.code: c for c in services.portfolio_guidance([supplier_a.pk, supplier_b.pk])}

    assert checks["activated-by-override"].supplier_ids == (supplier_b.pk,)
    assert checks["active-without-checklist"].supplier_ids == (supplier_a.pk,)
    assert services.portfolio_guidance([]) == []


def test_guidance_costs_the_same_for_many_suppliers(category, django_assert_max_num_queries):
    Supplier.objects.bulk_create(
        SupplierFactory.build_batch(300, status="active", category=category)
    )
    ids = list(Supplier.objects.values_list("pk", flat=True))

    with django_assert_max_num_queries(16):
        checks = services.portfolio_guidance(ids)

    assert [c.code for c in checks] == ["active-without-checklist"]
    assert len(checks[0].supplier_ids) == 300


def test_item_links_are_the_reversed_urls():
    url_of = registry.pk_urls("gate:supplier", "#checklist")

    assert url_of(7) == reverse("gate:supplier", args=[7]) + "#checklist"
    assert url_of(123456) == reverse("gate:supplier", args=[123456]) + "#checklist"


# --- pages, API and permissions -------------------------------------------------------------


def test_tab_shows_checklist_and_tick_forms_to_editors(login, other_buyer, supplier_b):
    page = login(other_buyer).get(reverse("gate:supplier", args=[supplier_b.pk])).content.decode()

    assert 'id="item-financial"' in page
    assert reverse("gate:tick", args=[supplier_b.pk, "financial"]) in page
    assert 'id="activate-form"' in page
    assert 'id="id_override_reason"' not in page  # buyers cannot override


def test_viewer_reads_the_tab_but_cannot_tick_or_activate(login, viewer, supplier_b):
    client = login(viewer)
    page = client.get(reverse("gate:supplier", args=[supplier_b.pk])).content.decode()

    assert 'id="item-financial"' in page
    assert reverse("gate:tick", args=[supplier_b.pk, "financial"]) not in page
    assert 'id="activate-form"' not in page
    post = client.post(reverse("gate:tick", args=[supplier_b.pk, "fit"]), {"evidence": "x"})
    assert post.status_code == 403
    assert client.post(reverse("gate:activate", args=[supplier_b.pk])).status_code == 403
    assert not Tick.objects.exists()


def test_tick_through_the_page(login, other_buyer, supplier_b):
    client = login(other_buyer)
    url = reverse("gate:tick", args=[supplier_b.pk, "fit"])

    response = client.post(url, {"evidence": "Sample run of 5,000 boxes passed"})

    assert response.status_code == 302
    assert Tick.objects.get(supplier=supplier_b, key="fit").evidence.startswith("Sample run")


@pytest.mark.parametrize(
    "url",
    [
        lambda s: reverse("gate:supplier", args=[s.pk]),
        lambda s: reverse("gate:activations"),
        lambda s: reverse("gate:export"),
    ],
)
def test_portal_users_cannot_open_playbook_pages(login, portal_user_b, supplier_b, url):
    assert login(portal_user_b).get(url(supplier_b)).status_code == 403


def test_portal_users_get_403_from_the_checklist_api(portal_user_b, supplier_b):
    client = token_client(portal_user_b)

    assert client.get(f"{API}/suppliers/{supplier_b.pk}/checklist").status_code == 403
    put = client.put(
        f"{API}/suppliers/{supplier_b.pk}/checklist/fit", {"evidence": "x"}, content_type=JSON
    )
    assert put.status_code == 403
    assert client.get(f"{API}/activations").status_code == 403


def test_api_ticks_and_untick(other_buyer, supplier_b):
    client = token_client(other_buyer)
    url = f"{API}/suppliers/{supplier_b.pk}/checklist/financial"

    ticked = client.put(url, {"evidence": "D&B report, low risk"}, content_type=JSON)
    assert ticked.status_code == 200
    item = next(i for i in ticked.json()["items"] if i["key"] == "financial")
    assert item["ok"] and item["manual"]

    assert client.delete(url).status_code == 204
    assert not Tick.objects.exists()


def test_api_refuses_an_item_owned_by_another_feature(other_buyer, supplier_b):
    response = token_client(other_buyer).put(
        f"{API}/suppliers/{supplier_b.pk}/checklist/cadence", {"evidence": "x"}, content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "key"


def test_export_lists_every_item(login, manager, supplier_b):
    response = login(manager).get(reverse("gate:export"))

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "external_id,supplier,item,holds,evidence"
    assert "ERP-B,Beta Boxes,financial,no,Not ticked yet." in text


def test_baselines_can_be_measured_now_from_the_checklist(login, manager, viewer, supplier_b):
    from partnerbook.performance import services as performance

    performance.define_kpi(
        manager,
        {"key": "on_time_b", "name": "On time", "kind": "on_time", "direction": "higher",
         "target": 95, "yellow_threshold": 90, "red_threshold": 85, "weight": 10},
        measure=False,
    )  # fmt: skip
    tab = reverse("gate:supplier", args=[supplier_b.pk])
    url = reverse("gate:baselines", args=[supplier_b.pk])
    assert "Measure the baselines now" in login(manager).get(tab).content.decode()
    assert not services.checklist_for(supplier_b).item("kpis").ok

    assert login(viewer).post(url).status_code == 403
    assert login(manager).post(url).status_code == 302

    item = services.checklist_for(supplier_b).item("kpis")
    assert item.ok, item.evidence
