"""Portfolio risk and economics in a real browser. A category manager imports a spend file on
the import page and finds the concentration-cap alert it raises in the alerts inbox. She
puts a qualified backup on the reserve list from the supplier's Risk tab, which clears the
no-backup alert. She records a gain-share saving, verifies it and records a payout on the
agreement page. Then she runs a portfolio review for three suppliers, decides each one,
closes the round and downloads its report.

Screenshots land in test-output/screenshots/portfolio-journey-*.png."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.alerts.models import Alert
from partnerbook.economics import services as economics
from partnerbook.economics.models import Payout, SavingsEntry
from partnerbook.portfolio.models import ReviewDecision, ReviewRound
from partnerbook.risk.models import Backup, SpendLine
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.models import Supplier
from tests.factories import CategoryFactory, UserFactory

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest explains the skip or the CI failure
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

BIG, SMALL, SPARE = "Vesterhav Castings", "Oderbruch Guss", "Ribe Foundry"


def _months_back(n: int) -> dt.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return day


def test_spend_backups_gain_share_and_a_review_round(page, sign_in, screenshot, tmp_path):
    maria = UserFactory(username="maria", first_name="Maria", last_name="Lund",
                        role=Role.MANAGER)  # fmt: skip
    castings = CategoryFactory(name="Castings")
    made = {
        name: supplier_services.create_supplier(
            maria,
            {
                "name": name,
                "category": castings,
                "status": status,
                "relationship_owner": maria,
                "currency": "EUR",
            },
        )  # fmt: skip
        for name, status in ((BIG, "active"), (SMALL, "active"), (SPARE, "vetting"))
    }
    agreement = economics.create_agreement(
        maria, made[BIG],
        {"title": "Less scrap on housings", "baseline": "Scrap cost of the housing line",
         "baseline_amount": Decimal("50000"), "period_kind": "quarter",
         "supplier_saving_pct": Decimal("40"), "supplier_overrun_pct": Decimal("50"),
         "starts_on": _months_back(12)},
    )  # fmt: skip

    # 1. Import a spend file: Vesterhav holds about 90 % of the category.
    spend = tmp_path / "spend.csv"
    rows = ["supplier,category,period,amount,currency"]
    for n in range(1, 4):
        month = _months_back(n).isoformat()
        rows += [f"{BIG},Castings,{month},90000.00,EUR", f"{SMALL},Castings,{month},10000.00,EUR"]
    spend.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sign_in(maria)
    page.goto("/suppliers/import/")
    page.locator("#import-kind input[value=spend]").check()
    page.set_input_files("input[type=file]", str(spend))
    page.get_by_role("button", name="Upload and import").click()
    # The result section appears only once the import has run, with its own count.
    expect(page.locator("#import-result")).to_contain_text("6 created")
    screenshot(page, "portfolio-journey-1-import")
    assert SpendLine.objects.count() == 6
    assert Supplier.objects.get(name=BIG).annual_spend == Decimal("270000.00")

    # 2. The cap alert (and the no-backup alert: above the cap is critical supply) are in the
    # inbox, with their evidence.
    page.goto("/alerts/")
    inbox = page.locator("main")
    expect(inbox).to_contain_text(re.compile(rf"{BIG} holds 90(\.0)? % of"))
    expect(inbox).to_contain_text(f"{BIG}: critical supply without a qualified backup")
    screenshot(page, "portfolio-journey-2-alerts")
    open_kinds = set(Alert.objects.filter(status="open").values_list("kind", flat=True))
    assert {"risk.concentration", "risk.no_backup"} <= open_kinds

    # 3. A qualified backup from the supplier's Risk tab clears the no-backup alert.
    page.goto(f"/risk/supplier/{made[BIG].pk}/")
    expect(page.locator("#shares")).to_contain_text("above the")
    page.locator("summary", has_text="Add a backup").click()
    form = page.locator("#backup-form")
    form.locator("select[name=backup_supplier]").select_option(label=SPARE)
    form.locator("select[name=status]").select_option("qualified")
    form.locator("textarea[name=evidence]").fill("First article inspection passed in March.")
    form.get_by_role("button", name="Add to the reserve list").click()
    expect(page.locator("main")).to_contain_text(SPARE)
    screenshot(page, "portfolio-journey-3-backup")
    backup = Backup.objects.get(supplier=made[BIG])
    assert backup.backup_supplier.name == SPARE and backup.status == "qualified"
    assert not Alert.objects.filter(kind="risk.no_backup", status="open").exists()
    assert Alert.objects.filter(kind="risk.concentration", status="open").exists()

    # 4. A gain-share saving, verified, then the supplier's share paid out.
    page.goto(f"/economics/agreements/{agreement.pk}/")
    page.locator("summary", has_text="Record a saving or overrun").click()
    saving = page.locator("#saving-form")
    saving.locator("input[name=saving-period]").fill(_months_back(3).isoformat())
    saving.locator("input[name=saving-amount]").fill("6000.00")
    saving.locator("textarea[name=saving-evidence]").fill("Scrap report Q3: 12 % less waste.")
    saving.get_by_role("button", name="Record it").click()
    page.locator(".verify-form input[name=verify-third_party]").fill("Nordprüf Audit GmbH")
    page.locator(".verify-form").get_by_role("button", name="Verify").click()
    expect(page.locator("#ledger")).to_contain_text("2,400")
    page.locator("summary", has_text="Record a payout").click()
    payout = page.locator("#payout-form")
    payout.locator("input[name=payout-period]").fill(_months_back(3).isoformat())
    payout.locator("input[name=payout-amount]").fill("2400.00")
    payout.locator("input[name=payout-paid_on]").fill(timezone.localdate().isoformat())
    payout.locator("input[name=payout-reference]").fill("PAY-7781")
    payout.get_by_role("button", name="Record the payout").click()
    expect(page.locator("#ledger")).to_contain_text("paid 2,400.00 EUR")
    screenshot(page, "portfolio-journey-4-gain-share")
    entry = SavingsEntry.objects.get(agreement=agreement)
    assert entry.verified_by == maria and entry.third_party == "Nordprüf Audit GmbH"
    assert Payout.objects.get(agreement=agreement).amount == Decimal("2400.00")

    # 5. A portfolio review of the three suppliers: decide each, close, export.
    page.goto("/portfolio/review/")
    start = page.locator("#start-round")
    start.locator("input[name=title]").fill("Castings review")
    start.locator("input[name=scope_kind][value=suppliers]").check()
    start.locator("select[name=suppliers]").select_option(
        [str(made[name].pk) for name in (BIG, SMALL, SPARE)]
    )
    start.get_by_role("button", name="Start the round").click()
    expect(page.get_by_role("heading", name="Castings review")).to_be_visible()
    decisions = {BIG: "invest", SMALL: "maintain", SPARE: "phase_out"}
    for name, decision in decisions.items():
        row = page.locator(f"#row-{made[name].pk}")
        row.locator("select[name=decision]").select_option(decision)
        row.locator("textarea[name=reason]").fill(f"{name}: decided in the castings review.")
        row.get_by_role("button", name="Save").click()
        expect(page.locator(f"#row-{made[name].pk}")).to_contain_text("decided in the castings")
    expect(page.locator("main")).to_contain_text("3 of 3")
    screenshot(page, "portfolio-journey-5-review")
    page.locator("#close-round").get_by_role("button").click()
    expect(page.locator("main")).to_contain_text("Closed")
    round_ = ReviewRound.objects.get(title="Castings review")
    assert round_.status == "closed"
    saved = dict(
        ReviewDecision.objects.filter(round=round_).values_list("supplier__name", "decision")
    )
    assert saved == decisions
    with page.expect_download() as download:
        page.get_by_role("button", name="XLSX", exact=True).click()
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert {BIG, SMALL, SPARE} <= cells
