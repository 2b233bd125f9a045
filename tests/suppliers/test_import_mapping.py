"""Column mapping on every import: ERP exports read through synonyms and saved profiles, in
the CLI, the import page and the API; value clean-ups; bad input."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from partnerbook.accounts.services import create_api_token
from partnerbook.core import registry
from partnerbook.suppliers import mapping_services
from partnerbook.suppliers.imports import import_suppliers
from partnerbook.suppliers.models import Category, ImportMapping, Supplier
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
ERPNEXT = SAMPLES / "erpnext_suppliers.csv"
ODOO = SAMPLES / "odoo_vendors.csv"
SAP = SAMPLES / "sap_vendor_master.csv"


@pytest.fixture
def groups(db):
    """The supplier groups of the ERPNext sample, as Partnerbook categories."""
    return [CategoryFactory(name=n) for n in ("Packaging", "Logistics", "Electronics", "Services")]


def erpnext_profile(actor):
    return mapping_services.create_mapping(
        actor,
        {"name": "ERPNext suppliers", "kind": "suppliers",
         "ignored": ["Supplier Type", "Tax ID", "Disabled"]},
    )  # fmt: skip


def odoo_profile(actor):
    return mapping_services.create_mapping(
        actor,
        {"name": "Odoo vendors", "kind": "suppliers", "decimal_comma": True,
         "columns": {"Company Type": "__ignore__"},
         "ignored": ["Street", "City", "Phone", "Email"]},
    )  # fmt: skip


def sap_profile(actor):
    return mapping_services.create_mapping(
        actor,
        {"name": "SAP LFA1", "kind": "suppliers",
         "ignored": ["ORT01", "PSTLZ", "STRAS", "SPERR", "ERDAT"]},
    )  # fmt: skip


def error_map(result):
    return {(e.row, e.column): e.reason for e in result.errors}


# Recognition and the central step ------------------------------------------------------------


def test_without_a_mapping_the_unrecognised_erpnext_columns_are_reported_by_their_title(
    manager, groups
):
    result = import_suppliers(manager, ERPNEXT.read_bytes(), "erpnext.csv")
    assert result.blocked and not Supplier.objects.exists()
    assert {column for _, column in error_map(result)} == {"Supplier Type", "Tax ID", "Disabled"}


def test_a_plain_dict_maps_and_leaves_out_columns(manager, groups):
    mapping = {"Supplier Type": "__ignore__", "Tax ID": "__ignore__", "Disabled": "__ignore__"}
    result = import_suppliers(manager, ERPNEXT.read_bytes(), "erpnext.csv", mapping=mapping)
    assert not result.errors, result.errors
    assert result.created == 5
    nordic = Supplier.objects.get(external_id="SUP-2024-00002")
    assert (nordic.name, nordic.country.code, nordic.currency) == ("Nordic Freight AB", "SE", "SEK")
    assert nordic.category.name == "Logistics"
    lakeshore = Supplier.objects.get(external_id="SUP-2024-00004")
    assert (lakeshore.country.code, lakeshore.currency) == ("US", "USD")


def test_errors_of_a_mapped_file_name_the_files_own_column_and_change_nothing(manager, groups):
    profile = erpnext_profile(manager)
    bad = (
        ERPNEXT.read_text().replace("Sweden", "Atlantis").replace("EUR,rheinland", "EURO,rheinland")
    )
    result = import_suppliers(manager, bad.encode(), "erpnext.csv", mapping=profile)
    assert result.blocked and not Supplier.objects.exists()
    errors = error_map(result)
    assert "not a country" in errors[(3, "Country")]
    assert (2, "Billing Currency") in errors


def test_every_registered_import_kind_takes_a_mapping():
    import inspect

    for kind in registry.import_kinds():
        assert "mapping" in inspect.signature(kind.run).parameters, kind.key


def test_measurements_read_with_synonyms_and_a_months_first_day(manager, supplier_a):
    from partnerbook.performance import services as performance
    from partnerbook.performance.kpi_io import import_measurements

    performance.define_kpi(
        manager,
        {"key": "otd", "name": "On time", "kind": "custom", "direction": "higher",
         "target": 95, "yellow_threshold": 90, "red_threshold": 85},
    )  # fmt: skip
    data = "Vendor ID;Metric;Reporting Month;Measured Value\nERP-A;otd;01.03.2026;97,5\n"
    mapping = mapping_services.create_mapping(
        manager, {"name": "KPI feed", "kind": "measurements", "decimal_comma": True}
    )
    result = import_measurements(manager, data.encode(), "kpi.csv", mapping=mapping)
    assert not result.errors, result.errors
    assert result.created == 1


def test_spend_with_erp_titles_and_decimal_commas(manager, supplier_a):
    from partnerbook.risk.imports import import_spend
    from partnerbook.risk.models import SpendLine

    data = "LIFNR;Posting Period;DMBTR;WAERS\nERP-A;003/2026;1.234,56;eur\n"
    profile = mapping_services.create_mapping(
        manager, {"name": "SAP spend", "kind": "spend", "decimal_comma": True}
    )
    result = import_spend(manager, data.encode(), "spend.csv", mapping=profile)
    assert not result.errors, result.errors
    line = SpendLine.objects.get()
    assert (line.amount, line.currency, line.period.isoformat()) == (
        Decimal("1234.56"), "EUR", "2026-03-01",
    )  # fmt: skip


def test_deliveries_stream_through_the_same_mapping(manager, supplier_a):
    from partnerbook.performance.imports import import_deliveries

    data = (
        "Purchase Order Line,Vendor ID,Order Date,Promised Date,Quantity Ordered,Received Date,"
        "Quantity Received,Plant\n"
        "4500001-10,ERP-A,03/02/2026,03/16/2026,100,03/15/2026,100,1000\n"
    )
    profile = mapping_services.create_mapping(
        manager,
        {"name": "Dynamics lines", "kind": "deliveries", "date_order": "month_first",
         "ignored": ["Plant"]},
    )  # fmt: skip
    result = import_deliveries(manager, data.encode(), "lines.csv", mapping=profile)
    assert not result.errors, result.errors
    assert result.created == 1
    from partnerbook.performance.models import DeliveryLine

    line = DeliveryLine.objects.get()
    assert line.ordered_on.isoformat() == "2026-03-02"
    assert line.promised_on.isoformat() == "2026-03-16"


def test_interactions_recognise_a_date_column_and_day_first_dates(manager, supplier_a):
    from partnerbook.relationship.imports import import_interactions

    data = (
        "Vendor ID,Activity Date,Activity Type,Subject,Initiated By\n"
        "ERP-A,14.01.2026,call,Forecast,ours\n"
    )
    result = import_interactions(manager, data.encode(), "crm.csv")
    assert not result.errors, result.errors
    assert result.created == 1


# The three samples, through a saved profile: CLI ---------------------------------------------


def test_the_erpnext_sample_imports_through_a_profile_on_the_cli(manager, admin_user, groups):
    erpnext_profile(manager)
    out = io.StringIO()
    call_command("importdata", "suppliers", str(ERPNEXT), "--mapping", "ERPNext suppliers",
                 stdout=out)  # fmt: skip
    assert "5 created" in out.getvalue()
    assert Supplier.objects.get(external_id="SUP-2024-00001").country.code == "DE"


def test_the_odoo_sample_imports_through_a_profile_on_the_cli(manager, admin_user):
    odoo_profile(manager)
    call_command("importdata", "suppliers", str(ODOO), "--mapping", "odoo vendors",
                 stdout=io.StringIO())  # fmt: skip
    brasserie = Supplier.objects.get(external_id="__export__.res_partner_41_8c1e7a2f")
    assert brasserie.country.code == "BE"
    assert brasserie.annual_spend == Decimal("48250.00")
    assert brasserie.website == "https://brasserie-technique.example"
    assert Supplier.objects.count() == 3


def test_the_sap_sample_imports_through_a_profile_on_the_cli(manager, admin_user):
    sap_profile(manager)
    call_command("importdata", "suppliers", str(SAP), "--mapping", "SAP LFA1",
                 stdout=io.StringIO())  # fmt: skip
    alpen = Supplier.objects.get(external_id="0000100234")
    assert (alpen.name, alpen.legal_name, alpen.country.code, alpen.currency) == (
        "Alpenstahl", "Alpenstahl Walzwerk AG", "AT", "EUR",
    )  # fmt: skip
    assert Supplier.objects.count() == 3


def test_an_unknown_profile_on_the_cli_is_a_clear_error_with_exit_code_2(admin_user):
    with pytest.raises(CommandError, match="No saved mapping is called 'Nope'") as caught:
        call_command("importdata", "suppliers", str(SAP), "--mapping", "Nope")
    assert caught.value.returncode == 2
    assert not Supplier.objects.exists()


def test_a_profile_for_another_kind_is_refused_on_the_cli(manager, admin_user):
    mapping_services.create_mapping(manager, {"name": "Spend feed", "kind": "spend"})
    with pytest.raises(CommandError, match="for spend files") as caught:
        call_command("importdata", "suppliers", str(SAP), "--mapping", "Spend feed")
    assert caught.value.returncode == 2


# The import page -----------------------------------------------------------------------------


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


@pytest.mark.parametrize(
    ("sample", "make_profile"),
    [(ERPNEXT, erpnext_profile), (ODOO, odoo_profile), (SAP, sap_profile)],
)
def test_each_sample_imports_through_its_profile_on_the_import_page(
    login, manager, groups, sample, make_profile
):
    profile = make_profile(manager)
    response = login(manager).post(
        "/suppliers/import/",
        {"kind": "suppliers", "file": upload(sample), "mapping": str(profile.pk)},
    )
    assert response.status_code == 200
    assert "Import done" in response.content.decode(), response.content.decode()[:3000]
    assert Supplier.objects.count() == sample.read_text().count("\n") - 1


def test_the_mapping_step_shows_the_first_rows_and_a_choice_per_unrecognised_column(login, manager):
    response = login(manager).post(
        "/suppliers/import/columns/", {"kind": "suppliers", "file": upload(SAP)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for title in ("ORT01", "PSTLZ", "STRAS", "SPERR", "ERDAT"):
        assert f'value="{title}"' in page
    assert 'name="title_0"' not in page  # LIFNR is recognised
    assert "→ external_id" in page and "→ country" in page and "not recognised" in page
    assert "Alpenstahl Walzwerk AG" in page and "Leave this column out" in page


def test_choices_of_the_mapping_step_import_and_are_saved_as_a_profile(login, manager, groups):
    client = login(manager)
    data = {
        "kind": "suppliers", "file": upload(ERPNEXT), "mapping_step": "1",
        "title_3": "Supplier Type", "column_3": "__ignore__",
        "title_7": "Tax ID", "column_7": "__ignore__",
        "title_8": "Disabled", "column_8": "__ignore__",
        "date_order": "day_first", "save_as": "ERPNext (web)",
    }  # fmt: skip
    response = client.post("/suppliers/import/", data)
    assert "Import done" in response.content.decode()
    profile = ImportMapping.objects.get(name="ERPNext (web)")
    assert profile.kind == "suppliers" and profile.created_by == manager
    assert sorted(profile.ignored) == ["Disabled", "Supplier Type", "Tax ID"]
    assert profile.history.count() == 1


def test_without_a_choice_the_unknown_column_is_reported(login, manager, groups):
    data = {"kind": "suppliers", "file": upload(ERPNEXT), "mapping_step": "1",
            "title_3": "Supplier Type", "column_3": ""}  # fmt: skip
    page = login(manager).post("/suppliers/import/", data).content.decode()
    assert "Unknown column" in page and "Supplier Type" in page
    assert not Supplier.objects.exists()


def test_two_columns_chosen_for_one_field_is_an_error_and_nothing_is_imported(login, manager):
    data = {"kind": "suppliers", "file": upload(SAP), "mapping_step": "1",
            "title_4": "ORT01", "column_4": "notes",
            "title_6": "STRAS", "column_6": "notes"}  # fmt: skip
    page = login(manager).post("/suppliers/import/", data).content.decode()
    assert "both go to" in page
    assert not Supplier.objects.exists()


def test_a_profile_of_another_kind_is_refused_on_the_page(login, manager):
    profile = mapping_services.create_mapping(manager, {"name": "Spend feed", "kind": "spend"})
    page = (
        login(manager)
        .post(
            "/suppliers/import/", {"kind": "suppliers", "file": upload(SAP), "mapping": profile.pk}
        )
        .content.decode()
    )
    assert "for another kind of file" in page
    assert not Supplier.objects.exists()


def test_the_mapping_step_explains_an_unreadable_file(login, manager):
    bad = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    page = login(manager).post("/suppliers/import/columns/", {"kind": "suppliers", "file": bad})
    assert page.status_code == 200
    assert "Upload a .csv or .xlsx file." in page.content.decode()
    assert "Choose" in login(manager).post("/suppliers/import/columns/", {}).content.decode()


def test_the_mapping_step_is_for_importers_only(login, viewer, portal_user_a):
    for user in (viewer, portal_user_a):
        response = login(user).post("/suppliers/import/columns/", {"kind": "suppliers"})
        assert response.status_code == 403


# Profiles: services and API ------------------------------------------------------------------


def test_a_profile_sending_two_columns_to_one_field_is_a_field_error(manager):
    with pytest.raises(ValidationError) as caught:
        mapping_services.create_mapping(
            manager,
            {"name": "Twice", "kind": "suppliers", "columns": {"NAME1": "name", "Vendor": "name"}},
        )
    assert "columns" in caught.value.message_dict
    assert not ImportMapping.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "kind": "nope"}, "kind"),
        ({"name": "X", "kind": "suppliers", "columns": {"A": "colour"}}, "columns"),
        ({"name": "X", "kind": "suppliers", "columns": {"A": "name"}, "ignored": ["A"]}, "ignored"),
        ({"name": "", "kind": "suppliers"}, "name"),
    ],
)
def test_bad_profiles_are_field_errors(manager, data, field):
    with pytest.raises(ValidationError) as caught:
        mapping_services.create_mapping(manager, data)
    assert field in caught.value.message_dict


def test_managing_profiles_needs_supplier_import(viewer, portal_user_a):
    for user in (viewer, portal_user_a):
        with pytest.raises(PermissionDenied):
            mapping_services.create_mapping(user, {"name": "X", "kind": "suppliers"})


def api_client(client, user):
    token = create_api_token(user, "test")[1]
    return lambda method, path, data=None: getattr(client, method)(
        f"/api/v1{path}", data, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip


def test_the_api_creates_reads_changes_and_deletes_profiles(client, manager):
    call = api_client(client, manager)
    created = call("post", "/import-mappings", {
        "name": "SAP LFA1", "kind": "suppliers", "columns": {"ORT01": "__ignore__"},
        "ignored": ["PSTLZ"], "date_order": "day_first", "decimal_comma": False,
    })  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["columns"] == {} and sorted(body["ignored"]) == ["ORT01", "PSTLZ"]
    path = f"/import-mappings/{body['id']}"
    assert call("get", path).json()["name"] == "SAP LFA1"
    assert call("get", "/import-mappings").json()["count"] == 1
    changed = call("put", path, {"name": "SAP vendors", "kind": "suppliers",
                                 "columns": {"STRAS": "notes"}, "decimal_comma": True})  # fmt: skip
    assert changed.status_code == 200
    assert changed.json()["columns"] == {"STRAS": "notes"} and changed.json()["decimal_comma"]
    assert call("delete", path).status_code == 204
    assert call("get", path).status_code == 404


def test_api_errors_name_the_field(client, manager):
    call = api_client(client, manager)
    call("post", "/import-mappings", {"name": "Taken", "kind": "suppliers"})
    response = call("post", "/import-mappings", {"name": "taken", "kind": "suppliers"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"
    response = call("post", "/import-mappings", {
        "name": "Twice", "kind": "suppliers", "columns": {"A": "name", "B": "name"}})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "columns"


def test_the_api_refuses_people_who_may_not_import(client, manager, viewer, portal_user_a):
    profile = erpnext_profile(manager)
    # A viewer may import checklist ticks only, so sees that kind's profiles alone.
    assert api_client(client, viewer)("get", "/import-mappings").json()["count"] == 0
    assert api_client(client, portal_user_a)("get", "/import-mappings").status_code == 403
    for user in (viewer, portal_user_a):
        call = api_client(client, user)
        assert call("get", f"/import-mappings/{profile.pk}").status_code in (403, 404)
        assert (
            call("post", "/import-mappings", {"name": "X", "kind": "suppliers"}).status_code == 403
        )
        assert call("delete", f"/import-mappings/{profile.pk}").status_code in (403, 404)
    assert ImportMapping.objects.count() == 1


def test_listing_profiles_takes_a_fixed_number_of_queries(
    client, manager, django_assert_max_num_queries
):
    for number in range(30):
        mapping_services.create_mapping(manager, {"name": f"Profile {number}", "kind": "suppliers"})
    call = api_client(client, manager)
    with django_assert_max_num_queries(8):
        response = call("get", "/import-mappings?limit=100")
    assert response.json()["count"] == 30


def test_a_category_named_by_the_supplier_group_is_needed(manager):
    profile = erpnext_profile(manager)
    result = import_suppliers(manager, ERPNEXT.read_bytes(), "erpnext.csv", mapping=profile)
    assert result.blocked
    assert "No category is called 'Packaging'" in error_map(result)[(2, "Supplier Group")]
    assert not Category.objects.exists()


@pytest.mark.django_db
def test_the_import_page_shows_a_help_text_shared_word_for_word_once(login, manager):
    html = login(manager).get("/suppliers/import/").content.decode()

    # The five risk files share one text; the texts drawn per kind stay, one per kind.
    assert html.count("<strong>financial_ratings</strong>") == 1
    for key in ("issue_steps", "referrals", "wins"):
        assert f'id="{key}-columns"' in html
