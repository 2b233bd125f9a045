"""Action items: the shared model, its services, the "my action items" page, API, export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.actions import services
from partnerbook.actions.models import ActionItem
from partnerbook.core.concurrency import StaleEdit
from tests.api import API, error_fields, token_client
from tests.factories import bulk_suppliers

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _today() -> dt.date:
    return timezone.localdate()


def test_it_creates_and_completes_an_item_with_its_history(buyer, supplier_a):
    item = services.create_action_item(
        buyer, supplier_a, {"title": "  Share the forecast ", "owner": buyer, "due_on": _today()}
    )
    assert item.title == "Share the forecast" and item.status == "open" and item.done_on is None

    services.complete_action_item(buyer, item, expected_version=item.version)

    item.refresh_from_db()
    assert item.status == "done" and item.done_on == _today() and item.version == 2
    assert item.history.count() == 2
    assert item.history.first().history_user == buyer


def test_reopening_clears_the_done_day(buyer, supplier_a):
    item = services.create_action_item(buyer, supplier_a, {"title": "X", "status": "done"})
    assert item.done_on == _today()
    services.set_status(buyer, item, "open")
    assert item.done_on is None


def test_a_buyer_cannot_add_items_to_another_buyers_supplier(buyer, supplier_b):
    with pytest.raises(PermissionDenied):
        services.create_action_item(buyer, supplier_b, {"title": "Not mine"})


def test_a_stale_edit_is_refused(buyer, manager, supplier_a):
    item = services.create_action_item(buyer, supplier_a, {"title": "Plan visit"})
    services.update_action_item(manager, item, {"title": "Plan the site visit"}, 1)
    stale = ActionItem.objects.get(pk=item.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        services.update_action_item(buyer, stale, {"title": "Mine"}, 1)


def test_the_owner_on_their_side_must_be_a_contact_of_that_supplier(
    buyer, manager, supplier_a, supplier_b
):
    theirs_b = supplier_b.contacts.create(side="supplier", name="Bea")
    with pytest.raises(ValidationError) as exc:
        services.create_action_item(buyer, supplier_a, {"title": "X", "owner_contact": theirs_b})
    assert "owner_contact" in exc.value.message_dict


def test_my_page_lists_overdue_first_in_bounded_queries(
    login, buyer, manager, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(200, owner=buyer)
    today = _today()
    ActionItem.objects.bulk_create(
        ActionItem(
            supplier=s, title=f"Item {i}", owner=buyer,
            due_on=today + dt.timedelta(days=(i % 7) - 3),
        )
        for i, s in enumerate(suppliers)
    )  # fmt: skip
    ActionItem.objects.bulk_create(
        [ActionItem(supplier=suppliers[0], title="Someone else's", owner=manager),
         ActionItem(supplier=suppliers[0], title="Done already", owner=buyer, status="done",
                    done_on=today)]
    )  # fmt: skip
    client = login(buyer)
    with django_assert_max_num_queries(12):
        response = client.get("/actions/")
    assert response.status_code == 200
    page = list(response.context["page"].object_list)
    assert len(page) == 50
    assert all(i.owner_id == buyer.pk and i.status == "open" for i in page)
    overdue = [i.overdue for i in page]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] == 1
    with django_assert_max_num_queries(1):  # the nav badge
        assert services.overdue_count(buyer) == sum(1 for i in range(200) if (i % 7) - 3 < 0)


def test_the_page_shows_only_my_items_and_marks_them_done(login, buyer, supplier_a):
    item = services.create_action_item(
        buyer, supplier_a, {"title": "Call back", "owner": buyer, "due_on": _today()}
    )
    client = login(buyer)
    assert "Call back" in client.get("/actions/").content.decode()
    response = client.post(
        f"/actions/{item.pk}/status", {"status": "done", "version": item.version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


def test_the_edit_page_keeps_input_and_names_the_field_on_error(login, buyer, supplier_a):
    item = services.create_action_item(buyer, supplier_a, {"title": "Call back"})
    response = login(buyer).post(
        f"/actions/{item.pk}/edit",
        {"title": "", "detail": "keep me", "status": "open", "version": item.version},
    )
    assert response.status_code == 400
    assert "keep me" in response.content.decode()
    assert response.context["form"].errors["title"]


def test_a_viewer_reads_but_cannot_change(login, viewer, buyer, supplier_a):
    item = services.create_action_item(buyer, supplier_a, {"title": "Call back"})
    client = login(viewer)
    assert client.get(f"/actions/{item.pk}/edit").status_code == 200
    assert client.post(f"/actions/{item.pk}/status", {"status": "done"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "open"


def test_export_writes_csv_and_xlsx(login, buyer, supplier_a):
    services.create_action_item(buyer, supplier_a, {"title": "=cmd", "owner": buyer})
    client = login(buyer)
    csv = client.get("/actions/export.csv?mine=1")
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,supplier,")
    assert "'=cmd" in text  # never run as a formula
    xlsx = client.get("/actions/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/actions/export.pdf").status_code == 404


# --- API ------------------------------------------------------------------------------------


def test_api_creates_lists_and_patches(buyer, supplier_a):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/action-items"
    created = client.post(
        url, {"title": "Send samples", "owner_id": buyer.pk, "due_on": "2020-01-01"},
        content_type=JSON,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["overdue"] is True and body["owner_name"]
    listed = client.get(url).json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    patched = client.patch(
        f"{API}/action-items/{body['id']}", {"status": "done", "version": 1}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["done_on"] == _today().isoformat()
    stale = client.patch(
        f"{API}/action-items/{body['id']}", {"title": "Again", "version": 1}, content_type=JSON
    )
    assert stale.status_code == 409


def test_api_names_the_field_of_an_unknown_owner(buyer, supplier_a):
    response = token_client(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/action-items",
        {"title": "X", "owner_contact_id": 999999}, content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert error_fields(response) == {"owner_contact_id"}


def test_api_refuses_portal_users_and_other_buyers(portal_user_a, other_buyer, buyer, supplier_a):
    item = services.create_action_item(buyer, supplier_a, {"title": "X"})
    portal = token_client(portal_user_a)
    assert portal.get(f"{API}/suppliers/{supplier_a.pk}/action-items").status_code == 403
    assert (
        portal.get(f"{API}/action-items/{item.pk}").status_code == 404
    )  # not theirs: it does not exist for them
    other = token_client(other_buyer)
    response = other.patch(f"{API}/action-items/{item.pk}", {"title": "Y"}, content_type=JSON)
    assert response.status_code == 403


def test_the_timeline_shows_items_added_and_done(buyer, supplier_a):
    item = services.create_action_item(buyer, supplier_a, {"title": "Audit visit"})
    services.complete_action_item(buyer, item)
    titles = [e.title for e in services.timeline_entries(buyer, supplier_a, None, 10)]
    assert "Action item added: Audit visit" in titles
    assert "Action item done: Audit visit" in titles
