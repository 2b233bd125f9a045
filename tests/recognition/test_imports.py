"""Importing and exporting referrals and wins: row, column and reason for each problem,
nothing changed when a row fails, re-imports change nothing, and the export reads back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerbook.core import registry
from partnerbook.recognition import exports, imports, services
from partnerbook.recognition.models import Referral, Win
from partnerbook.relationship.models import TrustEntry

pytestmark = pytest.mark.django_db


def run(runner, user, text, **options):
    return runner(user, text.encode(), "file.csv", **options)


def errors(result):
    return [(e.row, e.column) for e in result.errors]


def test_both_kinds_are_registered():
    assert registry.import_kind("referrals").run is imports.import_referrals
    assert registry.import_kind("wins").run is imports.import_wins


def test_only_editors_may_import(buyer):
    with pytest.raises(PermissionDenied):
        run(imports.import_wins, buyer, "supplier,title,story\nAlpha Packaging,x,y\n")


REFERRALS = (
    "referring_external_id,company_name,received_on,status,reward_status,reward_amount,"
    "reward_currency,paid_on,category\n"
    "ERP-A,Gamma Films,2026-01-10,vetting,promised,250,EUR,,Packaging\n"
    "ERP-B,Delta Print,2026-02-01,onboarded,paid,100,EUR,2026-03-01,\n"
)


def test_referrals_import_and_a_second_import_changes_nothing(manager, supplier_a, supplier_b):
    first = run(imports.import_referrals, manager, REFERRALS)
    assert first.applied and first.created == 2, first.errors
    gamma = Referral.objects.get(company_name="Gamma Films")
    assert gamma.status == "vetting" and gamma.category.name == "Packaging"
    again = run(imports.import_referrals, manager, REFERRALS)
    assert again.unchanged == 2 and Referral.objects.count() == 2


def test_a_bad_referral_row_is_reported_and_nothing_is_saved(manager, supplier_a):
    text = (
        "referring_supplier,referred_supplier,company_name,status,reward_status,received_on\n"
        "Alpha Packaging,,Fine Co,received,none,2026-01-01\n"
        "Nobody Ltd,,X,received,none,2026-01-01\n"
        "Alpha Packaging,,,lost,paid,someday\n"
        "Alpha Packaging,Alpha Packaging,,received,none,\n"
    )
    result = run(imports.import_referrals, manager, text)
    assert result.blocked and not Referral.objects.exists()
    found = errors(result)
    assert (3, "referring_supplier") in found
    assert {(4, "status"), (4, "received_on"), (4, "paid_on")} <= set(found)
    assert (5, "referred_supplier") in found
    partial = run(imports.import_referrals, manager, text, valid_only=True)
    assert partial.created == 1 and Referral.objects.get().company_name == "Fine Co"


def test_an_import_row_with_an_id_moves_the_referral_when_it_may(manager, referral):
    text = (
        f"id,referring_external_id,company_name,status\n{referral.pk},ERP-A,Gamma Films,vetting\n"
    )
    result = run(imports.import_referrals, manager, text)
    assert result.updated == 1, result.errors
    referral.refresh_from_db()
    assert referral.status == "vetting"
    back = (
        f"id,referring_external_id,company_name,status\n{referral.pk},ERP-A,Gamma Films,received\n"
    )
    refused = run(imports.import_referrals, manager, back)
    assert (2, "status") in errors(refused)


WINS = (
    "external_id,title,story,happened_on,published,impact_amount,impact_currency,trust_points\n"
    "ERP-A,Saved the launch,Tooling reworked.,2026-01-15,yes,1200,EUR,5\n"
)


def test_wins_import_with_one_deposit_each_and_reimport_adds_none(manager, supplier_a):
    first = run(imports.import_wins, manager, WINS)
    assert first.created == 1, first.errors
    win = Win.objects.get()
    assert win.published and win.trust_entry.points == 5
    again = run(imports.import_wins, manager, WINS)
    assert again.unchanged == 1
    changed = run(imports.import_wins, manager, WINS.replace("Tooling reworked.", "New words."))
    assert changed.updated == 1
    assert TrustEntry.objects.count() == 1


def test_a_bad_win_row_is_reported(manager, supplier_a):
    text = (
        "supplier,title,story,happened_on,published,impact_amount,trust_points\n"
        "Alpha Packaging,,x,2999-01-01,maybe,12,0\n"
    )
    result = run(imports.import_wins, manager, text)
    assert set(errors(result)) >= {(2, "title"), (2, "happened_on"), (2, "published"),
                                   (2, "impact_currency"), (2, "trust_points")}  # fmt: skip
    assert not Win.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_import_back_unchanged(manager, buyer, referral, win, fmt):
    services.record_referral(buyer, referral.referring_supplier, {
        "company_name": "Paid Co", "reward_status": "paid", "reward_amount": "99.50",
        "reward_currency": "EUR", "paid_on": referral.received_on,
    })  # fmt: skip
    for export, runner in ((exports.export_referrals, imports.import_referrals),
                           (exports.export_wins, imports.import_wins)):  # fmt: skip
        file = export(manager, {}, fmt)
        result = runner(manager, file.content, f"file.{fmt}")
        assert result.applied and result.created == 0 and result.updated == 0, result.errors
        assert result.unchanged == file.rows
    assert TrustEntry.objects.count() == 1


def test_the_export_pages_download_files(login, viewer, referral, win):
    client = login(viewer)
    csv = client.get(reverse("recognition:referral_export"), {"format": "csv"})
    assert csv.status_code == 200 and b"Gamma Films" in csv.content
    xlsx = client.get(reverse("recognition:win_export"), {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("recognition:win_export"), {"format": "pdf"}).status_code == 404


def test_the_import_page_explains_both_kinds(login, manager):
    page = login(manager).get(reverse("suppliers:import")).content.decode()
    assert 'id="referrals-columns"' in page and 'id="wins-columns"' in page
