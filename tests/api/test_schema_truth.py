"""The published OpenAPI and the validators agree (issue: an integer was read as a date, a
boolean as a number, and decimal strings were refused although the schema allowed them).
The fuzz test (test_fuzz.py) explores the whole API; these pin the cases by name."""

from __future__ import annotations

import re

import ninja
import pytest

from partnerbook.api import api
from partnerbook.core import currencies
from partnerbook.segmentation.models import MaturityMove, ScoringSettings, SegmentationProfile
from partnerbook.suppliers.models import Supplier
from tests.api import API, error_fields, token_client

JSON = "application/json"
SCHEMAS = api.get_openapi_schema()["components"]["schemas"]


def test_no_two_schemas_share_a_name():
    """ninja names components after classes: a second class of the same name would silently
    replace the first in the published schema (it did, for two SettingsOut)."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(ninja.Schema) if c.__module__.startswith("partnerbook.")]
    names = [c.__name__ for c in ours]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_the_schema_states_the_text_decimal_and_currency_rules():
    name = SCHEMAS["SupplierIn"]["properties"]["name"]
    assert re.search(name["pattern"], "Alpha") and not re.search(name["pattern"], "Al\x00pha")
    assert not re.search(name["pattern"], "   ")  # required text needs a visible character
    spend = SCHEMAS["SupplierIn"]["properties"]["annual_spend"]["anyOf"][0]["anyOf"]
    text = next(s for s in spend if s["type"] == "string")
    assert re.fullmatch(text["pattern"], "1234.56") and not re.fullmatch(text["pattern"], "1.234")
    currency = SCHEMAS["SupplierIn"]["properties"]["currency"]
    assert "EUR" in currency["enum"] and "XYZ" not in currency["enum"]
    assert currency["enum"] == list(currencies.CODES)
    # Left out keeps the value; null is refused, and the schema no longer offers it.
    assert SCHEMAS["SupplierPatch"]["properties"]["name"]["type"] == "string"
    assert "anyOf" not in SCHEMAS["SupplierPatch"]["properties"]["name"]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("1234.56", "1234.56"), (1200, "1200.00"), (1200.0, "1200.00"), ("0.5", "0.50"),
     ("1.234", None), (12.5, None), (True, None), ("1e3", None), (" 12", None), (-1, None)],
)  # fmt: skip
def test_amounts_are_whole_numbers_or_decimal_text(manager, value, accepted):
    response = token_client(manager).post(
        f"{API}/suppliers", {"name": "Gamma", "annual_spend": value}, content_type=JSON
    )
    if accepted is None:
        assert response.status_code == 422, response.content
        assert error_fields(response) == {"annual_spend"}
        assert not Supplier.objects.exists()
    else:
        assert response.status_code == 201, response.content
        assert str(Supplier.objects.get().annual_spend) == accepted


@pytest.mark.parametrize("currency", ["XYZ", "eur", "EURO", ""])
def test_a_currency_must_exist(manager, currency):
    response = token_client(manager).post(
        f"{API}/suppliers", {"name": "Gamma", "currency": currency}, content_type=JSON
    )
    assert response.status_code == 422 and error_fields(response) == {"currency"}


@pytest.mark.parametrize(
    ("value", "status"),
    [(3, 200), (3.0, 200), (3.5, 422), (True, 422), ("3", 422), (None, 200)],
)
def test_an_integer_is_a_number_without_fraction_never_true_or_text(
    manager, supplier_a, value, status
):
    response = token_client(manager).put(
        f"{API}/suppliers/{supplier_a.pk}/segmentation/factors",
        {"criticality": value},
        content_type=JSON,
    )
    assert response.status_code == status, response.content
    stored = SegmentationProfile.objects.filter(supplier=supplier_a).first()
    if status == 200:
        assert stored.criticality == (None if value is None else 3)
    else:
        assert error_fields(response) == {"criticality"}
        assert stored is None or stored.criticality is None


def test_a_boolean_is_not_a_number_in_the_scoring_settings(admin_user):
    response = token_client(admin_user).put(
        f"{API}/segmentation/settings", {"criticality_weight": False}, content_type=JSON
    )
    assert response.status_code == 422 and error_fields(response) == {"criticality_weight"}
    assert not ScoringSettings.objects.filter(criticality_weight=0).exists()


@pytest.mark.parametrize("moved_on", [0, 1700000000, 20250101])
def test_a_number_is_not_a_date(manager, supplier_a, moved_on):
    response = token_client(manager).post(
        f"{API}/suppliers/{supplier_a.pk}/maturity-moves",
        {"to_stage": "cooperative", "evidence": "Joint plan signed", "moved_on": moved_on},
        content_type=JSON,
    )
    assert response.status_code == 422 and error_fields(response) == {"moved_on"}
    assert not MaturityMove.objects.exists()


@pytest.mark.parametrize("field", ["name", "notes", "website"])
def test_text_with_a_nul_character_is_refused_and_nothing_is_saved(manager, field):
    payload = {"name": "Gamma", field: "bad\x00text"}
    response = token_client(manager).post(f"{API}/suppliers", payload, content_type=JSON)
    assert response.status_code == 422 and error_fields(response) == {field}
    assert not Supplier.objects.exists()


def test_text_is_trimmed_after_the_checks(manager):
    response = token_client(manager).post(
        f"{API}/suppliers", {"name": "  Gamma  ", "tags": [" eu "]}, content_type=JSON
    )
    assert response.status_code == 201
    assert Supplier.objects.get().name == "Gamma"


def test_a_single_value_parameter_given_twice_is_refused(viewer, supplier_a):
    response = token_client(viewer).get(f"{API}/suppliers?status=active&status=pilot")
    assert response.status_code == 422 and error_fields(response) == {"status"}


def test_a_name_already_in_use_is_a_conflict(manager, category):
    response = token_client(manager).post(
        f"{API}/categories", {"name": category.name}, content_type=JSON
    )
    assert response.status_code == 409 and error_fields(response) == {"name"}
