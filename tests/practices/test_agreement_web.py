"""Agreements on the Practices tab and their own page, the REST endpoints and the import."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.practices import services
from partnerbook.practices.forms import AgreementForm
from partnerbook.practices.imports import import_agreements
from partnerbook.practices.models import Agreement
from tests.api import API, error_fields, token_client

from .conftest import days_ago
from .test_agreements import TRANSACTIONAL_SECTIONS, supply

pytestmark = pytest.mark.django_db
JSON = "application/json"


def tab(pk: int) -> str:
    return f"/practices/suppliers/{pk}/"


def page(pk: int) -> str:
    return f"/practices/agreements/{pk}/"


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:3000]
    return response.content.decode()


def form_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "supply", "template": "transactional", "signed_on": days_ago(20).isoformat(),
        "expires_on": days_ago(-345).isoformat(), "renewal_notice_days": "60",
        "reference": "SA-77", **TRANSACTIONAL_SECTIONS,
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- pages ----------------------------------------------------------------------------------


def test_the_tab_lists_template_dates_notice_date_and_renewal(login, buyer, viewer, supplier_a):
    agreement = supply(buyer, supplier_a, expires_on=days_ago(-80))
    html = html_of(login(viewer).get(tab(supplier_a.pk)))
    row = html.split(f'id="agreement-{agreement.pk}"')[1].split("</tr>")[0]
    assert "Transactional" in row and days_ago(-20).isoformat() in row
    assert "notice due in 20 days" in row and "not reviewed" in row
    assert 'id="agreement-form"' not in html  # a viewer reads only


def test_the_form_explains_the_suggested_template(login, buyer, supplier_a):
    html = html_of(login(buyer).get(tab(supplier_a.pk)))
    assert 'id="template-suggestion"' in html
    assert "Suggested template: transactional." in html and "maturity stage" in html
    assert "Scope and delivery" in html and "Partnership terms" in html
    assert "(optional)" in html and "required by the transactional template" in html
    assert "<script" not in html.split('id="agreements"')[1] and "style=" not in html


def test_a_contract_is_recorded_from_the_tab_and_missing_sections_are_named(
    login, buyer, supplier_a
):
    client = login(buyer)
    html = html_of(
        client.post(
            f"{tab(supplier_a.pk)}agreements/new",
            form_post(template="collaborative", escalation_path="1:Buyer:5; 3:Director:9"),
        ),  # fmt: skip
        400,
    )
    assert 'id="error-agreement-escalation_path"' in html and "numbered 1, 2, 3" in html
    html = html_of(
        client.post(
            f"{tab(supplier_a.pk)}agreements/new",
            form_post(template="collaborative", escalation_path="1:Buyer:5; 2:Director:9"),
        ),  # fmt: skip
        400,
    )
    assert 'id="error-agreement-service_levels"' in html
    assert "Service levels is required by the collaborative template." in html
    assert not Agreement.objects.exists()
    response = client.post(f"{tab(supplier_a.pk)}agreements/new", form_post())
    assert response.status_code == 302
    made = Agreement.objects.get()
    assert made.reference == "SA-77" and made.renewal_notice_days == 60


def test_the_agreement_page_edits_and_refuses_a_stale_edit(login, buyer, manager, supplier_a):
    agreement = supply(buyer, supplier_a, "collaborative")
    client = login(buyer)
    html = html_of(client.get(page(agreement.pk)))
    assert "Level 2: Category manager and sales director, within 10 days" in html
    assert 'name="version" value="1"' in html
    services.update_agreement(manager, agreement, {"scope": "Boxes, trays"})
    initial = AgreementForm.initial_for(Agreement.objects.get(pk=agreement.pk))
    body = {k: ("" if v is None else v) for k, v in initial.items()}
    body.update(version=1, scope="Only boxes")
    html = html_of(client.post(page(agreement.pk), body), 409)
    assert "Someone else saved this agreement" in html
    agreement.refresh_from_db()
    assert agreement.scope == "Boxes, trays"
    body.update(version=2)
    assert client.post(page(agreement.pk), body).status_code == 302
    agreement.refresh_from_db()
    assert agreement.scope == "Only boxes" and agreement.version == 3


def test_viewers_read_the_agreement_page_but_cannot_write(login, buyer, viewer, supplier_a):
    agreement = supply(buyer, supplier_a)
    client = login(viewer)
    html = html_of(client.get(page(agreement.pk)))
    assert "Corrugated boxes for plant 2" in html and 'id="agreement-form"' not in html
    assert client.post(page(agreement.pk), form_post()).status_code == 403
    assert client.post(f"{tab(supplier_a.pk)}agreements/new", form_post()).status_code == 403


def test_portal_users_get_403_on_every_agreement_page(login, buyer, portal_user_a, supplier_a):
    agreement = supply(buyer, supplier_a)
    client = login(portal_user_a)
    for url in (page(agreement.pk), f"{tab(supplier_a.pk)}agreements.csv",
                "/practices/agreements/export.csv"):  # fmt: skip
        assert client.get(url).status_code == 403


def test_the_export_has_every_agreement_with_its_renewal(login, buyer, viewer, supplier_a):
    supply(buyer, supplier_a, "collaborative", expires_on=days_ago(-80))
    client = login(viewer)
    response = client.get(f"{tab(supplier_a.pk)}agreements.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,supplier,external_id,kind,template")
    assert days_ago(-20).isoformat() in text and "1:Buyer and account manager:5" in text
    xlsx = client.get("/practices/agreements/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_tab_runs_a_fixed_number_of_queries_with_many_agreements(
    login, buyer, supplier_a, django_assert_max_num_queries
):
    def add(n: int) -> None:
        Agreement.objects.bulk_create(
            Agreement(supplier=supplier_a, kind=["supply", "mutual_nda", "framework"][i % 3],
                      template="transactional" if i % 3 != 1 else "",
                      signed_on=dt.date(2025, 1, 1) + dt.timedelta(days=i % 300),
                      expires_on=dt.date(2027, 1, 1) + dt.timedelta(days=i % 200),
                      renewal_notice_days=30 if i % 2 else None, reference=f"R-{i}",
                      archived=i % 10 == 0)
            for i in range(n)
        )  # fmt: skip

    client = login(buyer)
    add(5)
    with django_assert_max_num_queries(40) as small:
        html_of(client.get(tab(supplier_a.pk)))
    add(400)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(tab(supplier_a.pk)))
    assert html.count('<tr id="agreement-') == 405 - 41


# --- API ------------------------------------------------------------------------------------


def api_body(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "supply", "template": "collaborative", "signed_on": days_ago(30).isoformat(),
        "expires_on": days_ago(-335).isoformat(), "renewal_notice_days": 90, "reference": "SA-9",
        **TRANSACTIONAL_SECTIONS, "service_levels": "98% OTIF",
        "performance_guarantees": "Credits", "dispute_resolution": "Mediation",
        "escalation_path": [{"level": 1, "who": "Buyer", "time_box_days": 5}],
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_api_records_reads_and_patches_an_agreement(buyer, viewer, supplier_a):
    client = token_client(buyer)
    created = client.post(
        f"{API}/suppliers/{supplier_a.pk}/agreements", api_body(), content_type=JSON
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["template"] == "collaborative" and body["suggested_template"] == "transactional"
    assert body["escalation_path"] == [{"level": 1, "who": "Buyer", "time_box_days": 5}]
    assert body["renewal"]["notice_on"] == days_ago(-245).isoformat()
    assert "service_levels" in body["required_sections"]
    got = token_client(viewer).get(f"{API}/agreements/{body['id']}")
    assert got.status_code == 200 and got.json()["scope"] == TRANSACTIONAL_SECTIONS["scope"]
    patched = client.patch(
        f"{API}/agreements/{body['id']}",
        {"legal_reviewed_on": days_ago(1).isoformat(), "legal_reviewer": "Lena", "version": 1},
        content_type=JSON,
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["legal_reviewer"] == "Lena" and patched.json()["version"] == 2
    stale = client.patch(f"{API}/agreements/{body['id']}", {"scope": "X", "version": 1},
                         content_type=JSON)  # fmt: skip
    assert stale.status_code == 409
    listed = client.get(f"{API}/suppliers/{supplier_a.pk}/agreements").json()
    assert [a["id"] for a in listed] == [body["id"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"service_levels": ""}, "service_levels"),
        ({"template": "bespoke"}, "template"),
        ({"escalation_path": [{"level": 2, "who": "X", "time_box_days": 5}]}, "escalation_path"),
        ({"escalation_path": [{"level": 1, "who": "X", "time_box_days": 0}]}, "escalation_path"),
        ({"renewal_notice_days": -1}, "renewal_notice_days"),
        ({"renewal_notice_days": "ten"}, "renewal_notice_days"),
        ({"legal_reviewed_on": days_ago(1).isoformat()}, "legal_reviewer"),
        ({"gain_share": "50/50"}, "gain_share"),
    ],
)
def test_bad_agreement_input_is_a_4xx_naming_the_field(buyer, supplier_a, changes, field):
    response = token_client(buyer).post(
        f"{API}/suppliers/{supplier_a.pk}/agreements", api_body(**changes), content_type=JSON
    )
    assert response.status_code in (400, 422), response.content
    assert any(field in f for f in error_fields(response)), response.json()
    assert not Agreement.objects.exists()


def test_a_patch_leaving_a_required_section_empty_is_a_400(buyer, supplier_a):
    agreement = supply(buyer, supplier_a)
    response = token_client(buyer).patch(
        f"{API}/agreements/{agreement.pk}", {"deliverables": ""}, content_type=JSON
    )
    assert response.status_code == 400 and error_fields(response) == {"deliverables"}
    agreement.refresh_from_db()
    assert agreement.deliverables


def test_agreement_endpoints_refuse_portal_users_and_non_editors(
    buyer, viewer, portal_user_a, supplier_a
):
    agreement = supply(buyer, supplier_a)
    portal = token_client(portal_user_a)
    assert portal.get(f"{API}/agreements/{agreement.pk}").status_code == 403
    assert portal.patch(f"{API}/agreements/{agreement.pk}", {"scope": "X"},
                        content_type=JSON).status_code == 403  # fmt: skip
    assert token_client(viewer).patch(f"{API}/agreements/{agreement.pk}", {"scope": "X"},
                                      content_type=JSON).status_code == 403  # fmt: skip
    assert token_client(viewer).get(f"{API}/agreements/999999").status_code == 404


# --- import ---------------------------------------------------------------------------------

HEADER = ("supplier,kind,template,reference,signed_on,expires_on,renewal_notice_days,scope,"
          "deliverables,payment_terms,termination,escalation_path,legal_reviewed_on,"
          "legal_reviewer\n")  # fmt: skip


def test_the_import_records_agreements_and_never_duplicates(manager, supplier_a):
    row = (f"{supplier_a.name},supply,transactional,SA-1,{days_ago(50)},{days_ago(-300)},60,"
           f"Boxes,Boxes monthly,60 days,90 days notice,1:Buyer:5; 2:Director:10,"
           f"{days_ago(40)},Lena\n")  # fmt: skip
    content = (HEADER + row).encode()
    first = import_agreements(manager, content, "agreements.csv")
    assert first.applied and first.created == 1, [str(e) for e in first.errors]
    made = Agreement.objects.get()
    assert made.escalation_path[1] == {"level": 2, "who": "Director", "time_box_days": 10}
    assert made.legal_reviewer == "Lena" and made.renewal_notice_days == 60
    again = import_agreements(manager, content, "agreements.csv")
    assert again.created == 0 and again.unchanged == 1 and Agreement.objects.count() == 1


def test_an_import_with_errors_names_row_and_column_and_changes_nothing(manager, supplier_a):
    good = (f"{supplier_a.name},supply,transactional,SA-1,{days_ago(50)},,,"
            "Boxes,Boxes monthly,60 days,90 days notice,,,\n")  # fmt: skip
    missing = f"{supplier_a.name},supply,transactional,SA-2,{days_ago(50)},,,Boxes,,60 days,x,,,\n"
    bad_path = f"{supplier_a.name},framework,,SA-3,{days_ago(5)},,,,,,,1:Buyer:5; 3:CEO:9,,\n"
    unknown = f"Nobody Ltd,supply,transactional,SA-4,{days_ago(5)},,,a,b,c,d,,,\n"
    bad_date = f"{supplier_a.name},other,,SA-5,31/12/2025,,,,,,,,,\n"
    content = (HEADER + good + missing + bad_path + unknown + bad_date).encode()
    result = import_agreements(manager, content, "agreements.csv")
    assert result.blocked and not result.applied
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "deliverables"), (4, "escalation_path"), (5, "supplier"), (6, "signed_on")}
    reasons = {e.column: e.reason for e in result.errors}
    assert reasons["deliverables"] == "Deliverables is required by the transactional template."
    assert not Agreement.objects.exists()


def test_the_import_kind_is_registered():
    from partnerbook.core import registry

    kind = registry.import_kind("agreements")
    assert kind is not None and "escalation_path" in kind.columns and "supplier" in kind.columns
