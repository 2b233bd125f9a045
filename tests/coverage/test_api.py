"""GET /api/v1/suppliers/{id}/coverage: the classification with everything behind it."""

from __future__ import annotations

import pytest

from tests.api import API, token_client

from .conftest import days_ago, log, make_partnership

pytestmark = pytest.mark.django_db


def url(pk: int) -> str:
    return f"{API}/suppliers/{pk}/coverage"


def test_a_partnership_bow_tie_is_a_concern(manager, viewer, buyer, supplier_a, people_a):
    for n in range(4):
        log(buyer, supplier_a, days_ago(10 + n), [people_a["their_ops"]], [buyer])
    make_partnership(manager, supplier_a)

    response = token_client(viewer).get(url(supplier_a.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["classification"] == "bow-tie" and body["concern"] is True
    assert body["interactions"] == 4 and body["unnamed"] == 0
    assert body["pair"]["ours"] == "Ben Buyer" and body["pair"]["together"] == 4
    rows = {row["our_level"]: row for row in body["grid"]}
    assert set(rows) == {"executive", "management", "operational", "unknown"}
    assert rows["operational"] == {"our_level": "operational", "executive": 0,
                                   "management": 0, "operational": 4}  # fmt: skip
    assert "Our management never met their management." in body["missing_links"]
    assert body["explanation"][0] == body["summary"]
    assert "management level" in body["meaning"]
    assert body["their_functions"] == [{"function": "logistics", "interactions": 4}]


def test_a_transactional_bow_tie_is_no_concern(viewer, buyer, supplier_a, people_a):
    for days in (3, 20, 40):
        log(buyer, supplier_a, days_ago(days), [people_a["their_ops"]], [buyer])

    body = token_client(viewer).get(url(supplier_a.pk)).json()

    assert body["classification"] == "bow-tie"
    assert body["concern"] is False and body["expects_depth"] is False
    assert "fine" in body["meaning"]


def test_no_contact(viewer, supplier_a):
    body = token_client(viewer).get(url(supplier_a.pk)).json()
    assert body["classification"] == "no contact" and body["pair"] is None
    assert body["missing_links"] == []


def test_portal_users_are_refused_even_for_their_own_supplier(portal_user_a, supplier_a,
                                                              supplier_b):  # fmt: skip
    client = token_client(portal_user_a)
    assert client.get(url(supplier_a.pk)).status_code in (403, 404)
    assert client.get(url(supplier_b.pk)).status_code in (403, 404)


def test_unknown_supplier_is_404_and_anonymous_is_401(client, viewer):
    assert token_client(viewer).get(url(999999)).status_code == 404
    assert client.get(url(1)).status_code in (401, 403)
