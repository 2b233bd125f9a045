"""The Excel template of every import kind: headers, drop-downs, the explanation sheet, the
example row (which the kind's own import accepts), and who may download it."""

from __future__ import annotations

import io
import subprocess  # noqa: F401 (kept for parity with CLI tests)

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from partnerbook.accounts.models import Role
from partnerbook.accounts.policy import can
from partnerbook.core import import_templates, registry
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.import_columns import (
    EXAMPLE_EXTERNAL_ID,
    EXAMPLE_SUPPLIER,
    EXAMPLE_USERNAME,
)
from tests.factories import CategoryFactory, UserFactory

KINDS = [kind.key for kind in registry.import_kinds()]


def workbook_of(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_every_column_of_every_kind_is_described():
    missing = [
        f"{kind.key}.{name}"
        for kind in registry.import_kinds()
        for name in kind.columns
        if kind.column_info(name) is None or not kind.column_info(name).description  # type: ignore[union-attr]
    ]
    assert missing == []
    extra = [
        f"{kind.key}.{c.name}"
        for kind in registry.import_kinds()
        for c in kind.column_help
        if c.name not in kind.columns
    ]
    assert extra == []


@pytest.mark.django_db
@pytest.mark.parametrize("key", KINDS)
def test_the_template_has_the_columns_drop_downs_and_explanations(key, admin_user, login):
    kind = registry.import_kind(key)
    assert kind is not None
    CategoryFactory(name="Packaging")
    response = login(admin_user).get(reverse("suppliers:import_template", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"] == import_templates.MIME_TYPE
    assert f"partnerbook-import-{key}.xlsx" in response["Content-Disposition"]
    book = workbook_of(response.content)
    assert book.sheetnames[:2] == ["Data", "Columns"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header == list(kind.columns)
    assert data.freeze_panes == "A2"
    assert all(c.font.bold for c in data[1])
    columns = import_templates.template_columns(kind)
    validated = {
        data.cell(row=1, column=int(ref.min_col)).value
        for dv in data.data_validations.dataValidation
        for ref in dv.sqref.ranges
    }
    assert validated == {c.name for c in columns if c.choices}
    explained = book["Columns"]
    rows = [[cell.value for cell in row] for row in explained.iter_rows(min_row=2, max_col=5)]
    assert [r[0] for r in rows[: len(columns)]] == list(kind.columns)
    assert all(r[2] for r in rows[: len(columns)])
    assert any("Row 2 of the Data sheet is an example" in str(r[0]) for r in rows)
    if "Lists" in book.sheetnames:
        assert book["Lists"].sheet_state == "hidden"


@pytest.mark.django_db
def test_long_lists_point_at_the_hidden_lists_sheet(admin_user, login):
    response = login(admin_user).get(reverse("suppliers:import_template", args=["suppliers"]))
    data = workbook_of(response.content)["Data"]
    by_column = {
        data.cell(row=1, column=int(next(iter(dv.sqref.ranges)).min_col)).value: dv.formula1
        for dv in data.data_validations.dataValidation
    }
    assert by_column["country"].startswith("'Lists'!$")
    assert (
        by_column["status"]
        == '"'
        + ",".join(["prospect", "vetting", "pilot", "active", "reserve", "phasing_out", "exited"])
        + '"'
    )


@pytest.mark.django_db
def test_unknown_kind_is_404(admin_user, login):
    response = login(admin_user).get(reverse("suppliers:import_template", args=["nope"]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("key", KINDS)
def test_only_people_allowed_the_kinds_import_may_download(key, viewer, portal_user_a, login):
    kind = registry.import_kind(key)
    url = reverse("suppliers:import_template", args=[key])
    expected = 200 if can(viewer, kind.action) else 403
    assert login(viewer).get(url).status_code == expected
    assert login(portal_user_a).get(url).status_code == 403
    assert login(viewer).get(url.replace(key, "nope")).status_code in (403, 404)


@pytest.mark.django_db
def test_download_makes_a_bounded_number_of_queries(
    admin_user, login, django_assert_max_num_queries
):
    for n in range(30):
        CategoryFactory(name=f"Category {n}")
        UserFactory(username=f"person{n}", role=Role.BUYER)
    client = login(admin_user)
    for key in KINDS:
        with django_assert_max_num_queries(8):
            client.get(reverse("suppliers:import_template", args=[key]))


def test_the_cli_writes_a_template(tmp_path, db):
    target = tmp_path / "suppliers.xlsx"
    out = io.StringIO()
    call_command("importtemplate", "suppliers", "--output", str(target), stdout=out)
    assert [c.value for c in workbook_of(target.read_bytes())["Data"][1]] == list(
        registry.import_kind("suppliers").columns
    )


def test_the_cli_refuses_another_file_type(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="xlsx"):
        call_command("importtemplate", "suppliers", "--output", str(tmp_path / "x.csv"))


# The example row passes the kind's own dry run ---------------------------------------------


@pytest.fixture
def example_world(admin_user, manager):
    """The made-up records the examples name: supplier EX-001 (with its default KPIs and an
    onboarding plan), its backup EX-002, category Packaging, user jane.buyer, a sourcing
    project and a gain-share agreement."""
    import datetime as dt

    from partnerbook.economics import services as economics
    from partnerbook.onboarding import services as onboarding
    from partnerbook.performance import services as performance
    from partnerbook.sourcing import services as sourcing

    category = CategoryFactory(name="Packaging")
    UserFactory(username=EXAMPLE_USERNAME, role=Role.BUYER)
    supplier = supplier_services.create_supplier(
        manager,
        {"name": EXAMPLE_SUPPLIER, "category": category, "status": "active",
         "external_id": EXAMPLE_EXTERNAL_ID, "country": "DE", "currency": "EUR"},
    )  # fmt: skip
    supplier_services.create_supplier(
        manager, {"name": "Example Backup Ltd", "category": category, "external_id": "EX-002"}
    )
    performance.install_default_kpis(admin_user)
    onboarding.create_plan(admin_user, supplier, {"point_of_contact": admin_user})
    project = sourcing.create_project(
        admin_user,
        {"title": "Example project", "category": category, "owner": admin_user,
         "target_date": dt.date(2027, 3, 1), "need": "A second source."},
    )  # fmt: skip
    agreement = economics.create_agreement(
        admin_user,
        supplier,
        {"title": "Freight savings", "baseline": "Freight in 2025", "baseline_amount": "10000",
         "currency": "EUR", "period_kind": "quarter", "supplier_saving_pct": "40",
         "supplier_overrun_pct": "50", "starts_on": dt.date(2025, 1, 1)},
    )  # fmt: skip
    return {"project_id": str(project.pk), "agreement_id": str(agreement.pk)}


def example_file(kind, replace: dict[str, str] | None = None) -> bytes:
    book = workbook_of(import_templates.build_template(kind))
    data = book["Data"]
    for cell in data[1]:
        if replace and cell.value in replace:
            data.cell(row=2, column=cell.column, value=replace[cell.value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Kinds whose example is about a record another kind's example makes (criteria and
# candidates of a project, an issue): those run for real first, in this order.
SAVED_FIRST = ("sourcing_criteria", "sourcing_candidates", "issues")


@pytest.mark.django_db
def test_the_example_rows_pass_their_imports_dry_run(example_world, admin_user):
    from partnerbook.conflicts.models import SupplierIssue

    ids = dict(example_world)
    judgement = {"key": "collaboration", "name": "Collaboration", "kind": "judgement",
                 "direction": "higher", "unit": "", "target": "80", "yellow_threshold": "70",
                 "red_threshold": "50", "category": ""}  # fmt: skip
    kpis = registry.import_kind("kpis")
    assert kpis.run(admin_user, example_file(kpis, judgement), "kpi.xlsx").applied
    for key in SAVED_FIRST:
        kind = registry.import_kind(key)
        result = kind.run(admin_user, example_file(kind, ids), "example.xlsx")
        assert result.applied, (key, [str(e) for e in result.errors])
    ids["issue_id"] = str(SupplierIssue.objects.get().pk)
    problems = {}
    for kind in registry.import_kinds():
        result = kind.run(admin_user, example_file(kind, ids), "example.xlsx", dry_run=True)
        if result.error_count:
            problems[kind.key] = [str(e) for e in result.errors]
    assert problems == {}
