from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerbook.economics import services
from partnerbook.economics.models import Benefit, SavingsEntry, TimeLog

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def test_the_portfolio_page_shows_totals_and_explanations(login, viewer, calls, supplier_a):
    response = login(viewer).get(reverse("economics:portfolio"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Calls: 4 calls × 0.5 h = 2 h" in text
    assert f'id="roi-{supplier_a.pk}"' in text
    assert "-100.0 %" in text  # effort, no benefit


def test_the_portfolio_page_refuses_a_bad_year_with_the_field_named(login, viewer):
    response = login(viewer).get(reverse("economics:portfolio"), {"year": "abc"})

    assert response.status_code == 400
    assert 'id="error-year"' in response.content.decode()


def test_the_portfolio_sorts_by_any_column(login, viewer, calls):
    for sort in ("name", "-roi", "roi", "hours", "-benefits", "bogus"):
        assert login(viewer).get(reverse("economics:portfolio"), {"sort": sort}).status_code in (
            200,
            400,
        )


def test_the_portfolio_exports_csv(login, viewer, calls):
    response = login(viewer).get(reverse("economics:export"), {"format": "csv"})

    assert response.status_code == 200
    assert b"Alpha Packaging" in response.content
    assert b"Portfolio" in response.content


def test_a_viewer_reads_the_tab_but_sees_no_forms(login, viewer, supplier_a):
    response = login(viewer).get(reverse("economics:supplier", args=[supplier_a.pk]))

    assert response.status_code == 200
    assert 'id="time-form"' not in response.content.decode()


def test_a_viewer_cannot_log_time(login, viewer, supplier_a):
    url = reverse("economics:add", args=[supplier_a.pk, "time"])
    response = login(viewer).post(
        url, {"time-day": "2026-01-02", "time-hours": "1", "time-activity": "other"}
    )

    assert response.status_code == 403
    assert not TimeLog.objects.exists()


def test_the_owner_logs_time_from_the_tab(login, buyer, supplier_a):
    url = reverse("economics:add", args=[supplier_a.pk, "time"])
    response = login(buyer).post(
        url, {"time-day": days_ago(1).isoformat(), "time-hours": "1.5", "time-activity": "travel"}
    )

    assert response.status_code == 302
    assert TimeLog.objects.get().hours == Decimal("1.50")


def test_a_buyer_cannot_add_to_another_buyers_supplier(login, buyer, supplier_b):
    url = reverse("economics:add", args=[supplier_b.pk, "benefit"])
    response = login(buyer).post(
        url,
        {
            "benefit-kind": "other",
            "benefit-amount": "5",
            "benefit-currency": "EUR",
            "benefit-realised_on": "2026-01-01",
        },
    )

    assert response.status_code == 403
    assert not Benefit.objects.exists()


def test_bad_input_on_the_tab_shows_field_errors(login, buyer, supplier_a):
    url = reverse("economics:add", args=[supplier_a.pk, "time"])
    response = login(buyer).post(
        url, {"time-day": days_ago(-5).isoformat(), "time-hours": "30", "time-activity": "x"}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="error-time-hours"' in text
    assert 'id="error-time-activity"' in text


def test_a_future_day_is_refused_beside_the_field(login, buyer, supplier_a):
    url = reverse("economics:add", args=[supplier_a.pk, "time"])
    response = login(buyer).post(
        url, {"time-day": days_ago(-5).isoformat(), "time-hours": "3", "time-activity": "other"}
    )

    assert response.status_code == 400
    assert 'id="error-time-day"' in response.content.decode()


def test_an_agreement_is_recorded_from_the_tab(login, buyer, supplier_a):
    url = reverse("economics:add", args=[supplier_a.pk, "agreement"])
    response = login(buyer).post(
        url,
        {
            "agreement-title": "Less scrap",
            "agreement-baseline": "2025 scrap",
            "agreement-baseline_amount": "1000",
            "agreement-currency": "EUR",
            "agreement-period_kind": "quarter",
            "agreement-supplier_saving_pct": "40",
            "agreement-supplier_overrun_pct": "50",
            "agreement-our_overrun_pct": "50",
            "agreement-starts_on": days_ago(200).isoformat(),
        },
    )

    assert response.status_code == 302
    assert "/economics/agreements/" in response.url


def test_the_agreement_flow_saving_verify_payout_statement(login, manager, buyer, agreement):
    page = reverse("economics:agreement", args=[agreement.pk])
    owner = login(buyer)
    response = owner.post(
        reverse("economics:saving", args=[agreement.pk]),
        {
            "saving-period": days_ago(120).isoformat(),
            "saving-amount": "1000",
            "saving-evidence": "Scrap report Q2",
        },
    )
    assert response.status_code == 302
    entry = SavingsEntry.objects.get()

    refused = owner.post(reverse("economics:verify", args=[entry.pk]), {"verify-third_party": "X"})
    assert refused.status_code == 403

    boss = login(manager)
    missing = boss.post(reverse("economics:verify", args=[entry.pk]), {"verify-third_party": ""})
    assert missing.status_code == 400
    assert 'id="error-verify-third_party"' in missing.content.decode()
    ok = boss.post(reverse("economics:verify", args=[entry.pk]), {"verify-third_party": "Audit AG"})
    assert ok.status_code == 302

    paid = boss.post(
        reverse("economics:payout", args=[agreement.pk]),
        {
            "payout-period": days_ago(120).isoformat(),
            "payout-amount": "300",
            "payout-paid_on": days_ago(2).isoformat(),
            "payout-reference": "PAY-9",
        },
    )
    assert paid.status_code == 302

    text = boss.get(page).content.decode()
    assert 'id="balance">100.00<' in text
    statement = boss.get(reverse("economics:statement", args=[agreement.pk]))
    assert statement.status_code == 200
    assert 'id="print-button"' in statement.content.decode()
    xlsx = boss.get(reverse("economics:statement", args=[agreement.pk]), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_buyer_cannot_record_a_payout(login, buyer, agreement):
    response = login(buyer).post(
        reverse("economics:payout", args=[agreement.pk]),
        {
            "payout-period": "2026-01-01",
            "payout-amount": "1",
            "payout-paid_on": "2026-01-02",
            "payout-reference": "P",
        },
    )

    assert response.status_code == 403


def test_a_statement_with_an_inverted_range_is_refused(login, viewer, agreement):
    url = reverse("economics:statement", args=[agreement.pk])
    assert login(viewer).get(url, {"start": "2026-05-01", "end": "2026-01-01"}).status_code == 400


def test_another_buyer_cannot_see_the_agreement_of_a_supplier_they_cannot_see(
    login, portal_user_b, agreement
):
    response = login(portal_user_b).get(reverse("economics:agreement", args=[agreement.pk]))
    assert response.status_code in (403, 404)


def test_the_tco_page_compares_a_category(login, viewer, manager, supplier_a, supplier_b, category):
    services.add_cost(
        manager,
        supplier_a,
        {"kind": "logistics", "amount": "1000", "year": timezone.localdate().year},
    )
    response = login(viewer).get(reverse("economics:tco"), {"category": category.pk})

    assert response.status_code == 200
    assert "Alpha Packaging" in response.content.decode()
    assert login(viewer).get(reverse("economics:tco"), {"category": "x"}).status_code == 400
    assert login(viewer).get(reverse("economics:tco"), {"category": "999999"}).status_code == 404


def test_settings_are_for_administrators(login, admin_user, manager):
    assert login(manager).get(reverse("economics:settings")).status_code == 403
    client = login(admin_user)
    assert client.get(reverse("economics:settings")).status_code == 200
    data = {"hourly_cost": "99"} | {f"hours_{k}": "1" for k in services.domain.EFFORT_SOURCES}
    assert client.post(reverse("economics:settings"), data).status_code == 302
    assert services.get_settings().hourly_cost == Decimal("99.00")
    bad = client.post(reverse("economics:settings"), data | {"hourly_cost": "-3"})
    assert bad.status_code == 400


def test_portal_users_are_refused(login, portal_user_a, supplier_a):
    client = login(portal_user_a)
    for url in (
        reverse("economics:portfolio"),
        reverse("economics:tco"),
        reverse("economics:supplier", args=[supplier_a.pk]),
    ):
        assert client.get(url).status_code in (302, 403, 404)


def test_the_tab_and_the_timeline_show_a_verified_saving(login, manager, agreement, supplier_a):
    entry = services.record_saving(
        manager, agreement, {"period": days_ago(100), "amount": "50", "evidence": "x"}
    )
    services.verify_saving(manager, entry, "Audit AG")

    entries = services.timeline_entries(manager, supplier_a, None, 10)

    assert entries[0].title.startswith("Saving verified by Audit AG")
