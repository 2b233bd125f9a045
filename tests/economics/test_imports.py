from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from partnerbook.core import registry
from partnerbook.economics import services
from partnerbook.economics.models import Benefit, CostEntry, Payout, SavingsEntry, TimeLog

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def run(kind, actor, text, **kwargs):
    return registry.import_kind(kind).run(actor, text.encode(), "file.csv", **kwargs)


def test_time_logs_import_once_and_never_duplicate(manager, supplier_a):
    text = (
        "external_id,day,hours,activity,note,reference\n"
        f"ERP-A,{days_ago(3)},2.5,joint_project,Tooling trial,T-1\n"
        f"ERP-A,{days_ago(2)},1,travel,,\n"
    )
    first = run("time_logs", manager, text)
    again = run("time_logs", manager, text)

    assert (first.created, first.applied) == (2, True)
    assert (again.created, again.unchanged) == (0, 2)
    assert TimeLog.objects.count() == 2


def test_a_file_with_an_error_changes_nothing_and_says_where(manager, supplier_a):
    text = (
        "supplier,day,hours,activity\n"
        f"Alpha Packaging,{days_ago(3)},2,travel\n"
        f"Alpha Packaging,{days_ago(3)},30,golf\n"
        f"Nobody,{days_ago(3)},1,travel\n"
    )
    result = run("time_logs", manager, text)

    assert result.blocked
    where = {(e.row, e.column) for e in result.errors}
    assert {(3, "hours"), (3, "activity"), (4, "supplier")} <= where
    assert not TimeLog.objects.exists()


def test_imports_are_for_managers_like_every_import(buyer, viewer, supplier_a):
    text = f"external_id,kind,amount,realised_on\nERP-A,other,5,{days_ago(1)}\n"
    for user in (buyer, viewer):
        with pytest.raises(PermissionDenied):
            run("benefits", user, text)
    assert not Benefit.objects.exists()


def test_benefits_and_costs_import(manager, supplier_a):
    benefits = run(
        "benefits",
        manager,
        (
            "external_id,kind,amount,currency,realised_on,note\n"
            f"ERP-A,rework_avoided,1200.50,EUR,{days_ago(10)},8D closed\n"
        ),
    )
    costs = run(
        "cost_entries",
        manager,
        (
            "external_id,kind,amount,year,reference\nERP-A,logistics,800,2026,C-1\n"
            "ERP-A,switching,100,1800,C-2\n"
        ),
    )

    assert benefits.created == 1
    assert Benefit.objects.get().amount == Decimal("1200.50")
    assert costs.blocked and costs.errors[0].column == "year"
    assert not CostEntry.objects.exists()


def test_savings_and_payouts_import_and_verify(manager, agreement):
    savings = (
        "agreement_id,period,amount,evidence,verified,third_party\n"
        f"{agreement.pk},{days_ago(200)},1000,Scrap report,yes,Audit AG\n"
        f"{agreement.pk},{days_ago(100)},-50,Scrap report,no,\n"
    )
    first = run("gainshare_savings", manager, savings)
    again = run("gainshare_savings", manager, savings)
    payouts = (
        "agreement_id,period,amount,paid_on,reference\n"
        f"{agreement.pk},{days_ago(200)},400,{days_ago(5)},P-1\n"
    )
    paid = run("gainshare_payouts", manager, payouts)
    paid_again = run("gainshare_payouts", manager, payouts)

    assert first.created == 2, first.errors
    assert again.unchanged == 2
    assert SavingsEntry.objects.filter(verified_at__isnull=False).count() == 1
    assert (paid.created, paid_again.unchanged) == (1, 1)
    assert Payout.objects.count() == 1
    assert services.ledger_of(agreement).ledger.balance == Decimal("0.00")


def test_a_saving_of_an_agreement_needing_a_third_party_names_it(manager, agreement):
    result = run(
        "gainshare_savings",
        manager,
        (
            f"agreement_id,period,amount,evidence,verified\n{agreement.pk},{days_ago(100)},10,x,yes\n"
            f"999999,{days_ago(100)},10,x,no\n"
        ),
    )

    assert result.blocked
    assert {(e.row, e.column) for e in result.errors} == {(2, "third_party"), (3, "agreement_id")}
    assert not SavingsEntry.objects.exists()


def test_a_viewer_cannot_import(viewer):
    with pytest.raises(PermissionDenied):
        run("time_logs", viewer, "external_id,day,hours,activity\n")
