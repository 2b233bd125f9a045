"""Web pages: the Cadence tab, editing meetings, health checks, the overdue page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerbook.cadence import services
from partnerbook.cadence.models import CadenceItem, HealthCheck
from partnerbook.relationship.models import Interaction
from tests.factories import bulk_suppliers

from .conftest import ANSWERS, TODAY, add_item

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def tab(pk):
    return reverse("cadence:supplier", args=[pk])


def item_post(owner, **extra):
    return {"kind": "monthly_performance", "interval_days": "30", "channels": ["meeting"],
            "owner": str(owner.pk), **extra}  # fmt: skip


def test_tab_shows_items_due_dates_and_the_proposal_with_reasons(login, buyer, supplier_a):
    add_item(buyer, supplier_a, created=TODAY - 40 * DAY)
    response = login(buyer).get(tab(supplier_a.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Monthly performance review" in page and "10 days overdue" in page
    assert 'id="proposal-reasons"' in page and "Engagement model" in page
    assert 'id="apply-proposal"' not in page  # it has a cadence already
    assert "Cadence" in page  # the registered tab


def test_apply_proposal_button_for_a_supplier_without_cadence(login, buyer, supplier_a):
    client = login(buyer)
    assert 'id="apply-proposal"' in client.get(tab(supplier_a.pk)).content.decode()
    response = client.post(reverse("cadence:apply_proposal", args=[supplier_a.pk]))
    assert response.status_code == 302
    proposed = [i.kind for i in services.proposal_for(supplier_a).items]
    assert proposed == ["monthly_performance"]  # new, transactional (recommended)
    assert list(CadenceItem.objects.values_list("kind", flat=True)) == proposed


def test_add_meeting_from_the_tab(login, buyer, supplier_a):
    contact = supplier_a.contacts.create(side="supplier", name="Sam Supplier")
    data = item_post(buyer, contacts=[str(contact.pk)], planned_start="2026-07-01T09:00",
                     planned_end="2026-07-01T10:00", location="Their plant")  # fmt: skip
    response = login(buyer).post(reverse("cadence:item_create", args=[supplier_a.pk]), data)
    assert response.status_code == 302
    item = CadenceItem.objects.get()
    assert list(item.contacts.all()) == [contact] and item.location == "Their plant"


def test_end_before_start_and_unknown_owner_are_field_errors(login, buyer, supplier_a):
    client = login(buyer)
    url = reverse("cadence:item_create", args=[supplier_a.pk])
    response = client.post(
        url, item_post(buyer, planned_start="2026-07-01T10:00", planned_end="2026-07-01T09:00")
    )
    assert response.status_code == 400
    assert 'id="error-planned_end"' in response.content.decode()
    response = client.post(url, {**item_post(buyer), "owner": "999999", "channels": []})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-owner"' in page and 'id="error-channels"' in page
    response = client.post(url, item_post(buyer, contacts=["999999"]))
    assert response.status_code == 400 and 'id="error-contacts"' in response.content.decode()
    assert not CadenceItem.objects.exists()


def test_edit_and_remove_a_meeting(login, buyer, supplier_a):
    item = add_item(buyer, supplier_a)
    client = login(buyer)
    url = reverse("cadence:item_edit", args=[supplier_a.pk, item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, item_post(buyer, interval_days="45", version="1"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.interval_days == 45 and item.version == 2
    stale = client.post(url, item_post(buyer, interval_days="10", version="1"))
    assert stale.status_code == 409
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not CadenceItem.objects.exists()


def test_viewer_and_other_buyer_read_but_cannot_write(
    login, buyer, viewer, other_buyer, supplier_a
):
    item = add_item(buyer, supplier_a)
    for user in (viewer, other_buyer):
        client = login(user)
        page = client.get(tab(supplier_a.pk)).content.decode()
        assert "Monthly performance review" in page and 'id="health-check-form"' not in page
        assert client.post(reverse("cadence:item_create", args=[supplier_a.pk]),
                           item_post(user)).status_code == 403  # fmt: skip
        edit = reverse("cadence:item_edit", args=[supplier_a.pk, item.pk])
        assert client.post(edit, {"remove": "1"}).status_code == 403
        assert (
            client.post(reverse("cadence:apply_proposal", args=[supplier_a.pk])).status_code == 403
        )  # noqa: E501
        assert client.post(reverse("cadence:health_check_create", args=[supplier_a.pk]),
                           {}).status_code == 403  # fmt: skip
    assert CadenceItem.objects.count() == 1


def test_meeting_of_another_supplier_is_not_found(login, manager, supplier_a, supplier_b):
    item = add_item(manager, supplier_b)
    url = reverse("cadence:item_edit", args=[supplier_a.pk, item.pk])
    assert login(manager).get(url).status_code == 404


def test_health_check_form_and_side_by_side_page(login, buyer, supplier_a, portal_user_a):
    client = login(buyer)
    data = {"held_on": TODAY.isoformat(), **{k: str(v) for k, v in ANSWERS.items()}}
    response = client.post(reverse("cadence:health_check_create", args=[supplier_a.pk]), data)
    assert response.status_code == 302
    check = HealthCheck.objects.get()
    services.record_answers(portal_user_a, check, "supplier", {**ANSWERS, "trust": 1})
    page = client.get(response["Location"]).content.decode()
    assert 'data-question="trust"' in page and "2+ apart" in page and "Mostly reliable." in page
    history = client.get(tab(supplier_a.pk)).content.decode()
    assert "1 question(s) 2+ points apart" in history


def test_health_check_form_errors(login, buyer, supplier_a):
    data = {"held_on": (TODAY + DAY).isoformat(), "trust": "9"}
    response = login(buyer).post(reverse("cadence:health_check_create", args=[supplier_a.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-held_on"' in page and 'id="error-trust"' in page
    assert 'id="error-openness"' in page
    assert not HealthCheck.objects.exists()


def test_overdue_page_defaults_to_me_and_filters_by_owner(
    login, buyer, manager, supplier_a, supplier_b
):  # noqa: E501
    add_item(buyer, supplier_a, created=TODAY - 60 * DAY)
    add_item(manager, supplier_b, created=TODAY - 60 * DAY, owner=manager)
    client = login(buyer)
    page = client.get(reverse("cadence:overdue")).content.decode()
    assert "Alpha Packaging" in page and "Beta Boxes" not in page
    page = client.get(reverse("cadence:overdue") + "?owner=all").content.decode()
    assert "Alpha Packaging" in page and "Beta Boxes" in page
    page = client.get(reverse("cadence:overdue") + f"?owner={manager.pk}").content.decode()
    assert "Alpha Packaging" not in page and "Beta Boxes" in page


def test_someone_who_owns_no_meetings_sees_everyones_overdue_meetings_first(
    login, buyer, admin_user, supplier_a
):
    add_item(buyer, supplier_a, created=TODAY - 60 * DAY)
    response = login(admin_user).get(reverse("cadence:overdue"))
    assert response.context["owner_id"] is None
    assert "Alpha Packaging" in response.content.decode()


def test_overdue_page_runs_bounded_queries_with_5000_suppliers(
    login, manager, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(5000, owner=manager)
    CadenceItem.objects.bulk_create(
        CadenceItem(supplier=s, kind="monthly_performance", interval_days=30,
                    channels=["meeting"], owner=manager, created_on=TODAY - 100 * DAY)
        for s in suppliers
    )  # fmt: skip
    Interaction.objects.bulk_create(
        Interaction(supplier=s, occurred_on=TODAY - 5 * DAY, channel="meeting",
                    initiated_by="ours")
        for s in suppliers[::2]
    )  # fmt: skip
    client = login(manager)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("cadence:overdue") + "?owner=all")
    assert response.status_code == 200
    live = [s for s in suppliers[1::2] if s.status != "exited" and not s.archived]
    assert response.context["total"] == len(live)
    assert response.context["page"].paginator.count == len(live)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("cadence:overdue")).status_code == 200


def test_export_csv_and_xlsx(login, buyer, supplier_a):
    add_item(buyer, supplier_a, created=TODAY - 40 * DAY)
    client = login(buyer)
    csv = client.get(reverse("cadence:export", args=["csv"]))
    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and text.startswith("supplier_id,external_id,supplier,kind")
    assert "Alpha Packaging,monthly_performance,30" in text and text.rstrip().endswith(",10")
    xlsx = client.get(reverse("cadence:export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("cadence:export", args=["pdf"])).status_code == 404


def test_portal_user_is_refused_the_pages(login, portal_user_a, supplier_a):
    client = login(portal_user_a)
    for url in (tab(supplier_a.pk), reverse("cadence:overdue"), reverse("cadence:calendar"),
                reverse("cadence:upcoming_ics")):  # fmt: skip
        assert client.get(url).status_code == 403
